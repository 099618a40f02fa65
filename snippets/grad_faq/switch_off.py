import torch
from torch import nn

torch.manual_seed(0)
model = nn.Sequential(
    nn.Linear(4, 8), nn.Dropout(0.5), nn.Linear(8, 1)
)
x = torch.randn(2, 4)

same = torch.equal(model(x), model(x))
print("train(): 两次前向相同吗:", same)
model.eval()  # 只改变 Dropout 这类层的行为
out = model(x)
same = torch.equal(out, model(x))
recording = out.grad_fn is not None
print(
    "eval():  两次前向相同吗:", same,
    " 还在记录计算图:", recording,
)

with torch.no_grad():
    out = model(x)
print(
    "no_grad():        requires_grad:", out.requires_grad,
    " grad_fn:", out.grad_fn,
)

with torch.inference_mode():
    out = model(x)
print(
    "inference_mode(): requires_grad:", out.requires_grad,
    " is_inference:", out.is_inference(),
)
