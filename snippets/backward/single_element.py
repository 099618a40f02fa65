import torch

w = torch.tensor([2.0], requires_grad=True)
loss = (w * 3.0 - 7.0) ** 2
print("loss 的形状:", loss.shape)
print("维数:", loss.dim())
# 只含一个元素：可以直接 backward
loss.backward()
print("w.grad:", w.grad)

v = torch.ones(1, 1, 1, requires_grad=True)
(v * 3.0).backward()
print("形状 (1, 1, 1) 也可以:", v.grad.shape)

scalar = loss.detach().squeeze()
print("squeeze 之后:", scalar, scalar.shape)
