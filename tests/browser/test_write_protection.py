"""cross_origin_protection in a real browser: forms and fetch() from another
site do not reach the view; from an allowed origin and from the app's own
pages they do.

The app runs on ``http://localhost:<app port>`` and allows the page server's
``http://localhost:<page port>`` origin, which the browser labels
``Sec-Fetch-Site: same-site`` (ports do not make another site).  The same
page server reached as ``http://127.0.0.1:<page port>`` is another site, and
not allowed.  A request's side effect is an entry in the app's ``effects``
list; the headers the browser sent are noted in front of the app, for
refused requests too.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from typing import Any, Callable

import pytest
from flask import Flask, request
from werkzeug.middleware.proxy_fix import ProxyFix

from flask_cors import CORS

from .conftest import AppServers
from .engines import BrowserPage
from .scenarios import API_HOST, PAGE
from .test_browser import fetch_from, verdict

# The host the proxy forwards (X-Forwarded-Host) for the ProxyFix case.
PUBLIC_HOST = "api.example.test"

# Submits a form as a user's click would, from whatever page is open.
SUBMIT_FORM_JS = """
(action) => {
  const form = document.createElement("form");
  form.method = "POST";
  form.action = action;
  const field = document.createElement("input");
  field.name = "amount";
  field.value = "100";
  form.appendChild(field);
  document.body.appendChild(form);
  form.submit();
}
"""

FORM_HTML = """<!doctype html><title>transfer</title>
<form method="post" action="/transfer?s={tag}"><input name="amount" value="5">
<button id="send">Send</button></form>"""


class Protected:
    """The app under test, with what its view did and what the browser sent."""

    def __init__(self, allowed_origin: str, proxy_fix: str | None = None) -> None:
        self.effects: list[str] = []
        self.sent: dict[str, dict[str, str | None]] = {}
        self._lock = threading.Lock()
        self.proxied = proxy_fix is not None
        # Behind a proxy (emulated in __call__), with host matching: Flask
        # routes only the forwarded host, which ProxyFix puts in place.
        app = Flask(
            "write_protection",
            **({"host_matching": True, "static_host": PUBLIC_HOST} if self.proxied else {}),
        )
        route = {"host": PUBLIC_HOST} if self.proxied else {}
        if proxy_fix == "before":
            app.wsgi_app = ProxyFix(app.wsgi_app, x_host=1)  # type: ignore[method-assign]
        CORS(app, origins=[allowed_origin], supports_credentials=True, cross_origin_protection=True)
        if proxy_fix == "after":
            app.wsgi_app = ProxyFix(app.wsgi_app, x_host=1)  # type: ignore[method-assign]

        @app.before_request
        def require_session() -> Any:
            if request.method == "OPTIONS":
                return "log in first", 401  # the auth hook a preflight must never meet
            return None

        @app.post("/transfer", **route)
        def transfer() -> str:
            with self._lock:
                self.effects.append(request.args["s"])
            return f"transferred {request.form.get('amount', request.get_data(as_text=True))}"

        @app.get("/form", **route)
        def form() -> str:
            return FORM_HTML.format(tag=request.args["s"])

        self.app = app

    def __call__(self, environ: dict, start_response: Callable[..., Any]) -> Iterable[bytes]:
        if environ["REQUEST_METHOD"] == "POST":
            tag = environ.get("QUERY_STRING", "").partition("s=")[2]
            with self._lock:
                self.sent[tag] = {
                    "origin": environ.get("HTTP_ORIGIN"),
                    "sec-fetch-site": environ.get("HTTP_SEC_FETCH_SITE"),
                }
        if self.proxied:  # what the reverse proxy in front of the app sends
            environ["HTTP_X_FORWARDED_HOST"] = PUBLIC_HOST
            environ["HTTP_HOST"] = "backend:8000"
        return self.app.wsgi_app(environ, start_response)


@pytest.fixture(scope="module")
def protected(page_ports: dict[str, int], app_servers: AppServers) -> tuple[str, Protected]:
    target = Protected(f"http://localhost:{page_ports[PAGE]}")
    base, _ = app_servers.serve("write_protection", target)
    assert base.startswith(f"http://{API_HOST}:")
    return base, target


def pages(page_ports: dict[str, int]) -> dict[str, str]:
    return {
        "allowed": f"http://localhost:{page_ports[PAGE]}",
        "refused": f"http://127.0.0.1:{page_ports[PAGE]}",
    }


def submit_form(page: BrowserPage, page_origin: str, action: str) -> str:
    """Open a page on ``page_origin``, submit a form to ``action``; the answer's text."""
    page.goto(f"{page_origin}/")
    page.navigate_by(SUBMIT_FORM_JS, action)
    return page.text()


