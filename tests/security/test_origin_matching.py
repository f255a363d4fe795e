"""Origin checks that CORS libraries have got wrong.

Each test sends the request that got through elsewhere:

- an origin regex matched as a prefix (``re.match``), which lets in
  ``https://a.example.com.evil.net`` or ``https://app.example.com:443@evil.net``;
- the dots of an origin taken as "any character";
- a subdomain wildcard that escapes its domain;
- the ``null`` origin (sandboxed iframes, ``file:`` pages, which any
  attacker can produce) reflected together with credentials;
- two ``Access-Control-Allow-Origin`` values, or a list of origins reflected;
- ``*`` together with credentials;
- CR, LF or NUL in a reflected value, splitting or forging response headers.
"""

from __future__ import annotations

import functools
import re

import pytest
from flask import Flask

from flask_cors import CORS, cross_origin
from flask_cors.options import resolve_options
from flask_cors.policy import Policy

ACAO = "Access-Control-Allow-Origin"
ACAC = "Access-Control-Allow-Credentials"
ACAH = "Access-Control-Allow-Headers"
ALICE = "https://alice.example.com"
BOB = "https://bob.example.com"


@pytest.fixture
def account_app(make_app):
    """``/account`` (GET, PUT) under ``CORS(app, **options)``."""
    return functools.partial(make_app, "/account", route_methods=("GET", "PUT"))


# Origins go into the WSGI environ as they are: the test client would refuse
# some of the malformed values sent here.
def get(app: Flask, origin: str):
    return app.test_client().get("/account", environ_overrides={"HTTP_ORIGIN": origin})


def preflight(app: Flask, origin: str, **environ):
    environ.setdefault("HTTP_ACCESS_CONTROL_REQUEST_METHOD", "PUT")
    return app.test_client().options(
        "/account", environ_overrides={"HTTP_ORIGIN": origin, **environ}
    )


def decide(origin: str, **options):
    return Policy(resolve_options(options)).decide(origin)


# --- regexes are matched against the whole origin ---


@pytest.mark.parametrize(
    "origins", [r"https://.*\.example\.com", re.compile(r"https://.*\.example\.com")], ids=repr
)
def test_regex_origin_allows_subdomain(origins, account_app):
    assert get(account_app(origins=origins), "https://a.example.com").headers.get(ACAO) == (
        "https://a.example.com"
    )


@pytest.mark.parametrize(
    "origins", [r"https://.*\.example\.com", re.compile(r"https://.*\.example\.com")], ids=repr
)
@pytest.mark.parametrize(
    "origin",
    [
        "https://a.example.com.evil.net",
        "https://a.example.com:443@evil.net",
        "https://a.example.comevil.net",
        "https://a.example.com.",
    ],
)
def test_regex_origin_does_not_match_as_prefix(origins, origin, account_app):
    assert ACAO not in get(account_app(origins=origins), origin).headers


@pytest.mark.parametrize(
    "origins",
    [r"https://app\.example\.com(:\d+)?", re.compile(r"https://app\.example\.com(:\d+)?")],
    ids=repr,
)
@pytest.mark.parametrize(
    "origin", ["https://app.example.com:8443@evil.net", "https://app.example.com@evil.net"]
)
def test_regex_origin_does_not_match_userinfo_in_front_of_other_host(origins, origin, account_app):
    assert ACAO not in get(account_app(origins=origins), origin).headers


def test_regex_origin_with_port_allows_its_own_port(account_app):
    app = account_app(origins=r"https://app\.example\.com(:\d+)?")
    assert get(app, "https://app.example.com:8443").headers.get(ACAO) == (
        "https://app.example.com:8443"
    )


# --- exact origins ---


@pytest.mark.parametrize(
    "origin",
    [
        "https://appxexample.com",  # the dot is not "any character"
        "https://app.example.com.evil.net",
        "https://app.example.co",
        "https://evilapp.example.com",
        "http://app.example.com",
        "https://app.example.com:8443",
    ],
)
def test_exact_origin_allows_nothing_else(origin, account_app):
    assert ACAO not in get(account_app(origins="https://app.example.com"), origin).headers


# --- subdomain wildcards stay inside their domain ---


@pytest.mark.parametrize(
    "origin", ["https://a.example.com", "https://a.b.example.com", "https://A-1.EXAMPLE.com"]
)
def test_subdomain_wildcard_allows_subdomains(origin, account_app):
    assert get(account_app(origins="https://*.example.com"), origin).headers.get(ACAO) == origin


