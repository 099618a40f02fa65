import torch

w = torch.tensor([2.0], requires_grad=True)

with torch.no_grad():          # 块内的运算不记录计算图
    y = w * 3
print("no_grad 中:", y.requires_grad, y.grad_fn)

z = (w * 3).detach()           # detach() 得到共享数据、但脱离计算图的新张量
print("detach 后:", z.requires_grad, z.grad_fn)

e = w.exp()                    # exp 为反向传播保存了它的结果 e
d = e.detach()
d[0] = 5.0                     # 原地修改 detach() 的结果……
print("修改 detach() 的结果之后 e =", e)  # ……e 也变了：两者共享同一块数据
try:
    e.backward()
except RuntimeError as err:
    print("再对 e 反向传播:", str(err).split(":")[0])

a = torch.tensor([1.0, 2.0])
a.requires_grad_()             # 原地把 a 的 requires_grad 设为 True（带下划线的方法会修改张量本身）
(a * a).sum().backward()
print("requires_grad_ 后:", a.requires_grad, a.grad)
