import torch
from torch import nn


class Scale(nn.Module):
    def __init__(self):
        super().__init__()
        # 普通属性
        self.w = torch.ones(3, requires_grad=True)
        # 参数
        self.p = nn.Parameter(torch.ones(3))

    def forward(self, x):
        return x * self.w * self.p


model = Scale()
names = [name for name, _ in model.named_parameters()]
print("parameters() 里有:", names)
print("state_dict() 里有:", list(model.state_dict()))

optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
model(torch.ones(3)).sum().backward()
optimizer.step()
w, p = model.w.detach(), model.p.detach()
print("w.grad:", model.w.grad, " w:", w)
print("p.grad:", model.p.grad, " p:", p)

model.to(torch.float64)
print("to(float64) 之后:", model.w.dtype, model.p.dtype)
