"""A post as written: front matter, fenced blocks and the images and links in its text.

Besides Markdown fences it reads the code blocks of Hexo (``{% codeblock %}``) and HTML (``<pre><code>``),
tells the outputs typed by hand (a text block under the code, after a 「输出：」 line, tagged ``python``,
``Out[3]:``, a ``'''`` string under the code, the lines under ``>>>`` prompts) from code, and the blocks
tagged Python that are not code to run (signatures, parameter lists, notation, IPython magics).
"""

from __future__ import annotations

import ast
import dataclasses
import html
import re

import yaml

PYTHON = {"python", "py", "python3", "pycon", "ipython"}
OUTPUT = {"", "text", "output", "console", "plaintext", "txt"}
OPENING = re.compile(r"^(?P<indent>\s*)(?P<fence>`{3,}|~{3,})\s*(?P<lang>[\w+-]*)")
REFERENCE = re.compile(r"(?P<image>!?)\[(?P<text>[^\]]*)\]\((?P<target>[^)\s]+)(?:\s+\"[^\"]*\")?\)")
LABEL = re.compile(  # a line introducing the output under it: 「输出：」「运行结果如下：」「Out[3]:」
    r"^\s*(?:#{1,6}\s*(?:[\d.]+\s*)?)?[*_]{0,2}(?:输出结果|运行结果|打印结果|运行输出|输出|结果|output|out\s?\[\d*\]|\[out\])\s*(?:如下|为|是)?"
    r"\s*[：:]?\s*[*_]{0,2}\s*$",
    re.IGNORECASE,
)
OUT_PREFIX = re.compile(r"^\s*(?:Out\s?\[\d*\]|\[Out\])\s*:(?: |$)")
DOCTEST = re.compile(r"^\s*>>>(?: |$)")
DOCTEST_MORE = re.compile(r"^\s*\.\.\.(?: |$)")
IPYTHON_IN = re.compile(r"^\s*(?:In\s?\[\d*\]|\[In\])\s*:(?: |$)")
IPYTHON_MORE = re.compile(r"^\s*\.{3,}:(?: |$)")
MAGIC = re.compile(r"^(?:%|!)\S")
REPR_START = re.compile(
    r"^\s*(?:tensor\(|Parameter containing|torch\.Size\(|Size\(|array\(|<\w|[-+]?\.?\d|True\b|False\b|None\b"
    r"|[(\[]\s*[-+.\d(\[{]|\{|(?:defaultdict|OrderedDict)\(|[\w.]+\s*:\s*\S)"
)
REPR_CALLS = {"tensor", "Size", "array", "Parameter", "device", "dtype", "defaultdict", "OrderedDict"}
SHOWN = re.compile(  # a line a print shows: ``y= tensor(0.) ; x= tensor(1.)``, ``a.shape= torch.Size([6])``
    r"^(?:[\w.]+(?:\[[^\]]*\])?\s*=\s*)?(?:tensor\(|torch\.Size\(|Size\(|Parameter containing)"
)
CONTINUED = re.compile(r"^\s+[-+\[(\d.]|^\s*[\])]")  # the next rows of a multi-line tensor
CODE_LINE = re.compile(
    r"^\s*(?:def|class|import|from|for|while|if|elif|else|return|with|try|except)\b|^\s*[\w.]+\s*[-+*/]?=[^=]"
)
SIGNATURE_NAMED = re.compile(r"签名|原型|signature", re.IGNORECASE)
INDENTED = re.compile(r"^(?: {4}|\t)")
PARAMETER = re.compile(
    r"^\s*(?:[-*+•]\s+)?[*`]{0,2}[A-Za-z_]\w*[*`]{0,2}\s*(?P<type>\([^)]*\))?\s*(?:[:：–—]|--?)\s*(?P<about>.+)$"
)
CJK = re.compile(r"[\u4e00-\u9fff]")
PROSE = re.compile(r"[\u4e00-\u9fff]|[A-Za-z]{2,}\s+[A-Za-z]{2,}")  # words, not a value
MATH = re.compile(r"[·×÷∈∉≈≠≤≥∑∏∫√∂∇→⇒←σ²³ᵀ⊙⊗‖∘]|[\])]\s*(?:->|=>)\s*[\[(]")
HEXO_TAG = re.compile(r"\{%-?\s*(?P<name>\w+)(?P<args>[^%]*?)\s*-?%\}")
HEXO_FENCE = re.compile(r"^\s*\{%\s*(?P<tag>codeblock|highlight)\b(?P<args>[^%]*)%\}\s*$")
HEXO_IMAGES = {"asset_img", "img", "image", "asset_image"}
IMG = re.compile(r"<img\b[^>]*?\bsrc\s*=\s*[\"']?(?P<src>[^\"'\s>]+)[^>]*>", re.IGNORECASE)
ALT = re.compile(r"\balt\s*=\s*[\"'](?P<alt>[^\"']*)", re.IGNORECASE)
PRE = re.compile(r"<pre\b[^>]*>\s*(?:<code\b(?P<attrs>[^>]*)>)?", re.IGNORECASE)
PRE_END = re.compile(r"(?:</code>)?\s*</pre>", re.IGNORECASE)

