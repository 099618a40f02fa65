import torch
from torch import nn

w = torch.tensor([2.0], requires_grad=True)
x = torch.tensor([3.0])
y_true = torch.tensor([7.0])
y_pred = w * x

print("w 的形状:", w.shape)
print("0 维张量的形状:", torch.tensor(2.0).shape)

loss = (y_pred - y_true) ** 2
mse = nn.MSELoss()(y_pred, y_true)
print("原文的 loss:", loss.item())
print("nn.MSELoss:", mse.item())

print("(2*3 - 7)^2 =", (2 * 3 - 7) ^ 2)
print("(2*3 - 7)**2 =", (2 * 3 - 7) ** 2)
