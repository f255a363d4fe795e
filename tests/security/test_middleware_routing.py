"""Middleware around ``app.wsgi_app`` must not blind the CORS decisions.

Preflights and ``cross_origin_protection`` are decided before Flask
dispatches a request.  When middleware installed *before* ``CORS(app)``
(``ProxyFix``, as docs/recipes.rst shows; a path rewriter; a method override)
changes the host, scheme, path or method that Flask routes, a decision made
on the environ as it arrived was made for another request: cross-site writes
with the victim's cookie reached protected views, and preflights fell into
Flask's dispatch, where an auth hook answered 401.  Every shape is tried in
both orders of installation, under ``CORS(app)``, ``CORS(bp)`` and a
``@cross_origin`` view.
"""

from __future__ import annotations

from typing import Any, Callable

import pytest
from flask import Blueprint, Flask, request
from werkzeug.middleware.proxy_fix import ProxyFix

from flask_cors import CORS, cross_origin

ACAO = "Access-Control-Allow-Origin"
TRUSTED = "https://app.example.com"
ATTACKER = "https://attacker.example"


class StripPrefix:
    """Serves the app under /v1 by removing the prefix (a path rewriter)."""

    def __init__(self, app: Callable[..., Any]) -> None:
        self.app = app

    def __call__(self, environ: dict, start_response: Callable[..., Any]) -> Any:
        path = environ.get("PATH_INFO", "")
        if path.startswith("/v1/"):
            environ = dict(environ, PATH_INFO=path[3:])
        return self.app(environ, start_response)


class MethodOverride:
    """``?_method=DELETE`` turns a GET or POST into that method."""

    def __init__(self, app: Callable[..., Any]) -> None:
        self.app = app

    def __call__(self, environ: dict, start_response: Callable[..., Any]) -> Any:
        query = environ.get("QUERY_STRING", "")
        for pair in query.split("&"):
            name, _, value = pair.partition("=")
            if name == "_method" and value:
                environ["REQUEST_METHOD"] = value.upper()
        return self.app(environ, start_response)


# Each shape: (how to build the Flask app, the middleware, the request's
# path, extra WSGI environ / headers the proxy or the page sends).
SHAPES: dict[str, dict[str, Any]] = {
    "ProxyFix + host matching": {
        "flask": {"host_matching": True, "static_host": "api.example.com"},
        "route": {"host": "api.example.com"},
        "middleware": lambda app: ProxyFix(app, x_host=1, x_proto=1),
        "path": "/items",
        "headers": {"X-Forwarded-Host": "api.example.com", "X-Forwarded-Proto": "https"},
        "environ": {"HTTP_HOST": "backend:8000"},
    },
    "ProxyFix + subdomain routing": {
        "flask": {"subdomain_matching": True},
        "config": {"SERVER_NAME": "example.com"},
        "route": {"subdomain": "api"},
        "middleware": lambda app: ProxyFix(app, x_host=1, x_proto=1),
        "path": "/items",
        "headers": {"X-Forwarded-Host": "api.example.com", "X-Forwarded-Proto": "https"},
        "environ": {"HTTP_HOST": "backend:8000"},
    },
    "path rewriter": {
        "middleware": StripPrefix,
        "path": "/v1/items",
    },
}
ORDERS = ("middleware before CORS", "middleware after CORS")
ENTRY_POINTS = ("CORS(app)", "CORS(bp)", "@cross_origin under CORS(app)")


def install(
    app: Flask,
    entry: str,
    view: Callable[[], str],
    methods: list[str],
    policy: dict[str, Any],
    route: dict[str, Any],
) -> None:
    """Route /items to ``view`` under ``policy``, through the entry point ``entry``."""
    if entry == "CORS(bp)":
        bp = Blueprint("api", __name__)
        bp.add_url_rule("/items", "items", view, methods=methods, **route)
        CORS(bp, **policy)
        app.register_blueprint(bp)
    elif entry == "CORS(app)":
        app.add_url_rule("/items", "items", view, methods=methods, **route)
        CORS(app, **policy)
    else:
        app.add_url_rule("/items", "items", cross_origin(**policy)(view), methods=methods, **route)
        CORS(app, resources={r"/other/*": {}})


def build(shape: str, order: str, entry: str, calls: list[str], **options: Any) -> Flask:
    spec = SHAPES[shape]
    app = Flask(__name__, **spec.get("flask", {}))
    app.config.update(spec.get("config", {}))

    @app.before_request
    def require_login() -> Any:
        calls.append(f"hook {request.method}")
        if "session=victim" not in request.headers.get("Cookie", ""):
            return "log in first", 401
        return None

    def items() -> str:
        calls.append(f"view {request.method}")
        return "ok"

    if order == "middleware before CORS":
        app.wsgi_app = spec["middleware"](app.wsgi_app)
    policy = {"origins": [TRUSTED], "supports_credentials": True, "cross_origin_protection": True}
    policy.update(options)
    install(app, entry, items, ["GET", "POST", "PUT", "DELETE"], policy, spec.get("route", {}))
    if order == "middleware after CORS":
        app.wsgi_app = spec["middleware"](app.wsgi_app)
    return app


