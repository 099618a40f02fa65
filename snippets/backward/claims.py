import inspect

import torch

torch.manual_seed(0)


def check(claim, ok):
    assert ok, claim
    print("✓", claim)


# 一句话概括 / 总结表：梯度存到叶子张量的 .grad，形状与参数相同
for shape in [(1,), (3,), (2, 3), (2, 3, 4)]:
    p = torch.randn(shape, requires_grad=True)
    (p ** 2).sum().backward()
    check(f"形状 {shape} 的参数，grad 形状相同，且在浮点误差内等于 2p", p.grad.shape == p.shape and torch.allclose(p.grad, 2 * p.detach()))

# 注意事项第 1 行：非标量不能直接 backward；参数名
y = torch.ones(3, requires_grad=True) * 2
try:
    y.backward()
    message = None
except RuntimeError as err:
    message = str(err)
check("对 3 个元素的张量直接 backward() 抛出 RuntimeError", message == "grad can be implicitly created only for scalar outputs")
check("Tensor.backward 的参数叫 gradient", "gradient" in inspect.signature(torch.Tensor.backward).parameters)
check("torch.autograd.backward 的参数叫 grad_tensors", "grad_tensors" in inspect.signature(torch.autograd.backward).parameters)
try:
    y.backward(grad_tensors=torch.ones(3))
    wrong_name_fails = False
except TypeError:
    wrong_name_fails = True
check("loss.backward(grad_tensors=...) 是 TypeError", wrong_name_fails)
for shape in [(1,), (1, 1, 1)]:
    base = torch.ones(shape, requires_grad=True)
    (base * 3).backward()
    check(f"只有一个元素（形状 {shape}）的张量可以直接 backward()", torch.equal(base.grad, torch.full(shape, 3.0)))

# 对只含一个元素的 loss 调用 backward()，相当于传入 gradient=torch.ones_like(loss)
w = torch.randn(3, requires_grad=True)
(w ** 2).sum().backward()
implicit = w.grad.clone()
w.grad = None
loss = (w ** 2).sum()
loss.backward(gradient=torch.ones_like(loss))
check("loss.backward() 与 loss.backward(gradient=torch.ones_like(loss)) 结果相同", torch.equal(implicit, w.grad))

# 注意事项第 2 行：梯度累加（每次都重新前向计算）
w = torch.randn(4, requires_grad=True)
x = torch.randn(4)
for times in range(1, 4):
    (w * x).sum().backward()
    check(f"第 {times} 次前向计算 + backward 后，w.grad 在浮点误差内等于 {times} * x", torch.allclose(w.grad, times * x))

# 注意事项第 3 行：默认 requires_grad=False，且这样的张量不会得到梯度
made = [torch.tensor([1.0]), torch.zeros(2), torch.ones(2), torch.randn(2), torch.arange(3.0), torch.empty(2)]
check("tensor/zeros/ones/randn/arange/empty 默认 requires_grad=False", not any(t.requires_grad for t in made))
a = torch.randn(3)
b = torch.randn(3, requires_grad=True)
(a * b).sum().backward()
check("不需要梯度的张量 backward 后 .grad 仍是 None", a.grad is None and b.grad is not None)

# 手动验证：2(wx - y)x 与 autograd 一致（两种精度），再用 gradcheck 做有限差分检验
for dtype in (torch.float32, torch.float64):
    w = torch.randn(5, dtype=dtype, requires_grad=True)
    x, y = torch.randn(5, dtype=dtype), torch.randn(5, dtype=dtype)
    ((w * x - y) ** 2).sum().backward()
    check(f"{dtype}: 手推 2(wx-y)x 在浮点误差内等于 autograd 结果", torch.allclose(w.grad, 2 * (w.detach() * x - y) * x))
x, y = torch.randn(5, dtype=torch.float64), torch.randn(5, dtype=torch.float64)
w = torch.randn(5, dtype=torch.float64, requires_grad=True)
check("gradcheck（float64 有限差分）通过", torch.autograd.gradcheck(lambda w: ((w * x - y) ** 2).sum(), (w,)))
