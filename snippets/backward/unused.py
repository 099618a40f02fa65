import torch
from torch import nn

w = torch.tensor([2.0], requires_grad=True)
# 需要梯度，但不参与计算 loss
unused = torch.tensor([5.0], requires_grad=True)
h = w * 3.0  # 中间结果
loss = (h - 7.0) ** 2
loss.backward()
print("w.grad:", w.grad)
print("unused.grad:", unused.grad)
print("h.retains_grad:", h.retains_grad)

# 这次 w 不参与：w.grad 保持原样
(unused * 2.0).sum().backward()
print("w.grad:", w.grad)
print("unused.grad:", unused.grad)

layer = nn.Linear(1, 1)
needs = [p.requires_grad for p in layer.parameters()]
print("nn.Linear 的参数需要梯度:", needs)
