import torch

attempts = {
    "内维不等 (2, 3) @ (4, 5)": lambda: torch.ones(2, 3) @ torch.ones(4, 5),
    "一维 @ 二维，内维不等 (3,) @ (4, 5)": lambda: torch.ones(3) @ torch.ones(4, 5),
    "二维 @ 一维，内维不等 (2, 3) @ (4,)": lambda: torch.ones(2, 3) @ torch.ones(4),
    "两个一维向量长度不等 (3,) @ (4,)": lambda: torch.ones(3) @ torch.ones(4),
    "批量维无法广播 (2, 3, 4) @ (3, 4, 5)": lambda: torch.ones(2, 3, 4) @ torch.ones(3, 4, 5),
    "0 维张量 tensor(2.) @ (3,)": lambda: torch.tensor(2.0) @ torch.ones(3),
    "dtype 不同 float32 @ float64": lambda: torch.ones(2, 2) @ torch.ones(2, 2, dtype=torch.float64),
    "dtype 不同，两个一维向量": lambda: torch.ones(2) @ torch.ones(2, dtype=torch.float64),
    "不支持的 dtype bool @ bool": lambda: torch.ones(2, 2, dtype=torch.bool) @ torch.ones(2, 2, dtype=torch.bool),
}
for what, attempt in attempts.items():
    try:
        attempt()
        print(what, "-> 没有报错")
    except RuntimeError as err:  # NotImplementedError 也是 RuntimeError 的一种
        print(f"{what}\n    {type(err).__name__}: {err}")

print("对比：float32 + float64 不报错，结果的 dtype 是", (torch.ones(2, 2) + torch.ones(2, 2, dtype=torch.float64)).dtype)
