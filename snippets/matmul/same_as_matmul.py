import torch

torch.manual_seed(0)
a = torch.randn(2, 3)
b = torch.randn(3, 4)

print(torch.equal(a @ b, torch.matmul(a, b)))
print(torch.equal(a @ b, a.__matmul__(b)))
