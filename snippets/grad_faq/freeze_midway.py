import torch
from torch import nn

torch.manual_seed(0)
model = nn.Linear(2, 1)
optimizer = torch.optim.SGD(
    model.parameters(), lr=0.1, momentum=0.9
)
x = torch.randn(8, 2)


def train_step(set_to_none):
    optimizer.zero_grad(set_to_none=set_to_none)
    model(x).pow(2).mean().backward()
    optimizer.step()


train_step(True)
# 训练中途冻结
model.weight.requires_grad_(False)

for set_to_none in (False, True):
    before = model.weight.detach().clone()
    train_step(set_to_none)
    moved = not torch.equal(model.weight, before)
    print(
        f"set_to_none={set_to_none!s:5}",
        f"weight.grad={model.weight.grad}",
        f"weight 变了={moved}",
    )
