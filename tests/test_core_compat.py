"""``flask_cors.core``: what code written for flask-cors 6 imports keeps working, with warnings."""

from __future__ import annotations

import importlib
import logging
import re
import sys
import typing
import warnings
from datetime import timedelta

import pytest
from flask import Blueprint, Flask
from werkzeug.datastructures import Headers

import flask_cors.core as core
from flask_cors import CORS, CORSConfigError, CORSConfigWarning
from flask_cors.options import CONFIG_KEYS, DEFAULT_METHODS, OPTION_SPECS, resolve_options
from flask_cors.policy import Policy

CONSTANTS = {
    "ACL_ORIGIN": "Access-Control-Allow-Origin",
    "ACL_METHODS": "Access-Control-Allow-Methods",
    "ACL_ALLOW_HEADERS": "Access-Control-Allow-Headers",
    "ACL_EXPOSE_HEADERS": "Access-Control-Expose-Headers",
    "ACL_CREDENTIALS": "Access-Control-Allow-Credentials",
    "ACL_MAX_AGE": "Access-Control-Max-Age",
    "ACL_REQUEST_METHOD": "Access-Control-Request-Method",
    "ACL_REQUEST_HEADERS": "Access-Control-Request-Headers",
    "ACL_RESPONSE_PRIVATE_NETWORK": "Access-Control-Allow-Private-Network",
    "ACL_REQUEST_HEADER_PRIVATE_NETWORK": "Access-Control-Request-Private-Network",
}


@pytest.mark.parametrize("name", sorted(CONSTANTS))
def test_constant_keeps_its_value_and_warns_naming_the_header(name):
    with pytest.warns(DeprecationWarning, match=rf"flask_cors\.core\.{name} is deprecated.*"):
        value = getattr(core, name)
    assert value == CONSTANTS[name]
    with pytest.warns(DeprecationWarning, match=repr(CONSTANTS[name])):
        getattr(core, name)


def test_from_import_of_a_constant_warns_at_the_importing_line():
    with pytest.warns(DeprecationWarning) as caught:
        exec("from flask_cors.core import ACL_ORIGIN", {})
    assert caught[0].filename == "<string>"


def test_all_methods_is_the_default_methods_and_a_fresh_list():
    with pytest.warns(DeprecationWarning, match="flask_cors.options.DEFAULT_METHODS"):
        methods = core.ALL_METHODS
    methods.append("TRACE")
    with pytest.warns(DeprecationWarning):
        assert core.ALL_METHODS == list(DEFAULT_METHODS)


def test_unknown_name_is_an_attribute_error():
    with pytest.raises(AttributeError, match="no attribute 'ACL_NOPE'"):
        core.ACL_NOPE  # noqa: B018


def test_get_cors_options_merges_app_config_and_dicts_and_warns():
    app = Flask(__name__)
    app.config["CORS_ORIGINS"] = "https://a.example"
    app.config["CORS_MAX_AGE"] = 60
    with pytest.warns(DeprecationWarning, match=r"get_cors_options is deprecated.*CORS\(app"):
        options = core.get_cors_options(app, {"max_age": 600}, {"supports_credentials": True})
    assert options.origins == ("https://a.example",)
    assert options.max_age == 600
    assert options.supports_credentials is True


def test_get_cors_options_without_an_app_uses_the_defaults():
    with pytest.warns(DeprecationWarning):
        options = core.get_cors_options(None)
    assert options.origins == ("*",)


def test_get_cors_options_validates_like_the_extension():
    with pytest.warns(DeprecationWarning), pytest.raises(CORSConfigError, match="does not compile"):
        core.get_cors_options(None, {"origins": "https://(a.example"})


def test_get_cors_options_warns_like_the_extension():
    with pytest.warns((DeprecationWarning, CORSConfigWarning)) as record:
        options = core.get_cors_options(None, {"origins": "https://a.example/"})
    assert [w.category for w in record] == [DeprecationWarning, CORSConfigWarning]
    assert "trailing slash" in str(record[1].message)
    assert options.origin_rules.exact == {"https://a.example"}


def options(**given):
    with pytest.warns(DeprecationWarning):
        return core.get_cors_options(None, given)


