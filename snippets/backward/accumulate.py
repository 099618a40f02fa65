import torch

w = torch.tensor([2.0], requires_grad=True)
x = torch.tensor([3.0])

for step in range(3):
    loss = (w * x) ** 2   # dL/dw = 2 * w * x * x = 36
    loss.backward()
    print(f"第 {step + 1} 次 backward 后 w.grad = {w.grad}")

w.grad = None             # 清零（optimizer.zero_grad() 默认也是这样做的）
(w * x).sum().backward()  # 这次 dL/dw = x = 3
print("清零后再算一次:", w.grad)
