"""CORS headers on error responses (``intercept_exceptions``) and hook robustness."""

from __future__ import annotations

import logging

import pytest
from flask import Flask, abort

from flask_cors import CORS, cross_origin

ORIGIN = "https://app.example.com"


def failing_app() -> Flask:
    """An app whose unhandled exceptions become 500 responses, as in production."""
    app = Flask(__name__)
    app.testing = False
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.route("/ok")
    def ok():
        return "ok"

    @app.route("/boom")
    def boom():
        raise RuntimeError("boom")

    @app.route("/forbidden")
    def forbidden():
        abort(403)

    @app.route("/bad")
    def bad():
        abort(400)

    return app


def make_decorated_app(**options) -> Flask:
    app = Flask(__name__)
    app.testing = False
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.route("/ok")
    @cross_origin(**options)
    def ok():
        return "ok"

    @app.route("/boom")
    @cross_origin(**options)
    def boom():
        raise RuntimeError("boom")

    @app.route("/forbidden")
    @cross_origin(**options)
    def forbidden():
        abort(403)

    return app


def assert_cors(response) -> None:
    assert response.headers.getlist("Access-Control-Allow-Origin") == [ORIGIN]
    assert response.headers.getlist("Vary") == ["Origin"]


def get(app: Flask, path: str, method: str = "GET"):
    return app.test_client().open(path, method=method, headers={"Origin": ORIGIN})


# --- which error responses carry CORS headers ---
#
# Every error response does, routing errors (404, 405) and abort() included;
# with intercept_exceptions=False, only the 500 of an unhandled exception
# loses them (as in flask-cors 6).


def build(setup: str) -> Flask:
    no_intercept = "no-intercept" in setup
    if setup.startswith("decorator"):
        app = make_decorated_app(origins=[ORIGIN], intercept_exceptions=not no_intercept)
        if setup.endswith("+extension"):
            CORS(app, origins=[ORIGIN])
    else:
        app = failing_app()
        CORS(app, origins=[ORIGIN], intercept_exceptions=not no_intercept)
    return app


ERROR_CASES = [
    # setup, path, method, status, CORS headers?
    ("extension", "/missing", "GET", 404, True),
    ("extension", "/ok", "POST", 405, True),
    ("extension", "/boom", "GET", 500, True),
    ("extension", "/forbidden", "GET", 403, True),
    ("extension", "/bad", "GET", 400, True),
    ("decorator", "/forbidden", "GET", 403, True),
    ("decorator", "/boom", "GET", 500, True),
    ("extension-no-intercept", "/ok", "GET", 200, True),
    ("extension-no-intercept", "/missing", "GET", 404, True),
    ("extension-no-intercept", "/ok", "POST", 405, True),
    ("extension-no-intercept", "/forbidden", "GET", 403, True),
    ("extension-no-intercept", "/boom", "GET", 500, False),
    ("decorator-no-intercept", "/ok", "GET", 200, True),
    ("decorator-no-intercept", "/forbidden", "GET", 403, True),
    ("decorator-no-intercept", "/boom", "GET", 500, False),
    ("decorator-no-intercept+extension", "/forbidden", "GET", 403, True),
    ("decorator-no-intercept+extension", "/boom", "GET", 500, False),
]


@pytest.mark.parametrize(
    "setup, path, method, status, has_cors",
    ERROR_CASES,
    ids=[f"{case[0]}-{case[3]}" for case in ERROR_CASES],
)
def test_error_response_cors_headers(setup, path, method, status, has_cors):
    response = get(build(setup), path, method=method)
    assert response.status_code == status
    if has_cors:
        assert_cors(response)
    else:
        assert "Access-Control-Allow-Origin" not in response.headers


# --- error handlers and other options on error responses ---


def test_extension_custom_error_handler_response_carries_cors_headers():
    app = failing_app()

    @app.errorhandler(403)
    def handle_forbidden(error):
        return {"error": "forbidden"}, 403

    CORS(app, origins=[ORIGIN])
    response = get(app, "/forbidden")
    assert response.status_code == 403
    assert response.get_json() == {"error": "forbidden"}
    assert_cors(response)


def test_extension_custom_500_handler_response_carries_cors_headers():
    app = failing_app()

    @app.errorhandler(500)
    def handle_server_error(error):
        return {"error": "server"}, 500

    CORS(app, origins=[ORIGIN])
    response = get(app, "/boom")
    assert response.status_code == 500
    assert response.get_json() == {"error": "server"}
    assert_cors(response)


