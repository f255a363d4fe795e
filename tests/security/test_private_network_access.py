"""CVE-2024-6221 class: Private Network Access granted without being asked for.

flask-cors 4.0.1 answered preflights with
``Access-Control-Allow-Private-Network: true`` by default, so any public web
page could make the visitor's browser call a Flask app listening on a private
address or on localhost.  Here the header is only sent when the preflight asks
for it *and* the app opted in with ``allow_private_network=True``.
"""

from __future__ import annotations

from flask import Flask

from flask_cors import CORS, cross_origin
from flask_cors.options import resolve_options
from flask_cors.policy import Policy

ACAO = "Access-Control-Allow-Origin"
ACAPN = "Access-Control-Allow-Private-Network"
ATTACKER = "https://attacker.example"

# The request a public page makes before it may POST to http://192.168.0.1/admin/reboot.
PRIVATE_NETWORK_PREFLIGHT = {
    "Origin": ATTACKER,
    "Access-Control-Request-Method": "POST",
    "Access-Control-Request-Private-Network": "true",
}


def send_preflight(app: Flask, headers: dict = PRIVATE_NETWORK_PREFLIGHT):
    return app.test_client().options("/admin/reboot", headers=headers)


def test_default_extension_does_not_grant_private_network_access(make_app):
    app = make_app("/admin/reboot", route_methods=("POST",), mode=None)
    CORS(app)
    response = send_preflight(app)
    assert response.headers.get(ACAO) == "*"  # it was answered as a preflight...
    assert ACAPN not in response.headers  # ...but without private network access


def test_default_decorator_does_not_grant_private_network_access():
    app = Flask(__name__)

    @app.route("/admin/reboot", methods=["POST"])
    @cross_origin()
    def reboot():
        return "rebooting"

    response = send_preflight(app)
    assert response.headers.get(ACAO) == "*"
    assert ACAPN not in response.headers


def test_config_string_false_does_not_grant_private_network_access(make_app):
    app = make_app("/admin/reboot", route_methods=("POST",), mode=None)
    app.config["CORS_ALLOW_PRIVATE_NETWORK"] = "false"
    CORS(app)
    assert ACAPN not in send_preflight(app).headers


def test_default_policy_does_not_grant_private_network_access():
    decision = Policy(resolve_options()).decide(ATTACKER, "POST", None, private_network=True)
    assert decision.allowed
    assert ACAPN not in dict(decision.headers)


def test_opted_in_app_grants_private_network_access_when_asked(make_app):
    app = make_app("/admin/reboot", route_methods=("POST",), mode=None)
    CORS(app, allow_private_network=True)
    assert send_preflight(app).headers.get(ACAPN) == "true"


def test_opted_in_app_does_not_grant_private_network_access_unasked(make_app):
    app = make_app("/admin/reboot", route_methods=("POST",), mode=None)
    CORS(app, allow_private_network=True)
    headers = {k: v for k, v in PRIVATE_NETWORK_PREFLIGHT.items() if "Private" not in k}
    assert ACAPN not in send_preflight(app, headers).headers


def test_opted_in_app_does_not_grant_private_network_access_on_actual_request(make_app):
    app = make_app("/admin/reboot", route_methods=("POST",), mode=None)
    CORS(app, allow_private_network=True)
    response = app.test_client().post("/admin/reboot", headers=PRIVATE_NETWORK_PREFLIGHT)
    assert response.headers.get(ACAO) == "*"
    assert ACAPN not in response.headers


def test_opted_in_app_does_not_grant_private_network_access_to_refused_origin(make_app):
    app = make_app("/admin/reboot", route_methods=("POST",), mode=None)
    CORS(app, origins=["https://intranet.example"], allow_private_network=True)
    response = send_preflight(app)
    assert ACAO not in response.headers
    assert ACAPN not in response.headers


def test_only_an_exact_options_method_is_a_preflight():
    """Werkzeug upper-cases ``OPTiONS`` for routing, but no browser sends a preflight so.

    Methods are case-sensitive (RFC 9110), so such a request gets the headers of
    an actual request, never the preflight-only ones (found by the fuzzer).
    """
    app = Flask(__name__)

    @app.route("/admin/reboot", methods=["POST"])
    @cross_origin(origins=[ATTACKER], allow_private_network=True)
    def reboot():
        return "rebooting"

    CORS(app, origins=[ATTACKER], allow_private_network=True)
    client = app.test_client()
    for method in ("OPTiONS", "options"):
        response = client.open("/admin/reboot", method=method, headers=PRIVATE_NETWORK_PREFLIGHT)
        assert response.headers.get(ACAO) == ATTACKER
        assert ACAPN not in response.headers
        assert "Access-Control-Allow-Methods" not in response.headers
    assert send_preflight(app).headers.get(ACAPN) == "true"  # the real preflight still is one
