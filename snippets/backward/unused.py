import torch
from torch import nn

w = torch.tensor([2.0], requires_grad=True)
unused = torch.tensor([5.0], requires_grad=True)  # 需要梯度，但没有参与计算 loss
h = w * 3.0                                       # 中间结果
loss = (h - 7.0) ** 2
loss.backward()

print("w.grad:", w.grad, " unused.grad:", unused.grad)
print("h.retains_grad（会不会保存 h 的梯度）:", h.retains_grad)

layer = nn.Linear(1, 1)
print("nn.Linear 的参数默认需要梯度:", [p.requires_grad for p in layer.parameters()])
