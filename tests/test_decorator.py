"""The ``cross_origin`` view decorator, alone and with the extension."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Blueprint, Flask, abort, request

from flask_cors import CORS, CORSConfigWarning, cross_origin

ORIGIN = "https://app.example.com"
OTHER = "https://other.example.com"


# --- plain use ---


def test_decorator_defaults_allow_any_origin_with_star(make_app, actual):
    response = actual(make_app(mode="decorator"))
    assert response.get_data(as_text=True) == "ok"
    assert response.headers.getlist("Access-Control-Allow-Origin") == ["*"]
    assert "Vary" not in response.headers
    assert "Access-Control-Allow-Credentials" not in response.headers


def test_decorator_without_parentheses_uses_defaults():
    app = Flask(__name__)

    @app.route("/")
    @cross_origin
    def index():
        return "hello"

    response = app.test_client().get("/", headers={"Origin": ORIGIN})
    assert response.headers.get("Access-Control-Allow-Origin") == "*"


def test_decorator_options_reflect_listed_origin_with_credentials(make_app, actual):
    options = dict(origins=[ORIGIN], supports_credentials=True, expose_headers=["X-Total"])
    response = actual(make_app(mode="decorator", **options))
    assert response.headers.getlist("Access-Control-Allow-Origin") == [ORIGIN]
    assert response.headers.get("Access-Control-Allow-Credentials") == "true"
    assert response.headers.get("Access-Control-Expose-Headers") == "X-Total"
    assert response.headers.get("Vary") == "Origin"


def test_decorator_options_refuse_unlisted_origin(make_app, actual):
    response = actual(make_app(mode="decorator", origins=[ORIGIN]), origin=OTHER)
    assert response.get_data(as_text=True) == "ok"
    assert "Access-Control-Allow-Origin" not in response.headers
    assert response.headers.get("Vary") == "Origin"


def test_decorator_on_async_view():
    app = Flask(__name__)

    @app.route("/")
    @cross_origin(origins=[ORIGIN])
    async def index():
        return "async hello"

    response = app.test_client().get("/", headers={"Origin": ORIGIN})
    assert response.status_code == 200
    assert response.get_data(as_text=True) == "async hello"
    assert response.headers.get("Access-Control-Allow-Origin") == ORIGIN
    assert response.headers.get("Vary") == "Origin"


def test_decorator_on_async_view_that_aborts():
    app = Flask(__name__)

    @app.route("/")
    @cross_origin(origins=[ORIGIN])
    async def index():
        abort(403)

    response = app.test_client().get("/", headers={"Origin": ORIGIN})
    assert response.status_code == 403
    assert response.headers.getlist("Access-Control-Allow-Origin") == [ORIGIN]
    assert response.headers.get("Vary") == "Origin"


def test_decorator_async_view_preflight_does_not_run_view(preflight):
    calls: list = []
    app = Flask(__name__)

    @app.route("/", methods=["GET", "PUT"])
    @cross_origin()
    async def index():
        calls.append(request.method)
        return "async hello"

    response = preflight(app, "/")
    assert response.status_code == 200
    assert response.headers.get("Access-Control-Allow-Methods") == "GET, HEAD, OPTIONS, PUT"
    assert calls == []


# --- preflight answered by the decorator ---


@pytest.fixture
def items_app(make_app):
    """``/items`` (GET, POST) under ``@cross_origin(**options)``, its view's calls in ``calls``."""

    def build(calls: list, **options):
        return make_app(
            "/items", route_methods=("GET", "POST"), mode="decorator", calls=calls, **options
        )

    return build


def test_decorator_answers_preflight_with_route_methods_only(preflight, items_app):
    app = items_app([])
    response = preflight(app, "/items", method="POST")
    assert response.status_code == 200
    assert response.get_data() == b""
    assert response.headers.get("Access-Control-Allow-Origin") == "*"
    assert response.headers.get("Access-Control-Allow-Methods") == "GET, HEAD, POST, OPTIONS"


def test_decorator_preflight_limits_policy_methods_to_route(preflight, items_app):
    app = items_app([], methods=["POST", "DELETE", "GET"])
    response = preflight(app, "/items", method="POST")
    assert response.headers.get("Access-Control-Allow-Methods") == "POST, GET"


def test_decorator_preflight_does_not_run_view(preflight, items_app):
    calls: list = []
    app = items_app(calls)
    preflight(app, "/items", method="POST")
    assert calls == []


def test_decorator_preflight_echoes_allowed_headers_and_max_age(preflight, items_app):
    app = items_app([], allow_headers=["X-Token"], max_age=120)
    response = preflight(
        app, "/items", method="POST", **{"Access-Control-Request-Headers": "x-token, x-no"}
    )
    assert response.headers.get("Access-Control-Allow-Headers") == "x-token"
    assert response.headers.get("Access-Control-Max-Age") == "120"


def test_decorator_automatic_options_off_flask_options_answer_has_no_cors_headers(items_app):
    calls: list = []
    app = items_app(calls, automatic_options=False)
    response = app.test_client().options("/items", headers={"Origin": ORIGIN})
    assert response.status_code == 200
    assert response.headers.get("Allow") is not None
    assert "Access-Control-Allow-Origin" not in response.headers
    assert calls == []


