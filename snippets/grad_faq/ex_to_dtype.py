import torch

w = torch.zeros(3, requires_grad=True).to(torch.float64)
print(
    "w.is_leaf:", w.is_leaf,
    " grad_fn:", w.grad_fn.name(),
)
try:
    torch.optim.SGD([w], lr=0.1)
except ValueError as err:
    print("交给优化器:", err)

# 一开始就用要的 dtype 创建
w = torch.zeros(3, dtype=torch.float64, requires_grad=True)
optimizer = torch.optim.SGD([w], lr=0.1)
accepted = len(optimizer.param_groups[0]["params"]) == 1
print(
    "w.is_leaf:", w.is_leaf,
    " 优化器接受了它:", accepted,
)
