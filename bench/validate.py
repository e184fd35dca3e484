"""How long the knowledge-base checker takes on hostile uploads (figures, not a test).

    python bench/validate.py

Each case is what an upload could hold to tie the checker up: nesting thousands of levels
deep, a file just over the size limit, thousands of unknown keys or of references to
paragraphs that do not exist. Every case is run five times and the median printed, with
the problems found, so a regression (a check that parses first, or one that keeps going
after its limit) shows as a jump here while the tests check what is reported.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from knowledge.loader import MAX_BYTES, validate_knowledge_base

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "knowledge" / "data" / "cstd-23.yaml"
DEEP = 50_000


def _cases() -> list[tuple[str, Callable[[], str | bytes]]]:
    bundled = BUNDLED.read_text(encoding="utf-8")
    header = "schema_version: 1\n"
    return [
        ("bundled knowledge base (valid)", lambda: bundled),
        ("flow lists nested deep", lambda: "[" * DEEP + "]" * DEEP),
        ("block lists nested deep", lambda: "- " * DEEP + "x\n"),
        ("indentation nested deep", lambda: "".join(" " * i + "a:\n" for i in range(2_000))),
        (
            "one byte over the size limit",
            lambda: bundled + "#" * (MAX_BYTES - len(bundled.encode()) + 1),
        ),
        ("1,500 unknown keys", lambda: header + "".join(f"key{i}: 1\n" for i in range(1_500))),
        ("300,000 values", lambda: "[" + "1, " * 300_000 + "1]"),
    ]


def main() -> None:
    print(f"{'case':34} {'median':>10} {'problems':>9}")
    for name, make in _cases():
        text = make()
        times: list[float] = []
        problems = 0
        for _ in range(5):
            started = time.perf_counter()
            problems = len(validate_knowledge_base(text))
            times.append(time.perf_counter() - started)
        print(f"{name:34} {statistics.median(times) * 1000:8.1f} ms {problems:9}")


if __name__ == "__main__":
    main()
