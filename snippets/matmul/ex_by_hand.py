import torch

torch.manual_seed(0)
a, b = torch.randn(2, 3), torch.randn(3, 4)
by_hand = (a.unsqueeze(2) * b.unsqueeze(0)).sum(dim=1)  # (2, 3, 1) * (1, 3, 4) -> (2, 3, 4)，对内维求和
print(tuple(by_hand.shape), "与 a @ b 在浮点误差内相等:", torch.allclose(by_hand, a @ b))
