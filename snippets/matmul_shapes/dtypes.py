import torch

cases = {
    "一维 @ 一维": ((3,), (3,)),
    "二维 @ 一维": ((2, 3), (3,)),
    "一维 @ 二维": ((3,), (3, 4)),
    "二维 @ 二维": ((2, 3), (3, 4)),
    "三维 @ 二维": ((5, 2, 3), (3, 4)),
    "三维 @ 三维": ((5, 2, 3), (5, 3, 4)),
}
names = """
float16 bfloat16 float32 float64
complex64 complex128
int8 int16 int32 int64 uint8
uint16 uint32 uint64 bool
float8_e4m3fn float8_e5m2
""".split()
for i, case in enumerate(cases, 1):
    sa, sb = cases[case]
    print(f"第 {i} 列:", case, sa, "@", sb)
head = "  ".join("123456")
print(f"{'dtype':<14}", head)
with torch.device("cpu"):
    for name in names:
        dtype = getattr(torch, name)
        marks = []
        for sa, sb in cases.values():
            a = torch.ones(sa, dtype=dtype)
            b = torch.ones(sb, dtype=dtype)
            try:
                a @ b
                marks.append("✓")
            except NotImplementedError:
                marks.append("✗")
        row = "  ".join(marks)
        print(f"{name:<14}", row)
