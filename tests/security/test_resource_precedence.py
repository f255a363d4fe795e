"""CVE-2024-6839 class: a broad resource rule shadowing a specific one.

flask-cors 5.0.1 tried resource patterns longest-source-first, so a broad
but long regex such as ``/api/(?:v1|v2|v3|beta|internal)/.*`` won over the
shorter, more specific ``/api/v1/admin/*`` and gave the admin endpoints the
public policy.  Here the most specific pattern wins -- a literal path, then
the pattern whose paths hold the most ``/``, then the longest literal
beginning -- whatever the dict order, whether a pattern is given as a string
or compiled, and however its regex is spelled: specificity is read from the
parsed regex, so escaped slashes, groups, inline flags, anchors and one
character classes cannot make a specific rule lose to ``/api/*``.
"""

from __future__ import annotations

import itertools
import re

import pytest
from hypothesis import given, note, settings
from hypothesis import strategies as st

from flask_cors.resources import ResourceMap

ACAO = "Access-Control-Allow-Origin"
ADMIN = "https://admin.example.com"
AUDITOR = "https://audit.example.com"
FRONTEND = "https://www.example.com"
ATTACKER = "https://attacker.example"

# name -> (string form, compiled form, options)
RULES = {
    "audit log": ("/api/v1/admin/audit-log", re.compile(r"/api/v1/admin/audit-log"), [AUDITOR]),
    "admin": ("/api/v1/admin/*", re.compile(r"/api/v1/admin/.*"), [ADMIN]),
    "public api": (
        r"/api/(?:v1|v2|v3|beta|internal)/.*",
        re.compile(r"/api/(?:v1|v2|v3|beta|internal)/.*"),
        "*",
    ),
    "site": ("/*", re.compile(r"/.*"), [FRONTEND]),
}

# (path, origin, expected Access-Control-Allow-Origin)
EXPECTATIONS = [
    ("/api/v1/admin/users", ATTACKER, None),
    ("/api/v1/admin/users", ADMIN, ADMIN),
    ("/api/v1/admin/audit-log", ATTACKER, None),
    ("/api/v1/admin/audit-log", ADMIN, None),
    ("/api/v1/admin/audit-log", AUDITOR, AUDITOR),
    ("/api/v2/items", ATTACKER, "*"),
    ("/about", ATTACKER, None),
    ("/about", FRONTEND, FRONTEND),
]

# The rule that must own each path.
OWNER = {
    "/api/v1/admin/users": "admin",
    "/api/v1/admin/audit-log": "audit log",
    "/api/v2/items": "public api",
    "/about": "site",
}

# Every combination of string ("s") and compiled ("c") forms, in RULES order.
FORMS = ["".join(form) for form in itertools.product("sc", repeat=len(RULES))]
ORDERS = list(itertools.permutations(RULES))


def pattern_of(name: str, form: str):
    string, compiled, _ = RULES[name]
    return compiled if form[list(RULES).index(name)] == "c" else string


def resources_for(order, form) -> dict:
    # max_age tags each policy with the index of its rule in RULES.
    return {
        pattern_of(name, form): {"origins": RULES[name][2], "max_age": list(RULES).index(name)}
        for name in order
    }


@pytest.mark.parametrize("form", ["ssss", "cccc", "scsc", "cscs"])
def test_most_specific_resource_wins_in_every_order(form, make_app):
    failures = []
    for order in ORDERS:
        client = make_app("/<path:rest>", resources=resources_for(order, form)).test_client()
        for path, origin, expected in EXPECTATIONS:
            got = client.get(path, headers={"Origin": origin}).headers.get(ACAO)
            if got != expected:
                failures.append((order, path, origin, expected, got))
    assert failures == []


@pytest.mark.parametrize("form", FORMS)
def test_resource_map_picks_the_most_specific_rule_in_every_order(form):
    failures = []
    for order in ORDERS:
        resource_map = ResourceMap(resources_for(order, form), (), "test")
        for path, owner in OWNER.items():
            got = list(RULES)[resource_map.match(path).options.max_age]
            if got != owner:
                failures.append((order, path, owner, got))
    assert failures == []


def test_broad_long_regex_does_not_shadow_short_specific_prefix(make_app):
    resources = {RULES["public api"][0]: {"origins": "*"}, "/api/v1/admin/*": {"origins": [ADMIN]}}
    response = (
        make_app("/<path:rest>", resources=resources)
        .test_client()
        .get("/api/v1/admin/users", headers={"Origin": ATTACKER})
    )
    assert ACAO not in response.headers


# --- spelling does not change precedence --------------------------------------

