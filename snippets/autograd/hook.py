import torch

w = torch.tensor([2.0], requires_grad=True)
h = w * 3.0
# 反向传播经过 h 时调用，g 是流进 h 的梯度
h.register_hook(lambda g: print("流过 h 的梯度:", g))
# 返回一个张量：用它代替原来的梯度往下传
h.register_hook(lambda g: g * 0.5)
h.retain_grad()
loss = (h - 7.0) ** 2
loss.backward()
print("h.grad:", h.grad)
print("w.grad:", w.grad)

x = torch.tensor([3.0])
try:
    x.register_hook(print)
except RuntimeError as err:
    print("x 不需要梯度:", err)
