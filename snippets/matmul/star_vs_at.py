import torch

a = torch.tensor([[1.0, 2.0],
                  [3.0, 4.0]])
b = torch.tensor([[10.0, 20.0],
                  [30.0, 40.0]])
print("a * b，逐元素相乘:\n", a * b)
print("a @ b，矩阵乘法:\n", a @ b)
print("a * b 等于 torch.mul(a, b):", torch.equal(a * b, torch.mul(a, b)))

# 形状 (3, 1) 和 (3,)
col = torch.tensor([[1.0], [2.0], [3.0]])
vec = torch.tensor([1.0, 10.0, 100.0])
print("(3, 1) * (3,) 得到", tuple((col * vec).shape), ":\n", col * vec)
try:
    col @ vec
except RuntimeError as err:
    print("(3, 1) @ (3,) 报错:", err)
