"""Attacks from a review of the "never fail open" claims.

Each test is an attack that once got through: a refused origin that read a
response, or a cross-site write from a refused origin that reached a view.
"""

from __future__ import annotations

import concurrent.futures
import functools
import io
import warnings
from collections.abc import Iterator
from typing import Any, Callable

import pytest
from flask import Blueprint, Flask, Request, request
from flask.views import MethodView

from flask_cors import CORS, CORSConfigError, CORSConfigWarning, cross_origin

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


class MethodOverrideRequest(Request):
    """Reads the method views see from ``?_method=`` or ``X-HTTP-Method-Override``."""

    def __init__(self, environ: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(environ, *args, **kwargs)
        override = self.args.get("_method") or self.headers.get("X-HTTP-Method-Override")
        if override:
            self.method = override.upper()


def _override_app(setup: str, when: str, calls: list[str]) -> Flask:
    """A MethodView whose ``delete`` records that it ran, under ``setup``,
    with ``MethodOverrideRequest`` set before or after the CORS set-up."""
    app = Flask(__name__)
    if when == "before":
        app.request_class = MethodOverrideRequest
    bp = Blueprint("bp", __name__, url_prefix="/api")

    class Items(MethodView):
        def get(self) -> str:
            return "items"

        def delete(self) -> str:
            calls.append("delete")
            return "deleted"

    view = Items.as_view("items")
    if setup == "decorator":
        view = cross_origin(origins=TRUSTED, cross_origin_protection=True)(view)
    bp.add_url_rule("/items", view_func=view)
    if setup == "app":
        CORS(app, origins=TRUSTED, cross_origin_protection=True)
    elif setup == "blueprint":
        CORS(bp, origins=TRUSTED, cross_origin_protection=True)
    elif setup == "init_app":
        CORS(origins=TRUSTED, cross_origin_protection=True).init_app(app)
    app.register_blueprint(bp)
    if when == "after":
        app.request_class = MethodOverrideRequest
    return app


OVERRIDES = [
    ("/api/items?_method=DELETE", {}),
    ("/api/items", {"X-HTTP-Method-Override": "DELETE"}),
]


@pytest.mark.parametrize(("path", "override"), OVERRIDES)
@pytest.mark.parametrize("when", ["before", "after"])
@pytest.mark.parametrize("setup", ["app", "blueprint", "init_app", "decorator"])
def test_request_class_method_override_does_not_pass_a_refused_write(
    setup: str, when: str, path: str, override: dict[str, str]
) -> None:
    calls: list[str] = []
    client = _override_app(setup, when, calls).test_client()
    for _ in range(2):  # the first request, then the ones after it
        response = client.get(path, headers={**CROSS_SITE, **override})
        assert response.status_code == 403
        assert "DELETE" in response.get_data(as_text=True)
        assert "Access-Control-Allow-Origin" not in response.headers
    assert calls == []


@pytest.mark.parametrize("when", ["before", "after"])
@pytest.mark.parametrize("setup", ["app", "blueprint", "init_app", "decorator"])
def test_request_class_method_override_is_screened_over_wsgi(setup: str, when: str) -> None:
    calls: list[str] = []
    app = _override_app(setup, when, calls)
    headers = {**CROSS_SITE, "X-HTTP-Method-Override": "DELETE"}
    for _ in range(2):
        assert _wsgi_call(app, "GET", "/api/items", headers).startswith("403")
    assert calls == []


@pytest.mark.parametrize("when", ["before", "after"])
@pytest.mark.parametrize("setup", ["app", "blueprint", "init_app", "decorator"])
def test_request_class_method_override_from_an_allowed_origin_reaches_the_view(
    setup: str, when: str
) -> None:
    calls: list[str] = []
    client = _override_app(setup, when, calls).test_client()
    headers = {"Origin": TRUSTED, "Sec-Fetch-Site": "cross-site"}
    assert client.get("/api/items", headers=headers).get_data(as_text=True) == "items"
    response = client.get("/api/items?_method=DELETE", headers=headers)
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == TRUSTED
    assert calls == ["delete"]


def _generator_check(origin: str) -> Iterator[bool]:
    yield origin == TRUSTED


class _GeneratorCall:
    def __call__(self, origin: str) -> Iterator[bool]:
        yield origin == TRUSTED


class _StaticAsyncCall:
    @staticmethod
    async def __call__(origin: str) -> bool:
        return origin == TRUSTED


DEFERRING_CHECKS = {
    "generator function": _generator_check,
    "partial of a generator function": functools.partial(_generator_check),
    "object with a generator __call__": _GeneratorCall(),
    "object with a static async __call__": _StaticAsyncCall(),
}


@pytest.mark.parametrize("check", DEFERRING_CHECKS.values(), ids=DEFERRING_CHECKS.keys())
@pytest.mark.parametrize("setup", ["app", "blueprint", "init_app", "decorator"])
def test_origin_check_that_defers_its_answer_is_refused_at_set_up(setup: str, check: Any) -> None:
    app = Flask(__name__)
    with pytest.raises(CORSConfigError, match=r"(generator|async) function.*plain def"):
        if setup == "app":
            CORS(app, origins=check)
        elif setup == "init_app":
            CORS(origins=check).init_app(app)
        elif setup == "blueprint":
            bp = Blueprint("bp", __name__)
            CORS(bp, origins=check)
            app.register_blueprint(bp)
        else:
            cross_origin(origins=check)


_POOL = concurrent.futures.ThreadPoolExecutor(max_workers=1)

RETURNS_DEFERRED = {
    "a generator": lambda origin: (allowed for allowed in [origin == TRUSTED]),
    "a concurrent Future": lambda origin: _POOL.submit(lambda: origin == TRUSTED),
}


@pytest.mark.parametrize("check", RETURNS_DEFERRED.values(), ids=RETURNS_DEFERRED.keys())
@pytest.mark.parametrize("setup", ["app", "blueprint", "decorator"])
def test_origin_check_returning_a_deferred_answer_refuses(setup: str, check: Any) -> None:
    calls: list[str] = []
    app = Flask(__name__)
    bp = Blueprint("bp", __name__)
    options = {"origins": check, "supports_credentials": True, "cross_origin_protection": True}

    def x() -> str:
        calls.append("x")
        return "ok"

    view = cross_origin(**options)(x) if setup == "decorator" else x
    bp.add_url_rule("/x", view_func=view, methods=["GET", "POST"])
    if setup == "app":
        CORS(app, **options)
    elif setup == "blueprint":
        CORS(bp, **options)
    app.register_blueprint(bp)
    client = app.test_client()
    assert "Access-Control-Allow-Origin" not in client.get("/x", headers=CROSS_SITE).headers
    preflight = client.options(
        "/x", headers={"Origin": ATTACKER, "Access-Control-Request-Method": "POST"}
    )
    assert "Access-Control-Allow-Origin" not in preflight.headers
    assert client.post("/x", headers=CROSS_SITE).status_code == 403
    assert calls == ["x"]  # the GET only


class RewritingFlask(Flask):
    """A Flask subclass whose own ``wsgi_app`` applies ``X-HTTP-Method-Override``
    and serves the app under /v1 as well (middleware written as an override)."""

    def wsgi_app(self, environ: Any, start_response: Any) -> Any:
        override = environ.get("HTTP_X_HTTP_METHOD_OVERRIDE")
        if override and environ["REQUEST_METHOD"] in ("GET", "POST"):
            environ["REQUEST_METHOD"] = override.upper()
        if environ.get("PATH_INFO", "").startswith("/v1/"):
            environ["PATH_INFO"] = environ["PATH_INFO"][3:]
        return super().wsgi_app(environ, start_response)


def _subclass_app(setup: str, calls: list[str]) -> Flask:
    app = RewritingFlask(__name__)
    bp = Blueprint("bp", __name__, url_prefix="/api")

    def items() -> str:
        calls.append(request.method)
        return "ok"

    view = (
        cross_origin(origins=TRUSTED, cross_origin_protection=True)(items)
        if setup == "decorator"
        else items
    )
    bp.add_url_rule("/items", view_func=view, methods=["GET", "POST", "DELETE"])
    if setup == "app":
        CORS(app, resources={"/api/*": {"origins": TRUSTED}}, cross_origin_protection=True)
    elif setup == "blueprint":
        CORS(bp, origins=TRUSTED, cross_origin_protection=True)
    elif setup == "init_app":
        CORS(origins=TRUSTED, cross_origin_protection=True).init_app(app)
    app.register_blueprint(bp)
    return app


SUBCLASS_WRITES = [
    ("GET", "/api/items", {"X-HTTP-Method-Override": "DELETE"}),
    ("POST", "/v1/api/items", {}),
    ("GET", "/v1/api/items", {"X-HTTP-Method-Override": "DELETE"}),
]


@pytest.mark.parametrize(("method", "path", "extra"), SUBCLASS_WRITES)
@pytest.mark.parametrize("setup", ["app", "blueprint", "init_app", "decorator"])
def test_flask_subclass_wsgi_app_override_does_not_pass_a_refused_write(
    setup: str, method: str, path: str, extra: dict[str, str]
) -> None:
    calls: list[str] = []
    app = _subclass_app(setup, calls)
    response = app.test_client().open(path, method=method, headers={**CROSS_SITE, **extra})
    assert response.status_code == 403
    assert _wsgi_call(app, method, path, {**CROSS_SITE, **extra}).startswith("403")
    assert calls == []


@pytest.mark.parametrize("setup", ["app", "blueprint", "init_app", "decorator"])
def test_flask_subclass_wsgi_app_override_still_answers_preflights_and_allowed_writes(
    setup: str,
) -> None:
    calls: list[str] = []
    client = _subclass_app(setup, calls).test_client()
    preflight = client.options(
        "/v1/api/items", headers={"Origin": TRUSTED, "Access-Control-Request-Method": "DELETE"}
    )
    assert preflight.headers["Access-Control-Allow-Origin"] == TRUSTED
    response = client.get(
        "/v1/api/items",
        headers={
            "Origin": TRUSTED,
            "Sec-Fetch-Site": "cross-site",
            "X-HTTP-Method-Override": "DELETE",
        },
    )
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == TRUSTED
    assert calls == ["DELETE"]


# Pairs of a specific resource pattern (its policy: TRUSTED only) and a
# broader one with the same parsed structure (every origin), which once won
# the tie by how its source was spelled.
BROADER_TWINS = [
    (r"/api/admin/.*", r"(?i)/api/admin/.*"),  # also /API/ADMIN/...
    (r"/api/admin/.*", r"/api/(?i:admin)/.*"),
    (r"/api/admin/..*", r"/api/admin/.*"),  # also /api/admin/
]


def _twin_app(setup: str, resources: dict[str, Any]) -> Flask:
    app = Flask(__name__)
    bp = Blueprint("bp", __name__)

    @bp.route("/api/admin/<path:rest>")
    def admin(rest: str) -> str:
        return "secret"

    if setup == "app":
        CORS(app, resources=resources)
    elif setup == "blueprint":
        CORS(bp, resources=resources)
    else:
        CORS().init_app(app, resources=resources)
    app.register_blueprint(bp)
    return app


@pytest.mark.parametrize("specific_first", [True, False])
@pytest.mark.parametrize(("specific", "broader"), BROADER_TWINS)
@pytest.mark.parametrize("setup", ["app", "blueprint", "init_app"])
def test_broader_twin_pattern_does_not_win_the_tie(
    setup: str, specific: str, broader: str, specific_first: bool
) -> None:
    entries = [(specific, {"origins": TRUSTED}), (broader, {"origins": "*"})]
    resources = dict(entries if specific_first else entries[::-1])
    client = _twin_app(setup, resources).test_client()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        response = client.get("/api/admin/users", headers={"Origin": ATTACKER})
    # Where flask-cors 6.0.5 gave the route the broader pattern's policy, the
    # first request says so.
    for warning in caught:
        assert warning.category is CORSConfigWarning
        assert "ranked by meaning, not spelling" in str(warning.message)
    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response.headers
    trusted = client.get("/api/admin/users", headers={"Origin": TRUSTED})
    assert trusted.headers["Access-Control-Allow-Origin"] == TRUSTED


@pytest.mark.xfail(
    strict=True,
    reason="resource paths are matched case-sensitively; a view that serves files "
    "from a case-insensitive file system (macOS, Windows, a Docker bind mount on "
    "them) serves /static/PRIVATE/... from the private folder under the policy of "
    "the broader /static/* resource. Refusing CORS for paths whose case-folded form "
    "falls under another resource would fix it, at the cost of CORS for legitimate "
    "mixed-case routes; a design decision for the lead.",
)
def test_upper_case_path_on_a_case_insensitive_file_system_gets_the_private_policy() -> None:
    app = Flask(__name__)
    files = {"private/report.txt": "secret", "logo.svg": "<svg/>"}

    @app.route("/files/<path:name>")
    def serve(name: str) -> str:
        return files[name.lower()]  # as a case-insensitive file system answers

    CORS(app, resources={"/files/private/*": {"origins": TRUSTED}, "/files/*": {"origins": "*"}})
    client = app.test_client()
    assert client.get("/files/PRIVATE/report.txt").get_data(as_text=True) == "secret"
    response = client.get("/files/PRIVATE/report.txt", headers={"Origin": ATTACKER})
    assert "Access-Control-Allow-Origin" not in response.headers
