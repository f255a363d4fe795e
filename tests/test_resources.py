"""The ``resources`` option: which paths get CORS headers, and with which policy."""

from __future__ import annotations

import itertools
import pathlib
import re
import warnings

import pytest
from flask import Flask, request

from flask_cors import CORS, CORSConfigError, CORSConfigWarning

ACAO = "Access-Control-Allow-Origin"
ACAC = "Access-Control-Allow-Credentials"
ACAM = "Access-Control-Allow-Methods"

A = "https://a.com"
B = "https://b.com"
C = "https://c.com"

CORS_HEADER_NAMES = (
    ACAO,
    ACAC,
    ACAM,
    "Access-Control-Allow-Headers",
    "Access-Control-Expose-Headers",
    "Access-Control-Max-Age",
    "Access-Control-Allow-Private-Network",
)


def catch_all_app(**cors_options):
    """An app answering every path (GET, POST, PUT, DELETE), with CORS installed."""
    app = Flask(__name__)
    app.config["seen_paths"] = []

    @app.route("/", methods=["GET", "POST", "PUT", "DELETE"])
    @app.route("/<path:rest>", methods=["GET", "POST", "PUT", "DELETE"])
    def anything(rest=""):
        return "ok"

    @app.after_request
    def record_path(response):
        app.config["seen_paths"].append(request.path)
        return response

    CORS(app, **cors_options)
    return app


def has_no_cors_headers(response):
    return not any(name in response.headers for name in CORS_HEADER_NAMES)


@pytest.fixture
def origin():
    return A


@pytest.fixture
def origin_policy_of(actual):
    """Which of the origins A, B, C the policy owning ``path`` allows (None if none)."""

    def policy_of(app, path):
        allowed = [o for o in (A, B, C) if actual(app, path, origin=o).headers.get(ACAO) == o]
        assert len(allowed) <= 1, allowed
        return allowed[0] if allowed else None

    return policy_of


# Default and trailing "*" -------------------------------------------------------


# pattern, request path, covered?
COVERAGE = [
    (r"/api/.*", "/api/", True),  # a regex covers what it matches
    (r"/api/.*", "/api/v1/users", True),  # a regex covers what it matches
    (r"/api/.*", "/api/\nx", True),  # a regex covers what it matches
    (r"/api/.*", "/api", False),  # and nothing else
    (r"/api/.*", "/apiary", False),  # and nothing else
    (r"/api/.*", "/x/api/", False),  # and nothing else
    (r"/api/\d*", "/api/", True),  # \d* is a regex, not a prefix rule
    (r"/api/\d*", "/api/7", True),  # \d* is a regex, not a prefix rule
    (r"/api/\d*", "/api/123", True),  # \d* is a regex, not a prefix rule
    (r"/api/\d*", "/api/1abc", False),  # \d* is a regex, not a prefix rule
    (r"/test*", "/testing", True),  # trailing "*": a prefix
    (r"/test*", "/test", True),  # trailing "*": a prefix
    (r"/test*", "/test/x", True),  # trailing "*": a prefix
    (r"/test*", "/tes", False),  # trailing "*": a prefix
    ("*", "/", True),  # "*" alone: every path
    ("*", "/x", True),  # "*" alone: every path
    ("*", "/a/b/c", True),  # "*" alone: every path
    ("*", "/api%2Fx", True),  # "*" alone: every path
    (r"/exact", "/exact", True),  # a literal path
    (r"/items/\d+", "/items/12", True),  # a regex matches the whole path
    (r"/items/\d+", "/items/12/edit", False),  # a regex matches the whole path
    (r"/items/\d+", "/x/items/12", False),  # a regex matches the whole path
    (r"/items/\d+", "/items/", False),  # a regex matches the whole path
    (r"/items/\d+", "/items/abc", False),  # a regex matches the whole path
    (
        "/api/secret",
        "/api%2Fsecret",
        True,
    ),  # matched once decoded
    (r"/api/*", "/API/x", False),  # paths are case-sensitive
    (r"/api/*", "/Api/x", False),  # paths are case-sensitive
    (r"/api/*", "/aPi/", False),  # paths are case-sensitive
    ("/exact", "/EXACT", False),  # paths are case-sensitive
]


@pytest.mark.parametrize("pattern, path, covered", COVERAGE)
def test_resource_pattern_covers_exactly_its_paths(pattern, path, covered, actual):
    response = actual(catch_all_app(resources={pattern: {"origins": A}}), path)
    if covered:
        assert response.headers.get(ACAO) == A
    else:
        assert has_no_cors_headers(response)


