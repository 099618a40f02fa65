import torch

torch.manual_seed(0)
a, b = torch.randn(5, 3), torch.randn(5, 3)
dots = torch.einsum("bn,bn->b", a, b)
print(tuple(dots.shape), "等于 (a * b).sum(-1):", torch.allclose(dots, (a * b).sum(-1)))
print("等于批量的 (1, 3) @ (3, 1):", torch.allclose(dots, (a.unsqueeze(1) @ b.unsqueeze(2)).flatten()))
