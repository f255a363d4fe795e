"""Options: defaults, value forms, precedence, validation errors, normalisation."""

from __future__ import annotations

import logging
import re
from datetime import timedelta

import pytest
from flask import Flask, abort

from flask_cors import CORS, CORSConfigError, CORSConfigWarning, cross_origin
from flask_cors.extension import Installation
from flask_cors.options import OPTION_SPECS

ALL_METHODS = "GET, HEAD, POST, OPTIONS, PUT, PATCH, DELETE"
BOOLEAN_OPTIONS = [spec.name for spec in OPTION_SPECS if spec.boolean]


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
def test_unrecognised_boolean_string_in_config_warns_naming_the_key(name, make_app):
    app = make_app(mode=None, config={"CORS_" + name.upper(): "maybe"})
    # flask-cors 6 read "maybe" as True where it had the option at all.
    then = "had no such option" if name == "cross_origin_protection" else "read it as True"
    with pytest.warns(
        CORSConfigWarning,
        match=rf"{name} \(set by app.config\['CORS_{name.upper()}'\]\): 'maybe' is neither "
        rf"True nor False, so {name} is (True|False) \(its default\) \(flask-cors 6 {then}\)",
    ):
        CORS(app)


def test_unrecognised_boolean_string_never_turns_credentials_on(actual, make_app):
    """flask-cors 6 read any non-empty string as True: "maybe" gave credentials."""
    with pytest.warns(CORSConfigWarning, match=r"'maybe' is neither True nor False"):
        app = make_app(config={"CORS_SUPPORTS_CREDENTIALS": "maybe"})
    r = actual(app)
    assert acao(r) == "*"
    assert "Access-Control-Allow-Credentials" not in r.headers


@pytest.mark.parametrize("value", [None, ""])
def test_none_and_empty_string_turn_a_boolean_keyword_off_as_in_flask_cors_6(
    value, actual, make_app
):
    r = actual(make_app(origins="https://a.com", vary_header=value))
    assert acao(r) == "https://a.com"
    assert "Vary" not in r.headers


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


# flask-cors 6 ignored ``headers=`` (every header allowed): its limit is told at set-up.
HEADERS_LIMIT = r"allow_headers \(set by .*headers=\.\.\.\)\): .*flask-cors 6 ignored headers="


def test_headers_is_an_alias_of_allow_headers(make_app, preflight):
    with pytest.warns(CORSConfigWarning, match=HEADERS_LIMIT):
        app = make_app(headers="X-Allowed")
    r = preflight(app, **{"Access-Control-Request-Headers": "X-Allowed, X-Other"})
    assert r.headers.get("Access-Control-Allow-Headers") == "X-Allowed"


def test_headers_alias_that_allows_every_header_gives_no_warning(make_app, preflight):
    r = preflight(make_app(headers="*"), **{"Access-Control-Request-Headers": "X-Other"})
    assert r.headers.get("Access-Control-Allow-Headers") == "X-Other"


def test_headers_alias_warning_says_the_fix(make_app):
    with pytest.warns(CORSConfigWarning) as caught:
        make_app(headers=["Content-Type"])
    (message,) = [str(w.message) for w in caught]
    assert "['Content-Type'] limits the headers a cross-origin request may send to " in message
    assert "write allow_headers= instead of headers=" in message


def test_headers_alias_keyword_overrides_allow_headers_config(make_app, preflight):
    with pytest.warns(CORSConfigWarning, match=HEADERS_LIMIT):
        app = make_app(config={"CORS_ALLOW_HEADERS": "X-From-Config"}, headers="X-From-Keyword")
    r = preflight(app, **{"Access-Control-Request-Headers": "X-From-Config, X-From-Keyword"})
    assert r.headers.get("Access-Control-Allow-Headers") == "X-From-Keyword"


