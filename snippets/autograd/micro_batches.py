import torch
from torch import nn

torch.manual_seed(0)
X, Y = torch.randn(8, 3), torch.randn(8, 1)
# 默认 reduction="mean"：对所有元素求平均
criterion = nn.MSELoss()
model = nn.Linear(3, 1)


def grads():
    return [p.grad.clone() for p in model.parameters()]


def whole():
    """一次算完整个批量（8 个样本）。"""
    model.zero_grad()
    criterion(model(X), Y).backward()
    return grads()


def accumulated(n):
    """拆成 n 个微批量，梯度在 .grad 里累加。"""
    model.zero_grad()
    for xb, yb in zip(X.chunk(n), Y.chunk(n)):
        share = len(xb) / len(X)
        (criterion(model(xb), yb) * share).backward()
    return grads()


def close(a, b):
    return all(map(torch.allclose, a, b))


print("与一次算完相比，在浮点误差内相同吗？")
print("4 个微批量（各 2 个样本）:", close(accumulated(4), whole()))
print("3 个微批量（3、3、2 个样本）:", close(accumulated(3), whole()))
