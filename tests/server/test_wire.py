"""What the example apps put on the wire when gunicorn serves them.

Each test talks HTTP to a real gunicorn (threaded workers) on a loopback
port and reads the header lines exactly as they arrived.
"""

from __future__ import annotations

from .conftest import exchange

ALLOWED = "https://app.example.com"
REFUSED = "https://evil.example.net"

ACAO = "Access-Control-Allow-Origin"
CORS_HEADERS = (
    ACAO,
    "Access-Control-Allow-Credentials",
    "Access-Control-Expose-Headers",
    "Access-Control-Allow-Methods",
    "Access-Control-Allow-Headers",
    "Access-Control-Max-Age",
    "Access-Control-Allow-Private-Network",
)


def cors_lines(reply) -> dict:
    """The CORS and Vary header lines of a reply, as name -> list of values."""
    return {name: reply.lines(name) for name in CORS_HEADERS + ("Vary",) if reply.lines(name)}


def test_allowed_origin_gets_exactly_one_allow_origin_line(app_example):
    reply = exchange(app_example.port, "GET", "/api/v1/users/", {"Origin": ALLOWED})
    assert reply.status == 200
    assert cors_lines(reply) == {
        ACAO: [ALLOWED],
        "Access-Control-Allow-Credentials": ["true"],
        "Access-Control-Expose-Headers": ["X-Total-Count"],
        "Vary": ["Origin"],
    }


def test_subdomain_wildcard_origin_is_echoed_alone(app_example):
    origin = "https://shop.eu.example.org"
    reply = exchange(app_example.port, "GET", "/api/v1/users/", {"Origin": origin})
    assert reply.lines(ACAO) == [origin]


def test_refused_origin_gets_only_vary(app_example):
    reply = exchange(app_example.port, "GET", "/api/v1/users/", {"Origin": REFUSED})
    assert reply.status == 200
    assert cors_lines(reply) == {"Vary": ["Origin"]}


def test_public_resource_answers_star_without_vary(app_example):
    reply = exchange(app_example.port, "GET", "/public/status", {"Origin": REFUSED})
    assert cors_lines(reply) == {ACAO: ["*"]}


def test_path_outside_resources_gets_no_cors_headers(app_example):
    reply = exchange(app_example.port, "GET", "/", {"Origin": ALLOWED})
    assert reply.status == 200
    assert cors_lines(reply) == {}


def test_json_post_preflight_on_the_wire(app_example):
    reply = exchange(
        app_example.port,
        "OPTIONS",
        "/api/v1/users/",
        {
            "Origin": ALLOWED,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert reply.status == 200
    assert reply.body == b""
    assert cors_lines(reply) == {
        ACAO: [ALLOWED],
        "Access-Control-Allow-Credentials": ["true"],
        "Access-Control-Allow-Methods": ["GET, HEAD, POST, OPTIONS"],
        "Access-Control-Allow-Headers": ["content-type"],
        "Access-Control-Max-Age": ["600"],
        "Vary": ["Origin"],
    }


def test_delete_preflight_offers_only_the_rule_methods(app_example):
    reply = exchange(
        app_example.port,
        "OPTIONS",
        "/api/v1/users/7",
        {"Origin": ALLOWED, "Access-Control-Request-Method": "DELETE"},
    )
    assert reply.status == 200
    assert reply.lines("Access-Control-Allow-Methods") == ["OPTIONS, DELETE"]


def test_preflight_from_refused_origin_gets_only_vary(app_example):
    reply = exchange(
        app_example.port,
        "OPTIONS",
        "/api/v1/users/",
        {"Origin": REFUSED, "Access-Control-Request-Method": "POST"},
    )
    assert reply.status == 200
    assert cors_lines(reply) == {"Vary": ["Origin"]}


def test_unhandled_exception_500_carries_cors_headers(app_example):
    reply = exchange(app_example.port, "GET", "/api/exception", {"Origin": ALLOWED})
    assert reply.status == 500
    assert reply.lines(ACAO) == [ALLOWED]
    assert reply.lines("Access-Control-Allow-Credentials") == ["true"]
    assert reply.lines("Vary") == ["Origin"]


def test_not_found_carries_cors_headers(app_example):
    reply = exchange(app_example.port, "GET", "/api/v1/nothing-here", {"Origin": ALLOWED})
    assert reply.status == 404
    assert reply.lines(ACAO) == [ALLOWED]


def test_method_not_allowed_carries_cors_headers(app_example):
    reply = exchange(app_example.port, "GET", "/api/v1/users/7", {"Origin": ALLOWED})
    assert reply.status == 405
    assert reply.lines(ACAO) == [ALLOWED]


def test_decorated_async_view_under_gunicorn(view_example):
    reply = exchange(view_example.port, "GET", "/api/v1/report", {"Origin": ALLOWED})
    assert reply.status == 200
    assert reply.body == b'{"report":"ready"}\n'
    assert cors_lines(reply) == {ACAO: [ALLOWED], "Vary": ["Origin"]}


def test_decorated_view_preflight_under_gunicorn(view_example):
    reply = exchange(
        view_example.port,
        "OPTIONS",
        "/api/v1/users/create",
        {
            "Origin": ALLOWED,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert reply.status == 200
    assert cors_lines(reply) == {
        ACAO: [ALLOWED],
        "Access-Control-Allow-Methods": ["GET, HEAD, POST, OPTIONS"],
        "Access-Control-Allow-Headers": ["content-type"],
        "Vary": ["Origin"],
    }


def test_blueprint_routes_get_headers_and_app_routes_do_not(blueprint_example):
    in_blueprint = exchange(blueprint_example.port, "GET", "/api/v1/users", {"Origin": REFUSED})
    outside = exchange(blueprint_example.port, "GET", "/", {"Origin": REFUSED})
    assert cors_lines(in_blueprint) == {ACAO: ["*"]}
    assert cors_lines(outside) == {}


def test_existing_vary_is_merged_into_one_line(wire_app):
    reply = exchange(wire_app.port, "GET", "/vary/accept-encoding", {"Origin": ALLOWED})
    assert reply.lines("Vary") == ["Accept-Encoding, Origin"]
    assert reply.lines(ACAO) == [ALLOWED]


def test_existing_vary_origin_is_not_repeated(wire_app):
    reply = exchange(wire_app.port, "GET", "/vary/origin", {"Origin": ALLOWED})
    assert reply.lines("Vary") == ["origin"]


def test_refused_origin_vary_is_merged_too(wire_app):
    reply = exchange(wire_app.port, "GET", "/vary/accept-encoding", {"Origin": REFUSED})
    assert reply.lines("Vary") == ["Accept-Encoding, Origin"]
    assert reply.lines(ACAO) == []


def test_session_vary_cookie_and_origin_share_one_line(wire_app):
    reply = exchange(wire_app.port, "GET", "/vary/cookie", {"Origin": ALLOWED})
    (vary,) = reply.lines("Vary")
    assert sorted(token.strip() for token in vary.split(",")) == ["Cookie", "Origin"]
    assert reply.lines(ACAO) == [ALLOWED]
