import torch

attempts = {
    "内维不等 (2, 3) @ (4, 5)": lambda: torch.ones(2, 3) @ torch.ones(4, 5),
    "batch 维无法广播 (2, 3, 4) @ (3, 4, 5)": lambda: torch.ones(2, 3, 4) @ torch.ones(3, 4, 5),
    "0 维张量 tensor(2.) @ (3,)": lambda: torch.tensor(2.0) @ torch.ones(3),
    "dtype 不同 float32 @ float64": lambda: torch.ones(2, 2) @ torch.ones(2, 2, dtype=torch.float64),
}
for what, attempt in attempts.items():
    try:
        attempt()
        print(what, "-> 没有报错")
    except RuntimeError as err:
        print(f"{what}\n    RuntimeError: {err}")
