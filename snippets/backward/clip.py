import torch
from torch import nn

torch.manual_seed(0)
model = nn.Linear(3, 1)
params = list(model.parameters())
optimizer = torch.optim.SGD(params, lr=0.1)
x, y = torch.randn(8, 3), torch.randn(8, 1)


def grad_norm():
    grads = [p.grad.flatten() for p in params]
    return torch.cat(grads).norm().item()


optimizer.zero_grad()
loss = nn.functional.mse_loss(model(x), 10 * y)
loss.backward()
# 在 backward() 之后、step() 之前
norm = nn.utils.clip_grad_norm_(params, 1.0)
print(f"裁剪前的范数: {norm.item():.4f}")
print(f"裁剪后的范数: {grad_norm():.4f}")
optimizer.step()
