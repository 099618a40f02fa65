import torch

x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
y = torch.stack([x[0] * x[1], x[1] ** 2, x[0] + x[2]])  # y 有 3 个分量

v = torch.tensor([1.0, 0.5, -1.0])
y.backward(gradient=v)  # 计算 vᵀ J，而不是整个雅可比矩阵 J

J = torch.autograd.functional.jacobian(
    lambda t: torch.stack([t[0] * t[1], t[1] ** 2, t[0] + t[2]]), x.detach())
print("雅可比矩阵 J =\n", J)
print("x.grad   =", x.grad)
print("v @ J    =", v @ J)
print("在浮点误差内相等:", torch.allclose(x.grad, v @ J))
