import torch
from torch import nn

torch.manual_seed(0)
X, Y = torch.randn(8, 3), torch.randn(8, 1)
model = nn.Linear(3, 1)
criterion = nn.MSELoss()
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)

# 一次算完整个 batch 的梯度
optimizer.zero_grad()
criterion(model(X), Y).backward()
full = model.weight.grad.clone()

# 分成 4 个 micro-batch，每个 loss 除以 4，梯度在 .grad 里累加
optimizer.zero_grad()
for xb, yb in zip(X.chunk(4), Y.chunk(4)):
    (criterion(model(xb), yb) / 4).backward()
print("累加得到的梯度与整批相同:", torch.allclose(model.weight.grad, full))

optimizer.zero_grad(set_to_none=False)  # 旧行为：把 .grad 原地填 0
print("zero_grad(set_to_none=False) 之后:", model.weight.grad)
optimizer.zero_grad()                   # 默认 set_to_none=True：直接把 .grad 设为 None
print("zero_grad() 之后:", model.weight.grad)
