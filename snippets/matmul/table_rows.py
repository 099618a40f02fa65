import torch

torch.manual_seed(0)


def rand(dtype, *shape):
    if dtype.is_floating_point:
        return torch.randn(*shape, dtype=dtype)
    return torch.randint(-5, 5, shape, dtype=dtype)


def same(x, y):
    """形状相同；整数完全相等，浮点数在浮点误差内相同。"""
    if x.shape != y.shape:
        return False
    if x.is_floating_point():
        return torch.allclose(x, y)
    return torch.equal(x, y)


# 表中每一行：(说法, 多组形状, 等价写法)
rows = [
    (
        "一维 @ 一维 == torch.dot(a, b)",
        [((1,), (1,)), ((4,), (4,)), ((9,), (9,))],
        lambda a, b: torch.dot(a, b),
    ),
    (
        "一维 @ 二维 == torch.mv(b.t(), a).t()",
        [((1,), (1, 1)), ((3,), (3, 4)), ((5,), (5, 2))],
        lambda a, b: torch.mv(b.t(), a).t(),
    ),
    (
        "二维 @ 一维 == torch.mv(a, b)（原文没有这一行）",
        [((1, 1), (1,)), ((2, 3), (3,)), ((4, 5), (5,))],
        lambda a, b: torch.mv(a, b),
    ),
    (
        "二维 @ 二维 == torch.mm(a, b)",
        [((1, 1), (1, 1)), ((2, 3), (3, 4)), ((5, 1), (1, 3))],
        lambda a, b: torch.mm(a, b),
    ),
    (
        "三维 @ 三维 == torch.bmm(a, b)（批量大小相同时）",
        [
            ((1, 2, 3), (1, 3, 4)),
            ((6, 2, 3), (6, 3, 4)),
            ((3, 1, 5), (3, 5, 1)),
        ],
        lambda a, b: torch.bmm(a, b),
    ),
    (
        "高维 == torch.matmul(a, b)（就是 @ 本身）",
        [
            ((2, 3, 4, 5), (2, 3, 5, 6)),
            ((2, 1, 4, 5), (3, 5, 6)),
            ((4, 5), (2, 3, 5, 6)),
        ],
        lambda a, b: torch.matmul(a, b),
    ),
]
dtypes = [torch.float32, torch.float64, torch.int64]

names = [str(d).removeprefix("torch.") for d in dtypes]
print("  ".join(names), " 说法")
for claim, shapes, equivalent in rows:
    marks = []
    for dtype in dtypes:
        pairs = [(rand(dtype, *sa), rand(dtype, *sb)) for sa, sb in shapes]
        ok = all(same(a @ b, equivalent(a, b)) for a, b in pairs)
        assert ok, f"{claim} 不成立（{dtype}）"
        marks.append("✓")
    cells = [f"{m:^{len(n)}}" for m, n in zip(marks, names)]
    print("  ".join(cells), " " + claim)
