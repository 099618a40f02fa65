import torch
from torch import nn

layer = nn.Linear(2, 1)
weight = layer.weight
# 与 layer.to(torch.float64) 相同
layer.double()
print(
    "dtype:", layer.weight.dtype,
    " is_leaf:", layer.weight.is_leaf,
    " grad_fn:", layer.weight.grad_fn,
)
print(
    "还是原来那个参数:", layer.weight is weight,
    " 类型:", type(layer.weight).__name__,
)

x = torch.ones(4, 2, dtype=torch.float64)
layer(x).sum().backward()
print("weight.grad:", layer.weight.grad)
