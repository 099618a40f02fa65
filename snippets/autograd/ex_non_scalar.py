import torch

x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
y = x * 2
try:
    y.backward()
except RuntimeError as err:
    print("y.backward():", err)

y.sum().backward()
print("y.sum().backward():", x.grad)
x.grad = None
# 图已释放：重新做一次前向计算
y = x * 2
y.backward(torch.ones(3))
print("y.backward(torch.ones(3)):", x.grad)
