"""Pictures drawn from what an example really computed: another output of the example, stored
beside it as ``<name>.svg`` and checked like its printed output.

An example asks for one in its folder's examples.toml (``picture = ...``, see site_model.Settings):
- ``"loss 的计算图"`` draws the graph behind the tensor ``loss`` when the example ends: the
  ``grad_fn`` nodes, the edges ``next_functions`` gives, the leaf tensors with their names and
  shapes, and, where the example computed them, each node's forward value and the gradient
  that flowed back into it;
- ``"矩阵乘法的形状"`` draws every ``@``/``torch.matmul`` the example computed: the operand
  shapes lined up from the right, the contracted dimension, the dimension added (and removed)
  for a 1-D operand, broadcast batch dimensions, and the result.

While such an example runs, a ``TorchFunctionMode`` records each result that has a ``grad_fn``
(its value, and a hook that keeps the gradient flowing into it) and each matrix product.
The layout of a graph is networkx's (layers by topological generation); text is real SVG text
in the page's colour (``currentColor``), so the picture is searchable, sharp and readable in
both colour schemes.
"""

from __future__ import annotations

import html

import networkx
import torch
from torch.overrides import TorchFunctionMode

MATMUL = {torch.matmul, torch.Tensor.matmul, torch.Tensor.__matmul__}


class ComputationTrace(TorchFunctionMode):
    """What an example computes while it runs, for its picture.

    It keeps the value of each result that has a ``grad_fn`` and the gradient that flows back into
    it, and the shapes of the operands and the result of each matrix product.
    """

    def __init__(self):
        super().__init__()
        self.values, self.grads, self.products = {}, {}, []

    def __torch_function__(self, func, types, args=(), kwargs=None):
        out = func(*args, **(kwargs or {}))
        if func in MATMUL:
            self.products.append((tuple(args[0].shape), tuple(args[1].shape), tuple(out.shape)))
        if isinstance(out, torch.Tensor) and out.grad_fn is not None and out.grad_fn not in self.values:
            fn = out.grad_fn
            self.values[fn] = out.detach().clone()
            out.register_hook(lambda grad, fn=fn: self.grads.__setitem__(fn, grad.detach().clone()))
        return out


def _number(t: torch.Tensor | None) -> str:
    if t is None:
        return ""
    return f"{t.item():.4g}" if t.numel() == 1 else "形状 " + str(tuple(t.shape))


def _svg(name: str, width: int, height: int, title: str, body: list[str]) -> str:
    return "\n".join(
        [
            (
                f'<svg xmlns="http://www.w3.org/2000/svg" class="picture" width="{width}" height="{height}" '
                f'viewBox="0 0 {width} {height}" role="img" aria-labelledby="{name}-title" '
                f'font-family="sans-serif" font-size="14" fill="currentColor">'
            ),
            f'<title id="{name}-title">{html.escape(title)}</title>',
            (
                f'<defs><marker id="{name}-arrow" viewBox="0 0 10 10" refX="9" refY="5" '
                'markerWidth="8" markerHeight="8" orient="auto-start-reverse">'
                '<path d="M0,0 L10,5 L0,10 z" fill="currentColor"/></marker></defs>'
            ),
            *body,
            "</svg>",
            "",
        ]
    )


def _labels(fn, names: dict, output_names: dict, trace: ComputationTrace) -> list[str]:
    """Return the lines of a node's box: its type, and its tensor's name, shape, value and gradient."""
    if hasattr(fn, "variable"):  # AccumulateGrad: the leaf tensor it accumulates into
        leaf = fn.variable
        lines = [
            f"{type(fn).__name__}",
            f"{names.get(id(leaf), '?')}  形状 {tuple(leaf.shape)}",
            f"值 {_number(leaf.detach())}",
            f"梯度 {_number(leaf.grad)}" if leaf.grad is not None else "",
        ]
    else:
        out = output_names.get(id(fn), "")
        lines = [
            type(fn).__name__ + (f" → {out}" if out else ""),
            f"值 {_number(trace.values.get(fn))}" if fn in trace.values else "",
            f"梯度 {_number(trace.grads.get(fn))}" if fn in trace.grads else "",
        ]
    return [line for line in lines if line]


