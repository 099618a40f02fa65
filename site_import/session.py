"""Runs a post's blocks inside the harness's child (its box, its temporary folder, its deadline) and
records what each top-level statement prints.

The importer sends this file's text, followed by a call of ``main``, as one example's source: the
blocks then run in order in one namespace, as a reader (or a notebook) runs them top to bottom, or
one block alone.  For each statement it writes one JSON record, after ``MARK``, to standard output:
its block and rows, what it printed, the repr of a bare expression's value (as a notebook shows
it), the shapes of the names a comment claims a shape for, the warnings it raised (recorded, not
errors, so that an error after a warning is seen) and its error.  A block stops at its first error
or after ``per_block`` seconds; the next block still runs.  Only the standard library is used here:
the child imports nothing new.
"""

import ast
import builtins
import contextlib
import io
import json
import signal
import sys
import traceback
import warnings

MARK = "\x1estatement "
KEEP = 2000  # characters of a statement's output kept in its record


class _Late(BaseException):
    """The block ran past its time."""


def _alarm(*_):
    raise _Late


def _shape(namespace, name):
    value = namespace.get(name)
    shape = getattr(value, "shape", None)
    try:
        return [int(n) for n in shape] if shape is not None else None
    except TypeError:
        return None


def _error(exc, filename):
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == filename]
    text = "".join(traceback.format_exception_only(type(exc), exc)).strip().splitlines()[-1]
    line = exc.lineno if isinstance(exc, SyntaxError) and exc.filename == filename else None
    return {"type": type(exc).__name__, "text": text, "line": frames[-1].lineno if frames else line}


def _statement(node, filename, namespace, record):
    printed = io.StringIO()
    with warnings.catch_warnings(record=True) as caught, contextlib.redirect_stdout(printed):
        warnings.simplefilter("always")
        try:
            if isinstance(node, ast.Expr):
                value = eval(compile(ast.Expression(node.value), filename, "eval"), namespace)
                if value is not None:
                    record["repr"] = repr(value)[:KEEP]
            else:
                exec(compile(ast.Module([node], []), filename, "exec"), namespace)  # noqa: S102
        except _Late:
            record["error"] = {"type": "Timeout", "text": "", "line": node.lineno}
        except BaseException as exc:  # noqa: BLE001 - the block's own error
            record["error"] = _error(exc, filename)
    text = printed.getvalue()
    record.update(printed=text[:KEEP], size=len(text), lines=text.count("\n"))
    record["warnings"] = [[w.category.__name__, str(w.message), w.lineno] for w in caught if w.filename == filename]
    if not isinstance(node, ast.Expr) and isinstance(getattr(node, "targets", [None])[0], ast.Name):
        value = namespace.get(node.targets[0].id)
        record["value"] = repr(value)[:KEEP] if hasattr(value, "shape") else None


def _block(index, filename, code, watch, namespace, emit):
    try:
        body = ast.parse(code, filename).body
    except SyntaxError as exc:
        emit({"block": index, "start": exc.lineno or 1, "end": exc.lineno or 1, "error": _error(exc, filename)})
        return
    for node in body:
        record = {"block": index, "start": node.lineno, "end": node.end_lineno}
        _statement(node, filename, namespace, record)
        record["shapes"] = {line: _shape(namespace, name) for row, name, line in watch if row == node.end_lineno}
        emit(record)
        if "error" in record:
            return


def main(blocks, preamble="", per_block=30.0):
    """Run ``blocks`` ([filename, code, watch]: watch lists [row, name, line]) in order in one namespace."""
    real = sys.stdout
    namespace = {"__name__": "__main__", "__builtins__": builtins}

    def emit(record):
        real.write(MARK + json.dumps(record, ensure_ascii=False) + "\n")
        real.flush()

    if preamble:
        exec(compile(preamble, "<导入>", "exec"), namespace)  # noqa: S102
    signal.signal(signal.SIGALRM, _alarm)
    for index, (filename, code, watch) in enumerate(blocks):
        signal.setitimer(signal.ITIMER_REAL, per_block)
        try:
            _block(index, filename, code, watch, namespace, emit)
        except _Late:
            emit({"block": index, "start": 1, "end": 1, "error": {"type": "Timeout", "text": "", "line": None}})
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
