import torch

w = torch.tensor([1.0], requires_grad=True)
optimizer = torch.optim.SGD([w], lr=0.1)
for step in range(2):                # 忘了 optimizer.zero_grad()
    loss = (w * 2.0 - 4.0) ** 2      # dloss/dw = 4 * (2w - 4)
    loss.backward()
    print(f"第 {step + 1} 步: w = {w.item():.2f}，这一步的梯度 {4 * (2 * w.item() - 4):.2f}，w.grad = {w.grad.item():.2f}")
    optimizer.step()
print(f"两步之后 w = {w.item():.2f}")
