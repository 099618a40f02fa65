import torch

# 叶子张量：由用户直接创建
w = torch.tensor([2.0], requires_grad=True)
x = torch.tensor([3.0])
# 非叶子张量：由运算得到
y_pred = w * x
loss = (y_pred - 7.0) ** 2
loss.backward()

print("y_pred.requires_grad:", y_pred.requires_grad)
print("w.is_leaf:", w.is_leaf)
print("y_pred.is_leaf:", y_pred.is_leaf)
print("w.grad:", w.grad)
# 非叶子张量的 .grad 默认不保存：发出警告
print("y_pred.grad:", y_pred.grad)
