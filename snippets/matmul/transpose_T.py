import torch

b = torch.ones(2, 3, 4)
print("b.mT:", tuple(b.mT.shape))
print("b.T: ", tuple(b.T.shape))
