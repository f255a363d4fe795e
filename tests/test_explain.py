"""Decisions explain themselves: reasons, the debug header, signals, logs, `flask cors routes`."""

from __future__ import annotations

import json
import logging
import re

import pytest
from flask import Blueprint, Flask

from flask_cors import CORS, cross_origin
from flask_cors.cli import cors_commands
from flask_cors.options import resolve_options
from flask_cors.policy import Policy
from flask_cors.signals import cors_allowed, cors_refused
from flask_cors.testing import simulate_fetch

ACAO = "Access-Control-Allow-Origin"
APP_ORIGIN = "https://app.example.com"


def policy(**options):
    return Policy(resolve_options(options), source="test policy")


def test_refused_origin_reason_lists_the_allowed_origins():
    decision = policy(origins=[APP_ORIGIN, "https://*.example.org"]).decide(
        "https://evil.test", explain=True
    )
    assert decision.explanation == (
        "policy: test policy",
        "origin https://evil.test is not among the allowed origins: "
        "https://app.example.com, subdomain wildcard https://*.example.org (set by CORS)",
    )


def test_allowed_origin_reason_names_the_matching_subdomain_wildcard():
    decision = policy(origins=["https://*.example.org"]).decide(
        "https://a.b.example.org", explain=True
    )
    assert decision.explanation[1] == (
        "origin https://a.b.example.org matched subdomain wildcard https://*.example.org; "
        "it is reflected"
    )


def test_allowed_origin_reason_names_the_matching_regex():
    decision = policy(origins=[r"https://.*\.example\.net"]).decide(
        "https://a.example.net", explain=True
    )
    assert decision.explanation[1] == (
        r"origin https://a.example.net matched regex https://.*\.example\.net; it is reflected"
    )


def test_allowed_origin_reason_names_the_callable():
    def trusted(origin):
        return origin.endswith(".trusted.test")

    decision = policy(origins=trusted).decide("https://x.trusted.test", explain=True)
    assert decision.explanation[1].endswith(
        "matched callable test_allowed_origin_reason_names_"
        "the_callable.<locals>.trusted; it is reflected"
    )


def test_allowed_origin_reason_names_which_of_several_patterns_matched():
    origins = [r"https://(?P<app>[a-z]+)\.one\.test", "https://*.two.test", r"https://(\w)\1\.test"]
    decide = policy(origins=origins).decide
    assert decide("https://a.two.test", explain=True).explanation[1] == (
        "origin https://a.two.test matched subdomain wildcard https://*.two.test; it is reflected"
    )
    assert decide("https://app.one.test", explain=True).explanation[1] == (
        r"origin https://app.one.test matched regex https://(?P<app>[a-z]+)\.one\.test; "
        "it is reflected"
    )
    assert decide("https://xx.test", explain=True).explanation[1] == (
        r"origin https://xx.test matched regex https://(\w)\1\.test; it is reflected"
    )


def test_null_origin_refused_by_a_callable_policy_is_explained_as_refused():
    decision = policy(origins=lambda origin: True).decide("null", explain=True)
    assert (decision.allowed, decision.headers) == (False, ())
    assert "allowed only when 'null' is listed in origins" in decision.explanation[1]


def test_every_refused_header_is_explained():
    decision = policy(origins=[APP_ORIGIN], allow_headers=[re.compile("X-[a-z]+")]).decide(
        APP_ORIGIN, "PUT", "X-abc, x-abc", explain=True
    )
    assert decision.code == "headers-not-allowed"
    assert decision.explanation[-1] == "header 'x-abc' is not in allow_headers (set by CORS)"


def test_null_origin_refusal_says_how_to_allow_it():
    decision = policy(origins=[APP_ORIGIN]).decide("null", explain=True)
    assert "allowed only when 'null' is listed in origins" in decision.explanation[1]


