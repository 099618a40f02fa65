import torch

a = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
# exp 的反向传播要用到它的结果 y
y = a.exp()
print("y._version:", y._version)
y.add_(1)  # 原地修改 y：版本号加一
print("y._version:", y._version)
try:
    y.sum().backward()
except RuntimeError as err:
    print(err)

# 修正：不原地修改，得到一个新张量
y = a.exp()
z = y + 1
z.sum().backward()
print("a.grad:", a.grad)