NOT_CODE = {  # why a block tagged (or looking like) Python is not run: the report's kind
    "printed": "输出块标成了 python",
    "signature": "函数签名",
    "parameters": "参数列表",
    "notation": "公式或记号",
    "magic": "IPython 魔法命令",
}


class Unreadable(ValueError):
    """A post (or a page name) the importer cannot take: the message says why, and nothing was written."""


@dataclasses.dataclass
class Typed:
    """An output typed by hand for the block above it: at the post's ``line``, in one of the post's ``form``s."""

    line: int
    text: str
    form: str  # how the post writes it, as the report names it
    drop: tuple[int, int] | None = None  # the first and last line of the post the draft leaves out (a fence)


@dataclasses.dataclass
class Fence:
    """A fenced block: ``start`` and ``end`` are the post's 1-based lines of its fences."""

    start: int
    end: int
    lang: str
    code: str  # what runs: prompts, typed outputs and magics taken out, every row still at its line
    python: bool = False  # holds Python (tagged so, or untagged and looking like it)
    typed_outputs: list[Typed] = dataclasses.field(default_factory=list)  # outputs typed by hand for it
    not_code: str | None = None  # a key of NOT_CODE: tagged Python (or looking like it) but not run
    prompts: bool = False  # ``>>>`` or ``In [1]:`` prompts were taken out of ``code``
    magics: list[int] = dataclasses.field(default_factory=list)  # the post's lines of IPython magics taken out
    markup: str = ""  # "hexo" or "html": the post writes it as a Hexo tag or a <pre><code> block

    @property
    def untagged_python(self) -> bool:
        return self.python and not self.lang

    @property
    def snippet(self) -> str:
        """``code`` as the draft's example: no runs of blank lines where prompts and outputs were."""
        return re.sub(r"\n(?:[ \t]*\n){2,}", "\n\n", self.code).strip("\n") + "\n"


@dataclasses.dataclass
class Reference:
    line: int
    image: bool
    text: str
    target: str
    source: str  # the whole ``[text](target)`` as written (an HTML <img> as the draft writes it)


@dataclasses.dataclass
class Markup:
    """Hexo or HTML markup left in the post: what it is at ``line`` and what the draft does with it."""

    line: int
    kind: str  # "Hexo 标签" or "HTML 标记"
    written: str
    done: str  # what the draft does with it
    fix: str


@dataclasses.dataclass
class Post:
    lines: list[str]  # the whole file
    meta: dict
    body_start: int  # index in ``lines`` of the first line after the front matter
    fences: list[Fence]
    references: list[Reference]
    markup: list[Markup] = dataclasses.field(default_factory=list)
    rewrites: dict[int, str] = dataclasses.field(default_factory=dict)  # the draft's text for lines of the post

    @property
    def python_blocks(self) -> list[Fence]:
        return [f for f in self.fences if f.python]

    def draft_line(self, number: int) -> str:
        """The post's line ``number`` as the draft writes it (markup converted, blocks that are not code as text)."""
        return self.rewrites.get(number, self.lines[number - 1])


