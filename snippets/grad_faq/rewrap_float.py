import torch
from torch import nn

model = nn.Linear(3, 1)
params = list(model.parameters())
value = float(model(torch.ones(3)))
print("float() 得到:", type(value).__name__)

loss = torch.tensor(value, requires_grad=True)
loss.backward()
print("参数的 .grad:", [p.grad for p in params])