@pytest.mark.parametrize("path", ["/", "/x", "/deep/nested/path/", "/api/v1/users"])
def test_default_resources_cover_every_path(path, actual):
    app = catch_all_app(origins=A)
    r = actual(app, path)
    assert r.status_code == 200
    assert r.headers.get(ACAO) == A
    assert r.headers.get("Vary") == "Origin"


def test_seed_example_api_prefix_covers_api_route():
    app = Flask(__name__)

    @app.route("/api/v1/users")
    def list_users():
        return "users"

    CORS(app, resources={r"/api/*": {"origins": "*"}})
    r = app.test_client().get("/api/v1/users", headers={"Origin": "https://x.example"})
    assert r.status_code == 200
    assert r.headers.getlist(ACAO) == ["*"]


def test_seed_example_api_prefix_covers_api_slash(actual):
    app = catch_all_app(resources={r"/api/*": {"origins": "*"}})
    assert actual(app, "/api/").headers.getlist(ACAO) == ["*"]


def test_api_prefix_covers_the_api_path_itself(actual):
    # flask-cors 6.0.5 read "/api/*" as a regex: "/api", then any number of "/".
    app = catch_all_app(resources={r"/api/*": {"origins": "*"}})
    assert actual(app, "/api").headers.getlist(ACAO) == ["*"]


@pytest.mark.parametrize("path", ["/apiary", "/api-docs", "/x/api/y"])
def test_api_prefix_does_not_cover_paths_outside_api_slash(path, actual):
    app = catch_all_app(resources={r"/api/*": {"origins": "*"}})
    r = actual(app, path)
    assert r.status_code == 200
    assert has_no_cors_headers(r)
    assert "Vary" not in r.headers


# Literal paths and regexes ----------------------------------------------------


@pytest.mark.parametrize("path", ["/exact/more", "/exact/", "/exactly", "/x/exact"])
def test_literal_path_does_not_cover_other_paths(path, actual):
    app = catch_all_app(resources={r"/exact": {"origins": A}})
    r = actual(app, path)
    assert has_no_cors_headers(r)
    assert "Vary" not in r.headers


def test_literal_path_with_dot_is_not_a_regex(actual):
    app = catch_all_app(resources={"/data.json": {"origins": A}})
    assert actual(app, "/data.json").headers.get(ACAO) == A
    assert has_no_cors_headers(actual(app, "/dataXjson"))


def test_list_of_patterns_is_accepted(actual):
    app = catch_all_app(resources=[r"/api/*", r"/exact"], origins=A)
    assert actual(app, "/api/x").headers.get(ACAO) == A
    assert actual(app, "/exact").headers.get(ACAO) == A
    assert has_no_cors_headers(actual(app, "/other"))


def test_single_string_pattern_is_accepted(actual):
    app = catch_all_app(resources=r"/api/*", origins=A)
    assert actual(app, "/api/x").headers.get(ACAO) == A
    assert has_no_cors_headers(actual(app, "/other"))


def test_compiled_regex_key_covers_full_match(actual):
    app = catch_all_app(resources={re.compile(r"/items/\d+"): {"origins": A}})
    assert actual(app, "/items/7").headers.get(ACAO) == A


def test_compiled_regex_key_must_match_whole_path(actual):
    app = catch_all_app(resources={re.compile(r"/items/\d+"): {"origins": A}})
    assert has_no_cors_headers(actual(app, "/items/7/edit"))
    assert has_no_cors_headers(actual(app, "/x/items/7"))


def test_single_compiled_regex_as_resources_is_accepted(actual):
    app = catch_all_app(resources=re.compile(r"/api/.*"), origins=A)
    assert actual(app, "/api/x").headers.get(ACAO) == A
    assert has_no_cors_headers(actual(app, "/other"))


def test_compiled_regex_with_named_group_picks_its_own_policy(origin_policy_of):
    app = catch_all_app(
        resources={re.compile(r"/items/(?P<id>\d+)"): {"origins": A}, r"/*": {"origins": B}}
    )
    assert origin_policy_of(app, "/items/3") == A
    assert origin_policy_of(app, "/items/x") == B


