"""``app.config`` keys: each one has an effect, for the extension and the decorator."""

from __future__ import annotations

import warnings

import pytest
from flask import Blueprint, Flask

from flask_cors import CORS, CORSConfigWarning, cross_origin


@pytest.fixture
def origin():
    return "https://a.com"


def acao(response):
    return response.headers.get("Access-Control-Allow-Origin")


# --- each key has an effect ------------------------------------------------------


def test_config_origins_limits_allowed_origins(mode, actual, make_app):
    app = make_app(mode=mode, config={"CORS_ORIGINS": ["https://a.com"]})
    r = actual(app, origin="https://a.com")
    assert acao(r) == "https://a.com"
    assert r.headers.get("Vary") == "Origin"
    r = actual(app, origin="https://b.com")
    assert "Access-Control-Allow-Origin" not in r.headers
    assert r.headers.get("Vary") == "Origin"


def test_config_methods_limits_preflight_methods(mode, make_app, preflight):
    r = preflight(make_app(mode=mode, config={"CORS_METHODS": ["GET", "PUT"]}))
    assert r.headers.get("Access-Control-Allow-Methods") == "GET, PUT"


def test_config_headers_limits_allowed_request_headers_and_says_so(mode, make_app, preflight):
    """flask-cors 6 ignored CORS_HEADERS: the limit is announced at set-up
    (for the decorator, on the view's first request)."""
    with pytest.warns(CORSConfigWarning) as record:
        app = make_app(mode=mode, config={"CORS_HEADERS": ["X-Allowed"]})
        r = preflight(app, **{"Access-Control-Request-Headers": "X-Allowed, X-Other"})
    assert r.headers.get("Access-Control-Allow-Headers") == "X-Allowed"
    (warning,) = {str(w.message).split(": ", 1)[1] for w in record}
    assert warning == (
        "allow_headers (set by app.config['CORS_HEADERS']): ['X-Allowed'] limits the headers "
        "a cross-origin request may send to X-Allowed: a preflight asking for any other "
        "(Authorization, say) is refused. flask-cors 6 ignored CORS_HEADERS and allowed every "
        "header. To keep the limit, rename the key CORS_ALLOW_HEADERS (which also silences "
        "this warning); to allow every header as flask-cors 6 did, delete it."
    )


def test_config_allow_headers_limits_allowed_request_headers(mode, make_app, preflight):
    app = make_app(mode=mode, config={"CORS_ALLOW_HEADERS": ["X-Allowed"]})
    r = preflight(app, **{"Access-Control-Request-Headers": "X-Allowed, X-Other"})
    assert r.headers.get("Access-Control-Allow-Headers") == "X-Allowed"


def test_config_allow_headers_wins_over_config_headers(mode, make_app, preflight):
    config = {"CORS_HEADERS": ["X-From-Headers"], "CORS_ALLOW_HEADERS": ["X-From-Allow"]}
    with pytest.warns(CORSConfigWarning, match=r"'CORS_HEADERS'\] is ignored.*Delete CORS_H"):
        app = make_app(mode=mode, config=config)
        r = preflight(app, **{"Access-Control-Request-Headers": "X-From-Headers, X-From-Allow"})
    assert r.headers.get("Access-Control-Allow-Headers") == "X-From-Allow"


def test_config_expose_headers_sent_on_actual_response(mode, actual, make_app):
    r = actual(make_app(mode=mode, config={"CORS_EXPOSE_HEADERS": ["X-Total", "X-Page"]}))
    assert r.headers.get("Access-Control-Expose-Headers") == "X-Total, X-Page"


def test_config_supports_credentials_reflects_origin_with_credentials(mode, actual, make_app):
    r = actual(
        make_app(mode=mode, config={"CORS_SUPPORTS_CREDENTIALS": True}), origin="https://x.com"
    )
    assert r.headers.getlist("Access-Control-Allow-Origin") == ["https://x.com"]
    assert r.headers.get("Access-Control-Allow-Credentials") == "true"


def test_config_max_age_sent_on_preflight(mode, make_app, preflight):
    r = preflight(make_app(mode=mode, config={"CORS_MAX_AGE": 600}))
    assert r.headers.get("Access-Control-Max-Age") == "600"


