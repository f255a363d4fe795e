"""``app.config`` keys: each one has an effect, for the extension and the decorator."""

from __future__ import annotations

import pytest
from flask import Flask

from flask_cors import CORS, CORSConfigWarning, cross_origin

ROUTE_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"]
MODES = ["extension", "decorator"]


def make_client(mode, config=None, **options):
    """A client for an app with ``/r`` (all methods) and ``/fail`` (raises),
    made cross-origin by ``CORS(app)`` or by ``@cross_origin`` on each view."""
    app = Flask(__name__)
    app.config.update(config or {})

    def view():
        return "ok"

    def fail():
        raise RuntimeError("boom")

    if mode == "extension":
        CORS(app, **options)
    else:
        view = cross_origin(**options)(view)
        fail = cross_origin(**options)(fail)
    app.add_url_rule("/r", "r", view, methods=ROUTE_METHODS)
    app.add_url_rule("/fail", "fail", fail)
    return app.test_client()


def get(client, path="/r", origin="https://a.com"):
    headers = {"Origin": origin} if origin is not None else {}
    return client.get(path, headers=headers)


def preflight(client, path="/r", origin="https://a.com", method="PUT", **extra):
    headers = {"Origin": origin, "Access-Control-Request-Method": method}
    headers.update(extra)
    return client.options(path, headers=headers)


def acao(response):
    return response.headers.get("Access-Control-Allow-Origin")


# --- each key has an effect ------------------------------------------------------


@pytest.mark.parametrize("mode", MODES)
def test_config_origins_limits_allowed_origins(mode):
    client = make_client(mode, {"CORS_ORIGINS": ["https://a.com"]})
    r = get(client, origin="https://a.com")
    assert acao(r) == "https://a.com"
    assert r.headers.get("Vary") == "Origin"
    r = get(client, origin="https://b.com")
    assert "Access-Control-Allow-Origin" not in r.headers
    assert r.headers.get("Vary") == "Origin"


@pytest.mark.parametrize("mode", MODES)
def test_config_methods_limits_preflight_methods(mode):
    r = preflight(make_client(mode, {"CORS_METHODS": ["GET", "PUT"]}))
    assert r.headers.get("Access-Control-Allow-Methods") == "GET, PUT"


@pytest.mark.parametrize("mode", MODES)
def test_config_headers_limits_allowed_request_headers(mode):
    client = make_client(mode, {"CORS_HEADERS": ["X-Allowed"]})
    r = preflight(client, **{"Access-Control-Request-Headers": "X-Allowed, X-Other"})
    assert r.headers.get("Access-Control-Allow-Headers") == "X-Allowed"


@pytest.mark.parametrize("mode", MODES)
def test_config_allow_headers_limits_allowed_request_headers(mode):
    client = make_client(mode, {"CORS_ALLOW_HEADERS": ["X-Allowed"]})
    r = preflight(client, **{"Access-Control-Request-Headers": "X-Allowed, X-Other"})
    assert r.headers.get("Access-Control-Allow-Headers") == "X-Allowed"


@pytest.mark.parametrize("mode", MODES)
def test_config_allow_headers_wins_over_config_headers(mode):
    config = {"CORS_HEADERS": ["X-From-Headers"], "CORS_ALLOW_HEADERS": ["X-From-Allow"]}
    client = make_client(mode, config)
    r = preflight(client, **{"Access-Control-Request-Headers": "X-From-Headers, X-From-Allow"})
    assert r.headers.get("Access-Control-Allow-Headers") == "X-From-Allow"


@pytest.mark.parametrize("mode", MODES)
def test_config_expose_headers_sent_on_actual_response(mode):
    r = get(make_client(mode, {"CORS_EXPOSE_HEADERS": ["X-Total", "X-Page"]}))
    assert r.headers.get("Access-Control-Expose-Headers") == "X-Total, X-Page"


