import torch

torch.manual_seed(0)
a = torch.randn(3)     # 1-D，形状 (3,)
b = torch.randn(3, 4)  # 2-D，形状 (3, 4)

out = a @ b
print("a @ b 的形状:", out.shape)  # 结果是 1-D 的 (4,)，不是 (1, 4)

mv = torch.mv(b.t(), a)
print(".t() 对 1-D 张量不起作用:", torch.equal(mv.t(), mv))

# @ 的真实规则：把 a 临时看成 (1, 3) 的矩阵，相乘后再去掉补上的那一维
by_rule = (a.unsqueeze(0) @ b).squeeze(0)
print("与规则一致:", torch.allclose(out, by_rule), torch.allclose(out, mv))
