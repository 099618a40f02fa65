import torch

with torch.inference_mode():
    r = torch.ones(3)
w = torch.ones(3, requires_grad=True)

print("r + w 可以:", (r + w).requires_grad)
try:
    r * w  # 乘法要为反向传播保存 r
except RuntimeError as err:
    print("r * w 报错:", err)

# 在 inference_mode 外复制一份
r2 = r.clone()
(r2 * w).sum().backward()
print("r2 是推理张量吗:", r2.is_inference())
print("w.grad:", w.grad)
