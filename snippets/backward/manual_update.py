import torch

w = torch.tensor([2.0], requires_grad=True)
((w * 3.0 - 7.0) ** 2).backward()
lr = 0.1

try:
    w -= lr * w.grad                  # 原文注释里的写法，直接执行
except RuntimeError as err:
    print("直接执行报错:", err)

with torch.no_grad():                 # 更新参数这一步不需要记录进计算图
    w -= lr * w.grad                  # 2 - 0.1 * (-6) = 2.6
print("在 no_grad 中更新后 w =", w)

v = torch.tensor([2.0], requires_grad=True)
((v * 3.0 - 7.0) ** 2).backward()
torch.optim.SGD([v], lr=lr).step()    # 不带动量的 SGD 做的正是同样的更新
print("SGD 的 step() 之后 v =", v, " 与手动更新的结果相同:", torch.equal(v, w))
