import torch

x = torch.tensor([[1, 2, 3], [4, 5, 6]])  # 用整数写的数据：dtype 是 int64
w = torch.ones(3, 2)                       # float32
for name, t in {"x": x, "w": w}.items():
    print(f"{name}: 形状 {tuple(t.shape)}  dtype {t.dtype}  设备 {t.device}")
try:
    x @ w
except RuntimeError as err:
    print("x @ w 报错:", err)

x = x.to(dtype=w.dtype, device=w.device)  # 换成 w 的 dtype，放到 w 所在的设备上
print("改正后:", tuple((x @ w).shape), x.dtype, x.device)
