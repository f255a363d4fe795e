"""Redirects, followed as ``fetch()`` follows them (``redirect: "follow"``):
``simulate_fetch`` and ``flask cors check``.

The rules are the Fetch standard's HTTP-redirect fetch
(https://fetch.spec.whatwg.org/#http-redirect-fetch); the browser suite
(tests/browser/test_redirects.py) shows the engines agree.
"""

from __future__ import annotations

from typing import Any, Callable

import pytest
from flask import Flask, Response, jsonify, redirect, request

from flask_cors import CORS
from flask_cors.cli import cors_commands
from flask_cors.testing import assert_cors_allowed, assert_cors_blocked, simulate_fetch

ORIGIN = "https://app.example.com"
SSO = "https://sso.example.com"


def redirecting_app(code: int = 302, target: str = "/login", **options: Any) -> Flask:
    """``/api/*`` under a policy for ORIGIN; ``/api/me`` redirects to ``target``.

    ``/login`` has no CORS headers; ``/api/data`` (any method) echoes the
    method, body and request headers it got, under the policy.
    """
    app = Flask(__name__)
    CORS(app, resources={r"/api/*": {"origins": [ORIGIN], **options}})

    @app.route("/api/me", methods=["GET", "HEAD", "POST", "PUT", "DELETE"])
    def me() -> Response:
        return redirect(target, code=code)

    @app.route("/login")
    def login() -> str:
        return "login page"

    @app.route("/api/data", methods=["GET", "HEAD", "POST", "PUT", "DELETE"])
    def data() -> Response:
        seen = {
            "method": request.method,
            "body": request.get_data(as_text=True),
            "origin": request.headers.get("Origin"),
            "content_type": request.headers.get("Content-Type"),
            "authorization": request.headers.get("Authorization"),
        }
        return jsonify(seen)

    return app


def sso_app(allow_origin: str | None, credentials: bool = False) -> Flask:
    """Another origin's app: ``/login`` answers with this Access-Control-Allow-Origin."""
    app = Flask("sso")

    @app.route("/login", methods=["GET", "OPTIONS", "PUT"])
    def login() -> Response:
        response = Response(f"sso {request.method} origin={request.headers.get('Origin')}")
        if allow_origin is not None:
            response.headers["Access-Control-Allow-Origin"] = allow_origin
        if credentials:
            response.headers["Access-Control-Allow-Credentials"] = "true"
        if request.method == "OPTIONS":
            response.headers["Access-Control-Allow-Methods"] = "PUT"
            response.headers["Access-Control-Allow-Headers"] = "content-type"
        return response

    return app


def echoed(result: Any) -> dict[str, Any]:
    seen: dict[str, Any] = result.response.get_json()
    return seen


# --- simulate_fetch ----------------------------------------------------------------


def test_redirect_to_a_page_without_cors_headers_is_blocked():
    result = assert_cors_blocked(
        redirecting_app().test_client(),
        "/api/me",
        origin=ORIGIN,
        reason="after a redirect to http://localhost/login: response has no "
        "Access-Control-Allow-Origin header",
    )
    assert [(hop.url, hop.response.status_code) for hop in result.hops] == [
        ("http://localhost/api/me", 302),
        ("http://localhost/login", 200),
    ]
    assert result.response is result.hops[-1].response


def test_without_follow_the_redirect_answer_is_judged_itself():
    result = assert_cors_allowed(
        redirecting_app().test_client(), "/api/me", origin=ORIGIN, follow=False
    )
    assert result.status == 302
    assert len(result.hops) == 1


def test_same_origin_redirect_to_a_covered_path_is_allowed_and_keeps_the_origin():
    result = assert_cors_allowed(
        redirecting_app(target="/api/data").test_client(), "/api/me", origin=ORIGIN
    )
    assert result.status == 200
    assert echoed(result)["origin"] == ORIGIN


