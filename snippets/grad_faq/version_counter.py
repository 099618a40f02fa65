import torch

t = torch.zeros(3)
t.add_(1)
t += 1
t[0] = 5
print("t._version:", t._version)

with torch.inference_mode():
    r = torch.zeros(3)
try:
    r._version
except RuntimeError as err:
    print("推理张量:", err)
