import torch

w = torch.tensor([2.0], requires_grad=True)

with torch.no_grad():
    y = w * 3
print("no_grad 中:", y.requires_grad, y.grad_fn)

z = (w * 3).detach()
print("detach 后:", z.requires_grad, z.grad_fn)

# exp 为反向传播保存了它的结果 e
e = w.exp()
d = e.detach()
# 原地修改 d：e 也变了，两者共享数据
d[0] = 5.0
print("修改 detach() 的结果之后 e =", e)
try:
    e.backward()
except RuntimeError as err:
    msg = str(err).split(":")[0]
    print("再对 e 反向传播:", msg)

a = torch.tensor([1.0, 2.0])
# 带下划线的方法原地修改张量本身
a.requires_grad_()
(a * a).sum().backward()
print("requires_grad_ 后:", a.requires_grad, a.grad)
