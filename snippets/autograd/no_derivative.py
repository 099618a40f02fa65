import torch

w = torch.tensor([1.0, 2.0], requires_grad=True)
x = torch.tensor([0.5, 1.5])

# igamma 对第一个参数的导数没有实现
y = torch.igamma(w, x)
print("grad_fn:", y.grad_fn.name())
try:
    y.sum().backward()
except NotImplementedError as err:
    print(f"{type(err).__name__}: {err}")

# 对第二个参数的导数实现了
z = torch.igamma(x, w)
z.sum().backward()
print("w.grad:", w.grad)