@pytest.mark.parametrize(
    ("page_kind", "site", "body", "happens"),
    [
        ("refused", "cross-site", "Cross-origin request refused", False),
        ("allowed", "same-site", "transferred 100", True),
    ],
)
def test_form_post(
    page_kind: str,
    site: str,
    body: str,
    happens: bool,
    browser_page: BrowserPage,
    page_ports: dict[str, int],
    protected: tuple[str, Protected],
) -> None:
    base, target = protected
    tag = f"{browser_page.engine}-form-{page_kind}"
    page_origin = pages(page_ports)[page_kind]
    shown = submit_form(browser_page, page_origin, f"{base}/transfer?s={tag}")
    assert body in shown
    assert target.sent[tag] == {"origin": page_origin, "sec-fetch-site": site}
    assert (tag in target.effects) is happens


@pytest.mark.parametrize(
    ("page_kind", "site", "outcome", "happens"),
    [
        # No Access-Control-Allow-Origin on the 403: fetch() rejects, and the
        # view never ran.
        ("refused", "cross-site", "TypeError", False),
        ("allowed", "same-site", "resolves-200", True),
    ],
)
def test_fetch_post(
    page_kind: str,
    site: str,
    outcome: str,
    happens: bool,
    browser_page: BrowserPage,
    page_ports: dict[str, int],
    protected: tuple[str, Protected],
) -> None:
    base, target = protected
    tag = f"{browser_page.engine}-fetch-{page_kind}"
    page_origin = pages(page_ports)[page_kind]
    # A text/plain body: a "simple" request that no preflight stops.
    init = {"method": "POST", "body": "7", "credentials": "include"}
    results = fetch_from(
        browser_page, page_origin, page_origin, f"{base}/transfer?s={tag}", init, 1
    )
    assert [verdict(result) for result in results] == [outcome]
    assert target.sent[tag] == {"origin": page_origin, "sec-fetch-site": site}
    assert (tag in target.effects) is happens


def test_no_cors_fetch_from_a_refused_origin_does_not_reach_the_view(
    browser_page: BrowserPage, page_ports: dict[str, int], protected: tuple[str, Protected]
) -> None:
    # mode: "no-cors" is how a page sends a write it never means to read.
    base, target = protected
    page_origin = pages(page_ports)["refused"]
    tag = f"{browser_page.engine}-no-cors"
    init = {"method": "POST", "body": "7", "mode": "no-cors", "credentials": "include"}
    results = fetch_from(
        browser_page, page_origin, page_origin, f"{base}/transfer?s={tag}", init, 1
    )
    assert [verdict(result) for result in results] == ["resolves-0"]  # opaque
    assert target.sent[tag]["sec-fetch-site"] == "cross-site"
    assert tag not in target.effects


def test_same_origin_form_post(browser_page: BrowserPage, protected: tuple[str, Protected]) -> None:
    base, target = protected
    tag = f"{browser_page.engine}-same-origin"
    browser_page.goto(f"{base}/form?s={tag}")
    browser_page.navigate_by("() => document.getElementById('send').click()")
    assert "transferred 5" in browser_page.text()
    assert target.sent[tag] == {"origin": base, "sec-fetch-site": "same-origin"}
    assert tag in target.effects


# --- behind ProxyFix, installed before or after CORS(app) (docs/recipes.rst) ---


@pytest.fixture(scope="module", params=["before", "after"])
def proxied(
    request: pytest.FixtureRequest, page_ports: dict[str, int], app_servers: AppServers
) -> tuple[str, Protected]:
    target = Protected(f"http://localhost:{page_ports[PAGE]}", proxy_fix=request.param)
    base, _ = app_servers.serve(f"write_protection_proxied_{request.param}", target)
    return base, target


@pytest.mark.parametrize(
    ("page_kind", "outcome", "happens"),
    [("refused", "TypeError", False), ("allowed", "resolves-200", True)],
)
def test_fetch_post_behind_proxy_fix(
    page_kind: str,
    outcome: str,
    happens: bool,
    browser_page: BrowserPage,
    page_ports: dict[str, int],
    proxied: tuple[str, Protected],
) -> None:
    base, target = proxied
    tag = f"{browser_page.engine}-proxied-{page_kind}-{id(target)}"
    page_origin = pages(page_ports)[page_kind]
    init = {"method": "POST", "body": "7", "credentials": "include"}
    results = fetch_from(
        browser_page, page_origin, page_origin, f"{base}/transfer?s={tag}", init, 1
    )
    assert [verdict(result) for result in results] == [outcome]
    assert (tag in target.effects) is happens


def test_preflighted_fetch_behind_proxy_fix_skips_the_auth_hook(
    browser_page: BrowserPage, page_ports: dict[str, int], proxied: tuple[str, Protected]
) -> None:
    # A JSON body needs a preflight; the app's before_request hook answers
    # every OPTIONS with 401, so only an answer before dispatch lets it pass.
    base, target = proxied
    tag = f"{browser_page.engine}-proxied-preflight-{id(target)}"
    page_origin = pages(page_ports)["allowed"]
    init = {
        "method": "POST",
        "body": "7",
        "credentials": "include",
        "headers": {"Content-Type": "application/json"},
    }
    results = fetch_from(
        browser_page, page_origin, page_origin, f"{base}/transfer?s={tag}", init, 1
    )
    assert [verdict(result) for result in results] == ["resolves-200"]
    assert tag in target.effects
