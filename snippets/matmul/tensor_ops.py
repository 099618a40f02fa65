import torch

a = torch.ones(2, 3)
v = torch.ones(3)
results = {
    "a.t()": a.t(),
    "torch.ones(4, 2, 3).mT": torch.ones(4, 2, 3).mT,
    "v.unsqueeze(0)": v.unsqueeze(0),
    "v.unsqueeze(1)": v.unsqueeze(1),
    "v.unsqueeze(1).squeeze(1)": v.unsqueeze(1).squeeze(1),
    # 第 0 维大小是 2，不是 1：不变
    "a.squeeze(0)": a.squeeze(0),
    "a.expand(4, 2, 3)": a.expand(4, 2, 3),
    "a.reshape(3, 2)": a.reshape(3, 2),
    "a.view(6)": a.view(6),
    "a.flatten()": a.flatten(),
    "torch.stack([v, v], dim=0)": torch.stack([v, v], dim=0),
    "torch.stack([v, v], dim=1)": torch.stack([v, v], dim=1),
}
for code, t in results.items():
    print(f"{code:<27} -> {tuple(t.shape)}")
chunks = [tuple(p.shape) for p in a.chunk(2, dim=1)]
print(f"{'a.chunk(2, dim=1)':<27} -> {chunks}")

try:
    a.t().view(6)
except RuntimeError as err:
    print("a.t().view(6) 报错:", err)
print("a.dtype:", a.dtype)
print("torch.tensor([1, 2]).dtype:", torch.tensor([1, 2]).dtype)
print("a.to(torch.float64).dtype:", a.to(torch.float64).dtype)