@pytest.mark.parametrize("path", ["/x-y", "/xz"])
def test_compiled_regex_with_group_condition_covers_what_it_fullmatches(path, actual):
    pattern = re.compile(r"/x(-)?(?(1)y|z)")
    assert pattern.fullmatch(path)
    app = catch_all_app(resources={pattern: {"origins": A}})
    assert actual(app, path).headers.get(ACAO) == A


def test_compiled_regex_with_group_condition_does_not_cover_what_it_rejects(actual):
    pattern = re.compile(r"/x(-)?(?(1)y|z)")
    assert pattern.fullmatch("/x-z") is None
    app = catch_all_app(resources={pattern: {"origins": A}})
    assert has_no_cors_headers(actual(app, "/x-z"))


# Most specific wins -------------------------------------------------------------

SPECIFIC_FORMS = {"string": r"/api/v1/*", "compiled": re.compile(r"/api/v1/.*")}
BROAD_FORMS = {"string": r"/api/*", "compiled": re.compile(r"/api/.*")}


@pytest.mark.parametrize(
    "specific_kind, broad_kind",
    [
        ("string", "string"),
        ("compiled", "string"),
        ("string", "compiled"),
        ("compiled", "compiled"),
    ],
)
@pytest.mark.parametrize("order", list(itertools.permutations(range(3))))
def test_most_specific_resource_wins_whatever_order_and_kind(
    order, specific_kind, broad_kind, origin_policy_of
):
    entries = [
        (SPECIFIC_FORMS[specific_kind], {"origins": A}),
        (BROAD_FORMS[broad_kind], {"origins": B}),
        (r"/*", {"origins": C}),
    ]
    app = catch_all_app(resources=dict(entries[i] for i in order))
    assert origin_policy_of(app, "/api/v1/x") == A
    assert origin_policy_of(app, "/api/other") == B
    assert origin_policy_of(app, "/elsewhere") == C


@pytest.mark.parametrize("literal_first", [True, False])
def test_literal_path_beats_pattern_that_also_matches_it(literal_first, origin_policy_of):
    entries = [("/api/special", {"origins": A}), (r"/api/*", {"origins": B})]
    if not literal_first:
        entries.reverse()
    app = catch_all_app(resources=dict(entries))
    assert origin_policy_of(app, "/api/special") == A
    assert origin_policy_of(app, "/api/other") == B


@pytest.mark.parametrize("literal_first", [True, False])
def test_literal_path_beats_star_alone(literal_first, origin_policy_of):
    entries = [("/exact", {"origins": A}), ("*", {"origins": B})]
    if not literal_first:
        entries.reverse()
    app = catch_all_app(resources=dict(entries))
    assert origin_policy_of(app, "/exact") == A
    assert origin_policy_of(app, "/other") == B


@pytest.mark.parametrize("regex_first", [True, False])
def test_regex_with_longer_literal_beginning_beats_shorter_prefix(regex_first, origin_policy_of):
    entries = [(r"/api/v1/users/\d+", {"origins": A}), (r"/api/*", {"origins": B})]
    if not regex_first:
        entries.reverse()
    app = catch_all_app(resources=dict(entries))
    assert origin_policy_of(app, "/api/v1/users/7") == A
    assert origin_policy_of(app, "/api/v1/users/x") == B


@pytest.mark.parametrize("star_first", [True, False])
def test_star_alone_loses_to_root_prefix(star_first, origin_policy_of):
    entries = [("*", {"origins": A}), (r"/*", {"origins": B})]
    if not star_first:
        entries.reverse()
    app = catch_all_app(resources=dict(entries))
    assert origin_policy_of(app, "/x") == B


# Decoding -----------------------------------------------------------------------


def test_encoded_slash_is_matched_decoded(actual):
    app = catch_all_app(resources={r"/api/*": {"origins": A}})
    r = actual(app, "/api%2Fsecret")
    assert app.config["seen_paths"] == ["/api/secret"]
    assert r.headers.get(ACAO) == A


def test_encoded_letter_is_matched_decoded(actual):
    app = catch_all_app(resources={r"/api/*": {"origins": A}})
    r = actual(app, "/ap%69/x")
    assert app.config["seen_paths"] == ["/api/x"]
    assert r.headers.get(ACAO) == A


def test_double_encoded_slash_is_decoded_only_once(actual):
    app = catch_all_app(resources={r"/api/*": {"origins": A}})
    r = actual(app, "/api%252Fx")
    assert app.config["seen_paths"] == ["/api%2Fx"]
    assert has_no_cors_headers(r)
    assert "Vary" not in r.headers


