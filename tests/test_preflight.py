"""Preflight requests answered by the ``CORS`` extension."""

from __future__ import annotations

import functools
import re
from datetime import timedelta

import pytest
from flask import Blueprint, Flask, request

from flask_cors import CORS, CORSConfigWarning

ORIGIN = "https://app.example.com"


@pytest.fixture
def items_app(make_app):
    """``make_app`` for one route, ``/items``, answering GET and PUT."""
    return functools.partial(make_app, "/items", route_methods=("GET", "PUT"))


# --- OPTIONS without Access-Control-Request-Method ---


def test_options_without_request_method_gets_actual_response_origin(items_app):
    app = items_app(expose_headers=["X-Total"], max_age=600)
    response = app.test_client().options("/items", headers={"Origin": ORIGIN})
    assert response.headers.get("Access-Control-Allow-Origin") == "*"


def test_options_without_request_method_gets_expose_headers(items_app):
    app = items_app(expose_headers=["X-Total"], max_age=600)
    response = app.test_client().options("/items", headers={"Origin": ORIGIN})
    assert response.headers.get("Access-Control-Expose-Headers") == "X-Total"


def test_options_without_request_method_gets_no_preflight_headers(items_app):
    app = items_app(expose_headers=["X-Total"], max_age=600)
    response = app.test_client().options("/items", headers={"Origin": ORIGIN})
    assert "Access-Control-Allow-Methods" not in response.headers
    assert "Access-Control-Max-Age" not in response.headers


# --- the preflight answer ---


def test_preflight_answer_is_200_with_empty_body(preflight, items_app):
    app = items_app()
    response = preflight(app, "/items")
    assert response.status_code == 200
    assert response.get_data() == b""


def test_preflight_answer_carries_allow_origin(preflight, items_app):
    app = items_app()
    response = preflight(app, "/items")
    assert response.headers.getlist("Access-Control-Allow-Origin") == ["*"]


def test_preflight_allow_methods_limited_to_route_methods(preflight, items_app):
    app = items_app(route_methods=("GET", "PUT"))
    response = preflight(app, "/items")
    assert response.headers.get("Access-Control-Allow-Methods") == "GET, HEAD, OPTIONS, PUT"


def test_preflight_allow_methods_is_intersection_of_policy_and_route_methods(preflight, items_app):
    app = items_app(route_methods=("GET", "PUT", "DELETE"), methods=["GET", "DELETE"])
    response = preflight(app, "/items", method="DELETE")
    assert response.headers.get("Access-Control-Allow-Methods") == "GET, DELETE"


def test_preflight_does_not_run_the_view(preflight, items_app):
    calls: list = []
    app = items_app(calls=calls)
    preflight(app, "/items")
    assert calls == []


# --- answered before the app's own before_request hooks ---


def test_preflight_skips_auth_hook_registered_before_cors(preflight, items_app, add_auth_hook):
    hook_calls: list = []
    app = items_app(mode=None)
    add_auth_hook(app, hook_calls)
    CORS(app, origins=[ORIGIN])
    response = preflight(app, "/items")
    assert response.status_code == 200
    assert hook_calls == []
    assert response.headers.get("Access-Control-Allow-Origin") == ORIGIN


def test_preflight_skips_auth_hook_registered_after_cors(preflight, items_app, add_auth_hook):
    hook_calls: list = []
    app = items_app(origins=[ORIGIN])
    add_auth_hook(app, hook_calls)
    response = preflight(app, "/items")
    assert response.status_code == 200
    assert hook_calls == []
    assert response.headers.get("Access-Control-Allow-Origin") == ORIGIN


def test_preflight_skips_hook_put_first_in_line_after_cors(preflight, items_app):
    hook_calls: list = []
    app = items_app(origins=[ORIGIN])

    def deny_everything():
        hook_calls.append(request.method)
        return "unauthorized", 401

    # What another extension does to run before every other hook.
    app.before_request_funcs.setdefault(None, []).insert(0, deny_everything)
    client = app.test_client()
    response = preflight(client, "/items")
    assert (response.status_code, hook_calls) == (200, [])
    assert response.headers.get("Access-Control-Allow-Origin") == ORIGIN
    assert client.put("/items", headers={"Origin": ORIGIN}).status_code == 401
    assert hook_calls == ["PUT"]


