import torch

torch.manual_seed(0)
w = torch.randn(3, requires_grad=True)
# 原因 3：h 由运算得到，不是叶子
h = w * 2
# 原因 4：先设 requires_grad=True 再运算
u = torch.randn(3, requires_grad=True) * 0.01
# .double() 换了 dtype，同样是一次运算
v = torch.randn(3, requires_grad=True).double()
print(
    "h:", h.is_leaf, h.grad_fn.name(),
    " u:", u.is_leaf, u.grad_fn.name(),
    " v:", v.is_leaf, v.grad_fn.name(),
)

(h.sum() + u.sum() + v.sum()).backward()
print("u.grad:", u.grad)  # 输出：u.grad: None
print("v.grad:", v.grad)  # 输出：v.grad: None

h = w * 2
h.retain_grad()  # 修正 3：保留中间结果的梯度
# 修正 4：先算好初始值，再设为需要梯度
u = (torch.randn(3) * 0.01).requires_grad_()
# 或者创建时就用要的 dtype
v = torch.randn(3, dtype=torch.float64, requires_grad=True)
(h.sum() + u.sum() + v.sum()).backward()
print(
    "h.grad:", h.grad,
    " u.grad:", u.grad,
    " v.grad:", v.grad,
)
