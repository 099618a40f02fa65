import torch

w = torch.tensor([2.0], requires_grad=True)  # 叶子张量：由用户直接创建
x = torch.tensor([3.0])
y_pred = w * x                               # 非叶子张量：由运算得到
loss = (y_pred - 7.0) ** 2
loss.backward()

print("y_pred.requires_grad:", y_pred.requires_grad)
print("w.is_leaf:", w.is_leaf, " y_pred.is_leaf:", y_pred.is_leaf)
print("w.grad:", w.grad)
print("y_pred.grad:", y_pred.grad)  # 非叶子张量的 .grad 默认不保存，这里会发出警告