def test_preflight_skips_url_value_preprocessors_and_blueprint_hooks(preflight):
    calls: list = []
    app = Flask(__name__)
    bp = Blueprint("shop", __name__, url_prefix="/<lang>")

    @bp.url_value_preprocessor
    def pull_lang(endpoint, values):
        calls.append("url_value_preprocessor")
        values.pop("lang", None)

    @bp.before_request
    def refuse():
        calls.append("blueprint before_request")
        return "no", 403

    @bp.route("/cart", methods=["GET", "POST"])
    def cart():
        return "cart"

    app.register_blueprint(bp)
    CORS(app)
    response = preflight(app, "/en/cart", method="POST")
    assert (response.status_code, calls) == (200, [])
    assert response.headers.get("Access-Control-Allow-Methods") == "GET, HEAD, POST, OPTIONS"
    assert app.test_client().post("/en/cart").status_code == 403
    assert calls == ["url_value_preprocessor", "blueprint before_request"]


def test_options_request_that_is_no_preflight_still_runs_the_hooks(items_app, add_auth_hook):
    hook_calls: list = []
    app = items_app(mode=None)
    add_auth_hook(app, hook_calls)
    CORS(app, origins=[ORIGIN])
    response = app.test_client().options("/items", headers={"Origin": ORIGIN})
    assert (response.status_code, hook_calls) == (401, ["OPTIONS"])


def test_actual_request_still_rejected_by_auth_hook(items_app, add_auth_hook):
    hook_calls: list = []
    view_calls: list = []
    app = items_app(calls=view_calls, mode=None)
    add_auth_hook(app, hook_calls)
    CORS(app, origins=[ORIGIN])
    response = app.test_client().put("/items", headers={"Origin": ORIGIN})
    assert response.status_code == 401
    assert hook_calls == ["PUT"]
    assert view_calls == []


def test_auth_hook_401_carries_cors_headers(items_app, add_auth_hook):
    app = items_app(mode=None)
    add_auth_hook(app, [])
    CORS(app, origins=[ORIGIN])
    response = app.test_client().put("/items", headers={"Origin": ORIGIN})
    assert response.headers.getlist("Access-Control-Allow-Origin") == [ORIGIN]
    assert response.headers.get("Vary") == "Origin"


# --- Access-Control-Allow-Headers ---


def test_any_header_policy_echoes_requested_headers(preflight, items_app):
    app = items_app()
    response = preflight(app, "/items", headers="content-type, x-token")
    assert response.headers.get("Access-Control-Allow-Headers") == "content-type, x-token"


def test_allow_headers_list_answers_allowed_subset_as_sent(preflight, items_app):
    app = items_app(allow_headers=["Content-Type"])
    response = preflight(app, "/items", headers="content-type, x-token")
    assert response.headers.get("Access-Control-Allow-Headers") == "content-type"


def test_allow_headers_refused_header_still_gets_origin_and_methods(preflight, items_app):
    app = items_app(allow_headers=["Content-Type"])
    response = preflight(app, "/items", headers="x-token")
    assert response.headers.get("Access-Control-Allow-Origin") == "*"
    assert response.headers.get("Access-Control-Allow-Methods") == "GET, HEAD, OPTIONS, PUT"
    assert "Access-Control-Allow-Headers" not in response.headers


def test_allow_headers_regex_matches_case_insensitively(preflight, items_app):
    app = items_app(allow_headers=[r"X-Custom-.*"])
    response = preflight(app, "/items", headers="x-custom-trace, x-other")
    assert response.headers.get("Access-Control-Allow-Headers") == "x-custom-trace"


def test_allow_headers_compiled_regex_matches_whole_name_only(preflight, items_app):
    app = items_app(allow_headers=[re.compile(r"X-Custom-.*", re.IGNORECASE)])
    response = preflight(app, "/items", headers="x-not-x-custom-a, X-Custom-B")
    assert response.headers.get("Access-Control-Allow-Headers") == "X-Custom-B"


def test_allow_headers_compiled_regex_with_backreference_matches_on_its_own(preflight, items_app):
    repeated = re.compile(r"X-(a+)-\1", re.IGNORECASE)
    app = items_app(allow_headers=[repeated, re.compile(r"X-Trace", re.IGNORECASE)])
    response = preflight(app, "/items", headers="x-aa-aa, x-aa-a, x-trace")
    assert response.headers.get("Access-Control-Allow-Headers") == "x-aa-aa, x-trace"


def test_allow_headers_compiled_regexes_sharing_a_group_name_each_match(preflight, items_app):
    first = re.compile(r"X-(?P<part>One)", re.IGNORECASE)
    second = re.compile(r"X-(?P<part>Two)", re.IGNORECASE)
    app = items_app(allow_headers=[first, second])
    response = preflight(app, "/items", headers="x-one, x-three, x-two")
    assert response.headers.get("Access-Control-Allow-Headers") == "x-one, x-two"


