import torch

x = torch.tensor([1.0, 2.0, 3.0])
w = torch.tensor([0.5, -1.0, 2.0], requires_grad=True)
b = torch.tensor(1.0, requires_grad=True)

# 原因 5：loss 里没有用到 b
(x * w).sum().backward()
print("没用到的 b.grad:", b.grad)

# 原因 6：detach() 把 w 从图里切了出去
w.grad = None
((x * w.detach()).sum() + b).backward()
print("detach 之后 w.grad:", w.grad, " b.grad:", b.grad)

# 原因 7：前向计算在 no_grad 里
with torch.no_grad():
    loss = (x * w).sum() + b
try:
    loss.backward()
except RuntimeError as err:
    print("no_grad 里算的 loss:", err)

# 修正：用到每个参数，不 detach，不在 no_grad 里
w.grad, b.grad = None, None
loss = (x * w).sum() + b
loss.backward()
print("修正后 w.grad:", w.grad, " b.grad:", b.grad)
