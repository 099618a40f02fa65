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

before = model.weight.detach().clone()
optimizer.step()                        # 忘了 backward() 就 step：不报错，.grad 为 None 的参数被跳过
print("step() 之后参数变了吗:", not torch.equal(model.weight, before))
