import torch

w = torch.zeros(3, requires_grad=True)
print("w.to(torch.float32) is w:", w.to(torch.float32) is w)
print("w.float() is w:", w.float() is w)
print("w.double() is w:", w.double() is w)
