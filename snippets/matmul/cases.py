# 画图: 矩阵乘法的形状
import torch

# 表里的四种情况，各取一组形状（元素的值不影响形状，都用 1）
cases = [
    ("1D @ 1D", torch.ones(3), torch.ones(3)),
    ("1D @ 2D", torch.ones(3), torch.ones(3, 4)),
    ("2D @ 2D", torch.ones(2, 3), torch.ones(3, 4)),
    ("batch 广播", torch.ones(2, 1, 2, 3), torch.ones(5, 3, 4)),
]
for name, a, b in cases:
    print(f"{name}: {tuple(a.shape)} @ {tuple(b.shape)} -> {tuple((a @ b).shape)}")