def test_preflight_reasons_name_refused_method_and_header():
    decision = policy(origins=[APP_ORIGIN], methods=["GET", "POST"], allow_headers=["X-A"]).decide(
        APP_ORIGIN, "DELETE", "x-a, x-token", route_methods={"GET", "POST", "DELETE"}, explain=True
    )
    assert decision.code == "method-not-allowed"
    assert decision.explanation[2:] == (
        "method 'DELETE' is not allowed here: GET, POST; it is not in methods (set by CORS)",
        "header 'x-token' is not in allow_headers (set by CORS)",
    )


def test_private_network_refusal_is_explained():
    decision = policy().decide(APP_ORIGIN, "GET", private_network=True, explain=True)
    assert decision.explanation[-1] == (
        "private network access was requested but allow_private_network is False"
    )


def test_explained_and_fast_decisions_carry_the_same_headers():
    fast = policy(origins=[APP_ORIGIN], supports_credentials=True).decide(APP_ORIGIN)
    explained = policy(origins=[APP_ORIGIN], supports_credentials=True).decide(
        APP_ORIGIN, explain=True
    )
    assert fast.headers == explained.headers
    assert fast.explanation == ()


def test_debug_header_summarises_a_refusal(make_app):
    app = make_app("/items", route_methods=("GET", "POST"), origins=[APP_ORIGIN], debug_header=True)
    response = app.test_client().get("/items", headers={"Origin": "https://evil.test"})
    assert response.headers["X-CORS-Debug"] == "refused; origin-not-allowed"


def test_debug_header_summarises_an_allowed_request(make_app):
    app = make_app("/items", route_methods=("GET", "POST"), origins=[APP_ORIGIN], debug_header=True)
    response = app.test_client().get("/items", headers={"Origin": APP_ORIGIN})
    assert response.headers["X-CORS-Debug"] == "allowed"


def test_debug_header_is_off_by_default_in_production(make_app):
    app = make_app("/items", route_methods=("GET", "POST"), origins=[APP_ORIGIN])
    response = app.test_client().get("/items", headers={"Origin": "https://evil.test"})
    assert "X-CORS-Debug" not in response.headers


def test_debug_header_follows_debug_mode_by_default(make_app):
    app = make_app("/items", route_methods=("GET", "POST"), origins=[APP_ORIGIN])
    app.debug = True
    response = app.test_client().get("/items", headers={"Origin": "https://evil.test"})
    assert response.headers["X-CORS-Debug"] == "refused; origin-not-allowed"


def test_debug_header_follows_debug_mode_switched_at_run_time(make_app):
    app = make_app("/items", route_methods=("GET", "POST"), origins=[APP_ORIGIN])
    client = app.test_client()
    headers = {"Origin": "https://evil.test"}
    assert "X-CORS-Debug" not in client.get("/items", headers=headers).headers
    app.debug = True
    assert client.get("/items", headers=headers).headers["X-CORS-Debug"] == (
        "refused; origin-not-allowed"
    )
    app.config["DEBUG"] = False
    assert "X-CORS-Debug" not in client.get("/items", headers=headers).headers


def test_debug_header_false_wins_over_debug_mode(make_app):
    app = make_app(
        "/items", route_methods=("GET", "POST"), origins=[APP_ORIGIN], debug_header=False
    )
    app.debug = True
    response = app.test_client().get("/items", headers={"Origin": "https://evil.test"})
    assert "X-CORS-Debug" not in response.headers


def test_debug_header_from_config():
    app = Flask(__name__)
    app.config["CORS_DEBUG_HEADER"] = "true"

    @app.route("/")
    def index():
        return "ok"

    CORS(app, origins=[APP_ORIGIN])
    response = app.test_client().get("/", headers={"Origin": APP_ORIGIN})
    assert response.headers["X-CORS-Debug"] == "allowed"


