"""The ``origins`` option: which request origins are allowed, by every kind of rule."""

from __future__ import annotations

import logging
import re
from typing import Any

import pytest
from flask import Flask

from flask_cors import CORS, CORSConfigError, CORSConfigWarning, cross_origin
from flask_cors.origins import serialized_origin, valid_origin

ACAO = "Access-Control-Allow-Origin"


@pytest.fixture
def allowed_value(make_app, actual):
    """The ``Access-Control-Allow-Origin`` values answered to ``origin``."""

    def value(origins: Any, origin: str, mode: str = "extension", **options: Any) -> list[str]:
        response = actual(make_app(mode=mode, origins=origins, **options), origin=origin)
        assert response.status_code == 200
        return response.headers.getlist(ACAO)

    return value


# --- exact origins ---


def test_exact_origin_allows_itself(mode, allowed_value):
    assert allowed_value("https://app.example.com", "https://app.example.com", mode) == [
        "https://app.example.com"
    ]


def test_exact_origin_refuses_other_origin(mode, allowed_value):
    assert allowed_value("https://app.example.com", "https://other.example.com", mode) == []


def test_exact_origin_is_case_insensitive_and_reflects_origin_as_sent(mode, allowed_value):
    assert allowed_value("https://app.example.com", "https://APP.example.com", mode) == [
        "https://APP.example.com"
    ]


def test_exact_origin_configured_in_upper_case_allows_lower_case_origin(allowed_value):
    with pytest.warns(CORSConfigWarning, match="scheme and host in lower case"):
        assert allowed_value("HTTPS://APP.EXAMPLE.COM", "https://app.example.com") == [
            "https://app.example.com"
        ]


def test_list_of_exact_origins_allows_each_member(mode, allowed_value):
    origins = ["https://a.example.com", "https://b.example.com"]
    assert allowed_value(origins, "https://a.example.com", mode) == ["https://a.example.com"]
    assert allowed_value(origins, "https://b.example.com", mode) == ["https://b.example.com"]


def test_list_of_exact_origins_refuses_non_member(mode, allowed_value):
    origins = ["https://a.example.com", "https://b.example.com"]
    assert allowed_value(origins, "https://c.example.com", mode) == []


def test_exact_origin_port_must_match(allowed_value):
    assert allowed_value("http://localhost:5000", "http://localhost:5001") == []
    assert allowed_value("http://localhost:5000", "http://localhost:5000") == [
        "http://localhost:5000"
    ]


def test_exact_origin_without_port_refuses_origin_with_port(allowed_value):
    assert allowed_value("https://app.example.com", "https://app.example.com:8443") == []


def test_exact_origin_scheme_must_match(allowed_value):
    assert allowed_value("https://app.example.com", "http://app.example.com") == []


def test_exact_origin_with_default_port_allows_origin_without_port(allowed_value):
    with pytest.warns(CORSConfigWarning, match="without the default port 443"):
        assert allowed_value("https://app.example.com:443", "https://app.example.com") == [
            "https://app.example.com"
        ]


def test_exact_origin_does_not_allow_subdomain(allowed_value):
    assert allowed_value("https://example.com", "https://a.example.com") == []


# --- regular expressions ---

SUBDOMAIN_REGEX = r"https://.*\.example\.com"


def test_regex_origin_allows_matching_origin(mode, allowed_value):
    assert allowed_value(SUBDOMAIN_REGEX, "https://a.example.com", mode) == [
        "https://a.example.com"
    ]


def test_regex_origin_does_not_match_suffix_host(mode, allowed_value):
    assert allowed_value(SUBDOMAIN_REGEX, "https://a.example.com.evil.net", mode) == []


def test_regex_origin_escaped_dot_refuses_lookalike_host(allowed_value):
    assert allowed_value(SUBDOMAIN_REGEX, "https://evilexample.com") == []


