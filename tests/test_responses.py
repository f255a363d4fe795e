"""The CORS headers put on responses: their values, Vary, and hostile request input."""

from __future__ import annotations

from typing import Any, Callable

import pytest
from flask import Flask, make_response

from flask_cors import CORS

ORIGIN = "https://app.example.com"
OTHER = "https://evil.example.net"
ACAO = "Access-Control-Allow-Origin"
ACAC = "Access-Control-Allow-Credentials"
ACEH = "Access-Control-Expose-Headers"
ACAM = "Access-Control-Allow-Methods"
ACAH = "Access-Control-Allow-Headers"
CORS_HEADERS = (ACAO, ACAC, ACEH, ACAM, ACAH, "Access-Control-Max-Age")


def view_with_headers(**headers: str) -> Callable[[], Any]:
    def view():
        response = make_response("ok")
        for name, value in headers.items():
            response.headers[name.replace("_", "-")] = value
        return response

    return view


def cors_headers(response) -> list:
    return [name for name, _ in response.headers if name in CORS_HEADERS]


# --- exactly one Access-Control-Allow-Origin ---


def test_allow_origin_is_a_single_header_for_reflected_origin(actual, make_app):
    response = actual(make_app(origins=[ORIGIN, "https://b.example.com"]))
    assert response.headers.getlist(ACAO) == [ORIGIN]


def test_allow_origin_is_a_single_header_on_preflight(make_app, preflight):
    response = preflight(make_app(origins=[ORIGIN, "https://b.example.com"]))
    assert response.headers.getlist(ACAO) == [ORIGIN]


# --- a view's own CORS headers: never a second value ---


def test_view_that_sets_allow_origin_owns_the_cors_headers(mode, actual, make_app):
    view = view_with_headers(Access_Control_Allow_Origin="*")
    app = make_app(
        view=view, mode=mode, origins=[ORIGIN], supports_credentials=True, expose_headers="X-A"
    )
    response = actual(app)
    assert response.headers.getlist(ACAO) == ["*"]
    assert ACAC not in response.headers
    assert ACEH not in response.headers
    assert response.headers.getlist("Vary") == ["Origin"]


def test_view_owned_response_gets_origin_merged_into_its_vary(mode, actual, make_app):
    view = view_with_headers(Access_Control_Allow_Origin=ORIGIN, Vary="Accept-Encoding")
    response = actual(make_app(view=view, mode=mode, origins=[ORIGIN]))
    assert response.headers.getlist(ACAO) == [ORIGIN]
    assert response.headers.getlist("Vary") == ["Accept-Encoding, Origin"]


def test_view_owned_response_gets_no_vary_when_the_answer_is_the_same_for_everyone(
    actual, make_app
):
    response = actual(make_app(view=view_with_headers(Access_Control_Allow_Origin=ORIGIN)))
    assert response.headers.getlist(ACAO) == [ORIGIN]
    assert "Vary" not in response.headers


def test_view_set_allow_credentials_is_not_sent_twice(mode, actual, make_app):
    view = view_with_headers(Access_Control_Allow_Credentials="true")
    response = actual(make_app(view=view, mode=mode, origins=[ORIGIN], supports_credentials=True))
    assert response.headers.getlist(ACAC) == ["true"]
    assert response.headers.getlist(ACAO) == [ORIGIN]


def test_view_set_expose_headers_is_kept_and_not_sent_twice(mode, actual, make_app):
    view = view_with_headers(Access_Control_Expose_Headers="X-Mine")
    response = actual(make_app(view=view, mode=mode, origins=[ORIGIN], expose_headers="X-Policy"))
    assert response.headers.getlist(ACEH) == ["X-Mine"]
    assert response.headers.getlist(ACAO) == [ORIGIN]


def test_view_set_max_age_on_its_own_options_answer_is_not_sent_twice(preflight):
    app = Flask(__name__)
    CORS(app, origins=[ORIGIN], max_age=600)

    @app.route("/", methods=["GET", "OPTIONS"])
    def index():
        return "", 204, {"Access-Control-Max-Age": "60"}

    response = preflight(app, method="GET")
    assert response.headers.getlist("Access-Control-Max-Age") == ["60"]
    assert response.headers.getlist(ACAO) == [ORIGIN]