def looks_like_python(code: str) -> bool:
    """Untagged code is Python when it parses and does something: assigns, imports, loops, prints..."""
    tree = _parsed(code)
    return tree is not None and any(
        not isinstance(node, ast.Expr)
        or isinstance(node.value, ast.Call)
        and getattr(node.value.func, "id", "") == "print"
        for node in tree.body
    )


def _parsed(code: str) -> ast.Module | None:
    try:
        return ast.parse(code)
    except (SyntaxError, ValueError):
        return None


def _value_like(node: ast.AST) -> bool:
    """An expression that reads as a printed value: literals, ``tensor([...])``, ``torch.Size([2])``."""
    if isinstance(node, ast.Constant | ast.Name | ast.Attribute):
        return not isinstance(node, ast.Name) or node.id in {"nan", "inf"}
    if isinstance(node, ast.UnaryOp):
        return _value_like(node.operand)
    if isinstance(node, ast.Tuple | ast.List | ast.Set):
        return all(_value_like(e) for e in node.elts)
    if isinstance(node, ast.Dict):
        return all(k is not None and _value_like(k) for k in node.keys) and all(map(_value_like, node.values))
    if isinstance(node, ast.Call):
        name = getattr(node.func, "id", getattr(node.func, "attr", ""))
        return name in REPR_CALLS and all(_value_like(a) for a in node.args)
    return False


def printed_value(code: str) -> bool:
    """A block tagged Python that holds what a run printed (``tensor([1., 2.])``), not code."""
    first = next((line for line in code.splitlines() if line.strip()), "")
    if not REPR_START.match(first):
        return False
    tree = _parsed(code) or _parsed(re.sub(r"<[^<>\n]*>", "None", code))  # defaultdict(<class 'dict'>, …)
    return tree is None or all(
        isinstance(node, ast.Expr)
        and _value_like(node.value)
        or isinstance(node, ast.AnnAssign)
        and node.value is None
        and _value_like(node.annotation)
        for node in tree.body
    )


def shown_lines(code: str) -> bool:
    """An untagged block whose every line reads as what a print showed (``name= tensor(...)``,
    ``torch.Size([6])`` and the next rows of a tensor), though it may parse as Python."""
    rows = [row for row in code.splitlines() if row.strip()]
    return bool(rows) and SHOWN.match(rows[0]) is not None and all(SHOWN.match(r) or CONTINUED.match(r) for r in rows)


def _without_comments(code: str) -> str:
    return "".join(row for row in code.splitlines(keepends=True) if not row.lstrip().startswith("#"))


def printed_with_notes(code: str) -> bool:
    """A block tagged Python holding printed lines with ``#`` notes between them: without the notes it is
    no Python, and no line of it reads as code."""
    rest = _without_comments(code)
    return (
        bool(rest.strip())
        and _parsed(rest) is None
        and not any(CODE_LINE.match(row) or MAGIC.match(row) for row in rest.splitlines())
    )


def _front_matter(lines: list[str]) -> tuple[dict, int]:
    if not lines or lines[0].strip() != "---":
        return {}, 0
    for i in range(1, len(lines)):
        if lines[i].strip() in ("---", "..."):
            try:
                meta = yaml.safe_load("".join(lines[1:i]))
            except yaml.YAMLError as error:
                where = getattr(error, "problem_mark", None)
                line = f"第 {where.line + 2} 行" if where else "里"
                raise Unreadable(f"文章开头的 front matter 不是合法的 YAML（{line}）：{error}") from error
            if meta is not None and not isinstance(meta, dict):
                raise Unreadable("文章开头 --- 之间的 front matter 应是“键: 值”的 YAML 映射")
            return meta or {}, i + 1
    return {}, 0