def test_redirect_answer_without_cors_headers_blocks_before_following():
    app = Flask(__name__)
    CORS(app, resources={r"/api/data": {"origins": [ORIGIN]}})

    @app.route("/old")
    def old() -> Response:
        return redirect("/api/data")

    @app.route("/api/data")
    def data() -> str:
        return "data"

    result = assert_cors_blocked(
        app.test_client(), "/old", origin=ORIGIN, reason="response has no Access-Control"
    )
    assert len(result.hops) == 1


@pytest.mark.parametrize(
    ("code", "method", "sent"),
    [
        (301, "POST", "GET"),
        (302, "POST", "GET"),
        (303, "POST", "GET"),
        (303, "PUT", "GET"),
        (303, "HEAD", "HEAD"),
        (302, "PUT", "PUT"),
        (307, "POST", "POST"),
        (308, "PUT", "PUT"),
    ],
)
def test_redirect_method_rewrites(code, method, sent):
    result = assert_cors_allowed(
        redirecting_app(code=code, target="/api/data", methods="*").test_client(),
        "/api/me",
        origin=ORIGIN,
        method=method,
        data="payload",
    )
    assert result.hops[-1].method == sent
    if sent != "HEAD":
        seen = echoed(result)
        assert seen["method"] == sent
        kept = sent == method
        assert seen["body"] == ("payload" if kept else "")
        assert seen["content_type"] == ("text/plain;charset=UTF-8" if kept else None)


def put_json_redirected(code: int) -> Any:
    """A PUT with a JSON body (preflighted) that ``/api/me`` redirects with ``code``."""
    return assert_cors_allowed(
        redirecting_app(code=code, target="/api/data").test_client(),
        "/api/me",
        origin=ORIGIN,
        method="PUT",
        json={"a": 1},
    )


def test_a_put_kept_by_307_is_preflighted_again_at_the_new_url():
    result = put_json_redirected(307)
    assert [hop.preflight.request.path for hop in result.hops] == ["/api/me", "/api/data"]


def test_a_put_turned_into_get_by_303_needs_no_second_preflight():
    result = put_json_redirected(303)
    assert result.hops[0].preflight is not None
    assert (result.hops[1].method, result.hops[1].preflight) == ("GET", None)
    assert result.preflight_triggers == []


def test_fetch_site_turns_cross_site_after_a_redirect_to_another_site():
    seen: list[str | None] = []
    sso = Flask("sso")

    @sso.route("/login")
    def login() -> Response:
        seen.append(request.headers.get("Sec-Fetch-Site"))
        return Response("sso", headers={"Access-Control-Allow-Origin": "*"})

    page = "http://localhost:8080"  # the same site as the app (localhost), another port
    result = assert_cors_allowed(
        redirecting_app(target=f"{SSO}/login", origins=[page]).test_client(),
        "/api/me",
        origin=page,
        clients={SSO: sso.test_client()},
    )
    assert result.hops[0].response.request.headers["Sec-Fetch-Site"] == "same-site"
    assert seen == ["cross-site"]


def test_second_preflight_refused_at_the_new_url_blocks():
    app = Flask(__name__)
    CORS(
        app,
        resources={
            r"/api/me": {"origins": [ORIGIN], "methods": ["PUT"]},
            r"/api/data": {"origins": [ORIGIN], "methods": ["GET"]},
        },
    )

    @app.route("/api/me", methods=["PUT"])
    def me() -> Response:
        return redirect("/api/data", code=307)

    @app.route("/api/data", methods=["GET", "PUT"])
    def data() -> str:
        return "data"

    result = assert_cors_blocked(
        app.test_client(), "/api/me", origin=ORIGIN, method="PUT", reason="method PUT"
    )
    assert result.reasons[0].startswith("after a redirect to http://localhost/api/data: ")
    assert result.response is None
    assert result.hops[0].response.status_code == 307
    assert result.hops[1].response is None
    assert (
        f"  2. PUT http://localhost/api/data (Origin: {ORIGIN}): preflight 200 OK: blocked"
        in result.explain().splitlines()
    )


