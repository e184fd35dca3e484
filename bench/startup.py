"""How long a fresh process takes to be useful: the console from start to its first answer.

    python bench/startup.py [--runs N]

Each run is a new interpreter (``python -m bot console`` with piped input, no Telegram token,
a temporary database), timed from launch to exit after answering ``/help`` and one free-text
question. Loading the knowledge base builds the index and warms search up (the dictionary is
read then), so the free-text question costs no more than any other. Prints each run and the
median.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def one_run() -> float:
    with tempfile.TemporaryDirectory() as folder:
        env = dict(os.environ, PYTHONPATH=str(ROOT), DELEGATE_BOT_DB=str(Path(folder) / "b.db"))
        env.pop("TELEGRAM_BOT_TOKEN", None)
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "bot", "console"],
            input="/help\ndid the Japanese delegation speak\n",
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
        elapsed = time.perf_counter() - started
    if "/agenda" not in done.stdout:
        raise SystemExit(f"the console did not answer /help:\n{done.stdout}\n{done.stderr}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    times = []
    for run in range(1, args.runs + 1):
        elapsed = one_run()
        times.append(elapsed)
        print(f"run {run}: {elapsed:.2f} s")
    print(
        f"console start to first answers, median of {len(times)}: {statistics.median(times):.2f} s"
    )


if __name__ == "__main__":
    main()