def test_headers_alias_works_in_decorator(preflight):
    app = Flask(__name__)

    with pytest.warns(CORSConfigWarning, match=HEADERS_LIMIT):

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
    "regex-origin-that-does-not-compile": (
        dict(origins="https://(example.com"),
        r"origins: 'https://\(example\.com' .*does not compile.*Escape",
    ),
    "credentials-with-explicit-send-wildcard": (
        dict(supports_credentials=True, send_wildcard=True),
        r"send_wildcard=True cannot be combined with supports_credentials=True"
        r".*Remove send_wildcard",
    ),
    "invalid-regex-resource-pattern": (
        dict(resources=r"/api/("),
        r"resources\['/api/\('\]: '/api/\(' is not a valid regular expression.*'/api/\*'",
    ),
    "allow-header-regex-that-does-not-compile": (
        dict(allow_headers=["X-("]),
        r"allow_headers: 'X-\(' is neither a header name nor a valid regular expression",
    ),
}


@pytest.mark.parametrize("options, message", ERRORS.values(), ids=ERRORS)
def test_bad_option_raises_at_init_with_its_fix(options, message, make_app):
    with pytest.raises(CORSConfigError, match=message):
        CORS(make_app(mode=None), **options)


# Values flask-cors 6.0.5 started with: they start here too, with a warning.
# test id -> (options, what the warning says, a request origin, its answer)
STARTS_WITH_A_WARNING = {
    "origins-none": (
        dict(origins=None),
        r"origins \(set by CORS\(origins=\.\.\.\)\): None allows no origin \(as in flask-cors 6\)",
        None,
    ),
    "origin-of-another-type": (
        dict(origins=["https://a.com", 5, None, ("https://b.com",)]),
        r"origins .*: 5 \(int\) is not an origin, and matches nothing \(as in flask-cors 6\)",
        "https://a.com",
    ),
    "origin-as-a-number": (
        dict(origins=5),
        r"origins .*: 5 \(int\) is not an origin",
        None,
    ),
    "bytes-origins": (
        dict(origins=b"https://a.com"),
        r"origins .*: b'https://a\.com' is bytes, read as the text 'https://a\.com'",
        "https://a.com",
    ),
    "bytes-origins-that-are-not-ascii": (
        dict(origins="https://ä.com".encode("latin-1")),
        r"origins .*: b'https://\\xe4\.com' is bytes that are not ASCII, and is left out",
        None,
    ),
    "bytes-compiled-origin": (
        dict(origins=[re.compile(rb"https://[a-z]+\.com")]),
        r"origins .*: the compiled pattern b'https://\[a-z\]\+\\\\\.com' is a bytes pattern, "
        r"read as the str pattern",
        "https://a.com",
    ),
    "bytes-compiled-origin-that-is-not-ascii": (
        dict(origins=["https://a.com", re.compile("https://ä.com".encode("latin-1"))]),
        r"origins .*: the compiled pattern b'https://\\xe4\.com' is a bytes pattern that is "
        r"not ASCII, and matches nothing \(flask-cors 6 failed every request",
        "https://a.com",
    ),
    "bytes-allow-headers-that-are-not-ascii": (
        dict(allow_headers="X-Ä".encode("latin-1")),
        r"allow_headers .*: b'X-\\xc4' is bytes that are not ASCII, and is left out",
        "*",
    ),
    "max-age-of-another-type": (
        dict(max_age=[600]),
        r"max_age .*: \[600\] \(list\) is not a number of seconds, so no "
        r"Access-Control-Max-Age is sent \(flask-cors 6 sent '\[600\]'",
        "*",
    ),
    "methods-of-another-type": (
        dict(methods=5),
        r"methods .*: 5 \(int\) is not a method name, and is left out",
        "*",
    ),
    "method-that-is-not-a-string": (
        dict(methods=["GET", 5]),
        r"methods .*: 5 \(int\) is not a method name, and is left out",
        "*",
    ),
    "header-that-is-not-a-string": (
        dict(allow_headers=["X-A", 5], expose_headers=[7]),
        r"allow_headers .*: 5 \(int\) is not a header name, and is left out",
        "*",
    ),
    "bytes-compiled-allow-header": (
        dict(allow_headers=[re.compile(b"X-.*")]),
        r"allow_headers .*: re.compile\(b'X-\.\*'\) is a bytes pattern, which no header "
        r"name \(text\) matches, and is left out \(flask-cors 6 failed every preflight",
        "*",
    ),
    "headers-alias-regex-that-does-not-compile": (
        dict(headers="X-("),
        r"allow_headers \(set by CORS\(headers=\.\.\.\)\): 'X-\(' is neither a header name "
        r"nor a valid regular expression .*, and is left out \(flask-cors 6 ignored this "
        r"setting and allowed every header; here it allows only the headers it names\)",
        "*",
    ),
}


