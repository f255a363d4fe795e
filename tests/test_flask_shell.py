"""How the extension and the decorator sit in Flask: extension points, lifecycle, routing.

One section per problem of the old shell (issue "Rebuild the Flask shell"),
each shown through the public API with exact header values.
"""

from __future__ import annotations

import gzip
import json
import pathlib
import time

import pytest
from flask import (
    Blueprint,
    Flask,
    Response,
    g,
    got_request_exception,
    jsonify,
    request,
    request_finished,
    request_started,
    session,
)
from flask.views import MethodView, View

from flask_cors import CORS, cross_origin
from flask_cors.cli import cors_commands
from flask_cors.extension import policy_for_path, policy_for_request

ORIGIN = "https://app.example.com"
ACAO = "Access-Control-Allow-Origin"
ACAM = "Access-Control-Allow-Methods"


# --- only public extension points -------------------------------------------------

FLASK_METHODS = (
    "preprocess_request",
    "process_response",
    "handle_user_exception",
    "handle_exception",
    "make_default_options_response",
    "full_dispatch_request",
    "dispatch_request",
    "finalize_request",
)


def test_extension_replaces_no_method_of_the_app():
    app = Flask(__name__)
    bp = Blueprint("bp", __name__)
    CORS(app, intercept_exceptions=False)
    CORS(bp)
    app.register_blueprint(bp)
    for name in FLASK_METHODS:
        assert name not in vars(app), name
        assert getattr(app, name).__func__ is getattr(Flask, name), name


def test_extension_registers_one_app_wide_after_request_hook_and_no_before_request_hook():
    app = Flask(__name__)
    bp = Blueprint("bp", __name__)
    CORS(app)
    CORS(app, resources="/x")
    CORS(bp)
    app.register_blueprint(bp)
    assert list(app.after_request_funcs) == [None]
    assert len(app.after_request_funcs[None]) == 1
    assert not any(app.before_request_funcs.values())


def test_wsgi_app_is_wrapped_once_per_app_and_keeps_middleware_added_later(preflight):
    app = Flask(__name__)
    CORS(app)
    wrapped = app.wsgi_app
    CORS(app, origins=ORIGIN)
    assert app.wsgi_app is wrapped
    seen = []

    def middleware(inner):
        def wsgi_app(environ, start_response):
            seen.append(environ["PATH_INFO"])
            return inner(environ, start_response)

        return wsgi_app

    app.wsgi_app = middleware(app.wsgi_app)

    @app.route("/items", methods=["PUT"])
    def items():
        return "items"

    response = preflight(app.test_client(), "/items")
    assert response.headers[ACAO] == ORIGIN
    assert seen == ["/items"]


def test_decorator_connects_no_signal_receiver_during_requests():
    app = Flask(__name__)
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.route("/forbidden")
    @cross_origin()
    def forbidden():
        from flask import abort

        abort(403)

    receivers = dict(request_finished.receivers)
    response = app.test_client().get("/forbidden", headers={"Origin": ORIGIN})
    assert response.status_code == 403
    assert response.headers[ACAO] == "*"
    assert dict(request_finished.receivers) == receivers


@pytest.mark.parametrize("entry", ["CORS(app)", "CORS(bp)"])
def test_after_the_first_request_the_app_leaves_no_request_started_receiver(entry):
    """The first-request check disconnects for good: blinker keeps a receiver
    disconnected from one sender only in its list, and then every request of
    every app in the process pays for looking it up."""
    before = set(request_started.receivers)
    app = Flask(__name__)
    if entry == "CORS(app)":
        CORS(app)
    else:
        bp = Blueprint("bp", __name__)
        CORS(bp)
        app.register_blueprint(bp)
    app.add_url_rule("/x", "x", lambda: "x")
    ours = set(request_started.receivers) - before
    assert ours  # the first-request check
    app.test_client().get("/x", headers={"Origin": ORIGIN})
    assert not ours & set(request_started.receivers)


# --- preflights never reach the app's hooks ----------------------------------------


