import torch
from torch import nn

torch.manual_seed(0)
model = nn.Linear(3, 1)
model.eval()
loss = model(torch.randn(4, 3)).pow(2).mean()
loss.backward()
print("eval() 之后 weight.grad:", model.weight.grad)
