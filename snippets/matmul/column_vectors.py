import torch

torch.manual_seed(0)

w = torch.randn(12, 1)   # 列向量 (12, 1)
x = torch.randn(12, 1)   # 列向量 (12, 1)
result = w.t() @ x     # (1, 1) 标量，
print(result)
