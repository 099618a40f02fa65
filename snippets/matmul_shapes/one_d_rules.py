import torch

torch.manual_seed(0)
cases = [
    ((3,), (3,)),  # 点积，结果是 0 维张量
    ((3,), (3, 4)),  # 左边补成 (1, 3)，算完去掉
    ((2, 3), (3,)),  # 右边补成 (3, 1)，算完去掉
    ((5, 2, 3), (3,)),  # 左边带批量维
    ((3,), (5, 3, 4)),  # 右边带批量维
]
for sa, sb in cases:
    a, b = torch.randn(sa), torch.randn(sb)
    print(f"{str(sa):>10} @ {str(sb):<10} -> {tuple((a @ b).shape)}")