def test_decorator_automatic_options_off_preflight_gets_no_allow_origin(preflight, items_app):
    app = items_app([], automatic_options=False)
    response = preflight(app, "/items", method="POST")
    assert "Access-Control-Allow-Origin" not in response.headers
    assert "Access-Control-Allow-Methods" not in response.headers


def test_decorator_automatic_options_off_still_serves_actual_requests(items_app):
    app = items_app([], automatic_options=False)
    response = app.test_client().get("/items", headers={"Origin": ORIGIN})
    assert response.headers.get("Access-Control-Allow-Origin") == "*"


# --- functools.wraps ---


def test_decorator_preserves_view_name():
    @cross_origin()
    def list_users():
        return "users"

    assert list_users.__name__ == "list_users"


def test_two_decorated_views_get_distinct_endpoints():
    app = Flask(__name__)

    @app.route("/a")
    @cross_origin()
    def view_a():
        return "a"

    @app.route("/b")
    @cross_origin(origins=[ORIGIN])
    def view_b():
        return "b"

    client = app.test_client()
    a = client.get("/a", headers={"Origin": ORIGIN})
    b = client.get("/b", headers={"Origin": ORIGIN})
    assert {"view_a", "view_b"} <= set(app.view_functions)
    assert a.get_data(as_text=True) == "a"
    assert b.get_data(as_text=True) == "b"
    assert a.headers.get("Access-Control-Allow-Origin") == "*"
    assert b.headers.get("Access-Control-Allow-Origin") == ORIGIN


# --- a view decorated twice ---


def make_twice_decorated_app(with_extension: bool) -> Flask:
    """The outer ``cross_origin`` answers preflights; the inner one screens writes."""
    app = Flask(__name__)

    @app.route("/items", methods=["GET", "POST"])
    @cross_origin(origins=[ORIGIN, OTHER])
    @cross_origin(origins=[ORIGIN], cross_origin_protection=True)
    def items():
        return "items"

    if with_extension:
        CORS(app, origins=[ORIGIN, OTHER])
    return app


@pytest.mark.parametrize("with_extension", [False, True])
def test_view_decorated_twice_answers_preflights_with_the_outer_decorators_policy(
    with_extension, preflight
):
    response = preflight(
        make_twice_decorated_app(with_extension), "/items", method="POST", origin=OTHER
    )
    assert response.status_code == 200
    assert response.headers.getlist("Access-Control-Allow-Origin") == [OTHER]


@pytest.mark.parametrize("with_extension", [False, True])
def test_view_decorated_twice_keeps_the_inner_decorators_write_protection(with_extension):
    client = make_twice_decorated_app(with_extension).test_client()
    cross_site = {"Sec-Fetch-Site": "cross-site"}
    refused = client.post("/items", headers={"Origin": OTHER, **cross_site})
    allowed = client.post("/items", headers={"Origin": ORIGIN, **cross_site})
    assert refused.status_code == 403
    assert allowed.get_data(as_text=True) == "items"


# --- decorator together with the extension ---


def make_mixed_app(**extension_options) -> Flask:
    app = Flask(__name__)

    @app.route("/decorated", methods=["GET", "PUT"])
    @cross_origin(origins=[ORIGIN], expose_headers=["X-Decorated"])
    def decorated():
        return "decorated"

    @app.route("/plain")
    def plain():
        return "plain"

    CORS(app, origins=[OTHER], **extension_options)
    return app


def test_decorator_options_win_over_extension_for_its_view():
    app = make_mixed_app()
    response = app.test_client().get("/decorated", headers={"Origin": ORIGIN})
    assert response.headers.getlist("Access-Control-Allow-Origin") == [ORIGIN]
    assert response.headers.get("Access-Control-Expose-Headers") == "X-Decorated"
    assert response.headers.get("Vary") == "Origin"


def test_extension_origin_not_allowed_on_decorated_view():
    app = make_mixed_app()
    response = app.test_client().get("/decorated", headers={"Origin": OTHER})
    assert "Access-Control-Allow-Origin" not in response.headers
    assert response.headers.get("Vary") == "Origin"


def test_extension_applies_to_undecorated_views():
    app = make_mixed_app()
    response = app.test_client().get("/plain", headers={"Origin": OTHER})
    assert response.headers.getlist("Access-Control-Allow-Origin") == [OTHER]
    assert "Access-Control-Expose-Headers" not in response.headers


def test_decorator_and_extension_send_one_allow_origin_on_preflight(preflight):
    app = make_mixed_app()
    response = preflight(app, "/decorated")
    assert response.headers.getlist("Access-Control-Allow-Origin") == [ORIGIN]
    assert response.headers.getlist("Access-Control-Allow-Methods") == ["GET, HEAD, OPTIONS, PUT"]
    assert response.headers.getlist("Vary") == ["Origin"]


