import torch


def f(a):
    b = a * 2
    while b.norm() < 1000:
        b = b * 2
    return b if b.sum() > 0 else 100 * b


torch.manual_seed(0)
a = torch.randn((), requires_grad=True)
d = f(a)
d.backward()
print(f"a = {a.item():.4f}，d = {d.item():.1f}")
print("a.grad 等于 d / a:", torch.allclose(a.grad, d / a))
