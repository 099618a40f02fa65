import torch
from torch import nn

torch.manual_seed(0)
model = nn.Linear(3, 1)
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
model(torch.ones(2, 3)).sum().backward()

optimizer.zero_grad(set_to_none=False)  # 把 .grad 原地填 0
print("zero_grad(set_to_none=False) 之后:", model.weight.grad)
optimizer.zero_grad()                   # 默认 set_to_none=True：把 .grad 置为 None
print("zero_grad() 之后:", model.weight.grad)


def moves(make_optimizer, set_to_none, trained_steps):
    """先正常训练几步，再清空梯度，不做 backward() 就 step() 一次：参数还会变吗？"""
    torch.manual_seed(0)
    model = nn.Linear(3, 1)
    optimizer = make_optimizer(model.parameters())
    for _ in range(trained_steps):
        model(torch.ones(2, 3)).sum().backward()
        optimizer.step()
    model(torch.ones(2, 3)).sum().backward()  # 这一步的梯度随即被清空
    optimizer.zero_grad(set_to_none=set_to_none)
    before = model.weight.detach().clone()
    optimizer.step()
    return "变了" if not torch.equal(model.weight, before) else "不变"


optimizers = {
    "SGD": lambda params: torch.optim.SGD(params, lr=0.1),
    "SGD(momentum=0.9)": lambda params: torch.optim.SGD(params, lr=0.1, momentum=0.9),
    "SGD(weight_decay=0.1)": lambda params: torch.optim.SGD(params, lr=0.1, weight_decay=0.1),
    "Adam": lambda params: torch.optim.Adam(params, lr=0.1),
    "AdamW": lambda params: torch.optim.AdamW(params, lr=0.1),  # 默认 weight_decay=0.01
}
print("不做 backward() 就 step()，参数会变吗？")
for name, make in optimizers.items():
    print(f"{name:22} .grad 为 None: {moves(make, True, 1)}  为 0 且是第一步: {moves(make, False, 0)}"
          f"  为 0 且训练过一步: {moves(make, False, 1)}")