def test_extension_error_with_refused_origin_gets_vary_only():
    app = failing_app()
    CORS(app, origins=[ORIGIN])
    response = app.test_client().get("/boom", headers={"Origin": "https://evil.test"})
    assert response.status_code == 500
    assert "Access-Control-Allow-Origin" not in response.headers
    assert response.headers.getlist("Vary") == ["Origin"]


def test_extension_error_carries_credentials_and_expose_headers():
    app = failing_app()
    CORS(
        app,
        origins=[ORIGIN],
        supports_credentials=True,
        expose_headers=["X-Request-Id"],
    )
    response = get(app, "/forbidden")
    assert response.headers.get("Access-Control-Allow-Credentials") == "true"
    assert response.headers.get("Access-Control-Expose-Headers") == "X-Request-Id"


def test_decorator_error_carries_decorator_expose_headers():
    app = make_decorated_app(origins=[ORIGIN], expose_headers=["X-Request-Id"])
    response = get(app, "/forbidden")
    assert response.headers.get("Access-Control-Expose-Headers") == "X-Request-Id"


def test_extension_no_intercept_errorhandler_response_keeps_cors_headers():
    app = failing_app()

    @app.errorhandler(RuntimeError)
    def handle(error):
        return {"error": str(error)}, 502

    CORS(app, origins=[ORIGIN], intercept_exceptions=False)
    response = get(app, "/boom")
    assert response.status_code == 502
    assert_cors(response)


def test_extension_no_intercept_500_errorhandler_response_has_no_cors_headers():
    app = failing_app()

    @app.errorhandler(500)
    def handle(error):
        return {"error": "internal"}, 500

    CORS(app, origins=[ORIGIN], intercept_exceptions=False)
    response = get(app, "/boom")
    assert response.get_json() == {"error": "internal"}
    assert "Access-Control-Allow-Origin" not in response.headers


def test_extension_no_intercept_still_answers_preflight():
    app = failing_app()
    CORS(app, origins=[ORIGIN], intercept_exceptions=False)
    response = app.test_client().options(
        "/ok", headers={"Origin": ORIGIN, "Access-Control-Request-Method": "GET"}
    )
    assert response.status_code == 200
    assert response.headers.get("Access-Control-Allow-Origin") == ORIGIN
    assert response.headers.get("Access-Control-Allow-Methods") == "GET, HEAD, OPTIONS"


# --- replacement error responses: a failing hook or session store ---


def failing_after_request(response):
    raise RuntimeError("another extension's after_request hook failed")


def test_500_after_a_later_after_request_hook_fails_gets_cors_headers():
    """The failing hook runs before ours (registered later): Flask's new 500
    must still get its headers, or the page cannot read the error."""
    app = failing_app()
    CORS(app, origins=[ORIGIN])
    app.after_request(failing_after_request)
    response = get(app, "/ok")
    assert response.status_code == 500
    assert_cors(response)


def test_500_after_an_earlier_after_request_hook_fails_gets_cors_headers():
    """The failing hook runs after ours: the first response had its headers,
    Flask replaces it with a 500, which needs them too."""
    app = failing_app()
    app.after_request(failing_after_request)
    CORS(app, origins=[ORIGIN])
    response = get(app, "/ok")
    assert response.status_code == 500
    assert_cors(response)


def test_500_after_an_after_request_hook_fails_gets_decorator_headers():
    app = make_decorated_app(origins=[ORIGIN])
    app.after_request(failing_after_request)
    response = get(app, "/ok")
    assert response.status_code == 500
    assert_cors(response)


def test_500_after_session_store_fails_gets_cors_headers():
    from flask.sessions import SecureCookieSessionInterface

    class DownSessionStore(SecureCookieSessionInterface):
        def save_session(self, app, session, response):
            raise ConnectionError("session store is down")

    app = failing_app()
    app.secret_key = "test"
    app.session_interface = DownSessionStore()

    @app.route("/login")
    def login():
        from flask import session

        session["user"] = "alice"
        return "logged in"

    CORS(app, origins=[ORIGIN], supports_credentials=True)
    response = get(app, "/login")
    assert response.status_code == 500
    assert_cors(response)
    assert response.headers.getlist("Access-Control-Allow-Credentials") == ["true"]


