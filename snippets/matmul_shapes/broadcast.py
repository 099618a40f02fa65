import torch

torch.manual_seed(0)
# 最后两维相乘，批量维按广播规则对齐
cases = [
    ((2, 3, 4), (2, 4, 5)),  # 批量维相同
    ((1, 3, 4), (6, 4, 5)),  # 1 广播成 6
    ((3, 4), (6, 4, 5)),  # 缺少的批量维视为 1
    ((2, 1, 3, 4), (7, 4, 5)),  # 广播成 (2, 7)
]
for sa, sb in cases:
    a, b = torch.randn(sa), torch.randn(sb)
    out = a @ b
    # 手动广播，再逐个做二维矩阵乘法
    batch = torch.broadcast_shapes(sa[:-2], sb[:-2])
    ea = a.expand(*batch, *sa[-2:]).reshape(-1, *sa[-2:])
    eb = b.expand(*batch, *sb[-2:]).reshape(-1, *sb[-2:])
    pieces = torch.stack([x @ y for x, y in zip(ea, eb)])
    manual = pieces.reshape(*batch, sa[-2], sb[-1])
    ok = torch.allclose(out, manual)
    shape = str(tuple(out.shape))
    print(f"{str(sa):>12} @ {str(sb):<10} -> {shape:<13}", end=" ")
    print("与手动广播在浮点误差内一致:", ok)
