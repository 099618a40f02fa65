import re
import warnings

import torch

w = torch.tensor([1.0, 2.0], requires_grad=True)


def step():
    e = w.exp()
    # 原地修改了 exp 为求导保存的结果
    e.add_(1)
    e.sum().backward()


try:
    step()
except RuntimeError as err:
    first, hint = str(err).split(" Hint: ")
    print(first)
    print("Hint:", hint)

with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    with torch.autograd.set_detect_anomaly(True, check_nan=False):
        try:
            step()
        except RuntimeError:
            pass
message = str(caught[0].message)
print(message.splitlines()[0])
# 调用栈的最后一层：行号和所在的函数
n, fn = re.findall(r"line (\d+), in (\S+)", message)[-1]
print(f"  第 {n} 行，在 {fn} 里")
