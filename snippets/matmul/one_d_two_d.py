import torch

torch.manual_seed(0)
a = torch.randn(3)     # 一维，形状 (3,)，即 m = 3
b = torch.randn(3, 4)  # 二维，形状 (3, 4)，即 (m, p)

out = a @ b
print("a @ b 的形状:", out.shape)  # 结果是一维的 (4,)，不是 (1, 4)

mv = torch.mv(b.t(), a)
print(".t() 对一维张量不起作用:", torch.equal(mv.t(), mv))

# @ 的真实规则：把 a 临时看成 (1, 3) 的矩阵，相乘得到 (1, 4)，再去掉补上的那个维度
by_rule = (a.unsqueeze(0) @ b).squeeze(0)
print("与规则、与 torch.mv 在浮点误差内一致:", torch.allclose(out, by_rule), torch.allclose(out, mv))
