"""Measure what CORS costs a Flask request: bare Flask, this project, flask-cors.

Usage (``make bench`` / ``make bench-quick`` set this up)::

    python benchmarks/bench.py --ours .venv/bin/python \
        --theirs .venv-bench-flask-cors/bin/python [--quick]
    python benchmarks/bench.py --ours .venv/bin/python --opcodes   # make bench-opcodes

Each library runs in its own worker process (``worker.py``) inside its own
virtualenv, so neither can shadow the other.  Within a worker, a bare Flask
app and the same app with CORS are timed in alternating batches (bare, CORS,
CORS, bare, ...), and the overhead is the median of the paired differences,
in µs and as a percentage of the paired bare time; the orchestrator
alternates between the workers, scenario by scenario, for several
repetitions.  The (f) scaling factors come from our worker timing the
1-entry and the largest app side by side (each paired with bare Flask) in
the same rounds, once per repetition.  The table shows medians over the
repetitions with min and max, in microseconds per request, and the ratios
of the overhead percentages from this one run.  It is printed and written
to ``benchmarks/results.md`` (``--quick`` only prints).
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
from typing import Any

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from scenarios import FLOOD_COUNT, FLOOD_ORIGINS, FLOODS, SCENARIOS, SIZES, Scenario  # noqa: E402

# (f) targets: (kind, outcome) -> the most the overhead with SIZES[-1] entries
# may be, as a multiple of the overhead with 1.
SCALING = {
    (kind, outcome): target
    for kind, target in (("exact", 1.2), ("regex", 3.0), ("wildcard", 3.0), ("resources", 3.0))
    for outcome in ("last", "none")
}
#: How the targets name each kind of scaling scenario.
KIND_NAMES = {"wildcard": "subdomain wildcard"}


#: (g) Timed side by side like the scaling pairs: a GET under a policy
#: without, then with, cross_origin_protection.
PROTECTION_IDS = ["protection-off", "protection-on"]
#: The most the overhead with the option on may exceed the overhead without,
#: in percentage points of the bare request: below what a run can resolve.
PROTECTION_TARGET = 1.0
#: (h) The most all memo tables together may hold (flask_cors._patterns._MEMO_BYTES).
MEMO_BOUND = 2 * 1024 * 1024
#: The most a request's overhead in a flooded app may exceed the overhead in
#: a new one, in percentage points of the bare request, as for (g).
FLOOD_TARGET = 1.0


def scaling_ids(kind: str, outcome: str) -> list[str]:
    """The scenario ids of one scaling comparison: 1 entry, then the most."""
    return [f"{kind}-1-{outcome}", f"{kind}-{SIZES[-1]}-{outcome}"]


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

    def measure(self, scenario: str, rounds: int, batch: int) -> dict[str, float]:
        return self.ask({"scenario": scenario, "rounds": rounds, "batch": batch})

    def ask(self, command: dict[str, Any]) -> dict[str, float]:
        assert self.process.stdin is not None
        self.process.stdin.write(json.dumps(command) + "\n")
        self.process.stdin.flush()
        result: dict[str, float] = json.loads(self._read())
        return result

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


Timings = dict[str, dict[str, list[float]]]
# (kind, outcome) -> "small"/"large" -> one figure per repetition
Scalings = dict[tuple[str, str], dict[str, list[float]]]
# flood -> "ours_cors", "theirs_fresh", ... -> one figure per repetition
Floods = dict[str, dict[str, list[float]]]


def size(held: float) -> str:
    """Bytes, in KB or MB."""
    return f"{held / 1024:.1f} KB" if held < 1024 * 1024 else f"{held / 1024 / 1024:.2f} MB"


def count_opcodes(args: argparse.Namespace) -> str:
    """A table of the Python bytecode instructions one request executes (deterministic).

    For watching our own per-request work from one commit to the next.  It is
    no basis for comparing libraries: work done in C (regex matching, dict
    copies, string methods) is not counted, and flask-cors does more of it.
    """
    workers = [("flask_cors (ours)", Worker(args.ours, "ours"))]
    if args.theirs:
        workers.append(("flask-cors 6", Worker(args.theirs, "flask-cors")))
    lines = [
        "| scenario | bare Flask | "
        + " | ".join(f"added by {label}" for label, _ in workers)
        + " |",
        "|---|---:" + "|---:" * len(workers) + "|",
    ]
    try:
        for scenario in SCENARIOS.values():
            if args.quick and not scenario.quick:
                continue
            cells = [scenario.title, ""]
            for index, (_, worker) in enumerate(workers):
                if index and scenario.ours_only:
                    cells.append("n/a")
                    continue
                counts = worker.ask({"scenario": scenario.id, "opcodes": True})
                cells[1] = cells[1] or f"{counts['bare']:.0f}"
                cells.append(f"{counts['cors'] - counts['bare']:+.0f}")
            lines.append("| " + " | ".join(cells) + " |")
    finally:
        for _, worker in workers:
            worker.close()
    lines += [
        "",
        "Python bytecode instructions executed by one request after a warm-up; work done "
        "in C is not counted, so compare commits with this, not libraries.",
    ]
    return "\n".join(lines)


def run(args: argparse.Namespace) -> Results:
    ours = Worker(args.ours, "ours")
    theirs = Worker(args.theirs, "flask-cors") if args.theirs else None
    chosen = [s for s in SCENARIOS.values() if s.quick or not args.quick]
    # scenario -> series -> one figure per repetition
    timings: Timings = {s.id: {} for s in chosen}
    scaling: Scalings = {
        pair: {"small": [], "large": []}
        for pair in SCALING
        if set(scaling_ids(*pair)) <= {s.id for s in chosen}
    }
    protection: dict[str, list[float]] | None = (
        {"small": [], "large": []} if set(PROTECTION_IDS) <= {s.id for s in chosen} else None
    )
    floods: Floods = {flood: {} for flood in FLOODS}
    try:
        for repetition in range(args.repetitions):
            for scenario in chosen:
                workers = [("ours", ours)]
                if theirs is not None and not scenario.ours_only:
                    workers.append(("theirs", theirs))
                if repetition % 2:
                    workers.reverse()
                for label, worker in workers:
                    result = worker.measure(scenario.id, args.rounds, args.batch)
                    row = timings[scenario.id]
                    for key, value in result.items():
                        row.setdefault(f"{label}_{key}", []).append(value)
            for pair, figures in scaling.items():
                result = ours.ask(
                    {"scaling": scaling_ids(*pair), "rounds": args.rounds, "batch": args.batch}
                )
                for key in ("small", "large"):
                    figures[key].append(result[key])
            if protection is not None:
                result = ours.ask(
                    {"scaling": PROTECTION_IDS, "rounds": args.rounds, "batch": args.batch}
                )
                for key in ("small", "large"):
                    protection[key].append(result[key])
            for flood, figures in floods.items():
                workers = [("ours", ours)] + ([("theirs", theirs)] if theirs else [])
                for label, worker in workers[:: -1 if repetition % 2 else 1]:
                    command = {"flood": flood, "count": args.flood_count}
                    result = worker.ask({**command, "rounds": args.rounds, "batch": args.batch})
                    for key, value in result.items():
                        figures.setdefault(f"{label}_{key}", []).append(value)
            print(f"repetition {repetition + 1}/{args.repetitions} done", file=sys.stderr)
    finally:
        ours.close()
        if theirs is not None:
            theirs.close()
    return Results(
        args,
        chosen,
        timings,
        scaling,
        protection,
        floods,
        ours.module,
        theirs.module if theirs else None,
    )


class Results:
    """One run's figures, ready to be written as Markdown."""

    def __init__(
        self,
        args: argparse.Namespace,
        chosen: list[Scenario],
        timings: Timings,
        scaling: Scalings,
        protection: dict[str, list[float]] | None,
        floods: Floods,
        ours_module: str,
        theirs_module: str | None,
    ) -> None:
        self.when = f"{datetime.date.today().isoformat()}, {machine()}"
        self.method = (
            f"Direct WSGI calls with prebuilt environs. In each worker, {args.rounds} rounds "
            f"of {args.batch} calls to a bare Flask app and {args.batch} to the same app with "
            f"CORS, alternating; overhead = median of the paired differences, in µs and in % "
            f"of the paired bare time. {args.repetitions} repetitions, alternating between the "
            f"libraries; figures are medians over the repetitions (min–max), in µs per "
            f"request (wall clock). The bare Flask column is from our worker; flask-cors "
            f"6.0.5 is paired with its own bare app (same Flask and Werkzeug). Ratio = our "
            f"overhead % / flask-cors's overhead % on the same scenario (the percentages "
            f"cancel changes in the machine's speed between measurements). Scaling factors "
            f"(f) come from a separate measurement of ours in which the apps with 1 and with "
            f"{SIZES[-1]} entries are timed side by side, each paired with bare Flask, in the "
            f"same rounds: factor = median overhead % with {SIZES[-1]} / with 1."
        )
        self.header = [
            "scenario",
            "bare Flask",
            "flask_cors (ours)",
            "flask-cors 6",
            "our overhead",
            "their overhead",
            "ratio",
        ]
        self.rows: list[list[str]] = []
        ratios: dict[str, float] = {}
        ours_over: dict[str, float] = {}
        for scenario in chosen:
            row = timings[scenario.id]
            mine = ours_over[scenario.id] = statistics.median(row["ours_relative"])
            ratio = theirs = "n/a"
            if "theirs_relative" in row:
                their_overhead = statistics.median(row["theirs_relative"])
                theirs = f"{fmt(row['theirs_overhead'])}, {their_overhead:.0f} %"
                if their_overhead > 0:
                    ratios[scenario.id] = mine / their_overhead
                    ratio = f"{mine / their_overhead:.2f}"
            self.rows.append(
                [
                    scenario.title,
                    fmt(row["ours_bare"]),
                    fmt(row["ours_cors"]),
                    fmt(row["theirs_cors"]) if "theirs_cors" in row else "n/a",
                    f"{fmt(row['ours_overhead'])}, {mine:.0f} %",
                    theirs,
                    ratio,
                ]
            )
        self.targets: list[str] = []
        main = [ratios[k] for k in "abcde" if k in ratios]
        if main:
            self.targets.append(
                f"(a)–(e) overhead ratio to flask-cors: median {statistics.median(main):.2f} "
                f"(target ≤ 0.25), worst {max(main):.2f} (target ≤ 0.35), "
                f"decorator (e) {ratios.get('e', float('nan')):.2f} (target ≤ 0.15)."
            )
        for key in "abe":
            self.targets.append(
                f"({key}) our overhead is {ours_over[key]:.1f} % of the bare request "
                f"(target ≤ 15 %)."
            )
        for (kind, outcome), figures in scaling.items():
            target = SCALING[kind, outcome]
            label = f"{KIND_NAMES.get(kind, kind)} ×{SIZES[-1]} ({outcome} matches)"
            small, large = statistics.median(figures["small"]), statistics.median(figures["large"])
            if small <= 0:  # only with far too few calls to measure anything
                self.targets.append(
                    f"{label}: no ratio, the overhead with 1 measured {small:.1f} % "
                    f"(target ≤ {target})."
                )
                continue
            self.targets.append(
                f"{label}: overhead {large / small:.2f} × the overhead with 1 "
                f"({large:.1f} % / {small:.1f} %, side by side; target ≤ {target})."
            )
        if protection is not None:
            off, on = statistics.median(protection["small"]), statistics.median(protection["large"])
            self.targets.append(
                f"(g) GET with cross_origin_protection on: overhead {on:.1f} % against "
                f"{off:.1f} % with it off, side by side: {on - off:+.1f} points "
                f"(target ≤ {PROTECTION_TARGET:.0f})."
            )
        self.flood_method = (
            f"Each flood: {args.flood_count} requests, each with values sent by no other, "
            f"to a new app with `CORS(app, resources={{'/api/*': {{'origins': "
            f"r'{FLOOD_ORIGINS}'}}}})`, whose regex matches every flood's Origin (ours "
            f"refuses the 32 KB ones as no browser's Origin; flask-cors 6 reflects them), "
            f"then a garbage collection. Held = what tracemalloc, started just before the flood, "
            f"still counts: the most over the {args.repetitions} repetitions. Then a GET "
            f"from an allowed origin is timed in the flooded app and in a new one, side by "
            f"side, as for (f): overhead in % of the bare request, medians over the "
            f"repetitions; and its Python bytecode instructions in each (as `make "
            f"bench-opcodes` counts them) are in the (h) target."
        )
        self.flood_header = [
            "flood",
            "held: bare Flask",
            "flask_cors (ours)",
            "flask-cors 6",
            "our overhead, new → flooded app",
            "their overhead, new → flooded app",
        ]
        self.flood_rows: list[list[str]] = []
        worst_held, rises, opcodes = 0.0, [], []
        for flood, figures in floods.items():
            cells = [FLOODS[flood][0], size(max(figures["ours_bare"]))]
            for label in ("ours", "theirs"):
                if f"{label}_cors" in figures:
                    cells.append(size(max(figures[f"{label}_cors"])))
                else:
                    cells.append("n/a")
            for label in ("ours", "theirs"):
                if f"{label}_fresh" in figures:
                    fresh = statistics.median(figures[f"{label}_fresh"])
                    flooded = statistics.median(figures[f"{label}_flooded"])
                    cells.append(f"{fresh:.1f} % → {flooded:.1f} %")
                    if label == "ours":
                        rises.append((flooded - fresh, flood))
                        opcodes.append(
                            (
                                max(figures["ours_flooded_opcodes"]),
                                max(figures["ours_fresh_opcodes"]),
                            )
                        )
                else:
                    cells.append("n/a")
            worst_held = max(worst_held, *figures["ours_cors"])
            self.flood_rows.append(cells)
        if floods:
            rise, worst = max(rises)
            self.targets.append(
                f"(h) after every flood, ours held at most {size(worst_held)} "
                f"(target ≤ {size(MEMO_BOUND)}, the memos' bound); a request's overhead in a "
                f"flooded app rose by at most {rise:+.1f} points ({FLOODS[worst][0][4:]}), "
                f"side by side with a new app (target ≤ {FLOOD_TARGET:.0f}); in Python bytecode "
                f"instructions, after the floods: {', '.join(f'{n:.0f}' for n, _ in opcodes)}, "
                f"in a new app: {', '.join(f'{n:.0f}' for _, n in opcodes)}."
            )
        self.modules = (ours_module, theirs_module or "not measured")

    def markdown(self) -> str:
        lines = ["# Benchmark results", "", f"{self.when}.", "", self.method, ""]
        lines.append("| " + " | ".join(self.header) + " |")
        lines.append("|---" + "|---:" * (len(self.header) - 1) + "|")
        lines += ["| " + " | ".join(row) + " |" for row in self.rows]
        lines += ["", "## Memory after a flood of long values", "", self.flood_method, ""]
        lines.append("| " + " | ".join(self.flood_header) + " |")
        lines.append("|---" + "|---:" * (len(self.flood_header) - 1) + "|")
        lines += ["| " + " | ".join(row) + " |" for row in self.flood_rows]
        lines += ["", "## Targets", ""]
        lines += [f"- {target}" for target in self.targets]
        ours, theirs = self.modules
        lines += ["", f"Ours: `{ours}`. flask-cors: `{theirs}`.", ""]
        return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ours", default=sys.executable, help="python of our virtualenv")
    parser.add_argument("--theirs", help="python of a virtualenv with flask-cors from PyPI")
    parser.add_argument("--quick", action="store_true", help="fewer scenarios and calls")
    parser.add_argument(
        "--opcodes",
        action="store_true",
        help="count the Python bytecode instructions of one request instead of timing",
    )
    parser.add_argument("--rounds", type=int, help="paired rounds per measurement")
    parser.add_argument("--batch", type=int, help="calls per app and round")
    parser.add_argument("--repetitions", type=int, help="repetitions over all scenarios")
    parser.add_argument(
        "--flood-count", type=int, default=FLOOD_COUNT, help="requests per (h) flood"
    )
    parser.add_argument("--output", default=os.path.join(HERE, "results.md"))
    args = parser.parse_args()
    if args.rounds is None:
        args.rounds = 30 if args.quick else 100
    if args.batch is None:
        args.batch = 10 if args.quick else 20
    if args.repetitions is None:
        args.repetitions = 3 if args.quick else 5
    if args.opcodes:
        print(count_opcodes(args))
        return
    results = run(args)
    table = results.markdown()
    print(table)
    if not args.quick:
        with open(args.output, "w", encoding="utf-8") as output:
            output.write(table)
        print(f"written to {args.output}", file=sys.stderr)


if __name__ == "__main__":
    main()
