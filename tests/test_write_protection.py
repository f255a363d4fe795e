"""cross_origin_protection: unsafe requests from origins the policy does not
allow are refused with 403 before any hook or view runs.

Each rule of docs/protecting-writes.rst ("How a request is judged") has a
case here; the browser suite shows the same with real forms and fetch().
"""

from __future__ import annotations

import logging
import re

import pytest
from flask import Blueprint, Flask

from flask_cors import CORS, CORSConfigWarning, cross_origin
from flask_cors.cli import cors_commands
from flask_cors.signals import cors_refused
from flask_cors.testing import (
    assert_cors_allowed,
    assert_cors_blocked,
    assert_write_allowed,
    assert_write_refused,
)

TRUSTED = "https://app.example.com"
EVIL = "https://evil.example"
UNSAFE_METHODS = ["POST", "PUT", "PATCH", "DELETE", "PURGE"]


def protected_app(*, cors=True, **options):
    """An app whose /items view and before_request hook record that they ran."""
    app = Flask(__name__)
    app.ran = []
    if cors:
        options.setdefault("origins", [TRUSTED])
        options.setdefault("cross_origin_protection", True)
        CORS(app, **options)

    @app.before_request
    def note_hook():
        app.ran.append("before_request")

    @app.route("/items", methods=["GET", "HEAD", "OPTIONS", *UNSAFE_METHODS])
    def items():
        app.ran.append("view")
        return "items"

    return app


def refused(app, **kwargs):
    kwargs.setdefault("origin", EVIL)
    response = assert_write_refused(app.test_client(), "/items", **kwargs)
    assert app.ran == [], "a hook or the view ran for a refused request"
    return response


def allowed(app, **kwargs):
    kwargs.setdefault("origin", EVIL)
    response = assert_write_allowed(app.test_client(), "/items", **kwargs)
    assert response.status_code == 200
    assert app.ran == ["before_request", "view"]
    return response


# --- how a request is judged --------------------------------------------------


@pytest.mark.parametrize("fetch_site", ["same-origin", "none"])
def test_the_browser_saying_same_origin_or_user_initiated_is_believed(fetch_site):
    allowed(protected_app(), fetch_site=fetch_site)


@pytest.mark.parametrize("fetch_site", ["cross-site", "same-site"])
def test_cross_site_and_same_site_requests_are_judged_by_their_origin(fetch_site):
    refused(protected_app(), fetch_site=fetch_site)
    allowed(protected_app(), fetch_site=fetch_site, origin=TRUSTED)


def test_a_sibling_subdomain_is_refused_unless_listed():
    refused(protected_app(), fetch_site="same-site", origin="https://blog.example.com")
    app = protected_app(origins=[TRUSTED, "https://*.example.com"])
    allowed(app, fetch_site="same-site", origin="https://blog.example.com")


@pytest.mark.parametrize("method", UNSAFE_METHODS)
def test_every_unsafe_method_is_screened(method):
    response = refused(protected_app(), method=method)
    assert response.mimetype == "text/plain"
    assert response.get_data(as_text=True) == (
        f"Cross-origin request refused: {EVIL} may not send {method} here.\n"
    )
    assert "Access-Control-Allow-Origin" not in response.headers
    assert response.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    "origin",
    ["http://localhost", "http://localhost:80", "https://localhost", "https://localhost:443"],
)
def test_without_sec_fetch_site_an_origin_naming_the_host_is_same_origin(origin):
    # The test client sends "Host: localhost"; a proxy may end TLS, so the
    # scheme is not compared, and default ports are equivalent.
    allowed(protected_app(), fetch_site=None, origin=origin)


@pytest.mark.parametrize("origin", [EVIL, "http://localhost:5000", "null"])
def test_without_sec_fetch_site_another_origin_is_checked(origin):
    refused(protected_app(), fetch_site=None, origin=origin)