def test_get_cors_headers_of_an_actual_request():
    opts = options(origins=["https://a.example"], expose_headers="X-Total")
    with pytest.warns(DeprecationWarning, match=r"Policy\(options\)\.decide"):
        headers = core.get_cors_headers(opts, Headers({"Origin": "https://a.example"}), "GET")
    assert list(headers.items(multi=True)) == [
        ("Access-Control-Allow-Origin", "https://a.example"),
        ("Access-Control-Expose-Headers", "X-Total"),
        ("Vary", "Origin"),
    ]


def test_get_cors_headers_of_a_preflight():
    opts = options(origins=["https://a.example"], methods=["GET", "PUT"], max_age=60)
    request_headers = Headers(
        {
            "Origin": "https://a.example",
            "Access-Control-Request-Method": "PUT",
            "Access-Control-Request-Headers": "content-type",
        }
    )
    with pytest.warns(DeprecationWarning):
        headers = core.get_cors_headers(opts, request_headers, "OPTIONS")
    assert headers["Access-Control-Allow-Methods"] == "GET, PUT"
    assert headers["Access-Control-Allow-Headers"] == "content-type"
    assert headers["Access-Control-Max-Age"] == "60"


def test_get_cors_headers_refuses_what_the_policy_refuses():
    opts = options(origins=["https://a.example"])
    with pytest.warns(DeprecationWarning):
        headers = core.get_cors_headers(opts, Headers({"Origin": "https://evil.example"}), "GET")
    assert list(headers.items(multi=True)) == [("Vary", "Origin")]


def test_get_cors_headers_of_a_wildcard_answer_adds_no_vary():
    opts = options(origins="*")
    with pytest.warns(DeprecationWarning):
        headers = core.get_cors_headers(opts, Headers({"Origin": "https://a.example"}), "GET")
    assert list(headers.items(multi=True)) == [("Access-Control-Allow-Origin", "*")]


class UnhashableCheck:
    """An origin check that cannot be a dict key (``__eq__`` without ``__hash__``)."""

    __hash__ = None  # type: ignore[assignment]

    def __eq__(self, other: object) -> bool:
        return self is other

    def __call__(self, origin: str) -> bool:
        return origin == "https://a.example"


def test_get_cors_headers_with_an_unhashable_origin_check_calls_it():
    given = {"origins": UnhashableCheck()}
    answers = {"https://a.example": ["https://a.example"], "https://b.example": []}
    for origin, expected in answers.items():
        headers = deprecated(core.get_cors_headers, given, Headers({"Origin": origin}), "GET")
        assert headers.getlist("Access-Control-Allow-Origin") == expected


def test_importing_the_module_itself_does_not_warn(recwarn):
    importlib.reload(core)
    assert not [w for w in recwarn if issubclass(w.category, DeprecationWarning)]


# --- Every public name of flask-cors 6.0.5's flask_cors.core ------------------

# Module-level names without a leading underscore in flask-cors 6.0.5's
# flask_cors/core.py, less what it imported (Flask, request, Headers, ...).
NAMES_OF_605 = [
    *CONSTANTS,
    "ALL_METHODS",
    "CONFIG_OPTIONS",
    "DEFAULT_OPTIONS",
    "FLASK_CORS_EVALUATED",
    "LOG",
    "RegexObject",
    "ResourcePattern",
    "ResourceSpec",
    "OriginsInput",
    "HeadersInput",
    "MethodsInput",
    "ExposeHeadersInput",
    "MaxAgeInput",
    "CrossOriginOptionsInput",
    "CorsOptionsInput",
    "parse_resources",
    "get_regexp_pattern",
    "get_cors_origins",
    "get_allow_headers",
    "get_cors_headers",
    "set_cors_headers",
    "probably_regex",
    "re_fix",
    "try_match_any_pattern",
    "try_match_pattern",
    "merge_options",
    "get_cors_options",
    "get_app_kwarg_dict",
    "flexible_str",
    "ensure_iterable",
    "sanitize_regex_param",
    "serialize_options",
]
FUNCTIONS = [name for name in NAMES_OF_605 if name[0].islower()]


def test_dir_lists_every_name_of_605():
    assert set(NAMES_OF_605) <= set(dir(core))


@pytest.mark.parametrize("name", [name for name in NAMES_OF_605 if name not in FUNCTIONS])
def test_every_constant_warns_at_the_line_that_reads_it_and_names_a_replacement(name):
    with pytest.warns(DeprecationWarning) as caught:
        getattr(core, name)
    assert len(caught) == 1
    assert re.fullmatch(
        rf"flask_cors\.core\.{name} is deprecated \(a flask-cors 6 internal\); use \S.*\.",
        str(caught[0].message),
    )
    assert caught[0].filename == __file__


