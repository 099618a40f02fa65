import torch

f32, f64 = torch.float32, torch.float64
u16, b8 = torch.uint16, torch.bool
cases = [
    ((0, 3), f32, (3, 4), f64),
    ((0, 2, 3), f32, (0, 3, 4), f64),
    ((0, 2, 3), f64, (0, 3, 4), f32),
    ((5, 2, 0), f32, (5, 0, 4), f64),
    ((2, 0), b8, (0, 3), b8),
    ((0, 3), u16, (3, 4), u16),
]
for n, case in enumerate(cases, 1):
    sa, ta, sb, tb = case
    a = torch.ones(sa, dtype=ta)
    b = torch.ones(sb, dtype=tb)
    print(f"{n}.", sa, ta, "@", sb, tb)
    try:
        c = a @ b
        shape = tuple(c.shape)
        print("  不报错:", shape, c.dtype)
    except RuntimeError as err:
        print("  RuntimeError:", err)
