import torch

torch.manual_seed(0)
u, v = torch.randn(5, 3), torch.randn(5, 3)
dots = torch.einsum("in,in->i", u, v)
print(tuple(dots.shape), "等于 (u * v).sum(-1):", torch.allclose(dots, (u * v).sum(-1)))
print("等于批量的 (1, 3) @ (3, 1):", torch.allclose(dots, (u.unsqueeze(1) @ v.unsqueeze(2)).flatten()))
