"""CORS on blueprints, and the application-factory pattern (``init_app``)."""

from __future__ import annotations

import pytest
from flask import Blueprint, Flask, abort

from flask_cors import CORS, CORSConfigError

ACAO = "Access-Control-Allow-Origin"
ACAC = "Access-Control-Allow-Credentials"
ACAM = "Access-Control-Allow-Methods"
ACEH = "Access-Control-Expose-Headers"

A = "https://a.com"
B = "https://b.com"


@pytest.fixture
def origin():
    return A


CORS_HEADER_NAMES = (
    ACAO,
    ACAC,
    ACAM,
    ACEH,
    "Access-Control-Allow-Headers",
    "Access-Control-Max-Age",
    "Access-Control-Allow-Private-Network",
)


def make_blueprint(name="api"):
    """A blueprint with a GET/PUT route ``/items`` and a route ``/forbidden`` that aborts."""
    bp = Blueprint(name, __name__)

    @bp.route("/items", methods=["GET", "PUT"])
    def items():
        return "items"

    @bp.route("/forbidden", methods=["GET", "PUT"])
    def forbidden():
        abort(403)

    return bp


def app_with_outside_route():
    """An app with one route of its own, ``/outside`` (GET and PUT)."""
    app = Flask(__name__)

    @app.route("/outside", methods=["GET", "PUT"])
    def outside():
        return "outside"

    return app


def app_with_cors_blueprint(**options):
    """The app with ``make_blueprint()`` registered under ``CORS(bp, **options)``."""
    bp = make_blueprint()
    CORS(bp, **options)
    app = app_with_outside_route()
    app.register_blueprint(bp)
    return app


def has_no_cors_headers(response):
    return not any(name in response.headers for name in CORS_HEADER_NAMES)


# Scope: only the blueprint's routes -------------------------------------------------


def test_blueprint_cors_covers_blueprint_route(actual):
    app = app_with_cors_blueprint(origins=A)
    r = actual(app, "/items")
    assert r.status_code == 200
    assert r.headers.getlist(ACAO) == [A]
    assert r.headers.get("Vary") == "Origin"


def test_blueprint_cors_does_not_cover_app_route(actual):
    app = app_with_cors_blueprint(origins=A)
    r = actual(app, "/outside")
    assert r.status_code == 200
    assert has_no_cors_headers(r)
    assert "Vary" not in r.headers


def test_blueprint_cors_does_not_answer_preflight_on_app_route(preflight):
    app = app_with_cors_blueprint(origins=A)
    r = preflight(app, "/outside")
    assert has_no_cors_headers(r)
    assert "Vary" not in r.headers


def test_blueprint_cors_answers_preflight_on_blueprint_route(preflight):
    app = app_with_cors_blueprint(origins=A)
    r = preflight(app, "/items")
    assert r.status_code == 200
    assert r.headers.getlist(ACAO) == [A]
    assert r.headers.get(ACAM) == "GET, HEAD, OPTIONS, PUT"


def test_blueprint_cors_covers_route_under_url_prefix(actual):
    bp = make_blueprint()
    CORS(bp, origins=A)
    app = app_with_outside_route()
    app.register_blueprint(bp, url_prefix="/api/v1")
    assert actual(app, "/api/v1/items").headers.getlist(ACAO) == [A]


def test_blueprint_cors_ignores_app_route_under_the_same_prefix(actual):
    bp = make_blueprint()
    CORS(bp, origins=A)
    app = app_with_outside_route()

    @app.route("/api/v1/extra")
    def extra():
        return "extra"

    app.register_blueprint(bp, url_prefix="/api/v1")
    r = actual(app, "/api/v1/extra")
    assert r.status_code == 200
    assert has_no_cors_headers(r)


def test_blueprint_cors_covers_blueprint_registered_under_other_name(actual, preflight):
    bp = make_blueprint()
    CORS(bp, origins=A)
    app = app_with_outside_route()
    app.register_blueprint(bp, name="other", url_prefix="/o")
    r = actual(app, "/o/items")
    assert r.status_code == 200
    assert r.headers.getlist(ACAO) == [A]
    assert preflight(app, "/o/items").headers.getlist(ACAO) == [A]