def make_app_with_paired_hooks(calls: list[str]) -> Flask:
    app = Flask(__name__)
    app.secret_key = "test"

    @app.before_request
    def start_timer():
        calls.append("before_request")
        g.t0 = time.perf_counter()
        g.db = "connection"

    @app.after_request
    def add_timing(response):
        calls.append("after_request")
        response.headers["X-Time"] = f"{time.perf_counter() - g.t0:.6f}"
        return response

    @app.teardown_request
    def close_db(exc):
        calls.append("teardown_request")
        g.pop("db")

    @app.route("/items", methods=["GET", "POST", "PUT"])
    def items():
        session["seen"] = True
        return "items"

    CORS(app, origins=[ORIGIN])
    return app


def test_preflight_succeeds_in_app_whose_hooks_come_in_pairs(preflight):
    calls: list[str] = []
    app = make_app_with_paired_hooks(calls)
    response = preflight(app.test_client(), "/items", headers="content-type")
    assert response.status_code == 200
    assert response.headers[ACAO] == ORIGIN
    assert response.headers[ACAM] == "GET, HEAD, POST, OPTIONS, PUT"
    assert response.headers["Access-Control-Allow-Headers"] == "content-type"
    assert calls == []


def test_actual_request_of_that_app_still_runs_every_hook():
    calls: list[str] = []
    app = make_app_with_paired_hooks(calls)
    response = app.test_client().put("/items", headers={"Origin": ORIGIN})
    assert response.status_code == 200
    assert response.headers[ACAO] == ORIGIN
    assert "X-Time" in response.headers
    assert calls == ["before_request", "after_request", "teardown_request"]


def test_preflight_sends_no_request_signal_and_opens_no_session(preflight):
    app = Flask(__name__)
    opened = []

    class Sessions(app.session_interface.__class__):
        def open_session(self, app, request):
            opened.append(request.path)
            return super().open_session(app, request)

    app.session_interface = Sessions()

    @app.route("/items", methods=["PUT"])
    def items():
        return "items"

    CORS(app)
    started = []
    with request_started.connected_to(lambda sender, **extra: started.append(1), app):
        response = preflight(app.test_client(), "/items")
    assert response.headers[ACAO] == "*"
    assert started == [] and opened == []


# --- one URL, several rules (flask-cors issue #280) --------------------------------


def make_split_app(**options) -> Flask:
    app = Flask(__name__)

    @app.get("/items/<int:item_id>")
    def read_item(item_id):
        return "read"

    @app.route("/items/<int:item_id>", methods=["PUT", "DELETE"])
    def change_item(item_id):
        return "changed"

    CORS(app, origins=[ORIGIN], **options)
    return app


def test_preflight_offers_the_methods_of_every_rule_of_the_url(preflight):
    response = preflight(make_split_app().test_client(), "/items/5", method="DELETE")
    assert response.status_code == 200
    assert response.headers[ACAM] == "GET, HEAD, OPTIONS, PUT, DELETE"
    assert sorted(response.headers["Allow"].split(", ")) == [
        "DELETE",
        "GET",
        "HEAD",
        "OPTIONS",
        "PUT",
    ]


@pytest.mark.filterwarnings("ignore:@cross_origin on .* admits:flask_cors.CORSConfigWarning")
def test_preflight_for_several_rules_uses_the_policy_of_the_view_serving_the_method(preflight):
    app = Flask(__name__)

    @app.get("/items/<int:item_id>")
    def read_item(item_id):
        return "read"

    @app.route("/items/<int:item_id>", methods=["DELETE"])
    @cross_origin(origins="https://admin.example.com", methods=["DELETE"])
    def delete_item(item_id):
        return "deleted"

    CORS(app, origins=[ORIGIN])
    client = app.test_client()
    admin = {"Origin": "https://admin.example.com", "Access-Control-Request-Method": "DELETE"}
    response = client.options("/items/5", headers=admin)
    assert response.headers[ACAO] == "https://admin.example.com"
    assert response.headers[ACAM] == "DELETE"
    assert ACAO not in preflight(client, "/items/5", method="DELETE").headers


def test_decorator_only_app_offers_the_methods_of_every_rule_of_the_url(preflight):
    app = Flask(__name__)

    @app.get("/items/<int:item_id>")
    @cross_origin()
    def read_item(item_id):
        return "read"

    @app.route("/items/<int:item_id>", methods=["PUT", "DELETE"])
    @cross_origin()
    def change_item(item_id):
        return "changed"

    response = preflight(app.test_client(), "/items/5", method="DELETE")
    assert response.headers[ACAO] == "*"
    assert response.headers[ACAM] == "GET, HEAD, OPTIONS, PUT, DELETE"