def test_regex_origin_refuses_userinfo_trick(allowed_value):
    assert allowed_value(SUBDOMAIN_REGEX, "https://a.example.com:1@evil.net") == []


def test_regex_origin_does_not_match_prefix_host(allowed_value):
    assert allowed_value(r"https://a\.example\.com", "https://a.example.com.evil.net") == []


def test_unescaped_dot_string_is_an_exact_origin(allowed_value):
    assert allowed_value(r"https://app.example.com", "https://appxexample.com") == []
    assert allowed_value(r"https://app.example.com", "https://app.example.com") == [
        "https://app.example.com"
    ]


def test_compiled_regex_allows_fullmatch(mode, allowed_value):
    pattern = re.compile(r"https://[a-z]+\.example\.com")
    assert allowed_value(pattern, "https://abc.example.com", mode) == ["https://abc.example.com"]


def test_compiled_regex_refuses_prefix_match(mode, allowed_value):
    pattern = re.compile(r"https://[a-z]+\.example\.com")
    assert allowed_value(pattern, "https://abc.example.com.evil.net", mode) == []


def test_compiled_regex_with_ignorecase_keeps_its_flag(allowed_value):
    pattern = re.compile(r"https://app\.example\.com", re.IGNORECASE)
    assert allowed_value(pattern, "https://APP.EXAMPLE.COM") == ["https://APP.EXAMPLE.COM"]


def test_compiled_regex_with_ignorecase_keeps_its_flag_next_to_other_regexes(allowed_value):
    origins = [
        re.compile(r"https://one\.example\.com"),
        re.compile(r"https://two\.example\.com", re.IGNORECASE),
        r"https://thr[e]e\.example\.com",
    ]
    assert allowed_value(origins, "https://TWO.example.com") == ["https://TWO.example.com"]


def test_compiled_verbose_regex_with_trailing_comment_still_matches(allowed_value):
    origins = [
        re.compile(r"https://a\.example\.com  # the app", re.VERBOSE),
        re.compile(r"https://b\.example\.com"),
    ]
    assert allowed_value(origins, "https://a.example.com") == ["https://a.example.com"]
    assert allowed_value(origins, "https://b.example.com") == ["https://b.example.com"]


def test_regexes_with_same_group_name_each_still_match(allowed_value):
    origins = [
        re.compile(r"https://(?P<sub>a)\.example\.com"),
        re.compile(r"https://(?P<sub>b)\.example\.com"),
    ]
    assert allowed_value(origins, "https://b.example.com") == ["https://b.example.com"]


def test_regex_with_top_level_alternation_is_fully_matched(allowed_value):
    origins = [r"https://a\.example\.com|https://b\.example\.com", "https://c.example.com"]
    assert allowed_value(origins, "https://b.example.com") == ["https://b.example.com"]
    assert allowed_value(origins, "https://b.example.com.evil.net") == []


# --- subdomain wildcards ---

WILDCARD = "https://*.example.com"


def test_subdomain_wildcard_allows_one_label(mode, allowed_value):
    assert allowed_value(WILDCARD, "https://a.example.com", mode) == ["https://a.example.com"]


def test_subdomain_wildcard_allows_several_labels(allowed_value):
    assert allowed_value(WILDCARD, "https://a.b.example.com") == ["https://a.b.example.com"]


def test_subdomain_wildcard_refuses_bare_domain(allowed_value):
    assert allowed_value(WILDCARD, "https://example.com") == []


def test_subdomain_wildcard_refuses_hyphenated_lookalike(allowed_value):
    assert allowed_value(WILDCARD, "https://evil-example.com") == []


def test_subdomain_wildcard_refuses_suffix_host(mode, allowed_value):
    assert allowed_value(WILDCARD, "https://a.example.com.evil.net", mode) == []


def test_subdomain_wildcard_refuses_other_scheme(allowed_value):
    assert allowed_value(WILDCARD, "http://a.example.com") == []


def test_subdomain_wildcard_refuses_other_port(allowed_value):
    assert allowed_value(WILDCARD, "https://a.example.com:8443") == []