def test_blueprint_cors_covers_every_registration_of_the_blueprint(actual):
    bp = make_blueprint()
    CORS(bp, origins=A)
    app = app_with_outside_route()
    app.register_blueprint(bp, url_prefix="/first")
    app.register_blueprint(bp, name="second", url_prefix="/second")
    assert actual(app, "/first/items").headers.getlist(ACAO) == [A]
    assert actual(app, "/second/items").headers.getlist(ACAO) == [A]
    assert has_no_cors_headers(actual(app, "/outside"))


def test_blueprint_cors_refused_origin_gets_only_vary(actual):
    app = app_with_cors_blueprint(origins=A)
    r = actual(app, "/items", origin=B)
    assert has_no_cors_headers(r)
    assert r.headers.get("Vary") == "Origin"


def test_blueprint_resources_option_is_matched_against_full_path(actual):
    bp = make_blueprint()
    CORS(bp, origins=A, resources=r"/api/items")
    app = app_with_outside_route()
    app.register_blueprint(bp, url_prefix="/api")
    assert actual(app, "/api/items").headers.getlist(ACAO) == [A]
    assert has_no_cors_headers(actual(app, "/api/forbidden"))


# Nested blueprints ----------------------------------------------------------------


def make_nested(cors_on):
    parent = Blueprint("parent", __name__)

    @parent.route("/own")
    def own():
        return "parent"

    child = make_blueprint("child")
    CORS(parent if cors_on == "parent" else child, origins=A)
    parent.register_blueprint(child, url_prefix="/child")
    app = app_with_outside_route()
    app.register_blueprint(parent, url_prefix="/parent")
    return app


def test_nested_child_cors_covers_child_routes(actual, preflight):
    app = make_nested("child")
    r = actual(app, "/parent/child/items")
    assert r.status_code == 200
    assert r.headers.getlist(ACAO) == [A]
    assert preflight(app, "/parent/child/items").headers.getlist(ACAO) == [A]


def test_nested_child_cors_does_not_cover_parent_routes(actual):
    app = make_nested("child")
    r = actual(app, "/parent/own")
    assert r.status_code == 200
    assert has_no_cors_headers(r)
    assert has_no_cors_headers(actual(app, "/outside"))


def test_nested_parent_cors_covers_parent_and_child_routes(actual):
    app = make_nested("parent")
    assert actual(app, "/parent/own").headers.getlist(ACAO) == [A]
    assert actual(app, "/parent/child/items").headers.getlist(ACAO) == [A]
    assert has_no_cors_headers(actual(app, "/outside"))


# Preflights come before auth hooks --------------------------------------------------


@pytest.mark.parametrize("hook_registered", ["before_cors", "after_cors"])
def test_blueprint_preflight_answered_before_app_auth_hook(
    hook_registered, preflight, add_auth_hook
):
    bp = make_blueprint()
    CORS(bp, origins=A)
    app = app_with_outside_route()
    if hook_registered == "before_cors":
        add_auth_hook(app)
    app.register_blueprint(bp)
    if hook_registered == "after_cors":
        add_auth_hook(app)
    r = preflight(app, "/items")
    assert r.status_code == 200
    assert r.headers.getlist(ACAO) == [A]
    assert r.headers.get(ACAM) == "GET, HEAD, OPTIONS, PUT"


def test_blueprint_preflight_answered_before_blueprint_auth_hook(preflight, add_auth_hook):
    bp = make_blueprint()
    add_auth_hook(bp)
    CORS(bp, origins=A)
    app = app_with_outside_route()
    app.register_blueprint(bp)
    r = preflight(app, "/items")
    assert r.status_code == 200
    assert r.headers.getlist(ACAO) == [A]


