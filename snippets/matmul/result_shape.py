import torch

torch.manual_seed(0)
w = torch.randn(12, 1)
x = torch.randn(12, 1)

result = w.t() @ x
print("w.t() @ x 的形状:", result.shape, "维数:", result.dim())

# 0 维张量：两个一维向量做 @
scalar = w.squeeze(1) @ x.squeeze(1)
print("一维 @ 一维:", scalar, "形状:", scalar.shape)

# Python 数值：.item()
value = result.item()
kind = type(value).__name__
print(f".item() 得到 Python 的 {kind}，", end="")
print(f"保留 4 位小数: {round(value, 4)}")
same = torch.allclose(result.squeeze(), scalar)
print("两种写法的数值在浮点误差内相同:", same)