ADMIN_SPELLINGS = [
    r"/api/v1/admin/.*",
    r"\/api\/v1\/admin\/.*",  # escaped slashes
    r"(/api/v1/admin/.*)",  # a wrapping group
    r"(?:/api/v1/admin/.*)",  # a non-capturing group
    r"(?s)/api/v1/admin/.*",  # an inline flag
    r"(?s:/api/v1/admin/.*)",  # a flag group
    r"/api/v1/[a]dmin/.*",  # a one-character class
    r"^/api/v1/admin/.*$",  # anchors
    r"^(\/api)(/v1)/[a][d]min/.*$",
]


@pytest.mark.parametrize("spelling", ADMIN_SPELLINGS)
@pytest.mark.parametrize("compiled", [False, True])
@pytest.mark.parametrize("admin_first", [False, True])
def test_respelled_admin_rule_still_beats_broad_prefix(spelling, compiled, admin_first, make_app):
    admin = re.compile(spelling) if compiled else spelling
    rules = [(admin, {"origins": [ADMIN]}), ("/api/*", {"origins": "*"})]
    resources = dict(rules if admin_first else rules[::-1])
    client = make_app("/<path:rest>", resources=resources).test_client()
    assert ACAO not in client.get("/api/v1/admin/users", headers={"Origin": ATTACKER}).headers
    assert client.get("/api/v1/admin/users", headers={"Origin": ADMIN}).headers[ACAO] == ADMIN
    assert client.get("/api/v1/items", headers={"Origin": ATTACKER}).headers[ACAO] == "*"


def test_respelled_literal_path_is_a_literal_path():
    resource_map = ResourceMap(
        {r"/api/*": {"origins": "*"}, r"^\/api\/v1\/(admin)$": {"origins": [ADMIN]}}, (), "test"
    )
    assert resource_map.match("/api/v1/admin").options.origins == (ADMIN,)
    assert resource_map.match("/api/v1/admin/x").options.origins == ("*",)


def test_top_level_alternation_ranks_by_its_weakest_branch(make_app):
    # "/.*" in the second branch makes the rule a catch-all, whatever the first says.
    resources = {r"/api/v1/admin/.*|/.*": {"origins": [FRONTEND]}, "/api/*": {"origins": "*"}}
    resource_map = ResourceMap(resources, (), "test")
    assert resource_map.match("/api/v1/admin/x").options.origins == ("*",)
    assert resource_map.match("/about").options.origins == (FRONTEND,)


def test_deeper_rule_beats_a_longer_literal_beginning_as_in_605():
    # flask-cors 6.0.5 ranks by the "/" in a pattern: the admin rule, whose
    # paths are one segment deeper, wins for the admin paths of every version.
    resources = {r"/api/v1/.*": {"origins": "*"}, r"/api/[a-z0-9]+/admin/.*": {"origins": [ADMIN]}}
    resource_map = ResourceMap(resources, (), "test")
    assert resource_map.match("/api/v1/admin/users").options.origins == (ADMIN,)
    assert resource_map.match("/api/v1/users").options.origins == ("*",)


def test_slashes_in_a_class_do_not_count_as_depth():
    # "[^/]" is not a "/": the rule below is no deeper than "/api/*" ...
    resources = {r"/api/[^/]+": {"origins": [ADMIN]}, "/api/v1/*": {"origins": "*"}}
    resource_map = ResourceMap(resources, (), "test")
    assert resource_map.match("/api/v1").options.origins == ("*",)
    assert resource_map.match("/api/v2").options.origins == (ADMIN,)


SEGMENTS = ["api", "v1", "admin"]
TAILS = ["/.*", ".*", "", "/[^/]+", "/(?:a|b)"]


def _escape_slashes(source: str) -> str:
    return re.sub(r"(?<!\\)/", r"\\/", source)


def _one_char_class(source: str) -> str:
    index = next((i for i, char in enumerate(source) if char.isalpha()), None)
    return source if index is None else f"{source[:index]}[{source[index]}]{source[index + 1 :]}"


RESPELLINGS = {
    "escape slashes": _escape_slashes,
    "group": lambda source: f"({source})",
    "non-capturing group": lambda source: f"(?:{source})",
    "anchors": lambda source: f"^{source}$",
    "one-char class": _one_char_class,
}

patterns = st.tuples(
    st.lists(st.sampled_from(SEGMENTS), min_size=0, max_size=3), st.sampled_from(TAILS)
)
paths = st.builds(
    lambda parts, tail: "/" + "/".join(parts) + tail,
    st.lists(st.sampled_from([*SEGMENTS, "a", "b", "y"]), min_size=0, max_size=4),
    st.sampled_from(["", "/", "/a", "/b"]),
)


def _source(pattern: tuple[list[str], str]) -> str:
    segments, tail = pattern
    return "/" + "/".join(segments) + tail if segments else tail or "/"


def _owner(resource_map: ResourceMap, path: str):
    policy = resource_map.match(path)
    return policy.options.max_age if policy else policy


