import torch

# 表里的各种情况（加上原文没有的二维 @ 一维），各取一组形状；元素的值不影响形状，都用 1
cases = [
    ("一维 @ 一维", torch.ones(3), torch.ones(3)),
    ("一维 @ 二维", torch.ones(3), torch.ones(3, 4)),
    ("二维 @ 一维", torch.ones(2, 3), torch.ones(3)),
    ("二维 @ 二维", torch.ones(2, 3), torch.ones(3, 4)),
    ("三维 @ 三维", torch.ones(5, 2, 3), torch.ones(5, 3, 4)),
    ("批量维广播", torch.ones(2, 1, 2, 3), torch.ones(5, 3, 4)),
]
for name, a, b in cases:
    print(f"{name}: {tuple(a.shape)} @ {tuple(b.shape)} -> {tuple((a @ b).shape)}")