@pytest.mark.parametrize("name", ["DEFAULT_OPTIONS", "LOG", "ResourcePattern"])
def test_from_import_of_any_constant_warns_at_the_importing_line(name):
    with pytest.warns(DeprecationWarning, match=name) as caught:
        exec(f"from flask_cors.core import {name}", {})
    assert caught[0].filename == "<string>"


def test_from_import_of_a_function_does_not_warn_calling_it_does():
    namespace: dict[str, object] = {}
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        exec("from flask_cors.core import probably_regex, try_match_any_pattern", namespace)
    with pytest.warns(DeprecationWarning, match="probably_regex"):
        namespace["probably_regex"]("https://*.example.com")


def calls():
    """Each function of flask_cors.core called with arguments that work."""
    app = Flask(__name__)

    @app.route("/")
    def index():
        return "ok"

    opts = resolve_options({"origins": ["https://a.example"]})
    headers = Headers({"Origin": "https://a.example"})

    def set_headers():
        with app.test_request_context("/", headers=headers):
            return core.set_cors_headers(app.make_response("ok"), opts)

    return {
        "parse_resources": lambda: core.parse_resources("/api/*"),
        "get_regexp_pattern": lambda: core.get_regexp_pattern(re.compile("x")),
        "get_cors_origins": lambda: core.get_cors_origins(opts, "https://a.example"),
        "get_allow_headers": lambda: core.get_allow_headers(opts, "X-A"),
        "get_cors_headers": lambda: core.get_cors_headers(opts, headers, "GET"),
        "set_cors_headers": set_headers,
        "probably_regex": lambda: core.probably_regex("https://*.example.com"),
        "re_fix": lambda: core.re_fix("*"),
        "try_match_any_pattern": lambda: core.try_match_any_pattern("https://a.example", ["*"]),
        "try_match_pattern": lambda: core.try_match_pattern("https://a.example", "*"),
        "merge_options": lambda: core.merge_options(app, {}),
        "get_cors_options": lambda: core.get_cors_options(app),
        "get_app_kwarg_dict": lambda: core.get_app_kwarg_dict(app),
        "flexible_str": lambda: core.flexible_str(["a"]),
        "ensure_iterable": lambda: core.ensure_iterable("a"),
        "sanitize_regex_param": lambda: core.sanitize_regex_param("*"),
        "serialize_options": lambda: core.serialize_options({}),
    }


def test_calls_cover_every_function():
    assert sorted(calls()) == sorted(FUNCTIONS)


@pytest.mark.parametrize("name", FUNCTIONS)
def test_every_function_warns_once_at_the_calling_line_and_names_a_replacement(name):
    call = calls()[name]
    with pytest.warns(DeprecationWarning) as caught:
        call()
    assert len(caught) == 1
    assert re.fullmatch(
        rf"flask_cors\.core\.{name} is deprecated \(a flask-cors 6 internal\); use \S.*\.",
        str(caught[0].message),
    )
    assert caught[0].filename == __file__
    first = call.__code__.co_firstlineno
    assert first <= caught[0].lineno <= first + 2


def deprecated(function, *args, **kwargs):
    """``function(*args, **kwargs)``, expecting its DeprecationWarning."""
    with pytest.warns(DeprecationWarning, match=rf"flask_cors\.core\.{function.__name__} is"):
        return function(*args, **kwargs)


def constant(name):
    with pytest.warns(DeprecationWarning, match=rf"flask_cors\.core\.{name} is"):
        return getattr(core, name)


# --- Constants -------------------------------------------------------------


def test_config_options_are_the_config_keys_a_superset_of_605s():
    keys_of_605 = {
        "CORS_ORIGINS",
        "CORS_METHODS",
        "CORS_ALLOW_HEADERS",
        "CORS_EXPOSE_HEADERS",
        "CORS_SUPPORTS_CREDENTIALS",
        "CORS_MAX_AGE",
        "CORS_SEND_WILDCARD",
        "CORS_AUTOMATIC_OPTIONS",
        "CORS_VARY_HEADER",
        "CORS_RESOURCES",
        "CORS_INTERCEPT_EXCEPTIONS",
        "CORS_ALWAYS_SEND",
        "CORS_ALLOW_PRIVATE_NETWORK",
    }
    keys = constant("CONFIG_OPTIONS")
    assert keys == list(CONFIG_KEYS)
    assert keys_of_605 < set(keys)
    keys.clear()
    assert constant("CONFIG_OPTIONS") == list(CONFIG_KEYS)


