import torch

w = torch.tensor([2.0], requires_grad=True)
x = torch.tensor([3.0])
y = torch.tensor([7.0])

loss = (w * x - y) ** 2


def show(fn, depth=0):
    """沿 next_functions 往回走，打印计算图。"""
    line = "    " * depth + type(fn).__name__
    # AccumulateGrad：梯度累加到这个叶子张量
    if hasattr(fn, "variable"):
        line += f"  →  {fn.variable}"
    print(line)
    for child, _ in fn.next_functions:
        if child is not None:
            show(child, depth + 1)


show(loss.grad_fn)
