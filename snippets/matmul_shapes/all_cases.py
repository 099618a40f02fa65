import torch

torch.manual_seed(0)
r = torch.randn
rows = [  # (a, b, 不用 @ 的等价写法, 说明)
    (r(3), r(3), torch.dot, "dot"),
    (r(2, 3), r(3), torch.mv, "mv"),
    (r(3), r(3, 4), lambda a, b: torch.mm(a.unsqueeze(0), b).squeeze(0), "补成 (1, 3) 再 mm，去掉补的维"),
    (r(2, 3), r(3, 4), torch.mm, "mm"),
    (r(5, 2, 3), r(5, 3, 4), torch.bmm, "bmm"),
    (r(2, 1, 2, 3), r(5, 3, 4), lambda a, b: torch.bmm(
        a.expand(2, 5, 2, 3).reshape(10, 2, 3), b.expand(2, 5, 3, 4).reshape(10, 3, 4)).reshape(2, 5, 2, 4),
     "批量维广播成 (2, 5) 再 bmm"),
    (r(5, 2, 3), r(3), lambda a, b: torch.bmm(a, b.view(1, 3, 1).expand(5, 3, 1)).squeeze(-1),
     "补成 (3, 1)、广播后 bmm，去掉补的维"),
    (r(3), r(5, 3, 4), lambda a, b: torch.bmm(a.view(1, 1, 3).expand(5, 1, 3), b).squeeze(1),
     "补成 (1, 3)、广播后 bmm，去掉补的维"),
]
dims = {1: "一维", 2: "二维", 3: "三维", 4: "四维"}
for a, b, same, how in rows:
    out = a @ b
    print(f"{dims[a.dim()]} @ {dims[b.dim()]}: {tuple(a.shape)!s:12} @ {tuple(b.shape)!s:9} -> {tuple(out.shape)!s:12}",
          f"在浮点误差内等于 {how}: {torch.allclose(out, same(a, b))}")
