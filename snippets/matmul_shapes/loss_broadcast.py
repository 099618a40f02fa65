import torch
from torch import nn

x = torch.tensor([1.0, 2.0, 3.0, 4.0])
y = 2 * x - 1  # 目标值，形状 (4,)
# 第 i 行是 (x_i, 1)，形状 (4, 2)
X = torch.stack([x, torch.ones(4)], dim=1)
# 参数写成了列向量 (2, 1)，而且正是真实值
theta = torch.tensor([[2.0], [-1.0]])
pred = X @ theta  # (4, 2) @ (2, 1) -> (4, 1)
print("pred 的形状:", tuple(pred.shape), " y 的形状:", tuple(y.shape))

diff = pred - y  # 广播成 (4, 4)，不报错
print("pred - y 的形状:", tuple(diff.shape))
loss = (diff**2).mean().item()
print(f"手写的 loss: {loss}（预测完全正确，应是 0）")
print("nn.MSELoss:", nn.MSELoss()(pred, y).item())

# 从 0 开始，用这个错误的 loss 训练
start = torch.zeros(2, 1, requires_grad=True)
optimizer = torch.optim.SGD([start], lr=0.05)
for step in range(500):
    optimizer.zero_grad()
    ((X @ start - y) ** 2).mean().backward()
    optimizer.step()
w, b = start.detach().flatten().tolist()
print(f"用错误的 loss 训练 500 步: w = {w:.2f}, b = {b:.2f}", end="")
print("（真实值是 2 和 -1）")

pred = pred.squeeze(1)  # 去掉第 1 维 -> (4,)
fixed = ((pred - y) ** 2).mean().item()
print(
    "改正后 pred 的形状:", tuple(pred.shape),
    " 手写的 loss:", fixed,
    " nn.MSELoss:", nn.MSELoss()(pred, y).item(),
)
