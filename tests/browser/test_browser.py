"""Headless Chromium enforces each scenario's CORS outcome against real servers.

A page on one loopback origin calls ``fetch()`` on a Flask app served on
another; the browser, not a header assertion, decides what the page may
read.  The scenarios and their expected outcomes are in ``scenarios.py``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest

from .conftest import TIMEOUT_MS, AppServers
from .harness import Seen
from .scenarios import PAGE, SCENARIOS, Scenario, substitute

# Runs in the page (or the sandboxed frame): the browser's verdict, as data.
FETCH_JS = """
async ({url, init, times, timeoutMs}) => {
  const results = [];
  for (let i = 0; i < times; i++) {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    try {
      const response = await fetch(url, {...init, signal: controller.signal});
      const body = await response.text();
      results.push({
        resolved: true,
        status: response.status,
        headers: Object.fromEntries(response.headers.entries()),
        body,
      });
    } catch (error) {
      results.push({resolved: false, error: error.name, message: error.message});
    } finally {
      clearTimeout(timer);
    }
  }
  return results;
}
"""


def fetch_from(page: Any, origin: str, home: str, url: str, init: Mapping[str, Any], times: int):
    """Open a page on ``origin`` ("null": a sandboxed iframe) and fetch ``url`` from it."""
    if origin == "null":
        page.goto(f"{home}/sandbox")
        frame = page.frames[1]
    else:
        page.goto(f"{origin}/")
        frame = page.main_frame
    assert frame.evaluate("self.origin") == origin, "the page is not on the scenario's origin"
    return frame.evaluate(
        FETCH_JS, {"url": url, "init": dict(init), "times": times, "timeoutMs": TIMEOUT_MS}
    )


def verdict(result: Mapping[str, Any]) -> str:
    """A fetch result in the words of :attr:`Outcome.label`."""
    if result["resolved"]:
        return f"resolves-{result['status']}"
    if result["error"] == "TypeError":
        return "TypeError"
    return f"{result['error']}: {result['message']}"


def observe(scenario: Scenario, results: list[dict[str, Any]], seen: list[Seen]) -> dict:
    """What happened, shaped like the parts of the expectation that were set."""
    expect = scenario.expect
    preflights = [request for request in seen if request.preflight]
    others = [request for request in seen if not request.preflight]
    observed: dict[str, Any] = {
        "outcomes": [verdict(result) for result in results],
        "preflights": len(preflights),
        "requests": len(others),
    }
    if expect.cookie_sent is not None:
        # Requests with an Origin come from fetch(), not from a navigation.
        observed["cookie_sent"] = sorted({r.cookie for r in others if r.origin is not None})
    if expect.preflight_headers:
        observed["preflight_headers"] = {
            name: preflights[0].header(name) if preflights else "<no preflight>"
            for name in expect.preflight_headers
        }
    last = results[-1]
    if expect.resolves and last["resolved"]:
        readable = last["headers"]
        if expect.readable:
            observed["readable"] = {name: readable.get(name) for name in expect.readable}
        if expect.unreadable:
            sent = {name.lower() for request in others for name, _ in request.headers}
            observed["unreadable"] = tuple(
                name if name in sent and name not in readable else f"{name}: readable or not sent"
                for name in expect.unreadable
            )
        if expect.body is not None:
            observed["body"] = expect.body if expect.body in last["body"] else last["body"]
    return observed


def expected(scenario: Scenario) -> dict[str, Any]:
    expect = scenario.expect
    wanted: dict[str, Any] = {
        "outcomes": [expect.label] * scenario.request.repeat,
        "preflights": expect.preflights,
        "requests": expect.requests,
    }
    if expect.cookie_sent is not None:
        wanted["cookie_sent"] = [expect.cookie_sent]
    if expect.preflight_headers:
        wanted["preflight_headers"] = dict(expect.preflight_headers)
    if expect.resolves:
        if expect.readable:
            wanted["readable"] = dict(expect.readable)
        if expect.unreadable:
            wanted["unreadable"] = tuple(expect.unreadable)
        if expect.body is not None:
            wanted["body"] = expect.body
    return wanted


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[f"{s.id}-{s.expect.label}" for s in SCENARIOS])
def test_chromium_outcome(
    scenario: Scenario, browser_page: Any, page_ports: dict[str, int], app_servers: AppServers
) -> None:
    base, recorder = app_servers.start(scenario.app)
    request = scenario.request
    url = f"{base}{request.path}?s={scenario.id}"
    init: dict[str, Any] = {
        "method": request.method,
        "headers": dict(request.headers),
        "credentials": request.credentials,
    }
    if request.body is not None:
        init["body"] = request.body
    if request.navigate_first:
        browser_page.goto(url)
    results = fetch_from(
        browser_page,
        substitute(scenario.origin, page_ports),
        f"http://localhost:{page_ports[PAGE]}",
        url,
        init,
        request.repeat,
    )
    observed = observe(scenario, results, recorder.seen(scenario.id))
    assert observed == expected(scenario), f"{scenario.id}: {scenario.why}"


def test_scenarios_are_many_unique_and_explained() -> None:
    ids = [scenario.id for scenario in SCENARIOS]
    assert len(ids) >= 30
    assert len(set(ids)) == len(ids)
    for scenario in SCENARIOS:
        assert scenario.why.strip(), scenario.id
        assert scenario.expect.resolves == (scenario.expect.status is not None), scenario.id


def no_vary_app(environ: Mapping[str, Any], start_response: Any) -> list[bytes]:
    """Echoes any Origin but forgets ``Vary: Origin``, on a cacheable answer."""
    headers = [("Content-Type", "text/plain"), ("Cache-Control", "max-age=600")]
    if "HTTP_ORIGIN" in environ:
        headers.append(("Access-Control-Allow-Origin", environ["HTTP_ORIGIN"]))
    start_response("200 OK", headers)
    return [b"cacheable"]


def test_calibration_missing_vary_lets_navigation_cache_break_fetch(
    browser_page: Any, page_ports: dict[str, int], app_servers: AppServers
) -> None:
    """Without ``Vary: Origin`` Chromium reuses the navigation's cached answer.

    Shows that ``navigation_cached_response_not_reused_by_fetch`` would catch
    a missing ``Vary``: here the fetch fails on the cached copy, which has no
    ``Access-Control-Allow-Origin``, and the server sees one request only.
    """
    base, recorder = app_servers.serve("no_vary", no_vary_app)
    url = f"{base}/cacheable?s=calibration"
    browser_page.goto(url)
    home = f"http://localhost:{page_ports[PAGE]}"
    results = fetch_from(browser_page, home, home, url, {}, 1)
    assert [verdict(result) for result in results] == ["TypeError"]
    assert len(recorder.seen("calibration")) == 1
