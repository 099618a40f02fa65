import torch

torch.manual_seed(0)
a1, b1 = torch.randn(3), torch.randn(3)
v, M = torch.randn(3), torch.randn(3, 4)
A, B = torch.randn(2, 3), torch.randn(3, 4)
P, Q = torch.randn(5, 2, 3), torch.randn(5, 3, 4)
H, K = torch.randn(2, 1, 2, 3), torch.randn(7, 3, 4)

pairs = {
    "i,i->":            (a1 @ b1, torch.einsum("i,i->", a1, b1)),
    "i,ij->j":          (v @ M, torch.einsum("i,ij->j", v, M)),
    "ij,j->i":          (A @ b1, torch.einsum("ij,j->i", A, b1)),
    "ij,jk->ik":        (A @ B, torch.einsum("ij,jk->ik", A, B)),
    "bij,bjk->bik":     (P @ Q, torch.einsum("bij,bjk->bik", P, Q)),
    "...ij,...jk->...ik": (H @ K, torch.einsum("...ij,...jk->...ik", H, K)),
}
for spec, (by_at, by_einsum) in pairs.items():
    print(f"{spec:<20} 形状 {str(tuple(by_at.shape)):<14} 与 @ 在浮点误差内相同: {torch.allclose(by_at, by_einsum)}")
