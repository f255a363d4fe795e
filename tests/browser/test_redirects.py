"""Redirects: ``simulate_fetch`` (which follows them as ``fetch()`` does)
gives each engine's verdict, and sends the requests the engine sent.

A page on ``http://localhost:{page}`` fetches from an app on another port;
the app redirects within itself, to a login page without CORS headers, or
to a target server on a third origin, whose ``Access-Control-Allow-Origin``
varies.  After a redirect to another origin the browser sends
``Origin: null`` (the tainted origin), so the target must allow ``null`` or
``*``; its echoing the page's origin is not enough.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Callable
from urllib.parse import urlsplit

import pytest
from flask import Flask, Response, redirect, request
from werkzeug.test import Client

from flask_cors import CORS
from flask_cors.cli import cors_commands
from flask_cors.testing import FetchResult, simulate_fetch

from .conftest import AppServers
from .engines import BrowserPage
from .harness import Recorder, Seen
from .scenarios import PAGE
from .test_browser import fetch_from, verdict

#: Access-Control-Allow-Origin of each target server (None: none sent);
#: ``page`` stands for the page's own origin.
TARGETS: Mapping[str, str | None] = {"bare": None, "null": "null", "star": "*", "page": "page"}


def target_app(allow_origin: str | None) -> Callable[..., Any]:
    """Another origin's server: ``/target`` answers 200 with ``allow_origin``."""

    def app(environ: Mapping[str, Any], start_response: Any) -> list[bytes]:
        headers = [("Content-Type", "text/plain")]
        if allow_origin is not None:
            headers.append(("Access-Control-Allow-Origin", allow_origin))
        start_response("200 OK", headers)
        return [b"target"]

    return app


def api_app(home: str, targets: Mapping[str, str]) -> Flask:
    """The app the page fetches from: ``/api/*`` allows ``home``.  Every
    redirect keeps the query string (the test's tag)."""
    app = Flask("browser_redirects")
    CORS(app, resources={r"/api/*": {"origins": [home]}})

    def to(path: str, code: int = 302) -> Response:
        query = request.query_string.decode()
        return redirect(f"{path}?{query}" if query else path, code=code)

    @app.route("/api/data", methods=["GET", "POST", "PUT"])
    def data() -> str:
        return f"data {request.method}"

    @app.route("/api/same")
    def same() -> Response:
        return to("/api/data")

    @app.route("/api/login")
    def login_redirect() -> Response:
        return to("/login")

    @app.route("/login")
    def login() -> str:
        return "login page"

    @app.route("/old")
    def old() -> Response:  # not under /api: the redirect itself has no CORS headers
        return to("/api/data")

    @app.route("/api/moved", methods=["PUT"])
    def moved() -> Response:
        return to("/api/data", code=int(request.args.get("code", "307")))

    @app.route("/api/away/<name>")
    def away(name: str) -> Response:
        return to(f"{targets[name]}/target")

    return app


@dataclass
class Servers:
    api: str
    api_app: Flask
    api_recorder: Recorder
    targets: dict[str, str] = field(default_factory=dict)
    target_apps: dict[str, Callable[..., Any]] = field(default_factory=dict)
    target_recorders: dict[str, Recorder] = field(default_factory=dict)


@pytest.fixture(scope="module")
def servers(page_ports: dict[str, int], app_servers: AppServers) -> Iterator[Servers]:
    home = f"http://localhost:{page_ports[PAGE]}"
    targets, apps, recorders = {}, {}, {}
    for name, allow in TARGETS.items():
        apps[name] = target_app(home if allow == "page" else allow)
        targets[name], recorders[name] = app_servers.serve(f"redirect_target_{name}", apps[name])
    app = api_app(home, targets)
    base, recorder = app_servers.serve("redirect_api", app)
    yield Servers(base, app, recorder, targets, apps, recorders)


@dataclass(frozen=True)
class Case:
    id: str
    path: str
    method: str = "GET"
    body: str | None = None
    headers: Mapping[str, str] = field(default_factory=dict)
    #: what every engine does: True, fetch() resolves (the page reads the answer).
    resolves: bool = True
    #: engines that send a preflight the standard does not call for, before
    #: the last request of the chain (see ``put_turned_into_get_by_303``).
    extra_preflight_in: tuple[str, ...] = ()