def test_literal_resource_with_percent_matches_double_encoded_request(actual):
    app = catch_all_app(resources={"/api%2Fx": {"origins": A}})
    assert actual(app, "/api%252Fx").headers.get(ACAO) == A
    assert has_no_cors_headers(actual(app, "/api/x"))


# pattern, request path, the path as Werkzeug decoded it (what is matched), covered?
DECODED = [
    (r"/search/a\+b", "/search/a+b", "/search/a+b", True),  # "+" stays "+"
    (r"/search/a\+b", "/search/a%20b", "/search/a b", False),  # and is not a space
    (r"/api/*", "/api/%0Ax", "/api/\nx", True),  # a newline is a character like any
    (r"/items/\d+", "/items/12%0A", "/items/12\n", False),  # it does not end a match
]


@pytest.mark.parametrize("pattern, sent, decoded, covered", DECODED)
def test_resources_match_the_path_decoded_once(pattern, sent, decoded, covered, actual):
    app = catch_all_app(resources={pattern: {"origins": A}})
    response = actual(app, sent)
    assert app.config["seen_paths"] == [decoded]
    if covered:
        assert response.headers.get(ACAO) == A
    else:
        assert has_no_cors_headers(response)


# Per-resource options -------------------------------------------------------------


def test_resource_origins_override_constructor_origins(origin_policy_of):
    app = catch_all_app(origins=A, resources={r"/api/*": {"origins": B}, r"/web/*": {}})
    assert origin_policy_of(app, "/api/x") == B
    assert origin_policy_of(app, "/web/x") == A


def test_resource_methods_override_constructor_methods(preflight):
    app = catch_all_app(
        origins=A,
        methods=["GET", "POST"],
        resources={r"/api/*": {"methods": ["GET", "PUT"]}, r"/web/*": {}},
    )
    assert preflight(app, "/api/x").headers.get(ACAM) == "GET, PUT"
    assert preflight(app, "/web/x").headers.get(ACAM) == "GET, POST"


def test_resource_supports_credentials_overrides_constructor(actual):
    app = catch_all_app(
        origins=A,
        supports_credentials=False,
        resources={r"/api/*": {"supports_credentials": True}, r"/web/*": {}},
    )
    api = actual(app, "/api/x")
    assert api.headers.get(ACAO) == A
    assert api.headers.get(ACAC) == "true"
    assert ACAC not in actual(app, "/web/x").headers


def test_resource_can_turn_off_constructor_credentials(actual):
    app = catch_all_app(
        origins=A,
        supports_credentials=True,
        resources={r"/public/*": {"supports_credentials": False}, r"/*": {}},
    )
    assert ACAC not in actual(app, "/public/x").headers
    assert actual(app, "/private/x").headers.get(ACAC) == "true"


# Unmatched paths ------------------------------------------------------------------


def test_unmatched_path_gets_no_cors_headers_and_no_vary(actual):
    app = catch_all_app(resources={r"/api/*": {"origins": A}})
    r = actual(app, "/other")
    assert r.status_code == 200
    assert has_no_cors_headers(r)
    assert "Vary" not in r.headers


def test_unmatched_path_preflight_gets_no_cors_headers_and_no_vary(preflight):
    app = catch_all_app(resources={r"/api/*": {"origins": A}})
    r = preflight(app, "/other")
    assert has_no_cors_headers(r)
    assert "Vary" not in r.headers


def test_unmatched_path_without_origin_gets_no_cors_headers():
    app = catch_all_app(resources={r"/api/*": {"origins": "*"}})
    r = app.test_client().get("/other")
    assert has_no_cors_headers(r)
    assert "Vary" not in r.headers


# Many resources -------------------------------------------------------------------


def many_resources_app():
    resources = {rf"/r{i}/*": {"origins": f"https://r{i}.example.com"} for i in range(1000)}
    return catch_all_app(resources=resources)


def test_many_resources_pick_the_right_one(actual):
    app = many_resources_app()
    assert actual(app, "/r999/x", origin="https://r999.example.com").headers.get(ACAO) == (
        "https://r999.example.com"
    )
    assert actual(app, "/r1/x", origin="https://r1.example.com").headers.get(ACAO) == (
        "https://r1.example.com"
    )


