import torch

a = torch.tensor([1.0, 2.0])
print("默认 requires_grad:", a.requires_grad)

w = torch.tensor([1.0, 2.0], requires_grad=True)
loss = (w * a).sum()
loss.backward()
print("w.grad:", w.grad)
print("a.grad:", a.grad)  # a 不需要梯度，所以 a.grad 是 None

try:
    torch.tensor([1, 2], requires_grad=True)  # 整数张量
except RuntimeError as err:
    print("整数张量:", err)
