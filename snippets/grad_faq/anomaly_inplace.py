import re
import warnings

import torch

a = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    with torch.autograd.set_detect_anomaly(True, check_nan=False):
        y = a.exp()
        y.add_(1)
        try:
            y.sum().backward()
        except RuntimeError as err:
            print("报错:", str(err).split(":")[0])

for w in caught:
    text = str(w.message)
    line = re.findall(r"line (\d+)", text)[-1]
    print("警告:", text.splitlines()[0])
    print("  前向计算中调用它的那一行: 第", line, "行")
