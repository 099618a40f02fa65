import torch
from torch import nn

torch.manual_seed(0)

# 合成数据：y = 3x + 1 加一点噪声
X = torch.randn(640, 1)
Y = 3 * X + 1 + 0.1 * torch.randn(640, 1)
dataloader = torch.utils.data.DataLoader(
    torch.utils.data.TensorDataset(X, Y), batch_size=16, shuffle=True
)

model = nn.Linear(1, 1)
criterion = nn.MSELoss()
optimizer = torch.optim.SGD(model.parameters(), lr=0.05)

with torch.no_grad():
    print(f"训练前 loss = {criterion(model(X), Y).item():.4f}")

for data, target in dataloader:
    optimizer.zero_grad()        # 👈 清零上一步的梯度
    output = model(data)
    loss = criterion(output, target)
    loss.backward()              # 👈 反向传播：计算 d(loss)/d(params)
    optimizer.step()             # 👈 用梯度更新参数（如 w -= lr * w.grad）

with torch.no_grad():
    print(f"训练后 loss = {criterion(model(X), Y).item():.4f}")
print(f"共 {len(dataloader)} 步，学到 w = {model.weight.item():.3f}, b = {model.bias.item():.3f}")
