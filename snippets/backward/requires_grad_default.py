import torch

a = torch.tensor([1.0, 2.0])
print("默认 requires_grad:", a.requires_grad)

w = torch.tensor([1.0, 2.0], requires_grad=True)
loss = (w * a).sum()
loss.backward()
print("w.grad:", w.grad)
# a 不需要梯度，所以是 None
print("a.grad:", a.grad)

try:
    # 整数张量
    torch.tensor([1, 2], requires_grad=True)
except RuntimeError as err:
    print("整数张量:", err)
