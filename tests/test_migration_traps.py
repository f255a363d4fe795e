"""The traps a flask-cors 6 app could fall into silently, each now loud or documented.

One test (or a few) per item of docs/migrating.rst's "Traps when moving over"
section; docs/migrating.rst has a row for each.
"""

from __future__ import annotations

import json
import logging
import re
import warnings
from datetime import timedelta

import pytest
from flask import Blueprint, Flask

from flask_cors import CORS, CORSConfigWarning, cross_origin
from flask_cors.cli import cors_commands

APP_ORIGIN = "https://app.example.com"
DEBUG = "X-CORS-Debug"


@pytest.fixture
def items_app(make_app):
    """``/items`` (GET, PUT) with ``config`` set, and no CORS yet."""

    def build(**config):
        return make_app("/items", route_methods=("GET", "PUT"), mode=None, config=config)

    return build


def cli(app, *args):
    return app.test_cli_runner().invoke(cors_commands, list(args))


# --- CORS_HEADERS restricts allowed headers (the seed's snippet) -------------


def test_cors_headers_key_restricts_allowed_headers(preflight, items_app):
    app = items_app(CORS_HEADERS="Content-Type")
    with pytest.warns(CORSConfigWarning, match=r"flask-cors 6 ignored CORS_HEADERS"):
        CORS(app)
    response = preflight(app, "/items", headers="authorization")
    assert "Access-Control-Allow-Headers" not in response.headers
    response = preflight(app, "/items", headers="content-type")
    assert response.headers["Access-Control-Allow-Headers"] == "content-type"


def test_headers_keyword_that_605_ignored_warns_that_it_now_limits(preflight, items_app):
    app = items_app()
    with pytest.warns(CORSConfigWarning) as record:
        CORS(app, resources=r"/*", headers="Content-Type")
    (warning,) = record
    assert str(warning.message) == (
        "CORS(app) resources['/*']: allow_headers (set by CORS(headers=...)): 'Content-Type' "
        "limits the headers a cross-origin request may send to Content-Type: a preflight "
        "asking for any other (Authorization, say) is refused. flask-cors 6 ignored headers= "
        "and allowed every header. To keep the limit, write allow_headers= instead of "
        "headers= (which also silences this warning); to allow every header as flask-cors 6 "
        "did, delete it."
    )
    refused = preflight(app, "/items", headers="authorization")
    assert "Access-Control-Allow-Headers" not in refused.headers
    response = preflight(app, "/items", headers="content-type")
    assert response.headers["Access-Control-Allow-Headers"] == "content-type"


def test_headers_keyword_of_a_decorator_warns_once_naming_the_decorator(preflight):
    app = Flask(__name__)
    with pytest.warns(CORSConfigWarning) as record:
        view = cross_origin(headers=["Content- Type"])(lambda: "ok")
    app.add_url_rule("/v", "v", view, methods=["PUT"])
    messages = [str(w.message) for w in record]
    assert len(messages) == 2, messages
    spaces = "(names separated by spaces; flask-cors 6 ignored this spelling of the option)"
    assert spaces in messages[0]
    assert "allow_headers (set by @cross_origin(headers=...))" in messages[1]
    assert "flask-cors 6 ignored headers= and allowed every header" in messages[1]
    refused = preflight(app, "/v", headers="content-type")
    assert "Access-Control-Allow-Headers" not in refused.headers


def test_check_names_cors_headers_as_the_setting_that_refused_a_header(items_app):
    app = items_app(CORS_HEADERS="Content-Type")
    with pytest.warns(CORSConfigWarning, match=r"flask-cors 6 ignored CORS_HEADERS"):
        CORS(app)
    result = cli(app, "check", "/items", "--origin", APP_ORIGIN, "--header", "Authorization: x")
    assert result.exit_code == 1
    assert (
        "  - header 'authorization' is not in allow_headers (set by app.config['CORS_HEADERS'])"
        in result.output.splitlines()
    )