def test_many_resources_do_not_use_a_neighbour_policy(actual):
    app = many_resources_app()
    for origin in ("https://r99.example.com", "https://r9.example.com", "https://r998.example.com"):
        r = actual(app, "/r999/x", origin=origin)
        assert ACAO not in r.headers
        assert r.headers.get("Vary") == "Origin"


def test_many_resources_match_none_for_unknown_path(actual):
    app = many_resources_app()
    r = actual(app, "/zzz", origin="https://r1.example.com")
    assert has_no_cors_headers(r)
    assert "Vary" not in r.headers


def test_repeated_paths_keep_their_policy(origin_policy_of):
    app = catch_all_app(resources={r"/api/*": {"origins": A}, r"/*": {"origins": B}})
    for _ in range(3):
        assert origin_policy_of(app, "/api/x") == A
        assert origin_policy_of(app, "/x") == B


# Excluding paths (False) and inheriting options (None) -------------------------


def test_false_resource_leaves_its_paths_without_cors(actual, preflight):
    app = catch_all_app(resources={r"/*": {"origins": "*"}, r"/admin/*": False})
    assert has_no_cors_headers(actual(app, "/admin/users"))
    assert has_no_cors_headers(actual(app, "/admin"))
    assert has_no_cors_headers(preflight(app, "/admin/users"))
    assert actual(app, "/public").headers[ACAO] == "*"


def test_false_resource_in_a_blueprint_is_not_overridden_by_the_app():
    from flask import Blueprint

    app = Flask(__name__)
    bp = Blueprint("bp", __name__, url_prefix="/bp")
    bp.add_url_rule("/<path:rest>", "any", lambda rest: rest)
    CORS(bp, resources={r"/bp/*": {"origins": "*"}, r"/bp/admin/*": False})
    app.register_blueprint(bp)
    CORS(app, resources={r"/*": {"origins": "*"}})
    client = app.test_client()
    assert ACAO not in client.get("/bp/admin/x", headers={"Origin": "https://x.example"}).headers
    assert client.get("/bp/x", headers={"Origin": "https://x.example"}).headers[ACAO] == "*"


def test_none_resource_inherits_the_options_and_warns(actual):
    with pytest.warns(CORSConfigWarning, match=r"resources\['/api/\*'\] is None.*\{\}.*False"):
        app = catch_all_app(origins=A, resources={r"/api/*": None})
    assert actual(app, "/api/x").headers[ACAO] == A


def test_nested_resources_are_ignored_with_a_warning(actual):
    with pytest.warns(CORSConfigWarning, match="'resources' inside a resource is ignored"):
        app = catch_all_app(resources={r"/api/*": {"origins": A, "resources": "/x"}})
    assert actual(app, "/api/x").headers[ACAO] == A


def test_empty_pattern_warns_that_it_never_matches(actual):
    with pytest.warns(CORSConfigWarning, match="empty pattern never matches"):
        app = catch_all_app(resources={"": {"origins": A}})
    assert has_no_cors_headers(actual(app, "/"))


def test_flask_rule_copied_into_resources_warns_with_its_regex_form():
    with pytest.warns(CORSConfigWarning, match=re.escape("Write the regex '/users/[^/]+'")):
        CORS(Flask(__name__), resources={"/users/<int:id>": {"origins": A}})
    with pytest.warns(CORSConfigWarning, match=re.escape("'/files/.+/raw'")):
        CORS(Flask(__name__), resources={"/files/<path:name>/raw": {"origins": A}})


def test_a_pattern_that_does_not_compile_is_an_error_as_in_605():
    with pytest.raises(CORSConfigError, match=r"'/api/\(' is not a valid regular expression"):
        CORS(Flask(__name__), resources={r"/api/(": {}})


# Forms flask-cors 6.0.5 started with (tests/compat checks the ones we refuse).


@pytest.mark.parametrize("entry", [None, 5, b"/api/x"], ids=["None", "number", "bytes"])
def test_listed_pattern_that_is_not_text_covers_no_path_with_a_warning(entry, actual):
    with pytest.warns(CORSConfigWarning) as record:
        app = catch_all_app(resources=[r"/api/*", entry], origins=A)
    (message,) = [str(w.message) for w in record]
    assert message == (
        f"CORS(app) resources: {entry!r} ({type(entry).__name__}) is not a path pattern; it "
        f"is read as flask-cors 6.0.5 read it, as the literal path {str(entry)!r}, which no "
        f"request path equals: it covers none. Remove it, or write the path as a string."
    )
    assert actual(app, "/api/x").headers[ACAO] == A
    assert has_no_cors_headers(actual(app, "/other"))


