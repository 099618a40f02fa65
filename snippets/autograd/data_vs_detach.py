import math

import torch

a = torch.tensor([1.0], requires_grad=True)
# exp 为反向传播保存了结果 y
y = a.exp()
# 经 .data 原地加 1：版本号不变
y.data.add_(1)
print("y._version:", y._version)
y.backward()
print("a.grad:", a.grad)
print("正确的梯度 e^1:", round(math.e, 4))

# 同样的修改经过 detach()
y = a.exp()
y.detach().add_(1)
print("y._version:", y._version)
try:
    y.backward()
except RuntimeError as err:
    print("报错:", str(err).split(":")[0])
