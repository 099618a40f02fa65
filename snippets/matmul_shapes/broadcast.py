import torch

torch.manual_seed(0)
# 最后两维做矩阵乘法，前面的批量维按广播规则对齐（从右往左比，大小相等或其一为 1）
cases = [
    ((2, 3, 4), (2, 4, 5)),        # 批量维相同
    ((1, 3, 4), (6, 4, 5)),        # 1 广播成 6
    ((3, 4), (6, 4, 5)),           # 缺少的批量维视为 1
    ((2, 1, 3, 4), (7, 4, 5)),     # (2, 1) 与 (7,) 广播成 (2, 7)
]
for sa, sb in cases:
    a, b = torch.randn(sa), torch.randn(sb)
    out = a @ b
    # 手动广播后逐个做二维矩阵乘法；求和顺序可能不同，所以用 allclose 在浮点误差内比较
    batch = torch.broadcast_shapes(sa[:-2], sb[:-2])
    ea = a.expand(*batch, *sa[-2:]).reshape(-1, *sa[-2:])
    eb = b.expand(*batch, *sb[-2:]).reshape(-1, *sb[-2:])
    manual = torch.stack([x @ y for x, y in zip(ea, eb)]).reshape(*batch, sa[-2], sb[-1])
    print(f"{str(sa):>12} @ {str(sb):<10} -> {str(tuple(out.shape)):<13} 与手动广播在浮点误差内一致: {torch.allclose(out, manual)}")
