import torch

w = torch.tensor([2.0], requires_grad=True)
x = torch.tensor([3.0])
y_true = torch.tensor([7.0])

# 乘 1/2：求导时消掉平方带来的 2
half = 0.5 * (w * x - y_true) ** 2
half.backward()
# (wx - y) * x = -3：原文梯度的一半
print("w.grad:", w.grad)
