"""The stored files a run is compared with, and the verdict of one comparison.

A run of an example is compared with two kinds of stored file (``Kind``).  Its printed output
(``OUTPUT``, ``<name>.out``) is the pinned torch's, and another listed release may record its own
beside it (``<name>.torch-<release>.out``, see site_model/versions.py).  The picture it asks for
(``PICTURE``, ``<name>.svg``) is never recorded per release: every release must draw the pinned
one.  ``judge`` compares what a run gave with one stored file and returns a ``Verdict``: the run
matches, it differs (with the diff), or the stored file is missing.  What happens next (the test
fails, the file is rewritten, a release's output is recorded) is up to the policy
(snippet_harness/policies.py).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

from site_model import Example, Settings
from snippet_harness import compare
from snippet_harness.job import Result


@dataclasses.dataclass(frozen=True)
class Kind:
    """A kind of stored file is what a run of an example is compared with: an output or a picture."""

    label: str  # how messages name it
    per_release: bool  # whether another listed torch release may record its own beside the pinned one
    pinned_file: Callable[[Example], Path]  # where the pinned torch's is stored
    fresh: Callable[[Result], str | None]  # what a run gave of it
    wanted: Callable[[Settings], bool]  # whether an example with these settings has one

    def file_on(self, example: Example, torch: str, pinned: str | None) -> Path:
        """Return the stored file that a run on torch ``torch`` is compared with, ``pinned`` being the pinned release.

        That is the pinned torch's file, or, for a kind recorded per release, the one recorded for
        the release of ``torch`` when there is one (``Example.output_on``).
        """
        return example.output_on(torch, pinned) if self.per_release else self.pinned_file(example)


OUTPUT = Kind("输出", True, lambda example: example.output, lambda result: result.stdout, lambda how: True)
PICTURE = Kind(
    "图", False, lambda example: example.picture, lambda result: result.picture, lambda how: bool(how.picture)
)
KINDS = (OUTPUT, PICTURE)


@dataclasses.dataclass(frozen=True)
class Verdict:
    """A verdict says what one comparison of a run with a stored file found."""

    name: str  # the block or the example, as a failure names it
    example: Example
    kind: Kind
    device: str  # where the run ran
    stored: Path  # the stored file it was compared with
    stored_name: str  # that file's path as messages name it (relative to the site folder)
    fresh: str  # what the run gave
    missing: bool  # the stored file does not exist
    difference: compare.Difference | None  # how the run differs from the stored file, or None

    @property
    def matches(self) -> bool:
        """Tell whether the run gave what the stored file holds, within float noise."""
        return not self.missing and self.difference is None


def judge(
    name: str,
    example: Example,
    kind: Kind,
    stored: Path,
    result: Result,
    *,
    stored_name: str,
    device: str,
    random: bool,
) -> Verdict:
    """Compare what ``result`` (a run on ``device``) gave of ``kind`` with the stored file ``stored``.

    ``stored_name`` names the file in messages.  For an example whose numbers come from the random
    generator (``random``), a run on another device than the CPU is compared by its structure only,
    since the generator gives other numbers there (see ``compare.matches``).
    """
    fresh = kind.fresh(result) or ""
    if not stored.is_file():
        return Verdict(name, example, kind, device, stored, stored_name, fresh, True, None)
    difference = compare.difference(
        stored.read_text(encoding="utf-8"),
        fresh,
        name=stored_name,
        device=device,
        structure_only=random and device != "cpu",
    )
    return Verdict(name, example, kind, device, stored, stored_name, fresh, False, difference)
