import torch

torch.manual_seed(0)
cases = [
    ((3,), (3,)),        # 两边都是 1-D：点积，结果 0 维
    ((3,), (3, 4)),      # 左边 1-D：前面补 1 → (1, 3)，算完去掉
    ((2, 3), (3,)),      # 右边 1-D：后面补 1 → (3, 1)，算完去掉
    ((5, 2, 3), (3,)),   # 右边 1-D 与 batch 矩阵
    ((3,), (5, 3, 4)),   # 左边 1-D 与 batch 矩阵
]
for sa, sb in cases:
    a, b = torch.randn(sa), torch.randn(sb)
    print(f"{str(sa):>10} @ {str(sb):<10} -> {tuple((a @ b).shape)}")
