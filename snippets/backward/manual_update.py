import torch

w = torch.tensor([2.0], requires_grad=True)
((w * 3.0 - 7.0) ** 2).backward()
lr = 0.1

try:
    # 原文注释里的写法，直接执行
    w -= lr * w.grad
except RuntimeError as err:
    print("直接执行报错:", err)

# 更新参数不需要记录进计算图
with torch.no_grad():
    w -= lr * w.grad  # 2 - 0.1 * (-6)
print("在 no_grad 里更新后:", w)

v = torch.tensor([2.0], requires_grad=True)
((v * 3.0 - 7.0) ** 2).backward()
# 默认设置的 SGD 做同样的更新
torch.optim.SGD([v], lr=lr).step()
print("SGD 的 step() 之后:", v)
print("与手动更新相同:", torch.equal(v, w))
