from functools import partial

import torch
from torch import nn
from torch.optim import SGD, Adam, AdamW


def moves(make, set_to_none, trained):
    """训练 trained 步，清空梯度，不 backward 就 step"""
    torch.manual_seed(0)
    model = nn.Linear(3, 1)
    optimizer = make(model.parameters())
    x = torch.ones(2, 3)
    for _ in range(trained):
        model(x).sum().backward()
        optimizer.step()
    model(x).sum().backward()
    optimizer.zero_grad(set_to_none=set_to_none)
    before = model.weight.detach().clone()
    optimizer.step()
    same = torch.equal(model.weight, before)
    return "不变" if same else "变了"


cases = [
    (SGD, {}),
    (SGD, {"momentum": 0.9}),
    (SGD, {"weight_decay": 0.1}),
    (Adam, {}),
    # AdamW 默认 weight_decay=0.01
    (AdamW, {}),
]
print("参数变了吗？None | 0，第一步 | 0，训练过")
for cls, options in cases:
    make = partial(cls, lr=0.1, **options)
    row = [
        moves(make, True, 1),
        moves(make, False, 0),
        moves(make, False, 1),
    ]
    args = ", ".join(f"{k}={v}" for k, v in options.items())
    print(f"{cls.__name__}({args})".ljust(24), *row)
