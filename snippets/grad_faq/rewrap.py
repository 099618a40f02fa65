import torch
from torch import nn

torch.manual_seed(0)
model = nn.Linear(3, 1)
x = torch.randn(4, 3)
params = list(model.parameters())

# 原因 8：取出数值再包装成新张量
loss = model(x).pow(2).mean()
loss = torch.tensor(loss.item(), requires_grad=True)
loss.backward()
print("item() 之后:", [p.grad for p in params])

# 经过 NumPy 算一遍再包装回来
pred = model(x).detach().numpy()
loss = torch.tensor((pred**2).mean(), requires_grad=True)
loss.backward()
print("NumPy 往返之后:", [p.grad for p in params])
print("新的 loss 是叶子:", loss.is_leaf)

# 修正：全程用张量运算，item() 只用来打印
loss = model(x).pow(2).mean()
loss.backward()
print("loss:", round(loss.item(), 4))
print("weight.grad:", model.weight.grad)
