"""Chromium, Firefox and WebKit each enforce every scenario's CORS outcome against real servers.

A page on one loopback origin calls ``fetch()`` on a Flask app served on
another; the browser, not a header assertion, decides what the page may
read.  The scenarios and their expected outcomes are in ``scenarios.py``;
every test runs once per engine (``engines.py``), whose name is in its id.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest

from .conftest import AppServers
from .engines import ENGINES, TIMEOUT_MS, BrowserPage
from .harness import Seen
from .scenarios import PAGE, SCENARIOS, Outcome, Scenario, substitute

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


def fetch_from(
    page: BrowserPage, origin: str, home: str, url: str, init: Mapping[str, Any], times: int
) -> list[dict[str, Any]]:
    """Open a page on ``origin`` ("null": a sandboxed iframe) and fetch ``url`` from it."""
    in_frame = origin == "null"
    page.goto(f"{home}/sandbox" if in_frame else f"{origin}/")
    seen_origin = page.evaluate("() => self.origin", in_frame=in_frame)
    assert seen_origin == origin, "the page is not on the scenario's origin"
    result: list[dict[str, Any]] = page.evaluate(
        FETCH_JS,
        {"url": url, "init": dict(init), "times": times, "timeoutMs": TIMEOUT_MS},
        in_frame=in_frame,
    )
    return result


def verdict(result: Mapping[str, Any]) -> str:
    """A fetch result in the words of :attr:`Outcome.label`."""
    if result["resolved"]:
        return f"resolves-{result['status']}"
    if result["error"] == "TypeError":
        return "TypeError"
    return f"{result['error']}: {result['message']}"


def observe(
    scenario: Scenario, expect: Outcome, results: list[dict[str, Any]], seen: list[Seen]
) -> dict:
    """What happened, shaped like the parts of the expectation that were set."""
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


def expected(scenario: Scenario, expect: Outcome) -> dict[str, Any]:
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


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.id for s in SCENARIOS])
def test_outcome(
    scenario: Scenario,
    browser_page: BrowserPage,
    page_ports: dict[str, int],
    app_servers: AppServers,
) -> None:
    base, recorder = app_servers.start(scenario.app)
    request = scenario.request
    # One server serves every engine: the tag keeps their requests apart.
    tag = f"{browser_page.engine}-{scenario.id}"
    url = f"{base}{request.path}?s={tag}"
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
    expect, why = scenario.expect_in(browser_page.engine)
    observed = observe(scenario, expect, results, recorder.seen(tag))
    assert observed == expected(scenario, expect), f"{scenario.id} in {browser_page.engine}: {why}"


def test_scenarios_are_many_unique_and_explained() -> None:
    ids = [scenario.id for scenario in SCENARIOS]
    assert len(ids) >= 30
    assert len(set(ids)) == len(ids)
    for scenario in SCENARIOS:
        assert scenario.why.strip(), scenario.id
        for engine in ENGINES:
            expect, why = scenario.expect_in(engine)
            assert expect.resolves == (expect.status is not None), (scenario.id, engine)
            assert why.strip(), (scenario.id, engine)
        assert set(scenario.engines) <= set(ENGINES), scenario.id


def no_vary_app(environ: Mapping[str, Any], start_response: Any) -> list[bytes]:
    """Echoes any Origin, with credentials, but forgets ``Vary: Origin``, on a
    cacheable answer: the mistake the calibration must catch."""
    headers = [("Content-Type", "text/plain"), ("Cache-Control", "max-age=600")]
    if "HTTP_ORIGIN" in environ:
        headers.append(("Access-Control-Allow-Origin", environ["HTTP_ORIGIN"]))
        headers.append(("Access-Control-Allow-Credentials", "true"))
    start_response("200 OK", headers)
    return [b"cacheable"]


#: (engine, the fetch's credentials mode) -> what the page sees, and how
#: many requests reach the server, when a navigation has cached an answer
#: without Access-Control-Allow-Origin and without Vary.
CALIBRATION = {
    # Chromium reuses the navigation's cached copy for the fetch: it fails.
    ("chromium", "same-origin"): ("TypeError", 1),
    ("chromium", "include"): ("TypeError", 1),
    # Firefox never serves a cached answer to a request that carried cookies
    # to a fetch that carries none, so only the credentialed fetch shows it.
    ("firefox", "same-origin"): ("resolves-200", 2),
    ("firefox", "include"): ("TypeError", 1),
    # WebKit fetches again even without Vary: it cannot observe the mistake.
    ("webkit", "same-origin"): ("resolves-200", 2),
    ("webkit", "include"): ("resolves-200", 2),
}


@pytest.mark.parametrize("credentials", ["same-origin", "include"])
def test_calibration_missing_vary_lets_navigation_cache_break_fetch(
    credentials: str,
    browser_page: BrowserPage,
    page_ports: dict[str, int],
    app_servers: AppServers,
) -> None:
    """Without ``Vary: Origin`` a browser may reuse the navigation's cached answer.

    Shows that ``navigation_cached_response_not_reused_by_fetch`` would catch
    a missing ``Vary`` in each engine that can observe it: there the fetch
    fails on the cached copy, which has no ``Access-Control-Allow-Origin``,
    and the server sees one request only.
    """
    engine = browser_page.engine
    base, recorder = app_servers.serve(f"no_vary_{engine}_{credentials}", no_vary_app)
    tag = f"{engine}-calibration-{credentials}"
    url = f"{base}/cacheable?s={tag}"
    browser_page.goto(url)
    home = f"http://localhost:{page_ports[PAGE]}"
    results = fetch_from(browser_page, home, home, url, {"credentials": credentials}, 1)
    outcome, requests = CALIBRATION[engine, credentials]
    assert ([verdict(result) for result in results], len(recorder.seen(tag))) == (
        [outcome],
        requests,
    )


def wildcard_headers_app(environ: Mapping[str, Any], start_response: Any) -> list[bytes]:
    """Allows any origin, and any request header with ``Access-Control-Allow-Headers: *``."""
    headers = [("Content-Type", "text/plain")]
    if "HTTP_ORIGIN" in environ:
        headers.append(("Access-Control-Allow-Origin", environ["HTTP_ORIGIN"]))
    if environ["REQUEST_METHOD"] == "OPTIONS":
        headers += [("Access-Control-Allow-Methods", "GET"), ("Access-Control-Allow-Headers", "*")]
        start_response("204 No Content", headers)
        return []
    start_response("200 OK", headers)
    return [b"authorized"]


def test_engines_let_a_wildcard_cover_authorization_where_the_standard_does_not(
    browser_page: BrowserPage, page_ports: dict[str, int], app_servers: AppServers
) -> None:
    """A known deviation, in every engine: the Fetch standard says ``*`` in
    ``Access-Control-Allow-Headers`` never covers ``Authorization``; the
    engines let it.  flask_cors.testing follows the standard and blocks, as
    docs/testing.rst says, so that an app does not rely on a leniency the
    standard may take back.  (flask_cors itself lists the requested headers
    rather than sending ``*``.)"""
    from werkzeug.test import Client

    from flask_cors.testing import assert_cors_blocked

    engine = browser_page.engine
    base, recorder = app_servers.serve(f"wildcard_headers_{engine}", wildcard_headers_app)
    tag = f"{engine}-wildcard-authorization"
    home = f"http://localhost:{page_ports[PAGE]}"
    init = {"headers": {"Authorization": "Bearer x"}}
    results = fetch_from(browser_page, home, home, f"{base}/?s={tag}", init, 1)
    assert [verdict(result) for result in results] == ["resolves-200"]
    assert [seen.method for seen in recorder.seen(tag)] == ["OPTIONS", "GET"]
    assert_cors_blocked(
        Client(wildcard_headers_app),
        "/",
        origin=home,
        headers={"Authorization": "Bearer x"},
        reason="authorization",
    )
