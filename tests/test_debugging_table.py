"""The table that opens docs/debugging.rst: every way of being blocked that
the browser suite records has its row, and each row's ``flask cors check``
line is what the check really prints for that request.

The engines' messages in the same rows are checked by
``tests/browser/test_console_messages.py``.
"""

from __future__ import annotations

import shlex

import pytest

from browser.blocked import CASES, DOC_ORIGIN, ENGINE_LABELS, Blocked, doc_table
from flask_cors.cli import cors_commands


def test_table_has_one_row_per_case_with_every_engine() -> None:
    rows = doc_table()
    assert sorted(rows) == sorted(case.title for case in CASES)
    for row in rows.values():
        assert sorted(row.messages) == sorted(ENGINE_LABELS.values()), row.title


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_table_check_line_is_what_flask_cors_check_prints(case: Blocked) -> None:
    row = doc_table()[case.title]
    app = case.build(DOC_ORIGIN)
    result = app.test_cli_runner().invoke(cors_commands, args=["check", *case.check_args()])
    lines = result.output.splitlines()
    assert (result.exit_code, lines[0]) == (1, "BLOCKED"), result.output
    first_reason = next(line for line in lines if line.startswith("  - "))
    assert (row.check_args, f"  - {row.check_reason}") == (
        shlex.join(case.check_args()),
        first_reason,
    ), result.output
