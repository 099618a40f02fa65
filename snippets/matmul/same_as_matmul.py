import torch

torch.manual_seed(0)
pairs = [
    (torch.randn(2, 3), torch.randn(3, 4)),     # 二维 @ 二维
    (torch.randn(3), torch.randn(3, 4)),        # 一维 @ 二维
    (torch.randn(5, 2, 3), torch.randn(3, 4)),  # 三维 @ 二维
]
for a, b in pairs:
    print(tuple(a.shape), "@", tuple(b.shape), " 与 torch.matmul 相同:", torch.equal(a @ b, torch.matmul(a, b)),
          " 与 a.__matmul__(b) 相同:", torch.equal(a @ b, a.__matmul__(b)))