@pytest.mark.parametrize(
    "options, message, allowed", STARTS_WITH_A_WARNING.values(), ids=STARTS_WITH_A_WARNING
)
def test_value_flask_cors_6_started_with_starts_with_a_warning(
    options, message, allowed, make_app, actual
):
    with pytest.warns(CORSConfigWarning) as record:
        app = make_app(**options)
    assert any(re.search(message, str(w.message)) for w in record), [str(w.message) for w in record]
    assert acao(actual(app, origin="https://a.com")) == allowed


def test_values_left_out_of_header_lists_leave_the_others(make_app, preflight):
    with pytest.warns(CORSConfigWarning) as record:
        app = make_app(allow_headers=["X-A", 5], expose_headers=[7, "X-Total"], methods=[5, "PUT"])
    assert len(record) == 3
    response = preflight(app, origin="https://a.com", headers="X-A")
    assert response.headers["Access-Control-Allow-Headers"] == "X-A"
    assert response.headers["Access-Control-Allow-Methods"] == "PUT"


@pytest.mark.parametrize("where", ["cross_origin", "CORS_HEADERS"], ids=["decorator", "app-config"])
def test_header_patterns_flask_cors_6_could_not_use_are_left_out(where, preflight):
    app = Flask(__name__)
    allow_headers = [re.compile(b"X-.*"), "X-(", "X-A"]
    with pytest.warns(CORSConfigWarning) as record:
        if where == "cross_origin":
            view = cross_origin(headers=allow_headers)(lambda: "ok")
        else:
            app.config["CORS_HEADERS"] = allow_headers
            view = cross_origin()(lambda: "ok")
        app.add_url_rule("/", "view", view, methods=["GET", "PUT"])
        response = preflight(app, origin="https://a.com", headers="X-A, X-B")
    assert response.headers["Access-Control-Allow-Headers"] == "X-A"
    messages = [str(w.message) for w in record]
    assert sum("is a bytes pattern" in m for m in messages) == 1
    assert sum("'X-(' is neither a header name" in m for m in messages) == 1


def test_unknown_option_in_init_app_warns_with_suggestion_and_is_ignored(actual, make_app):
    app = make_app(mode=None)
    with pytest.warns(
        CORSConfigWarning,
        match=r"CORS.init_app\(...\): unknown option 'max_ages', ignored \(as flask-cors 6 "
        r"ignored it\).*Did you mean 'max_age'\?",
    ):
        CORS().init_app(app, max_ages=10)
    assert acao(actual(app)) == "*"


@pytest.mark.parametrize(
    "where, build",
    [
        ("CORS(...)", lambda app: CORS(app, orgins="https://b.com")),
        ("resources['/*']", lambda app: CORS(app, resources={"/*": {"orgins": "https://b.com"}})),
    ],
    ids=["keyword", "resource-dict"],
)
def test_unknown_option_warns_and_is_ignored_as_in_flask_cors_6(where, build, actual, make_app):
    app = make_app(mode=None)
    with pytest.warns(CORSConfigWarning) as record:
        build(app)
    (warning,) = record
    assert where in str(warning.message)
    assert "unknown option 'orgins', ignored (as flask-cors 6 ignored it)" in str(warning.message)
    assert "Did you mean 'origins'?" in str(warning.message)
    assert acao(actual(app, origin="https://c.com")) == "*"


def test_cross_origin_warns_that_resources_is_ignored(actual):
    with pytest.warns(
        CORSConfigWarning, match=r"'resources' is an option of the CORS extension only.*CORS\("
    ):
        decorate = cross_origin(resources=r"/api/*")
    app = Flask(__name__)
    app.route("/v")(decorate(lambda: "ok"))
    assert acao(actual(app, "/v")) == "*"