# --- blueprint policies on routing answers -----------------------------------------


def make_blueprint_app() -> Flask:
    bp = Blueprint("api", __name__)

    @bp.route("/items/")
    def items():
        return "items"

    CORS(bp, origins=[ORIGIN])
    app = Flask(__name__)

    @app.route("/outside")
    def outside():
        return "outside"

    app.register_blueprint(bp, url_prefix="/api")
    return app


def test_strict_slash_redirect_to_a_blueprint_route_carries_its_headers():
    response = make_blueprint_app().test_client().get("/api/items", headers={"Origin": ORIGIN})
    assert response.status_code == 308
    assert response.headers["Location"].endswith("/api/items/")
    assert response.headers.getlist(ACAO) == [ORIGIN]
    assert response.headers["Vary"] == "Origin"


def test_405_on_a_blueprint_route_carries_its_headers():
    response = make_blueprint_app().test_client().post("/api/items/", headers={"Origin": ORIGIN})
    assert response.status_code == 405
    assert response.headers.getlist(ACAO) == [ORIGIN]


def test_routing_answers_outside_the_blueprint_get_no_blueprint_headers():
    client = make_blueprint_app().test_client()
    assert ACAO not in client.post("/outside", headers={"Origin": ORIGIN}).headers
    assert ACAO not in client.get("/api/missing", headers={"Origin": ORIGIN}).headers


# --- preflights that Flask would redirect ------------------------------------------


def make_slash_app() -> Flask:
    app = Flask(__name__)

    @app.route("/api/", methods=["GET", "PUT"])
    def api():
        return "api"

    CORS(app, resources={r"/api/*": {"origins": [ORIGIN]}})
    return app


def test_preflight_to_a_url_flask_would_redirect_is_answered_for_the_target(preflight):
    response = preflight(make_slash_app().test_client(), "/api")
    assert response.status_code == 200
    assert response.get_data() == b""
    assert response.headers[ACAO] == ORIGIN
    assert response.headers[ACAM] == "GET, HEAD, OPTIONS, PUT"
    assert "Location" not in response.headers


def test_actual_request_to_that_url_gets_a_redirect_with_cors_headers():
    response = make_slash_app().test_client().put("/api", headers={"Origin": ORIGIN})
    assert response.status_code == 308
    assert response.headers[ACAO] == ORIGIN


def test_preflight_redirect_under_a_script_root_is_answered_for_the_target():
    client = make_slash_app().test_client()
    response = client.options(
        "/api",
        headers={"Origin": ORIGIN, "Access-Control-Request-Method": "PUT"},
        environ_overrides={"SCRIPT_NAME": "/mounted"},
    )
    assert response.status_code == 200
    assert response.headers[ACAO] == ORIGIN


# --- methods the page wrote in lower case ------------------------------------------


def make_patch_app(**options) -> Flask:
    app = Flask(__name__)

    @app.route("/notes/<int:note_id>", methods=["GET", "PATCH"])
    def note(note_id):
        from flask import request

        return request.method

    CORS(app, origins=[ORIGIN], **options)
    return app


def test_preflight_for_lower_case_patch_lists_it_as_sent(preflight):
    response = preflight(make_patch_app().test_client(), "/notes/1", method="patch")
    assert response.headers[ACAM] == "GET, HEAD, OPTIONS, PATCH, patch"


def test_lower_case_patch_reaches_the_patch_view():
    client = make_patch_app().test_client()
    response = client.open("/notes/1", method="patch", headers={"Origin": ORIGIN})
    assert response.get_data(as_text=True) == "PATCH"
    assert response.headers[ACAO] == ORIGIN


def test_lower_case_method_the_url_does_not_serve_is_refused(preflight):
    response = preflight(make_patch_app().test_client(), "/notes/1", method="delete")
    assert response.headers[ACAM] == "GET, HEAD, OPTIONS, PATCH"


def test_lower_case_method_the_policy_does_not_allow_is_refused(preflight):
    client = make_patch_app(methods=["GET"]).test_client()
    assert preflight(client, "/notes/1", method="patch").headers[ACAM] == "GET"


# --- class-based views with the decorator, no extension ----------------------------


