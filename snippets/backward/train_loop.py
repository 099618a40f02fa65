import torch
from torch import nn

torch.manual_seed(0)

# 合成数据：y = 3x + 1 加一点噪声
X = torch.randn(640, 1)
Y = 3 * X + 1 + 0.1 * torch.randn(640, 1)
dataset = torch.utils.data.TensorDataset(X, Y)
dataloader = torch.utils.data.DataLoader(
    dataset, batch_size=16, shuffle=True
)

model = nn.Linear(1, 1)
criterion = nn.MSELoss()
optimizer = torch.optim.SGD(model.parameters(), lr=0.05)

with torch.no_grad():
    before = criterion(model(X), Y).item()
print(f"训练前 loss = {before:.4f}")

for data, target in dataloader:
    # 👈 清零上一步的梯度
    optimizer.zero_grad()
    output = model(data)
    loss = criterion(output, target)
    # 👈 反向传播：计算 d(loss)/d(params)
    loss.backward()
    # 👈 用梯度更新参数（如 w -= lr * w.grad）
    optimizer.step()

with torch.no_grad():
    after = criterion(model(X), Y).item()
print(f"训练后 loss = {after:.4f}")
w, b = model.weight.item(), model.bias.item()
print(f"共 {len(dataloader)} 步，学到 w = {w:.3f}, b = {b:.3f}")
