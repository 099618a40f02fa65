import torch

w = torch.tensor([2.0], requires_grad=True)
x = torch.tensor([3.0])


def recorded(t):
    return type(t.grad_fn).__name__ if t.grad_fn is not None else "没有记录（grad_fn 为 None）"


print("w * x:", recorded(w * x))        # 有输入需要梯度：记录
print("x * 3:", recorded(x * 3))        # 没有输入需要梯度：不记录
print("w > 0:", recorded(w > 0))        # 结果是布尔值：不记录
with torch.no_grad():
    print("no_grad 中的 w * x:", recorded(w * x))  # 梯度记录关闭：不记录
print("w.detach():", recorded(w.detach()))                # 条件都满足，也有不记录的运算
print("torch.zeros_like(w):", recorded(torch.zeros_like(w)))
