import torch

w = torch.tensor([2.0], requires_grad=True)
x, y = torch.tensor([3.0]), torch.tensor([7.0])
loss = (w * x - y) ** 2
loss.backward()
print(w.grad)
