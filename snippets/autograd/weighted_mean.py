import torch
from torch import nn

torch.manual_seed(0)
logits = torch.randn(4, 3)
labels = torch.tensor([0, 2, -100, 1])
weight = torch.tensor([1.0, 2.0, 3.0])
mean_loss = nn.CrossEntropyLoss(weight=weight)
sum_loss = nn.CrossEntropyLoss(
    weight=weight, reduction="sum"
)
mean = mean_loss(logits, labels)
total = sum_loss(logits, labels)
valid = labels[labels != -100]
w_sum = weight[valid].sum()
print("有效标签:", valid)
print("它们的权重:", weight[valid])
print("mean:", mean)
print("sum / 有效元素个数:", total / len(valid))
print("sum / 权重之和:", total / w_sum)