def send(app: Flask, shape: str, method: str, headers: dict[str, str], query: str = "") -> Any:
    spec = SHAPES[shape]
    sent = dict(spec.get("headers", {}))
    sent.update(headers)
    # use_cookies=False: the client's own (empty) cookie jar would drop the Cookie header.
    return app.test_client(use_cookies=False).open(
        spec["path"] + query,
        method=method,
        headers=sent,
        environ_base=dict(spec.get("environ", {})),
    )


CROSS_SITE = {"Origin": ATTACKER, "Sec-Fetch-Site": "cross-site", "Cookie": "session=victim"}
# A browser before Sec-Fetch-Site: judged by Origin against Host.
CROSS_SITE_OLD_BROWSER = {"Origin": ATTACKER, "Cookie": "session=victim"}


@pytest.fixture(params=list(SHAPES))
def shape(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(params=ORDERS)
def order(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(params=ENTRY_POINTS)
def entry(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def test_the_shape_routes_the_request_to_the_view(shape, order, entry):
    calls: list[str] = []
    app = build(shape, order, entry, calls)
    response = send(app, shape, "GET", {"Origin": TRUSTED, "Cookie": "session=victim"})
    assert response.status_code == 200
    assert calls == ["hook GET", "view GET"]
    assert response.headers.getlist(ACAO) == [TRUSTED]


@pytest.mark.parametrize("headers", [CROSS_SITE, CROSS_SITE_OLD_BROWSER], ids=["fetch-site", "old"])
@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE"])
def test_cross_site_write_is_refused_before_any_hook(shape, order, entry, method, headers):
    calls: list[str] = []
    app = build(shape, order, entry, calls)
    response = send(app, shape, method, headers)
    assert response.status_code == 403
    assert calls == []
    assert ACAO not in response.headers


def test_write_from_the_allowed_origin_reaches_the_view(shape, order, entry):
    calls: list[str] = []
    app = build(shape, order, entry, calls)
    headers = {"Origin": TRUSTED, "Sec-Fetch-Site": "cross-site", "Cookie": "session=victim"}
    response = send(app, shape, "POST", headers)
    assert response.status_code == 200
    assert calls == ["hook POST", "view POST"]
    assert response.headers.getlist(ACAO) == [TRUSTED]


def test_preflight_is_answered_before_the_auth_hook(shape, order, entry):
    calls: list[str] = []
    app = build(shape, order, entry, calls)
    headers = {
        "Origin": TRUSTED,
        "Access-Control-Request-Method": "PUT",
        "Access-Control-Request-Headers": "Content-Type",
    }
    response = send(app, shape, "OPTIONS", headers)
    assert response.status_code == 200
    assert calls == []
    assert response.headers.getlist(ACAO) == [TRUSTED]
    allowed = response.headers["Access-Control-Allow-Methods"]
    assert allowed == "GET, HEAD, POST, OPTIONS, PUT, DELETE"
    assert response.headers["Access-Control-Allow-Credentials"] == "true"


def test_preflight_from_a_refused_origin_gets_no_cors_headers(shape, order, entry):
    calls: list[str] = []
    app = build(shape, order, entry, calls)
    headers = {"Origin": ATTACKER, "Access-Control-Request-Method": "PUT"}
    response = send(app, shape, "OPTIONS", headers)
    assert ACAO not in response.headers
    assert calls == []


# --- a method override inside: the method Flask routes is not the one sent ---


def build_with_override(order: str, entry: str, calls: list[str]) -> Flask:
    app = Flask(__name__)

    def items() -> str:
        calls.append(f"view {request.method}")
        return "ok"

    if order == "middleware before CORS":
        app.wsgi_app = MethodOverride(app.wsgi_app)  # type: ignore[method-assign]
    policy = {"origins": [TRUSTED], "cross_origin_protection": True}
    install(app, entry, items, ["GET", "POST", "DELETE"], policy, {})
    if order == "middleware after CORS":
        app.wsgi_app = MethodOverride(app.wsgi_app)  # type: ignore[method-assign]
    return app


@pytest.mark.parametrize("sent", ["GET", "POST", "HEAD"])
def test_overridden_method_is_screened_as_the_method_flask_routes(order, entry, sent):
    calls: list[str] = []
    app = build_with_override(order, entry, calls)
    response = app.test_client().open(
        "/items?_method=DELETE",
        method=sent,
        headers={"Origin": ATTACKER, "Sec-Fetch-Site": "cross-site"},
    )
    assert response.status_code == 403
    assert calls == []


def test_overridden_method_from_the_allowed_origin_goes_through(order, entry):
    calls: list[str] = []
    app = build_with_override(order, entry, calls)
    response = app.test_client().get(
        "/items?_method=DELETE", headers={"Origin": TRUSTED, "Sec-Fetch-Site": "cross-site"}
    )
    assert response.status_code == 200
    assert calls == ["view DELETE"]


def test_middleware_inside_keeps_plain_reads_and_errors_as_they_were(order):
    calls: list[str] = []
    app = build("path rewriter", order, "CORS(app)", calls)
    client = app.test_client(use_cookies=False)
    missing = client.post("/v1/nothing", headers=CROSS_SITE)
    assert missing.status_code == 404  # Flask answers what it cannot route
    read = client.get("/v1/items", headers={"Origin": ATTACKER, "Cookie": "session=victim"})
    assert read.status_code == 200
    assert ACAO not in read.headers
    assert read.headers["Vary"] == "Origin"
