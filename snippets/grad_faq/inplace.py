import torch

a = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
y = a.exp()                  # exp 的反向传播要用到它的结果 y
print("y._version:", y._version)
y.add_(1)                    # 原地修改 y：版本号加一
print("y._version:", y._version)
try:
    y.sum().backward()
except RuntimeError as err:
    print(err)

t = torch.zeros(3)
t.add_(1)
t += 1
t[0] = 5
print("add_、+=、下标赋值之后 t._version:", t._version)

y = a.exp()
z = y + 1                    # 修正：不原地修改，得到一个新张量
z.sum().backward()
print("a.grad:", a.grad)

w = torch.ones(3, requires_grad=True)
try:
    w.add_(1)                # 原地修改需要梯度的叶子
except RuntimeError as err:
    print(err)
with torch.no_grad():
    w.add_(1)                # 手动更新参数就该这样写
print("w:", w)
