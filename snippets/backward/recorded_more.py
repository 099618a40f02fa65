import torch

w = torch.tensor([2.0], requires_grad=True)
print("w.detach():", w.detach().grad_fn)
print("torch.zeros_like(w):", torch.zeros_like(w).grad_fn)