def test_redirect_to_an_origin_without_a_client_is_unknown():
    result = simulate_fetch(
        redirecting_app(target=f"{SSO}/login").test_client(), "/api/me", origin=ORIGIN
    )
    assert (result.allowed, result.unknown, result.verdict) == (False, True, "unknown")
    assert result.hops[-1].fetched is False
    assert result.hops[-1].origin == "null"
    assert f"clients={{{SSO!r}: ...}}" in result.reasons[0]


@pytest.mark.parametrize("helper", [assert_cors_allowed, assert_cors_blocked])
def test_assertions_fail_when_the_verdict_is_unknown(helper: Callable[..., Any]):
    client = redirecting_app(target=f"{SSO}/login").test_client()
    with pytest.raises(AssertionError, match="Cannot tell whether CORS allows the request"):
        helper(client, "/api/me", origin=ORIGIN)


@pytest.mark.parametrize(
    ("allow_origin", "allowed"),
    [("null", True), ("*", True), (ORIGIN, False), (None, False)],
)
def test_cross_origin_redirect_sends_null_and_needs_null_or_star(allow_origin, allowed):
    result = simulate_fetch(
        redirecting_app(target=f"{SSO}/login").test_client(),
        "/api/me",
        origin=ORIGIN,
        clients={SSO: sso_app(allow_origin).test_client()},
    )
    assert result.allowed is allowed
    assert result.hops[-1].response.get_data(as_text=True) == "sso GET origin=null"


def test_cross_origin_redirect_with_credentials_needs_null_and_allow_credentials():
    app = redirecting_app(target=f"{SSO}/login", supports_credentials=True)
    star = sso_app("*", credentials=True).test_client()
    null = sso_app("null", credentials=True).test_client()
    assert_cors_blocked(
        app.test_client(),
        "/api/me",
        origin=ORIGIN,
        credentials=True,
        clients={SSO: star},
        reason="is * but the request includes credentials",
    )
    assert_cors_allowed(
        app.test_client(), "/api/me", origin=ORIGIN, credentials=True, clients={SSO: null}
    )


def test_cross_origin_redirect_drops_authorization():
    app = redirecting_app(target="http://localhost/api/data", allow_headers="*")
    same = assert_cors_allowed(
        app.test_client(), "/api/me", origin=ORIGIN, headers={"Authorization": "Bearer t"}
    )
    assert echoed(same)["authorization"] == "Bearer t"
    sso = Flask("sso")

    @sso.route("/login", methods=["GET", "OPTIONS"])
    def login() -> Response:
        got = request.headers.get("Authorization")
        return Response(f"authorization={got}", headers={"Access-Control-Allow-Origin": "*"})

    result = simulate_fetch(
        redirecting_app(target=f"{SSO}/login", allow_headers="*").test_client(),
        "/api/me",
        origin=ORIGIN,
        headers={"Authorization": "Bearer t"},
        clients={SSO: sso.test_client()},
    )
    assert result.hops[-1].response.get_data(as_text=True) == "authorization=None"


def test_redirect_to_a_url_with_credentials_is_a_network_error():
    result = assert_cors_blocked(
        redirecting_app(target="http://user:pw@localhost/api/data").test_client(),
        "/api/me",
        origin=ORIGIN,
        reason="a URL with a user name or password",
    )
    assert len(result.hops) == 1


def test_redirect_to_another_scheme_is_a_network_error():
    assert_cors_blocked(
        redirecting_app(target="ftp://localhost/file").test_client(),
        "/api/me",
        origin=ORIGIN,
        reason="not an http(s) URL",
    )