def test_check_names_the_keyword_that_wins_over_cors_headers(items_app):
    app = items_app(CORS_HEADERS="Authorization")
    CORS(app, allow_headers=["X-Token"])
    result = cli(app, "check", "/items", "--origin", APP_ORIGIN, "--header", "Authorization: x")
    assert "(set by CORS(allow_headers=...))" in result.output


def test_check_names_a_resource_dict_and_a_decorator_as_the_setting(items_app):
    app = items_app()

    @app.route("/view")
    @cross_origin(allow_headers="X-A")
    def view():
        return "view"

    CORS(app, resources={"/items": {"allow_headers": "X-B"}})
    on_resource = cli(app, "check", "/items", "--origin", APP_ORIGIN, "--header", "X-C: 1")
    assert "(set by CORS(app) resources['/items'])" in on_resource.output
    on_view = cli(app, "check", "/view", "--origin", APP_ORIGIN, "--header", "X-C: 1")
    assert "(set by @cross_origin(allow_headers=...))" in on_view.output


# --- X-CORS-Debug only in debug mode, or when asked for ----------------------


@pytest.mark.parametrize("debug", [False, True])
@pytest.mark.parametrize("kind", ["extension", "decorator"])
def test_debug_header_follows_debug_mode_on_every_kind_of_response(
    kind, debug, preflight, items_app
):
    app = items_app()
    app.debug = debug

    @app.route("/view", methods=["GET", "PUT"])
    @cross_origin()
    def view():
        return "view"

    if kind == "extension":
        CORS(app, resources="/items")
    path = "/items" if kind == "extension" else "/view"
    client = app.test_client()
    answers = [
        client.get(path, headers={"Origin": APP_ORIGIN}),
        client.get(path, headers={"Origin": "null"}),  # refused
        client.get(path),  # no Origin
        preflight(client, path, headers="authorization"),
    ]
    assert [DEBUG in response.headers for response in answers] == [debug] * 4
    # A path no policy covers gets no CORS headers, so no summary either.
    assert DEBUG not in client.get("/nowhere", headers={"Origin": APP_ORIGIN}).headers


@pytest.mark.parametrize("setting", [{"CORS_DEBUG_HEADER": True}, {}])
def test_debug_header_outside_debug_mode_only_when_enabled(setting, items_app):
    app = items_app(**setting)
    CORS(app)
    response = app.test_client().get("/items", headers={"Origin": APP_ORIGIN})
    assert (DEBUG in response.headers) == bool(setting)


# --- a typo in a CORS_* key ----------------------------------------------------


def test_typo_warning_points_at_the_cors_call(items_app):
    app = items_app(CORS_ORIGIN=APP_ORIGIN)
    with pytest.warns(CORSConfigWarning, match="Did you mean 'CORS_ORIGINS'") as record:
        CORS(app)
    assert [w.filename for w in record] == [__file__]


def test_typo_warning_points_at_init_app(items_app):
    app = items_app(CORS_ORIGIN=APP_ORIGIN)
    cors = CORS()
    with pytest.warns(CORSConfigWarning) as record:
        cors.init_app(app)
    assert [w.filename for w in record] == [__file__]


def test_typo_warning_points_at_register_blueprint(items_app):
    app = items_app(CORS_ORIGIN=APP_ORIGIN)
    api = Blueprint("api", __name__)
    CORS(api)
    with pytest.warns(CORSConfigWarning) as record:
        app.register_blueprint(api)
    assert [w.filename for w in record] == [__file__]


def test_typo_warning_of_a_decorated_view_points_at_the_view(items_app):
    app = items_app(CORS_ORIGIN=APP_ORIGIN)

    @app.route("/view")
    @cross_origin()
    def view():
        return "view"

    with pytest.warns(CORSConfigWarning) as record:
        app.test_client().get("/view", headers={"Origin": APP_ORIGIN})
    assert [(w.filename, w.lineno) for w in record] == [
        (__file__, view.__wrapped__.__code__.co_firstlineno)
    ]