@pytest.mark.parametrize("with_extension", [False, True])
def test_method_view_with_cross_origin_in_decorators_answers_preflights(with_extension, preflight):
    class Items(MethodView):
        decorators = [cross_origin(origins=[ORIGIN], methods=["GET", "PUT"])]

        def get(self):
            return "list"

        def put(self):
            return "replaced"

    app = Flask(__name__)
    app.add_url_rule("/items", view_func=Items.as_view("items"))
    if with_extension:
        CORS(app, origins="https://other.example.com")
    client = app.test_client()
    response = preflight(client, "/items")
    assert response.status_code == 200
    assert response.headers[ACAO] == ORIGIN
    assert response.headers[ACAM] == "GET, PUT"
    actual = client.put("/items", headers={"Origin": ORIGIN})
    assert actual.get_data(as_text=True) == "replaced"
    assert actual.headers[ACAO] == ORIGIN


def test_plain_view_class_with_cross_origin_in_decorators_answers_preflights(preflight):
    class Report(View):
        methods = ["GET", "POST"]
        decorators = [cross_origin(origins=[ORIGIN])]

        def dispatch_request(self):
            return "report"

    app = Flask(__name__)
    app.add_url_rule("/report", view_func=Report.as_view("report"))
    response = preflight(app.test_client(), "/report", method="POST", headers="content-type")
    assert response.headers[ACAO] == ORIGIN
    assert response.headers[ACAM] == "GET, HEAD, POST, OPTIONS"


def test_cross_origin_on_a_view_method_binds_like_a_function():
    class Report(View):
        @cross_origin(origins=[ORIGIN])
        def dispatch_request(self):
            return type(self).__name__

    app = Flask(__name__)
    app.add_url_rule("/report", view_func=Report.as_view("report"))
    response = app.test_client().get("/report", headers={"Origin": ORIGIN})
    assert response.get_data(as_text=True) == "Report"
    assert response.headers[ACAO] == ORIGIN


def test_decorator_below_another_decorator_still_answers_preflights(preflight):
    import functools

    def logged(view):
        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            return view(*args, **kwargs)

        return wrapper

    app = Flask(__name__)

    @app.route("/items", methods=["PUT"])
    @logged
    @cross_origin(origins=[ORIGIN])
    def items():
        return "items"

    response = preflight(app.test_client(), "/items")
    assert response.headers[ACAO] == ORIGIN
    assert response.headers[ACAM] == "OPTIONS, PUT"


# --- the response that leaves the app gets the headers --------------------------


def envelope(response: Response) -> Response:
    """Wraps every JSON answer in {"data": ...}: a new response object."""
    if response.is_json:
        wrapped = jsonify(data=response.get_json())
        wrapped.status_code = response.status_code
        return wrapped
    return response


def compress(response: Response) -> Response:
    """A compression hook that builds a new response instead of editing this one."""
    if response.direct_passthrough:
        return response
    compressed = Response(gzip.compress(response.get_data()), status=response.status_code)
    compressed.headers["Content-Encoding"] = "gzip"
    compressed.headers["Content-Type"] = response.headers.get("Content-Type", "text/plain")
    return compressed


def app_with_late_hook(entry: str, hook) -> Flask:
    """A factory that registers ``hook`` first, then sets CORS up."""
    app = Flask(__name__)
    app.after_request(hook)
    options = {"origins": [ORIGIN], "supports_credentials": True, "expose_headers": "X-Total"}

    def items():
        return {"items": [1]}

    if entry == "CORS(bp)":
        bp = Blueprint("api", __name__)
        bp.add_url_rule("/items", "items", items)
        CORS(bp, **options)
        app.register_blueprint(bp)
    elif entry == "@cross_origin":
        app.add_url_rule("/items", "items", cross_origin(**options)(items))
    else:
        app.add_url_rule("/items", "items", items)
        CORS(app, **options)
    return app


@pytest.mark.parametrize("entry", ["CORS(app)", "CORS(bp)", "@cross_origin"])
@pytest.mark.parametrize("hook", [envelope, compress], ids=["envelope", "compression"])
def test_hook_that_returns_a_new_response_does_not_drop_the_cors_headers(entry, hook):
    app = app_with_late_hook(entry, hook)
    response = app.test_client().get("/items", headers={"Origin": ORIGIN})
    assert response.headers.getlist(ACAO) == [ORIGIN]
    assert response.headers.getlist("Access-Control-Allow-Credentials") == ["true"]
    assert response.headers.getlist("Access-Control-Expose-Headers") == ["X-Total"]
    assert response.headers.getlist("Vary") == ["Origin"]


