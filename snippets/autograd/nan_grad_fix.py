import torch

x = torch.tensor([0.0, 4.0, -1.0], requires_grad=True)
# 先把不用的位置换成 sqrt 可求导的值
safe = torch.where(x > 0, x, 1.0)
y = torch.where(x > 0, torch.sqrt(safe), 0.0)
print("前向结果:", y)
y.sum().backward()
print("梯度:", x.grad)
