import torch

w = torch.tensor([2.0], requires_grad=True)
loss = (w * 3.0 - 7.0) ** 2
print("loss 的形状:", loss.shape, "维数:", loss.dim())  # 形状 (1,)，并不是 0 维张量（标量）
loss.backward()                                       # 只有一个元素，所以可以直接 backward
print("w.grad:", w.grad)

scalar = loss.detach().squeeze()
print("squeeze 之后:", scalar, "形状:", scalar.shape)