@pytest.mark.parametrize("entry", ["CORS(app)", "CORS(bp)", "@cross_origin"])
def test_hook_that_returns_a_new_response_keeps_refusals_refused(entry):
    app = app_with_late_hook(entry, envelope)
    response = app.test_client().get("/items", headers={"Origin": "https://evil.example"})
    assert ACAO not in response.headers
    assert response.headers.getlist("Vary") == ["Origin"]
    assert response.get_json() == {"data": {"items": [1]}}


def test_hook_that_returns_a_new_error_response_keeps_the_headers():
    app = app_with_late_hook("CORS(app)", compress)
    response = app.test_client().get("/missing", headers={"Origin": ORIGIN})
    assert response.status_code == 404
    assert response.headers.getlist(ACAO) == [ORIGIN]


def test_no_finishing_receiver_without_a_hook_registered_before_cors():
    app = Flask(__name__)
    CORS(app)
    app.after_request(envelope)  # runs before the extension's hook: nothing to finish
    assert not request_finished.has_receivers_for(app)


# --- error responses of the very first request ---------------------------------------


def app_whose_hook_fails(entry: str, middleware: str | None = None, **options) -> Flask:
    """An app whose before_request hook raises on every request, from the first;
    with ``middleware``, ProxyFix wraps ``app.wsgi_app`` before or after CORS."""
    from werkzeug.middleware.proxy_fix import ProxyFix

    app = Flask(__name__)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    if middleware == "before":
        app.wsgi_app = ProxyFix(app.wsgi_app, x_host=1)

    @app.before_request
    def failing_session_store():
        raise RuntimeError("session store down")

    def items():
        return "items"

    if entry == "CORS(bp)":
        bp = Blueprint("api", __name__)
        bp.add_url_rule("/items", "items", items, methods=["GET", "POST"])
        CORS(bp, **options)
        app.register_blueprint(bp)
    elif entry == "@cross_origin":
        app.add_url_rule("/items", "items", cross_origin(**options)(items), methods=["GET", "POST"])
    else:
        app.add_url_rule("/items", "items", items, methods=["GET", "POST"])
        CORS(app, **options)
    if middleware == "after":
        app.wsgi_app = ProxyFix(app.wsgi_app, x_host=1)
    return app


@pytest.mark.parametrize("entry", ["CORS(app)", "CORS(bp)", "@cross_origin"])
@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("middleware", [None, "before", "after"])
def test_first_request_failing_in_a_hook_before_any_view_ran_keeps_its_headers(
    entry, method, middleware
):
    app = app_whose_hook_fails(
        entry, origins=[ORIGIN], supports_credentials=True, middleware=middleware
    )
    client = app.test_client()
    for _ in range(2):  # the first request, and one after it
        response = client.open("/items", method=method, headers={"Origin": ORIGIN})
        assert response.status_code == 500
        assert response.headers.getlist(ACAO) == [ORIGIN]
        assert response.headers.getlist("Access-Control-Allow-Credentials") == ["true"]


@pytest.mark.parametrize("entry", ["CORS(app)", "CORS(bp)", "@cross_origin"])
def test_first_request_failing_with_intercept_exceptions_off_gets_no_headers(entry):
    app = app_whose_hook_fails(entry, origins=[ORIGIN], intercept_exceptions=False)
    response = app.test_client().get("/items", headers={"Origin": ORIGIN})
    assert response.status_code == 500
    assert ACAO not in response.headers


# --- no global side effects ------------------------------------------------------------


def test_importing_flask_cors_connects_nothing_and_wraps_nothing(tmp_path):
    """Nothing happens at import: no receiver on any Flask signal, no hook."""
    script = tmp_path / "imports.py"
    script.write_text(
        "import blinker, flask, flask.signals\n"
        "signals = [s for s in vars(flask.signals).values() if isinstance(s, blinker.Signal)]\n"
        "before = [len(s.receivers) for s in signals]\n"
        "import flask_cors, flask_cors.cli, flask_cors.core, flask_cors.testing\n"
        "from flask_cors import signals as ours\n"
        "after = [len(s.receivers) for s in signals]\n"
        "assert before == after, (before, after)\n"
        "assert not ours.cors_allowed.receivers and not ours.cors_refused.receivers\n"
        "print('clean')\n"
    )
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, check=False
    )
    assert done.stdout.strip() == "clean", done.stderr


