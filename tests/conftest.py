"""Shared fixtures for the flask_cors test suite.

Most unit tests need the same three things: an app with a route or two under
``CORS`` or ``@cross_origin``, a cross-origin request to it, and a preflight.
They come from here:

``make_app(*paths, mode=..., view=..., route_methods=..., config=..., calls=..., **options)``
    a Flask app with one route per path (default ``/``) answering "ok" to
    ``route_methods`` (default GET, POST, PUT, PATCH, DELETE), appending the
    method of each request its views run for to the list ``calls``, if given;
    ``mode`` is ``"extension"`` (``CORS(app, **options)``), ``"decorator"``
    (``@cross_origin(**options)`` on each view) or ``None`` (no CORS at all).
``mode``
    each test that takes it runs twice, once per mode above.
``app`` / ``client``
    ``make_app()`` with the defaults, and its test client.
``actual(target, path="/", *, method="GET", origin=..., headers=None, **kwargs)``
    a cross-origin request; ``target`` is an app or a test client.
``preflight(target, path="/", *, method="PUT", headers=None, origin=..., **extra)``
    a preflight: ``headers`` becomes Access-Control-Request-Headers, ``extra``
    adds raw request headers.

``add_auth_hook(app_or_blueprint, calls=None)``
    registers a before_request hook that answers 401 to every request without
    an Authorization header (and appends each request's method to ``calls``).

Every test is also checked for state it leaves behind in flask_cors's modules
(see ``leak_check`` below).

Both requests come from the ``origin`` fixture (https://app.example.com); a
module overrides it by defining its own ``origin`` fixture.  ``origin=None``
sends no Origin header at all.
"""

from __future__ import annotations

import pathlib
import re
import sys
from typing import Any, Callable

import blinker
import flask
import pytest
from flask import Blueprint, Flask, request
from flask.testing import FlaskClient

from flask_cors import CORS, cross_origin

CHECKOUT = pathlib.Path(__file__).resolve().parent.parent
TESTS = CHECKOUT / "tests"
# Suites marked by where they live, so that a new test there cannot miss it.
_MARKED_FOLDERS = {"browser": TESTS / "browser", "server": TESTS / "server"}

ROUTE_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
MODES = ("extension", "decorator")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        path = pathlib.Path(str(item.fspath)).resolve()
        for marker, folder in _MARKED_FOLDERS.items():
            if folder in path.parents:
                item.add_marker(getattr(pytest.mark, marker))


#: Flask's signals that flask_cors may connect to.
FLASK_SIGNALS = tuple(
    value for value in vars(flask.signals).values() if isinstance(value, blinker.Signal)
)
#: The one receiver connected for every app, by design: the first
#: ``cross_origin`` connects it, once per process (see flask_cors.decorator).
_BY_DESIGN = {"flask_cors.decorator._prepare_error_response"}


def flask_cors_global_state() -> dict[str, int]:
    """What flask_cors keeps outside its apps: the size of each module-level
    dict, list or set of its modules, and its receivers of Flask's signals
    connected for any sender (per-app receivers go with their app)."""
    state: dict[str, int] = {}
    for name, module in list(sys.modules.items()):
        if name != "flask_cors" and not name.startswith("flask_cors."):
            continue
        for attribute, value in vars(module).items():
            if isinstance(value, (dict, list, set)) and not attribute.startswith("__"):
                state[f"{name}.{attribute}"] = len(value)
    anyone = object()  # a sender no receiver was connected for
    for signal in FLASK_SIGNALS:
        for receiver in signal.receivers_for(anyone):
            where = f"{getattr(receiver, '__module__', '')}.{getattr(receiver, '__qualname__', '')}"
            if where.startswith("flask_cors") and where not in _BY_DESIGN:
                state[f"{signal.name} receiver {where}"] = 1
    return state