@pytest.mark.parametrize("mode", MODES)
def test_config_supports_credentials_reflects_origin_with_credentials(mode):
    r = get(make_client(mode, {"CORS_SUPPORTS_CREDENTIALS": True}), origin="https://x.com")
    assert r.headers.getlist("Access-Control-Allow-Origin") == ["https://x.com"]
    assert r.headers.get("Access-Control-Allow-Credentials") == "true"


@pytest.mark.parametrize("mode", MODES)
def test_config_max_age_sent_on_preflight(mode):
    r = preflight(make_client(mode, {"CORS_MAX_AGE": 600}))
    assert r.headers.get("Access-Control-Max-Age") == "600"


@pytest.mark.parametrize("mode", MODES)
def test_config_send_wildcard_false_reflects_origin(mode):
    r = get(make_client(mode, {"CORS_SEND_WILDCARD": False}), origin="https://b.com")
    assert acao(r) == "https://b.com"
    assert r.headers.get("Vary") == "Origin"


@pytest.mark.parametrize("mode", MODES)
def test_config_always_send_false_sends_nothing_without_origin(mode):
    client = make_client(mode, {"CORS_ALWAYS_SEND": False})
    assert "Access-Control-Allow-Origin" not in get(client, origin=None).headers
    assert acao(get(client, origin="https://b.com")) == "*"


@pytest.mark.parametrize("mode", MODES)
def test_config_automatic_options_false_leaves_preflight_without_cors_headers(mode):
    r = preflight(make_client(mode, {"CORS_AUTOMATIC_OPTIONS": False}))
    assert r.status_code == 200
    assert "Access-Control-Allow-Origin" not in r.headers
    assert "Access-Control-Allow-Methods" not in r.headers


