import torch

w = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
y = w * 2  # 3 个元素，不是标量

try:
    y.backward()
except RuntimeError as err:
    print("直接调用报错:", err)

ones = torch.ones_like(y)
# 后面还要对 y 反向传播：保留计算图
y.backward(gradient=ones, retain_graph=True)
print("gradient=ones:", w.grad)

w.grad = None
torch.autograd.backward(
    y, grad_tensors=ones, retain_graph=True
)
print("grad_tensors=ones:", w.grad)

w.grad = None
y.sum().backward(retain_graph=True)
print("先 sum 再 backward:", w.grad)

w.grad = None
y.mean().backward()
print("先 mean 再 backward:", w.grad)
