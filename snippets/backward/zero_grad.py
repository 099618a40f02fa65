import torch

w = torch.tensor([2.0], requires_grad=True)
optimizer = torch.optim.SGD([w], lr=0.1)

(w * 3.0).sum().backward()
print("backward 之后:", w.grad)
optimizer.zero_grad()
print("zero_grad() 之后:", w.grad)
(w * 3.0).sum().backward()
print("再 backward:", w.grad)

optimizer.zero_grad(set_to_none=False)
print("set_to_none=False:", w.grad)