def test_default_options_are_this_librarys_defaults_and_a_fresh_copy():
    defaults = constant("DEFAULT_OPTIONS")
    assert defaults == {
        "origins": "*",
        "methods": ["GET", "HEAD", "POST", "OPTIONS", "PUT", "PATCH", "DELETE", "QUERY"],
        "allow_headers": "*",
        "expose_headers": None,
        "supports_credentials": False,
        "max_age": None,
        "send_wildcard": True,  # flask-cors 6.0.5: False
        "always_send": True,
        "automatic_options": True,
        "vary_header": True,
        "intercept_exceptions": True,
        "allow_private_network": False,
        "debug_header": None,
        "cross_origin_protection": False,
        "resources": "/*",
    }
    defaults["methods"].append("TRACE")
    defaults["origins"] = "https://evil.example"
    assert constant("DEFAULT_OPTIONS")["methods"][-1] == "QUERY"
    assert constant("DEFAULT_OPTIONS")["origins"] == "*"


def test_flask_cors_evaluated_logger_and_regex_type():
    assert constant("FLASK_CORS_EVALUATED") == "_FLASK_CORS_EVALUATED"
    assert constant("LOG") is logging.getLogger("flask_cors")
    assert constant("RegexObject") is re.Pattern


def test_type_aliases_describe_the_values_they_name():
    assert typing.get_args(constant("ResourcePattern")) == (str, re.Pattern[str])
    assert typing.get_args(constant("MethodsInput"))[0] is str
    assert type(None) in typing.get_args(constant("ExposeHeadersInput"))
    assert timedelta in typing.get_args(constant("MaxAgeInput"))
    for name in ("ResourceSpec", "OriginsInput", "HeadersInput"):
        assert str in typing.get_args(constant(name))


def test_options_typed_dicts_list_the_options():
    decorator = constant("CrossOriginOptionsInput")
    extension = constant("CorsOptionsInput")
    assert {"origins", "max_age", "supports_credentials"} <= decorator.__optional_keys__
    assert "resources" not in decorator.__optional_keys__
    assert extension.__optional_keys__ == decorator.__optional_keys__ | {"resources"}
    assert extension.__required_keys__ == frozenset()


def test_options_typed_dicts_list_every_option_of_the_option_list():
    decorator = constant("CrossOriginOptionsInput")
    extension = constant("CorsOptionsInput")
    every = {spec.name for spec in OPTION_SPECS}
    assert extension.__optional_keys__ == every
    assert decorator.__optional_keys__ == {
        spec.name for spec in OPTION_SPECS if not spec.extension_only
    }


# --- Origins: probably_regex, try_match_any_pattern, try_match_pattern ---------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("*", True),
        (".*", True),
        ("https://a.example", False),
        ("https://*.example.com", True),
        (r"https://.*\.example\.com", True),
        ("https://a.example|b", True),  # flask-cors 6.0.5: False ('|' did not count)
        ("null", False),
        ("https://(a", True),
        (re.compile("x"), True),
    ],
)
def test_probably_regex_classifies_as_the_origins_option_reads(value, expected):
    assert deprecated(core.probably_regex, value) is expected


def test_probably_regex_of_something_else_is_a_type_error():
    with pytest.raises(TypeError):
        deprecated(core.probably_regex, 5)


MATCHES = [
    # origin, patterns, answer (flask-cors 6.0.5's, with caseSensitive=False, if different)
    ("https://a.example", ["https://a.example"], True),
    ("https://A.example", ["https://a.example"], True),
    ("https://evil.example", ["https://a.example"], False),
    ("https://a.example.com.evil.net", [re.compile(r"https://.*\.example\.com")], False),  # 6: True
    ("https://x.example.com", ["https://*.example.com"], True),  # 6: False
    ("https://x.example.com.evil.net", ["https://*.example.com"], False),
    ("null", [re.compile(".*")], False),  # 6: True
    ("null", ["null"], True),
    ("https://a.example", ["*"], True),  # 6: False (an unresolved "*")
    ("garbage", ["*"], False),  # 6: False
    ("garbage", [re.compile(".*")], False),  # 6: True
    ("https://a.example", ["https://a.example:443"], True),  # 6: False
    ("https://b.example", "https://a.example, https://b.example", True),  # 6: False
    ("https://a.example", [], False),
]


