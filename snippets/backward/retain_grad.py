import torch

w = torch.tensor([2.0], requires_grad=True)
y_pred = w * 3.0
# 在 backward() 之前调用
y_pred.retain_grad()
loss = (y_pred - 7.0) ** 2
loss.backward()
# dloss/dy_pred = 2 * (6 - 7) = -2
print("y_pred.grad:", y_pred.grad)