CASES = (
    Case("same_origin_redirect_to_a_covered_path", "/api/same"),
    Case("redirect_to_a_login_page_without_cors_headers", "/api/login", resolves=False),
    Case("redirect_answer_without_cors_headers", "/old", resolves=False),
    Case("cross_origin_redirect_target_without_cors_headers", "/api/away/bare", resolves=False),
    Case("cross_origin_redirect_target_allows_null", "/api/away/null"),
    Case("cross_origin_redirect_target_allows_star", "/api/away/star"),
    Case(
        "cross_origin_redirect_target_echoing_the_page_origin_is_not_enough",
        "/api/away/page",
        resolves=False,
    ),
    Case(
        "put_kept_by_307_is_preflighted_again",
        "/api/moved?code=307",
        method="PUT",
        body="{}",
        headers={"Content-Type": "application/json"},
    ),
    # The GET a 303 makes of the PUT has no body and no Content-Type: the
    # standard sends it without a preflight, and so does Chromium.  Firefox
    # preflights it anyway (a request that was preflighted stays so across
    # redirects), and WebKit too (asking for content-type, which it no
    # longer sends).  The verdict is the same here; docs/testing.rst says
    # that the simulation follows the standard.
    Case(
        "put_turned_into_get_by_303",
        "/api/moved?code=303",
        method="PUT",
        body="{}",
        headers={"Content-Type": "application/json"},
        extra_preflight_in=("firefox", "webkit"),
    ),
)


def with_tag(path: str, tag: str) -> str:
    return f"{path}{'&' if '?' in path else '?'}s={tag}"


def sent(seen: list[Seen]) -> list[tuple[str, str, str | None]]:
    return [("preflight" if s.preflight else s.method, s.path, s.origin) for s in seen]


def simulated_requests(result: FetchResult) -> list[tuple[str, str, str | None]]:
    requests = []
    for hop in result.hops:
        path = urlsplit(hop.url).path
        if hop.preflight is not None:
            requests.append(("preflight", path, hop.origin))
        if hop.response is not None:
            requests.append((hop.method, path, hop.origin))
    return requests


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_simulate_fetch_agrees_with_the_engine_on_redirects(
    case: Case, browser_page: BrowserPage, page_ports: dict[str, int], servers: Servers
) -> None:
    home = f"http://localhost:{page_ports[PAGE]}"
    tag = f"{browser_page.engine}-redirect-{case.id}"
    init: dict[str, Any] = {"method": case.method, "headers": dict(case.headers)}
    if case.body is not None:
        init["body"] = case.body
    results = fetch_from(browser_page, home, home, servers.api + with_tag(case.path, tag), init, 1)
    engine_verdict = verdict(results[0])
    assert engine_verdict.startswith("resolves-") or engine_verdict == "TypeError", engine_verdict
    engine_sent = sent(servers.api_recorder.seen(tag))
    for recorder in servers.target_recorders.values():
        engine_sent += sent(recorder.seen(tag))

    simulated_tag = f"simulated-{tag}"
    clients = {
        target: Client(servers.target_apps[name]) for name, target in servers.targets.items()
    }
    result = simulate_fetch(
        servers.api_app.test_client(),
        with_tag(case.path, simulated_tag),
        origin=home,
        method=case.method,
        headers=case.headers,
        data=case.body,
        clients=clients,
    )
    engine_resolves = engine_verdict.startswith("resolves-")
    assert engine_resolves is case.resolves, (browser_page.engine, engine_verdict)
    assert result.allowed is case.resolves, result.explain()
    if result.allowed:
        assert engine_verdict == f"resolves-{result.status}", result.explain()
    if not case.path.startswith("/api/away/"):
        # On the app alone, `flask cors check` can follow the chain too.
        args = ["check", case.path, "--origin", home, "--method", case.method]
        for name, value in case.headers.items():
            args += ["--header", f"{name}: {value}"]
        checked = servers.api_app.test_cli_runner().invoke(cors_commands, args)
        first_line = checked.output.splitlines()[0]
        assert first_line == ("ALLOWED" if case.resolves else "BLOCKED"), checked.output
    expected = simulated_requests(result)
    if browser_page.engine in case.extra_preflight_in:
        _, path, origin = expected[-1]
        expected.insert(-1, ("preflight", path, origin))
    assert expected == engine_sent, result.explain()
