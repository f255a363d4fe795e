"""Runs a table of set-up snippets under flask-cors 6.0.5, in one subprocess.

The interpreter is ``FLASK_CORS_605_PYTHON``, else the one of
``.venv-bench-flask-cors`` in this checkout (``make test`` builds it from
PyPI).  Without it the calling test is skipped, saying why; under
``CI=true`` it fails instead.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest

RELEASE = "6.0.5"
RUNNER = Path(__file__).resolve().with_name("runner.py")
DEFAULT_PYTHON = Path(__file__).resolve().parents[2] / ".venv-bench-flask-cors" / "bin" / "python"


def _unavailable(problem: str) -> None:
    reason = (
        f"no flask-cors {RELEASE} to compare with: {problem} (`make test` builds its "
        f"virtualenv from PyPI; FLASK_CORS_605_PYTHON names another interpreter)"
    )
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: the compat table must run)", pytrace=False)
    pytest.skip(reason)


def run_under_605(
    prelude: str, rows: list[dict[str, Any]], mode: str = "outcomes"
) -> dict[str, dict[str, Any]]:
    """The runner's result for each row (by id) under flask-cors 6.0.5.

    ``mode="answers"``: the answer to each of the row's requests (see the runner).
    """
    python = Path(os.environ.get("FLASK_CORS_605_PYTHON") or DEFAULT_PYTHON)
    if not python.is_file():
        _unavailable(f"{python} does not exist")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    # -I and /tmp: no checkout's flask_cors on its sys.path.
    done = subprocess.run(
        [str(python), "-I", str(RUNNER), "--expect", RELEASE],
        input=json.dumps({"prelude": prelude, "rows": rows, "mode": mode}),
        capture_output=True,
        text=True,
        cwd="/tmp",
        env=env,
        timeout=120,
    )
    if done.returncode == 4:
        _unavailable(done.stderr.strip().removeprefix("runner: "))
    assert done.returncode == 0, f"the runner failed under {python}:\n{done.stderr}"
    report = json.loads(done.stdout)
    assert report["version"] == RELEASE
    return report["results"]  # type: ignore[no-any-return]
