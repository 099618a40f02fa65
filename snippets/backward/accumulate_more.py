import torch

w = torch.tensor([2.0], requires_grad=True)

# 只有加法：不保存中间结果
s = (w + 1.0).sum()
s.backward()
s.backward()
print("加法组成的图，两次:", w.grad)

w.grad = None
loss = (w * 3.0) ** 2
loss.backward(retain_graph=True)
loss.backward()
print("retain_graph=True，两次:", w.grad)
