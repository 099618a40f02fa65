import torch
from torch import nn

torch.manual_seed(0)
model = nn.Sequential(
    nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 1)
)
# 冻结第一层：它的参数不再需要梯度
model[0].requires_grad_(False)
trainable = [p for p in model.parameters() if p.requires_grad]
optimizer = torch.optim.SGD(trainable, lr=0.1)

before = [p.detach().clone() for p in model.parameters()]
loss = model(torch.randn(16, 4)).pow(2).mean()
loss.backward()
optimizer.step()
for (name, p), old in zip(model.named_parameters(), before):
    print(
        f"{name:8}",
        f"requires_grad={p.requires_grad!s:5}",
        f"grad={p.grad is not None!s:5}",
        f"更新了={not torch.equal(p, old)}",
    )