def test_cross_origin_unknown_option_warns_at_decoration_time_only(actual):
    with pytest.warns(
        CORSConfigWarning, match=r"unknown option 'orgins'.*Did you mean 'origins'\?"
    ):
        decorate = cross_origin(orgins="https://a.com")
    app = Flask(__name__)
    app.route("/v")(decorate(lambda: "ok"))
    assert acao(actual(app, "/v")) == "*"  # no second warning on the first request


def test_cross_origin_invalid_value_raises_at_decoration_time():
    with pytest.raises(CORSConfigError, match=r"origins: 'https://\(a\.com' .*does not compile"):
        cross_origin(origins="https://(a.com")


@pytest.mark.parametrize("argument", ["https://a.com", ["https://a.com"], 5])
def test_cross_origin_positional_argument_is_ignored_as_in_flask_cors_6_with_a_warning(
    argument, actual
):
    with pytest.warns(CORSConfigWarning, match="positional arguments are ignored") as caught:
        decorate = cross_origin(argument)
    assert caught[0].filename == __file__
    assert "@cross_origin(origins=" in str(caught[0].message)
    app = Flask(__name__)
    app.route("/v")(decorate(lambda: "ok"))
    assert acao(actual(app, "/v", origin="https://elsewhere.example")) == "*"


def test_cross_origin_positional_argument_keeps_the_named_options(actual):
    with pytest.warns(CORSConfigWarning, match="positional arguments are ignored"):
        decorate = cross_origin("https://a.com", origins=["https://b.example"])
    app = Flask(__name__)
    app.route("/v")(decorate(lambda: "ok"))
    assert acao(actual(app, "/v", origin="https://b.example")) == "https://b.example"
    assert acao(actual(app, "/v", origin="https://a.com")) is None


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
    with pytest.warns(CORSConfigWarning, match=f"is matched as '{origin}'.*default port"):
        app = make_app(origins=configured)
    r = actual(app, origin=origin)
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


# --- methods="*" and QUERY -------------------------------------------------------

URL_METHODS = "DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT"  # make_app's routes, sorted


@pytest.mark.parametrize("methods", ["*", ["*"], " * "])
def test_methods_star_offers_every_method_the_url_accepts(methods, mode, make_app, preflight):
    """The Starlette and FastAPI spelling; flask-cors 6 offered no method for it."""
    r = preflight(make_app(mode=mode, methods=methods), method="PATCH", headers="X-Token")
    assert r.headers.get("Access-Control-Allow-Methods") == URL_METHODS
    assert r.headers.get("Access-Control-Allow-Headers") == "X-Token"


def test_methods_star_offers_only_the_methods_of_the_url(mode, make_app, preflight):
    app = make_app(mode=mode, route_methods=("GET", "QUERY"), methods="*")
    r = preflight(app, method="QUERY")
    assert r.headers.get("Access-Control-Allow-Methods") == "GET, HEAD, OPTIONS, QUERY"
    r = preflight(app, method="DELETE")
    assert r.headers.get("Access-Control-Allow-Methods") == "GET, HEAD, OPTIONS, QUERY"


def test_methods_star_beside_listed_methods_keeps_their_order_first(make_app, preflight):
    r = preflight(make_app(config={"CORS_METHODS": "PUT, *"}), method="PUT")
    assert (
        r.headers.get("Access-Control-Allow-Methods")
        == "PUT, DELETE, GET, HEAD, OPTIONS, PATCH, POST"
    )


def test_default_methods_offer_query_where_the_route_accepts_it(mode, make_app, preflight):
    app = make_app(mode=mode, route_methods=("GET", "QUERY"))
    r = preflight(app, method="QUERY", headers="Content-Type")
    assert r.headers.get("Access-Control-Allow-Methods") == "GET, HEAD, OPTIONS, QUERY"
    assert r.headers.get("Access-Control-Allow-Headers") == "Content-Type"


def test_default_methods_never_offer_query_where_no_route_accepts_it(mode, make_app, preflight):
    r = preflight(make_app(mode=mode), method="QUERY", headers="Content-Type")
    assert r.headers.get("Access-Control-Allow-Methods") == ALL_METHODS
    assert "QUERY" not in r.headers.get("Access-Control-Allow-Methods")


# --- header globs and names in one string ------------------------------------------


