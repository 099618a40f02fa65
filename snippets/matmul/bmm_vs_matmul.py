import torch

torch.manual_seed(0)
P = torch.randn(1, 2, 3)  # batch 大小 1
Q = torch.randn(5, 3, 4)  # batch 大小 5

print("matmul 广播 batch 维:", (P @ Q).shape)

try:
    torch.bmm(P, Q)
except RuntimeError as err:
    print("bmm 报错:", err)

print("bmm 要求 batch 相同:", torch.bmm(P.expand(5, 2, 3), Q).shape)