@pytest.mark.parametrize(
    "origin",
    [
        "https://example.com",  # one or more labels, not zero
        "https://.example.com",
        "https://evilexample.com",
        "https://a.examplexcom",  # the domain's dots are literal
        "https://a.example.com.evil.net",
        "https://example.com.evil.net",
        "https://evil.net?.example.com",
        "https://evil.net#.example.com",
        "https://evil.net\\.example.com",
        "https://evil.net%2F.example.com",
        "https://evil.net:1@a.example.com",
        "https://evil.net@a.example.com",
        "https://a.example.com:8443",
        "http://a.example.com",
        "wss://a.example.com",
    ],
)
def test_subdomain_wildcard_does_not_escape_its_domain(origin, account_app):
    assert ACAO not in get(account_app(origins="https://*.example.com"), origin).headers


# --- the null origin ---


@pytest.mark.parametrize(
    "origins", ["*", r".*", re.compile(r".*"), re.compile(r"[a-z]+")], ids=repr
)
def test_null_origin_is_not_reflected_with_credentials(origins, account_app):
    app = account_app(origins=origins, supports_credentials=True)
    response = get(app, "null")
    assert ACAO not in response.headers
    assert ACAC not in response.headers


def test_null_origin_preflight_is_not_answered_with_credentials(account_app):
    response = preflight(account_app(origins="*", supports_credentials=True), "null")
    assert ACAO not in response.headers
    assert ACAC not in response.headers


def test_null_origin_is_not_allowed_by_a_callable(account_app):
    app = account_app(origins=lambda origin: True, supports_credentials=True)
    assert ACAO not in get(app, "null").headers


# --- one Access-Control-Allow-Origin value ---


def test_two_origin_headers_are_not_reflected(account_app):
    app = account_app(origins="*", supports_credentials=True)
    response = app.test_client().get("/account", headers=[("Origin", ALICE), ("Origin", BOB)])
    assert response.headers.getlist(ACAO) == []


@pytest.mark.parametrize("origin", [f"{ALICE} {BOB}", f"{ALICE},{BOB}", f"{ALICE}, null"])
def test_origin_list_is_not_reflected(origin, account_app):
    assert ACAO not in get(account_app(origins="*", supports_credentials=True), origin).headers


def test_extension_and_decorator_together_send_one_allow_origin():
    app = Flask(__name__)

    @app.route("/account")
    @cross_origin(origins=[ALICE], supports_credentials=True)
    def account():
        return "secret"

    CORS(app, origins=[ALICE, BOB], supports_credentials=True)
    response = get(app, ALICE)
    assert response.headers.getlist(ACAO) == [ALICE]
    assert response.headers.getlist(ACAC) == ["true"]
    assert response.headers.getlist("Vary") == ["Origin"]


# --- "*" is never sent with credentials (the option itself: tests/test_responses.py) ---


def test_any_origin_with_credentials_from_config_strings_reflects_the_origin():
    app = Flask(__name__)
    app.config.update(CORS_ORIGINS="*", CORS_SUPPORTS_CREDENTIALS="true")

    @app.route("/account")
    def account():
        return "secret"

    CORS(app)
    assert get(app, ALICE).headers.getlist(ACAO) == [ALICE]


# --- no CR, LF or NUL in anything reflected ---

CONTROL = ["\r\n", "\n", "\r", "\0", "\x0b", "\x7f"]


@pytest.mark.parametrize("control", CONTROL, ids=repr)
def test_control_character_in_origin_is_not_reflected_by_the_policy(control):
    origin = f"https://a.example.com{control}Set-Cookie: session=evil"
    decision = decide(origin, origins="*", supports_credentials=True)
    assert decision.headers == ()


@pytest.mark.parametrize("control", CONTROL, ids=repr)
def test_control_character_in_origin_is_not_reflected_by_a_regex_policy(control):
    # "." matches CR, NUL and DEL: the regex alone would allow this origin.
    origin = f"https://x{control}Set-Cookie:a=b;.example.com"
    decision = decide(origin, origins=r"https://.*\.example\.com")
    assert decision.headers == ()


@pytest.mark.parametrize("control", CONTROL, ids=repr)
def test_control_character_in_origin_is_not_sent_back(control, account_app):
    origin = f"https://a.example.com{control}Set-Cookie: session=evil"
    response = get(account_app(origins="*", supports_credentials=True), origin)
    assert ACAO not in response.headers
    assert "Set-Cookie" not in response.headers


@pytest.mark.parametrize("control", CONTROL, ids=repr)
def test_control_character_in_request_headers_is_not_echoed_by_the_policy(control):
    requested = f"X-Token{control}Set-Cookie: session=evil, X-Other"
    decision = Policy(resolve_options()).decide(ALICE, "PUT", requested)
    assert dict(decision.headers)[ACAH] == "X-Other"


@pytest.mark.parametrize("control", CONTROL, ids=repr)
def test_control_character_in_request_headers_is_not_sent_back(control, account_app):
    app = account_app()
    response = preflight(
        app, ALICE, HTTP_ACCESS_CONTROL_REQUEST_HEADERS=f"X-Token{control}Set-Cookie: a=b"
    )
    assert response.headers.get(ACAO) == "*"
    assert ACAH not in response.headers
    assert "Set-Cookie" not in response.headers