@settings(max_examples=500, deadline=None)
@given(
    st.lists(patterns, min_size=1, max_size=5, unique_by=_source),
    st.data(),
    st.lists(paths, min_size=1, max_size=8),
)
def test_respelling_a_pattern_never_changes_which_policy_answers(rules, data, requests):
    sources = [_source(rule) for rule in rules]
    if "" in sources:
        return
    index = data.draw(st.integers(0, len(sources) - 1))
    names = data.draw(
        st.lists(st.sampled_from(sorted(RESPELLINGS)), min_size=1, max_size=3, unique=True)
    )
    respelled = sources[index]
    for name in names:
        respelled = RESPELLINGS[name](respelled)
    if data.draw(st.booleans()):
        respelled = "(?s)" + respelled
    note(f"{sources[index]!r} spelled {respelled!r}")
    # A plain path needs some regex syntax to be read as a regex at all.
    before = ResourceMap({s: {"max_age": i} for i, s in enumerate(sources)}, (), "test")
    spelled = [respelled if i == index else s for i, s in enumerate(sources)]
    after = ResourceMap({s: {"max_age": i} for i, s in enumerate(spelled)}, (), "test")
    for path in requests:
        assert _owner(before, path) == _owner(after, path), path


# --- the same class through every entry point ------------------------------------------

ENTRY_SPELLINGS = [r"\/api\/v1\/admin\/.*", r"(?:/api/v1/admin/.*)", r"/api/v1/[a]dmin/.*"]


def _admin_app(spelling: str, entry: str, admin_first: bool):
    """An app whose admin rule is ``spelling``, set up through ``entry``, with write
    protection on: the admin paths allow only ADMIN, the rest of /api every origin."""
    from flask import Blueprint, Flask

    from flask_cors import CORS

    rules = [(spelling, {"origins": [ADMIN]}), ("/api/*", {"origins": "*"})]
    resources = dict(rules if admin_first else rules[::-1])

    def add_routes(target):
        target.add_url_rule(
            "/api/v1/admin/users", "admin", lambda: "secret", methods=["GET", "POST"]
        )
        target.add_url_rule("/api/v1/items", "items", lambda: "items", methods=["GET", "POST"])

    app = Flask(__name__)
    if entry == "blueprint":
        bp = Blueprint("api", __name__)
        add_routes(bp)
        CORS(bp, resources=resources, cross_origin_protection=True)
        app.register_blueprint(bp)
        return app
    add_routes(app)
    if entry == "config":
        app.config["CORS_RESOURCES"] = resources
        app.config["CORS_CROSS_ORIGIN_PROTECTION"] = True
        CORS(app)
    elif entry == "init_app":
        extension = CORS(resources=resources, cross_origin_protection=True)
        extension.init_app(app)
    else:
        CORS(app, resources=resources, cross_origin_protection=True)
    return app


@pytest.mark.parametrize("admin_first", [False, True])
@pytest.mark.parametrize("entry", ["keyword", "config", "init_app", "blueprint"])
@pytest.mark.parametrize("spelling", ENTRY_SPELLINGS)
def test_respelled_admin_rule_wins_for_reads_preflights_and_writes_in_every_entry_point(
    spelling, entry, admin_first
):
    client = _admin_app(spelling, entry, admin_first).test_client()
    path = "/api/v1/admin/users"
    assert ACAO not in client.get(path, headers={"Origin": ATTACKER}).headers
    assert client.get(path, headers={"Origin": ADMIN}).headers[ACAO] == ADMIN
    refused = client.options(
        path, headers={"Origin": ATTACKER, "Access-Control-Request-Method": "POST"}
    )
    assert ACAO not in refused.headers
    write = client.post(
        path,
        headers={"Origin": ATTACKER, "Sec-Fetch-Site": "cross-site"},
        data="x",
        content_type="text/plain",
    )
    assert write.status_code == 403
    assert b"secret" not in write.get_data()
    # The broad rule still answers its own paths.
    assert client.get("/api/v1/items", headers={"Origin": ATTACKER}).headers[ACAO] == "*"


@pytest.mark.parametrize("spelling", ENTRY_SPELLINGS)
def test_a_decorated_view_is_compared_with_the_respelled_admin_rule(spelling):
    from flask import Flask

    from flask_cors import CORS, CORSConfigWarning, cross_origin

    app = Flask(__name__)

    @app.route("/api/v1/admin/users")
    @cross_origin(max_age=600)
    def admin():
        return "secret"

    CORS(app, resources={"/api/*": {"origins": "*"}, spelling: {"origins": [ADMIN]}})
    # The warning names the admin rule, not the broad one: it is the resource
    # that covers the view's path.
    with pytest.warns(CORSConfigWarning, match=re.escape(f"resource {spelling!r} does not")):
        app.test_client().get("/api/v1/admin/users", headers={"Origin": ATTACKER})
