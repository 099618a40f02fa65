import torch

x = torch.arange(4.0, requires_grad=True)
y = x * x
# u 的值与 y 相同，但对 autograd 是常数
u = y.detach()
z = u * x
z.sum().backward()
print("z = u * x，x.grad:", x.grad)
print("  等于 u:", torch.equal(x.grad, u))

x.grad = None
# y 自己仍在计算图里
y.sum().backward()
print("y = x * x，x.grad:", x.grad)
print("  等于 2x:", torch.equal(x.grad, 2 * x))

x.grad = None
# 不用 detach：x³ 的梯度是 3x²
(x * x * x).sum().backward()
print("不用 detach，x.grad:", x.grad)
