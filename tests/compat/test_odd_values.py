"""Odd values for every option, under both packages: we refuse no set-up
that flask-cors 6.0.5 runs, and never fail a request of one we started.

:mod:`.refusals` lists the refusals we know of; this sweep looks for the
ones nobody wrote down.  Each option gets each value of :data:`VALUES`, as
a ``CORS(app, ...)`` keyword, an ``app.config['CORS_...']`` key, a
``CORS(bp, ...)`` keyword and in ``@cross_origin(...)``.  A set-up we
refuse must be refused by 6.0.5 too, or answered by it with an exception
on the first request (then 6.0.5 had no working reading of it either).
"""

from __future__ import annotations

from typing import Any

import pytest

from flask_cors.options import ALL_OPTION_NAMES

from .reference import RELEASE, run_under_605
from .refusals import PRELUDE
from .runner import ACCEPTED, FAILS_REQUESTS, REFUSED, run_rows

# Every name CORS accepts.  Those 6.0.5 does not know (debug_header,
# cross_origin_protection) it ignores, so it starts with any value of them.
OPTIONS = sorted(ALL_OPTION_NAMES)
VALUES = (
    "None",
    "True",
    "0",
    "-1",
    "1.5",
    "float('nan')",
    "''",
    "'*'",
    "b'x'",
    "b'\\xff'",
    "[None]",
    "[5]",
    "{'a': 1}",
    "object()",
    "re.compile('x')",
    "re.compile(b'x')",
    "datetime.timedelta(seconds=5)",
    "lambda origin: True",
    "'[\"a\"'",
    "'null'",
)


def _rows() -> list[dict[str, Any]]:
    rows = []
    for name in OPTIONS:
        for value in VALUES:
            setups = {
                "CORS": f"app = make_app()\nCORS(app, {name}={value})",
                "app.config": (
                    f"app = make_app()\napp.config['CORS_{name.upper()}'] = {value}\nCORS(app)"
                ),
                "CORS(bp)": (
                    f"bp = Blueprint('bp', __name__)\n"
                    f"bp.add_url_rule('/api/items', 'items', lambda: 'items')\n"
                    f"CORS(bp, {name}={value})\n"
                    f"app = Flask(__name__)\napp.register_blueprint(bp)"
                ),
            }
            if name != "resources":
                setups["cross_origin"] = (
                    f"app = make_app()\nview = cross_origin({name}={value})(lambda: 'v')\n"
                    f"app.add_url_rule('/api/view', 'view', view)"
                )
            for form, setup in setups.items():
                rows.append(
                    {
                        "id": f"{form}:{name}={value}",
                        "source": f"import datetime, re\n{setup}",
                        "path": "/api/view" if form == "cross_origin" else "/api/items",
                        "origin": "https://app.example.com",
                    }
                )
    return rows


ROWS = _rows()


@pytest.fixture(scope="module")
def outcomes() -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]]]:
    """(ours, 6.0.5's) result of each row, by id."""
    return run_rows(PRELUDE, ROWS), run_under_605(PRELUDE, ROWS)


def test_we_refuse_no_odd_value_605_starts_with(
    outcomes: tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]]],
) -> None:
    ours, theirs = outcomes
    wrong = {
        row_id: (result, theirs[row_id])
        for row_id, result in ours.items()
        if result["outcome"] == REFUSED and theirs[row_id]["outcome"] == ACCEPTED
    }
    assert wrong == {}, f"refused here, started and served by flask-cors {RELEASE}"


def test_we_fail_no_request_of_a_set_up_we_started(
    outcomes: tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]]],
) -> None:
    ours, _ = outcomes
    assert {k: v for k, v in ours.items() if v["outcome"] == FAILS_REQUESTS} == {}
