import torch

x = torch.arange(4.0, requires_grad=True)
y = x * x
u = y.detach()  # u 的值与 y 相同，但不在计算图里：对 autograd 来说它是常数
z = u * x
z.sum().backward()
print("z = u * x，x.grad:", x.grad, " 等于 u:", torch.equal(x.grad, u))

x.grad = None
y.sum().backward()  # y 自己仍在计算图里，照常求梯度
print("y = x * x，x.grad:", x.grad, " 等于 2x:", torch.equal(x.grad, 2 * x))

x.grad = None
(x * x * x).sum().backward()  # 不用 detach：z = x³，梯度是 3x²
print("不用 detach，x.grad:", x.grad)
