import torch
from torch import nn

torch.manual_seed(0)
X, Y = torch.randn(8, 3), torch.randn(8, 1)
criterion = nn.MSELoss()  # 默认 reduction="mean"：对所有元素的平方误差求平均


def whole(model):
    """一次算完整个批量（8 个样本）的梯度。"""
    model.zero_grad()
    criterion(model(X), Y).backward()
    return [p.grad.clone() for p in model.parameters()]


def accumulated(model, pieces):
    """梯度累积：拆成 pieces 个微批量依次 backward，每个 loss 乘以它的样本数占比，梯度在 .grad 里累加。"""
    model.zero_grad()
    for xb, yb in zip(X.chunk(pieces), Y.chunk(pieces)):
        (criterion(model(xb), yb) * len(xb) / len(X)).backward()
    return [p.grad.clone() for p in model.parameters()]


def close(a, b):
    return all(torch.allclose(g, h) for g, h in zip(a, b))


linear = nn.Linear(3, 1)
print("4 个微批量（各 2 个样本），在浮点误差内相同:", close(accumulated(linear, 4), whole(linear)))
print("3 个微批量（3、3、2 个样本），在浮点误差内相同:", close(accumulated(linear, 3), whole(linear)))

with_bn = nn.Sequential(nn.Linear(3, 4), nn.BatchNorm1d(4), nn.Linear(4, 1))  # 训练模式
print("模型里有 BatchNorm 时，在浮点误差内相同吗:", close(accumulated(with_bn, 4), whole(with_bn)))

with_dropout = nn.Sequential(nn.Linear(3, 4), nn.Dropout(0.5), nn.Linear(4, 1))
print("有 Dropout 时，整个批量算两次，两次在浮点误差内相同吗:", close(whole(with_dropout), whole(with_dropout)))
torch.manual_seed(1)
first = whole(with_dropout)
torch.manual_seed(1)
print("同一个随机种子下，整个批量算两次，在浮点误差内相同吗:", close(first, whole(with_dropout)))
