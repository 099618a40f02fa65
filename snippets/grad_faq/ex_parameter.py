import torch
from torch import nn


class Scale(nn.Module):
    def __init__(self):
        super().__init__()
        # 改成参数（原来是普通张量属性）
        self.scale = nn.Parameter(torch.ones(1))

    def forward(self, x):
        return x * self.scale


model = Scale()
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
model(torch.ones(3)).sum().backward()
optimizer.step()
print("parameters() 里有:", [n for n, _ in model.named_parameters()])
print("一步之后 scale:", model.scale.detach())