def test_view_with_two_allow_origin_headers_gets_none_added(actual, make_app):
    def view():
        response = make_response("ok")
        response.headers.add(ACAO, "*")
        response.headers.add(ACAO, "https://other.test")
        return response

    app = make_app(view=view, supports_credentials=True)
    assert actual(app).headers.getlist(ACAO) == ["*", "https://other.test"]
    assert ACAC not in actual(app).headers


# --- "*" is never sent with credentials ---


def test_wildcard_origins_with_credentials_reflect_the_origin(actual, make_app):
    response = actual(make_app(origins="*", supports_credentials=True))
    assert response.headers.getlist(ACAO) == [ORIGIN]


def test_wildcard_origins_with_credentials_send_allow_credentials_true(actual, make_app):
    response = actual(make_app(origins="*", supports_credentials=True))
    assert response.headers.getlist(ACAC) == ["true"]


def test_wildcard_origins_with_credentials_reflect_the_origin_on_preflight(make_app, preflight):
    response = preflight(make_app(origins="*", supports_credentials=True))
    assert response.headers.getlist(ACAO) == [ORIGIN]
    assert response.headers.getlist(ACAC) == ["true"]


def test_send_wildcard_false_reflects_the_origin(actual, make_app):
    response = actual(make_app(origins="*", send_wildcard=False))
    assert response.headers.getlist(ACAO) == [ORIGIN]


# --- Vary ---


def test_vary_origin_added_when_origin_is_reflected(actual, make_app):
    response = actual(make_app(origins=[ORIGIN]))
    assert response.headers.getlist("Vary") == ["Origin"]


def test_vary_origin_added_on_preflight(make_app, preflight):
    response = preflight(make_app(origins=[ORIGIN]))
    assert response.headers.getlist("Vary") == ["Origin"]


def test_vary_origin_merged_into_view_vary(mode, actual, make_app):
    app = make_app(view=view_with_headers(Vary="Accept-Encoding"), mode=mode, origins=[ORIGIN])
    assert actual(app).headers.getlist("Vary") == ["Accept-Encoding, Origin"]


@pytest.mark.parametrize("existing", ["Origin", "origin", "ORIGIN", "Accept-Encoding, origin"])
def test_vary_origin_not_duplicated_when_view_set_it(existing, actual, make_app):
    app = make_app(view=view_with_headers(Vary=existing), origins=[ORIGIN])
    assert actual(app).headers.getlist("Vary") == [existing]


def test_vary_merge_keeps_every_vary_header_line_of_the_view(actual, make_app):
    def view():
        response = make_response("ok")
        response.headers.add("Vary", "Accept-Encoding")
        response.headers.add("Vary", "Cookie")
        return response

    response = actual(make_app(view=view, origins=[ORIGIN]))
    assert ", ".join(response.headers.getlist("Vary")) == "Accept-Encoding, Cookie, Origin"


def test_vary_star_from_view_is_left_alone(actual, make_app):
    app = make_app(view=view_with_headers(Vary="*"), origins=[ORIGIN])
    assert actual(app).headers.getlist("Vary") == ["*"]


def test_vary_origin_added_for_refused_origin(actual, make_app):
    response = actual(make_app(origins=[ORIGIN]), origin=OTHER)
    assert "Access-Control-Allow-Origin" not in response.headers
    assert response.headers.getlist("Vary") == ["Origin"]


def test_vary_origin_added_for_refused_preflight(make_app, preflight):
    response = preflight(make_app(origins=[ORIGIN]), origin=OTHER)
    assert cors_headers(response) == []
    assert response.headers.getlist("Vary") == ["Origin"]


def test_vary_origin_added_without_origin_for_listed_origins(actual, make_app):
    response = actual(make_app(origins=[ORIGIN]), origin=None)
    assert "Access-Control-Allow-Origin" not in response.headers
    assert response.headers.getlist("Vary") == ["Origin"]


def test_vary_not_added_when_answer_is_wildcard_for_everyone(actual, make_app):
    app = make_app(origins="*", send_wildcard=True, always_send=True)
    assert "Vary" not in actual(app).headers
    assert "Vary" not in actual(app, origin=None).headers


