import torch

x = torch.tensor([2.0], requires_grad=True)
loss = (x * 3.0 - 1.0) ** 2
loss.backward()
print("第一次:", x.grad)
try:
    loss.backward()
except RuntimeError as err:
    print("立即再来一次:", str(err).split(".")[0])

# 重新前向计算，得到一张新图
loss = (x * 3.0 - 1.0) ** 2
loss.backward()
print("重新前向之后再反向（累加）:", x.grad)
