"""Runs set-up snippets and reports, as JSON, how each one went.

The same code judges both packages: :mod:`tests.compat.test_refusals` calls
:func:`run_rows` in-process for this checkout, and runs this file as a
script under flask-cors 6.0.5's own Python for the reference.  It needs
nothing but the standard library and Flask, which that virtualenv has.

For each row: the prelude and the row's source are executed in a fresh
namespace (warnings ignored: only exceptions count); if that raises, the
outcome is ``refused``.  Otherwise the ``app`` the source built gets one GET
to the row's path with the row's ``Origin``, exceptions propagated; an
exception there, or a 5xx answer, is ``fails-requests``; else ``accepted``.

:func:`answer_rows` goes further, for :mod:`tests.compat.test_real_configs`:
each row has ``requests`` (origin, method, path, headers), and the result
is the answer to each (status and the ``Access-Control-*`` headers that
decide access) and the warnings the set-up gave, by class name.

As a script it reads ``{"prelude": ..., "rows": [...]}`` on stdin (with
``"mode": "answers"``, for :func:`answer_rows`), checks
that the ``flask_cors`` it imports is the release named by ``--expect`` and
lives in this interpreter's environment (not a checkout on ``sys.path``;
exit status 4 when it has none), and prints
``{"version": ..., "file": ..., "results": {id: result}}``.
"""

from __future__ import annotations

import json
import os
import sys
import warnings
from typing import Any

ACCEPTED = "accepted"
FAILS_REQUESTS = "fails-requests"
REFUSED = "refused"


def _error(exc: BaseException) -> dict[str, str]:
    return {"error": type(exc).__name__, "message": str(exc)[:300]}


def _set_up(prelude: str, row: dict[str, Any]) -> Any:
    """The ``app`` the row's source builds after the prelude, in a fresh namespace."""
    namespace: dict[str, Any] = {"__name__": "compat_" + row["id"].replace("-", "_")}
    exec(compile(prelude + "\n" + row["source"], row["id"], "exec"), namespace)
    app = namespace["app"]
    app.config["PROPAGATE_EXCEPTIONS"] = True
    return app


def run_row(prelude: str, row: dict[str, Any]) -> dict[str, Any]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            app = _set_up(prelude, row)
        except Exception as exc:
            return {"outcome": REFUSED, **_error(exc)}
        try:
            response = app.test_client().get(row["path"], headers={"Origin": row["origin"]})
        except Exception as exc:
            return {"outcome": FAILS_REQUESTS, **_error(exc)}
    if response.status_code >= 500:
        return {"outcome": FAILS_REQUESTS, "error": "", "message": response.status}
    return {"outcome": ACCEPTED, "status": response.status_code}


#: The response headers that say what a cross-origin page may do.
ANSWER_HEADERS = (
    "Access-Control-Allow-Origin",
    "Access-Control-Allow-Credentials",
    "Access-Control-Allow-Methods",
    "Access-Control-Allow-Headers",
)


def answer_row(prelude: str, row: dict[str, Any]) -> dict[str, Any]:
    """Set the row up, send its requests; warnings are recorded, not raised."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            client = _set_up(prelude, row).test_client()
        except Exception as exc:
            return {"outcome": REFUSED, **_error(exc)}
        answers = []
        for origin, method, path, headers in row["requests"]:
            sent = {"Origin": origin, **headers} if origin else dict(headers)
            try:
                response = client.open(path, method=method, headers=sent)
            except Exception as exc:
                answers.append({"status": 500, **_error(exc)})
                continue
            answers.append(
                {
                    "status": response.status_code,
                    **{name: response.headers.get(name) for name in ANSWER_HEADERS},
                }
            )
    found = [f"{type(w.message).__name__}: {w.message}" for w in caught]
    return {"outcome": ACCEPTED, "answers": answers, "warnings": found}


def answer_rows(prelude: str, rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {row["id"]: answer_row(prelude, row) for row in rows}


def run_rows(prelude: str, rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {row["id"]: run_row(prelude, row) for row in rows}


def main(argv: list[str]) -> int:
    expect = argv[argv.index("--expect") + 1]
    try:
        import flask_cors
    except ImportError as exc:
        print(f"runner: no flask_cors in {sys.prefix} ({exc})", file=sys.stderr)
        return 4
    version = getattr(flask_cors, "__version__", None)
    found = os.path.realpath(flask_cors.__file__)
    if version != expect or not found.startswith(os.path.realpath(sys.prefix) + os.sep):
        print(
            f"runner: expected flask_cors {expect} installed in {sys.prefix}, "
            f"imported {version} from {found}",
            file=sys.stderr,
        )
        return 3
    table = json.load(sys.stdin)
    run = answer_rows if table.get("mode") == "answers" else run_rows
    results = run(table["prelude"], table["rows"])
    json.dump({"version": version, "file": found, "results": results}, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
