"""An ``origins`` callable runs inside the app's application and request
context, for actual requests, preflights and screened writes alike, and gives
one answer to every request of an origin.

The usual per-tenant lookup reads ``flask.request`` (the host the tenant is
served on), ``current_app`` (its config) or a database session bound to the
app context.  Preflights and writes are decided before any ``before_request``
hook runs, and that still holds for them.
"""

from __future__ import annotations

import logging
from typing import Any

import pytest
from flask import Blueprint, Flask, current_app, g, request
from werkzeug.middleware.proxy_fix import ProxyFix

from flask_cors import CORS, cross_origin

ACAO = "Access-Control-Allow-Origin"
TENANT = "https://shop.tenant.example"
OTHER = "https://attacker.example"


class Sessions:
    """A stand-in for an ORM's scoped session: one per application context,
    usable only inside one, removed when the context tears down."""

    def __init__(self) -> None:
        self.opened = 0
        self.removed = 0

    def init_app(self, app: Flask) -> None:
        app.teardown_appcontext(self.remove)

    def query_allowed(self, origin: str) -> bool:
        if "tenant_session" not in g:
            g.tenant_session = self.opened = self.opened + 1
        allowed = current_app.config["TENANT_ORIGINS"]
        return origin in allowed.get(request.host, ())

    def remove(self, exc: BaseException | None) -> None:
        if g.pop("tenant_session", None) is not None:
            self.removed += 1


def tenant_origin_allowed(origin: str) -> bool:
    """Per-tenant lookup: the allowed origins of the host the request was sent to."""
    return current_app.extensions["sessions"].query_allowed(origin)


def build(entry: str, calls: list[str], middleware_inside: bool = False) -> Flask:
    app = Flask(__name__)
    app.config["TENANT_ORIGINS"] = {"shop.example.com": [TENANT]}
    sessions = Sessions()
    sessions.init_app(app)
    app.extensions["sessions"] = sessions

    @app.before_request
    def hook() -> None:
        calls.append(f"hook {request.method}")
        g.user = "someone"

    def orders() -> str:
        calls.append(f"view {request.method}")
        return "ok"

    if middleware_inside:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_host=1)  # type: ignore[method-assign]
    options: dict[str, Any] = {
        "origins": tenant_origin_allowed,
        "supports_credentials": True,
        "cross_origin_protection": True,
    }
    methods = ["GET", "POST", "PUT"]
    if entry == "CORS(bp)":
        bp = Blueprint("shop", __name__)
        bp.add_url_rule("/orders", "orders", orders, methods=methods)
        CORS(bp, **options)
        app.register_blueprint(bp)
    elif entry == "@cross_origin":
        app.add_url_rule("/orders", "orders", cross_origin(**options)(orders), methods=methods)
    elif entry == "@cross_origin under CORS(app)":
        app.add_url_rule("/orders", "orders", cross_origin(**options)(orders), methods=methods)
        CORS(app, resources={r"/static-api/*": {}})
    else:
        app.add_url_rule("/orders", "orders", orders, methods=methods)
        CORS(app, **options)
    return app


ENTRY_POINTS = ("CORS(app)", "CORS(bp)", "@cross_origin", "@cross_origin under CORS(app)")
HOST = {"Host": "shop.example.com"}


@pytest.fixture(params=ENTRY_POINTS)
def entry(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(params=[False, True], ids=["plain", "ProxyFix inside"])
def middleware_inside(request: pytest.FixtureRequest) -> bool:
    return bool(request.param)


def answers(app: Flask, origin: str) -> dict[str, Any]:
    client = app.test_client()
    read = client.get("/orders", headers={"Origin": origin, **HOST})
    preflight = client.options(
        "/orders",
        headers={"Origin": origin, "Access-Control-Request-Method": "PUT", **HOST},
    )
    write = client.put(
        "/orders", headers={"Origin": origin, "Sec-Fetch-Site": "cross-site", **HOST}
    )
    return {
        "read": read.headers.getlist(ACAO),
        "preflight": preflight.headers.getlist(ACAO),
        "preflight status": preflight.status_code,
        "write status": write.status_code,
        "write": write.headers.getlist(ACAO),
    }


def test_callable_using_flask_context_allows_its_origin_everywhere(
    entry, middleware_inside, caplog
):
    calls: list[str] = []
    app = build(entry, calls, middleware_inside)
    with caplog.at_level(logging.ERROR, logger="flask_cors"):
        got = answers(app, TENANT)
    assert got == {
        "read": [TENANT],
        "preflight": [TENANT],
        "preflight status": 200,
        "write status": 200,
        "write": [TENANT],
    }
    assert not [r for r in caplog.records if r.name == "flask_cors"]


def test_callable_using_flask_context_refuses_other_origins_everywhere(entry, middleware_inside):
    calls: list[str] = []
    app = build(entry, calls, middleware_inside)
    got = answers(app, OTHER)
    assert got["read"] == []
    assert got["preflight"] == []
    assert got["write status"] == 403
    assert calls == ["hook GET", "view GET"] or entry == "@cross_origin"


@pytest.mark.parametrize("entry", [e for e in ENTRY_POINTS if e != "@cross_origin"])
def test_preflight_and_write_decided_in_context_run_no_before_request_hook(
    entry, middleware_inside
):
    calls: list[str] = []
    app = build(entry, calls, middleware_inside)
    client = app.test_client()
    client.options(
        "/orders", headers={"Origin": TENANT, "Access-Control-Request-Method": "PUT", **HOST}
    )
    client.put("/orders", headers={"Origin": OTHER, "Sec-Fetch-Site": "cross-site", **HOST})
    assert calls == []


def test_context_pushed_for_a_preflight_is_torn_down(middleware_inside):
    calls: list[str] = []
    app = build("CORS(app)", calls, middleware_inside)
    sessions = app.extensions["sessions"]
    client = app.test_client()
    for _ in range(3):
        client.options(
            "/orders", headers={"Origin": TENANT, "Access-Control-Request-Method": "PUT", **HOST}
        )
    assert sessions.opened == 3
    assert sessions.removed == 3


def test_answer_follows_the_host_the_request_was_routed_with():
    """Behind ProxyFix installed first, the callable sees the forwarded host."""
    calls: list[str] = []
    app = build("CORS(app)", calls, middleware_inside=True)
    response = app.test_client().options(
        "/orders",
        headers={
            "Origin": TENANT,
            "Access-Control-Request-Method": "PUT",
            "Host": "backend:8000",
            "X-Forwarded-Host": "shop.example.com",
        },
    )
    assert response.headers.getlist(ACAO) == [TENANT]
    assert calls == []


def test_teardown_that_fails_does_not_cost_the_preflight_its_answer(caplog):
    calls: list[str] = []
    app = build("CORS(app)", calls)

    @app.teardown_request
    def close_user(exc: BaseException | None) -> None:
        raise RuntimeError("teardown read g.user, which only the hook sets")

    with caplog.at_level(logging.ERROR):
        response = app.test_client().options(
            "/orders", headers={"Origin": TENANT, "Access-Control-Request-Method": "PUT", **HOST}
        )
    assert response.status_code == 200
    assert response.headers.getlist(ACAO) == [TENANT]
