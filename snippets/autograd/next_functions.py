import torch

w = torch.tensor([2.0], requires_grad=True)
x = torch.tensor([3.0])
a = x * 2  # 由不需要梯度的 x 算出
with torch.no_grad():
    b = w * 2  # 在 no_grad 块内算出
c = w * 3  # 需要梯度的非叶子


def edges(t):
    return [
        (type(fn).__name__ if fn else None, i)
        for fn, i in t.grad_fn.next_functions
    ]


print("w * 2:", edges(w * 2))
print("w ** 2:", edges(w**2))
print("w * a:", edges(w * a))
print("b * c:", edges(b * c))
print("where(w > 1, w, c):", edges(torch.where(w > 1, w, c)))

v = torch.tensor([1.0, 2.0], requires_grad=True)
# split 有两个输出，second 是第 1 个
first, second = v.split(1)
print("second * 2:", edges(second * 2))
