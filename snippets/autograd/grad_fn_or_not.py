import torch

w = torch.tensor([1.0, -2.0, 3.0], requires_grad=True)
with torch.no_grad():
    in_no_grad = w * 2

results = {
    "w * 2": w * 2,
    "w.sum()": w.sum(),
    "no_grad 块内的 w * 2": in_no_grad,
    "w.argmax()（整数）": w.argmax(),
    "w > 0（布尔值）": w > 0,
}
for code, t in results.items():
    node = t.grad_fn.name() if t.grad_fn else None
    print(f"{code}: grad_fn = {node}")
