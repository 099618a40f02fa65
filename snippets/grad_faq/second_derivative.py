import torch

x = torch.tensor(2.0, requires_grad=True)
y = x ** 3
# dy/dx = 3x²，它本身也记录进计算图
(dy,) = torch.autograd.grad(y, x, create_graph=True)
# d²y/dx² = 6x
(d2y,) = torch.autograd.grad(dy, x)
print("dy/dx:", dy, " d2y/dx2:", d2y, " x.grad:", x.grad)