def test_null_origin_passes_only_when_listed():
    refused(protected_app(), origin="null")
    allowed(protected_app(origins=[TRUSTED, "null"]), origin="null")


def test_a_request_without_origin_or_sec_fetch_site_is_not_from_a_browser():
    app = protected_app()
    response = app.test_client().post("/items", data={"a": "b"})
    assert response.status_code == 200
    assert app.ran == ["before_request", "view"]


def test_cross_site_without_origin_is_refused():
    app = protected_app()
    response = app.test_client().post("/items", headers={"Sec-Fetch-Site": "cross-site"})
    assert response.status_code == 403
    assert app.ran == []


def test_an_unknown_sec_fetch_site_value_falls_back_to_the_origin():
    app = protected_app()
    client = app.test_client()
    assert client.post("/items", headers={"Sec-Fetch-Site": "X", "Origin": EVIL}).status_code == 403
    ok = client.post("/items", headers={"Sec-Fetch-Site": "X", "Origin": TRUSTED})
    assert ok.status_code == 200


def test_a_malformed_origin_is_refused():
    app = protected_app()
    response = app.test_client().post(
        "/items", headers={"Origin": "https://app.example.com/path", "Sec-Fetch-Site": "cross-site"}
    )
    assert response.status_code == 403
    assert app.ran == []


@pytest.mark.parametrize("method", ["GET", "HEAD", "OPTIONS"])
def test_safe_methods_are_never_refused(method):
    app = protected_app()
    response = app.test_client().open(
        "/items", method=method, headers={"Origin": EVIL, "Sec-Fetch-Site": "cross-site"}
    )
    assert response.status_code == 200
    assert app.ran == ["before_request", "view"]


def test_preflights_are_never_refused_by_it():
    app = protected_app()
    response = app.test_client().options(
        "/items",
        headers={
            "Origin": EVIL,
            "Access-Control-Request-Method": "DELETE",
            "Sec-Fetch-Site": "cross-site",
        },
    )
    assert response.status_code == 200  # CORS refuses it: no Allow-Origin
    assert "Access-Control-Allow-Origin" not in response.headers
    assert b"refused" not in response.data


def test_off_by_default(make_app):
    app = protected_app(cross_origin_protection=False)
    allowed(app)
    assert_write_allowed(make_app().test_client(), "/", origin=EVIL)


def test_urls_flask_cannot_route_are_left_to_flask():
    app = protected_app()
    app.route("/only-get")(lambda: "get")
    client = app.test_client()
    headers = {"Origin": EVIL, "Sec-Fetch-Site": "cross-site"}
    assert client.post("/nowhere", headers=headers).status_code == 404
    assert client.post("/only-get", headers=headers).status_code == 405


# --- where it is set ----------------------------------------------------------


@pytest.mark.parametrize("value", [True, "true", "yes", 1])
def test_config_key_turns_it_on(value):
    app = protected_app(cors=False)
    app.config["CORS_CROSS_ORIGIN_PROTECTION"] = value
    app.config["CORS_ORIGINS"] = [TRUSTED]
    CORS(app)
    refused(app)


def test_config_key_in_an_app_factory():
    cors = CORS()
    app = protected_app(cors=False)
    app.config.update(CORS_CROSS_ORIGIN_PROTECTION="on", CORS_ORIGINS=TRUSTED)
    cors.init_app(app)
    refused(app)
    allowed(protected_app(cors=False), origin=EVIL)  # the same extension, another app


def test_per_resource_and_a_resource_entry_as_escape_hatch(make_app):
    app = make_app(
        "/hooks/payment",
        "/account",
        origins=[TRUSTED],
        cross_origin_protection=True,
        resources={
            "/hooks/*": {"origins": "*", "cross_origin_protection": False},
            "/*": {},
        },
    )
    client = app.test_client()
    assert_write_allowed(client, "/hooks/payment", origin=EVIL)
    assert_write_refused(client, "/account", origin=EVIL)


