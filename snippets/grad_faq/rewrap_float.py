import warnings

import torch
from torch import nn

model = nn.Linear(3, 1)
params = list(model.parameters())
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    value = float(model(torch.ones(3)))
print("float() 得到:", type(value).__name__)
text = str(caught[0].message)
print("警告:", text.splitlines()[0])

loss = torch.tensor(value, requires_grad=True)
loss.backward()
print("参数的 .grad:", [p.grad for p in params])
