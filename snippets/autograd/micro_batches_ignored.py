import torch
from torch import nn

torch.manual_seed(0)
X = torch.randn(8, 3)
# -100：这个样本没有标签，不计入 loss
labels = torch.tensor([0, 2, -100, 1, 1, -100, 2, -100])
model = nn.Linear(3, 3)
# 默认 ignore_index=-100：对有标签的样本平均
mean_loss = nn.CrossEntropyLoss()
sum_loss = nn.CrossEntropyLoss(reduction="sum")


def grads():
    return [p.grad.clone() for p in model.parameters()]


def close(a, b):
    return all(map(torch.allclose, a, b))


# 整个批量：5 个有标签的样本取平均
model.zero_grad()
mean_loss(model(X), labels).backward()
whole = grads()

pieces = list(zip(X.chunk(4), labels.chunk(4)))
valid = [int((y != -100).sum()) for _, y in pieces]
print("各微批量里有标签的样本数:", valid)

model.zero_grad()
for xb, yb in pieces:
    (mean_loss(model(xb), yb) * len(xb) / len(X)).backward()
print("按样本数占比加权，相同吗:", close(grads(), whole))

# 整个批量里有标签的样本数：5
count = (labels != -100).sum()
model.zero_grad()
for xb, yb in pieces:
    (sum_loss(model(xb), yb) / count).backward()
print("求和再除以 5，相同吗:", close(grads(), whole))
