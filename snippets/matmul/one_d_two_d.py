import torch

torch.manual_seed(0)
a = torch.randn(3)  # (m,)，m = 3
b = torch.randn(3, 4)  # (m, p)

out = a @ b
print("a @ b 的形状:", out.shape)

mv = torch.mv(b.t(), a)
print(".t() 对一维张量不起作用:", torch.equal(mv.t(), mv))

# 把 a 看成 (1, 3)，乘完去掉补的维
by_rule = (a.unsqueeze(0) @ b).squeeze(0)
print(
    "与规则、与 torch.mv 在浮点误差内一致:",
    torch.allclose(out, by_rule),
    torch.allclose(out, mv),
)
