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


def moves(set_to_none, momentum):
    """正常训练一步后清空梯度，不做 backward() 就再 step() 一次：参数还会变吗？"""
    torch.manual_seed(0)
    model = nn.Linear(3, 1)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=momentum)
    model(torch.ones(2, 3)).sum().backward()
    optimizer.step()
    optimizer.zero_grad(set_to_none=set_to_none)
    before = model.weight.detach().clone()
    optimizer.step()
    return not torch.equal(model.weight, before)


for momentum in (0.0, 0.9):
    print(f"momentum={momentum}: .grad 为 None 时参数变了吗 {moves(True, momentum)}，.grad 为 0 时 {moves(False, momentum)}")