def test_no_requested_headers_gives_no_allow_headers(preflight, items_app):
    app = items_app()
    response = preflight(app, "/items")
    assert "Access-Control-Allow-Headers" not in response.headers


def test_cors_headers_config_lets_json_post_preflight_through(preflight, items_app):
    with pytest.warns(CORSConfigWarning, match=r"rename the key CORS_ALLOW_HEADERS"):
        app = items_app(route_methods=("POST",), config={"CORS_HEADERS": "Content-Type"})
    response = preflight(app, "/items", method="POST", headers="content-type")
    assert response.status_code == 200
    assert response.headers.get("Access-Control-Allow-Origin") == "*"
    assert response.headers.get("Access-Control-Allow-Headers") == "content-type"


def test_cors_headers_config_allows_only_content_type(preflight, items_app):
    with pytest.warns(CORSConfigWarning, match=r"rename the key CORS_ALLOW_HEADERS"):
        app = items_app(route_methods=("POST",), config={"CORS_HEADERS": "Content-Type"})
    response = preflight(app, "/items", method="POST", headers="content-type, x-token")
    assert response.headers.get("Access-Control-Allow-Headers") == "content-type"


# --- Access-Control-Max-Age ---


def test_max_age_int(preflight, items_app):
    app = items_app(max_age=600)
    response = preflight(app, "/items", method="GET")
    assert response.headers.get("Access-Control-Max-Age") == "600"


def test_max_age_timedelta_in_seconds(preflight, items_app):
    app = items_app(max_age=timedelta(hours=1))
    response = preflight(app, "/items", method="GET")
    assert response.headers.get("Access-Control-Max-Age") == "3600"


def test_max_age_numeric_string(preflight, items_app):
    app = items_app(max_age="86400")
    response = preflight(app, "/items", method="GET")
    assert response.headers.get("Access-Control-Max-Age") == "86400"


def test_max_age_zero_is_sent(preflight, items_app):
    app = items_app(max_age=0)
    response = preflight(app, "/items", method="GET")
    assert response.headers.get("Access-Control-Max-Age") == "0"


def test_max_age_not_on_actual_response(items_app):
    app = items_app(max_age=600)
    response = app.test_client().get("/items", headers={"Origin": ORIGIN})
    assert response.headers.get("Access-Control-Allow-Origin") == "*"
    assert "Access-Control-Max-Age" not in response.headers


# --- Private Network Access: tests/security/test_private_network_access.py ---

PNA_REQUEST = {"Access-Control-Request-Private-Network": "true"}


# --- refused origin ---


def test_refused_origin_preflight_gets_no_cors_headers(preflight, items_app):
    app = items_app(origins=[ORIGIN])
    response = preflight(app, "/items", origin="https://evil.test", headers="x-token")
    assert "Access-Control-Allow-Origin" not in response.headers
    assert "Access-Control-Allow-Methods" not in response.headers
    assert "Access-Control-Allow-Headers" not in response.headers


def test_refused_origin_preflight_varies_on_origin(preflight, items_app):
    app = items_app(origins=[ORIGIN])
    response = preflight(app, "/items", origin="https://evil.test")
    assert response.headers.get("Vary") == "Origin"


def test_allowed_origin_preflight_reflects_origin_and_varies(preflight, items_app):
    app = items_app(origins=[ORIGIN])
    response = preflight(app, "/items")
    assert response.headers.getlist("Access-Control-Allow-Origin") == [ORIGIN]
    assert response.headers.get("Vary") == "Origin"


# --- what is and is not intercepted ---


def test_preflight_to_unknown_path_is_404(preflight, items_app):
    app = items_app()
    response = preflight(app, "/missing", method="GET")
    assert response.status_code == 404


def test_preflight_to_unknown_path_carries_cors_headers(preflight, items_app):
    app = items_app(origins=[ORIGIN])
    response = preflight(app, "/missing", method="GET")
    assert response.headers.get("Access-Control-Allow-Origin") == ORIGIN
    assert response.headers.get("Vary") == "Origin"


def make_own_options_app(calls: list) -> Flask:
    app = Flask(__name__)

    @app.route("/own", methods=["OPTIONS", "GET"])
    def own():
        calls.append(request.method)
        if request.method == "OPTIONS":
            return "own answer", 200, {"X-Own": "yes"}
        return "get"

    return app