def test_redirect_to_a_location_that_is_no_url_is_a_network_error():
    app = redirecting_app()
    inner = app.wsgi_app

    def broken_redirect(environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        if environ["PATH_INFO"] != "/moved":  # Werkzeug refuses to send such a Location
            return inner(environ, start_response)
        location = "http://localhost:99999/api/data"  # a port out of range
        start_response("302 FOUND", [("Location", location), ("Access-Control-Allow-Origin", "*")])
        return [b""]

    app.wsgi_app = broken_redirect  # type: ignore[method-assign]
    result = assert_cors_blocked(
        app.test_client(), "/moved", origin=ORIGIN, reason="is not a valid URL"
    )
    assert result.reasons == [
        "the redirect's Location 'http://localhost:99999/api/data' is not a valid URL"
    ]
    assert len(result.hops) == 1


def test_redirect_from_the_pages_own_origin_to_another_keeps_the_origin():
    app = redirecting_app(target=f"{SSO}/login", origins=["http://localhost"])
    sso = sso_app("http://localhost")
    result = assert_cors_allowed(
        app.test_client(), "/api/me", origin="http://localhost", clients={SSO: sso.test_client()}
    )
    assert [hop.origin for hop in result.hops] == ["http://localhost", "http://localhost"]
    assert result.response.get_data(as_text=True) == "sso GET origin=http://localhost"


def test_redirect_to_an_ipv6_origin_uses_the_client_given_for_it():
    other = "http://[::1]:8080"
    app = redirecting_app(target=f"{other}/login")
    result = assert_cors_allowed(
        app.test_client(), "/api/me", origin=ORIGIN, clients={other: sso_app("null").test_client()}
    )
    assert [(hop.url, hop.fetched) for hop in result.hops] == [
        ("http://localhost/api/me", True),
        (f"{other}/login", True),
    ]


def redirect_loop_app(hops: int) -> Flask:
    """``/api/hop/<n>`` redirects to ``n - 1`` until 0, which answers."""
    app = Flask(__name__)
    CORS(app, origins=[ORIGIN])

    @app.route("/api/hop/<int:n>")
    def hop(n: int) -> Any:
        return redirect(f"/api/hop/{n - 1}") if n else "arrived"

    return app


def test_twenty_redirects_are_followed():
    result = assert_cors_allowed(redirect_loop_app(20).test_client(), "/api/hop/20", origin=ORIGIN)
    assert len(result.hops) == 21


def test_a_twenty_first_redirect_is_a_network_error():
    result = assert_cors_blocked(
        redirect_loop_app(21).test_client(),
        "/api/hop/21",
        origin=ORIGIN,
        reason="more than 20 redirects",
    )
    assert len(result.hops) == 21


def test_a_redirect_without_location_is_the_final_answer():
    app = Flask(__name__)
    CORS(app, origins=[ORIGIN])

    @app.route("/moved")
    def moved() -> Response:
        return Response("moved", status=302)

    result = assert_cors_allowed(app.test_client(), "/moved", origin=ORIGIN)
    assert (result.status, len(result.hops)) == (302, 1)


def test_clients_keys_must_be_origins():
    with pytest.raises(ValueError, match="is not an origin"):
        simulate_fetch(
            redirecting_app().test_client(),
            "/api/me",
            origin=ORIGIN,
            clients={"sso.example.com": Flask("x").test_client()},
        )


def test_explain_lists_the_chain_one_line_per_request():
    result = simulate_fetch(redirecting_app().test_client(), "/api/me", origin=ORIGIN)
    lines = result.explain().splitlines()
    start = lines.index("redirects followed, each answer judged by the CORS check:")
    assert lines[start + 1 : start + 3] == [
        f"  1. GET http://localhost/api/me (Origin: {ORIGIN}): 302 FOUND: passes the CORS "
        "check, redirects to /login",
        f"  2. GET http://localhost/login (Origin: {ORIGIN}): 200 OK: blocked",
    ]


# --- flask cors check ----------------------------------------------------------------


def check(app: Flask, *args: str) -> Any:
    return app.test_cli_runner().invoke(cors_commands, ["check", *args])


def test_check_follows_a_login_redirect_and_blocks():
    result = check(redirecting_app(), "/api/me", "--origin", ORIGIN)
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0] == "BLOCKED"
    assert f"  2. GET http://localhost/login (Origin: {ORIGIN}): 200 OK: blocked" in lines
    # Each request of the chain gets the app's own explanation.
    assert "the app's CORS policy, on request 1:" in lines
    at_login = lines.index("the app's CORS policy, on request 2:")
    assert lines[at_login + 1] == "  - no CORS policy covers this path"


