import torch

a = torch.tensor([1.0, 2.0])
print("默认 requires_grad:", a.requires_grad)

w = torch.tensor([1.0, 2.0], requires_grad=True)
loss = (w * a).sum()
loss.backward()
print("w.grad:", w.grad)
print("a.grad:", a.grad)  # a 不需要梯度，所以没有 .grad
