import torch
from torch import nn

torch.manual_seed(0)
model = nn.Sequential(nn.Linear(4, 8), nn.Dropout(0.5), nn.Linear(8, 1))
x = torch.randn(2, 4)

print("train(): 两次前向相同吗:", torch.equal(model(x), model(x)))
model.eval()                   # 只改变 Dropout、BatchNorm 这类层的行为
out = model(x)
print("eval():  两次前向相同吗:", torch.equal(out, model(x)), " 还在记录计算图:", out.grad_fn is not None)

with torch.no_grad():
    out = model(x)
print("no_grad():        requires_grad:", out.requires_grad, " grad_fn:", out.grad_fn)

with torch.inference_mode():
    out = model(x)
print("inference_mode(): requires_grad:", out.requires_grad, " is_inference:", out.is_inference())
w = torch.ones(1, requires_grad=True)
try:
    (out * w).sum().backward()
except RuntimeError as err:
    print("之后参与求导:", err)