def test_blueprint_actual_request_still_goes_through_auth_hook(actual, add_auth_hook):
    bp = make_blueprint()
    CORS(bp, origins=A)
    app = app_with_outside_route()
    add_auth_hook(app)
    app.register_blueprint(bp)
    refused = actual(app, "/items")
    assert refused.status_code == 401
    assert refused.headers.getlist(ACAO) == [A]
    assert actual(app, "/items", headers={"Authorization": "Bearer x"}).status_code == 200


def test_app_route_preflight_is_not_exempted_from_auth_by_blueprint_cors(preflight, add_auth_hook):
    bp = make_blueprint()
    CORS(bp, origins=A)
    app = app_with_outside_route()
    add_auth_hook(app)
    app.register_blueprint(bp)
    r = preflight(app, "/outside")
    assert r.status_code == 401
    assert has_no_cors_headers(r)


# App-level and blueprint-level CORS together -----------------------------------------


def app_and_blueprint_cors(app_first):
    bp = make_blueprint()
    CORS(bp, origins=B)
    app = app_with_outside_route()
    if app_first:
        CORS(app, origins=A)
        app.register_blueprint(bp)
    else:
        app.register_blueprint(bp)
        CORS(app, origins=A)
    return app


@pytest.mark.parametrize("app_first", [True, False])
def test_blueprint_policy_wins_for_blueprint_routes(app_first, actual):
    app = app_and_blueprint_cors(app_first)
    allowed = actual(app, "/items", origin=B)
    assert allowed.headers.getlist(ACAO) == [B]
    assert allowed.headers.getlist("Vary") == ["Origin"]
    refused = actual(app, "/items", origin=A)
    assert ACAO not in refused.headers
    assert refused.headers.getlist("Vary") == ["Origin"]


@pytest.mark.parametrize("app_first", [True, False])
def test_app_policy_applies_outside_the_blueprint(app_first, actual):
    app = app_and_blueprint_cors(app_first)
    assert actual(app, "/outside", origin=A).headers.getlist(ACAO) == [A]
    assert ACAO not in actual(app, "/outside", origin=B).headers


@pytest.mark.parametrize("app_first", [True, False])
def test_blueprint_policy_wins_for_blueprint_preflights(app_first, preflight):
    app = app_and_blueprint_cors(app_first)
    allowed = preflight(app, "/items", origin=B)
    assert allowed.status_code == 200
    assert allowed.headers.getlist(ACAO) == [B]
    assert allowed.headers.getlist(ACAM) == ["GET, HEAD, OPTIONS, PUT"]
    assert ACAO not in preflight(app, "/items", origin=A).headers


def test_blueprint_policy_wins_over_app_wildcard(actual):
    bp = make_blueprint()
    CORS(bp, origins=B, supports_credentials=True)
    app = app_with_outside_route()
    CORS(app)
    app.register_blueprint(bp)
    r = actual(app, "/items", origin=B)
    assert r.headers.getlist(ACAO) == [B]
    assert r.headers.get(ACAC) == "true"
    assert ACAO not in actual(app, "/items", origin=A).headers
    assert actual(app, "/outside", origin=A).headers.getlist(ACAO) == ["*"]


# Errors inside blueprint views ------------------------------------------------------


def test_abort_in_blueprint_view_carries_blueprint_headers(actual):
    app = app_with_cors_blueprint(origins=A, expose_headers="X-Reason")
    r = actual(app, "/forbidden")
    assert r.status_code == 403
    assert r.headers.getlist(ACAO) == [A]
    assert r.headers.get(ACEH) == "X-Reason"
    assert r.headers.get("Vary") == "Origin"


def test_abort_in_blueprint_view_uses_blueprint_policy_not_app_policy(actual):
    app = app_and_blueprint_cors(app_first=True)
    allowed = actual(app, "/forbidden", origin=B)
    assert allowed.status_code == 403
    assert allowed.headers.getlist(ACAO) == [B]
    refused = actual(app, "/forbidden", origin=A)
    assert refused.status_code == 403
    assert ACAO not in refused.headers