def test_check_explains_a_redirect_the_view_answered_itself_then_the_policy():
    app = Flask(__name__)
    CORS(app, resources={r"/api/*": {"origins": [ORIGIN]}})

    @app.route("/moved")
    def moved() -> Response:
        response = redirect("/api/data")
        response.headers["Access-Control-Allow-Origin"] = ORIGIN
        return response

    @app.route("/api/data")
    def data() -> str:
        return "data"

    result = check(app, "/moved", "--origin", ORIGIN)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    at_moved = lines.index("the app's CORS policy, on request 1:")
    assert lines[at_moved + 1] == "  - no CORS policy covers this path"
    at_data = lines.index("the app's CORS policy, on request 2:")
    assert lines[at_data + 1] == "  - policy: CORS(app) resource '/api/*'"


def test_check_no_follow_judges_the_redirect_itself():
    result = check(redirecting_app(), "/api/me", "--origin", ORIGIN, "--no-follow")
    assert result.exit_code == 0
    assert result.output.splitlines()[0] == "ALLOWED"
    assert "redirects followed" not in result.output


def test_check_redirect_to_another_origin_is_unknown():
    result = check(redirecting_app(target=f"{SSO}/login"), "/api/me", "--origin", ORIGIN)
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0] == "UNKNOWN"
    assert (
        f"  2. GET {SSO}/login (Origin: null): not fetched (another origin than the app): unknown"
        in lines
    )


def test_check_preflights_of_each_request_are_explained():
    result = check(
        redirecting_app(code=307, target="/api/data"),
        "/api/me",
        "--origin",
        ORIGIN,
        "--method",
        "PUT",
        "--header",
        "Content-Type: application/json",
    )
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    for label in (
        "the preflight of request 1",
        "request 1",
        "the preflight of request 2",
        "request 2",
    ):
        at = lines.index(f"the app's CORS policy, on {label}:")
        assert lines[at + 1] == "  - policy: CORS(app) resource '/api/*'", label


# --- middleware outside Flask ----------------------------------------------------------


class RealtimeMiddleware:
    """Answers ``/realtime/`` itself, as Flask-SocketIO answers ``/socket.io/``,
    with its own CORS header; passes everything else to the app."""

    def __init__(self, wsgi_app: Callable[..., Any], allowed: str) -> None:
        self.wsgi_app = wsgi_app
        self.allowed = allowed

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        if not environ["PATH_INFO"].startswith("/realtime/"):
            return self.wsgi_app(environ, start_response)
        headers = [("Content-Type", "text/plain")]
        if environ.get("HTTP_ORIGIN") == self.allowed:
            headers.append(("Access-Control-Allow-Origin", self.allowed))
        start_response("200 OK", headers)
        return [b"realtime"]


MIDDLEWARE_NOTE = (
    "  - /realtime/ matches no URL rule of the app, and app.wsgi_app is wrapped by middleware "
    "outside Flask (test_redirects.RealtimeMiddleware): that middleware may answer this path "
    "itself, and the CORS headers of its answers are its own (for Flask-SocketIO, its "
    "cors_allowed_origins), not a flask_cors policy's"
)


@pytest.mark.parametrize("before_cors", [False, True], ids=["after-cors", "before-cors"])
@pytest.mark.parametrize(("origin", "verdict"), [(ORIGIN, "ALLOWED"), (SSO, "BLOCKED")])
def test_check_names_middleware_that_answers_a_path_outside_flask(before_cors, origin, verdict):
    app = Flask(__name__)
    if before_cors:
        app.wsgi_app = RealtimeMiddleware(app.wsgi_app, ORIGIN)  # type: ignore[method-assign]
    CORS(app, resources={r"/api/*": {"origins": [SSO]}})
    if not before_cors:
        app.wsgi_app = RealtimeMiddleware(app.wsgi_app, ORIGIN)  # type: ignore[method-assign]

    @app.route("/api/data")
    def data() -> str:
        return "data"

    result = check(app, "/realtime/", "--origin", origin)
    lines = result.output.splitlines()
    assert lines[0] == verdict, result.output
    assert MIDDLEWARE_NOTE in lines


