import torch

torch.manual_seed(0)
r = torch.randn
a1, b1 = r(3), r(3)
v, M = r(3), r(3, 4)
A, B = r(2, 3), r(3, 4)
P, Q = r(5, 2, 3), r(5, 3, 4)
H, K = r(2, 1, 2, 3), r(7, 3, 4)

cases = [
    ("i,i->", a1, b1),
    ("i,ij->j", v, M),
    ("ij,j->i", A, b1),
    ("ij,jk->ik", A, B),
    ("bij,bjk->bik", P, Q),
    ("...ij,...jk->...ik", H, K),
]
for spec, x, y in cases:
    by_at, by_einsum = x @ y, torch.einsum(spec, x, y)
    shape = str(tuple(by_at.shape))
    same = torch.allclose(by_at, by_einsum)
    print(f"{spec:<20} 形状 {shape:<14}", end=" ")
    print("与 @ 在浮点误差内相同:", same)
