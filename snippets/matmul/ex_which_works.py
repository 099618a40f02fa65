import torch

a = torch.ones(2, 3)
v = torch.tensor([1.0, 2.0, 3.0])
attempts = {
    "a * v": lambda: a * v,
    "a @ v": lambda: a @ v,
    "v @ a": lambda: v @ a,
}
for name, attempt in attempts.items():
    try:
        print(name, "->", tuple(attempt().shape))
    except RuntimeError as err:
        print(name, "报错:", err)
