"""The ways a browser blocks a request, each as a small Flask app, and the
table of docs/debugging.rst that quotes what each engine says about them.

``test_console_messages.py`` loads each case in Chromium, Firefox and WebKit,
records the console message the engine prints and the error the page's
script gets, and compares them with the table; ``tests/test_debugging_table.py``
runs ``flask cors check`` on each case and compares its verdict line with the
table.  This module imports no browser driver, so the second test is fast.

A case's app is built for one page origin (``build(origin)``): the browser
tests pass the origin of their page, the docs ``https://app.example.com``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from flask import Flask, Response, redirect, request

from flask_cors import CORS

DEBUGGING_RST = Path(__file__).resolve().parents[2] / "docs" / "debugging.rst"

#: The page origin the docs' check lines use.
DOC_ORIGIN = "https://app.example.com"

#: An origin that is neither the page's nor the app's.
OTHER_ORIGIN = "https://other.example"

#: How each engine names itself in the table.
ENGINE_LABELS = {"chromium": "Chromium", "firefox": "Firefox", "webkit": "WebKit"}

#: The error the page's script gets from a blocked ``fetch()``, per engine.
SCRIPT_ERRORS = {
    "chromium": "TypeError: Failed to fetch",
    "firefox": "TypeError: NetworkError when attempting to fetch resource.",
    "webkit": "TypeError: Load failed",
}


def _text(body: str) -> Response:
    return Response(body, mimetype="text/plain")


def _app(origin: str, cors: Mapping[str, Any] | None = None) -> Flask:
    """The case's app: ``CORS(app, **cors)`` (None: no extension) and its routes."""
    app = Flask("blocked")
    app.logger.disabled = True  # the 500 case raises on purpose
    if cors is not None:
        CORS(app, **cors)

    @app.route("/data", methods=["GET", "POST", "PUT"])
    def data() -> Response:
        return _text("data")

    @app.route("/boom")
    def boom() -> Response:
        raise RuntimeError("an unhandled exception")

    return app


class _AddHeader:
    """WSGI middleware adding one response header, as a reverse proxy can."""

    def __init__(self, app: Callable[..., Any], name: str, value: str) -> None:
        self.app, self.name, self.value = app, name, value

    def __call__(self, environ: dict, start_response: Callable[..., Any]) -> Any:
        def add(status: str, headers: list, exc_info: Any = None) -> Any:
            return start_response(status, [*headers, (self.name, self.value)], exc_info)

        return self.app(environ, add)


class _RefusePreflights:
    """WSGI middleware answering every ``OPTIONS`` with 401, as an
    authenticating proxy in front of the app can."""

    def __init__(self, app: Callable[..., Any]) -> None:
        self.app = app

    def __call__(self, environ: dict, start_response: Callable[..., Any]) -> Any:
        if environ["REQUEST_METHOD"] == "OPTIONS":
            start_response("401 Unauthorized", [("Content-Type", "text/plain")])
            return [b"log in first"]
        return self.app(environ, start_response)


class _RedirectPreflights:
    """WSGI middleware redirecting every ``OPTIONS`` to the same path, as an
    http-to-https or trailing-slash redirect in front of the app does."""

    def __init__(self, app: Callable[..., Any]) -> None:
        self.app = app

    def __call__(self, environ: dict, start_response: Callable[..., Any]) -> Any:
        if environ["REQUEST_METHOD"] == "OPTIONS":
            start_response("301 Moved Permanently", [("Location", environ["PATH_INFO"] + "/")])
            return [b""]
        return self.app(environ, start_response)


def _login_redirect_app(origin: str) -> Flask:
    """``/data`` under a policy for ``origin`` redirects (302, keeping the
    query) to ``/login``, which no policy covers: a session that expired."""
    app = Flask("blocked_login")
    CORS(app, resources={r"/data": {"origins": [origin]}})

    @app.route("/data")
    def data() -> Response:
        query = request.query_string.decode()
        return redirect(f"/login?{query}" if query else "/login")

    @app.route("/login")
    def login() -> Response:
        return _text("sign in")

    return app


def _wrapped(app: Flask, middleware: Callable[[Any], Any]) -> Flask:
    app.wsgi_app = middleware(app.wsgi_app)  # type: ignore[method-assign]
    return app


@dataclass(frozen=True)
class Blocked:
    """One way a request is blocked.

    :param title: the row's title in the docs' table (its key there).
    :param build: the app, given the page origin it is built for.
    :param path: what the page fetches.
    :param init: the ``fetch()`` options.
    """

    id: str
    title: str
    build: Callable[[str], Flask]
    path: str = "/data"
    init: Mapping[str, Any] = field(default_factory=dict)

    def check_args(self) -> list[str]:
        """The ``flask cors check`` arguments for this request from :data:`DOC_ORIGIN`."""
        args = [self.path, "--origin", DOC_ORIGIN]
        if self.init.get("method", "GET") != "GET":
            args += ["--method", self.init["method"]]
        for name, value in dict(self.init.get("headers", {})).items():
            args += ["--header", f"{name}: {value}"]
        if self.init.get("credentials") == "include":
            args.append("--credentials")
        return args