def _walk(
    root: torch.Tensor, tensors: dict[str, torch.Tensor], trace: ComputationTrace
) -> tuple[networkx.DiGraph, dict]:
    """Walk the graph behind ``root``, its edges as ``next_functions`` gives them.

    It returns the graph, each node carrying its layer (its topological generation), and each
    node's lines in discovery order, which is stable from run to run.
    """
    g, labels = networkx.DiGraph(), {}
    names = {id(t): n for n, t in tensors.items()}
    output_names = {id(t.grad_fn): n for n, t in tensors.items() if t.grad_fn is not None}
    todo = [root.grad_fn]
    while todo:
        fn = todo.pop()
        if fn in labels:
            continue
        labels[fn] = _labels(fn, names, output_names, trace)
        g.add_node(fn)
        children = [child for child, _ in fn.next_functions if child is not None]
        g.add_edges_from((fn, child) for child in children)
        todo += reversed(children)
    for layer, nodes in enumerate(networkx.topological_generations(g)):
        for fn in nodes:
            g.nodes[fn]["layer"] = layer
    return g, labels


def _layout(g: networkx.DiGraph, box_w: int, box_h: int, gap: int) -> tuple[dict, int, int]:
    """Place each node's top left corner, and return those places with the picture's size.

    networkx places each layer on a row (its x in [-1, 1] becomes pixels); rows go down from the root.
    """
    layers = 1 + max(g.nodes[fn]["layer"] for fn in g)
    columns = max(sum(1 for fn in g if g.nodes[fn]["layer"] == layer) for layer in range(layers))
    width, height = columns * (box_w + 20) + 20, layers * (box_h + gap) - gap + 20
    layout = networkx.multipartite_layout(g, subset_key="layer", align="horizontal", scale=1)
    spread = max((abs(x) for x, _ in layout.values()), default=0) or 1
    pos = {
        fn: (
            round((width - box_w) / 2 + layout[fn][0] / spread * (width - box_w - 40) / 2),
            10 + g.nodes[fn]["layer"] * (box_h + gap),
        )
        for fn in g
    }
    return pos, width, height


def graph(root: torch.Tensor, tensors: dict[str, torch.Tensor], trace: ComputationTrace, name: str) -> str:
    """Draw the graph behind ``root`` as SVG; ``tensors`` are the example's named tensors."""
    g, labels = _walk(root, tensors, trace)
    order = {fn: i for i, fn in enumerate(labels)}
    box_w, box_h = 230, 24 + 18 * max(len(v) for v in labels.values())
    pos, width, height = _layout(g, box_w, box_h, gap=46)
    body = []
    for a, b in sorted(g.edges, key=lambda e: (order[e[0]], order[e[1]])):
        (ax, ay), (bx, by) = pos[a], pos[b]
        body.append(
            f'<line x1="{ax + box_w // 2}" y1="{ay + box_h}" x2="{bx + box_w // 2}" y2="{by - 2}" '
            f'stroke="currentColor" stroke-width="1.5" marker-end="url(#{name}-arrow)"/>'
        )
    for fn in sorted(g, key=order.get):
        x, y = pos[fn]
        kind = "leaf" if hasattr(fn, "variable") else "node"
        body.append(
            f'<rect class="{kind}" x="{x}" y="{y}" width="{box_w}" height="{box_h}" rx="6" '
            'fill="none" stroke="currentColor" stroke-width="1.5"/>'
        )
        bold = [' font-weight="bold"'] + [""] * (len(labels[fn]) - 1)
        body += [
            f'<text x="{x + 12}" y="{y + 22 + 18 * i}"{bold[i]}>{html.escape(text)}</text>'
            for i, text in enumerate(labels[fn])
        ]
    names = {id(t): n for n, t in tensors.items()}
    title = (
        f"{names.get(id(root), '结果')} 的计算图，箭头从结果指回输入："
        + "；".join("，".join(labels[fn]) for fn in sorted(g, key=order.get))
        + "。"
    )
    return _svg(name, width, height, title, body)


