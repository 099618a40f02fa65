import torch
from torch import nn

w = torch.tensor([2.0], requires_grad=True)
x = torch.tensor([3.0])
y_true = torch.tensor([7.0])
y_pred = w * x

print("w 的形状:", w.shape, " 0 维张量的形状:", torch.tensor(2.0).shape)

loss = (y_pred - y_true) ** 2
mse = nn.MSELoss()(y_pred, y_true)  # 默认 reduction="mean"：对每个元素的平方误差求平均，不除以 2
print("原文的 loss:", loss.item(), " nn.MSELoss:", mse.item())

half = 0.5 * (y_pred - y_true) ** 2  # 乘 1/2 的写法：求导时正好消掉平方带来的 2
half.backward()
print("乘 1/2 之后 w.grad:", w.grad)  # (wx - y) * x = -3

print("Python 里 (2*3 - 7)^2 =", (2 * 3 - 7) ^ 2, "  (2*3 - 7)**2 =", (2 * 3 - 7) ** 2)
