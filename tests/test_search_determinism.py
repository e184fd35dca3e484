"""The same question gets the same answer in every process.

Python salts string hashing per process (PYTHONHASHSEED), so anything that iterates a set of
strings can order terms differently from one start to the next. Search must not depend on
that order: two processes with different salts answer every question of the evaluation sets alike.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from knowledge.search import search
from tests.support.kbs import bundled_kb

ROOT = Path(__file__).resolve().parent.parent
# every question set: their questions only (nothing is scored here)
SETS = [ROOT / "tests" / "data" / f"queries-{name}.yaml" for name in ("dev", "heldout", "blind")]

_ANSWER_ALL = """
import json, sys
from pathlib import Path
from knowledge.evaluate import load_queries
from knowledge.search import search
from tests.support.kbs import bundled_kb
kb = bundled_kb()
out = []
for path in sys.argv[1:]:
    cases = load_queries(Path(path).read_text(encoding="utf-8"))
    # a large set: some 400 to 600 of its questions, the same ones in every process (the time it
    # takes grows with the set)
    for case in cases[:: max(1, len(cases) // 400)]:
        result = search(kb, case.query, limit=3)
        out.append([case.id, result.status, [m.record.id for m in result.matches]])
print(json.dumps(out))
"""


def _answers(seed: str) -> list[list[object]]:
    env = dict(os.environ, PYTHONHASHSEED=seed, PYTHONPATH=str(ROOT))
    done = subprocess.run(
        [sys.executable, "-c", _ANSWER_ALL, *map(str, SETS)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    answers: list[list[object]] = json.loads(done.stdout)
    return answers


def test_processes_with_different_hash_salts_answer_alike() -> None:
    # three salts: a dependence on set order shows with some salts and not others (salts 1
    # and 2 agreed where 3 and 4 did not, before homophones were sorted)
    with ThreadPoolExecutor(max_workers=3) as pool:  # three processes side by side
        first, *others = pool.map(_answers, ("1", "3", "4"))
    assert len(first) > 600
    for seed, other in zip(("3", "4"), others, strict=True):
        differ = [(a, b) for a, b in zip(first, other, strict=True) if a != b]
        assert differ == [], seed


def test_a_name_written_in_latin_is_not_found_by_its_number_alone() -> None:
    # "WSIS Forum 2020" as written has words the report never prints in Latin script: a
    # record that merely prints 2020 (a bureau seat) must not cover it
    result = search(bundled_kb(), "when and where is the WSIS Forum 2020")
    assert result.status == "answer"
    assert result.matches[0].record.id == "R1.56"