def test_subdomain_wildcard_with_port_allows_that_port(allowed_value):
    assert allowed_value("https://*.example.com:8443", "https://a.example.com:8443") == [
        "https://a.example.com:8443"
    ]


def test_subdomain_wildcard_with_port_refuses_origin_without_port(allowed_value):
    assert allowed_value("https://*.example.com:8443", "https://a.example.com") == []


def test_subdomain_wildcard_with_default_port_allows_origin_without_port(allowed_value):
    # Browsers omit the default port from Origin, as exact origins already assume.
    assert allowed_value("https://*.example.com:443", "https://a.example.com") == [
        "https://a.example.com"
    ]


def test_subdomain_wildcard_is_case_insensitive(allowed_value):
    assert allowed_value(WILDCARD, "https://A.Example.COM") == ["https://A.Example.COM"]


# --- callables ---


def trusted(origin: str) -> bool:
    return origin.endswith(".trusted.test")


def test_callable_origin_allows_when_true(mode, allowed_value):
    assert allowed_value(trusted, "https://app.trusted.test", mode) == ["https://app.trusted.test"]


def test_callable_origin_refuses_when_false(mode, allowed_value):
    assert allowed_value(trusted, "https://app.untrusted.test.evil", mode) == []


def test_lambda_origin_is_called_with_the_request_origin(allowed_value):
    seen = []

    def check(origin):
        seen.append(origin)
        return origin.endswith(".trusted.test")

    assert allowed_value(check, "https://x.trusted.test") == ["https://x.trusted.test"]
    assert seen == ["https://x.trusted.test"]


def test_callable_that_raises_gives_no_cors_headers_and_keeps_status(mode, actual):
    def broken(origin):
        raise RuntimeError("lookup failed")

    app = Flask(__name__)
    if mode == "extension":
        CORS(app, origins=broken)

        @app.route("/")
        def index():
            return "created", 201

    else:

        @app.route("/")
        @cross_origin(origins=broken)
        def index():
            return "created", 201

    response = actual(app, origin="https://a.example.com")
    assert response.status_code == 201
    assert response.get_data(as_text=True) == "created"
    assert "Access-Control-Allow-Origin" not in response.headers


class CallSlotIsNone:
    """callable() says yes (its class has a __call__), but calling it raises TypeError."""

    __call__ = None


def test_object_whose_call_is_none_starts_and_refuses_as_a_check_that_raises(make_app, caplog):
    app = make_app(origins=[CallSlotIsNone(), "https://exact.example.com"])
    client = app.test_client()
    with caplog.at_level(logging.ERROR, logger="flask_cors"):
        refused = client.get("/", headers={"Origin": "https://other.example.com"})
    allowed = client.get("/", headers={"Origin": "https://exact.example.com"})
    assert refused.headers.getlist(ACAO) == []
    assert allowed.headers.getlist(ACAO) == ["https://exact.example.com"]
    assert any(
        "raised for origin 'https://other.example.com'" in r.getMessage() for r in caplog.records
    )


def test_callable_inside_list_with_exact_strings_allows_both(allowed_value):
    origins = ["https://exact.example.com", lambda o: o.endswith(".trusted.test")]
    assert allowed_value(origins, "https://exact.example.com") == ["https://exact.example.com"]
    assert allowed_value(origins, "https://a.trusted.test") == ["https://a.trusted.test"]


def test_callable_inside_list_with_exact_strings_refuses_others(allowed_value):
    origins = ["https://exact.example.com", lambda o: o.endswith(".trusted.test")]
    assert allowed_value(origins, "https://other.example.com") == []


def test_callable_is_asked_again_on_each_request(actual, make_app):
    allowed = {"https://a.example.com"}
    app = make_app(origins=lambda o: o in allowed)
    first = actual(app, origin="https://a.example.com")
    allowed.clear()
    second = actual(app, origin="https://a.example.com")
    assert first.headers.getlist(ACAO) == ["https://a.example.com"]
    assert second.headers.getlist(ACAO) == []