def test_on_for_one_resource_only(make_app):
    resources = {"/api/*": {"origins": TRUSTED, "cross_origin_protection": True}}
    client = make_app("/api/x", "/form", resources=resources).test_client()
    assert_write_refused(client, "/api/x", origin=EVIL)
    assert_write_allowed(client, "/form", origin=EVIL)


def test_decorator_escape_hatch_for_one_view():
    app = protected_app()

    @app.route("/webhook", methods=["POST"])
    @cross_origin(cross_origin_protection=False)
    def webhook():
        return "received"

    # Meant here, and said: the decorator admits every origin where CORS(app) does not.
    with pytest.warns(CORSConfigWarning, match="admits every origin"):
        assert_write_allowed(app.test_client(), "/webhook", origin=EVIL)
    app.ran.clear()
    refused(app)


def test_a_view_with_its_own_decorator_keeps_the_extensions_protection():
    # The decorator's options replace the extension's for its view, but a
    # protection asked for by the extension stays unless the view turns it
    # off by name; app.config covers both.
    app = protected_app()

    @app.route("/plain", methods=["POST"])
    @cross_origin(origins=[TRUSTED])
    def plain():
        return "plain"

    @app.route("/open", methods=["POST"])
    @cross_origin(origins=[TRUSTED], cross_origin_protection=False)
    def opted_out():
        return "plain"

    assert_write_refused(app.test_client(), "/plain", origin=EVIL)
    assert_write_allowed(app.test_client(), "/open", origin=EVIL)

    app = protected_app(cors=False)
    app.config.update(CORS_CROSS_ORIGIN_PROTECTION=True)
    CORS(app, origins=[TRUSTED])

    @app.route("/plain", methods=["POST"])
    @cross_origin(origins=[TRUSTED])
    def plain_too():
        return "plain"

    assert_write_refused(app.test_client(), "/plain", origin=EVIL)


def test_decorator_turns_it_on_for_its_view_before_any_hook_with_the_extension():
    app = protected_app(cross_origin_protection=False)

    @app.route("/delete", methods=["POST"])
    @cross_origin(origins=[TRUSTED], cross_origin_protection=True)
    def delete():
        app.ran.append("delete")
        return "deleted"

    assert_write_refused(app.test_client(), "/delete", origin=EVIL)
    assert app.ran == []
    allowed(app)  # /items keeps the extension's policy


def test_decorator_only_app_refuses_before_the_view_but_after_the_hooks():
    app = protected_app(cors=False)

    @app.route("/delete", methods=["POST"])
    @cross_origin(origins=[TRUSTED], cross_origin_protection=True)
    def delete():
        app.ran.append("delete")
        return "deleted"

    client = app.test_client()
    with pytest.raises(
        AssertionError, match=r"after Flask's before_request hooks ran.*CORS\(app\)"
    ):
        assert_write_refused(client, "/delete", origin=EVIL)
    assert app.ran == ["before_request"]  # the view did not run
    app.ran.clear()
    assert_write_allowed(client, "/delete", origin=TRUSTED)
    assert app.ran == ["before_request", "delete"]


def test_blueprint_scope():
    app = Flask(__name__)
    admin = Blueprint("admin", __name__, url_prefix="/admin")
    admin.route("/users", methods=["DELETE"])(lambda: "gone")
    CORS(admin, origins=[TRUSTED], cross_origin_protection=True)
    app.register_blueprint(admin)
    app.add_url_rule("/comments", "/comments", methods=["POST"], view_func=lambda: "posted")
    client = app.test_client()
    assert_write_refused(client, "/admin/users", origin=EVIL, method="DELETE")
    assert_write_allowed(client, "/admin/users", origin=TRUSTED, method="DELETE")
    assert_write_allowed(client, "/comments", origin=EVIL)


