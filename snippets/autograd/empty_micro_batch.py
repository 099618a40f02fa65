import torch
from torch import nn

torch.manual_seed(0)
model = nn.Linear(3, 3)
xb = torch.randn(2, 3)
# 一个有标签的样本也没有
yb = torch.tensor([-100, -100])
loss = nn.CrossEntropyLoss()(model(xb), yb)
loss.backward()
print("CrossEntropyLoss:", loss.item())
print("  梯度:", model.bias.grad)

model.zero_grad()
# 自己写的带掩码的平均：掩码全是 0
mask = torch.zeros(2, 3)
err = (model(xb) - 1.0) ** 2
loss = (err * mask).sum() / mask.sum()
loss.backward()
print("自己写的平均:", loss.item())
print("  梯度:", model.bias.grad)
