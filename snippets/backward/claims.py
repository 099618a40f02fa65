import inspect

import torch

torch.manual_seed(0)


def check(claim, ok):
    assert ok, claim
    print("✓", claim)


# 梯度存进叶子张量的 .grad，形状与参数相同
for shape in [(1,), (3,), (2, 3), (2, 3, 4)]:
    p = torch.randn(shape, requires_grad=True)
    (p**2).sum().backward()
    ok = p.grad.shape == p.shape
    ok = ok and torch.allclose(p.grad, 2 * p.detach())
    check(f"形状 {shape}：grad 形状相同，≈ 2p", ok)

# 非标量不能直接 backward；参数名
y = torch.ones(3, requires_grad=True) * 2
try:
    y.backward()
    message = None
except RuntimeError as err:
    message = str(err)
expected = "grad can be implicitly created only for scalar outputs"
check("3 个元素：backward() 报错", message == expected)
names = inspect.signature(torch.Tensor.backward).parameters
check("Tensor.backward 的参数叫 gradient", "gradient" in names)
names = inspect.signature(torch.autograd.backward).parameters
check(
    "torch.autograd.backward 的参数叫 grad_tensors",
    "grad_tensors" in names,
)
try:
    y.backward(grad_tensors=torch.ones(3))
    wrong_name_fails = False
except TypeError:
    wrong_name_fails = True
check("backward(grad_tensors=...) 是 TypeError", wrong_name_fails)
for shape in [(1,), (1, 1, 1)]:
    base = torch.ones(shape, requires_grad=True)
    (base * 3).backward()
    ok = torch.equal(base.grad, torch.full(shape, 3.0))
    check(f"只含一个元素、形状 {shape}：可以 backward()", ok)

# 只含一个元素：backward() 即 gradient=全 1
w = torch.randn(3, requires_grad=True)
(w**2).sum().backward()
implicit = w.grad.clone()
w.grad = None
loss = (w**2).sum()
loss.backward(gradient=torch.ones_like(loss))
check(
    "backward() 与 backward(gradient=全 1) 相同",
    torch.equal(implicit, w.grad),
)

# 梯度累加（每次都重新前向计算）
w = torch.randn(4, requires_grad=True)
x = torch.randn(4)
for times in range(1, 4):
    (w * x).sum().backward()
    ok = torch.allclose(w.grad, times * x)
    check(f"第 {times} 次 backward 后 w.grad ≈ {times} * x", ok)

# 默认 requires_grad=False，这样的张量得不到梯度
made = [
    torch.tensor([1.0]),
    torch.zeros(2),
    torch.ones(2),
    torch.randn(2),
    torch.arange(3.0),
    torch.empty(2),
]
ok = not any(t.requires_grad for t in made)
check("tensor、zeros 等默认 requires_grad=False", ok)
a = torch.randn(3)
b = torch.randn(3, requires_grad=True)
(a * b).sum().backward()
ok = a.grad is None and b.grad is not None
check("不需要梯度的张量 backward 后 .grad 是 None", ok)

# 手推 2(wx - y)x 与 autograd 一致（两种精度）
for dtype in (torch.float32, torch.float64):
    w = torch.randn(5, dtype=dtype, requires_grad=True)
    x = torch.randn(5, dtype=dtype)
    y = torch.randn(5, dtype=dtype)
    ((w * x - y) ** 2).sum().backward()
    by_hand = 2 * (w.detach() * x - y) * x
    ok = torch.allclose(w.grad, by_hand)
    check(f"{dtype}：手推 2(wx-y)x ≈ autograd", ok)

# gradcheck：与有限差分比较（float64）
x = torch.randn(5, dtype=torch.float64)
y = torch.randn(5, dtype=torch.float64)
w = torch.randn(5, dtype=torch.float64, requires_grad=True)
ok = torch.autograd.gradcheck(
    lambda w: ((w * x - y) ** 2).sum(), (w,)
)
check("gradcheck 通过", ok)