def test_vary_added_for_wildcard_origins_when_always_send_is_false(actual, make_app):
    app = make_app(origins="*", always_send=False)
    assert actual(app).headers.getlist("Vary") == ["Origin"]
    assert actual(app, origin=None).headers.getlist("Vary") == ["Origin"]


def test_vary_added_for_wildcard_origins_with_credentials(actual, make_app):
    response = actual(make_app(origins="*", supports_credentials=True))
    assert response.headers.getlist("Vary") == ["Origin"]


def test_vary_added_for_wildcard_origins_with_send_wildcard_false(actual, make_app):
    response = actual(make_app(origins="*", send_wildcard=False))
    assert response.headers.getlist("Vary") == ["Origin"]


def test_vary_header_false_adds_no_vary(actual, make_app, preflight):
    app = make_app(origins=[ORIGIN], vary_header=False)
    assert "Vary" not in actual(app).headers
    assert "Vary" not in actual(app, origin=OTHER).headers
    assert "Vary" not in actual(app, origin=None).headers
    assert "Vary" not in preflight(app).headers


def test_vary_header_false_leaves_view_vary_unchanged(actual, make_app):
    app = make_app(
        view=view_with_headers(Vary="Accept-Encoding"), origins=[ORIGIN], vary_header=False
    )
    assert actual(app).headers.getlist("Vary") == ["Accept-Encoding"]


def test_wildcard_for_everyone_answers_malformed_origin_with_star_too(actual, make_app):
    # "*" reflects nothing, so a malformed Origin gets the same answer as
    # everyone else: no answer a shared cache could wrongly reuse.
    app = make_app(origins="*")
    response = actual(app, origin="https://")
    assert response.headers.getlist("Access-Control-Allow-Origin") == ["*"]
    assert "Vary" not in response.headers


# --- always_send ---


def test_always_send_wildcard_without_origin_sends_star(actual, make_app):
    response = actual(make_app(origins="*", always_send=True), origin=None)
    assert response.headers.getlist(ACAO) == ["*"]


def test_always_send_false_without_origin_sends_no_cors_headers(actual, make_app):
    app = make_app(origins="*", always_send=False, expose_headers=["X-A"])
    assert cors_headers(actual(app, origin=None)) == []


def test_always_send_false_with_origin_still_sends_star(actual, make_app):
    response = actual(make_app(origins="*", always_send=False))
    assert response.headers.getlist(ACAO) == ["*"]


def test_listed_origins_without_origin_send_no_allow_origin(actual, make_app):
    response = actual(make_app(origins=[ORIGIN], always_send=True), origin=None)
    assert "Access-Control-Allow-Origin" not in response.headers


def test_wildcard_with_credentials_without_origin_sends_no_allow_origin(actual, make_app):
    response = actual(make_app(origins="*", supports_credentials=True), origin=None)
    assert cors_headers(response) == []


# --- expose_headers ---


def test_expose_headers_on_actual_response(actual, make_app):
    response = actual(make_app(origins=[ORIGIN], expose_headers=["X-A", "X-B"]))
    assert response.headers.getlist(ACEH) == ["X-A, X-B"]


def test_expose_headers_not_on_preflight_response(make_app, preflight):
    response = preflight(make_app(origins=[ORIGIN], expose_headers=["X-A", "X-B"]))
    assert response.headers.getlist(ACAO) == [ORIGIN]
    assert ACEH not in response.headers


def test_expose_headers_not_sent_to_refused_origin(actual, make_app):
    response = actual(make_app(origins=[ORIGIN], expose_headers=["X-A", "X-B"]), origin=OTHER)
    assert ACEH not in response.headers


# --- supports_credentials ---


def test_credentials_header_on_actual_response_for_allowed_origin(actual, make_app):
    response = actual(make_app(origins=[ORIGIN], supports_credentials=True))
    assert response.headers.getlist(ACAC) == ["true"]


def test_credentials_header_on_preflight_for_allowed_origin(make_app, preflight):
    response = preflight(make_app(origins=[ORIGIN], supports_credentials=True))
    assert response.headers.getlist(ACAC) == ["true"]


def test_credentials_header_not_sent_to_refused_origin(actual, make_app):
    response = actual(make_app(origins=[ORIGIN], supports_credentials=True), origin=OTHER)
    assert ACAC not in response.headers


