import torch

w = torch.tensor([2.0], requires_grad=True)
b = torch.tensor([1.0], requires_grad=True)


def loss_fn():
    # 只用到 w，与 b 无关
    return (w * 3.0 - 7.0) ** 2


try:
    torch.autograd.grad(loss_fn(), [w, b])
except RuntimeError as err:
    print("报错:", err)

gw, gb = torch.autograd.grad(
    loss_fn(), [w, b], allow_unused=True
)
print("allow_unused=True:", gw, gb)

gw, gb = torch.autograd.grad(
    loss_fn(), [w, b], materialize_grads=True
)
print("materialize_grads=True:", gw, gb)