def test_route_handling_options_keeps_its_own_answer(preflight):
    calls: list = []
    app = make_own_options_app(calls)
    CORS(app)
    response = preflight(app, "/own", method="GET")
    assert calls == ["OPTIONS"]
    assert response.get_data(as_text=True) == "own answer"
    assert response.headers.get("X-Own") == "yes"


def test_route_handling_options_gets_cors_headers_added(preflight):
    app = make_own_options_app([])
    CORS(app)
    response = preflight(app, "/own", method="GET")
    assert response.headers.get("Access-Control-Allow-Origin") == "*"
    assert response.headers.get("Access-Control-Allow-Methods") == "GET, HEAD, OPTIONS"


def test_automatic_options_off_preflight_not_answered_early(preflight, items_app, add_auth_hook):
    hook_calls: list = []
    app = items_app(automatic_options=False)
    add_auth_hook(app, hook_calls)
    response = preflight(app, "/items")
    assert hook_calls == ["OPTIONS"]
    assert response.status_code == 401


def test_automatic_options_off_flask_options_answer_has_no_cors_headers(preflight, items_app):
    app = items_app(automatic_options=False, max_age=600)
    response = preflight(app, "/items", headers="x-token")
    assert response.status_code == 200
    assert response.headers.get("Allow") is not None
    for name in (
        "Access-Control-Allow-Origin",
        "Access-Control-Allow-Methods",
        "Access-Control-Allow-Headers",
        "Access-Control-Max-Age",
    ):
        assert name not in response.headers


def test_automatic_options_off_still_adds_headers_to_actual_requests(items_app):
    app = items_app(automatic_options=False)
    response = app.test_client().get("/items", headers={"Origin": ORIGIN})
    assert response.headers.get("Access-Control-Allow-Origin") == "*"


@pytest.mark.parametrize(
    "path, intercepted",
    [("/api/things", True), ("/other", False)],
    ids=["inside-resources", "outside-resources"],
)
def test_only_preflights_inside_resources_are_intercepted(
    path, intercepted, make_app, preflight, add_auth_hook
):
    hook_calls: list = []
    app = make_app("/api/things", "/other", route_methods=("GET", "PUT"), resources=r"/api/*")
    add_auth_hook(app, hook_calls)
    response = preflight(app, path)
    if intercepted:
        assert (hook_calls, response.status_code) == ([], 200)
        assert response.headers.get("Access-Control-Allow-Origin") == "*"
    else:
        assert (hook_calls, response.status_code) == (["OPTIONS"], 401)
        assert "Access-Control-Allow-Origin" not in response.headers


# --- a safelisted method that ``methods`` leaves out ---


def _json_post_preflight(app, path="/items"):
    return app.test_client().options(
        path,
        headers={
            "Origin": ORIGIN,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )


def test_post_preflight_is_refused_when_methods_leaves_post_out():
    # Browsers skip the method check for POST: only leaving the headers out
    # refuses the JSON POST, as flask-cors 6 did.
    app = Flask(__name__)
    app.add_url_rule("/items", "items", lambda: "ok", methods=["GET", "POST", "DELETE"])
    CORS(app, methods=["DELETE"])
    response = _json_post_preflight(app)
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert response.headers["Access-Control-Allow-Methods"] == "DELETE"
    assert "Access-Control-Allow-Headers" not in response.headers


def test_json_post_is_blocked_when_methods_leaves_post_out():
    from flask_cors.testing import assert_cors_blocked

    app = Flask(__name__)
    app.add_url_rule("/items", "items", lambda: "ok", methods=["GET", "POST"])
    CORS(app, methods=["GET"])
    assert_cors_blocked(app.test_client(), "/items", origin=ORIGIN, method="POST", json={})


def test_post_preflight_is_allowed_when_methods_lists_post():
    app = Flask(__name__)
    app.add_url_rule("/items", "items", lambda: "ok", methods=["GET", "POST"])
    CORS(app, methods=["GET", "POST"])
    assert _json_post_preflight(app).headers["Access-Control-Allow-Headers"] == "content-type"


def test_post_preflight_to_a_url_without_post_keeps_its_headers():
    # POST is in methods: the URL, not the policy, refuses it, with a 405
    # the page can read.
    app = Flask(__name__)
    app.add_url_rule("/items", "items", lambda: "ok", methods=["GET"])
    CORS(app, methods=["GET", "POST"])
    assert _json_post_preflight(app).headers["Access-Control-Allow-Headers"] == "content-type"
