import torch

w = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
y = w * 2  # y 是有 3 个元素的向量，不是标量

try:
    y.backward()
except RuntimeError as err:
    print("直接调用报错:", err)

# retain_graph=True：后面还要对同一个 y 反向传播，先保留计算图
# 做法一：Tensor.backward 的参数名是 gradient，形状与 y 相同
y.backward(gradient=torch.ones_like(y), retain_graph=True)
print("gradient=ones:", w.grad)

# 做法二：torch.autograd.backward 的参数名才是 grad_tensors
w.grad = None
torch.autograd.backward(y, grad_tensors=torch.ones_like(y), retain_graph=True)
print("grad_tensors=ones:", w.grad)

# 做法三：先 .sum() 变成标量，结果与前两种相同
w.grad = None
y.sum().backward(retain_graph=True)
print("先 sum 再 backward:", w.grad)

# 先 .mean() 也得到标量，但梯度是 .sum() 的 1/3（y 有 3 个元素）
w.grad = None
y.mean().backward()
print("先 mean 再 backward:", w.grad)
