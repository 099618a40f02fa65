import torch

torch.manual_seed(0)
w = torch.tensor([1.0, -2.0, 3.0], requires_grad=True)
results = {
    "w.detach()": w.detach(),
    "w.data * 2": w.data * 2,
    "torch.zeros_like(w)": torch.zeros_like(w),
    "torch.randn_like(w)": torch.randn_like(w),
    "torch.full_like(w, 3.0)": torch.full_like(w, 3.0),
    "w.new_ones(2)": w.new_ones(2),
    # 声明为不可求导的运算
    "torch.histc(w, bins=2)": torch.histc(w, bins=2),
}
for code, t in results.items():
    print(f"{code}: grad_fn = {t.grad_fn}")

# 直接返回 w 本身，没有新的张量
print("w.float() is w:", w.float() is w)
print("w.to(torch.float32) is w:", w.to(torch.float32) is w)
print("w.contiguous() is w:", w.contiguous() is w)