@pytest.mark.parametrize(("origin", "patterns", "expected"), MATCHES)
@pytest.mark.parametrize("case_sensitive", [True, False])
def test_try_match_any_pattern_answers_as_origin_matching(
    origin, patterns, expected, case_sensitive
):
    answer = deprecated(core.try_match_any_pattern, origin, patterns, caseSensitive=case_sensitive)
    assert answer is expected


@pytest.mark.parametrize(("origin", "patterns", "expected"), MATCHES)
@pytest.mark.parametrize("credentials", [True, False])
def test_try_match_any_pattern_never_allows_what_a_policy_refuses(
    origin, patterns, expected, credentials
):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CORSConfigWarning)  # about the patterns: not tested here
        options = resolve_options({"origins": patterns, "supports_credentials": credentials})
    policy = Policy(options)
    if deprecated(core.try_match_any_pattern, origin, patterns):
        decision = policy.decide(origin)
        assert decision.allowed
        assert dict(decision.headers)["Access-Control-Allow-Origin"] in (origin, "*")


def test_try_match_any_pattern_refuses_a_regex_that_does_not_compile():
    with pytest.warns(DeprecationWarning), pytest.raises(CORSConfigError, match="compile"):
        core.try_match_any_pattern("https://a.example", ["https://(a"])


def test_try_match_any_pattern_calls_an_origin_check():
    patterns = [lambda origin: origin.endswith(".trusted.example")]
    assert deprecated(core.try_match_any_pattern, "https://x.trusted.example", patterns)
    assert not deprecated(core.try_match_any_pattern, "https://x.example", patterns)


def test_try_match_any_pattern_calls_an_unhashable_origin_check():
    patterns = [UnhashableCheck()]
    assert deprecated(core.try_match_any_pattern, "https://a.example", patterns)
    assert not deprecated(core.try_match_any_pattern, "https://b.example", patterns)


@pytest.mark.parametrize(
    ("value", "pattern", "expected"),
    [
        ("https://a.example", "https://a.example", True),
        ("https://api.example", r"https://.*\.example", True),  # 6.0.5: False (compared as text)
        ("https://api.example.evil", r"https://.*\.example", False),
        ("https://a.example", "https://b.example", False),
        (5, "*", False),
    ],
)
def test_try_match_pattern_matches_one_origin_pattern(value, pattern, expected):
    assert deprecated(core.try_match_pattern, value, pattern) is expected


# --- Small helpers ------------------------------------------------------------


def test_re_fix_and_get_regexp_pattern():
    assert deprecated(core.re_fix, "*") == ".*"
    assert deprecated(core.re_fix, "/x") == "/x"
    assert deprecated(core.get_regexp_pattern, re.compile(r"a\.b")) == r"a\.b"
    assert deprecated(core.get_regexp_pattern, "/x") == "/x"


@pytest.mark.parametrize(
    ("value", "expected"),
    [(None, None), (["b", "a"], "a, b"), ({"X", "A"}, "A, X"), ("x", "x"), (5, "5")],
)
def test_flexible_str(value, expected):
    assert deprecated(core.flexible_str, value) == expected


def test_ensure_iterable():
    items = ["a"]
    assert deprecated(core.ensure_iterable, "a") == ["a"]
    assert deprecated(core.ensure_iterable, items) is items
    assert deprecated(core.ensure_iterable, 5) == [5]
    assert deprecated(core.ensure_iterable, None) == [None]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("*", [".*"]),
        (["*", "https://a.example"], [".*", "https://a.example"]),
        # flask-cors 6.0.5: one item, "https://a.example, https://b.example"
        ("https://a.example, https://b.example", ["https://a.example", "https://b.example"]),
        ('["https://a.example"]', ["https://a.example"]),
        (None, [None]),
    ],
)
def test_sanitize_regex_param_splits_as_the_options_do(value, expected):
    assert deprecated(core.sanitize_regex_param, value) == expected


def test_sanitize_regex_param_refuses_bytes_asking_for_text():
    with pytest.raises(CORSConfigError, match=r"origins: expected text, got bytes .*decode it"):
        deprecated(core.sanitize_regex_param, b"https://a.example")


