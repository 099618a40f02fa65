import torch

w = torch.tensor([2.0], requires_grad=True)
x = torch.tensor([3.0])


def node(t):
    if t.grad_fn is None:
        return "没有记录（grad_fn 为 None）"
    return type(t.grad_fn).__name__


# 有输入需要梯度：记录
print("w * x:", node(w * x))
# 没有输入需要梯度
print("x * 3:", node(x * 3))
# 结果是布尔值
print("w > 0:", node(w > 0))
with torch.no_grad():
    print("no_grad 里的 w * x:", node(w * x))
