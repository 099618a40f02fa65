import torch
from torch import nn

torch.manual_seed(0)
layer = nn.Linear(3, 2)  # 输入 3 个，输出 2 个
x = torch.randn(4, 3)  # 4 个样本
W, b = layer.weight, layer.bias
print("W:", tuple(W.shape), " b:", tuple(b.shape))
print("layer(x):", tuple(layer(x).shape))
same = torch.allclose(layer(x), x @ W.t() + b)
print("layer(x) 在浮点误差内等于 x @ W.t() + b:", same)
