import torch

# 元素的值不影响形状，都用 1
o = torch.ones
cases = [
    ("一维 @ 一维", o(3), o(3)),
    ("一维 @ 二维", o(3), o(3, 4)),
    ("二维 @ 一维", o(2, 3), o(3)),
    ("二维 @ 二维", o(2, 3), o(3, 4)),
    ("三维 @ 三维", o(5, 2, 3), o(5, 3, 4)),
    ("批量维广播", o(2, 1, 2, 3), o(5, 3, 4)),
]
for name, a, b in cases:
    out = a @ b
    sa, sb, so = (tuple(t.shape) for t in (a, b, out))
    print(f"{name}: {sa} @ {sb} -> {so}")
