import torch

print(tuple((torch.ones(4, 1, 2, 3) @ torch.ones(5, 3, 6)).shape))
a, b = torch.ones(2, 3), torch.ones(4, 3)
try:
    a @ b
except RuntimeError as err:
    print("a @ b:", err)
print("a @ b.t():", tuple((a @ b.t()).shape))
print("b @ a.t():", tuple((b @ a.t()).shape))
