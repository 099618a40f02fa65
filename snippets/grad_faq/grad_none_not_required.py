import torch

x = torch.tensor([1.0, 2.0, 3.0])
# 原因 1：忘了设 requires_grad=True
w = torch.tensor([0.5, -1.0, 2.0])
b = torch.tensor(1.0, requires_grad=True)
loss = (x * w).sum() + b
# 原因 2：还没有 backward()
print("backward 之前 b.grad:", b.grad)
loss.backward()
print("w.grad:", w.grad, " b.grad:", b.grad)
optimizer = torch.optim.SGD([b], lr=0.1)
# zero_grad() 默认把 .grad 设回 None
optimizer.zero_grad()
print("zero_grad() 之后 b.grad:", b.grad)

# 修正：设为需要梯度，再算一次 loss
w.requires_grad_()
loss = (x * w).sum() + b
loss.backward()
print("修正后 w.grad:", w.grad, " b.grad:", b.grad)
