"""Search engine benchmark: index build time, peak memory, query latency and top-1 accuracy,
side by side with the naive scan it replaces (rapidfuzz ``process.extract`` over every passage).

    python bench/search.py            bundled base, then ~30,000 and ~300,000 passages
    python bench/search.py --quick    bundled base and ~30,000 passages, fewer queries

Synthetic bases are generated from the report's own text in two variants:

- ``clauses``: the report's clauses reshuffled into passages, a share of them in Traditional
  characters (as a commission's bases mix sessions and scripts);
- ``vocab``: passages drawn from a realistic vocabulary — the report's words plus a long tail of
  invented words — with Zipf-distributed frequencies, and one passage in five in English
  (the glossary's English terms and invented words), so posting lists have the skew and the
  number of distinct terms of a large multi-session, multi-language base.

Queries are fragments of random passages (a few words, or 4–12 characters), a third of them
with one typing error; a result is right when the first passage contains the fragment as it
was before the error. Each engine query is timed three times and its median kept, so that a
pause of a shared machine is not counted as a slow query; the percentiles are over queries.
The naive scan is slow (about a third of a second per query at 30,000 passages), so only a
few of the queries are run through it at the large sizes; its top-1 is compared with the
engine's on that same subset. Each base is measured in a fresh process so
that its peak memory (maximum resident set size) is its own.
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import re
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

REPORT = ROOT / "knowledge" / "sources" / "E-2020-31-zh.txt"
BUNDLED = ROOT / "knowledge" / "data" / "cstd-23.yaml"
DEV_QUERIES = ROOT / "tests" / "data" / "queries-dev.yaml"

_CLAUSE_END = re.compile(r"(?<=[，；。：])")
_CJK = re.compile(r"[\u4e00-\u9fff]")


def _clauses(text: str) -> list[str]:
    out: list[str] = []
    for line in text.splitlines():
        line = line.strip()
        if len(line) < 8:
            continue
        out.extend(c.strip() for c in _CLAUSE_END.split(line) if len(c.strip()) >= 6)
    return out


def _clause_passages(count: int, rng: random.Random) -> list[str]:
    from knowledge.normalize import to_traditional

    clauses = _clauses(REPORT.read_text(encoding="utf-8"))
    passages = []
    for _ in range(count):
        passage = "".join(rng.choice(clauses) for _ in range(rng.randint(2, 5)))
        if rng.random() < 0.15:
            passage = to_traditional(passage)
        passages.append(passage)
    return passages


def _vocabulary(rng: random.Random) -> tuple[list[str], list[str]]:
    """Chinese words (the report's two- to four-character words first, then invented ones)
    and English words (the glossary's, then invented ones)."""
    import yaml

    text = REPORT.read_text(encoding="utf-8")
    runs = re.findall(r"[\u4e00-\u9fff]+", text)
    counts: dict[str, int] = {}
    for run in runs:
        for size in (2, 3, 4):
            for i in range(len(run) - size + 1):
                counts[run[i : i + size]] = counts.get(run[i : i + size], 0) + 1
    report_words = [w for w, n in sorted(counts.items(), key=lambda kv: -kv[1]) if n >= 2]
    chars = sorted({ch for ch in text if _CJK.match(ch)})
    common = [chr(c) for c in range(0x4E00, 0x9FA6)]
    invented: set[str] = set()
    while len(invented) < 60_000:
        pool = chars if rng.random() < 0.7 else common
        invented.add("".join(rng.choice(pool) for _ in range(rng.choice((2, 2, 2, 3, 3, 4)))))
    zh = report_words + sorted(invented - set(report_words))
    glossary = yaml.safe_load((ROOT / "knowledge" / "sources" / "glossary.yaml").read_text())
    english: list[str] = []
    for term in glossary.get("glossary", []):
        for name in term.get("en", []):
            english.extend(w.lower() for w in re.findall(r"[A-Za-z]+", str(name)))
    english = list(dict.fromkeys(english))
    letters = "abcdefghijklmnopqrstuvwxyz"
    while len(english) < 30_000:
        english.append("".join(rng.choice(letters) for _ in range(rng.randint(3, 10))))
    return zh, english


def _zipf_sampler(size: int, rng: random.Random, exponent: float = 1.07) -> Any:
    import numpy as np

    weights = 1.0 / np.arange(1, size + 1) ** exponent
    cumulative = np.cumsum(weights / weights.sum())
    generator = np.random.default_rng(rng.randrange(2**32))

    def sample(n: int) -> list[int]:
        return [int(i) for i in np.searchsorted(cumulative, generator.random(n))]

    return sample


def _vocab_passages(count: int, rng: random.Random) -> list[str]:
    zh, english = _vocabulary(rng)
    sample_zh = _zipf_sampler(len(zh), rng)
    sample_en = _zipf_sampler(len(english), rng)
    passages = []
    for _ in range(count):
        if rng.random() < 0.2:
            words = [english[i] for i in sample_en(rng.randint(8, 40))]
            passages.append(" ".join(words).capitalize() + ".")
            continue
        words = [zh[i] for i in sample_zh(rng.randint(12, 60))]
        out = []
        for word in words:
            out.append(word)
            if rng.random() < 0.08:
                out.append(rng.choice("，，，；、"))
        passages.append("".join(out) + "。")
    return passages


def _typo(fragment: str, rng: random.Random) -> str:
    position = rng.randrange(len(fragment))
    if fragment[position].isascii():
        letters = "abcdefghijklmnopqrstuvwxyz"
        return fragment[:position] + rng.choice(letters) + fragment[position + 1 :]
    return fragment[:position] + chr(rng.randrange(0x4E00, 0x9FA6)) + fragment[position + 1 :]


def _queries(passages: list[str], count: int, rng: random.Random) -> list[tuple[str, str]]:
    """(query, fragment it must find) pairs cut from random passages."""
    out: list[tuple[str, str]] = []
    while len(out) < count:
        passage = rng.choice(passages)
        if passage.isascii():
            words = passage.rstrip(".").split()
            if len(words) < 4:
                continue
            start = rng.randrange(len(words) - 3)
            fragment = " ".join(words[start : start + rng.randint(2, 4)])
        else:
            cjk = "".join(ch for ch in passage if _CJK.match(ch))
            length = rng.randint(4, 12)
            if len(cjk) < length + 1:
                continue
            start = rng.randrange(len(cjk) - length)
            fragment = cjk[start : start + length]
            if fragment not in passage:
                continue
        query = _typo(fragment, rng) if rng.random() < 0.33 else fragment
        out.append((query, fragment))
    return out


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def _timed(run: Callable[[], T], repeats: int = 3) -> tuple[float, T]:
    """The median of a few runs: a query's own cost, not a pause of a shared machine."""
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def _naive(query: str, passages: list[str]) -> tuple[float, list[int]]:
    from rapidfuzz import process

    started = time.perf_counter()
    found = process.extract(query, passages, limit=5)
    return time.perf_counter() - started, [int(index) for _, _, index in found]


def _worker_synthetic(variant: str, size: int, queries: int, naive_queries: int) -> dict[str, Any]:
    from knowledge.models import KnowledgeBase, Paragraph, SourceInfo
    from knowledge.normalize import normalize
    from knowledge.search import search_in
    from knowledge.search_index import build_index

    rng = random.Random(f"{variant}-{size}")
    passages = _clause_passages(size, rng) if variant == "clauses" else _vocab_passages(size, rng)
    paragraphs = tuple(
        Paragraph(f"P{i + 1}", "report", "report", str(i + 1), i + 1, text)
        for i, text in enumerate(passages)
    )
    kb = KnowledgeBase(1, SourceInfo("BENCH", "synthetic", "zh"), paragraphs=paragraphs)
    del paragraphs
    before = _peak_mb()
    started = time.perf_counter()
    index = build_index(kb)
    build = time.perf_counter() - started
    pairs = _queries(passages, queries, rng)
    for query, _ in pairs[:5]:
        search_in(index, kb, query)  # warm up
    latencies, right = [], []
    gc.collect()
    for query, fragment in pairs:
        seconds, result = _timed(partial(search_in, index, kb, query))
        latencies.append(seconds)
        first = result.matches[0].record if result.matches else None
        text = first.text if first is not None and hasattr(first, "text") else ""
        right.append(normalize(fragment) in normalize(text))
    naive_latencies, naive_right = [], []
    for (query, fragment), _ in zip(pairs, range(naive_queries), strict=False):
        seconds, found = _naive(query, passages)
        naive_latencies.append(seconds)
        naive_right.append(bool(found) and normalize(fragment) in normalize(passages[found[0]]))
    subset = right[: len(naive_right)]
    return {
        "base": f"{variant} {size:,}",
        "passages": size,
        "build_s": build,
        "peak_mb": _peak_mb(),
        "before_mb": before,
        "index_mb": index.nbytes / 2**20,
        "engine_ms": [1000 * x for x in latencies],
        "naive_ms": [1000 * x for x in naive_latencies],
        "engine_top1": sum(right) / len(right),
        "engine_top1_subset": sum(subset) / max(len(subset), 1),
        "naive_top1": sum(naive_right) / max(len(naive_right), 1),
        "queries": len(pairs),
        "naive_queries": len(naive_right),
    }


def _worker_bundled(queries: int) -> dict[str, Any]:
    import yaml

    from knowledge.loader import load_knowledge_base
    from knowledge.search import answer_text, search_in
    from knowledge.search_index import build_index

    kb = load_knowledge_base(BUNDLED.read_bytes())
    started = time.perf_counter()
    index = build_index(kb)
    build = time.perf_counter() - started
    records = list(kb.records())
    texts = [answer_text(kb, r) for r in records]
    dev = yaml.safe_load(DEV_QUERIES.read_text(encoding="utf-8"))

    def right(expected: list[str], text: str) -> bool:
        squashed = "".join(text.split())
        return any("".join(e.split()) in squashed for e in expected)

    latencies, engine_right = [], []
    gc.collect()
    for _ in range(max(1, queries // len(dev))):
        for item in dev:
            seconds, _result = _timed(partial(search_in, index, kb, item["query"]))
            latencies.append(seconds)
    dev = [item for item in dev if item.get("expect_any")]  # accuracy: answerable ones
    for item in dev:
        best = search_in(index, kb, item["query"]).best
        text = texts[records.index(best.record)] if best is not None else ""
        engine_right.append(best is not None and right(item["expect_any"], text))
    naive_latencies, naive_right = [], []
    for item in dev:
        seconds, found = _naive(item["query"], texts)
        naive_latencies.append(seconds)
        naive_right.append(bool(found) and right(item["expect_any"], texts[found[0]]))
    return {
        "base": "bundled (dev set)",
        "passages": len(records),
        "build_s": build,
        "peak_mb": _peak_mb(),
        "before_mb": 0.0,
        "index_mb": index.nbytes / 2**20,
        "engine_ms": [1000 * x for x in latencies],
        "naive_ms": [1000 * x for x in naive_latencies],
        "engine_top1": sum(engine_right) / len(engine_right),
        "engine_top1_subset": sum(engine_right) / len(engine_right),
        "naive_top1": sum(naive_right) / len(naive_right),
        "queries": len(latencies),
        "naive_queries": len(naive_right),
    }


def _run(args: list[str]) -> dict[str, Any]:
    completed = subprocess.run(
        [sys.executable, __file__, "--worker", *args],
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        raise SystemExit(f"benchmark worker {args} failed:\n{completed.stderr}")
    result: dict[str, Any] = json.loads(completed.stdout.strip().splitlines()[-1])
    return result


def _row(r: dict[str, Any]) -> str:
    engine, naive = r["engine_ms"], r["naive_ms"]
    e50, e99 = statistics.median(engine), _percentile(engine, 0.99)
    n50 = statistics.median(naive) if naive else float("nan")
    n99 = _percentile(naive, 0.99) if naive else float("nan")
    speedup = n50 / e50 if naive and e50 > 0 else float("nan")
    top1 = (
        f"{100 * r['engine_top1']:.0f}% / {100 * r['engine_top1_subset']:.0f}%"
        f" vs {100 * r['naive_top1']:.0f}%"
    )
    return (
        f"{r['base']:<18} {r['passages']:>8,} {r['build_s']:>7.2f} {r['peak_mb']:>7.0f} "
        f"{r['index_mb']:>7.1f} {e50:>7.2f} {e99:>7.2f} {n50:>8.1f} {n99:>8.1f} "
        f"{speedup:>7.0f}x  {top1:<20} {r['queries']:>4}/{r['naive_queries']:<3}"
    )


HEADER = (
    f"{'base':<18} {'passages':>8} {'build s':>7} {'peak MB':>7} {'index MB':>7} "
    f"{'eng p50':>7} {'eng p99':>7} {'naive p50':>8} {'naive p99':>8} {'speedup':>8}  "
    f"{'top-1 engine (all / subset) vs naive':<20} {'queries eng/naive'}"
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, few queries")
    parser.add_argument("--worker", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        kind, *rest = args.worker
        if kind == "bundled":
            result = _worker_bundled(int(rest[0]))
        else:
            result = _worker_synthetic(kind, int(rest[0]), int(rest[1]), int(rest[2]))
        print(json.dumps(result))
        return
    plan: list[list[str]] = [["bundled", "600" if not args.quick else "120"]]
    sizes = [(300, 200, 50), (30_000, 200, 10)]
    if not args.quick:
        sizes.append((300_000, 200, 3))
    else:
        sizes = [(300, 60, 20), (30_000, 60, 4)]
    for size, queries, naive in sizes:
        for variant in ("clauses", "vocab"):
            plan.append([variant, str(size), str(queries), str(naive)])
    print(HEADER)
    print("-" * len(HEADER))
    for job in plan:
        print(_row(_run(job)), flush=True)
    print(
        "\nlatencies in ms (each engine query: median of 3 runs); peak MB is the process's "
        "maximum resident set (interpreter, knowledge base and index); index MB the index "
        "arrays alone. top-1: the engine on all its queries / on the naive scan's subset, "
        "vs the naive scan."
    )


if __name__ == "__main__":
    main()