def _markdown_fence(lines: list[str], i: int) -> Fence | None:
    opening = OPENING.match(lines[i])
    if not opening:
        return None
    mark, indent = opening["fence"], len(opening["indent"])
    j = i + 1
    while j < len(lines) and not re.fullmatch(re.escape(mark[0]) + f"{{{len(mark)},}}", lines[j].strip()):
        j += 1
    code = "".join(line[indent:] if not line[:indent].strip() else line for line in lines[i + 1 : j])
    return Fence(i + 1, j + 1, opening["lang"].lower(), code)


def _hexo_fence(lines: list[str], i: int) -> Fence | None:
    """``{% codeblock lang:python %}`` … ``{% endcodeblock %}`` (or ``{% highlight python %}``)."""
    opening = HEXO_FENCE.match(lines[i])
    if not opening:
        return None
    closing = re.compile(rf"^\s*\{{%\s*end{opening['tag']}\s*%\}}\s*$")
    j = next((j for j in range(i + 1, len(lines)) if closing.match(lines[j])), len(lines))
    args = opening["args"].split()
    lang = next(
        (a[5:] for a in args if a.startswith("lang:")), args[0] if opening["tag"] == "highlight" and args else ""
    )
    return Fence(i + 1, j + 1, lang.lower(), "".join(lines[i + 1 : j]), markup="hexo")


def _html_fence(lines: list[str], i: int) -> Fence | None:
    """``<pre><code class="language-python">`` … ``</code></pre>``, its character entities read."""
    opening = PRE.search(lines[i])
    if not opening or lines[i][: opening.start()].count("`") % 2:
        return None
    j = next((j for j in range(i, len(lines)) if PRE_END.search(lines[j], opening.end() if j == i else 0)), None)
    if j is None:
        return None
    text = "".join(lines[i : j + 1])
    text = text[opening.end() : PRE_END.search(text, opening.end()).start()]
    lang = re.search(r"(?:language|lang)-([\w+-]+)", opening["attrs"] or "")
    code = html.unescape(re.sub(r"</?\w+[^>]*>", "", text)).lstrip("\n")
    return Fence(
        i + 1, j + 1, lang[1].lower() if lang else "", code if code.endswith("\n") else code + "\n", markup="html"
    )


def _fences(lines: list[str], start: int) -> list[Fence]:
    fences, i = [], start
    while i < len(lines):
        fence = _markdown_fence(lines, i) or _hexo_fence(lines, i) or _html_fence(lines, i)
        if fence:
            fences.append(fence)
            i = fence.end
        else:
            i += 1
    return fences


def _bound(fences: list[Fence]) -> set[str]:
    """Every name some block of the post binds."""
    names = set()
    for fence in fences:
        for node in ast.walk(_parsed(fence.code) or ast.Module(body=[], type_ignores=[])):
            if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
                names.add(node.id)
            elif isinstance(node, ast.FunctionDef | ast.ClassDef | ast.arg | ast.alias):
                names.add(getattr(node, "name", None) or getattr(node, "arg", None) or "")
                names.add((getattr(node, "asname", None) or "").split(".")[0])
    return names


def _call_signature(node: ast.AST, bound: set[str], named: bool = False) -> bool:
    """``nn.Conv2d(in_channels, out_channels, kernel_size, stride=1)``: a call of an API whose arguments
    are placeholders (names no block of the post binds, ``...``) and defaults."""
    if not (isinstance(node, ast.Expr) and isinstance(node.value, ast.Call)):
        return False
    call = node.value
    placeholders = [a for a in call.args if isinstance(a, ast.Name) and a.id not in bound]
    rest = [a for a in call.args if a not in placeholders]
    return (
        (isinstance(call.func, ast.Attribute) or named and isinstance(call.func, ast.Name))
        and bool(placeholders or call.keywords)
        and all(isinstance(a, ast.Starred) or isinstance(a, ast.Constant) and a.value is ... for a in rest)
        and all(_value_like(k.value) or isinstance(k.value, ast.Name) for k in call.keywords)
    )


