import torch

w = torch.tensor([1.0], requires_grad=True)
optimizer = torch.optim.SGD([w], lr=0.1)
# 循环里忘了 optimizer.zero_grad()
for step in range(1, 3):
    loss = (w * 2.0 - 4.0) ** 2
    loss.backward()
    # 这一步本身的梯度：4(2w - 4)
    own = 4 * (2 * w.item() - 4)
    print(f"第 {step} 步: w = {w.item():.2f}")
    print(f"  这一步的梯度 {own:.2f}")
    print(f"  w.grad = {w.grad.item():.2f}")
    optimizer.step()
print(f"两步之后 w = {w.item():.2f}")
