import torch

w = torch.randn(3, requires_grad=True)
with torch.no_grad():
    in_no_grad = w * 2

results = {
    "w * 2": w * 2,
    "w.sum()": w.sum(),
    "no_grad 块内的 w * 2": in_no_grad,
    "w.argmax()": w.argmax(),  # 结果是整数
    "w > 0": w > 0,  # 结果是布尔值
    "w.detach()": w.detach(),
    "w.data * 2": w.data * 2,
    "torch.zeros_like(w)": torch.zeros_like(w),
    "torch.randn_like(w)": torch.randn_like(w),
    "torch.full_like(w, 3.0)": torch.full_like(w, 3.0),
    "w.new_ones(2)": w.new_ones(2),
}
for code, t in results.items():
    print(f"{code}: grad_fn = {t.grad_fn.name() if t.grad_fn else None}")