def test_refused_signal_carries_origin_path_and_decision(make_app):
    app = make_app("/items", route_methods=("GET", "POST"), origins=[APP_ORIGIN])
    seen = []

    def receiver(sender, origin, path, decision):
        seen.append((sender, origin, path, decision.code))

    with cors_refused.connected_to(receiver, sender=app):
        app.test_client().get("/items", headers={"Origin": "https://evil.test"})
        app.test_client().get("/items", headers={"Origin": APP_ORIGIN})
    assert seen == [(app, "https://evil.test", "/items", "origin-not-allowed")]


def test_allowed_signal_is_sent_for_allowed_origins_only(make_app):
    app = make_app("/items", route_methods=("GET", "POST"), origins=[APP_ORIGIN])
    seen = []

    def receiver(sender, origin, path, decision):
        seen.append(origin)

    with cors_allowed.connected_to(receiver, sender=app):
        app.test_client().get("/items", headers={"Origin": "https://evil.test"})
        app.test_client().get("/items", headers={"Origin": APP_ORIGIN})
        app.test_client().get("/items")
    assert seen == [APP_ORIGIN]


def test_debug_log_has_one_line_with_the_reasons(caplog, make_app):
    app = make_app("/items", route_methods=("GET", "POST"), origins=[APP_ORIGIN])
    with caplog.at_level(logging.DEBUG, logger="flask_cors"):
        app.test_client().get("/items", headers={"Origin": "https://evil.test"})
    messages = [r.getMessage() for r in caplog.records if r.name == "flask_cors"]
    assert messages == [
        "'GET' '/items' from origin 'https://evil.test': refused; origin-not-allowed: "
        "policy: CORS(app) resource '/*'; origin https://evil.test is not among the allowed "
        "origins: https://app.example.com (set by CORS(origins=...))"
    ]


