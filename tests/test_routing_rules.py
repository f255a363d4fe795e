"""URL rules that are not plain views: Werkzeug's ``redirect_to`` rules, a
method whose rule redirects while another method's rule has a view, and an
app mounted below a ``SCRIPT_NAME``.

Flask answers these requests without running a view (a 308, a 405); the
extension still gives the answer the policy of the URL it belongs to, and its
first-request checks of the URL map do not stumble over a rule without an
endpoint.
"""

from __future__ import annotations

import json
import warnings

import pytest
from flask import Blueprint, Flask
from werkzeug.routing import Rule

from flask_cors import CORS, CORSConfigWarning, cross_origin
from flask_cors.cli import cors_commands

APP_ORIGIN = "https://app.example.com"
PARTNER_ORIGIN = "https://partner.example.com"
EVIL_ORIGIN = "https://evil.example.net"


def redirecting_app(*rules: Rule, resources: dict | None = None) -> Flask:
    app = Flask(__name__)
    for rule in rules:
        app.url_map.add(rule)
    CORS(app, resources=resources or {"/api/*": {"origins": APP_ORIGIN}})
    return app


def preflight(method: str = "GET") -> dict[str, str]:
    return {"Origin": APP_ORIGIN, "Access-Control-Request-Method": method}


@pytest.mark.parametrize(
    ("target", "location"),
    [
        ("https://elsewhere.example/new", "https://elsewhere.example/new"),
        ("/api/no-rule-here", "http://localhost/api/no-rule-here"),
    ],
    ids=["another-host", "a-path-without-a-rule"],
)
def test_redirect_to_rule_answers_under_the_policy_of_its_url(target, location):
    app = redirecting_app(Rule("/api/old", redirect_to=target))
    client = app.test_client()
    allowed = client.get("/api/old", headers={"Origin": APP_ORIGIN})
    assert (allowed.status_code, allowed.headers["Location"]) == (308, location)
    assert allowed.headers["Access-Control-Allow-Origin"] == APP_ORIGIN
    assert "Origin" in allowed.headers["Vary"]
    refused = client.get("/api/old", headers={"Origin": EVIL_ORIGIN})
    assert refused.status_code == 308
    assert "Access-Control-Allow-Origin" not in refused.headers
    answer = client.options("/api/old", headers=preflight())
    assert answer.headers.get("Access-Control-Allow-Origin") == APP_ORIGIN


def test_redirect_to_rule_outside_the_apps_script_name_keeps_its_own_urls_policy():
    app = redirecting_app(
        Rule("/api/old", redirect_to="http://localhost/outside"),
        resources={"/api/*": {"origins": APP_ORIGIN}, "/outside": {"origins": PARTNER_ORIGIN}},
    )
    client = app.test_client()
    for origin, allowed in ((APP_ORIGIN, True), (PARTNER_ORIGIN, False)):
        answer = client.get(
            "/api/old", base_url="http://localhost/mounted/", headers={"Origin": origin}
        )
        assert answer.status_code == 308
        assert answer.headers["Location"] == "http://localhost/outside"
        assert (answer.headers.get("Access-Control-Allow-Origin") == origin) is allowed


def split_app() -> Flask:
    # GET on /api/split redirects; POST has a view whose cross_origin admits
    # fewer origins than the resource.
    app = Flask(__name__)
    app.url_map.add(Rule("/api/split", methods=["GET"], redirect_to="/api/other"))

    @app.route("/api/split", methods=["POST"])
    @cross_origin(origins=PARTNER_ORIGIN)
    def split():
        return "posted"

    CORS(app, resources={"/api/*": {"origins": [APP_ORIGIN, PARTNER_ORIGIN]}})
    return app


def test_405_next_to_a_redirecting_rule_gets_the_policy_of_the_view_at_that_url():
    client = split_app().test_client()
    answer = client.put("/api/split", headers={"Origin": PARTNER_ORIGIN})
    assert answer.status_code == 405
    assert answer.headers["Access-Control-Allow-Origin"] == PARTNER_ORIGIN
    refused = client.put("/api/split", headers={"Origin": APP_ORIGIN})
    assert refused.status_code == 405
    assert "Access-Control-Allow-Origin" not in refused.headers
    posted = client.post("/api/split", headers={"Origin": PARTNER_ORIGIN})
    assert (posted.status_code, posted.headers["Access-Control-Allow-Origin"]) == (
        200,
        PARTNER_ORIGIN,
    )


@pytest.mark.parametrize("entry", ["app", "blueprint"])
def test_first_request_checks_see_past_a_rule_without_an_endpoint(entry):
    # The late-config warning of the first request must still come when the
    # URL map holds a redirect_to rule (which has no endpoint).
    app = Flask(__name__)
    app.url_map.add(Rule("/api/old", redirect_to="/api/new"))
    if entry == "app":
        CORS(app, resources={"/api/*": {"origins": APP_ORIGIN}})
    else:
        bp = Blueprint("bp", __name__)

        @bp.route("/api/new")
        def new():
            return "new"

        CORS(bp, resources={"/api/*": {"origins": APP_ORIGIN}})
        app.register_blueprint(bp)
    app.config["CORS_ORIGINS"] = PARTNER_ORIGIN
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        app.test_client().get("/api/old", headers={"Origin": APP_ORIGIN})
    messages = [str(w.message) for w in caught if issubclass(w.category, CORSConfigWarning)]
    assert any("app.config['CORS_ORIGINS'] was set after" in m for m in messages), messages


def test_flask_cors_routes_lists_a_redirecting_rule_beside_the_view_at_its_url():
    app = split_app()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CORSConfigWarning)
        result = app.test_cli_runner().invoke(cors_commands, ["routes", "--json"])
    assert result.exit_code == 0, result.output
    rows = [row for row in json.loads(result.output) if row["rule"] == "/api/split"]
    assert sorted(str(row["endpoint"]) for row in rows) == ["None", "split"]