def test_abort_in_blueprint_view_without_intercept_exceptions_keeps_headers(actual):
    """intercept_exceptions=False only concerns unhandled exceptions."""
    app = app_with_cors_blueprint(origins=A, intercept_exceptions=False)
    r = actual(app, "/forbidden")
    assert r.status_code == 403
    assert r.headers.getlist(ACAO) == [A]


# Application factory ------------------------------------------------------------------


def factory(cors, config=None, auth_hook=None, **init_options):
    app = app_with_outside_route()
    app.config.update(config or {})
    if auth_hook is not None:
        auth_hook(app)
    cors.init_app(app, **init_options)
    return app


def test_factory_apps_both_get_the_constructor_policy(actual):
    cors = CORS(origins=A)
    first, second = factory(cors), factory(cors)
    for app in (first, second):
        assert actual(app, "/outside").headers.getlist(ACAO) == [A]
        assert ACAO not in actual(app, "/outside", origin=B).headers


def test_factory_apps_answer_preflights_before_auth_hook(preflight, add_auth_hook):
    cors = CORS(origins=A)
    for app in (factory(cors, auth_hook=add_auth_hook), factory(cors, auth_hook=add_auth_hook)):
        r = preflight(app, "/outside")
        assert r.status_code == 200
        assert r.headers.getlist(ACAO) == [A]


def test_init_app_options_override_constructor_options(actual):
    cors = CORS(origins=A)
    app = factory(cors, origins=B)
    assert actual(app, "/outside", origin=B).headers.getlist(ACAO) == [B]
    assert ACAO not in actual(app, "/outside", origin=A).headers


def test_init_app_options_do_not_leak_into_the_next_app(actual):
    cors = CORS(origins=A)
    factory(cors, origins=B, supports_credentials=True)
    app = factory(cors)
    r = actual(app, "/outside", origin=A)
    assert r.headers.getlist(ACAO) == [A]
    assert ACAC not in r.headers
    assert ACAO not in actual(app, "/outside", origin=B).headers


def test_config_set_in_factory_before_init_app_is_honoured(actual):
    cors = CORS(origins=A)
    app = factory(
        cors, config={"CORS_SUPPORTS_CREDENTIALS": True, "CORS_EXPOSE_HEADERS": "X-Total"}
    )
    r = actual(app, "/outside")
    assert r.headers.getlist(ACAO) == [A]
    assert r.headers.get(ACAC) == "true"
    assert r.headers.get(ACEH) == "X-Total"


def test_config_is_read_per_app(actual):
    cors = CORS(origins=A)
    first = factory(cors, config={"CORS_EXPOSE_HEADERS": "X-First"})
    second = factory(cors, config={"CORS_EXPOSE_HEADERS": "X-Second"})
    assert actual(first, "/outside").headers.get(ACEH) == "X-First"
    assert actual(second, "/outside").headers.get(ACEH) == "X-Second"


def test_config_origins_apply_when_constructor_gives_none(actual):
    cors = CORS()
    app = factory(cors, config={"CORS_ORIGINS": B})
    assert actual(app, "/outside", origin=B).headers.getlist(ACAO) == [B]
    assert ACAO not in actual(app, "/outside", origin=A).headers


def test_constructor_options_override_config(actual):
    cors = CORS(origins=A)
    app = factory(cors, config={"CORS_ORIGINS": B})
    assert actual(app, "/outside", origin=A).headers.getlist(ACAO) == [A]
    assert ACAO not in actual(app, "/outside", origin=B).headers


def test_config_resources_set_in_factory_are_honoured(actual):
    cors = CORS(origins=A)
    app = factory(cors, config={"CORS_RESOURCES": {r"/outside": {"origins": B}}})

    @app.route("/elsewhere")
    def elsewhere():
        return "elsewhere"

    assert actual(app, "/outside", origin=B).headers.getlist(ACAO) == [B]
    assert has_no_cors_headers(actual(app, "/elsewhere"))


