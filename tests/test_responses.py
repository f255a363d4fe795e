"""The CORS headers put on responses: their values, Vary, and hostile request input."""

from __future__ import annotations

import logging
from typing import Any, Callable

import pytest
from flask import Flask, make_response

from flask_cors import CORS, cross_origin

ORIGIN = "https://app.example.com"
OTHER = "https://evil.example.net"
ACAO = "Access-Control-Allow-Origin"
ACAC = "Access-Control-Allow-Credentials"
ACEH = "Access-Control-Expose-Headers"
ACAM = "Access-Control-Allow-Methods"
ACAH = "Access-Control-Allow-Headers"
CORS_HEADERS = (ACAO, ACAC, ACEH, ACAM, ACAH, "Access-Control-Max-Age")


def make_app(
    view: Callable[[], Any] | None = None, mode: str = "extension", **options: Any
) -> Flask:
    """An app with one route ``/`` (GET, PUT) answered by ``view`` (default: 200 "ok")."""
    app = Flask(__name__)
    body = view or (lambda: "ok")

    def index():
        return body()

    if mode == "extension":
        CORS(app, **options)
        app.add_url_rule("/", "index", index, methods=["GET", "PUT"])
    else:
        app.add_url_rule("/", "index", cross_origin(**options)(index), methods=["GET", "PUT"])
    return app


def get(app: Flask, origin: str | None = ORIGIN, **kwargs: Any):
    headers = {} if origin is None else {"Origin": origin}
    return app.test_client().get("/", headers=headers, **kwargs)


def preflight(app: Flask, origin: str = ORIGIN, method: str = "PUT", **extra: str):
    headers = {"Origin": origin, "Access-Control-Request-Method": method, **extra}
    return app.test_client().options("/", headers=headers)


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


def test_allow_origin_is_a_single_header_for_reflected_origin():
    response = get(make_app(origins=[ORIGIN, "https://b.example.com"]))
    assert response.headers.getlist(ACAO) == [ORIGIN]


def test_allow_origin_is_a_single_header_on_preflight():
    response = preflight(make_app(origins=[ORIGIN, "https://b.example.com"]))
    assert response.headers.getlist(ACAO) == [ORIGIN]


# --- a view's own CORS headers: never a second value ---


@pytest.mark.parametrize("mode", ["extension", "decorator"])
def test_view_that_sets_allow_origin_owns_the_cors_headers(mode):
    view = view_with_headers(Access_Control_Allow_Origin="*")
    app = make_app(view, mode, origins=[ORIGIN], supports_credentials=True, expose_headers="X-A")
    response = get(app)
    assert response.headers.getlist(ACAO) == ["*"]
    assert ACAC not in response.headers
    assert ACEH not in response.headers
    assert response.headers.getlist("Vary") == ["Origin"]


@pytest.mark.parametrize("mode", ["extension", "decorator"])
def test_view_owned_response_gets_origin_merged_into_its_vary(mode):
    view = view_with_headers(Access_Control_Allow_Origin=ORIGIN, Vary="Accept-Encoding")
    response = get(make_app(view, mode, origins=[ORIGIN]))
    assert response.headers.getlist(ACAO) == [ORIGIN]
    assert response.headers.getlist("Vary") == ["Accept-Encoding, Origin"]


def test_view_owned_response_gets_no_vary_when_the_answer_is_the_same_for_everyone():
    response = get(make_app(view_with_headers(Access_Control_Allow_Origin=ORIGIN)))
    assert response.headers.getlist(ACAO) == [ORIGIN]
    assert "Vary" not in response.headers


@pytest.mark.parametrize("mode", ["extension", "decorator"])
def test_view_set_allow_credentials_is_not_sent_twice(mode):
    view = view_with_headers(Access_Control_Allow_Credentials="true")
    response = get(make_app(view, mode, origins=[ORIGIN], supports_credentials=True))
    assert response.headers.getlist(ACAC) == ["true"]
    assert response.headers.getlist(ACAO) == [ORIGIN]


