import torch
from torch import nn

torch.manual_seed(0)
X, Y = torch.randn(8, 3), torch.randn(8, 1)
criterion = nn.MSELoss()


def grads(model):
    return [p.grad.clone() for p in model.parameters()]


def whole(model):
    model.zero_grad()
    criterion(model(X), Y).backward()
    return grads(model)


def accumulated(model, n):
    model.zero_grad()
    for xb, yb in zip(X.chunk(n), Y.chunk(n)):
        share = len(xb) / len(X)
        (criterion(model(xb), yb) * share).backward()
    return grads(model)


def close(a, b):
    return all(map(torch.allclose, a, b))


# 新建的模型处在训练模式
bn = nn.Sequential(
    nn.Linear(3, 4),
    nn.BatchNorm1d(4),
    nn.Linear(4, 1),
)
drop = nn.Sequential(
    nn.Linear(3, 4),
    nn.Dropout(0.5),
    nn.Linear(4, 1),
)
print("在浮点误差内相同吗？")
print("BatchNorm，拆成 4 个微批量与一次算完:")
print("  ", close(accumulated(bn, 4), whole(bn)))
print("Dropout，整个批量算两次:")
print("  ", close(whole(drop), whole(drop)))
torch.manual_seed(1)
first = whole(drop)
torch.manual_seed(1)
print("Dropout，同一个随机种子下算两次:")
print("  ", close(first, whole(drop)))

# 全 1 的输入：置 0 的是 0，其余乘以 2
print(nn.Dropout(0.5)(torch.ones(8)))