def test_decorator_works_when_extension_resources_do_not_cover_view():
    app = make_mixed_app(resources=r"/api/*")
    client = app.test_client()
    decorated = client.get("/decorated", headers={"Origin": ORIGIN})
    plain = client.get("/plain", headers={"Origin": OTHER})
    assert decorated.headers.getlist("Access-Control-Allow-Origin") == [ORIGIN]
    assert "Access-Control-Allow-Origin" not in plain.headers


def test_decorator_preflight_answered_by_decorator_outside_extension_resources(preflight):
    app = make_mixed_app(resources=r"/api/*")
    response = preflight(app, "/decorated")
    assert response.status_code == 200
    assert response.headers.getlist("Access-Control-Allow-Origin") == [ORIGIN]
    assert response.headers.get("Access-Control-Allow-Methods") == "GET, HEAD, OPTIONS, PUT"


@pytest.mark.filterwarnings("ignore:@cross_origin on .* admits:flask_cors.CORSConfigWarning")
def test_decorated_view_preflight_answered_before_auth_hook(preflight, add_auth_hook):
    hook_calls: list = []
    app = make_mixed_app()
    add_auth_hook(app, hook_calls)
    response = preflight(app, "/decorated")
    assert response.status_code == 200
    assert hook_calls == []
    assert response.headers.getlist("Access-Control-Allow-Origin") == [ORIGIN]
    assert response.headers.get("Access-Control-Allow-Methods") == "GET, HEAD, OPTIONS, PUT"


@pytest.mark.filterwarnings("ignore:@cross_origin on .* admits:flask_cors.CORSConfigWarning")
def test_decorated_view_early_preflight_uses_decorator_origins(preflight, add_auth_hook):
    app = make_mixed_app()
    add_auth_hook(app, [])
    response = preflight(app, "/decorated", origin=OTHER)
    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response.headers
    assert response.headers.get("Vary") == "Origin"


@pytest.mark.filterwarnings("ignore:@cross_origin on .* admits:flask_cors.CORSConfigWarning")
def test_decorated_view_actual_request_still_rejected_by_auth_hook_with_cors_headers(add_auth_hook):
    app = make_mixed_app()
    add_auth_hook(app, [])
    response = app.test_client().put("/decorated", headers={"Origin": ORIGIN})
    assert response.status_code == 401
    assert response.headers.getlist("Access-Control-Allow-Origin") == [ORIGIN]


def test_extension_without_resources_answers_decorated_preflight_before_auth_hook():
    app = Flask(__name__)

    @app.before_request
    def require_token():
        if request.headers.get("Authorization") != "Bearer t":
            return "no", 401
        return None

    @app.route("/v", methods=["GET", "PUT"])
    @cross_origin(origins="https://a.test")
    def view():
        return "v"

    CORS(app, resources={})
    response = app.test_client().options(
        "/v", headers={"Origin": "https://a.test", "Access-Control-Request-Method": "PUT"}
    )
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "https://a.test"
    assert response.headers["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS, PUT"


# --- a decorator that opens more than the resource covering its URL ---

ADMIN = "https://admin.example.com"


def app_with_decorated_admin_view(scope: str, **decorator_options) -> Flask:
    app = Flask(__name__)
    target: Any = app if scope == "CORS(app)" else Blueprint("admin", __name__)

    @target.route("/admin/report")
    @cross_origin(**decorator_options)
    def report():
        return "report"

    CORS(target, resources={r"/admin/*": {"origins": [ADMIN]}})
    if scope == "CORS(bp)":
        app.register_blueprint(target)
    return app


@pytest.mark.parametrize("scope", ["CORS(app)", "CORS(bp)"])
@pytest.mark.parametrize(
    ("options", "words"),
    [
        ({"max_age": 600}, r"every origin \('\*'\)"),
        ({"origins": [ADMIN, "https://partner.example"]}, "the origins https://partner.example"),
        ({"origins": [ADMIN], "supports_credentials": True}, "credentials"),
    ],
    ids=["defaults", "more origins", "credentials"],
)
def test_decorator_wider_than_its_resource_warns_on_first_request(scope, options, words):
    app = app_with_decorated_admin_view(scope, **options)
    with pytest.warns(CORSConfigWarning, match=rf"report.* admits {words} on /admin/report"):
        app.test_client().get("/admin/report", headers={"Origin": ADMIN})


@pytest.mark.parametrize("scope", ["CORS(app)", "CORS(bp)"])
def test_decorator_within_its_resource_does_not_warn(scope):
    app = app_with_decorated_admin_view(scope, origins=[ADMIN], max_age=600)
    response = app.test_client().get("/admin/report", headers={"Origin": ADMIN})
    assert response.headers["Access-Control-Allow-Origin"] == ADMIN


def test_decorator_on_a_url_no_resource_covers_does_not_warn():
    app = Flask(__name__)

    @app.route("/public")
    @cross_origin()
    def public():
        return "public"

    CORS(app, resources={r"/admin/*": {"origins": [ADMIN]}})
    response = app.test_client().get("/public", headers={"Origin": "https://a.example"})
    assert response.headers["Access-Control-Allow-Origin"] == "*"
