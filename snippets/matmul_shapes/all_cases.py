import torch

torch.manual_seed(0)
r = torch.randn


def pad_left_mm(a, b):  # (3,) 补成 (1, 3)
    return torch.mm(a.unsqueeze(0), b).squeeze(0)


def batch_2d(a, b):  # b 扩展到每个批量
    return torch.bmm(a, b.expand(5, 3, 4))


def bmm_broadcast(a, b):  # 批量维广播成 (2, 5)
    a10 = a.expand(2, 5, 2, 3).reshape(10, 2, 3)
    b10 = b.expand(2, 5, 3, 4).reshape(10, 3, 4)
    return torch.bmm(a10, b10).reshape(2, 5, 2, 4)


def pad_right_bmm(a, b):  # (3,) 补成 (3, 1)
    b5 = b.view(1, 3, 1).expand(5, 3, 1)
    return torch.bmm(a, b5).squeeze(-1)


def pad_left_bmm(a, b):  # (3,) 补成 (1, 3)
    a5 = a.view(1, 1, 3).expand(5, 1, 3)
    return torch.bmm(a5, b).squeeze(1)


rows = [  # (a, b, 不用 @ 的等价写法)
    (r(3), r(3), torch.dot),
    (r(2, 3), r(3), torch.mv),
    (r(3), r(3, 4), pad_left_mm),
    (r(2, 3), r(3, 4), torch.mm),
    (r(5, 2, 3), r(5, 3, 4), torch.bmm),
    (r(5, 2, 3), r(3, 4), batch_2d),
    (r(2, 1, 2, 3), r(5, 3, 4), bmm_broadcast),
    (r(5, 2, 3), r(3), pad_right_bmm),
    (r(3), r(5, 3, 4), pad_left_bmm),
]
dims = {1: "一维", 2: "二维", 3: "三维", 4: "四维"}
for a, b, same in rows:
    out = a @ b
    case = f"{dims[a.dim()]} @ {dims[b.dim()]}"
    sa, sb, so = (str(tuple(t.shape)) for t in (a, b, out))
    ok = torch.allclose(out, same(a, b))
    print(f"{case}  {sa:<12} @ {sb:<9} -> {so:<12} 等价写法: {ok}")
