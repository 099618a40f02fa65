import torch


def f(t):
    # y = f(x) 有 3 个分量
    return torch.stack(
        [t[0] * t[1], t[1] ** 2, t[0] + t[2]]
    )


x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
y = f(x)
v = torch.tensor([1.0, 0.5, -1.0])
# 算 vᵀ J，而不是整个雅可比矩阵 J
y.backward(gradient=v)

J = torch.autograd.functional.jacobian(f, x.detach())
print("雅可比矩阵 J =\n", J)
print("x.grad   =", x.grad)
print("v @ J    =", v @ J)
print("在浮点误差内相等:", torch.allclose(x.grad, v @ J))