@pytest.fixture(autouse=True)
def leak_check() -> Any:
    """Fail a test that leaves an app context pushed (as Flask's own test
    suite does) or state behind in flask_cors's modules: per-request or
    per-app state belongs to the app or the request, never to a module."""
    before = flask_cors_global_state()
    yield
    # A context left pushed would answer `current_app` in every later test
    # of the process (click before 8.2 leaves the one Flask pushes when
    # `flask --help` lists an app's own command, for instance).
    left_pushed = []
    while flask.has_app_context() and len(left_pushed) < 10:
        left_pushed.append(flask.current_app.name)
        flask.globals._cv_app.get().pop()
    assert not left_pushed, f"the test left an app context pushed, for the apps {left_pushed}"
    after = flask_cors_global_state()
    # A module first imported by the test brings its tables with it: only
    # the tables that were there before, and every new receiver, count.
    keys = {key for key in after if key in before or " receiver " in key} | set(before)
    left = {key: (before.get(key), after.get(key)) for key in keys}
    left = {key: sizes for key, sizes in left.items() if sizes[0] != sizes[1]}
    assert not left, f"flask_cors kept state outside the apps (before, after): {left}"
    assert flask.has_request_context() is False, "a request context was left pushed"


@pytest.fixture
def checkout() -> pathlib.Path:
    """The root of this repository."""
    return CHECKOUT


@pytest.fixture(params=MODES)
def mode(request: pytest.FixtureRequest) -> str:
    """A test that takes ``mode`` runs under ``CORS(app)`` and under ``@cross_origin``."""
    return str(request.param)


@pytest.fixture
def origin() -> str:
    """The Origin that ``actual`` and ``preflight`` send unless told otherwise."""
    return "https://app.example.com"


def _route(view: Callable[[], Any] | None, calls: list[str] | None) -> Callable[..., Any]:
    def answer(**url_values: Any) -> Any:
        if calls is not None:
            calls.append(request.method)
        return "ok" if view is None else view()

    return answer


def _endpoint(path: str) -> str:
    """``/api/items`` -> ``api_items``; ``/`` -> ``index``."""
    return re.sub(r"\W+", "_", path).strip("_") or "index"


@pytest.fixture
def make_app() -> Callable[..., Flask]:
    def make(
        *paths: str,
        mode: str | None = "extension",
        view: Callable[[], Any] | None = None,
        route_methods: tuple[str, ...] | list[str] = ROUTE_METHODS,
        config: dict[str, Any] | None = None,
        calls: list[str] | None = None,
        **options: Any,
    ) -> Flask:
        if mode not in (*MODES, None):
            raise ValueError(f"make_app: unknown mode {mode!r}")
        app = Flask(__name__)
        app.config.update(config or {})
        for path in paths or ("/",):
            answer = _route(view, calls)
            if mode == "decorator":
                answer = cross_origin(**options)(answer)
            endpoint = _endpoint(path)
            app.add_url_rule(path, endpoint, answer, methods=list(route_methods))
        if mode == "extension":
            CORS(app, **options)
        return app

    return make


@pytest.fixture
def app(make_app: Callable[..., Flask]) -> Flask:
    return make_app()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def _send(
    target: Flask | FlaskClient,
    path: str,
    method: str,
    origin: str | None,
    headers: dict[str, str],
    **kwargs: Any,
) -> Any:
    client = target.test_client() if isinstance(target, Flask) else target
    sent = {} if origin is None else {"Origin": origin}
    sent.update(headers)
    return client.open(path, method=method, headers=sent, **kwargs)


@pytest.fixture
def actual(origin: str) -> Callable[..., Any]:
    default = origin

    def send(
        target: Flask | FlaskClient,
        path: str = "/",
        *,
        method: str = "GET",
        origin: str | None = default,
        headers: dict[str, str] | None = None,
        **kwargs: Any,
    ) -> Any:
        return _send(target, path, method, origin, headers or {}, **kwargs)

    return send


@pytest.fixture
def preflight(origin: str) -> Callable[..., Any]:
    default = origin

    def send(
        target: Flask | FlaskClient,
        path: str = "/",
        *,
        method: str = "PUT",
        headers: str | None = None,
        origin: str | None = default,
        **extra: str,
    ) -> Any:
        sent = {"Access-Control-Request-Method": method}
        if headers is not None:
            sent["Access-Control-Request-Headers"] = headers
        sent.update(extra)
        return _send(target, path, "OPTIONS", origin, sent)

    return send


@pytest.fixture
def add_auth_hook() -> Callable[..., None]:
    def add(app_or_blueprint: Flask | Blueprint, calls: list[str] | None = None) -> None:
        @app_or_blueprint.before_request
        def require_authorization() -> tuple[str, int] | None:
            if calls is not None:
                calls.append(request.method)
            if "Authorization" not in request.headers:
                return "unauthorized", 401
            return None

    return add
