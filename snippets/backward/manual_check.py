import torch

w = torch.tensor([2.0], requires_grad=True)
x = torch.tensor([3.0])
y = torch.tensor([7.0])

loss = (w * x - y) ** 2
loss.backward()

# 手推公式：dL/dw = 2 (w x - y) x
by_hand = 2 * (w.detach() * x - y) * x
print("手推结果:", by_hand)
print("autograd:", w.grad)
print("一致:", torch.equal(by_hand, w.grad))