def test_each_app_connects_its_receivers_for_itself_only():
    anyone = object()
    signals = (request_started, request_finished, got_request_exception)
    before = {signal: list(signal.receivers_for(anyone)) for signal in signals}
    app = Flask(__name__)
    app.after_request(envelope)  # a late hook: the finishing receiver is connected too
    CORS(app, origins=[ORIGIN])
    for signal in signals:
        assert list(signal.receivers_for(anyone)) == before[signal]
        assert set(signal.receivers_for(app)) - set(before[signal])


def test_requests_and_dropped_apps_leave_no_state_in_flask_cors_modules():
    """The weak registries of flask_cors (the memo tables of live policies)
    return to their size once the apps that filled them are gone."""
    import gc
    import weakref

    import flask_cors._patterns as patterns

    gc.collect()
    tables = len(patterns._tables)

    def serve_some_requests() -> weakref.ref[Flask]:
        app = app_with_late_hook("CORS(app)", envelope)
        client = app.test_client()
        for number in range(20):
            client.get("/items", headers={"Origin": f"https://{number}.example.com"})
            client.get("/missing", headers={"Origin": ORIGIN})
            client.options(
                "/items",
                headers={"Origin": ORIGIN, "Access-Control-Request-Method": "POST"},
            )
        return weakref.ref(app)

    gone = serve_some_requests()
    gc.collect()
    assert gone() is None, "the app outlived its last reference: something global holds it"
    assert len(patterns._tables) == tables


def test_leak_check_sees_a_table_that_keeps_per_request_state(request):
    """The after-test check of tests/conftest.py fails for a module-level
    table that grows, and for a receiver connected for every app."""
    import flask_cors.origins as origins

    state = request.config.pluginmanager.get_plugin(
        str(pathlib.Path(__file__).with_name("conftest.py"))
    ).flask_cors_global_state
    before = state()
    origins._DEFAULT_PORTS["gopher"] = 70
    try:
        assert state() != before
    finally:
        del origins._DEFAULT_PORTS["gopher"]
    assert state() == before

    def per_request(sender, **extra):
        pass

    per_request.__module__ = "flask_cors.somewhere"
    request_started.connect(per_request)
    try:
        assert state() != before
    finally:
        request_started.disconnect(per_request)
    assert state() == before


# --- the lookups flask_cors.extension offers, in an app without the extension ---


def decorator_only_app() -> Flask:
    app = Flask(__name__)

    @app.route("/api/items", methods=["GET", "POST"])
    @cross_origin(origins=[ORIGIN], cross_origin_protection=True)
    def items():
        return "items"

    @app.route("/plain", methods=["GET", "POST"])
    def plain():
        return "plain"

    return app


def test_policy_lookups_without_the_extension_answer_with_the_views_own_policy():
    app = decorator_only_app()
    assert policy_for_path(app, "items", "/api/items").options.origins == (ORIGIN,)
    assert policy_for_path(app, "plain", "/plain") is None
    assert policy_for_path(app, None, "/missing") is None
    with app.test_request_context("/api/items"):
        assert policy_for_request(app, request).options.origins == (ORIGIN,)
    with app.test_request_context("/missing"):
        assert policy_for_request(app, request) is None


def test_flask_cors_routes_tells_how_writes_are_screened_without_the_extension():
    result = decorator_only_app().test_cli_runner().invoke(cors_commands, ["routes", "--json"])
    assert result.exit_code == 0, result.output
    writes = {row["rule"]: row["writes"] for row in json.loads(result.output)}
    assert writes["/api/items"].startswith("cross-origin writes refused unless from an allowed")
    assert writes["/plain"] == "not screened (cross_origin_protection is off)"


@pytest.mark.parametrize("target", ["app", object(), Flask])
def test_cors_on_something_else_than_an_app_or_blueprint_says_what_it_got(target):
    with pytest.raises(TypeError, match="CORS expects a Flask app or a Blueprint, got "):
        CORS(target)
