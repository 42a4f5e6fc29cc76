"""Benchmark of the TEXT_MANIPULATION sandbox (not a test): the overhead of one call.

A tiny body run `--calls` times in a row from one thread: the first call (which may have to start
the sandbox) and then the median, mean and p95 of the others, plus the CPU this process spent.

    .venv/bin/python bench/sandbox.py [--calls 200]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=200)
    args = parser.parse_args()

    from workflows.engine.sandbox import js_function_run

    samples = []
    cpu_started = os.times()
    for _ in range(args.calls):
        started = time.perf_counter()
        result = js_function_run("return inputs.text.toUpperCase();", {"text": "hello"})
        samples.append((time.perf_counter() - started) * 1000)
        assert result == "HELLO"
    cpu = os.times()
    first, rest = samples[0], sorted(samples[1:])
    p95 = rest[int(len(rest) * 0.95) - 1]
    spent = (cpu.user + cpu.system) - (cpu_started.user + cpu_started.system)
    children = (cpu.children_user + cpu.children_system) - (
        cpu_started.children_user + cpu_started.children_system
    )
    print(f"calls: {args.calls}, first: {first:.1f} ms")
    print(
        f"then median {statistics.median(rest):.2f} ms, mean {statistics.mean(rest):.2f} ms,"
        f" p95 {p95:.2f} ms per call"
    )
    print(f"CPU of this process: {spent * 1000 / args.calls:.2f} ms per call", end="")
    print(f" (+ {children * 1000 / args.calls:.2f} ms in reaped children)")


if __name__ == "__main__":
    main()