@pytest.mark.parametrize("mode", ["extension", "decorator"])
def test_view_set_expose_headers_is_kept_and_not_sent_twice(mode):
    view = view_with_headers(Access_Control_Expose_Headers="X-Mine")
    response = get(make_app(view, mode, origins=[ORIGIN], expose_headers="X-Policy"))
    assert response.headers.getlist(ACEH) == ["X-Mine"]
    assert response.headers.getlist(ACAO) == [ORIGIN]


def test_view_set_max_age_on_its_own_options_answer_is_not_sent_twice():
    app = Flask(__name__)
    CORS(app, origins=[ORIGIN], max_age=600)

    @app.route("/", methods=["GET", "OPTIONS"])
    def index():
        return "", 204, {"Access-Control-Max-Age": "60"}

    response = preflight(app, method="GET")
    assert response.headers.getlist("Access-Control-Max-Age") == ["60"]
    assert response.headers.getlist(ACAO) == [ORIGIN]


def test_view_with_two_allow_origin_headers_gets_none_added():
    def view():
        response = make_response("ok")
        response.headers.add(ACAO, "*")
        response.headers.add(ACAO, "https://other.test")
        return response

    app = make_app(view, supports_credentials=True)
    assert get(app).headers.getlist(ACAO) == ["*", "https://other.test"]
    assert ACAC not in get(app).headers


# --- "*" is never sent with credentials ---


def test_wildcard_origins_with_credentials_reflect_the_origin():
    response = get(make_app(origins="*", supports_credentials=True))
    assert response.headers.getlist(ACAO) == [ORIGIN]


def test_wildcard_origins_with_credentials_send_allow_credentials_true():
    response = get(make_app(origins="*", supports_credentials=True))
    assert response.headers.getlist(ACAC) == ["true"]


def test_wildcard_origins_with_credentials_reflect_the_origin_on_preflight():
    response = preflight(make_app(origins="*", supports_credentials=True))
    assert response.headers.getlist(ACAO) == [ORIGIN]
    assert response.headers.getlist(ACAC) == ["true"]


def test_send_wildcard_false_reflects_the_origin():
    response = get(make_app(origins="*", send_wildcard=False))
    assert response.headers.getlist(ACAO) == [ORIGIN]


# --- Vary ---


def test_vary_origin_added_when_origin_is_reflected():
    response = get(make_app(origins=[ORIGIN]))
    assert response.headers.getlist("Vary") == ["Origin"]


def test_vary_origin_added_on_preflight():
    response = preflight(make_app(origins=[ORIGIN]))
    assert response.headers.getlist("Vary") == ["Origin"]


@pytest.mark.parametrize("mode", ["extension", "decorator"])
def test_vary_origin_merged_into_view_vary(mode):
    app = make_app(view_with_headers(Vary="Accept-Encoding"), mode, origins=[ORIGIN])
    assert get(app).headers.getlist("Vary") == ["Accept-Encoding, Origin"]


@pytest.mark.parametrize("existing", ["Origin", "origin", "ORIGIN", "Accept-Encoding, origin"])
def test_vary_origin_not_duplicated_when_view_set_it(existing):
    app = make_app(view_with_headers(Vary=existing), origins=[ORIGIN])
    assert get(app).headers.getlist("Vary") == [existing]


def test_vary_merge_keeps_every_vary_header_line_of_the_view():
    def view():
        response = make_response("ok")
        response.headers.add("Vary", "Accept-Encoding")
        response.headers.add("Vary", "Cookie")
        return response

    response = get(make_app(view, origins=[ORIGIN]))
    assert ", ".join(response.headers.getlist("Vary")) == "Accept-Encoding, Cookie, Origin"


def test_vary_star_from_view_is_left_alone():
    app = make_app(view_with_headers(Vary="*"), origins=[ORIGIN])
    assert get(app).headers.getlist("Vary") == ["*"]


def test_vary_origin_added_for_refused_origin():
    response = get(make_app(origins=[ORIGIN]), OTHER)
    assert "Access-Control-Allow-Origin" not in response.headers
    assert response.headers.getlist("Vary") == ["Origin"]