@pytest.mark.parametrize(
    "allow_headers, requested, allowed",
    [
        (["X-*"], "X-Token, x-request-id, Xylo, Content-Type", "X-Token, x-request-id"),
        ("X-*", "X-, X-A", "X-, X-A"),
        (
            ["X-*-Id", "Content-Type"],
            "X-Request-Id, X-Id, content-type",
            "X-Request-Id, content-type",
        ),
        ([r"X-.*"], "X-A, X.B", "X-A"),  # "." makes it a regex, read as one
    ],
    ids=["list", "string", "star-inside", "regex-stays-a-regex"],
)
def test_header_glob_allows_the_headers_it_spells(
    allow_headers, requested, allowed, mode, make_app, preflight
):
    r = preflight(make_app(mode=mode, allow_headers=allow_headers), headers=requested)
    assert r.headers.get("Access-Control-Allow-Headers") == allowed


# --- values flask-cors 6 started with: read as meant, with a warning ---------------

# test id -> (options, what the warning says, request, header -> expected value)
PREFLIGHT = dict(method="PUT", headers="Content-Type, Authorization")
SETUP_WARNINGS = {
    "allow-headers-separated-by-spaces": (
        dict(allow_headers="Content-Type Authorization"),
        r"allow_headers \(set by CORS\(allow_headers=...\)\): 'Content-Type Authorization' is "
        r"read as the list Content-Type, Authorization \(names separated by spaces; "
        r"flask-cors 6 read it as one name, which matches nothing\)\. Separate the names with "
        r"commas \('Content-Type, Authorization'\) or give a list\.",
        PREFLIGHT,
        {"Access-Control-Allow-Headers": "Content-Type, Authorization"},
    ),
    "allow-headers-separated-by-semicolons": (
        dict(allow_headers=["Content-Type; Authorization"]),
        r"'Content-Type; Authorization' is read as the list Content-Type, Authorization "
        r"\(names separated by semicolons",
        PREFLIGHT,
        {"Access-Control-Allow-Headers": "Content-Type, Authorization"},
    ),
    "methods-separated-by-spaces": (
        dict(methods="GET PUT"),
        r"methods \(set by CORS\(methods=...\)\): 'GET PUT' is read as the list GET, PUT",
        PREFLIGHT,
        {"Access-Control-Allow-Methods": "GET, PUT"},
    ),
    "method-that-is-not-a-token": (
        dict(methods=["GET/PUT", "PUT"]),
        r"methods.*'GET/PUT' is not an HTTP method name, and is left out",
        PREFLIGHT,
        {"Access-Control-Allow-Methods": "PUT"},
    ),
    "methods-none": (
        dict(methods=None),
        r"methods.*None allows no method in preflights \(as in flask-cors 6\)",
        PREFLIGHT,
        {"Access-Control-Allow-Methods": None, "Access-Control-Allow-Origin": "https://a.com"},
    ),
    "methods-bytes": (
        dict(methods=b"GET, PUT"),
        r"methods.*b'GET, PUT' is bytes, read as the text 'GET, PUT'",
        PREFLIGHT,
        {"Access-Control-Allow-Methods": "GET, PUT"},
    ),
    "expose-headers-separated-by-spaces": (
        dict(expose_headers="X-Total X-Page"),
        r"expose_headers.*'X-Total X-Page' is read as the list X-Total, X-Page",
        {},
        {"Access-Control-Expose-Headers": "X-Total, X-Page"},
    ),
    "expose-header-that-is-not-a-name": (
        dict(expose_headers=["X-Page", "X:Total"]),
        r"expose_headers.*'X:Total' is not a valid header name.*and is left out",
        {},
        {"Access-Control-Expose-Headers": "X-Page"},
    ),
    "expose-header-glob": (
        dict(expose_headers=["X-*"]),
        r"expose_headers.*'X-\*' is sent as written, and browsers read it as one header name",
        {},
        {"Access-Control-Expose-Headers": "X-*"},
    ),
    "expose-headers-bytes": (
        dict(expose_headers=b"X-A"),
        r"expose_headers.*b'X-A' is bytes, read as the text 'X-A'",
        {},
        {"Access-Control-Expose-Headers": "X-A"},
    ),
    "negative-max-age": (
        dict(max_age=-1),
        r"max_age \(set by CORS\(max_age=...\)\): -1 is negative, read as 0.*Use 0",
        PREFLIGHT,
        {"Access-Control-Max-Age": "0"},
    ),
    "negative-max-age-timedelta": (
        dict(max_age=timedelta(seconds=-5)),
        r"max_age.*is negative, read as 0",
        PREFLIGHT,
        {"Access-Control-Max-Age": "0"},
    ),
    "fractional-max-age": (
        dict(max_age=1.5),
        r"max_age.*1\.5 is not a whole number of seconds, read as 1.*Use 1 or 2\.",
        PREFLIGHT,
        {"Access-Control-Max-Age": "1"},
    ),
    "non-numeric-max-age-string": (
        dict(max_age="ten minutes"),
        r"max_age.*the string 'ten minutes' is not a number of seconds, so no "
        r"Access-Control-Max-Age is sent",
        PREFLIGHT,
        {"Access-Control-Max-Age": None, "Access-Control-Allow-Methods": ALL_METHODS},
    ),
    "nan-max-age": (
        dict(max_age=float("nan")),
        r"max_age.*nan is not a finite number of seconds",
        PREFLIGHT,
        {"Access-Control-Max-Age": None},
    ),
    "boolean-max-age": (
        dict(max_age=True),
        r"max_age.*True is not a number of seconds",
        PREFLIGHT,
        {"Access-Control-Max-Age": None},
    ),
    "unrecognised-boolean-string-keyword": (
        dict(vary_header="maybe"),
        r"vary_header \(set by CORS\(vary_header=...\)\): 'maybe' is neither True nor False, "
        r"so vary_header is True \(its default\) \(flask-cors 6 read it as True\)",
        {},
        {"Vary": "Origin"},
    ),
    "unrecognised-boolean-string-for-an-option-new-in-7": (
        dict(cross_origin_protection="maybe"),
        r"cross_origin_protection \(set by CORS\(cross_origin_protection=...\)\): 'maybe' is "
        r"neither True nor False, so cross_origin_protection is False \(its default\) "
        r"\(flask-cors 6 had no such option\)",
        {},
        {"Vary": "Origin"},
    ),
    "boolean-that-is-another-number": (
        dict(allow_private_network=2),
        r"allow_private_network.*2 is neither True nor False, so allow_private_network is "
        r"False",
        dict(PREFLIGHT, **{"Access-Control-Request-Private-Network": "true"}),
        {"Access-Control-Allow-Private-Network": None},
    ),
}