def test_same_environ_handed_to_a_second_app_gets_that_apps_headers():
    """WSGI middleware may hand one environ to two Flask apps in turn."""
    from werkzeug.datastructures import Headers
    from werkzeug.test import EnvironBuilder

    first, second = failing_app(), failing_app()
    CORS(first, origins=[ORIGIN])
    CORS(second, origins=[ORIGIN], expose_headers="X-Second")
    environ = EnvironBuilder(path="/ok", headers={"Origin": ORIGIN}).get_environ()
    answers = []

    def start_response(status, headers, exc_info=None):
        answers.append(Headers(headers))

    for app in (first, second):
        b"".join(app(environ, start_response))
    assert [h.getlist("Access-Control-Allow-Origin") for h in answers] == [[ORIGIN], [ORIGIN]]
    assert answers[1].getlist("Access-Control-Expose-Headers") == ["X-Second"]


# --- the hook never crashes the response ---


def raising_origin_check(origin: str) -> bool:
    raise ValueError("allow-list service is down")


def test_extension_raising_origin_callable_gives_normal_response():
    app = failing_app()
    CORS(app, origins=raising_origin_check)
    response = get(app, "/ok")
    assert response.status_code == 200
    assert response.get_data(as_text=True) == "ok"
    assert "Access-Control-Allow-Origin" not in response.headers


def test_extension_raising_origin_callable_on_preflight_gives_no_cors_headers():
    app = failing_app()
    CORS(app, origins=raising_origin_check)
    response = app.test_client().options(
        "/ok", headers={"Origin": ORIGIN, "Access-Control-Request-Method": "GET"}
    )
    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response.headers
    assert "Access-Control-Allow-Methods" not in response.headers


def test_decorator_raising_origin_callable_gives_normal_response():
    app = make_decorated_app(origins=raising_origin_check)
    response = get(app, "/ok")
    assert response.status_code == 200
    assert response.get_data(as_text=True) == "ok"
    assert "Access-Control-Allow-Origin" not in response.headers


def test_raising_origin_callable_is_logged_to_flask_cors_logger(caplog):
    app = failing_app()
    CORS(app, origins=raising_origin_check)
    with caplog.at_level(logging.DEBUG, logger="flask_cors"):
        get(app, "/ok")
    assert any(
        record.name == "flask_cors" and record.exc_info is not None for record in caplog.records
    )


def test_raising_origin_callable_does_not_block_other_listed_origins():
    app = failing_app()
    CORS(app, origins=[raising_origin_check, ORIGIN])
    response = get(app, "/ok")
    assert response.headers.get("Access-Control-Allow-Origin") == ORIGIN


@pytest.mark.parametrize("intercept", [True, False])
def test_decorator_only_app_whose_hook_replaces_responses_keeps_intercept_exceptions(intercept):
    # An after_request hook that returns a new response object: the decorator's
    # finisher gives the new object its headers, except the 500 of an
    # unhandled exception when intercept_exceptions is off.
    app = make_decorated_app(origins=[ORIGIN], intercept_exceptions=intercept)

    @app.after_request
    def rewrap(response):
        return app.response_class(response.get_data(), status=response.status_code)

    assert_cors(get(app, "/ok"))
    failed = get(app, "/boom")
    assert failed.status_code == 500
    if intercept:
        assert_cors(failed)
    else:
        assert "Access-Control-Allow-Origin" not in failed.headers


@pytest.mark.parametrize("mode", ["extension", "decorator"])
def test_a_log_filter_that_raises_on_debug_records_costs_no_response_its_headers(mode, caplog):
    # With debug logging on, the headers are explained in a debug record; a
    # filter (another library's) that raises on it must not cost the headers.
    def refuse_debug(record):
        if record.levelno == logging.DEBUG:
            raise RuntimeError("filter failed")
        return True

    app = build(mode)
    logger = logging.getLogger("flask_cors")
    logger.addFilter(refuse_debug)
    try:
        with caplog.at_level(logging.DEBUG, logger="flask_cors"):
            response = get(app, "/ok")
    finally:
        logger.removeFilter(refuse_debug)
    assert response.status_code == 200
    assert_cors(response)
    assert "could not add CORS headers" in caplog.text


@pytest.mark.parametrize(
    ("path", "covered"), [("/api/missing", True), ("/other/missing", False), ("/api/ok", True)]
)
def test_500_from_a_before_request_hook_gets_the_policy_of_the_path_also_unrouted(path, covered):
    # A URL Flask cannot route (404, or the strict-slash redirect of /api/ok)
    # whose before_request hook fails: the 500 belongs to the resource of its path.
    app = Flask(__name__)

    @app.route("/api/ok/")
    def ok():
        return "ok"

    @app.before_request
    def fail():
        raise RuntimeError("session store down")

    CORS(app, resources={"/api/*": {"origins": [ORIGIN]}})
    response = get(app, path)
    assert response.status_code == 500
    if covered:
        assert_cors(response)
    else:
        assert "Access-Control-Allow-Origin" not in response.headers