def _dims(shape: tuple, added: int | None, contracted: int | None, x_right: int, y: int) -> list[str]:
    """Draw one shape as a row of boxes, right-aligned at ``x_right``.

    The added dimension is dashed, and the contracted one drawn thick.
    """
    out = []
    for i, size in enumerate(reversed(shape)):
        dim = len(shape) - 1 - i
        x = x_right - (i + 1) * 44
        dash = ' stroke-dasharray="4 3"' if dim == added else ""
        thick = "3" if dim == contracted else "1.2"
        out.append(
            f'<rect x="{x}" y="{y}" width="38" height="26" rx="4" fill="none" stroke="currentColor" '
            f'stroke-width="{thick}"{dash}/>'
        )
        out.append(f'<text x="{x + 19}" y="{y + 18}" text-anchor="middle">{size}</text>')
    return out


LEGEND = [
    "粗框：相乘后求和（被消去）的那个维度",
    "虚线框：为一维张量临时补上的维度，结果里划掉",
    "各维度靠右对齐；最后两维之前的批量维按广播规则对齐",
]


def matmul(products: list[tuple], name: str) -> str:
    """Draw the matrix products an example computed as SVG, each pair of shapes once."""
    body, y, seen, described = [], 10, [], []
    right = 330
    for a, b, result in products:
        if (a, b) in seen:
            continue
        seen.append((a, b))
        a2 = (1,) + a if len(a) == 1 else a  # a 1-D a becomes a row:    (n,) -> (1, n)
        b2 = b + (1,) if len(b) == 1 else b  # a 1-D b becomes a column: (n,) -> (n, 1)
        batch = torch.broadcast_shapes(a2[:-2], b2[:-2])
        full = tuple(batch) + (a2[-2], b2[-1])
        removed = [i for i, one_d in ((len(full) - 2, len(a) == 1), (len(full) - 1, len(b) == 1)) if one_d]
        body.append(f'<text x="0" y="{y + 14}" font-weight="bold">{html.escape(f"{a} @ {b} → {result}")}</text>')
        rows = [
            ("a", a2, 0 if len(a) == 1 else None, len(a2) - 1),
            ("b", b2, len(b2) - 1 if len(b) == 1 else None, len(b2) - 2),
            ("结果", full, None, None),
        ]
        for i, (label, shape, added, contracted) in enumerate(rows):
            row_y = y + 26 + i * 34
            body.append(f'<text x="0" y="{row_y + 18}">{label}</text>')
            body += _dims(shape, added, contracted, right, row_y)
        for dim in removed:  # the temporary dimension, dropped from the result
            x = right - (len(full) - dim) * 44
            body.append(
                f'<line x1="{x + 4}" y1="{y + 26 + 68 + 4}" x2="{x + 34}" y2="{y + 26 + 68 + 22}" '
                'stroke="currentColor" stroke-width="1.5"/>'
            )
        described.append(
            f"{a} @ {b}：a 视为 {a2}，b 视为 {b2}，按矩阵乘法的形状是 {full}"
            + (f"，去掉临时补上的维度后是 {result}" if removed else "")
        )
        y += 26 + 3 * 34 + 16
    for line in LEGEND:
        body.append(f'<text x="0" y="{y + 12}" font-size="12">{line}</text>')
        y += 18
    title = "矩阵乘法的形状：" + "；".join(described) + "。"
    return _svg(name, right + 10, y, title, body)


def draw(picture: tuple[str, str], namespace: dict, trace: ComputationTrace, name: str) -> str:
    """Draw the picture an example asked for, after it ran: ``("matmul", "")`` or ``("graph", tensor name)``."""
    kind, root_name = picture
    if kind == "matmul":
        if not trace.products:
            raise ValueError('picture = "矩阵乘法的形状", but the example computed no matrix product')
        return matmul(trace.products, name)
    root = namespace.get(root_name)
    if not isinstance(root, torch.Tensor) or root.grad_fn is None:
        raise ValueError(f'picture = "{root_name} 的计算图", but {root_name} is not a tensor with a grad_fn')
    tensors = {k: v for k, v in namespace.items() if isinstance(v, torch.Tensor)}
    return graph(root, tensors, trace, name)
