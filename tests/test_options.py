"""Options: defaults, value forms, precedence, validation errors, normalisation."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from flask import Flask, abort

from flask_cors import CORS, CORSConfigError, cross_origin
from flask_cors.extension import Installation

ALL_METHODS = "GET, HEAD, POST, OPTIONS, PUT, PATCH, DELETE"
BOOLEAN_OPTIONS = [
    "supports_credentials",
    "send_wildcard",
    "always_send",
    "automatic_options",
    "vary_header",
    "intercept_exceptions",
    "allow_private_network",
]


@pytest.fixture
def origin():
    return "https://a.com"


def acao(response):
    return response.headers.get("Access-Control-Allow-Origin")


# --- defaults, as a plain CORS(app) shows them --------------------------------


@pytest.mark.parametrize("origin", ["https://a.com", "http://localhost:5000"])
def test_default_origins_allow_any_origin_with_wildcard(origin, actual, make_app):
    r = actual(make_app(), origin=origin)
    assert r.headers.getlist("Access-Control-Allow-Origin") == ["*"]


def test_default_methods_are_all_offered_in_preflight(make_app, preflight):
    r = preflight(make_app())
    assert r.headers.get("Access-Control-Allow-Methods") == ALL_METHODS


def test_default_allow_headers_echo_the_requested_headers(make_app, preflight):
    r = preflight(make_app(), **{"Access-Control-Request-Headers": "X-Custom, content-type"})
    assert r.headers.get("Access-Control-Allow-Headers") == "X-Custom, content-type"


def test_default_expose_headers_send_no_expose_header(actual, make_app):
    r = actual(make_app())
    assert "Access-Control-Expose-Headers" not in r.headers


def test_default_supports_credentials_false_sends_no_credentials_header(
    actual, make_app, preflight
):
    app = make_app()
    assert "Access-Control-Allow-Credentials" not in actual(app).headers
    assert "Access-Control-Allow-Credentials" not in preflight(app).headers


def test_default_max_age_none_sends_no_max_age_header(make_app, preflight):
    r = preflight(make_app())
    assert acao(r) == "*"
    assert "Access-Control-Max-Age" not in r.headers


def test_default_send_wildcard_answers_star_and_adds_no_vary(actual, make_app):
    r = actual(make_app(), origin="https://b.com")
    assert acao(r) == "*"
    assert "Vary" not in r.headers


def test_default_always_send_adds_headers_without_origin(actual, make_app):
    r = actual(make_app(), origin=None)
    assert acao(r) == "*"


def test_default_automatic_options_answers_preflight(make_app, preflight):
    r = preflight(make_app())
    assert r.status_code == 200
    assert acao(r) == "*"
    assert r.get_data() == b""


def test_default_vary_header_true_adds_vary_origin_for_listed_origins(actual, make_app):
    r = actual(make_app(origins="https://a.com"))
    assert acao(r) == "https://a.com"
    assert r.headers.get("Vary") == "Origin"


def test_default_resources_cover_every_path(actual, make_app):
    r = actual(make_app("/deep/nested/path"), "/deep/nested/path")
    assert acao(r) == "*"


def test_default_intercept_exceptions_puts_headers_on_404(actual, make_app):
    r = actual(make_app(), path="/does-not-exist")
    assert r.status_code == 404
    assert acao(r) == "*"


def boom():
    raise RuntimeError("boom")


def test_default_intercept_exceptions_puts_headers_on_500(actual, make_app):
    r = actual(make_app(view=boom))
    assert r.status_code == 500
    assert acao(r) == "*"


def test_default_allow_private_network_false_refuses_private_network_preflight(make_app, preflight):
    r = preflight(make_app(), **{"Access-Control-Request-Private-Network": "true"})
    assert acao(r) == "*"
    assert "Access-Control-Allow-Private-Network" not in r.headers


def test_intercept_exceptions_false_keeps_cors_headers_on_abort_response(actual, make_app):
    """Only the 500 of an unhandled exception loses them (as in flask-cors 6)."""
    r = actual(make_app(view=lambda: abort(403), intercept_exceptions=False))
    assert r.status_code == 403
    assert acao(r) == "*"


# --- values as they come from environment variables ---------------------------


@pytest.mark.parametrize(
    "value", ["https://a.com,https://b.com", " https://a.com , https://b.com "]
)
def test_comma_separated_origins_string_is_a_list(value, actual, make_app):
    app = make_app(config={"CORS_ORIGINS": value})
    assert acao(actual(app, origin="https://a.com")) == "https://a.com"
    assert acao(actual(app, origin="https://b.com")) == "https://b.com"
    assert "Access-Control-Allow-Origin" not in actual(app, origin="https://c.com").headers


def test_comma_separated_methods_string_is_a_list(make_app, preflight):
    r = preflight(make_app(config={"CORS_METHODS": "get, put"}))
    assert r.headers.get("Access-Control-Allow-Methods") == "GET, PUT"


def test_comma_separated_expose_headers_string_is_a_list(actual, make_app):
    r = actual(make_app(config={"CORS_EXPOSE_HEADERS": "X-Total,  X-Page"}))
    assert r.headers.get("Access-Control-Expose-Headers") == "X-Total, X-Page"


@pytest.mark.parametrize("value", ["true", "TRUE", "True", "1", "yes", "YES", "Yes"])
def test_true_strings_turn_a_boolean_option_on(value, actual, make_app):
    r = actual(make_app(config={"CORS_SUPPORTS_CREDENTIALS": value}))
    assert acao(r) == "https://a.com"
    assert r.headers.get("Access-Control-Allow-Credentials") == "true"


@pytest.mark.parametrize("value", ["false", "FALSE", "False", "0", "no", "NO", "No"])
def test_false_strings_turn_a_boolean_option_off(value, actual, make_app):
    r = actual(make_app(config={"CORS_SEND_WILDCARD": value}))
    assert acao(r) == "https://a.com"
    assert r.headers.get("Vary") == "Origin"


@pytest.mark.parametrize("name", BOOLEAN_OPTIONS)
def test_unrecognised_boolean_string_in_config_raises_naming_the_option(name, make_app):
    app = make_app(mode=None, config={"CORS_" + name.upper(): "maybe"})
    with pytest.raises(CORSConfigError, match=rf"{name}: expected True or False.*'maybe'"):
        CORS(app)


@pytest.mark.parametrize(
    "value, expected",
    [
        (600, "600"),
        ("600", "600"),
        (" 600 ", "600"),
        (timedelta(minutes=10), "600"),
        (0, "0"),
    ],
)
def test_max_age_forms_give_whole_seconds(value, expected, make_app, preflight):
    r = preflight(make_app(max_age=value))
    assert r.headers.get("Access-Control-Max-Age") == expected


def test_max_age_is_not_sent_on_actual_responses(actual, make_app):
    r = actual(make_app(max_age=600))
    assert "Access-Control-Max-Age" not in r.headers


def test_regex_origin_with_comma_in_braces_stays_one_regex(actual, make_app):
    app = make_app(origins=r"https://a{1,3}\.com")
    assert acao(actual(app, origin="https://aa.com")) == "https://aa.com"
    assert "Access-Control-Allow-Origin" not in actual(app, origin="https://aaaa.com").headers


def test_regex_origin_with_comma_in_braces_stays_one_regex_in_config_list(actual, make_app):
    app = make_app(config={"CORS_ORIGINS": r"https://b.com, https://a{1,3}\.com"})
    assert acao(actual(app, origin="https://b.com")) == "https://b.com"
    assert acao(actual(app, origin="https://aaa.com")) == "https://aaa.com"


# --- precedence: defaults < app config < CORS kwargs < init_app kwargs < resource


def test_app_config_overrides_default(actual, make_app):
    app = make_app(config={"CORS_ORIGINS": "https://a.com"})
    assert acao(actual(app, origin="https://a.com")) == "https://a.com"
    assert "Access-Control-Allow-Origin" not in actual(app, origin="https://b.com").headers


def test_constructor_keyword_overrides_app_config(actual, make_app):
    app = make_app(config={"CORS_ORIGINS": "https://a.com"}, origins="https://b.com")
    assert acao(actual(app, origin="https://b.com")) == "https://b.com"
    assert "Access-Control-Allow-Origin" not in actual(app, origin="https://a.com").headers


def test_init_app_keyword_overrides_constructor_keyword(actual, make_app):
    app = make_app(mode=None)
    cors = CORS(origins="https://a.com")
    cors.init_app(app, origins="https://b.com")
    assert acao(actual(app, origin="https://b.com")) == "https://b.com"
    assert "Access-Control-Allow-Origin" not in actual(app, origin="https://a.com").headers


def test_resource_options_override_init_app_keyword(actual, make_app):
    app = make_app("/api/items", mode=None)
    CORS().init_app(
        app, origins="https://a.com", resources={r"/api/*": {"origins": "https://c.com"}}
    )
    assert acao(actual(app, "/api/items", origin="https://c.com")) == "https://c.com"
    assert "Access-Control-Allow-Origin" not in actual(app, "/api/items").headers


def test_resource_options_keep_unset_options_from_lower_layers(make_app, preflight):
    app = make_app("/api/items", max_age=60, resources={r"/api/*": {"origins": "https://c.com"}})
    r = preflight(app, "/api/items", origin="https://c.com")
    assert acao(r) == "https://c.com"
    assert r.headers.get("Access-Control-Max-Age") == "60"


def test_init_app_resources_override_constructor_resources(actual, make_app):
    app = make_app("/api/items", "/deep/nested/path", mode=None)
    cors = CORS(resources=r"/deep/*")
    cors.init_app(app, resources=r"/api/*")
    assert acao(actual(app, "/api/items")) == "*"
    assert "Access-Control-Allow-Origin" not in actual(app, "/deep/nested/path").headers


def test_headers_is_an_alias_of_allow_headers(make_app, preflight):
    r = preflight(
        make_app(headers="X-Allowed"), **{"Access-Control-Request-Headers": "X-Allowed, X-Other"}
    )
    assert r.headers.get("Access-Control-Allow-Headers") == "X-Allowed"


def test_headers_alias_keyword_overrides_allow_headers_config(make_app, preflight):
    app = make_app(config={"CORS_ALLOW_HEADERS": "X-From-Config"}, headers="X-From-Keyword")
    r = preflight(app, **{"Access-Control-Request-Headers": "X-From-Config, X-From-Keyword"})
    assert r.headers.get("Access-Control-Allow-Headers") == "X-From-Keyword"


def test_headers_alias_works_in_decorator(preflight):
    app = Flask(__name__)

    @app.route("/v", methods=["PUT"])
    @cross_origin(headers="X-Allowed")
    def view():
        return "ok"

    r = preflight(
        app.test_client(), "/v", **{"Access-Control-Request-Headers": "x-allowed, X-Other"}
    )
    assert r.headers.get("Access-Control-Allow-Headers") == "x-allowed"


# --- configuration errors, raised at init -------------------------------------


# test id -> (options, what the error says)
ERRORS = {
    "unrecognised-boolean-string-keyword": (
        dict(vary_header="maybe"),
        r"vary_header: expected True or False.*'maybe'",
    ),
    "origin-without-scheme": (
        dict(origins="example.com"),
        r"origins: 'example\.com' has no scheme.*'https://example\.com'",
    ),
    "origin-with-path": (
        dict(origins="https://example.com/app"),
        r"origins: 'https://example\.com/app' has a path.*Use 'https://example\.com'",
    ),
    "origin-with-trailing-slash": (
        dict(origins="https://example.com/"),
        r"origins: 'https://example\.com/' has a trailing slash.*Use 'https://example\.com'",
    ),
    "regex-origin-that-does-not-compile": (
        dict(origins="https://(example.com"),
        r"origins: 'https://\(example\.com' .*does not compile.*Escape",
    ),
    "broken-subdomain-wildcard": (
        dict(origins="https://*.example.com/"),
        r"origins: 'https://\*\.example\.com/' is neither a subdomain wildcard nor a "
        r"port wildcard.*'https://\*\.example\.com'",
    ),
    "unknown-option": (
        dict(orgins="https://a.com"),
        r"unknown option 'orgins'\. Did you mean 'origins'\?",
    ),
    "unknown-option-in-resource-dict": (
        dict(resources={r"/api/*": {"orgins": "https://a.com"}}),
        r"resources\['/api/\*'\].*unknown option 'orgins'\. Did you mean 'origins'\?",
    ),
    "negative-max-age": (
        dict(max_age=-1),
        r"max_age: must not be negative.*use 0",
    ),
    "non-numeric-max-age-string": (
        dict(max_age="ten minutes"),
        r"max_age: expected a number of seconds.*'ten minutes'",
    ),
    "credentials-with-explicit-send-wildcard": (
        dict(supports_credentials=True, send_wildcard=True),
        r"send_wildcard=True cannot be combined with supports_credentials=True"
        r".*Remove send_wildcard",
    ),
    "origins-none": (
        dict(origins=None),
        r"origins: None is not a valid value\. Use '\*'",
    ),
    "method-that-is-not-a-token": (
        dict(methods=["GET POST"]),
        r"methods: 'GET POST' is not an HTTP method name",
    ),
    "invalid-expose-header-name": (
        dict(expose_headers=["X-Page", "X Total"]),
        r"expose_headers: 'X Total' is not a valid header name",
    ),
    "invalid-regex-resource-pattern": (
        dict(resources=r"/api/("),
        r"resources: '/api/\(' is not a valid regular expression.*'/api/\*'",
    ),
}


@pytest.mark.parametrize("options, message", ERRORS.values(), ids=ERRORS)
def test_bad_option_raises_at_init_with_its_fix(options, message, make_app):
    with pytest.raises(CORSConfigError, match=message):
        CORS(make_app(mode=None), **options)


def test_unknown_option_in_init_app_raises_with_suggestion(make_app):
    with pytest.raises(
        CORSConfigError, match=r"unknown option 'max_ages'\. Did you mean 'max_age'\?"
    ):
        CORS().init_app(make_app(mode=None), max_ages=10)


@pytest.mark.parametrize("value", [42, 1.5, {r"/api/*": "https://a.com"}])
def test_resources_of_wrong_type_raise(value, make_app):
    with pytest.raises(CORSConfigError, match=r"resources.*expected"):
        CORS(make_app(mode=None), resources=value)


def test_cross_origin_rejects_resources():
    with pytest.raises(CORSConfigError, match=r"'resources' is an option of the CORS extension"):
        cross_origin(resources=r"/api/*")


def test_cross_origin_resources_error_points_to_the_extension():
    with pytest.raises(CORSConfigError, match=r"'resources'.*CORS\("):
        cross_origin(resources=r"/api/*")


def test_cross_origin_unknown_option_raises_at_decoration_time():
    with pytest.raises(
        CORSConfigError, match=r"unknown option 'orgins'\. Did you mean 'origins'\?"
    ):
        cross_origin(orgins="https://a.com")


def test_cross_origin_invalid_value_raises_at_decoration_time():
    with pytest.raises(CORSConfigError, match=r"origins: 'example\.com' has no scheme"):
        cross_origin(origins="example.com")


@pytest.mark.parametrize("argument", ["https://a.com", ["https://a.com"], 5])
def test_cross_origin_positional_non_callable_raises_type_error(argument):
    with pytest.raises(TypeError, match="keyword options only"):
        cross_origin(argument)


def test_bare_cross_origin_works_like_called_cross_origin(actual, preflight):
    app = Flask(__name__)

    @app.route("/v", methods=["GET", "PUT"])
    @cross_origin
    def view():
        return "ok"

    r = actual(app, "/v")
    assert r.get_data(as_text=True) == "ok"
    assert acao(r) == "*"
    r = preflight(app, "/v")
    assert acao(r) == "*"
    assert r.headers.get("Access-Control-Allow-Methods") == "GET, HEAD, OPTIONS, PUT"


# --- exact origins are normalised ----------------------------------------------


@pytest.mark.parametrize(
    "configured, origin",
    [("https://A.com:443", "https://a.com"), ("http://a.com:80", "http://a.com")],
)
def test_exact_origin_default_port_is_stripped(configured, origin, actual, make_app):
    r = actual(make_app(origins=configured), origin=origin)
    assert acao(r) == origin


def test_exact_origin_keeps_non_default_port(actual, make_app):
    app = make_app(origins="https://a.com:8443")
    assert acao(actual(app, origin="https://a.com:8443")) == "https://a.com:8443"
    assert "Access-Control-Allow-Origin" not in actual(app, origin="https://a.com").headers


def test_ipv6_origin_is_an_exact_origin(actual, make_app):
    app = make_app(origins="http://[::1]:8080")
    assert acao(actual(app, origin="http://[::1]:8080")) == "http://[::1]:8080"
    assert "Access-Control-Allow-Origin" not in actual(app, origin="http://[::1]:8081").headers
    assert "Access-Control-Allow-Origin" not in actual(app, origin="http://[::2]:8080").headers


# --- credentials: warning and the seed example ---------------------------------


def flask_cors_warnings(caplog):
    return [
        record
        for record in caplog.records
        if record.name == "flask_cors" and record.levelno == logging.WARNING
    ]


def test_credentials_with_any_origin_logs_exactly_one_warning_at_init(caplog, make_app):
    caplog.set_level(logging.WARNING, logger="flask_cors")
    CORS(make_app(mode=None), supports_credentials=True)
    records = flask_cors_warnings(caplog)
    assert len(records) == 1
    assert "supports_credentials=True" in records[0].getMessage()


def test_credentials_with_listed_origins_logs_no_warning(caplog, make_app):
    caplog.set_level(logging.WARNING, logger="flask_cors")
    CORS(make_app(mode=None), supports_credentials=True, origins="https://x.com")
    assert flask_cors_warnings(caplog) == []


def test_default_cors_logs_no_warning(caplog, make_app):
    caplog.set_level(logging.WARNING, logger="flask_cors")
    CORS(make_app(mode=None))
    assert flask_cors_warnings(caplog) == []


def test_seed_credentials_example_reflects_origin_never_star():
    app = Flask(__name__)
    CORS(app, supports_credentials=True)

    @app.route("/")
    def hello():
        return "Hello"

    r = app.test_client().get("/", headers={"Origin": "https://x.com"})
    assert r.headers.getlist("Access-Control-Allow-Origin") == ["https://x.com"]
    assert r.headers.get("Access-Control-Allow-Credentials") == "true"
    assert r.headers.get("Vary") == "Origin"


def test_seed_credentials_example_preflight_reflects_origin_never_star(make_app, preflight):
    app = make_app(supports_credentials=True)
    r = preflight(app, origin="https://x.com")
    assert r.headers.getlist("Access-Control-Allow-Origin") == ["https://x.com"]
    assert r.headers.get("Access-Control-Allow-Credentials") == "true"


# --- the extension object ------------------------------------------------------


def test_app_extensions_cors_is_the_apps_installation_with_the_constructors_resources(make_app):
    app = make_app(mode=None)
    cors = CORS(app)
    installation = app.extensions["cors"]
    assert isinstance(installation, Installation)
    assert installation.app is app
    assert installation.scopes == [(None, cors.resources)]


def test_app_extensions_cors_holds_the_init_app_resources(make_app):
    app = make_app(mode=None)
    cors = CORS()
    cors.init_app(app)
    assert app.extensions["cors"].scopes == [(None, cors.resources)]


def test_second_cors_on_the_same_app_adds_a_scope_that_wins_where_it_matches(actual, make_app):
    app = make_app("/", "/special", mode=None)
    CORS(app, origins="https://a.com")
    CORS(app, resources={"/special": {"origins": "https://b.com"}})
    assert len(app.extensions["cors"].scopes) == 2
    assert acao(actual(app, "/special", origin="https://b.com")) == "https://b.com"
    assert acao(actual(app, origin="https://a.com")) == "https://a.com"