def test_the_typo_leaves_the_default_origins_in_force(items_app):
    app = items_app(CORS_ORIGIN=APP_ORIGIN)
    with pytest.warns(CORSConfigWarning):
        CORS(app)
    response = app.test_client().get("/items", headers={"Origin": "https://other.test"})
    assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_check_and_routes_name_ignored_cors_keys(items_app):
    app = items_app(CORS_ORIGIN=APP_ORIGIN, CORS_MY_OWN_SETTING=1)
    with pytest.warns(CORSConfigWarning):
        CORS(app)
    notes = [
        "note: app.config['CORS_ORIGIN'] is not a flask_cors setting and is ignored. "
        "Did you mean 'CORS_ORIGINS'?",
        "note: app.config['CORS_MY_OWN_SETTING'] is not a flask_cors setting and is ignored.",
    ]
    with warnings.catch_warnings():
        warnings.simplefilter("error", CORSConfigWarning)  # the commands name them once
        checked = cli(app, "check", "/items", "--origin", APP_ORIGIN)
        table = cli(app, "routes")
        as_json = cli(app, "routes", "--json")
    assert checked.exit_code == 0 and table.exit_code == 0 and as_json.exit_code == 0
    assert checked.output.splitlines()[-2:] == notes
    assert table.output.splitlines()[:2] == notes
    lines = as_json.output.splitlines()
    assert [line for line in lines if line.startswith("note:")] == notes
    rows = json.loads("\n".join(line for line in lines if not line.startswith("note:")))
    assert {row["rule"] for row in rows} >= {"/items"}


def test_no_note_without_ignored_keys(items_app):
    app = items_app(CORS_ORIGINS=APP_ORIGIN)
    CORS(app)
    assert "note:" not in cli(app, "routes").output


# --- CORS_RESOURCES with commas, patterns without a leading slash -------------


@pytest.mark.parametrize("value", ["/api/*,/public/*", "/api/*, /public/*"])
def test_cors_resources_in_environment_variable_form(value):
    app = Flask(__name__)
    app.config["CORS_RESOURCES"] = value

    @app.route("/<path:path>")
    def anything(path):
        return path

    CORS(app)
    client = app.test_client()

    def allowed(path):
        return (
            "Access-Control-Allow-Origin"
            in client.get(path, headers={"Origin": APP_ORIGIN}).headers
        )

    assert [allowed("/api/users"), allowed("/public/logo"), allowed("/admin")] == [
        True,
        True,
        False,
    ]


def test_a_comma_inside_a_literal_path_or_regex_is_kept():
    app = Flask(__name__)

    @app.route("/<path:path>")
    def anything(path):
        return path

    CORS(app, resources="/a,b")
    CORS(app, resources=re.compile(r"/v{1,2}"))
    client = app.test_client()
    for path, expected in [("/a,b", True), ("/v", True), ("/vv", True), ("/a", False)]:
        response = client.get(path, headers={"Origin": APP_ORIGIN})
        assert ("Access-Control-Allow-Origin" in response.headers) is expected, path


@pytest.mark.parametrize(
    ("pattern", "fix"),
    [
        ("api/*", "'/api/*'"),
        ("api/users", "'/api/users'"),
        ("^api/.*", "'^/api/.*'"),
        ({"api/*": {"origins": APP_ORIGIN}}, "'/api/*'"),
        (["/ok", "users"], "'/users'"),
        ("/api/*,public/*", "'/public/*'"),
    ],
)
def test_a_resource_without_leading_slash_warns_showing_the_fix(pattern, fix):
    # flask-cors 6.0.5 starts with it (and never matches it): so do we, with a warning.
    with pytest.warns(CORSConfigWarning, match="request paths start with '/'") as caught:
        CORS(Flask(__name__), resources=pattern)
    assert str(caught[0].message).endswith(f"Use {fix}.")


