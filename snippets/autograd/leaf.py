import torch

w = torch.tensor([2.0], requires_grad=True)  # 叶子：直接创建、需要梯度
x = torch.tensor([3.0])                      # 叶子：不需要梯度的张量都是叶子
h = w * x                                    # 非叶子：由需要梯度的输入运算得到
h.retain_grad()                              # 让 backward() 也保存 h 的梯度
loss = (h - 7.0) ** 2
loss.backward()

for name, t in [("w", w), ("x", x), ("h", h), ("loss", loss)]:
    node = t.grad_fn.name() if t.grad_fn is not None else None
    print(f"{name:>4}: is_leaf={t.is_leaf!s:5} requires_grad={t.requires_grad!s:5} grad_fn={node}")
print("h.grad =", h.grad, " (dL/dh = 2(h-7) = -2)")
print("w.grad =", w.grad, " (dL/dw = dL/dh * x = -6)")
