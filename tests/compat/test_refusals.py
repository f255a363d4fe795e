"""The refusal rule, checked by machine against flask-cors 6.0.5.

Every configuration in :mod:`.refusals` is refused here at set-up; each
must be refused by flask-cors 6.0.5 too (set-up raised), unless its row
gives a reason, which is then checked instead.  The whole table runs under
6.0.5 in one subprocess of the virtualenv ``make test`` builds
(``.venv-bench-flask-cors``; another with ``FLASK_CORS_605_PYTHON``).
Without it these tests skip, saying why; under ``CI=true`` they fail.

What counts as "6.0.5 starts": its set-up ran without an exception.  A
configuration it set up and then answered with an exception (or a 5xx) on
the first request still "starts": our refusing it needs the reason
``FAILS_EVERY_REQUEST``, and the runner checks that 6.0.5 did fail it.
"""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import pytest

from .reference import RELEASE, run_under_605
from .refusals import FAILS_EVERY_REQUEST, NO_READING, NOT_A_SITE, PRELUDE, ROWS, Refusal
from .runner import ACCEPTED, FAILS_REQUESTS, REFUSED, run_row

CHECKOUT = Path(__file__).resolve().parents[2]


def _params(known_bugs: bool = False) -> list[Any]:
    """The rows; with ``known_bugs``, those with a ``bug`` expected to fail."""
    return [
        pytest.param(row, id=row.id, marks=[pytest.mark.xfail(strict=True, reason=row.bug)])
        if known_bugs and row.bug
        else pytest.param(row, id=row.id)
        for row in ROWS
    ]


@pytest.fixture(scope="module")
def reference() -> dict[str, dict[str, Any]]:
    """The outcome of every row under flask-cors 6.0.5, by row id."""
    return run_under_605(PRELUDE, [row._asdict() for row in ROWS])


@pytest.mark.parametrize("row", _params())
def test_we_refuse_at_set_up(row: Refusal) -> None:
    result = run_row(PRELUDE, row._asdict())
    assert (result["outcome"], result.get("error")) == (REFUSED, row.error), result


@pytest.mark.parametrize("row", _params(known_bugs=True))
def test_flask_cors_605_refuses_too(row: Refusal, reference: dict[str, dict[str, Any]]) -> None:
    theirs = reference[row.id]
    if row.reason is None:
        assert theirs["outcome"] == REFUSED, (
            f"flask-cors {RELEASE} starts with {row.id!r} ({theirs}), and we refuse it: "
            f"make it a CORSConfigWarning, or give the row a reason"
        )
    elif row.reason.startswith(FAILS_EVERY_REQUEST):
        assert theirs["outcome"] == FAILS_REQUESTS, (
            f"the reason of {row.id!r} says flask-cors {RELEASE} fails its requests; it "
            f"did not: {theirs}"
        )
    else:
        assert row.reason.startswith(NO_READING), row.reason
        assert theirs["outcome"] in (ACCEPTED, FAILS_REQUESTS), (
            f"flask-cors {RELEASE} refuses {row.id!r} too ({theirs}): its reason is stale"
        )


def _raise_sites() -> set[str]:
    """``file:function`` of every ``raise CORSConfigError(...)`` in flask_cors."""
    sites: set[str] = set()

    def visit(node: ast.AST, scope: list[str], name: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                visit(child, [*scope, child.name], name)
                continue
            exc = child.exc if isinstance(child, ast.Raise) else None
            if isinstance(exc, ast.Call) and getattr(exc.func, "id", "") == "CORSConfigError":
                sites.add(f"{name}:{'.'.join(scope)}")
            visit(child, scope, name)

    for path in (CHECKOUT / "flask_cors").glob("*.py"):
        visit(ast.parse(path.read_text(encoding="utf-8")), [], path.name)
    return sites


def test_every_raise_site_has_a_row() -> None:
    sites = _raise_sites()
    covered = {row.site for row in ROWS if row.error == "CORSConfigError"}
    assert sites - covered - NOT_A_SITE.keys() == set()
    assert covered - sites == set()
    assert NOT_A_SITE.keys() <= sites


def test_row_ids_are_unique() -> None:
    assert len({row.id for row in ROWS}) == len(ROWS)