def _signature(code: str, bound: set[str], named: bool = False) -> bool:
    """``named``: the text above says it is a signature (「函数签名如下」): ``DataLoader(dataset, …)`` too,
    its placeholders whatever names the post binds."""
    tree, bound = _parsed(code), (set() if named else bound)
    if tree is None:  # as the API's documentation writes it: class …(…, *, dtype=None) → Tensor
        text = re.sub(r"^\s*(?:class|def)\s+", "", code, flags=re.MULTILINE)
        text = re.sub(r"\)\s*(?:->|→)\s*[^\n]*", ")", re.sub(r"<[^<>\n]*>", "_", text))
        tree, bound = _parsed(re.sub(r"(?<=[(,])\s*[*/]\s*,", "", text)), set()
    return tree is not None and bool(tree.body) and all(_call_signature(node, bound, named) for node in tree.body)


def _parameters(code: str) -> bool:
    """``in_channels (int) – 输入的通道数``: one parameter and what it is on each line."""
    rows = [line for line in code.splitlines() if line.strip()]
    described = [m for m in map(PARAMETER.match, rows) if m and (m["type"] or PROSE.search(m["about"]))]
    tree = _parsed(code)
    code_like = tree is not None and not all(isinstance(n, ast.AnnAssign) and n.value is None for n in tree.body)
    return bool(rows) and not code_like and 3 * len(described) >= 2 * len(rows)


def _notation(code: str) -> bool:
    """``y = W·x + b``, ``(N, C, H, W) -> (N, C*H*W)``: notation, not Python (``W·x`` parses, as one name)."""
    tree = _parsed(code)
    if tree is not None:
        return any(isinstance(n, ast.Name) and MATH.search(n.id) for n in ast.walk(tree))
    return any(MATH.search(line.split("#")[0]) for line in code.splitlines())


def _strip_prompts(fence: Fence) -> None:
    """Take ``>>>``/``...`` (or ``In [1]:``/``...:``) prompts out of the code and the lines they show
    printed (or ``Out[1]:``) out as typed outputs; a bare expression whose value is shown is printed."""
    rows = fence.code.splitlines()
    if not any(DOCTEST.match(r) or IPYTHON_IN.match(r) or OUT_PREFIX.match(r) for r in rows):
        return
    doctest, outputs, showing, prompted = any(DOCTEST.match(r) for r in rows), [], False, False
    more = DOCTEST_MORE if doctest else IPYTHON_MORE
    for i, row in enumerate(rows):
        prompt = (DOCTEST if doctest else IPYTHON_IN).match(row) or (more.match(row) if not showing else None)
        out = OUT_PREFIX.match(row)
        if prompt or not row.strip():
            rows[i], showing, prompted = row[prompt.end() :] if prompt else "", False, prompted or bool(prompt)
        elif out or showing or doctest and prompted:  # what the prompt above shows: a typed output
            if showing and not out:
                outputs[-1][1] += "\n" + row
            else:
                outputs.append([i + 1, row[out.end() :] if out else row])
            rows[i], showing = "", True
    fence.code, fence.prompts = "\n".join(rows) + "\n", True
    fence.code = _print_shown(fence.code, [row for row, _ in outputs])
    fence.typed_outputs += [Typed(fence.start + row, text + "\n", "在提示符下显示的输出") for row, text in outputs]


def _print_shown(code: str, rows: list[int]) -> str:
    """``code`` with each bare expression whose value a prompt shows at one of ``rows`` printed."""
    tree = _parsed(code)
    if tree is None:
        return code
    lines = code.splitlines()
    for row in sorted(rows, reverse=True):
        above = [n for n in tree.body if n.end_lineno < row]
        node = above[-1] if above else None
        if isinstance(node, ast.Expr) and not (
            isinstance(node.value, ast.Call) and getattr(node.value.func, "id", "") == "print"
        ):
            last = lines[node.end_lineno - 1]
            end = len(last.encode()[: node.value.end_col_offset].decode(errors="ignore"))
            lines[node.end_lineno - 1] = last[:end] + ")" + last[end:]
            first = lines[node.lineno - 1]
            start = len(first.encode()[: node.value.col_offset].decode(errors="ignore"))
            lines[node.lineno - 1] = first[:start] + "print(" + first[start:]
    return "\n".join(lines) + "\n"