def test_a_value_that_is_not_a_boolean_keeps_protection_off_with_a_warning():
    with pytest.warns(CORSConfigWarning, match=r"cross_origin_protection.*'maybe'.*False"):
        CORS(Flask(__name__), cross_origin_protection="maybe")


@pytest.mark.parametrize("how", ["extension", "decorator"])
def test_on_with_any_origin_warns_that_it_protects_nothing(how, caplog):
    app = Flask(__name__)
    with caplog.at_level(logging.WARNING, logger="flask_cors"):
        if how == "extension":
            CORS(app, cross_origin_protection=True)
        else:
            app.route("/x", methods=["POST"])(
                cross_origin(cross_origin_protection=True)(lambda: "x")
            )
            app.test_client().post("/x")
    assert "cross_origin_protection=True with origins='*'" in caplog.text
    assert "protects nothing" in caplog.text


# --- what it tells ------------------------------------------------------------


def test_refusals_reach_cors_refused_receivers():
    app = protected_app()
    seen = []

    def receiver(sender, **extra):
        seen.append((extra["origin"], extra["path"], extra["decision"].code))

    with cors_refused.connected_to(receiver, sender=app):
        refused(app)
    assert seen == [(EVIL, "/items", "cross-origin-write")]


def test_debug_header_gives_the_reason_code_and_the_body_the_reason():
    app = protected_app(debug_header=True)
    response = refused(app)
    assert response.headers["X-CORS-Debug"] == "refused; cross-origin-write"
    assert response.get_data(as_text=True).splitlines()[1] == "reason: cross-origin-write"


def test_without_debug_header_the_body_is_one_line():
    response = refused(protected_app(debug_header=False))
    assert "X-CORS-Debug" not in response.headers
    assert len(response.get_data(as_text=True).splitlines()) == 1


def test_refusals_are_logged_at_debug_level_with_the_setting(caplog):
    app = protected_app()
    with caplog.at_level(logging.DEBUG, logger="flask_cors"):
        refused(app)
    assert "cross_origin_protection is on (set by CORS(cross_origin_protection=...))" in caplog.text


def test_check_command_reports_it():
    app = protected_app()
    runner = app.test_cli_runner()
    result = runner.invoke(cors_commands, ["check", "/items", "--origin", EVIL, "--method", "POST"])
    assert result.exit_code == 1, result.output
    assert "403 FORBIDDEN" in result.output
    assert "refused before reaching the app: cross_origin_protection is on" in result.output
    # It sends Sec-Fetch-Site as a browser would.
    assert f"origin {EVIL} (Sec-Fetch-Site: cross-site) is not among the allowed origins" in (
        result.output
    )
    result = runner.invoke(
        cors_commands, ["check", "/items", "--origin", TRUSTED, "--method", "POST"]
    )
    assert result.exit_code == 0, result.output
    assert app.ran == ["before_request", "view"]


# --- the testing helpers ------------------------------------------------------


def test_helpers_refuse_what_no_browser_sends():
    client = protected_app().test_client()
    with pytest.raises(ValueError, match="safe method"):
        assert_write_refused(client, "/items", origin=EVIL, method="GET")
    with pytest.raises(ValueError, match="not an origin"):
        assert_write_refused(client, "/items", origin="https://evil.example/")
    with pytest.raises(ValueError, match="fetch_site='cross-origin'"):
        assert_write_refused(client, "/items", origin=EVIL, fetch_site="cross-origin")


def test_helpers_fail_with_what_happened():
    client = protected_app().test_client()
    with pytest.raises(
        AssertionError, match=r"POST /items from https://app.example.com .* reached"
    ):
        assert_write_refused(client, "/items", origin=TRUSTED)
    with pytest.raises(AssertionError, match=r"before reaching the app: Cross-origin request"):
        assert_write_allowed(client, "/items", origin=EVIL)
    app = protected_app(cors=False)
    app.add_url_rule("/forbidden", "/forbidden", methods=["POST"], view_func=lambda: ("no", 403))
    with pytest.raises(AssertionError, match="reached the app"):
        assert_write_refused(app.test_client(), "/forbidden", origin=EVIL)