def test_config_changed_after_init_app_is_not_picked_up(actual):
    cors = CORS(origins=A)
    app = factory(cors)
    app.config["CORS_EXPOSE_HEADERS"] = "X-Late"
    r = actual(app, "/outside")
    assert r.headers.getlist(ACAO) == [A]
    assert ACEH not in r.headers


def test_every_factory_app_has_its_own_installation_of_the_extension():
    cors = CORS(origins=A)
    first, second = factory(cors), factory(cors)
    assert first.extensions["cors"] is not second.extensions["cors"]
    assert first.extensions["cors"].app is first
    assert second.extensions["cors"].app is second


def test_constructor_with_app_installs_on_the_app():
    app = app_with_outside_route()
    cors = CORS(app)
    assert app.extensions["cors"].scopes == [(None, cors.resources)]


def test_blueprint_extension_is_installed_on_the_app_under_its_name():
    bp = make_blueprint()
    cors = CORS(bp)
    app = app_with_outside_route()
    app.register_blueprint(bp)
    assert app.extensions["cors"].scopes == [(bp.name, cors.resources)]


@pytest.mark.parametrize("app_first", [True, False])
def test_app_and_blueprint_extensions_share_one_installation(app_first, actual):
    bp = make_blueprint()
    bp_cors = CORS(bp, origins=B)
    app = app_with_outside_route()
    if app_first:
        app_cors = CORS(app, origins=A)
        app.register_blueprint(bp)
        expected = [(None, app_cors.resources), (bp.name, bp_cors.resources)]
    else:
        app.register_blueprint(bp)
        app_cors = CORS(app, origins=A)
        expected = [(bp.name, bp_cors.resources), (None, app_cors.resources)]
    assert app.extensions["cors"].scopes == expected
    assert actual(app, "/items", origin=B).headers.getlist(ACAO) == [B]


def test_blueprint_with_cors_registered_on_two_factory_apps(actual):
    bp = make_blueprint()
    CORS(bp, origins=A)

    def create_app():
        app = app_with_outside_route()
        app.register_blueprint(bp, url_prefix="/api")
        return app

    first, second = create_app(), create_app()
    for app in (first, second):
        assert actual(app, "/api/items").headers.getlist(ACAO) == [A]
        assert has_no_cors_headers(actual(app, "/outside"))


def test_blueprint_init_app_options_override_constructor_options(actual):
    bp = make_blueprint()
    cors = CORS(origins=A)
    cors.init_app(bp, origins=B)
    app = app_with_outside_route()
    app.register_blueprint(bp)
    assert actual(app, "/items", origin=B).headers.getlist(ACAO) == [B]
    assert ACAO not in actual(app, "/items", origin=A).headers


def test_blueprint_cors_honours_app_config_at_registration(actual):
    bp = make_blueprint()
    CORS(bp, origins=A)
    app = app_with_outside_route()
    app.config["CORS_EXPOSE_HEADERS"] = "X-Total"
    app.register_blueprint(bp)
    assert actual(app, "/items").headers.get(ACEH) == "X-Total"


# --- CORS(bp) after the blueprint was registered ------------------------------------


@pytest.mark.parametrize("how", ["constructor", "init_app"])
def test_cors_on_a_blueprint_after_its_registration_says_to_call_it_before(how):
    """Flask refuses record() once a blueprint is registered (an AssertionError
    about 'record', in Flask 2.3 and 3.x; flask-cors 6 failed the same way)."""
    bp = Blueprint("api", __name__)
    bp.route("/items")(lambda: "items")
    app = Flask(__name__)
    app.register_blueprint(bp)
    with pytest.raises(
        CORSConfigError,
        match=r"CORS\('api' blueprint\) was called after the blueprint was registered on an "
        r"app \(app.register_blueprint\).*Call CORS\(bp\) before app.register_blueprint\(bp\)\.",
    ):
        if how == "constructor":
            CORS(bp)
        else:
            CORS().init_app(bp)
    assert "cors" not in app.extensions
