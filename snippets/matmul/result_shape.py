import torch

# 随机数因设备而异
torch.manual_seed(0)
w = torch.randn(12, 1)
x = torch.randn(12, 1)

result = w.t() @ x
print("w.t() @ x 的形状:", result.shape, "维数:", result.dim())

# 想要真正的 0 维标量：用 1-D 向量做 @，或取出数值
scalar = w.squeeze(1) @ x.squeeze(1)
print("1-D @ 1-D:", scalar, "形状:", scalar.shape)
print(".item():", result.item())
print("三者数值相同:", torch.allclose(result.squeeze(), scalar))
