import torch

torch.manual_seed(0)
# 先创建叶子，再做乘法：w 是乘法的结果
w = torch.randn(3, requires_grad=True) * 0.01
print("w.is_leaf:", w.is_leaf, " grad_fn:", w.grad_fn.name())
try:
    torch.optim.SGD([w], lr=0.1)
except ValueError as err:
    print("交给优化器:", err)

# 先运算，再设为需要梯度：w 是叶子
w = (torch.randn(3) * 0.01).requires_grad_()
print("w.is_leaf:", w.is_leaf, " grad_fn:", w.grad_fn)

with torch.no_grad():
    print("no_grad 中的运算结果 is_leaf:", (w * 2).is_leaf)
print("detach() 的结果 is_leaf:", (w * 2).detach().is_leaf)
