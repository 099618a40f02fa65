import torch

w = torch.tensor([2.0], requires_grad=True)
loss = (w * 3.0 - 7.0) ** 2

# 直接返回梯度，不写入 w.grad
(grad,) = torch.autograd.grad(loss, w)
print("torch.autograd.grad:", grad)
print("w.grad:", w.grad)
