import torch

# 叶子：直接创建、需要梯度
w = torch.tensor([2.0], requires_grad=True)
# 叶子：不需要梯度的张量都是叶子
x = torch.tensor([3.0])
# 非叶子：由需要梯度的输入运算得到
h = w * x
# 让 backward() 也保存 h 的梯度
h.retain_grad()
loss = (h - 7.0) ** 2
loss.backward()

rows = {"w": w, "x": x, "h": h, "loss": loss}
for name, t in rows.items():
    node = t.grad_fn.name() if t.grad_fn else None
    print(
        f"{name:>4}: is_leaf={t.is_leaf!s:5}",
        f"requires_grad={t.requires_grad!s:5}",
        f"grad_fn={node}",
    )
print("h.grad =", h.grad, " (dL/dh = 2(h-7) = -2)")
print("w.grad =", w.grad, " (dL/dw = dL/dh * x = -6)")
