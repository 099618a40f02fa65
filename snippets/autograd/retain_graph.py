import torch

w = torch.tensor([2.0], requires_grad=True)
loss = (w * 3.0 - 7.0) ** 2

# 保留计算图，之后还能再反向传播一次
loss.backward(retain_graph=True)
print("第一次:", w.grad)
# 这次不保留：反向传播后图被释放
loss.backward()
print("第二次（累加）:", w.grad)

try:
    loss.backward()
except RuntimeError as err:
    print("第三次报错:", str(err).split(".")[0])

b = torch.tensor([2.0], requires_grad=True)
# 加法和求和的反向传播不保存中间结果
s = (b + 1).sum()
s.backward()
s.backward()
print("只有加法和求和，第二次也不报错:", b.grad)
