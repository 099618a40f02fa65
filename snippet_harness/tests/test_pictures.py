"""Pictures show what the example really computed: the boxes and arrows of a graph picture are
the real graph, and a matmul picture the real shapes."""

import re

import pytest

from snippet_harness import runner

GRAPH = """import torch
w = torch.tensor([2.0], requires_grad=True)
x, y = torch.tensor([3.0]), torch.tensor([7.0])
loss = EXPRESSION
loss.backward()

def walk(fn):  # the traversal the picture must show: (node, the nodes next_functions gives)
    print(type(fn).__name__, *[type(c).__name__ for c, _ in fn.next_functions if c is not None])
    for c, _ in fn.next_functions:
        if c is not None:
            walk(c)

walk(loss.grad_fn)
"""


def drawn_graph(svg: str) -> list[str]:
    """The nodes of a graph picture, each with the nodes its arrows point to, read off the SVG."""
    boxes = [
        (float(x), float(y), float(w), float(h))
        for x, y, w, h in re.findall(r'<rect[^>]* x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)"', svg)
    ]
    names = [name.split(" → ")[0] for name in re.findall(r'<text[^>]*font-weight="bold">([^<]*)</text>', svg)]
    line = r'<line x1="([\d.]+)" y1="([\d.]+)" x2="([\d.]+)" y2="([\d.]+)"'
    arrows = [tuple(map(float, m)) for m in re.findall(line, svg)]

    def box_at(px, py):
        return next(i for i, (x, y, w, h) in enumerate(boxes) if x <= px <= x + w and y - 3 <= py <= y + h + 3)

    targets = {i: [] for i in range(len(boxes))}
    for x1, y1, x2, y2 in arrows:
        targets[box_at(x1, y1)].append(names[box_at(x2, y2)])
    return [" ".join([names[i], *targets[i]]) for i in range(len(boxes))]


@pytest.mark.parametrize("expression", ["(w * x - y) ** 2", "(w * x + y) ** 3"])
def test_graph_pictures_show_the_real_graph(expression, harness):
    """The boxes and arrows of the picture are the example's real graph; another expression,
    another picture."""
    job = runner.Job(GRAPH.replace("EXPRESSION", expression), "graph.py", picture=("graph", "loss"))
    result = harness.run({0: job})[0]
    assert result.ok and result.picture, result.problem("graph.py", 60)
    assert drawn_graph(result.picture) == result.stdout.splitlines()
    assert ("SubBackward0" in result.picture) == ("-" in expression)
    assert "梯度 -6" in result.picture or "-" not in expression  # the post's example: -6 flows into w


def test_matmul_pictures_show_the_real_shapes(harness):
    source = "import torch\nprint((torch.ones(3) @ torch.ones(2, 3, 4)).shape)\n"
    result = harness.run({0: runner.Job(source, "shapes.py", picture=("matmul", ""))})[0]
    assert result.ok, result.problem("shapes.py", 60)
    assert "(3,) @ (2, 3, 4) → (2, 4)" in result.picture and result.stdout == "torch.Size([2, 4])\n"
    rows = re.findall(r'<text x="\d+" y="\d+" text-anchor="middle">(\d+)</text>', result.picture)
    assert rows == ["3", "1", "4", "3", "2", "4", "1", "2"]  # a as (1, 3); b (2, 3, 4); the result (2, 1, 4)