def test_decorator_automatic_options_false_lets_the_view_answer_options_with_cors_headers():
    """As in flask-cors 6: only Flask's automatic answer goes without headers."""
    app = Flask(__name__)

    @app.route("/own", methods=["GET", "OPTIONS"])
    @cross_origin(automatic_options=False)
    def own():
        return "answered by the view"

    response = preflight(app.test_client(), "/own", method="GET")
    assert response.get_data(as_text=True) == "answered by the view"
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert response.headers["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"


def test_decorator_automatic_options_false_leaves_flasks_automatic_answer_alone():
    app = Flask(__name__)

    @app.route("/plain")
    @cross_origin(automatic_options=False)
    def plain():
        return "plain"

    response = preflight(app.test_client(), "/plain", method="GET")
    assert response.get_data(as_text=True) == ""
    assert sorted(response.headers["Allow"].split(", ")) == ["GET", "HEAD", "OPTIONS"]
    assert "Access-Control-Allow-Origin" not in response.headers


def test_config_automatic_options_false_gives_flasks_own_answer_to_decorated_view():
    """The decorator is applied before any app exists, so the config key
    cannot hand OPTIONS back to the view; it gives Flask's plain answer."""
    app = Flask(__name__)
    app.config["CORS_AUTOMATIC_OPTIONS"] = False

    @app.route("/own", methods=["GET", "OPTIONS"])
    @cross_origin()
    def own():
        return "answered by the view"

    response = preflight(app.test_client(), "/own", method="GET")
    assert response.status_code == 200
    assert response.get_data(as_text=True) == ""
    assert sorted(response.headers["Allow"].split(", ")) == ["GET", "HEAD", "OPTIONS"]
    assert "Access-Control-Allow-Origin" not in response.headers


@pytest.mark.parametrize("mode", MODES)
def test_config_vary_header_false_omits_vary(mode):
    r = get(make_client(mode, {"CORS_ORIGINS": "https://a.com", "CORS_VARY_HEADER": False}))
    assert acao(r) == "https://a.com"
    assert "Vary" not in r.headers


def test_config_resources_limit_extension_paths():
    app = Flask(__name__)
    app.config["CORS_RESOURCES"] = r"/api/*"

    @app.route("/api/items")
    def items():
        return "items"

    @app.route("/other")
    def other():
        return "other"

    CORS(app)
    client = app.test_client()
    assert acao(get(client, "/api/items")) == "*"
    assert "Access-Control-Allow-Origin" not in get(client, "/other").headers


def test_config_resources_dict_gives_per_resource_options():
    app = Flask(__name__)
    app.config["CORS_RESOURCES"] = {r"/api/*": {"origins": "https://c.com"}}

    @app.route("/api/items")
    def items():
        return "items"

    CORS(app)
    client = app.test_client()
    assert acao(get(client, "/api/items", origin="https://c.com")) == "https://c.com"
    assert "Access-Control-Allow-Origin" not in get(client, "/api/items").headers


def test_config_resources_do_not_restrict_decorated_view():
    client = make_client("decorator", {"CORS_RESOURCES": r"/api/*"})
    assert acao(get(client, "/r")) == "*"


@pytest.mark.parametrize("mode", MODES)
def test_config_intercept_exceptions_false_leaves_500_without_cors_headers(mode):
    client = make_client(mode, {"CORS_INTERCEPT_EXCEPTIONS": False})
    r = get(client, "/fail")
    assert r.status_code == 500
    assert "Access-Control-Allow-Origin" not in r.headers
    assert acao(get(client, "/r")) == "*"


@pytest.mark.parametrize("mode", MODES)
def test_config_intercept_exceptions_true_puts_cors_headers_on_500(mode):
    r = get(make_client(mode, {"CORS_INTERCEPT_EXCEPTIONS": True}), "/fail")
    assert r.status_code == 500
    assert acao(r) == "*"


@pytest.mark.parametrize("mode", MODES)
def test_config_allow_private_network_answers_private_network_preflight(mode):
    client = make_client(mode, {"CORS_ALLOW_PRIVATE_NETWORK": True})
    r = preflight(client, **{"Access-Control-Request-Private-Network": "true"})
    assert r.headers.get("Access-Control-Allow-Private-Network") == "true"
    assert "Access-Control-Allow-Private-Network" not in preflight(client).headers


@pytest.mark.parametrize("mode", MODES)
def test_config_string_values_as_from_environment(mode):
    config = {
        "CORS_ORIGINS": "https://a.com, https://b.com",
        "CORS_SUPPORTS_CREDENTIALS": "yes",
        "CORS_MAX_AGE": "600",
    }
    client = make_client(mode, config)
    r = preflight(client, origin="https://b.com")
    assert acao(r) == "https://b.com"
    assert r.headers.get("Access-Control-Allow-Credentials") == "true"
    assert r.headers.get("Access-Control-Max-Age") == "600"


# --- precedence involving config -------------------------------------------------


def test_decorator_keyword_overrides_app_config():
    client = make_client("decorator", {"CORS_ORIGINS": "https://a.com"}, origins="https://b.com")
    assert acao(get(client, origin="https://b.com")) == "https://b.com"
    assert "Access-Control-Allow-Origin" not in get(client, origin="https://a.com").headers


def test_decorator_keeps_config_options_it_does_not_set():
    client = make_client("decorator", {"CORS_MAX_AGE": 30}, origins="https://b.com")
    r = preflight(client, origin="https://b.com")
    assert acao(r) == "https://b.com"
    assert r.headers.get("Access-Control-Max-Age") == "30"


# --- unknown keys ---------------------------------------------------------------


def test_unknown_config_key_warns_with_suggestion():
    app = Flask(__name__)
    app.config["CORS_ORIGIN"] = "https://a.com"
    with pytest.warns(CORSConfigWarning, match=r"'CORS_ORIGIN'.*Did you mean 'CORS_ORIGINS'\?"):
        CORS(app)


def test_unknown_config_key_is_ignored():
    app = Flask(__name__)
    app.config["CORS_ORIGIN"] = "https://a.com"

    @app.route("/")
    def index():
        return "ok"

    with pytest.warns(CORSConfigWarning):
        CORS(app)
    assert acao(get(app.test_client(), "/", origin="https://b.com")) == "*"


def test_unknown_config_key_warns_for_decorator():
    app = Flask(__name__)
    app.config["CORS_ORIGIN"] = "https://a.com"

    @app.route("/")
    @cross_origin()
    def index():
        return "ok"

    with pytest.warns(CORSConfigWarning, match=r"Did you mean 'CORS_ORIGINS'\?"):
        get(app.test_client(), "/")


# --- options are resolved once ----------------------------------------------------


def test_config_changed_after_init_does_not_change_headers():
    app = Flask(__name__)
    app.config["CORS_ORIGINS"] = "https://a.com"

    @app.route("/")
    def index():
        return "ok"

    CORS(app)
    app.config["CORS_ORIGINS"] = "https://b.com"
    client = app.test_client()
    assert acao(get(client, "/", origin="https://a.com")) == "https://a.com"
    assert "Access-Control-Allow-Origin" not in get(client, "/", origin="https://b.com").headers


def test_init_app_reads_config_when_called():
    cors = CORS()
    app = Flask(__name__)
    app.config["CORS_ORIGINS"] = "https://a.com"

    @app.route("/")
    def index():
        return "ok"

    cors.init_app(app)
    assert acao(get(app.test_client(), "/", origin="https://a.com")) == "https://a.com"


def test_one_extension_on_two_apps_uses_each_apps_config():
    cors = CORS(max_age=5)
    clients = []
    for origin in ("https://a.com", "https://b.com"):
        app = Flask(__name__)
        app.config["CORS_ORIGINS"] = origin

        @app.route("/", methods=["PUT"])
        def index():
            return "ok"

        cors.init_app(app)
        clients.append(app.test_client())
    first, second = clients
    r = preflight(first, "/", origin="https://a.com")
    assert acao(r) == "https://a.com"
    assert r.headers.get("Access-Control-Max-Age") == "5"
    assert (
        "Access-Control-Allow-Origin" not in preflight(first, "/", origin="https://b.com").headers
    )
    assert acao(preflight(second, "/", origin="https://b.com")) == "https://b.com"
    assert (
        "Access-Control-Allow-Origin" not in preflight(second, "/", origin="https://a.com").headers
    )


def test_decorator_reads_config_set_after_decoration():
    @cross_origin()
    def view():
        return "ok"

    app = Flask(__name__)
    app.add_url_rule("/", "view", view)
    app.config["CORS_ORIGINS"] = "https://a.com"
    client = app.test_client()
    assert acao(get(client, "/", origin="https://a.com")) == "https://a.com"
    assert "Access-Control-Allow-Origin" not in get(client, "/", origin="https://b.com").headers


def test_decorator_keeps_config_read_on_first_request():
    app = Flask(__name__)
    app.config["CORS_ORIGINS"] = "https://a.com"

    @app.route("/")
    @cross_origin()
    def index():
        return "ok"

    client = app.test_client()
    assert acao(get(client, "/", origin="https://a.com")) == "https://a.com"
    app.config["CORS_ORIGINS"] = "https://b.com"
    assert acao(get(client, "/", origin="https://a.com")) == "https://a.com"
    assert "Access-Control-Allow-Origin" not in get(client, "/", origin="https://b.com").headers


def test_two_apps_sharing_a_decorated_view_get_their_own_config():
    @cross_origin()
    def shared():
        return "ok"

    first = Flask(__name__)
    first.config["CORS_ORIGINS"] = "https://a.com"
    first.add_url_rule("/", "shared", shared)
    second = Flask(__name__)
    second.config["CORS_ORIGINS"] = "https://b.com"
    second.add_url_rule("/", "shared", shared)

    first_client, second_client = first.test_client(), second.test_client()
    assert acao(get(first_client, "/", origin="https://a.com")) == "https://a.com"
    assert acao(get(second_client, "/", origin="https://b.com")) == "https://b.com"
    assert (
        "Access-Control-Allow-Origin" not in get(first_client, "/", origin="https://b.com").headers
    )
    assert (
        "Access-Control-Allow-Origin" not in get(second_client, "/", origin="https://a.com").headers
    )
