import torch

# 用整数写的数据：dtype 是 int64
x = torch.tensor([[1, 2, 3], [4, 5, 6]])
w = torch.ones(3, 2)  # float32
for name, t in {"x": x, "w": w}.items():
    info = f"形状 {tuple(t.shape)}  dtype {t.dtype}  设备 {t.device}"
    print(f"{name}: {info}")
try:
    x @ w
except RuntimeError as err:
    print("x @ w 报错:", err)

# 换成 w 的 dtype，放到 w 所在的设备上
x = x.to(dtype=w.dtype, device=w.device)
print("改正后:", tuple((x @ w).shape), x.dtype, x.device)
