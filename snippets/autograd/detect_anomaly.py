import re
import warnings

import torch

x = torch.tensor([0.0, 4.0, -1.0], requires_grad=True)
# 收集警告，下面只打印要看的部分
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    # 只在这个 with 块里开启
    with torch.autograd.set_detect_anomaly(True):
        y = torch.where(x > 0, torch.sqrt(x), 0.0)
        try:
            y.sum().backward()
        except RuntimeError as err:
            print("报错:", err)

message = str(caught[0].message)
print("警告:", message.splitlines()[0])
# 调用栈的最后一层：行号
n = re.findall(r"line (\d+)", message)[-1]
print(f"  第 {n} 行")

# 只检查 nan：sqrt 在 0 处的 inf 不报错
z = torch.tensor([0.0, 4.0], requires_grad=True)
with torch.autograd.set_detect_anomaly(True):
    torch.sqrt(z).sum().backward()
print("inf 梯度没有报错:", z.grad)
print("全是有限数吗:", torch.isfinite(z.grad).all().item())