def test_listed_path_object_is_the_one_literal_path_it_spells(actual):
    path = pathlib.PurePosixPath("/files/v1.json")
    with pytest.warns(
        CORSConfigWarning, match=re.escape("Write it as the string '/files/v1.json'")
    ):
        app = catch_all_app(resources=[path], origins=A)
    assert actual(app, "/files/v1.json").headers[ACAO] == A
    assert has_no_cors_headers(actual(app, "/files/v1xjson"))
    assert has_no_cors_headers(actual(app, "/files/v1.json/more"))


def test_resources_from_any_iterable_as_in_605(actual):
    app = catch_all_app(resources=(p for p in [r"/api/*"]), origins=A)
    assert actual(app, "/api/x").headers[ACAO] == A
    assert has_no_cors_headers(actual(app, "/other"))


def test_resources_as_bytes_covers_no_path_with_a_warning(actual):
    with pytest.warns(
        CORSConfigWarning, match=r"resources=b'/api/\*' is bytes, and covers no path"
    ):
        app = catch_all_app(resources=b"/api/*", origins=A)
    assert has_no_cors_headers(actual(app, "/api/x"))


# Patterns that 6.0.5 matched as a prefix ----------------------------------------


def prefix_app(pattern):
    app = Flask(__name__)
    app.add_url_rule("/api/users", "users", lambda: "users")
    app.add_url_rule("/user/<int:id>/posts", "posts", lambda id: "posts")
    app.add_url_rule("/user/<int:id>", "user", lambda id: "user")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CORSConfigWarning)
        CORS(app, resources={pattern: {"origins": A}})
    return app


@pytest.mark.parametrize(
    "pattern, lost, fix",
    [
        (r"^/api/", "/api/users", r"'^/api/.*'"),
        (r"/user/(\d+)", "/user/<int:id>/posts", r"'/user/(\\d+).*'"),
    ],
)
def test_regex_read_as_a_prefix_in_605_warns_on_the_first_request(pattern, lost, fix):
    app = prefix_app(pattern)
    client = app.test_client()
    with pytest.warns(CORSConfigWarning) as caught:
        client.get("/", headers={"Origin": A})
    (message,) = [str(w.message) for w in caught]
    assert message.startswith(f"CORS(app) resources[{pattern!r}] no longer covers {lost}:")
    assert message.endswith(f"write {fix}.")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        client.get("/", headers={"Origin": A})  # once per app


def test_prefix_reading_warning_is_listed_by_flask_cors_check():
    from flask_cors.cli import setup_warnings

    app = prefix_app(r"^/api/")
    assert any("no longer covers /api/users" in message for message in setup_warnings(app))


def test_regex_that_covers_the_same_rules_does_not_warn():
    app = prefix_app(r"/user/\d+")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        app.test_client().get("/user/1", headers={"Origin": A})


def test_rule_that_605_gave_another_resource_warns_on_the_first_request():
    # 6.0.5 tries compiled patterns before regex strings, whatever they say.
    app = Flask(__name__)
    app.add_url_rule("/api/v1/admin/users", "admin", lambda: "admin")
    CORS(
        app,
        resources={
            re.compile(r"/api/.*"): {"origins": "*"},
            r"/api/v1/admin/*": {"origins": [A]},
        },
    )
    with pytest.warns(CORSConfigWarning) as caught:
        response = app.test_client().get("/api/v1/admin/users", headers={"Origin": A})
    assert response.headers[ACAO] == A
    (message,) = [str(w.message) for w in caught]
    assert message == (
        "CORS(app): flask-cors 6.0.5 gave /api/v1/admin/users the policy of "
        "resources['/api/.*']; flask_cors gives it that of resources['/api/v1/admin/*'], the "
        "more specific pattern for it (ranked by meaning, not spelling). If "
        "/api/v1/admin/users should keep the other policy, give it a resource of its own."
    )


def test_rules_that_get_the_resource_605_gave_them_do_not_warn():
    app = Flask(__name__)
    app.add_url_rule("/api/v1/admin/users", "admin", lambda: "admin")
    app.add_url_rule("/api/items/<int:id>", "item", lambda id: "item")
    CORS(app, resources={r"/api/*": {"origins": "*"}, r"\/api\/v1\/admin\/.*": {"origins": [A]}})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        app.test_client().get("/api/v1/admin/users", headers={"Origin": A})