CASES: tuple[Blocked, ...] = (
    Blocked(
        "origin-not-allowed",
        "Origin not allowed",
        lambda origin: _app(origin, dict(origins=[OTHER_ORIGIN])),
    ),
    Blocked(
        "wildcard-with-credentials",
        "Wildcard with credentials",
        lambda origin: _app(origin, {}),
        init={"credentials": "include"},
    ),
    Blocked(
        "credentials-not-supported",
        "Credentials not supported",
        lambda origin: _app(origin, dict(origins=[origin])),
        init={"credentials": "include"},
    ),
    Blocked(
        "method-not-allowed",
        "Method not allowed",
        lambda origin: _app(origin, dict(origins=[origin], methods=["GET", "POST"])),
        init={"method": "PUT"},
    ),
    Blocked(
        "header-not-allowed",
        "Header not allowed",
        lambda origin: _app(origin, dict(origins=[origin], allow_headers=["Content-Type"])),
        init={"headers": {"X-Token": "1"}},
    ),
    Blocked(
        "preflight-not-covered",
        "Preflight without CORS headers",
        lambda origin: _app(origin, dict(resources={r"/api/*": {"origins": [origin]}})),
        init={"method": "PUT"},
    ),
    Blocked(
        "preflight-not-ok",
        "Preflight not ok",
        lambda origin: _app(origin, dict(origins=[origin])),
        path="/missing",
        init={"method": "PUT"},
    ),
    Blocked(
        "preflight-refused-in-front",
        "Preflight refused in front of the app",
        lambda origin: _wrapped(_app(origin, dict(origins=[origin])), _RefusePreflights),
        init={"method": "PUT"},
    ),
    Blocked(
        "preflight-redirected",
        "Preflight redirected",
        lambda origin: _wrapped(_app(origin, dict(origins=[origin])), _RedirectPreflights),
        init={"method": "PUT"},
    ),
    Blocked(
        "redirected-to-login",
        "Redirected to a page without CORS headers",
        _login_redirect_app,
    ),
    Blocked(
        "error-without-cors-headers",
        "Error page without CORS headers",
        lambda origin: _app(origin, dict(origins=[origin], intercept_exceptions=False)),
        path="/boom",
    ),
    Blocked(
        "multiple-values",
        "Two Access-Control-Allow-Origin values",
        lambda origin: _wrapped(
            _app(origin, dict(origins=[origin])),
            lambda app: _AddHeader(app, "Access-Control-Allow-Origin", OTHER_ORIGIN),
        ),
    ),
    Blocked(
        "origin-mismatch",
        "Origin mismatch",
        # A cache that ignores Vary: Origin serves another origin's answer;
        # here a proxy stands in for it.
        lambda origin: _wrapped(
            _app(origin), lambda app: _AddHeader(app, "Access-Control-Allow-Origin", OTHER_ORIGIN)
        ),
    ),
)


def normalise(text: str, *, url: str, api: str, page: str) -> str:
    """``text`` with the fetched ``url``, the app's origin ``api`` and the
    page's origin ``page`` replaced by ``<url>``, ``<api>`` and ``<page>``;
    the fetched URL's query (which a redirect may carry on) dropped from the
    other URLs."""
    query = url[url.find("?") :] if "?" in url else None
    text = text.replace(url, "<url>")
    if query is not None:
        text = text.replace(query, "")
    return text.replace(api, "<api>").replace(page, "<page>")


# --- The table in docs/debugging.rst ----------------------------------------


@dataclass(frozen=True)
class Row:
    """One row of the table: what each engine says, and the check's verdict."""

    title: str
    messages: Mapping[str, str]
    check_args: str
    check_reason: str


_ROW = re.compile(r"^   \* - \*\*(?P<title>[^*]+)\*\*$")
_ENGINE = re.compile(r"^       - (?P<engine>\w+): ``(?P<message>.*)``$")
_COMMAND = re.compile(r"^     - ``\$ flask cors check (?P<args>.*)``$")
_REASON = re.compile(r"^       ``- (?P<reason>.*)``$")


def parse_table(lines: Iterable[str]) -> dict[str, Row]:
    """The rows of the first ``list-table`` of debugging.rst, by title.

    The table's layout is fixed (see the page): each row starts with
    ``* - **Title**``, lists ``- Engine: ``message`` `` under it, and its last
    cell holds the ``flask cors check`` command and, on its own line, the
    first reason it prints.
    """
    rows: dict[str, Row] = {}
    title: str | None = None
    messages: dict[str, str] = {}
    args = ""
    in_table = False
    for line in lines:
        line = line.rstrip("\n")
        if line.startswith(".. list-table::"):
            if rows or title:
                break
            in_table = True
            continue
        if not in_table:
            continue
        if line and not line.startswith(" "):
            break
        match = _ROW.match(line)
        if match:
            title, messages = match["title"], {}
            continue
        match = _ENGINE.match(line)
        if match and title is not None:
            messages[match["engine"]] = match["message"]
            continue
        match = _COMMAND.match(line)
        if match and title is not None:
            args = match["args"]
            continue
        match = _REASON.match(line)
        if match and title is not None:
            rows[title] = Row(title, messages, args, match["reason"])
            title = None
    return rows


def doc_table() -> dict[str, Row]:
    with DEBUGGING_RST.open(encoding="utf-8") as page:
        return parse_table(page)
