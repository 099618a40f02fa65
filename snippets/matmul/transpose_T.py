import torch

torch.set_warn_always(True)
a = torch.ones(2, 3)
b = torch.ones(2, 3, 4)
v = torch.ones(3)
s = torch.tensor(1.0)
print("a.T: ", tuple(a.T.shape))
print("b.mT:", tuple(b.mT.shape))
print("b.T: ", tuple(b.T.shape))
print("v.T: ", tuple(v.T.shape))
print("s.T: ", tuple(s.T.shape))
