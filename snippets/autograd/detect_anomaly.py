import re
import warnings

import torch

x = torch.tensor([0.0, 4.0, -1.0], requires_grad=True)
with warnings.catch_warnings(record=True) as caught:  # 收集警告，下面只打印要看的几行
    warnings.simplefilter("always")
    with torch.autograd.set_detect_anomaly(True):  # 只在这个 with 块里开启
        y = torch.where(x > 0, torch.sqrt(x), 0.0)
        try:
            y.sum().backward()
        except RuntimeError as err:
            print("报错:", err)

for w in caught:
    message = str(w.message)
    print("警告:", message.splitlines()[0])
    print("  前向计算中产生它的那一行: 第", re.findall(r"line (\d+)", message)[-1], "行")

# 它只检查 nan，不检查 inf：sqrt 在 0 处的 inf 梯度不会报错，要自己检查
z = torch.tensor([0.0, 4.0], requires_grad=True)
with torch.autograd.set_detect_anomaly(True):
    torch.sqrt(z).sum().backward()
print("inf 梯度没有报错:", z.grad, "全是有限数吗:", torch.isfinite(z.grad).all().item())
