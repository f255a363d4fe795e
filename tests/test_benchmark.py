"""The benchmark script runs, checks every scenario's answer and writes its table.

No timings are asserted here: the figures come from ``make bench`` alone.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from scenarios import FLOODS, SCENARIOS, SIZES  # noqa: E402

pytestmark = pytest.mark.slow


def run_bench(tmp_path: Path, *extra: str) -> tuple[str, str]:
    output = tmp_path / "results.md"
    completed = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "bench.py"),
            "--ours",
            sys.executable,
            "--rounds",
            "2",
            "--batch",
            "1",
            "--repetitions",
            "1",
            "--flood-count",
            "3",
            "--output",
            str(output),
            *extra,
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    return completed.stdout, output.read_text(encoding="utf-8") if output.exists() else ""


def test_full_run_covers_every_scenario_and_writes_results(tmp_path):
    printed, written = run_bench(tmp_path)
    assert printed == written + "\n"
    for scenario in SCENARIOS.values():
        assert f"| {scenario.title} |" in written
    assert "## Targets" in written
    # One scaling line per kind and outcome, from the side-by-side measurement
    # (or saying why there is no ratio: these tiny settings measure little).
    for kind in ("exact", "regex", "subdomain wildcard", "resources"):
        for outcome in ("last", "none"):
            line = next(
                line
                for line in written.splitlines()
                if line.startswith(f"- {kind} ×{SIZES[-1]} ({outcome} matches): ")
            )
            assert "side by side; target ≤" in line or "no ratio" in line
    # Without --theirs, nothing is compared: no ratio is made up.
    assert "flask-cors: `not measured`" in written
    assert "overhead ratio to flask-cors" not in written
    assert str(ROOT / "flask_cors") in written


def test_flood_rows_show_the_memory_held_by_each_app(tmp_path):
    _, written = run_bench(tmp_path)
    section = written.split("## Memory after a flood of long values\n", 1)[1]
    assert "Each flood: 3 requests" in section
    for title, _ in FLOODS.values():
        row = next(line for line in section.splitlines() if line.startswith(f"| {title} |"))
        bare, ours, theirs, our_cost, their_cost = row.strip("| ").split(" | ")[1:]
        assert re.fullmatch(r"\d+\.\d (KB|MB)", bare) and re.fullmatch(r"\d+\.\d (KB|MB)", ours)
        assert theirs == their_cost == "n/a"
        assert re.fullmatch(r"-?\d+\.\d % → -?\d+\.\d %", our_cost)
    target = next(line for line in written.splitlines() if line.startswith("- (h) "))
    assert "(target ≤ 2.00 MB, the memos' bound)" in target


def test_quick_run_prints_only_and_takes_the_quick_scenarios(tmp_path):
    printed, written = run_bench(tmp_path, "--quick")
    assert written == ""
    titles = {line.split(" | ")[0][2:] for line in printed.splitlines() if line[:3] == "| ("}
    assert titles == {scenario.title for scenario in SCENARIOS.values() if scenario.quick} | {
        title for title, _ in FLOODS.values()
    }


def test_opcode_count_is_deterministic_and_covers_every_scenario():
    command = [sys.executable, str(ROOT / "benchmarks" / "bench.py"), "--ours", sys.executable]
    runs = [
        subprocess.run(
            [*command, "--opcodes"], capture_output=True, text=True, timeout=300, check=True
        ).stdout
        for _ in range(2)
    ]
    assert runs[0] == runs[1]
    rows = {line.split(" | ")[0][2:]: line for line in runs[0].splitlines() if line[:3] == "| ("}
    assert set(rows) == {scenario.title for scenario in SCENARIOS.values()}
    for title, row in rows.items():
        bare, added = row.strip("| ").split(" | ")[1:3]
        assert int(bare) > 1000
        if "preflight" in title:
            # Answered before Flask dispatches: may cost less than Flask's own answer.
            assert int(added) != 0
        else:
            assert int(added) > 0


def test_worker_refuses_a_scenario_whose_answer_is_wrong(tmp_path):
    """A misconfigured scenario stops the run instead of timing the wrong thing."""
    scenarios = (ROOT / "benchmarks" / "scenarios.py").read_text(encoding="utf-8")
    broken = tmp_path / "benchmarks"
    broken.mkdir()
    for name in ("bench.py", "worker.py"):
        (broken / name).write_text(
            (ROOT / "benchmarks" / name).read_text(encoding="utf-8"), encoding="utf-8"
        )
    # Scenario (c) now expects an origin that its policy does not allow.
    (broken / "scenarios.py").write_text(
        scenarios.replace('expect_acao="https://app9.example.com"', 'expect_acao="https://x.test"'),
        encoding="utf-8",
    )
    completed = subprocess.run(
        [sys.executable, str(broken / "bench.py"), "--ours", sys.executable, "--quick"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert completed.returncode != 0
    assert "scenario c: expected ACAO 'https://x.test'" in completed.stdout + completed.stderr