def test_credentials_header_not_sent_on_refused_preflight(make_app, preflight):
    response = preflight(make_app(origins=[ORIGIN], supports_credentials=True), origin=OTHER)
    assert ACAC not in response.headers


# --- hostile request input ---

BAD_ORIGINS = [
    "https://a.com\r\nSet-Cookie: x=1",
    "https://a.com\nX-Injected: 1",
    "https://a.com\x00",
    "https://\u00e4.com",
    "https://" + "a" * 10000 + ".com",
    "",
    "https://",
    "javascript:alert(1)",
    "https://a.com/path",
    " https://a.com",
]
POLICIES = {
    "listed": {"origins": ["https://a.com", "null"]},
    "wildcard-credentials": {"origins": "*", "supports_credentials": True},
    "callable": {"origins": lambda origin: True},
    "regex": {"origins": r".+"},
}


@pytest.mark.parametrize("policy", sorted(POLICIES))
@pytest.mark.parametrize("origin", BAD_ORIGINS, ids=range(len(BAD_ORIGINS)))
def test_malformed_origin_gets_view_status_and_no_allow_origin(policy, origin, make_app):
    app = make_app(**POLICIES[policy])
    response = app.test_client().get("/", environ_overrides={"HTTP_ORIGIN": origin})
    assert response.status_code == 200
    assert response.get_data(as_text=True) == "ok"
    assert cors_headers(response) == []


@pytest.mark.parametrize("origin", BAD_ORIGINS, ids=range(len(BAD_ORIGINS)))
def test_malformed_origin_on_preflight_gets_no_cors_headers(origin, make_app):
    app = make_app(**POLICIES["wildcard-credentials"])
    response = app.test_client().options(
        "/",
        environ_overrides={
            "HTTP_ORIGIN": origin,
            "HTTP_ACCESS_CONTROL_REQUEST_METHOD": "PUT",
        },
    )
    assert response.status_code == 200
    assert cors_headers(response) == []


def hostile_preflight(app: Flask, method: str = "PUT", headers: str | None = None):
    environ = {"HTTP_ORIGIN": ORIGIN, "HTTP_ACCESS_CONTROL_REQUEST_METHOD": method}
    if headers is not None:
        environ["HTTP_ACCESS_CONTROL_REQUEST_HEADERS"] = headers
    return app.test_client().options("/", environ_overrides=environ)


@pytest.mark.parametrize(
    ("requested", "allowed"),
    [
        ("a\x00b, ,,,", None),
        (",,,", None),
        ("X-Ok\r\nSet-Cookie: x=1", None),
        ("x y, (bad), X-Ok, \u00e4-header", "X-Ok"),
        ("X-Ok, X-Also;evil, x-two", "X-Ok, x-two"),
    ],
)
def test_odd_request_headers_only_echo_valid_names(requested, allowed, make_app):
    response = hostile_preflight(
        make_app(origins="*", supports_credentials=True), headers=requested
    )
    assert response.status_code == 200
    assert response.headers.getlist(ACAO) == [ORIGIN]
    assert response.headers.get(ACAH) == allowed


def test_five_thousand_requested_headers_are_answered(make_app):
    names = [f"x-h{i}" for i in range(5000)]
    response = hostile_preflight(make_app(origins=[ORIGIN]), headers=",".join(names))
    assert response.status_code == 200
    assert response.headers.get(ACAH) == ", ".join(names)


@pytest.mark.parametrize(
    "method",
    ["PUT\r\nSet-Cookie: x=1", "\x00", "", "P" * 10000, "GET, PUT", "\u00e4"],
    ids=["crlf", "nul", "empty", "long", "list", "non-ascii"],
)
def test_odd_request_method_is_never_echoed(method, make_app):
    app = make_app(route_methods=("GET", "PUT"), origins="*", supports_credentials=True)
    response = hostile_preflight(app, method=method)
    assert response.status_code == 200
    assert response.headers.getlist(ACAO) == [ORIGIN]
    assert response.headers.getlist(ACAM) == ["GET, HEAD, OPTIONS, PUT"]


# Log lines built from request values: tests/security/test_log_injection.py.