# --- the "null" origin ---


def test_null_origin_refused_when_not_listed(mode, allowed_value):
    assert allowed_value(["https://a.example.com"], "null", mode) == []


def test_null_origin_allowed_when_listed(mode, allowed_value):
    assert allowed_value(["https://a.example.com", "null"], "null", mode) == ["null"]


def test_null_origin_not_reflected_with_wildcard_and_credentials(allowed_value):
    assert allowed_value("*", "null", supports_credentials=True) == []


def test_null_origin_gets_wildcard_without_credentials(allowed_value):
    assert allowed_value("*", "null") == ["*"]


def test_null_origin_not_allowed_by_regex(allowed_value):
    assert allowed_value(r"[a-z]+", "null") == []


def test_null_origin_not_allowed_by_callable(allowed_value):
    assert allowed_value(lambda o: True, "null") == []


def test_dot_star_regex_answers_wildcard_like_star(allowed_value):
    assert allowed_value(r".*", "https://any.example.net") == ["*"]


def test_dot_star_regex_with_credentials_does_not_reflect_null(allowed_value):
    assert allowed_value(r".*", "null", supports_credentials=True) == []


def test_dot_star_regex_with_credentials_reflects_origin(allowed_value):
    assert allowed_value(r".*", "https://any.example.net", supports_credentials=True) == [
        "https://any.example.net"
    ]


# --- empty list ---


def test_empty_origin_list_allows_nothing(mode, allowed_value):
    assert allowed_value([], "https://a.example.com", mode) == []


# --- many origins ---

MANY_EXACT = [f"https://host{i}.example.com" for i in range(1000)]
MANY_REGEX = [rf"https://r{i}-[a-z]+\.example\.org" for i in range(300)]
MANY_WILDCARDS = [f"https://*.g{i}.example.net" for i in range(300)]


def test_many_exact_origins_allow_the_last_one(allowed_value):
    assert allowed_value(MANY_EXACT, "https://host999.example.com") == [
        "https://host999.example.com"
    ]


def test_many_exact_origins_refuse_others(allowed_value):
    assert allowed_value(MANY_EXACT, "https://host1000.example.com") == []


def test_many_regex_origins_allow_the_last_one(allowed_value):
    assert allowed_value(MANY_REGEX, "https://r299-abc.example.org") == [
        "https://r299-abc.example.org"
    ]


def test_many_regex_origins_refuse_others(allowed_value):
    assert allowed_value(MANY_REGEX, "https://r300-abc.example.org") == []
    assert allowed_value(MANY_REGEX, "https://r299-abc.example.org.evil.net") == []


def test_many_subdomain_wildcard_origins_allow_the_last_one(allowed_value):
    assert allowed_value(MANY_WILDCARDS, "https://a.g299.example.net") == [
        "https://a.g299.example.net"
    ]


def test_many_subdomain_wildcard_origins_refuse_others(allowed_value):
    assert allowed_value(MANY_WILDCARDS, "https://a.g300.example.net") == []
    assert allowed_value(MANY_WILDCARDS, "https://g299.example.net") == []


def test_many_origins_of_every_kind_together_allow_each_last_one(actual, make_app):
    app = make_app(origins=MANY_EXACT + MANY_REGEX + MANY_WILDCARDS)
    for origin in (
        "https://host999.example.com",
        "https://r299-x.example.org",
        "https://x.g299.example.net",
    ):
        assert actual(app, origin=origin).headers.getlist(ACAO) == [origin]
    assert actual(app, origin="https://evil.example.com").headers.getlist(ACAO) == []


# --- port wildcards: scheme://host:* ---------------------------------------------


def port_wildcard_app(*origins: str) -> Flask:
    app = Flask(__name__)

    @app.route("/")
    def index():
        return "ok"

    CORS(app, origins=list(origins))
    return app


