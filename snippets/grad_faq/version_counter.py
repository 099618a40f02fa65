import torch

t = torch.zeros(3)
t.add_(1)
t += 1
t[0] = 5
print("t._version:", t._version)
# 一行里有两个原地操作：先加，再写回
t[0] += 1
print("t[0] += 1 之后:", t._version)

with torch.inference_mode():
    r = torch.zeros(3)
try:
    r._version
except RuntimeError as err:
    print("推理张量:", err)