def test_vary_origin_added_for_refused_preflight():
    response = preflight(make_app(origins=[ORIGIN]), OTHER)
    assert cors_headers(response) == []
    assert response.headers.getlist("Vary") == ["Origin"]


def test_vary_origin_added_without_origin_for_listed_origins():
    response = get(make_app(origins=[ORIGIN]), None)
    assert "Access-Control-Allow-Origin" not in response.headers
    assert response.headers.getlist("Vary") == ["Origin"]


def test_vary_not_added_when_answer_is_wildcard_for_everyone():
    app = make_app(origins="*", send_wildcard=True, always_send=True)
    assert "Vary" not in get(app).headers
    assert "Vary" not in get(app, None).headers


def test_vary_added_for_wildcard_origins_when_always_send_is_false():
    app = make_app(origins="*", always_send=False)
    assert get(app).headers.getlist("Vary") == ["Origin"]
    assert get(app, None).headers.getlist("Vary") == ["Origin"]


def test_vary_added_for_wildcard_origins_with_credentials():
    response = get(make_app(origins="*", supports_credentials=True))
    assert response.headers.getlist("Vary") == ["Origin"]


def test_vary_added_for_wildcard_origins_with_send_wildcard_false():
    response = get(make_app(origins="*", send_wildcard=False))
    assert response.headers.getlist("Vary") == ["Origin"]


def test_vary_header_false_adds_no_vary():
    app = make_app(origins=[ORIGIN], vary_header=False)
    assert "Vary" not in get(app).headers
    assert "Vary" not in get(app, OTHER).headers
    assert "Vary" not in get(app, None).headers
    assert "Vary" not in preflight(app).headers


def test_vary_header_false_leaves_view_vary_unchanged():
    app = make_app(view_with_headers(Vary="Accept-Encoding"), origins=[ORIGIN], vary_header=False)
    assert get(app).headers.getlist("Vary") == ["Accept-Encoding"]


def test_wildcard_for_everyone_answers_malformed_origin_with_star_too():
    # "*" reflects nothing, so a malformed Origin gets the same answer as
    # everyone else: no answer a shared cache could wrongly reuse.
    app = make_app(origins="*")
    response = get(app, "https://")
    assert response.headers.getlist("Access-Control-Allow-Origin") == ["*"]
    assert "Vary" not in response.headers


# --- always_send ---


def test_always_send_wildcard_without_origin_sends_star():
    response = get(make_app(origins="*", always_send=True), None)
    assert response.headers.getlist(ACAO) == ["*"]


def test_always_send_false_without_origin_sends_no_cors_headers():
    app = make_app(origins="*", always_send=False, expose_headers=["X-A"])
    assert cors_headers(get(app, None)) == []


def test_always_send_false_with_origin_still_sends_star():
    response = get(make_app(origins="*", always_send=False))
    assert response.headers.getlist(ACAO) == ["*"]


def test_listed_origins_without_origin_send_no_allow_origin():
    response = get(make_app(origins=[ORIGIN], always_send=True), None)
    assert "Access-Control-Allow-Origin" not in response.headers


def test_wildcard_with_credentials_without_origin_sends_no_allow_origin():
    response = get(make_app(origins="*", supports_credentials=True), None)
    assert cors_headers(response) == []


# --- expose_headers ---


def test_expose_headers_on_actual_response():
    response = get(make_app(origins=[ORIGIN], expose_headers=["X-A", "X-B"]))
    assert response.headers.getlist(ACEH) == ["X-A, X-B"]


def test_expose_headers_not_on_preflight_response():
    response = preflight(make_app(origins=[ORIGIN], expose_headers=["X-A", "X-B"]))
    assert response.headers.getlist(ACAO) == [ORIGIN]
    assert ACEH not in response.headers


def test_expose_headers_not_sent_to_refused_origin():
    response = get(make_app(origins=[ORIGIN], expose_headers=["X-A", "X-B"]), OTHER)
    assert ACEH not in response.headers


# --- supports_credentials ---


def test_credentials_header_on_actual_response_for_allowed_origin():
    response = get(make_app(origins=[ORIGIN], supports_credentials=True))
    assert response.headers.getlist(ACAC) == ["true"]


