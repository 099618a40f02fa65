import torch

x = torch.tensor(1.5, requires_grad=True)
f = x**3 + 2 * x
f.backward()
print("autograd:", x.grad.item())
print("手推 3x² + 2:", 3 * 1.5**2 + 2)