def allow_origin_for(app: Flask, origin: str) -> str | None:
    return app.test_client().get("/", headers={"Origin": origin}).headers.get(ACAO)


@pytest.mark.parametrize(
    "origin",
    ["http://localhost:3000", "http://localhost:5173", "http://localhost", "http://LOCALHOST:8080"],
)
def test_port_wildcard_allows_the_host_on_any_port(origin):
    assert allow_origin_for(port_wildcard_app("http://localhost:*"), origin) == origin


@pytest.mark.parametrize(
    "origin",
    [
        "https://localhost:3000",  # another scheme
        "http://localhost.evil.net:3000",  # flask-cors 6 let this through (prefix match)
        "http://evil-localhost:3000",
        "http://localhost:3000x",
        "http://127.0.0.1:3000",
    ],
)
def test_port_wildcard_refuses_other_hosts_and_schemes(origin):
    assert allow_origin_for(port_wildcard_app("http://localhost:*"), origin) is None


def test_port_wildcard_works_for_ip_hosts():
    app = port_wildcard_app("http://127.0.0.1:*", "http://[::1]:*")
    assert allow_origin_for(app, "http://127.0.0.1:8000") == "http://127.0.0.1:8000"
    assert allow_origin_for(app, "http://[::1]:8000") == "http://[::1]:8000"
    assert allow_origin_for(app, "http://127.0.0.10:8000") is None


def test_subdomain_and_port_wildcards_combine():
    app = port_wildcard_app("https://*.example.com:*")
    assert allow_origin_for(app, "https://a.example.com:8443") == "https://a.example.com:8443"
    assert allow_origin_for(app, "https://a.b.example.com") == "https://a.b.example.com"
    assert allow_origin_for(app, "https://example.com:8443") is None
    assert allow_origin_for(app, "https://a.example.com.evil.net:8443") is None


@pytest.mark.parametrize(
    "value",
    ["http://localhost:*/api", "http://local*:3000", "https://*example.com", "http://localhost:3*"],
)
def test_other_wildcards_start_as_regexes_with_a_warning_naming_both_forms(value):
    with pytest.warns(CORSConfigWarning) as record:
        port_wildcard_app(value)
    (message,) = [str(w.message) for w in record if "not a wildcard" in str(w.message)]
    assert repr(value) in message and "as flask-cors 6 read it" in message
    assert "scheme://*.domain[:port]" in message and "scheme://host:*" in message


def test_wildcard_that_does_not_compile_as_a_regex_is_an_error_naming_both_forms():
    with pytest.raises(CORSConfigError) as caught:
        port_wildcard_app("*.example.com")
    message = str(caught.value)
    assert "'*.example.com'" in message
    assert "scheme://*.domain[:port]" in message and "scheme://host:*" in message


def test_port_wildcard_is_explained_by_name():
    app = port_wildcard_app("http://localhost:*")
    assert (
        "port wildcard http://localhost:*"
        in app.extensions["cors"]
        .policy_for(None, "/")
        .decide("http://localhost:3000", explain=True)
        .explanation[1]
    )


# --- origin syntax: what is reflected, and what a browser writes ---

ORIGIN_FORMS = [
    # origin, accepted from a request (valid_origin), as a browser writes it (serialized_origin)
    ("https://app.example.com", True, True),
    ("http://[::1]:8080", True, True),
    ("null", True, True),
    ("https://APP.example.com", True, False),  # reflected as sent; browsers write lower case
    ("https://app.example.com/", False, False),  # a path
    ("app.example.com", False, False),  # no scheme
    ("https://a.com\r\nX: y", False, False),  # would split a header line
    ("", False, False),
]


@pytest.mark.parametrize("origin, accepted, serialized", ORIGIN_FORMS)
def test_request_origin_forms(origin, accepted, serialized):
    assert valid_origin(origin) is accepted
    assert serialized_origin(origin) is serialized
