import torch

w = torch.tensor([2.0], requires_grad=True)
loss = (w * 3.0 - 7.0) ** 2

loss.backward(retain_graph=True)  # 保留计算图，之后还能再反向传播一次
print("第一次:", w.grad)
loss.backward()                   # 这次不保留，图在反向传播后被释放
print("第二次（累加）:", w.grad)

try:
    loss.backward()
except RuntimeError as err:
    print("第三次报错:", str(err).split(".")[0])

b = torch.tensor([2.0], requires_grad=True)
s = (b + 1).sum()                 # 加法和求和的反向传播都不需要保存中间结果
s.backward()
s.backward()
print("只有加法和求和的图，第二次 backward 不报错，梯度照样累加:", b.grad)