def test_config_send_wildcard_false_reflects_origin(mode, actual, make_app):
    r = actual(make_app(mode=mode, config={"CORS_SEND_WILDCARD": False}), origin="https://b.com")
    assert acao(r) == "https://b.com"
    assert r.headers.get("Vary") == "Origin"


def test_config_always_send_false_sends_nothing_without_origin(mode, actual, make_app):
    app = make_app(mode=mode, config={"CORS_ALWAYS_SEND": False})
    assert "Access-Control-Allow-Origin" not in actual(app, origin=None).headers
    assert acao(actual(app, origin="https://b.com")) == "*"


def test_config_automatic_options_false_leaves_preflight_without_cors_headers(
    mode, make_app, preflight
):
    r = preflight(make_app(mode=mode, config={"CORS_AUTOMATIC_OPTIONS": False}))
    assert r.status_code == 200
    assert "Access-Control-Allow-Origin" not in r.headers
    assert "Access-Control-Allow-Methods" not in r.headers


def test_decorator_automatic_options_false_lets_the_view_answer_options_with_cors_headers(
    preflight,
):
    """As in flask-cors 6: only Flask's automatic answer goes without headers."""
    app = Flask(__name__)

    @app.route("/own", methods=["GET", "OPTIONS"])
    @cross_origin(automatic_options=False)
    def own():
        return "answered by the view"

    response = preflight(app, "/own", method="GET")
    assert response.get_data(as_text=True) == "answered by the view"
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert response.headers["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"


def test_decorator_automatic_options_false_leaves_flasks_automatic_answer_alone(preflight):
    app = Flask(__name__)

    @app.route("/plain")
    @cross_origin(automatic_options=False)
    def plain():
        return "plain"

    response = preflight(app, "/plain", method="GET")
    assert response.get_data(as_text=True) == ""
    assert sorted(response.headers["Allow"].split(", ")) == ["GET", "HEAD", "OPTIONS"]
    assert "Access-Control-Allow-Origin" not in response.headers


def test_config_automatic_options_false_gives_flasks_own_answer_to_decorated_view(preflight):
    """The decorator is applied before any app exists, so the config key
    cannot hand OPTIONS back to the view; it gives Flask's plain answer."""
    app = Flask(__name__)
    app.config["CORS_AUTOMATIC_OPTIONS"] = False

    @app.route("/own", methods=["GET", "OPTIONS"])
    @cross_origin()
    def own():
        return "answered by the view"

    response = preflight(app, "/own", method="GET")
    assert response.status_code == 200
    assert response.get_data(as_text=True) == ""
    assert sorted(response.headers["Allow"].split(", ")) == ["GET", "HEAD", "OPTIONS"]
    assert "Access-Control-Allow-Origin" not in response.headers


def test_config_vary_header_false_omits_vary(mode, actual, make_app):
    r = actual(
        make_app(mode=mode, config={"CORS_ORIGINS": "https://a.com", "CORS_VARY_HEADER": False})
    )
    assert acao(r) == "https://a.com"
    assert "Vary" not in r.headers


def test_config_resources_limit_extension_paths(make_app, actual):
    app = make_app("/api/items", "/other", config={"CORS_RESOURCES": r"/api/*"})
    assert acao(actual(app, "/api/items")) == "*"
    assert "Access-Control-Allow-Origin" not in actual(app, "/other").headers


def test_config_resources_dict_gives_per_resource_options(make_app, actual):
    app = make_app(
        "/api/items", config={"CORS_RESOURCES": {r"/api/*": {"origins": "https://c.com"}}}
    )
    assert acao(actual(app, "/api/items", origin="https://c.com")) == "https://c.com"
    assert "Access-Control-Allow-Origin" not in actual(app, "/api/items").headers


def test_config_resources_do_not_restrict_decorated_view(actual, make_app):
    app = make_app(mode="decorator", config={"CORS_RESOURCES": r"/api/*"})
    assert acao(actual(app)) == "*"


def boom():
    raise RuntimeError("boom")


@pytest.mark.parametrize("intercept, expected", [(False, None), (True, "*")])
def test_config_intercept_exceptions_decides_cors_headers_on_500(
    mode, intercept, expected, actual, make_app
):
    app = make_app(mode=mode, view=boom, config={"CORS_INTERCEPT_EXCEPTIONS": intercept})
    r = actual(app)
    assert r.status_code == 500
    assert acao(r) == expected


def test_config_allow_private_network_answers_private_network_preflight(mode, make_app, preflight):
    app = make_app(mode=mode, config={"CORS_ALLOW_PRIVATE_NETWORK": True})
    r = preflight(app, **{"Access-Control-Request-Private-Network": "true"})
    assert r.headers.get("Access-Control-Allow-Private-Network") == "true"
    assert "Access-Control-Allow-Private-Network" not in preflight(app).headers


def test_config_string_values_as_from_environment(mode, make_app, preflight):
    config = {
        "CORS_ORIGINS": "https://a.com, https://b.com",
        "CORS_SUPPORTS_CREDENTIALS": "yes",
        "CORS_MAX_AGE": "600",
    }
    app = make_app(mode=mode, config=config)
    r = preflight(app, origin="https://b.com")
    assert acao(r) == "https://b.com"
    assert r.headers.get("Access-Control-Allow-Credentials") == "true"
    assert r.headers.get("Access-Control-Max-Age") == "600"


# --- precedence involving config -------------------------------------------------


def test_decorator_keyword_overrides_app_config(actual, make_app):
    app = make_app(
        mode="decorator", config={"CORS_ORIGINS": "https://a.com"}, origins="https://b.com"
    )
    assert acao(actual(app, origin="https://b.com")) == "https://b.com"
    assert "Access-Control-Allow-Origin" not in actual(app, origin="https://a.com").headers


def test_decorator_keeps_config_options_it_does_not_set(make_app, preflight):
    app = make_app(mode="decorator", config={"CORS_MAX_AGE": 30}, origins="https://b.com")
    r = preflight(app, origin="https://b.com")
    assert acao(r) == "https://b.com"
    assert r.headers.get("Access-Control-Max-Age") == "30"


# --- unknown keys ---------------------------------------------------------------


def test_unknown_config_key_warns_with_suggestion_and_is_ignored(actual, make_app):
    with pytest.warns(CORSConfigWarning, match=r"'CORS_ORIGIN'.*Did you mean 'CORS_ORIGINS'\?"):
        app = make_app(config={"CORS_ORIGIN": "https://a.com"})
    assert acao(actual(app, origin="https://b.com")) == "*"


def test_unknown_config_key_warns_for_decorator(actual, make_app):
    app = make_app(mode="decorator", config={"CORS_ORIGIN": "https://a.com"})
    with pytest.warns(CORSConfigWarning, match=r"Did you mean 'CORS_ORIGINS'\?"):
        actual(app)


# --- options are resolved once ----------------------------------------------------


def test_config_changed_after_init_does_not_change_headers(actual, make_app):
    app = make_app(config={"CORS_ORIGINS": "https://a.com"})
    app.config["CORS_ORIGINS"] = "https://b.com"
    with pytest.warns(CORSConfigWarning, match=r"'CORS_ORIGINS'\] was changed after CORS"):
        assert acao(actual(app, origin="https://a.com")) == "https://a.com"
    assert "Access-Control-Allow-Origin" not in actual(app, origin="https://b.com").headers


def test_config_key_changed_after_two_blueprints_read_it_warns_once(actual):
    app = Flask(__name__)
    app.config["CORS_ORIGINS"] = "https://a.com"
    for name in ("one", "two"):
        bp = Blueprint(name, __name__, url_prefix=f"/{name}")
        bp.add_url_rule("/", name, lambda: "ok")
        CORS(bp)
        app.register_blueprint(bp)
    app.config["CORS_ORIGINS"] = "https://b.com"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert acao(actual(app, "/one/", origin="https://a.com")) == "https://a.com"
    changed = [str(w.message) for w in caught if "'CORS_ORIGINS'] was changed" in str(w.message)]
    assert len(changed) == 1, changed
    assert "was changed after CORS('one' blueprint) (at " in changed[0], changed


def test_misspelt_config_key_set_after_init_is_named_as_no_setting(actual, make_app):
    app = make_app(config={"CORS_ORIGINS": "https://a.com"})
    app.config["CORS_ORIGIN"] = "https://b.com"
    with pytest.warns(CORSConfigWarning, match=r"'CORS_ORIGIN'\] is not a flask_cors setting"):
        assert acao(actual(app, origin="https://a.com")) == "https://a.com"


def test_init_app_reads_config_when_called(actual, make_app):
    cors = CORS()
    app = make_app(mode=None, config={"CORS_ORIGINS": "https://a.com"})
    cors.init_app(app)
    assert acao(actual(app, origin="https://a.com")) == "https://a.com"


def test_one_extension_on_two_apps_uses_each_apps_config(make_app, preflight):
    cors = CORS(max_age=5)
    first = make_app(mode=None, config={"CORS_ORIGINS": "https://a.com"})
    second = make_app(mode=None, config={"CORS_ORIGINS": "https://b.com"})
    cors.init_app(first)
    cors.init_app(second)
    r = preflight(first, origin="https://a.com")
    assert acao(r) == "https://a.com"
    assert r.headers.get("Access-Control-Max-Age") == "5"
    assert "Access-Control-Allow-Origin" not in preflight(first, origin="https://b.com").headers
    assert acao(preflight(second, origin="https://b.com")) == "https://b.com"
    assert "Access-Control-Allow-Origin" not in preflight(second, origin="https://a.com").headers


def test_decorator_reads_config_set_after_decoration(actual):
    @cross_origin()
    def view():
        return "ok"

    app = Flask(__name__)
    app.add_url_rule("/", "view", view)
    app.config["CORS_ORIGINS"] = "https://a.com"
    assert acao(actual(app, origin="https://a.com")) == "https://a.com"
    assert "Access-Control-Allow-Origin" not in actual(app, origin="https://b.com").headers


def test_decorator_keeps_config_read_on_first_request(actual, make_app):
    app = make_app(mode="decorator", config={"CORS_ORIGINS": "https://a.com"})
    assert acao(actual(app, origin="https://a.com")) == "https://a.com"
    app.config["CORS_ORIGINS"] = "https://b.com"
    assert acao(actual(app, origin="https://a.com")) == "https://a.com"
    assert "Access-Control-Allow-Origin" not in actual(app, origin="https://b.com").headers


def test_two_apps_sharing_a_decorated_view_get_their_own_config(actual):
    @cross_origin()
    def shared():
        return "ok"

    first = Flask(__name__)
    first.config["CORS_ORIGINS"] = "https://a.com"
    first.add_url_rule("/", "shared", shared)
    second = Flask(__name__)
    second.config["CORS_ORIGINS"] = "https://b.com"
    second.add_url_rule("/", "shared", shared)

    for app, allowed, refused in (
        (first, "https://a.com", "https://b.com"),
        (second, "https://b.com", "https://a.com"),
    ):
        assert acao(actual(app, origin=allowed)) == allowed
        assert "Access-Control-Allow-Origin" not in actual(app, origin=refused).headers


# --- JSON list strings, as environment variables give lists ------------------------


JSON_ORIGINS = '["https://a.com", "https://b.com"]'


def test_config_origins_json_list_string_is_that_list(mode, actual, make_app):
    """flask-cors 6 read it as a regex that allowed nearly every origin."""
    app = make_app(mode=mode, config={"CORS_ORIGINS": JSON_ORIGINS})
    assert acao(actual(app, origin="https://a.com")) == "https://a.com"
    assert acao(actual(app, origin="https://b.com")) == "https://b.com"
    assert "Access-Control-Allow-Origin" not in actual(app, origin="https://evil.com").headers


@pytest.mark.parametrize(
    "key, value, send, header, expected",
    [
        ("CORS_METHODS", '["GET", "PUT"]', "preflight", "Access-Control-Allow-Methods", "GET, PUT"),
        (
            "CORS_ALLOW_HEADERS",
            ' ["X-A", "X-B"] ',
            "preflight",
            "Access-Control-Allow-Headers",
            "X-A",
        ),
        (
            "CORS_EXPOSE_HEADERS",
            '["X-A", "X-B"]',
            "actual",
            "Access-Control-Expose-Headers",
            "X-A, X-B",
        ),
        ("CORS_METHODS", "[]", "preflight", "Access-Control-Allow-Methods", None),
    ],
    ids=["methods", "allow-headers", "expose-headers", "empty"],
)
def test_config_json_list_string_is_that_list(
    key, value, send, header, expected, mode, make_app, actual, preflight
):
    app = make_app(mode=mode, config={key: value})
    r = preflight(app, headers="X-A, X-C") if send == "preflight" else actual(app)
    assert r.headers.get(header) == expected


@pytest.mark.parametrize(
    "value",
    ['["/api/*", "/public/*"]', '{"/api/*": {}, "/public/*": {"origins": "https://c.com"}}'],
)
def test_config_resources_json_string_is_that_list_or_dict(value, actual, make_app):
    app = make_app("/api/items", "/public/x", "/other", config={"CORS_RESOURCES": value})
    assert acao(actual(app, "/api/items")) == "*"
    assert acao(actual(app, "/public/x", origin="https://c.com")) is not None
    assert "Access-Control-Allow-Origin" not in actual(app, "/other").headers


def test_config_regex_origin_in_brackets_is_not_a_json_list(actual, make_app):
    app = make_app(config={"CORS_ORIGINS": r"[a-z]+://a\.com"})
    assert acao(actual(app, origin="https://a.com")) == "https://a.com"


# --- None in app.config: not set, as in flask-cors 6 ---------------------------------


def test_config_key_set_to_none_keeps_the_default_with_a_warning(make_app, preflight):
    with pytest.warns(
        CORSConfigWarning,
        match=r"app.config\['CORS_METHODS'\] is None, which is taken as not set \(as "
        r"flask-cors 6 took it\): methods keeps its default",
    ):
        app = make_app(config={"CORS_METHODS": None})
    assert preflight(app).headers.get("Access-Control-Allow-Methods") == (
        "GET, HEAD, POST, OPTIONS, PUT, PATCH, DELETE"
    )


def test_config_max_age_none_is_the_default_and_says_nothing(make_app, preflight):
    app = make_app(config={"CORS_MAX_AGE": None, "CORS_EXPOSE_HEADERS": None})
    assert "Access-Control-Max-Age" not in preflight(app).headers


# --- config set after CORS(app): said on the first request -------------------------


def late_config_warnings(record):
    return [str(w.message) for w in record if "read the configuration" in str(w.message)]


@pytest.mark.parametrize(
    "change, word",
    [
        (lambda config: config.update(CORS_ORIGINS="https://b.com"), "changed"),
        (lambda config: config.update(CORS_MAX_AGE=600), "set"),
        (lambda config: config.pop("CORS_ORIGINS"), "removed"),
        (lambda config: config["CORS_EXPOSE_HEADERS"].append("X-B"), "changed"),
    ],
    ids=["changed", "added", "removed", "mutated"],
)
def test_config_key_changed_after_cors_is_reported_once_on_the_first_request(
    change, word, actual, make_app
):
    app = make_app(config={"CORS_ORIGINS": "https://a.com", "CORS_EXPOSE_HEADERS": ["X-A"]})
    change(app.config)
    with pytest.warns(CORSConfigWarning) as record:
        r = actual(app, origin="https://a.com")
    assert acao(r) == "https://a.com"
    assert r.headers.get("Access-Control-Expose-Headers") == "X-A"
    (message,) = late_config_warnings(record)
    assert f"was {word} after CORS(app) (at " in message
    assert message.endswith(
        "read the configuration, so it does not apply: the CORS policies keep what was read "
        "then. Set CORS_* keys before CORS(app) or init_app (for a blueprint, before "
        "register_blueprint)."
    )
    assert "conftest.py:" in message  # the line that called CORS(app), in make_app
    actual(app)  # no warning on later requests (pytest turns any into an error)


def test_config_set_before_cors_and_unchanged_is_not_reported(actual, make_app):
    app = make_app(config={"CORS_ORIGINS": ["https://a.com"]})
    app.config["OTHER"] = 1
    assert acao(actual(app, origin="https://a.com")) == "https://a.com"


def test_config_set_before_blueprint_registration_is_not_reported(actual):
    from flask import Blueprint

    bp = Blueprint("bp", __name__)
    bp.route("/b")(lambda: "ok")
    CORS(bp)
    app = Flask(__name__)
    app.config["CORS_ORIGINS"] = "https://a.com"
    app.register_blueprint(bp)
    assert acao(actual(app, "/b", origin="https://a.com")) == "https://a.com"