def test_a_resource_without_leading_slash_covers_nothing():
    app = Flask(__name__)
    app.add_url_rule("/api/x", "x", lambda: "x")
    with pytest.warns(CORSConfigWarning):
        CORS(app, resources={"api/*": {"origins": APP_ORIGIN}})
    response = app.test_client().get("/api/x", headers={"Origin": APP_ORIGIN})
    assert "Access-Control-Allow-Origin" not in response.headers


def test_regex_syntax_that_605_kept_literal_stays_a_literal_path_and_warns():
    app = Flask(__name__)
    app.add_url_rule("/<path:path>", "any", lambda path: path)
    with pytest.warns(CORSConfigWarning, match=r"literal path.*re\.compile\('/v\{1,2\}'\)"):
        CORS(app, resources=r"/v{1,2}")
    client = app.test_client()
    for path, expected in [("/v", False), ("/vv", False), ("/v%7B1,2%7D", True)]:
        response = client.get(path, headers={"Origin": APP_ORIGIN})
        assert ("Access-Control-Allow-Origin" in response.headers) is expected, path


@pytest.mark.parametrize("pattern", ["*", "/*", ".*", r"(/api|/v1)/.*", "/api/*"])
def test_patterns_that_can_match_a_path_are_accepted(pattern):
    CORS(Flask(__name__), resources=pattern)


# --- error messages ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("origins", "separator"),
    [
        ("https://a.com https://b.com", "spaces"),
        ("https://a.com;https://b.com", "semicolons"),
        ("https://a.com; https://b.com", "semicolons"),
        (["https://a.com\thttps://b.com"], "spaces"),
    ],
)
def test_origins_separated_by_spaces_or_semicolons_say_use_commas(origins, separator):
    with pytest.warns(CORSConfigWarning) as record:
        CORS(Flask(__name__), origins=origins)
    given = origins if isinstance(origins, str) else origins[0]
    (warning,) = record
    assert str(warning.message) == (
        f"CORS(app) resources['/*']: origins (set by CORS(origins=...)): {given!r} is read "
        f"as the origins https://a.com, https://b.com (separated by {separator}; flask-cors 6 "
        f"read it as one origin, which matches nothing). Separate origins with commas "
        f"('https://a.com, https://b.com') or give a list."
    )


@pytest.mark.parametrize("origins", [r"/*", r"(https://app\.example\.com)?", re.compile("x*")])
def test_a_regex_605_matched_against_every_origin_warns_that_it_no_longer_does(origins):
    app = Flask(__name__)
    app.add_url_rule("/items", "items", lambda: "ok")
    with pytest.warns(CORSConfigWarning) as record:
        CORS(app, origins=origins)
    source = origins if isinstance(origins, str) else origins.pattern
    expected = (
        f"CORS(app) resources['/*']: origins (set by CORS(origins=...)): flask-cors 6 matched "
        f"a regex against the beginning of the origin only, and {source!r} matches an empty "
        f"beginning, so flask-cors 6 allowed every origin with it; here a regex must match "
        f"the whole origin, so nearly all of those origins are now refused. To allow every "
        f"origin as flask-cors 6 did, write '*'; to allow some, list them."
    )
    assert expected in [str(w.message) for w in record]
    response = app.test_client().get("/items", headers={"Origin": "https://other.example"})
    assert "Access-Control-Allow-Origin" not in response.headers


def test_a_regex_that_spells_its_origins_gives_no_warning():
    app = Flask(__name__)
    app.add_url_rule("/items", "items", lambda: "ok")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        CORS(app, origins=[r"https://(app|admin)\.example\.com", r"http://localhost:\d+"])
    response = app.test_client().get("/items", headers={"Origin": "http://localhost:8080"})
    assert response.headers["Access-Control-Allow-Origin"] == "http://localhost:8080"


def test_bad_boolean_lists_every_accepted_string():
    with pytest.warns(CORSConfigWarning) as record:
        CORS(Flask(__name__), supports_credentials="sure")
    (warning,) = record
    for accepted in ("'true'/'false'", "'1'/'0'", "'yes'/'no'", "'on'/'off'"):
        assert accepted in str(warning.message)


