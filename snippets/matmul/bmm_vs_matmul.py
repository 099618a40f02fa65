import torch

torch.manual_seed(0)
P = torch.randn(1, 2, 3)  # 批量大小 1
Q = torch.randn(5, 3, 4)  # 批量大小 5

print("@ 对批量维做广播:", (P @ Q).shape)

try:
    torch.bmm(P, Q)
except RuntimeError as err:
    print("bmm 报错:", err)

out = torch.bmm(P.expand(5, 2, 3), Q)
print("先把 P expand 成同样的批量大小，bmm 就能算:", out.shape)