def test_credentials_header_on_preflight_for_allowed_origin():
    response = preflight(make_app(origins=[ORIGIN], supports_credentials=True))
    assert response.headers.getlist(ACAC) == ["true"]


def test_credentials_header_not_sent_to_refused_origin():
    response = get(make_app(origins=[ORIGIN], supports_credentials=True), OTHER)
    assert ACAC not in response.headers


def test_credentials_header_not_sent_on_refused_preflight():
    response = preflight(make_app(origins=[ORIGIN], supports_credentials=True), OTHER)
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
def test_malformed_origin_gets_view_status_and_no_allow_origin(policy, origin):
    app = make_app(**POLICIES[policy])
    response = app.test_client().get("/", environ_overrides={"HTTP_ORIGIN": origin})
    assert response.status_code == 200
    assert response.get_data(as_text=True) == "ok"
    assert cors_headers(response) == []


@pytest.mark.parametrize("origin", BAD_ORIGINS, ids=range(len(BAD_ORIGINS)))
def test_malformed_origin_on_preflight_gets_no_cors_headers(origin):
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
def test_odd_request_headers_only_echo_valid_names(requested, allowed):
    response = hostile_preflight(
        make_app(origins="*", supports_credentials=True), headers=requested
    )
    assert response.status_code == 200
    assert response.headers.getlist(ACAO) == [ORIGIN]
    assert response.headers.get(ACAH) == allowed


def test_five_thousand_requested_headers_are_answered():
    names = [f"x-h{i}" for i in range(5000)]
    response = hostile_preflight(make_app(origins=[ORIGIN]), headers=",".join(names))
    assert response.status_code == 200
    assert response.headers.get(ACAH) == ", ".join(names)


@pytest.mark.parametrize(
    "method",
    ["PUT\r\nSet-Cookie: x=1", "\x00", "", "P" * 10000, "GET, PUT", "\u00e4"],
    ids=["crlf", "nul", "empty", "long", "list", "non-ascii"],
)
def test_odd_request_method_is_never_echoed(method):
    response = hostile_preflight(make_app(origins="*", supports_credentials=True), method=method)
    assert response.status_code == 200
    assert response.headers.getlist(ACAO) == [ORIGIN]
    assert response.headers.getlist(ACAM) == ["GET, HEAD, OPTIONS, PUT"]


# --- logging ---


def logged_messages(caplog) -> list:
    return [record.getMessage() for record in caplog.records if record.name == "flask_cors"]


def log_app() -> Flask:
    app = Flask(__name__)
    CORS(app, origins=[ORIGIN])

    @app.route("/<name>")
    def named(name):
        return "ok"

    return app


def test_log_shows_newline_in_path_escaped(caplog):
    caplog.set_level(logging.DEBUG, logger="flask_cors")
    response = log_app().test_client().get("/a%0Ab", headers={"Origin": ORIGIN})
    messages = logged_messages(caplog)
    assert response.status_code == 200
    assert messages
    assert any("'/a\\nb'" in message for message in messages)
    assert all("\n" not in message for message in messages)


def test_log_shows_newline_in_origin_escaped(caplog):
    caplog.set_level(logging.DEBUG, logger="flask_cors")
    origin = "https://a.com\nflask_cors: forged line"
    response = log_app().test_client().get("/x", environ_overrides={"HTTP_ORIGIN": origin})
    messages = logged_messages(caplog)
    assert response.status_code == 200
    assert messages
    assert any(repr(origin) in message for message in messages)
    assert all("\n" not in message for message in messages)


def test_log_shows_newline_in_method_escaped(caplog):
    caplog.set_level(logging.DEBUG, logger="flask_cors")
    client = log_app().test_client()
    response = client.get(
        "/x",
        headers={"Origin": ORIGIN},
        environ_overrides={"REQUEST_METHOD": "GET\nflask_cors: forged line"},
    )
    messages = logged_messages(caplog)
    assert response.status_code == 405
    assert messages
    assert all("\n" not in message for message in messages)