@pytest.mark.parametrize("value", [1.5, "1.5"])
def test_max_age_that_is_not_whole_seconds_is_cut_to_whole_seconds_with_a_warning(
    value, preflight, items_app
):
    app = items_app()
    with pytest.warns(CORSConfigWarning, match=r"not a whole number of seconds.*Use 1 or 2\."):
        CORS(app, max_age=value)
    assert preflight(app, "/items", headers="x-a").headers["Access-Control-Max-Age"] == "1"


def test_max_age_timedelta_is_cut_to_whole_seconds_as_in_flask_cors_6(preflight, items_app):
    app = items_app()
    CORS(app, max_age=timedelta(milliseconds=1500))
    assert preflight(app, "/items", headers="x-a").headers["Access-Control-Max-Age"] == "1"


@pytest.mark.parametrize("value", [2.0, "2", "2.0", timedelta(seconds=2)])
def test_max_age_in_whole_seconds_is_sent(value, preflight, items_app):
    app = items_app()
    CORS(app, max_age=value)
    assert preflight(app, "/items", headers="x-a").headers["Access-Control-Max-Age"] == "2"


# --- credentials with any origin, on the decorator ----------------------------


def test_decorator_warns_once_per_view_about_credentials_with_any_origin(caplog):
    app = Flask(__name__)

    @app.route("/open")
    @cross_origin(supports_credentials=True)
    def open_view():
        return "open"

    @app.route("/also-open")
    @cross_origin(supports_credentials=True)
    def also_open():
        return "also open"

    @app.route("/listed")
    @cross_origin(supports_credentials=True, origins=APP_ORIGIN)
    def listed():
        return "listed"

    client = app.test_client()
    with caplog.at_level(logging.WARNING, logger="flask_cors"):
        for _ in range(3):
            for path in ("/open", "/also-open", "/listed"):
                client.get(path, headers={"Origin": APP_ORIGIN})
    warned = [r.getMessage() for r in caplog.records if r.name == "flask_cors"]
    assert len(warned) == 2
    assert warned[0].startswith(
        "@cross_origin on 'test_decorator_warns_once_per_view_about_credentials_with_any_origin."
        "<locals>.open_view': supports_credentials=True with origins='*' lets any website"
    )
    assert "<locals>.also_open'" in warned[1]


def test_decorator_warns_when_the_app_config_turns_credentials_on(caplog):
    app = Flask(__name__)
    app.config["CORS_SUPPORTS_CREDENTIALS"] = "true"

    @app.route("/view")
    @cross_origin()
    def view():
        return "view"

    with caplog.at_level(logging.WARNING, logger="flask_cors"):
        app.test_client().get("/view")
    assert any(
        "supports_credentials=True with origins='*'" in r.getMessage() for r in caplog.records
    )


# --- flask cors check / routes on decorated views and blueprints --------------


def test_check_in_a_decorator_only_app_names_the_view_policy():
    app = Flask(__name__)

    @app.route("/view", methods=["GET", "PUT"])
    @cross_origin(origins=APP_ORIGIN)
    def view():
        return "view"

    for method in ("GET", "PUT"):
        result = cli(app, "check", "/view", "--origin", APP_ORIGIN, "--method", method)
        assert result.exit_code == 0, result.output
        assert "no CORS policy covers this path" not in result.output
        assert "  - policy: @cross_origin on " in result.output


def test_routes_names_the_blueprint_whose_policy_covers_a_rule():
    app = Flask(__name__)
    api = Blueprint("api", __name__)

    @api.route("/users")
    def users():
        return "users"

    @app.route("/home")
    def home():
        return "home"

    CORS(api, origins=APP_ORIGIN)
    CORS(app, resources="/home")
    app.register_blueprint(api, url_prefix="/api")
    rows = {row["rule"]: row["source"] for row in json.loads(cli(app, "routes", "--json").output)}
    assert rows["/api/users"] == "CORS('api' blueprint) resource '/*'"
    assert rows["/home"] == "CORS(app) resource '/home'"