# --- Resources ----------------------------------------------------------------


def test_parse_resources_orders_most_specific_first_with_the_extensions_matching():
    api = {"origins": "https://a.example"}
    pairs = deprecated(
        core.parse_resources,
        {"/*": {}, "/api/*": api, "/api/v1/users": {}, r"/items/\d+": {}},
    )
    assert pairs[0] == ("/api/v1/users", {})
    (items, items_options), (prefix, prefix_options), (every, _) = pairs[1:]
    assert prefix_options is api
    assert items_options == {}
    assert items.match("/items/12")
    assert not items.match("/items/12/edit")  # flask-cors 6.0.5: a prefix match
    assert prefix.match("/api") and prefix.match("/api/x")
    assert not prefix.match("/apiary")  # flask-cors 6.0.5: matched
    assert every.match("/anything")


def test_parse_resources_ranks_by_meaning_not_by_type():
    # flask-cors 6.0.5 put every compiled pattern before every string one.
    pairs = deprecated(core.parse_resources, {re.compile("/.*"): {}, "/api/v1/*": {}})
    assert [regex.match("/api/v1/x") is not None for regex, _ in pairs] == [True, True]
    assert pairs[0][0].match("/api/v1") and not pairs[0][0].match("/other")


def test_parse_resources_of_a_string_a_list_a_star_and_an_exclusion():
    [(api, options)] = deprecated(core.parse_resources, "/api/*")
    assert api.match("/api/x") and options == {}
    assert [key for key, _ in deprecated(core.parse_resources, ["/b/*", "/a"])][0] == "/a"
    [(every, _)] = deprecated(core.parse_resources, "*")
    assert every.match("/x")
    assert deprecated(core.parse_resources, {"/private": False}) == [("/private", False)]
    assert deprecated(core.parse_resources, {r"^/api/v1/users$": {}}) == [("/api/v1/users", {})]


@pytest.mark.parametrize(
    ("pattern", "paths"),
    [
        (r"/(a+)/\1", ["/aa/aa", "/aa/aa/extra", "/aa/a"]),
        (r"/(?P<kind>b+)/(?P=kind)", ["/bb/bb", "/bb/bb/x", "/bb/b"]),
        (r"(?i)/(c+)/\1", ["/cc/CC", "/cc/CC/x", "/c/cc"]),
        (re.compile(r"/items/\d+  # one item", re.VERBOSE), ["/items/12", "/items/12/edit"]),
        (re.compile(r"/(x)(?(1)y|z)"), ["/xy", "/xyz"]),
    ],
    ids=["backreference", "named-backreference", "global-flag", "verbose-comment", "conditional"],
)
def test_parse_resources_gives_every_regex_the_extensions_answer(pattern, paths):
    # regex.match(path) must cover a path exactly when CORS(app) does, also
    # for the patterns that cannot be folded into a larger regex.
    [(regex, _)] = deprecated(core.parse_resources, {pattern: {}})
    app = Flask(__name__)
    app.add_url_rule("/<path:anything>", "any", lambda anything: "ok")
    CORS(app, resources={pattern: {}})
    client = app.test_client()
    for path in paths:
        covered = (
            "Access-Control-Allow-Origin"
            in client.get(path, headers={"Origin": "https://a.example"}).headers
        )
        assert (regex.match(path) is not None) == covered, path
    assert regex.match(paths[0]) and not regex.match(paths[1])


@pytest.mark.parametrize(
    "source", ["(?#note)(?i)/api/.*", "  (?i)/api/.*", "(?x) # note\n(?i)/api/.*"]
)
def test_parse_resources_takes_a_regex_whose_global_flags_follow_a_comment(source):
    # Global flags after a comment or verbose whitespace compile, but from
    # Python 3.11 on not inside a group: there the pattern comes back as it
    # is (Python 3.9 and 3.10 warn, and anchor it).  Never an error.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # 3.9 and 3.10
        pattern = re.compile(source, re.VERBOSE if source.startswith(" ") else 0)
    [(regex, _)] = deprecated(core.parse_resources, {pattern: {}})
    assert regex is pattern or sys.version_info < (3, 11)
    assert regex.match("/API/items")
    assert regex.flags & re.IGNORECASE