def _output_like(text: str) -> bool:
    """A ``'''`` string under the code holding what it printed, not a note in prose."""
    cjk = len(CJK.findall(text))
    return bool(re.search(r"\d|True|False|None|tensor", text)) and "。" not in text and 2 * cjk < len(text.strip())


def _strings_as_output(fence: Fence) -> None:
    """``'''`` strings right under the code (not the first statement) that hold its output."""
    tree = _parsed(fence.code)
    if tree is None:
        return
    rows = fence.code.splitlines()
    for node in tree.body[1:]:
        value = getattr(node, "value", None)
        if not (isinstance(node, ast.Expr) and isinstance(value, ast.Constant) and isinstance(value.value, str)):
            continue
        if rows[node.lineno - 1].lstrip()[:3] in ("'''", '"""') and _output_like(value.value):
            fence.typed_outputs.append(
                Typed(fence.start + node.lineno, value.value.strip("\n") + "\n", "代码下面 `'''` 字符串里的输出")
            )
            rows[node.lineno - 1 : node.end_lineno] = [""] * (node.end_lineno - node.lineno + 1)
    fence.code = "\n".join(rows) + "\n"


def _strip_magics(fence: Fence) -> None:
    rows = fence.code.splitlines()
    magic = [i for i, row in enumerate(rows) if MAGIC.match(row)]
    if magic:
        fence.magics = [fence.start + 1 + i for i in magic]
        fence.code = "\n".join("" if i in magic else row for i, row in enumerate(rows)) + "\n"
        if not fence.code.strip():
            fence.not_code = "magic"


def _code_or_not(fence: Fence, bound: set[str], named: bool = False) -> None:
    """For a block tagged Python (or untagged and looking like it): what to run, or why it is not code."""
    _strip_prompts(fence)
    _strip_magics(fence)
    if fence.not_code:
        return
    for kind, test in (
        ("signature", lambda c: _signature(c, bound, named)),
        ("parameters", _parameters),
        ("notation", _notation),
    ):
        if test(fence.code):
            fence.not_code = kind
            return
    if not fence.prompts:
        _strings_as_output(fence)
    fence.python = True


def _label(lines: list[str], previous: Fence | None, fence: Fence, skip: set[int]) -> tuple[str, int] | None:
    """Is ``fence`` right under ``previous`` (only blank lines, or one 「输出：」 line, between)? Then: the label
    line's text ("" for none) and the first line of the post the output takes (the label's or the fence's).
    The lines in ``skip`` (empty code blocks) do not count."""
    if previous is None:
        return None
    between = [
        (n, line)
        for n, line in enumerate(lines[previous.end : fence.start - 1], previous.end + 1)
        if line.strip() and n not in skip
    ]
    if not between:
        return "", fence.start
    if len(between) == 1 and LABEL.match(between[0][1]):
        return between[0][1].strip().strip("*_"), between[0][0]
    return None


def _typed(fence: Fence, labelled: str) -> tuple[str, str] | None:
    """The output a fence under code holds, and the form the post writes it in; None if it holds code."""
    first = next((line for line in fence.code.splitlines() if line.strip()), "")
    if out := OUT_PREFIX.match(first):
        return fence.code.replace(first, first[out.end() :], 1), "`Out[…]:` 后面的输出"
    if fence.lang in PYTHON and printed_value(fence.code):
        return fence.code, "标成 python 的输出块"
    if fence.lang in PYTHON and printed_with_notes(fence.code):
        return _without_comments(fence.code), "标成 python、夹着 `#` 注释行的输出块"
    if fence.lang in OUTPUT and (
        labelled or printed_value(fence.code) or shown_lines(fence.code) or not looks_like_python(fence.code)
    ):
        return fence.code, f"「{labelled}」下面的输出块" if labelled else "代码下面的输出块"
    return None