def test_write_refused_fails_for_an_answer_before_the_app_that_is_not_403():
    app = protected_app(cors=False)
    inner = app.wsgi_app

    def maintenance(environ, start_response):  # answers every write before Flask does
        if environ["REQUEST_METHOD"] == "GET":
            return inner(environ, start_response)
        start_response("503 SERVICE UNAVAILABLE", [("Content-Type", "text/plain")])
        return [b"down for maintenance"]

    app.wsgi_app = maintenance
    with pytest.raises(
        AssertionError,
        match=r"POST /items from https://evil\.example .* was answered with "
        r"503 SERVICE UNAVAILABLE, not 403 Forbidden\.",
    ):
        assert_write_refused(app.test_client(), "/items", origin=EVIL)
    assert app.ran == []


def test_helpers_send_the_clients_cookies():
    app = protected_app(origins=[TRUSTED])
    app.secret_key = "test"
    seen = []

    @app.route("/cookie", methods=["POST"])
    def cookie():
        from flask import request

        seen.append(request.cookies.get("sid"))
        return "ok"

    client = app.test_client()
    client.set_cookie("sid", "42")
    assert_write_allowed(client, "/cookie", origin=TRUSTED)
    assert seen == ["42"]


def test_simulate_fetch_sends_fetch_metadata_as_a_browser_does():
    app = Flask(__name__)
    CORS(app, origins=["http://localhost:3000", TRUSTED], cross_origin_protection=True)
    seen = []

    @app.route("/echo", methods=["POST", "PUT"])
    def echo():
        from flask import request

        seen.append((request.headers.get("Sec-Fetch-Site"), request.headers.get("Sec-Fetch-Mode")))
        return "ok"

    client = app.test_client()
    assert_cors_allowed(client, "/echo", origin="http://localhost:3000", method="POST")
    assert_cors_allowed(client, "/echo", origin=TRUSTED, method="PUT")
    assert seen == [("same-site", "cors"), ("cross-site", "cors")]
    blocked = assert_cors_blocked(client, "/echo", origin=EVIL, method="POST")
    assert blocked.response.status_code == 403


# --- set for the app or blueprint: every route, covered by a resource or not ---


def app_with_uncovered_form(**cors_options):
    """/api/* is a resource; /account/delete, a server-rendered form, is not."""
    app = Flask(__name__)
    app.ran = []

    @app.route("/api/items", methods=["GET", "POST"])
    def api_items():
        app.ran.append("api")
        return "items"

    @app.route("/account/delete", methods=["GET", "POST"])
    def delete_account():
        app.ran.append("delete")
        return "deleted"

    CORS(app, resources={r"/api/*": {"origins": [TRUSTED]}}, **cors_options)
    return app


def _post(app, path, **headers):
    return app.test_client().post(path, headers=headers)


