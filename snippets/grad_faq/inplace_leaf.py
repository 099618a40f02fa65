import torch

w = torch.ones(3, requires_grad=True)
try:
    w.add_(1)  # 原地修改需要梯度的叶子
except RuntimeError as err:
    print(err)

# 手动更新参数就该这样写
with torch.no_grad():
    w.add_(1)
print("w:", w)
