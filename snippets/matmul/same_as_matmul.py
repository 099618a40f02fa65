import torch

torch.manual_seed(0)
pairs = [
    (torch.randn(2, 3), torch.randn(3, 4)),
    (torch.randn(3), torch.randn(3, 4)),
    (torch.randn(5, 2, 3), torch.randn(3, 4)),
]
for a, b in pairs:
    c = a @ b
    print(
        tuple(a.shape), "@", tuple(b.shape),
        "与 torch.matmul 相同:", torch.equal(c, torch.matmul(a, b)),
        "与 a.__matmul__(b) 相同:", torch.equal(c, a.__matmul__(b)),
    )