@pytest.mark.parametrize(
    "options, message, request_headers, expected", SETUP_WARNINGS.values(), ids=SETUP_WARNINGS
)
def test_value_flask_cors_6_started_with_warns_and_is_read_as_meant(
    options, message, request_headers, expected, make_app, actual, preflight
):
    options = {"origins": "https://a.com", **options}
    with pytest.warns(CORSConfigWarning, match=message) as record:
        app = make_app(**options)
    assert len(record) == 1
    request_headers = dict(request_headers)
    if request_headers:
        method = request_headers.pop("method")
        r = preflight(app, method=method, headers=request_headers.pop("headers"), **request_headers)
    else:
        r = actual(app)
    assert acao(r) == "https://a.com"
    assert {name: r.headers.get(name) for name in expected} == expected


def test_setup_warnings_are_kept_on_the_options_for_the_cli(make_app):
    with pytest.warns(CORSConfigWarning):
        cors = CORS(make_app(mode=None), max_age=-1, methods="GET PUT")
    (policy,) = cors.resources.policies
    assert [w.split(": ", 2)[1] for w in policy.options.setup_warnings] == [
        "methods (set by CORS(methods=...))",
        "max_age (set by CORS(max_age=...))",
    ]


def test_send_wildcard_with_credentials_and_listed_origins_starts_as_in_flask_cors_6(
    make_app, actual
):
    """flask-cors 6 refused the pair only with origins='*'."""
    app = make_app(origins="https://a.com", supports_credentials=True, send_wildcard=True)
    r = actual(app)
    assert acao(r) == "https://a.com"
    assert r.headers.get("Access-Control-Allow-Credentials") == "true"