def _named_signature(lines: list[str], fence: Fence) -> bool:
    """The text just above ``fence`` (past blank lines and HTML comments) says a signature follows."""
    above = [row for row in lines[max(0, fence.start - 6) : fence.start - 1] if row.strip()]
    above = [row for row in above if not row.strip().startswith("<!--")]
    return bool(above) and SIGNATURE_NAMED.search(above[-1]) is not None


def _empty(fence: Fence) -> bool:
    return fence.lang in PYTHON and not fence.code.strip() and not fence.markup


def _classify(fences: list[Fence], lines: list[str]) -> None:
    previous, bound = None, _bound(fences)
    skip = {n for f in fences if _empty(f) for n in range(f.start, f.end + 1)}
    for fence in fences:
        if _empty(fence):  # nothing to run: an output under it belongs to the code above
            continue
        under = _label(lines, previous, fence, skip)
        typed = _typed(fence, under[0]) if under else None
        if typed:
            previous.typed_outputs.append(Typed(fence.start, typed[0], typed[1], (under[1], fence.end)))
            previous.code = _print_shown(previous.code, [previous.code.count("\n") + 1])  # a notebook shows it
            fence.not_code = "printed" if fence.lang in PYTHON else None
            previous = None
            continue
        if fence.lang in PYTHON and printed_value(fence.code):
            fence.not_code = "printed"
        elif fence.lang in PYTHON or not fence.lang and (looks_like_python(fence.code) or DOCTEST.match(fence.code)):
            _code_or_not(fence, bound, _named_signature(lines, fence))
        previous = fence if fence.python else None
        if previous and (indented := _indented_output(lines, fence, fences)):
            fence.typed_outputs.append(indented)
            fence.code = _print_shown(fence.code, [fence.code.count("\n") + 1])
            previous = None


def _indented_output(lines: list[str], fence: Fence, fences: list[Fence]) -> Typed | None:
    """Lines indented 4 spaces right under the code (after a blank line, or a 「输出：」 line), as nbconvert
    writes a notebook's output; up to the next line that is not indented, or the next block."""
    end = next((f.start - 1 for f in fences if f.start > fence.end), len(lines))
    i, first = fence.end, None
    while i < end and not lines[i].strip():
        i += 1
    if i < end and LABEL.match(lines[i]) and not INDENTED.match(lines[i]):
        first, i = i + 1, i + 1
        while i < end and not lines[i].strip():
            i += 1
    if i == fence.end or i >= end or not INDENTED.match(lines[i]):  # a blank line before it, as Markdown wants
        return None
    start, rows = i, []
    while i < end and (
        INDENTED.match(lines[i]) or not lines[i].strip() and i + 1 < end and INDENTED.match(lines[i + 1])
    ):
        rows.append(lines[i][4:] if lines[i].startswith("    ") else lines[i][1:])
        i += 1
    return Typed(start + 1, "".join(rows), "代码下面缩进 4 格的输出", (first or start + 1, i))


def _as_text(lines: list[str], fence: Fence) -> dict[int, str]:
    """The draft's lines for a block that is not run: a text block (a Hexo or HTML one as Markdown)."""
    if fence.markup:
        body = fence.code if fence.code.endswith("\n") else fence.code + "\n"
        lang = "text" if fence.not_code or fence.lang in PYTHON else fence.lang
        return {fence.start: f"```{lang}\n{body}```\n", **{n: "" for n in range(fence.start + 1, fence.end + 1)}}
    if fence.not_code:
        indent = re.match(r"\s*", lines[fence.start - 1])[0]
        return {fence.start: f"{indent}{OPENING.match(lines[fence.start - 1])['fence']}text\n"}
    return {}


