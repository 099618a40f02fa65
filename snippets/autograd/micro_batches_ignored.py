import torch
from torch import nn

torch.manual_seed(0)
X = torch.randn(8, 3)
labels = torch.tensor([0, 2, -100, 1, 1, -100, 2, -100])  # -100：这个样本没有标签，不计入 loss
model = nn.Linear(3, 3)
mean_loss = nn.CrossEntropyLoss()  # 默认 ignore_index=-100，只对有标签的样本取平均
sum_loss = nn.CrossEntropyLoss(reduction="sum")


def grads():
    return [p.grad.clone() for p in model.parameters()]


def close(a, b):
    return all(torch.allclose(g, h) for g, h in zip(a, b))


model.zero_grad()
mean_loss(model(X), labels).backward()  # 整个批量：5 个有标签的样本取平均
whole = grads()

model.zero_grad()
for xb, yb in zip(X.chunk(4), labels.chunk(4)):
    print("这个微批量里有标签的样本数:", (yb != -100).sum().item())
    (mean_loss(model(xb), yb) * len(xb) / len(X)).backward()
print("按样本数占比加权，在浮点误差内相同吗:", close(grads(), whole))

count = (labels != -100).sum()  # 整个批量里有标签的样本数：5
model.zero_grad()
for xb, yb in zip(X.chunk(4), labels.chunk(4)):
    (sum_loss(model(xb), yb) / count).backward()
print("先求和、再除以整个批量的有标签样本数，在浮点误差内相同:", close(grads(), whole))