def test_parse_resources_refuses_what_the_extension_refuses():
    # flask-cors 6.0.5: ValueError, which CORSConfigError is.
    with pytest.warns(DeprecationWarning), pytest.raises(CORSConfigError, match="resources"):
        core.parse_resources(5)


# --- Options -----------------------------------------------------------------


def config_app():
    app = Flask(__name__)
    app.config["CORS_ORIGINS"] = "https://a.example"
    app.config["CORS_MAX_AGE"] = None
    app.config["CORS_HEADERS"] = "X-A"
    return app


def test_get_app_kwarg_dict_reads_the_config_as_the_extension_does():
    # flask-cors 6.0.5: {"origins": "https://a.example"} (it ignored CORS_HEADERS)
    expected = {"origins": "https://a.example", "allow_headers": "X-A"}
    app = config_app()
    assert deprecated(core.get_app_kwarg_dict, app) == expected
    with app.app_context():
        assert deprecated(core.get_app_kwarg_dict) == expected
    assert deprecated(core.get_app_kwarg_dict) == {}  # flask-cors 6.0.5: RuntimeError
    assert deprecated(core.get_app_kwarg_dict, Blueprint("b", __name__)) == {}


def test_get_app_kwarg_dict_warns_about_an_unknown_config_key():
    app = Flask(__name__)
    app.config["CORS_ORIGIN"] = "https://a.example"
    with pytest.warns(CORSConfigWarning, match="CORS_ORIGINS"):
        assert deprecated(core.get_app_kwarg_dict, app) == {}


def test_merge_options_puts_app_config_and_dicts_over_the_defaults():
    merged = deprecated(core.merge_options, config_app(), {"max_age": 60}, {"headers": "X-B"})
    assert merged == {
        **constant("DEFAULT_OPTIONS"),
        "origins": "https://a.example",
        "allow_headers": "X-B",  # the alias sets the option it stands for
        "max_age": 60,
    }


def test_serialize_options_fills_in_the_defaults_and_validates():
    options = deprecated(
        core.serialize_options,
        {
            "origins": ["https://a.example", "https://b.example"],
            "methods": ["get", "put"],
            "expose_headers": ["X-B", "X-A"],
            "max_age": timedelta(minutes=1),
        },
    )
    assert options.origin_rules.exact == {"https://a.example", "https://b.example"}
    assert options.methods == ("GET", "PUT")
    assert options.expose_headers == ("X-B", "X-A")  # flask-cors 6.0.5: "X-A, X-B"
    assert options.max_age == 60  # flask-cors 6.0.5: "60"
    assert options.vary_header is True  # flask-cors 6.0.5: False (no defaults)
    assert options.allow_headers == ("*",)  # flask-cors 6.0.5: [None], matching nothing


def test_serialize_options_refuses_a_wildcard_with_credentials():
    # flask-cors 6.0.5: ValueError, which CORSConfigError is.
    given = {"origins": "*", "supports_credentials": True, "send_wildcard": True}
    with pytest.warns(DeprecationWarning), pytest.raises(CORSConfigError, match="send_wildcard"):
        core.serialize_options(given)


def test_get_cors_options_reads_the_current_app_in_an_app_context():
    with config_app().app_context(), pytest.warns(CORSConfigWarning, match="CORS_HEADERS"):
        options = deprecated(core.get_cors_options, None)
    assert options.origin_rules.exact == {"https://a.example"}


# --- Answers: get_cors_origins, get_allow_headers, get_cors_headers ----------

LISTED = {"origins": ["https://a.example", "https://b.example"]}


@pytest.mark.parametrize(
    ("given", "origin", "expected"),
    [
        (LISTED, "https://a.example", ["https://a.example"]),
        (LISTED, "https://evil.example", None),
        (LISTED, None, None),
        (LISTED, "", None),
        ({}, "https://a.example", ["*"]),  # flask-cors 6.0.5: the origin (send_wildcard)
        ({}, None, ["*"]),
        ({"always_send": False}, None, None),
        ({"send_wildcard": False}, "https://a.example", ["https://a.example"]),
        ({"send_wildcard": False}, "null", None),  # flask-cors 6.0.5: ["null"]
        ({"supports_credentials": True}, "https://a.example", ["https://a.example"]),
    ],
)
def test_get_cors_origins_is_the_allow_origin_value_in_a_list(given, origin, expected):
    options = resolve_options(given)
    assert deprecated(core.get_cors_origins, options, origin) == expected
    assert deprecated(core.get_cors_origins, given, origin) == expected  # a dict works too


