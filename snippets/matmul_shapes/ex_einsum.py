import torch

torch.manual_seed(0)
u, v = torch.randn(5, 3), torch.randn(5, 3)
dots = torch.einsum("in,in->i", u, v)
by_sum = (u * v).sum(-1)
same = torch.allclose(dots, by_sum)
print(tuple(dots.shape), "等于 (u * v).sum(-1):", same)
# (5, 1, 3) @ (5, 3, 1) -> (5, 1, 1)
by_at = (u.unsqueeze(1) @ v.unsqueeze(2)).flatten()
print("等于批量的 (1, 3) @ (3, 1):", torch.allclose(dots, by_at))
