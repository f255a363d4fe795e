"""Attacks from a review of the "never fail open" claims.

Each test is an attack that once got through: a refused origin that read a
response, or a cross-site write from a refused origin that reached a view.
"""

from __future__ import annotations

import io
from typing import Any, Callable

import pytest
from flask import Blueprint, Flask

from flask_cors import CORS, cross_origin

TRUSTED = "https://app.example.com"
ATTACKER = "https://attacker.example"
CROSS_SITE = {"Origin": ATTACKER, "Sec-Fetch-Site": "cross-site"}


def _protected_app(setup: str, calls: list[str]) -> Flask:
    """An app whose CORS set-up asks for ``cross_origin_protection`` (in the
    way ``setup`` names) and whose /api/x view has its own ``@cross_origin``
    without that option."""
    app = Flask(__name__)
    bp = Blueprint("bp", __name__, url_prefix="/api")

    @bp.route("/x", methods=["GET", "POST", "PUT", "DELETE", "PATCH"])
    @cross_origin(origins=TRUSTED)
    def x() -> str:
        calls.append("x")
        return "ok"

    if setup == "resource":
        CORS(app, resources={r"/api/*": {"origins": TRUSTED, "cross_origin_protection": True}})
    elif setup == "keyword":
        CORS(app, origins=TRUSTED, cross_origin_protection=True)
    elif setup == "blueprint":
        CORS(bp, origins=TRUSTED, cross_origin_protection=True)
    elif setup == "init_app":
        cors = CORS(origins=TRUSTED, cross_origin_protection=True)
        cors.init_app(app)
    elif setup == "guard":  # no resource covers /api/x; the app-wide guard does
        CORS(app, resources={r"/public/*": {"origins": TRUSTED}}, cross_origin_protection=True)
    app.register_blueprint(bp)
    return app


def _wsgi_call(app: Flask, method: str, path: str, headers: dict[str, str]) -> str:
    """The status line of a request sent straight through ``app``'s WSGI callable."""
    environ: dict[str, Any] = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "localhost",
        "SERVER_PORT": "80",
        "HTTP_HOST": "localhost",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": io.StringIO(),
        "wsgi.version": (1, 0),
        "wsgi.multithread": False,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
    }
    for name, value in headers.items():
        environ["HTTP_" + name.upper().replace("-", "_")] = value
    status: list[str] = []

    def start_response(line: str, _headers: Any, _exc: Any = None) -> Callable[..., Any]:
        status.append(line)
        return lambda data: None

    body = app(environ, start_response)
    b"".join(body)
    getattr(body, "close", lambda: None)()
    return status[0]


SETUPS = ["resource", "keyword", "blueprint", "init_app", "guard"]


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH"])
@pytest.mark.parametrize("setup", SETUPS)
def test_cross_origin_view_keeps_the_write_protection_of_its_resource(
    setup: str, method: str
) -> None:
    calls: list[str] = []
    app = _protected_app(setup, calls)
    response = app.test_client().open("/api/x", method=method, headers=CROSS_SITE)
    assert response.status_code == 403
    assert "Access-Control-Allow-Origin" not in response.headers
    assert calls == []


@pytest.mark.parametrize("setup", SETUPS)
def test_cross_origin_view_keeps_the_write_protection_of_its_resource_over_wsgi(
    setup: str,
) -> None:
    calls: list[str] = []
    app = _protected_app(setup, calls)
    assert _wsgi_call(app, "POST", "/api/x", CROSS_SITE).startswith("403")
    assert calls == []


@pytest.mark.parametrize("setup", SETUPS)
def test_cross_origin_view_under_protection_still_takes_writes_from_its_origins(
    setup: str,
) -> None:
    calls: list[str] = []
    app = _protected_app(setup, calls)
    response = app.test_client().post(
        "/api/x", headers={"Origin": TRUSTED, "Sec-Fetch-Site": "cross-site"}
    )
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == TRUSTED
    assert calls == ["x"]


def test_cross_origin_view_without_protection_anywhere_is_not_screened() -> None:
    calls: list[str] = []
    app = Flask(__name__)
    CORS(app, origins=TRUSTED)

    @app.route("/x", methods=["POST"])
    @cross_origin(origins=TRUSTED)
    def x() -> str:
        calls.append("x")
        return "ok"

    response = app.test_client().post("/x", headers=CROSS_SITE)
    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response.headers
    assert calls == ["x"]
