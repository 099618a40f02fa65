import torch

w = torch.tensor([2.0], requires_grad=True)
x = torch.tensor([3.0])

for step in range(1, 4):
    # 每次重新前向计算，得到一张新图
    loss = (w * x) ** 2
    loss.backward()
    print(f"第 {step} 次 backward 后:", w.grad)

try:
    # 对同一张图再反向传播一次
    loss.backward()
except RuntimeError as err:
    print("再来一次:", str(err).split(".")[0])
