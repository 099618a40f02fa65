import torch

v = torch.tensor([1.0, 2.0, 3.0])
print("v.t() 的形状:", tuple(v.t().shape))
dot = v @ v.t()
print("v @ v.t():", dot, " 形状:", tuple(dot.shape))

outer = torch.outer(v, v)
print("torch.outer(v, v):\n", outer)
col_row = v.unsqueeze(1) @ v.unsqueeze(0)
print("(3, 1) @ (1, 3) 与它相同:", torch.equal(col_row, outer))