def test_check_without_middleware_keeps_the_plain_no_policy_line():
    app = Flask(__name__)
    CORS(app, resources={r"/api/*": {"origins": [ORIGIN]}})
    result = check(app, "/realtime/", "--origin", ORIGIN)
    assert "  - no CORS policy covers this path" in result.output.splitlines()


def test_check_routed_path_behind_middleware_keeps_the_plain_no_policy_line():
    app = Flask(__name__)
    CORS(app, resources={r"/api/*": {"origins": [ORIGIN]}})
    app.wsgi_app = RealtimeMiddleware(app.wsgi_app, ORIGIN)  # type: ignore[method-assign]

    @app.route("/plain")
    def plain() -> str:
        return "plain"

    result = check(app, "/plain", "--origin", ORIGIN)
    assert "  - no CORS policy covers this path" in result.output.splitlines()


def behind_realtime(app: Flask) -> Flask:
    """``app`` with a policy for SSO on ``/api/*``, wrapped by RealtimeMiddleware."""
    CORS(app, resources={r"/api/*": {"origins": [SSO]}})
    app.wsgi_app = RealtimeMiddleware(app.wsgi_app, ORIGIN)  # type: ignore[method-assign]
    return app


def realtime_function(wsgi_app: Callable[..., Any]) -> Callable[..., Any]:
    """RealtimeMiddleware as a plain function wrapping ``wsgi_app``."""
    middleware = RealtimeMiddleware(wsgi_app, ORIGIN)

    def realtime(environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        return middleware(environ, start_response)

    return realtime


def test_check_names_a_function_middleware_by_its_function():
    app = Flask(__name__)
    CORS(app, resources={r"/api/*": {"origins": [SSO]}})
    app.wsgi_app = realtime_function(app.wsgi_app)  # type: ignore[method-assign]
    result = check(app, "/realtime/", "--origin", ORIGIN)
    note = MIDDLEWARE_NOTE.replace(
        "(test_redirects.RealtimeMiddleware)",
        "(function test_redirects.realtime_function.<locals>.realtime)",
    )
    assert note in result.output.splitlines(), result.output


@pytest.mark.parametrize(
    ("path", "method"),
    [("/plain", "PUT"), ("/folder", "GET")],
    ids=["rule-for-other-methods", "redirect-to-slash"],
)
def test_check_path_flask_routes_otherwise_behind_middleware_keeps_the_plain_no_policy_line(
    path, method
):
    app = behind_realtime(Flask(__name__))
    app.add_url_rule("/plain", "plain", lambda: "plain")
    app.add_url_rule("/folder/", "folder", lambda: "folder")
    result = check(app, path, "--origin", ORIGIN, "--method", method, "--no-follow")
    lines = result.output.splitlines()
    assert "  - no CORS policy covers this path" in lines, result.output
    assert not any("middleware" in line for line in lines)


class UnroutedFlask(Flask):
    """A Flask that builds no URL adapter for ``/realtime/`` (which its middleware answers)."""

    def create_url_adapter(self, request):  # type: ignore[no-untyped-def]
        if request is not None and request.path.startswith("/realtime/"):
            return None
        return super().create_url_adapter(request)


def test_check_path_an_app_builds_no_url_adapter_for_is_not_routed_by_flask():
    app = behind_realtime(UnroutedFlask(__name__))
    app.add_url_rule("/realtime/", "realtime", lambda: "never served")  # a rule, no adapter
    result = check(app, "/realtime/", "--origin", ORIGIN)
    assert MIDDLEWARE_NOTE in result.output.splitlines(), result.output
