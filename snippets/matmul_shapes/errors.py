import torch

ones = torch.ones
f64, b8 = torch.float64, torch.bool
pairs = {
    "内维不等": (ones(2, 3), ones(4, 5)),
    "一维 @ 二维，内维不等": (ones(3), ones(4, 5)),
    "二维 @ 一维，内维不等": (ones(2, 3), ones(4)),
    "两个一维向量长度不等": (ones(3), ones(4)),
    "批量维无法广播": (ones(2, 3, 4), ones(3, 4, 5)),
    "0 维张量": (torch.tensor(2.0), ones(3)),
    "dtype 不同（float32、float64）": (ones(2, 2), ones(2, 2, dtype=f64)),
    "dtype 不同，两个一维向量": (ones(2), ones(2, dtype=f64)),
    "不支持的 dtype（bool）": (ones(2, 2, dtype=b8), ones(2, 2, dtype=b8)),
}
for what, (a, b) in pairs.items():
    print(what, tuple(a.shape), "@", tuple(b.shape))
    try:
        a @ b
        print("    没有报错")
    except RuntimeError as err:
        print(f"    {type(err).__name__}: {err}")

a, b = ones(2, 2), ones(2, 2, dtype=f64)
print("对比：float32 + float64 不报错，")
print("结果的 dtype 是", (a + b).dtype)
