import torch

torch.manual_seed(0)
a, b = torch.randn(2, 3), torch.randn(3, 4)
# 广播成 (2, 3, 4)，再对内维求和
by_hand = (a.unsqueeze(2) * b.unsqueeze(0)).sum(dim=1)
same = torch.allclose(by_hand, a @ b)
print(tuple(by_hand.shape), "与 a @ b 在浮点误差内相等:", same)