@pytest.mark.parametrize(
    ("allow_headers", "requested", "expected"),
    [
        ("*", "X-B, content-type", "X-B, content-type"),
        (["Content-Type", "X-A"], "X-B, content-type, x-a", "content-type, x-a"),
        (["Content-Type", "X-A"], "x-a, content-type", "x-a, content-type"),  # 6: sorted
        (["Content-Type"], "x-b", ""),
        ("*", None, None),
        ("*", "", None),
    ],
)
def test_get_allow_headers_is_the_allowed_subset_in_the_order_requested(
    allow_headers, requested, expected
):
    options = resolve_options({"allow_headers": allow_headers})
    assert deprecated(core.get_allow_headers, options, requested) == expected


def test_get_cors_headers_takes_a_dict_of_options():
    headers = deprecated(
        core.get_cors_headers, LISTED, Headers({"Origin": "https://b.example"}), "GET"
    )
    assert list(headers.items(multi=True)) == [
        ("Access-Control-Allow-Origin", "https://b.example"),
        ("Vary", "Origin"),
    ]


# --- set_cors_headers ---------------------------------------------------------


@pytest.fixture
def put_app(make_app):
    """An app without CORS whose one URL, ``/``, accepts GET and PUT."""
    return make_app(mode=None, route_methods=["GET", "PUT"])


def set_headers(app, options, response=None, **request):
    with app.test_request_context("/", **request):
        response = app.make_response("ok") if response is None else response
        assert deprecated(core.set_cors_headers, response, options) is response
        return [
            (k, v)
            for k, v in response.headers.items()
            if k not in ("Content-Type", "Content-Length")
        ]


def test_set_cors_headers_on_an_actual_response(put_app):
    opts = resolve_options({"origins": "https://a.example", "expose_headers": ["X-B", "X-A"]})
    assert set_headers(put_app, opts, headers={"Origin": "https://a.example"}) == [
        ("Access-Control-Allow-Origin", "https://a.example"),
        ("Access-Control-Expose-Headers", "X-B, X-A"),  # flask-cors 6.0.5: "X-A, X-B"
        ("Vary", "Origin"),  # flask-cors 6.0.5: none with one origin listed
    ]


def test_set_cors_headers_refuses_what_the_policy_refuses(put_app):
    opts = resolve_options({"origins": "https://a.example"})
    headers = set_headers(put_app, opts, headers={"Origin": "https://evil.example"})
    assert headers == [("Vary", "Origin")]


def test_set_cors_headers_offers_a_preflight_the_methods_of_its_url_once(put_app):
    opts = resolve_options({"origins": "https://a.example"})
    request = {
        "method": "OPTIONS",
        "headers": {"Origin": "https://a.example", "Access-Control-Request-Method": "PUT"},
    }
    with put_app.test_request_context("/", **request):
        response = put_app.make_response("ok")
        deprecated(core.set_cors_headers, response, opts)
        deprecated(core.set_cors_headers, response, opts)  # flask-cors 6.0.5: every header twice
        assert response.headers.getlist("Access-Control-Allow-Origin") == ["https://a.example"]
        # flask-cors 6.0.5: DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT
        assert response.headers["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS, PUT"


def test_set_cors_headers_leaves_a_response_marked_evaluated_alone(put_app):
    response = put_app.make_response("ok")
    response._FLASK_CORS_EVALUATED = True
    opts = resolve_options({})
    assert set_headers(put_app, opts, response, headers={"Origin": "https://a.example"}) == []


def test_set_cors_headers_and_the_extension_never_give_a_response_two_answers(put_app):
    CORS(put_app, origins="https://a.example")

    @put_app.after_request  # runs before the extension's hook, registered earlier
    def add(response):
        return core.set_cors_headers(response, resolve_options({}))

    with pytest.warns(DeprecationWarning):
        response = put_app.test_client().get("/", headers={"Origin": "https://a.example"})
    assert response.headers.getlist("Access-Control-Allow-Origin") == ["*"]
    assert "Vary" not in response.headers


def test_set_cors_headers_outside_a_request_is_a_runtime_error(put_app):
    with pytest.warns(DeprecationWarning), pytest.raises(RuntimeError):
        core.set_cors_headers(put_app.make_response("ok"), resolve_options({}))
