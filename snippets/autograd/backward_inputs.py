import torch

w = torch.tensor([2.0], requires_grad=True)
h = w * 3
loss = h * h
# 只求 loss 对 h 的梯度
loss.backward(inputs=[h])
print("h.is_leaf:", h.is_leaf)
print("h.grad:", h.grad)
print("w.grad:", w.grad)
