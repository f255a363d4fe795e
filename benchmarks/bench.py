"""Measure what CORS costs a Flask request: bare Flask, this project, flask-cors.

Usage (``make bench`` / ``make bench-quick`` set this up)::

    python benchmarks/bench.py --ours .venv/bin/python \
        --theirs .venv-bench-flask-cors/bin/python [--quick]

Each library runs in its own worker process (``worker.py``) inside its own
virtualenv, so neither can shadow the other.  The orchestrator interleaves
the measurements (bare, ours, flask-cors, bare, ours, flask-cors, ...) for
several repetitions and reports medians with min and max, in microseconds
per request, and the overheads over bare Flask as ratios from this one run.
The table is printed and written to ``benchmarks/results.md``.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from scenarios import SCENARIOS, SIZES, Scenario  # noqa: E402


class Worker:
    """A benchmark worker process in one virtualenv."""

    def __init__(self, python: str, label: str) -> None:
        self.label = label
        self.process = subprocess.Popen(
            [os.path.abspath(python), os.path.join(HERE, "worker.py")],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=HERE,
        )
        ready = json.loads(self._read())
        self.module = ready["ready"]

    def _read(self) -> str:
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        if not line:
            raise SystemExit(f"{self.label} worker stopped (exit {self.process.wait()})")
        return line

    def measure(self, scenario: str, variant: str, calls: int) -> float:
        assert self.process.stdin is not None
        command = {"scenario": scenario, "variant": variant, "calls": calls}
        self.process.stdin.write(json.dumps(command) + "\n")
        self.process.stdin.flush()
        return float(json.loads(self._read())["us"])

    def close(self) -> None:
        if self.process.stdin:
            self.process.stdin.close()
        self.process.wait(timeout=30)


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as info:
            for line in info:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}"


def fmt(values: list[float]) -> str:
    return f"{statistics.median(values):.1f} ({min(values):.1f}–{max(values):.1f})"


def run(args: argparse.Namespace) -> str:
    ours = Worker(args.ours, "ours")
    theirs = Worker(args.theirs, "flask-cors") if args.theirs else None
    chosen = [s for s in SCENARIOS.values() if s.quick or not args.quick]
    timings: dict[str, dict[str, list[float]]] = {
        s.id: {"bare": [], "ours": [], "their_bare": [], "theirs": []} for s in chosen
    }
    calls = args.calls
    try:
        for repetition in range(args.repetitions):
            for scenario in chosen:
                row = timings[scenario.id]
                row["bare"].append(ours.measure(scenario.id, "bare", calls))
                row["ours"].append(ours.measure(scenario.id, "cors", calls))
                if theirs is not None and not scenario.ours_only:
                    row["their_bare"].append(theirs.measure(scenario.id, "bare", calls))
                    row["theirs"].append(theirs.measure(scenario.id, "cors", calls))
            print(f"repetition {repetition + 1}/{args.repetitions} done", file=sys.stderr)
    finally:
        ours.close()
        if theirs is not None:
            theirs.close()
    return report(args, chosen, timings, ours.module, theirs.module if theirs else None)


def overhead(row: dict[str, list[float]], bare: str, cors: str) -> float | None:
    if not row[cors]:
        return None
    return statistics.median(row[cors]) - statistics.median(row[bare])


def report(
    args: argparse.Namespace,
    chosen: list[Scenario],
    timings: dict[str, dict[str, list[float]]],
    ours_module: str,
    theirs_module: str | None,
) -> str:
    today = datetime.date.today().isoformat()
    lines = [
        "# Benchmark results",
        "",
        f"{today}, {machine()}.",
        f"Direct WSGI calls, {args.calls} calls per measurement, {args.repetitions} "
        f"interleaved repetitions; medians of CPU µs per request, (min–max) across "
        f"repetitions. Overhead = CORS app minus bare Flask in the same process; "
        f"ratio = our overhead / flask-cors 6.0.5's overhead on the same scenario.",
        "",
        "| scenario | bare Flask | flask_cors (ours) | flask-cors 6 | our overhead | "
        "their overhead | ratio |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    ratios: dict[str, float] = {}
    ours_over: dict[str, float] = {}
    for scenario in chosen:
        row = timings[scenario.id]
        mine = overhead(row, "bare", "ours")
        assert mine is not None
        ours_over[scenario.id] = mine
        bare = statistics.median(row["bare"])
        theirs = overhead(row, "their_bare", "theirs")
        ratio = ""
        if theirs is not None and theirs > 0:
            ratios[scenario.id] = mine / theirs
            ratio = f"{mine / theirs:.2f}"
        lines.append(
            f"| {scenario.title} | {fmt(row['bare'])} | {fmt(row['ours'])} | "
            f"{fmt(row['theirs']) if row['theirs'] else 'n/a'} | "
            f"{mine:.1f} ({mine / bare * 100:.0f} %) | "
            f"{'n/a' if theirs is None else f'{theirs:.1f}'} | {ratio or 'n/a'} |"
        )
    lines += ["", "## Targets", ""]
    main = [ratios[k] for k in "abcde" if k in ratios]
    if main:
        lines.append(
            f"- (a)–(e) overhead ratio to flask-cors: median {statistics.median(main):.2f} "
            f"(target ≤ 0.25), worst {max(main):.2f} (target ≤ 0.35), "
            f"decorator (e) {ratios.get('e', float('nan')):.2f} (target ≤ 0.15)."
        )
    for key in "abe":
        bare = statistics.median(timings[key]["bare"])
        lines.append(
            f"- ({key}) our overhead is {ours_over[key] / bare * 100:.1f} % of the bare "
            f"request (target ≤ 15 %)."
        )
    for kind, target in (("exact", 1.2), ("regex", 3.0), ("glob", 3.0), ("resources", 3.0)):
        for outcome in ("last", "none"):
            small, large = f"{kind}-1-{outcome}", f"{kind}-{SIZES[-1]}-{outcome}"
            if small in ours_over and large in ours_over and ours_over[small] > 0:
                factor = ours_over[large] / ours_over[small]
                lines.append(
                    f"- {kind} x{SIZES[-1]} ({outcome} matches): overhead {factor:.2f} × the "
                    f"overhead with 1 (target ≤ {target})."
                )
    lines += [
        "",
        f"Ours: `{ours_module}`. flask-cors: `{theirs_module or 'not measured'}`.",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ours", default=sys.executable, help="python of our virtualenv")
    parser.add_argument("--theirs", help="python of a virtualenv with flask-cors from PyPI")
    parser.add_argument("--quick", action="store_true", help="fewer scenarios and calls")
    parser.add_argument("--calls", type=int, help="calls per measurement")
    parser.add_argument("--repetitions", type=int, help="interleaved repetitions")
    parser.add_argument("--output", default=os.path.join(HERE, "results.md"))
    args = parser.parse_args()
    if args.calls is None:
        args.calls = 300 if args.quick else 1000
    if args.repetitions is None:
        args.repetitions = 3 if args.quick else 7
    table = run(args)
    print(table)
    if not args.quick:
        with open(args.output, "w", encoding="utf-8") as output:
            output.write(table)
        print(f"written to {args.output}", file=sys.stderr)


if __name__ == "__main__":
    main()