def run_routes(app, *args):
    result = app.test_cli_runner().invoke(cors_commands, ["routes", *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_routes_json_names_each_rule_policy_and_source():
    app = Flask(__name__)
    api = Blueprint("api", __name__)

    @api.route("/users")
    def users():
        return "users"

    @app.route("/")
    def index():
        return "index"

    @app.route("/widget")
    @cross_origin(origins="https://widget.test")
    def widget():
        return "widget"

    CORS(app, resources={r"/public/*": {"origins": "*"}})
    CORS(api, origins=[APP_ORIGIN], supports_credentials=True, max_age=60)
    app.register_blueprint(api, url_prefix="/api")

    rows = {row["rule"]: row for row in json.loads(run_routes(app, "--json"))}
    assert rows["/"]["source"] == "none"
    assert rows["/api/users"]["source"] == "CORS('api' blueprint) resource '/*'"
    assert rows["/api/users"]["origins"] == [APP_ORIGIN]
    assert rows["/api/users"]["supports_credentials"] is True
    assert rows["/api/users"]["max_age"] == 60
    assert (
        rows["/widget"]["source"] == "@cross_origin on 'test_routes_json_names_each_rule_"
        "policy_and_source.<locals>.widget'"
    )
    assert rows["/widget"]["origins"] == ["https://widget.test"]
    assert rows["/widget"]["methods"] == ["GET", "HEAD", "OPTIONS"]


def test_routes_table_shows_uncovered_routes(make_app):
    app = make_app("/items", route_methods=("GET", "POST"), resources={r"/api/*": {}})
    output = run_routes(app)
    assert "/items  [GET, HEAD, OPTIONS, POST]  endpoint items" in output
    assert "no CORS policy: browsers keep this route same-origin" in output


def test_routes_finds_the_resource_that_covers_a_rule_with_variables():
    """Resources match request paths, not rule templates: /items/<int:id> is
    served as /items/5, which r"/items/\\d+" covers."""
    app = Flask(__name__)

    @app.route("/items/<int:item_id>")
    def item(item_id):
        return "item"

    CORS(app, resources={r"/items/\d+": {"origins": APP_ORIGIN}})
    rows = {row["rule"]: row for row in json.loads(run_routes(app, "--json"))}
    assert rows["/items/<int:item_id>"]["source"] == "CORS(app) resource '/items/\\\\d+'"
    assert rows["/items/<int:item_id>"]["origins"] == [APP_ORIGIN]
    assert "by_path" not in rows["/items/<int:item_id>"]


def test_routes_shows_when_the_policy_depends_on_the_path():
    app = Flask(__name__)

    @app.route("/files/<name>")
    def files(name):
        return name

    CORS(app, resources={r"/files/\d+": {"origins": APP_ORIGIN}})
    rows = {row["rule"]: row for row in json.loads(run_routes(app, "--json"))}
    assert rows["/files/<name>"]["by_path"] == {
        "/files/1": "CORS(app) resource '/files/\\\\d+'",
        "/files/x": "none",
        "/files/1.5": "none",
        "/files/00000000-0000-0000-0000-000000000000": "none",
    }
    table = run_routes(app)
    assert "      for /files/x: none" in table


def _asked_app(entry: str, asked: list[str]) -> Flask:
    """An app whose ``origins`` callable records each time it is asked."""

    def allowed(origin: str) -> bool:
        asked.append(origin)
        return origin == APP_ORIGIN

    options = {"origins": allowed, "cross_origin_protection": True, "methods": ["GET", "PUT"]}
    app = Flask(__name__)
    if entry == "decorator":
        app.add_url_rule(
            "/items", "items", cross_origin(**options)(lambda: "ok"), methods=["GET", "PUT"]
        )
        return app
    bp = Blueprint("api", __name__)
    bp.add_url_rule("/items", "items", lambda: "ok", methods=["GET", "PUT"])
    if entry == "blueprint":
        CORS(bp, **options)
    app.register_blueprint(bp)
    if entry == "app":
        CORS(app, **options)
    return app


@pytest.mark.parametrize("entry", ["app", "blueprint", "decorator"])
@pytest.mark.parametrize("origin", [APP_ORIGIN, "https://evil.test"])
@pytest.mark.parametrize(
    "kind",
    [
        ("GET", {}),
        ("OPTIONS", {"Access-Control-Request-Method": "PUT"}),
        ("PUT", {"Sec-Fetch-Site": "cross-site"}),
    ],
    ids=["actual", "preflight", "write"],
)
def test_explaining_a_decision_does_not_ask_an_origins_callable_again(caplog, entry, origin, kind):
    # An explanation is the record of the decision made, not a second
    # decision: a callable that queries a database runs once per request,
    # with debug logging on as with it off.
    method, headers = kind
    asked: list[str] = []
    client = _asked_app(entry, asked).test_client()
    quiet = client.open("/items", method=method, headers={"Origin": origin, **headers})
    quietly_asked = list(asked)
    # Asked once to decide, and once more to screen a write it then lets through.
    assert quietly_asked == [origin] * (2 if method == "PUT" and quiet.status_code == 200 else 1)
    asked.clear()
    with caplog.at_level(logging.DEBUG, logger="flask_cors"):
        logged = client.open("/items", method=method, headers={"Origin": origin, **headers})
    assert asked == quietly_asked
    assert logged.status_code == quiet.status_code
    assert logged.headers.get(ACAO) == quiet.headers.get(ACAO)
    assert [r for r in caplog.records if r.name == "flask_cors" and origin in r.getMessage()]


@pytest.mark.parametrize("origin", [APP_ORIGIN, "https://evil.test"])
def test_flask_cors_check_asks_an_origins_callable_as_often_as_a_request_does(origin):
    asked: list[str] = []
    app = _asked_app("app", asked)
    client = app.test_client()
    fetched = simulate_fetch(client, "/items", origin=origin, method="PUT")
    fetched_asked = list(asked)
    asked.clear()
    result = app.test_cli_runner().invoke(
        cors_commands, ["check", "/items", "--origin", origin, "--method", "PUT"]
    )
    assert result.exit_code == (0 if fetched.allowed else 1), result.output
    assert asked == fetched_asked