@pytest.mark.parametrize(
    "setting",
    [
        {"cors_options": {"cross_origin_protection": True}},
        {"config": {"CORS_CROSS_ORIGIN_PROTECTION": "true"}},
    ],
    ids=["keyword", "app.config"],
)
@pytest.mark.parametrize("fetch_site", ["cross-site", "same-site", None])
def test_protection_set_for_the_app_screens_routes_no_resource_covers(setting, fetch_site):
    app = Flask(__name__)
    app.config.update(setting.get("config", {}))
    app.ran = []

    @app.route("/account/delete", methods=["POST"])
    def delete_account():
        app.ran.append("delete")
        return "deleted"

    CORS(app, resources={r"/api/*": {"origins": [TRUSTED]}}, **setting.get("cors_options", {}))
    headers = {"Origin": TRUSTED}  # allowed on /api/*, not on a route no resource covers
    if fetch_site:
        headers["Sec-Fetch-Site"] = fetch_site
    response = _post(app, "/account/delete", **headers)
    assert response.status_code == 403
    assert app.ran == []
    assert "Access-Control-Allow-Origin" not in response.headers


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "http://localhost", "Sec-Fetch-Site": "same-origin"},
        {"Origin": "http://localhost"},  # same host, no Sec-Fetch-Site
        {"Sec-Fetch-Site": "none"},  # typed in the address bar
        {},  # not a browser
    ],
    ids=["same-origin", "origin-is-host", "user-initiated", "no-browser"],
)
def test_protection_set_for_the_app_lets_same_origin_writes_to_uncovered_routes(headers):
    app = app_with_uncovered_form(cross_origin_protection=True)
    response = _post(app, "/account/delete", **headers)
    assert response.status_code == 200
    assert app.ran == ["delete"]
    assert "Access-Control-Allow-Origin" not in response.headers


def test_protection_set_for_the_app_still_allows_the_resources_origins():
    app = app_with_uncovered_form(cross_origin_protection=True)
    response = _post(app, "/api/items", Origin=TRUSTED, **{"Sec-Fetch-Site": "cross-site"})
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == TRUSTED
    refused = _post(app, "/api/items", Origin=EVIL, **{"Sec-Fetch-Site": "cross-site"})
    assert refused.status_code == 403


def test_protection_set_for_one_resource_leaves_uncovered_routes_alone():
    app = Flask(__name__)

    @app.route("/account/delete", methods=["POST"])
    def delete_account():
        return "deleted"

    CORS(app, resources={r"/api/*": {"origins": [TRUSTED], "cross_origin_protection": True}})
    response = _post(app, "/account/delete", Origin=EVIL, **{"Sec-Fetch-Site": "cross-site"})
    assert response.status_code == 200


def test_protection_set_for_a_blueprint_screens_its_uncovered_routes_only():
    app = Flask(__name__)
    bp = Blueprint("admin", __name__, url_prefix="/admin")

    @bp.route("/purge", methods=["POST"])
    def purge():
        return "purged"

    @bp.route("/api/items", methods=["POST"])
    def admin_items():
        return "items"

    @app.route("/feedback", methods=["POST"])
    def feedback():
        return "thanks"

    CORS(bp, resources={r"/admin/api/*": {"origins": [TRUSTED]}}, cross_origin_protection=True)
    app.register_blueprint(bp)
    cross = {"Origin": EVIL, "Sec-Fetch-Site": "cross-site"}
    assert _post(app, "/admin/purge", **cross).status_code == 403
    assert _post(app, "/admin/api/items", **cross).status_code == 403
    assert _post(app, "/feedback", **cross).status_code == 200


def test_decorator_turning_protection_off_wins_on_an_uncovered_route():
    app = Flask(__name__)

    @app.route("/webhook", methods=["POST"])
    @cross_origin(origins="*", cross_origin_protection=False)
    def webhook():
        return "received"

    CORS(app, resources={r"/api/*": {"origins": [TRUSTED]}}, cross_origin_protection=True)
    response = _post(app, "/webhook", Origin=EVIL, **{"Sec-Fetch-Site": "cross-site"})
    assert response.status_code == 200


def test_routes_command_prints_how_writes_are_screened():
    app = app_with_uncovered_form(cross_origin_protection=True)

    @app.route("/about")
    def about():
        return "about"

    output = app.test_cli_runner().invoke(cors_commands, ["routes"]).output
    blocks = {block.split()[0]: block for block in re.split(r"\n(?=/)", output)}
    assert "writes:       same-origin only" in blocks["/account/delete"]
    assert (
        "writes:       cross-origin writes refused unless from an allowed origin"
        in blocks["/api/items"]
    )
    assert "writes:       none (the route accepts only safe methods)" in blocks["/about"]
