import torch

x = torch.tensor([0.0, 4.0], requires_grad=True)
torch.sqrt(x).sum().backward()
# x = 0 处是 inf
print("sqrt 的梯度 1/(2√x):", x.grad)

x = torch.tensor([0.0, 4.0, -1.0], requires_grad=True)
# 想在 x ≤ 0 处用 0 代替 sqrt(x)
y = torch.where(x > 0, torch.sqrt(x), 0.0)
# sqrt 对每个元素都算了一遍
print("torch.sqrt(x):", torch.sqrt(x))
print("前向结果:", y)
y.sum().backward()
print("梯度:", x.grad)
