import torch

w = torch.tensor([2.0], requires_grad=True)
x = torch.tensor([3.0])

for step in range(3):
    loss = (w * x) ** 2   # 每次重新前向计算，得到一张新的计算图；dL/dw = 2 * w * x * x = 36
    loss.backward()
    print(f"第 {step + 1} 次前向计算 + backward 后 w.grad = {w.grad}")

try:
    loss.backward()       # 对同一张图再反向传播一次
except RuntimeError as err:
    print("同一张图第二次 backward:", str(err).split(".")[0])

w.grad = None             # 清空梯度（optimizer.zero_grad() 默认也是这样做的）
(w * x).sum().backward()  # 这次 dL/dw = x = 3
print("清空后再算一次:", w.grad)
