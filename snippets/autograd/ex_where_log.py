import torch

x = torch.tensor([0.0, 1.0, 2.0], requires_grad=True)
# x = 0 处取 0
y = torch.where(x > 0, x * torch.log(x), 0.0)
y.sum().backward()
print("前向结果:", y.detach())
print("梯度:", x.grad)

x.grad = None
# 先换掉 x = 0：log 不在 0 处求导
safe = torch.where(x > 0, x, 1.0)
y = torch.where(x > 0, safe * torch.log(safe), 0.0)
y.sum().backward()
print("前向结果:", y.detach())
print("梯度:", x.grad)
