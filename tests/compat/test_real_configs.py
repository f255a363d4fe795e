"""flask-cors set-ups from public projects, answered by us and by 6.0.5.

Each configuration of :mod:`.real_configs` is set up under both packages
(6.0.5's in one subprocess, as in ``test_refusals.py``), and gets its
requests.  Answers are compared by what a browser then lets the page do:
read the response, with credentials or not, and pass the preflight (its
method and headers granted).  How that is spelled may differ without a
reason: ``*`` for an echoed origin, the order and the URL's share of
``Access-Control-Allow-Methods`` (docs/migrating.rst, "What is answered").

The rules, for every configuration:

- 6.0.5 starts it: so do we, and we answer each request without a 5xx
  where 6.0.5 answered it;
- a request we allow and 6.0.5 refused, or the reverse, needs the row's
  ``reason``, naming the row of docs/migrating.rst that documents it;
- access lost needs a ``CORSConfigWarning`` at set-up, unless only origins
  nobody configured meant lose it (``null``, look-alike hosts).

Without 6.0.5's virtualenv these tests skip, saying why; under ``CI=true``
they fail.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from .real_configs import CONFIGS, PRELUDE, Config, Request
from .reference import RELEASE, run_under_605
from .runner import ACCEPTED, answer_rows

MIGRATING = (Path(__file__).resolve().parents[2] / "docs" / "migrating.rst").read_text(
    encoding="utf-8"
)
SAFELISTED_METHODS = frozenset({"GET", "HEAD", "POST"})

Answers = dict[str, dict[str, Any]]


def _rows() -> list[dict[str, Any]]:
    return [{"id": c.id, "source": c.source, "requests": c.requests} for c in CONFIGS]


@pytest.fixture(scope="module")
def answers() -> tuple[Answers, Answers]:
    """(ours, 6.0.5's) answers of every configuration, by id."""
    rows = _rows()
    theirs = run_under_605(PRELUDE, rows, mode="answers")
    return answer_rows(PRELUDE, rows), theirs


def _names(value: str | None) -> set[str]:
    return {name.strip().lower() for name in (value or "").split(",") if name.strip()}


def verdict(request: Request, answer: dict[str, Any]) -> dict[str, bool]:
    """What the browser lets the page do with this answer."""
    origin, method, _, headers = request
    allow_origin = answer.get("Access-Control-Allow-Origin")
    readable = allow_origin is not None and allow_origin in ("*", origin)
    credentials = (
        readable
        and allow_origin != "*"
        and answer.get("Access-Control-Allow-Credentials") == "true"
    )
    asked_method = headers.get("Access-Control-Request-Method")
    if method != "OPTIONS" or asked_method is None:
        return {"read": readable, "credentials": credentials}
    methods = _names(answer.get("Access-Control-Allow-Methods"))
    granted = _names(answer.get("Access-Control-Allow-Headers"))
    wildcard_ok = not credentials
    passes = (
        readable
        and 200 <= answer["status"] < 300
        and (
            asked_method in SAFELISTED_METHODS
            or asked_method.lower() in methods
            or ("*" in methods and wildcard_ok)
        )
        and (
            _names(headers.get("Access-Control-Request-Headers")) <= granted
            or ("*" in granted and wildcard_ok)
        )
    )
    return {"read": passes, "credentials": credentials and passes}


def differences(config: Config, ours: dict[str, Any], theirs: dict[str, Any]) -> list[Any]:
    """(request, what we allow more, what we allow less) for each differing request."""
    found = []
    for request, mine, reference in zip(config.requests, ours["answers"], theirs["answers"]):
        now, before = verdict(request, mine), verdict(request, reference)
        gained = sorted(k for k in now if now[k] and not before[k])
        lost = sorted(k for k in now if before[k] and not now[k])
        if gained or lost:
            found.append((request, gained, lost))
    return found


def _started(config: Config, answers: tuple[Answers, Answers]) -> tuple[dict, dict]:
    ours, theirs = answers[0][config.id], answers[1][config.id]
    if theirs["outcome"] != ACCEPTED:
        pytest.skip(f"flask-cors {RELEASE} does not start it either: {theirs}")
    assert ours["outcome"] == ACCEPTED, (
        f"flask-cors {RELEASE} starts {config.id!r} ({config.repo}); we refuse it: {ours}"
    )
    return ours, theirs


def _params() -> list[Any]:
    return [pytest.param(config, id=config.id) for config in CONFIGS]


def _never_meant(origin: str) -> bool:
    return origin == "null" or origin.endswith(".evil.example") or ".evil.example:" in origin


@pytest.mark.parametrize("config", _params())
def test_we_start_and_serve_what_605_starts(
    config: Config, answers: tuple[Answers, Answers]
) -> None:
    ours, theirs = _started(config, answers)
    failed = [
        (request, mine)
        for request, mine, reference in zip(config.requests, ours["answers"], theirs["answers"])
        if mine["status"] >= 500 > reference["status"]
    ]
    assert failed == []


@pytest.mark.parametrize("config", _params())
def test_every_difference_from_605_is_documented(
    config: Config, answers: tuple[Answers, Answers]
) -> None:
    ours, theirs = _started(config, answers)
    found = differences(config, ours, theirs)
    if config.reason is None:
        assert found == [], (
            f"{config.id!r} ({config.repo}) is answered otherwise than by flask-cors "
            f"{RELEASE}, and no row of docs/migrating.rst is named for it: (request, "
            f"what we allow more, less) {found}"
        )
        return
    assert found, f"{config.id!r}: no difference left; drop its reason {config.reason}"
    assert config.reason.migrating in MIGRATING, config.reason


@pytest.mark.parametrize("config", _params())
def test_access_lost_is_warned_of_or_never_meant(
    config: Config, answers: tuple[Answers, Answers]
) -> None:
    ours, theirs = _started(config, answers)
    lost = [request for request, _, less in differences(config, ours, theirs) if less]
    if not lost:
        return
    assert config.reason is not None  # test_every_difference_from_605_is_documented
    if config.reason.warning is not None:
        warned = [
            w
            for w in ours["warnings"]
            if w.startswith("CORSConfigWarning: ") and config.reason.warning in w
        ]
        assert warned, (
            f"{config.id!r} loses access it had under {RELEASE}, and no CORSConfigWarning "
            f"says {config.reason.warning!r}: {lost} (warnings: {ours['warnings']})"
        )
    else:
        meant = [request for request in lost if not _never_meant(request[0])]
        assert meant == [], f"{config.id!r} loses access, with no warning, for {meant}"


def test_ids_are_unique_and_requests_were_sent() -> None:
    assert len({c.id for c in CONFIGS}) == len(CONFIGS)
    ours = answer_rows(PRELUDE, _rows()[:1])
    assert len(ours[CONFIGS[0].id]["answers"]) == len(CONFIGS[0].requests)