def _hexo_tags(number: int, line: str) -> tuple[list[Markup], str]:
    found = []

    def replace(tag: re.Match) -> str:
        name = tag["name"]
        if name.startswith("end"):
            return ""
        if name in HEXO_IMAGES:
            done, fix = "草稿里已去掉这张图", "把图片放进 docs/，写成 Markdown 的 `![说明](图片路径)`"
            found.append(Markup(number, "Hexo 标签", tag[0], done, fix))
            return f"<!-- 原文这里有一张图（Hexo 的 {name} 标签），见导入报告 -->"
        done = "Markdown 不认识它，草稿里已去掉标签（它包着的文字留着）"
        found.append(Markup(number, "Hexo 标签", tag[0], done, "改成 Markdown 的写法（提示框用 `!!! note`），或删掉"))
        return ""

    return found, HEXO_TAG.sub(replace, line)


def _html_images(number: int, line: str) -> tuple[list[Markup], list[Reference], str]:
    found, references = [], []

    def replace(tag: re.Match) -> str:
        alt = ALT.search(tag[0])
        markdown = f"![{alt['alt'] if alt else ''}]({tag['src']})"
        references.append(Reference(number, True, alt["alt"] if alt else "", tag["src"], markdown))
        done = f"草稿里换成了 Markdown 的 `{markdown}`"
        found.append(Markup(number, "HTML 标记", tag[0], done, "写成 Markdown 的图片，图片放进 docs/"))
        return markdown

    return found, references, IMG.sub(replace, line)


def _markup(post: Post) -> None:
    """Hexo tags and HTML images outside the blocks: noted at their lines, converted or left out in the draft."""
    inside = {n for f in post.fences for n in range(f.start, f.end + 1)}
    for number in range(post.body_start + 1, len(post.lines) + 1):
        if number in inside:
            continue
        parts, found = re.split(r"(`[^`]*`)", post.lines[number - 1]), []  # odd parts: inline code
        for i in range(0, len(parts), 2):
            hexo, parts[i] = _hexo_tags(number, parts[i])
            images, references, parts[i] = _html_images(number, parts[i])
            found += hexo + images
            post.references += references
        text = "".join(parts)
        if text != post.lines[number - 1]:  # a tag taken out (an end tag is not reported), an image converted
            post.markup += found
            post.rewrites[number] = text if text.strip() else "\n"
    for fence in post.fences:
        if fence.markup:
            tag = "<pre><code>" if fence.markup == "html" else "{% codeblock %}"
            kind = "HTML 标记" if fence.markup == "html" else "Hexo 标签"
            done = (
                "导入时当作代码块读"
                + ("（字符实体已还原）" if fence.markup == "html" else "")
                + "，草稿里换成了 Markdown 的代码块"
            )
            post.markup.append(Markup(fence.start, kind, tag, done, "写成 Markdown 的 ``` 代码块"))
        post.rewrites.update(_as_text(post.lines, fence) if not fence.python else {})
        if _empty(fence) and not fence.not_code:  # an empty code block: left out of the draft
            post.rewrites.update({n: "" for n in range(fence.start, fence.end + 1)})
    post.markup.sort(key=lambda m: m.line)


def _references(lines: list[str], start: int, fences: list[Fence]) -> list[Reference]:
    inside = {n for f in fences for n in range(f.start, f.end + 1)}
    found = []
    for number in range(start + 1, len(lines) + 1):
        if number in inside:
            continue
        text = re.sub(r"`[^`]*`", lambda m: " " * len(m[0]), lines[number - 1])  # not in inline code
        for m in REFERENCE.finditer(text):
            found.append(Reference(number, bool(m["image"]), m["text"], m["target"], m[0]))
    return found


def read(text: str) -> Post:
    lines = text.splitlines(keepends=True)
    meta, start = _front_matter(lines)
    fences = _fences(lines, start)
    _classify(fences, lines)
    post = Post(lines, meta, start, fences, _references(lines, start, fences))
    _markup(post)
    return post
