import torch

torch.manual_seed(0)

a1, b1 = torch.randn(3), torch.randn(3)
print("1D @ 1D == torch.dot:", torch.allclose(a1 @ b1, torch.dot(a1, b1)))

a, m = torch.randn(3), torch.randn(3, 4)
print("1D @ 2D == torch.mv(b.t(), a):", torch.allclose(a @ m, torch.mv(m.t(), a)))

A, B = torch.randn(2, 3), torch.randn(3, 4)
print("2D @ 2D == torch.mm:", torch.allclose(A @ B, torch.mm(A, B)))

P, Q = torch.randn(5, 2, 3), torch.randn(5, 3, 4)
print("3D @ 3D == torch.bmm:", torch.allclose(P @ Q, torch.bmm(P, Q)))

H, K = torch.randn(2, 5, 2, 3), torch.randn(2, 5, 3, 4)
print("高维 == torch.matmul:", torch.equal(H @ K, torch.matmul(H, K)))
