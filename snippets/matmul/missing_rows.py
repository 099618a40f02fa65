import torch

torch.manual_seed(0)
A, v = torch.randn(2, 3), torch.randn(3)
same = torch.allclose(A @ v, torch.mv(A, v))
print(
    "二维 @ 一维:", tuple((A @ v).shape),
    " 与 torch.mv(A, v) 在浮点误差内相同:", same,
)

P, Q = torch.randn(2, 1, 2, 3), torch.randn(5, 3, 4)
# 批量维 (2, 1) 与 (5,) 广播成 (2, 5)
out = P @ Q
P10 = P.expand(2, 5, 2, 3).reshape(10, 2, 3)
Q10 = Q.expand(2, 5, 3, 4).reshape(10, 3, 4)
pieces = torch.bmm(P10, Q10).reshape(2, 5, 2, 4)
same = torch.allclose(out, pieces)
print(
    "高维:", tuple(out.shape),
    " 与先广播、再用 bmm 逐个相乘在浮点误差内相同:", same,
)
