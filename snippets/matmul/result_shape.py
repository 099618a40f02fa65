import torch

torch.manual_seed(0)
w = torch.randn(12, 1)
x = torch.randn(12, 1)

result = w.t() @ x
print("w.t() @ x 的形状:", result.shape, "维数:", result.dim())

# 想要 0 维张量：用两个一维向量做 @；想要 Python 数值：用 .item()
scalar = w.squeeze(1) @ x.squeeze(1)
print("一维 @ 一维:", scalar, "形状:", scalar.shape)
value = result.item()
print(f".item() 得到 Python 的 {type(value).__name__}，保留 4 位小数: {round(value, 4)}")
print("两种写法的数值在浮点误差内相同:", torch.allclose(result.squeeze(), scalar))
