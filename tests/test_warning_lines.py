"""Every set-up warning points at the user's line that led to it, once."""

from __future__ import annotations

import subprocess
import sys

import pytest
from flask import Blueprint, Flask

from flask_cors import CORS, CORSConfigWarning, cross_origin


def new_app() -> Flask:
    app = Flask(__name__)
    app.route("/api/items")(lambda: "items")
    return app


def keyword_typo():
    CORS(new_app(), origin="https://app.example")


def keyword_value():
    CORS(new_app(), origins="app.example")


def config_key():
    CORS(new_app_with_config())


def new_app_with_config() -> Flask:
    app = new_app()
    app.config["CORS_ORIGIN"] = "https://app.example"
    return app


def resource_pattern():
    CORS(new_app(), resources={"api/*": {}})


def resource_dict_value():
    CORS(new_app(), resources={"/api/*": {"origins": "app.example"}})


def decorator_typo():
    cross_origin(origin="https://app.example")


def decorator_value():
    cross_origin(origins="app.example")


cors = CORS()


def create_app() -> Flask:
    app = new_app()
    cors.init_app(app, origins="app.example")
    return app


def factory():
    create_app()


def blueprint_registration():
    app, api = new_app(), Blueprint("api", __name__)
    CORS(api, origins="app.example")
    app.register_blueprint(api)


@pytest.mark.parametrize(
    ("set_up", "calling", "line"),
    [
        (keyword_typo, keyword_typo, 1),
        (keyword_value, keyword_value, 1),
        (config_key, config_key, 1),
        (resource_pattern, resource_pattern, 1),
        (resource_dict_value, resource_dict_value, 1),
        (decorator_typo, decorator_typo, 1),
        (decorator_value, decorator_value, 1),
        (factory, create_app, 2),
    ],
    ids=lambda value: getattr(value, "__name__", str(value)),
)
def test_a_set_up_warning_points_once_at_the_line_that_set_it(set_up, calling, line):
    """``line``: which line of ``calling``'s body calls flask_cors."""
    with pytest.warns(CORSConfigWarning) as record:
        set_up()
    assert [(w.category, w.filename, w.lineno) for w in record] == [
        (CORSConfigWarning, __file__, calling.__code__.co_firstlineno + line)
    ]


def test_a_blueprint_warning_points_at_register_blueprint():
    with pytest.warns(CORSConfigWarning) as record:
        blueprint_registration()
    first = blueprint_registration.__code__.co_firstlineno
    assert [(w.filename, w.lineno) for w in record] == [(__file__, first + 3)]


class ItemsView:
    """A view that is an object: it has no line of its own."""

    def __call__(self):
        return "items"


def items_function():
    return "items"


@pytest.mark.parametrize("view", [items_function, ItemsView()], ids=["function", "object"])
def test_a_decorated_views_config_warning_points_at_the_view_else_at_the_first_request(view):
    # The decorator reads app.config on the app's first request: the warning
    # points at the view's own def line, or, for a view with none, at the
    # line that sent that request.
    app = new_app_with_config()
    app.add_url_rule("/api/view", "view", cross_origin()(view))
    client = app.test_client()
    with pytest.warns(CORSConfigWarning, match="CORS_ORIGIN") as record:
        sent_at = sys._getframe().f_lineno + 1
        client.get("/api/view", headers={"Origin": "https://app.example"})
    expected = items_function.__code__.co_firstlineno if view is items_function else sent_at
    assert [(w.filename, w.lineno) for w in record] == [(__file__, expected)]


@pytest.mark.parametrize("how", ["-c", "stdin"])
def test_a_set_up_warning_in_a_python_c_or_stdin_script_is_shown_and_the_app_starts(how):
    # Their __main__ has a loader that cannot give the source of the line.
    script = "from flask import Flask\nfrom flask_cors import CORS\nCORS(Flask('x'), origin='x')\n"
    script += "print('started')\n"
    command = [sys.executable, "-W", "always"]
    result = subprocess.run(
        [*command, "-c", script] if how == "-c" else [*command, "-"],
        input=None if how == "-c" else script,
        capture_output=True,
        text=True,
        timeout=60,
        cwd="/",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "started\n"
    assert "CORSConfigWarning: CORS(...): unknown option 'origin'" in result.stderr


# --- warnings given on the first request, about the set-up ---


def narrowed_app() -> tuple[Flask, int]:
    """An app whose resource pattern covers fewer routes than flask-cors 6
    read it to; and the line of the set-up call the warning is about."""
    app = Flask(__name__)
    app.route("/items/12/edit")(lambda: "edit")
    here = sys._getframe().f_lineno
    CORS(app, resources={r"/items/\d+": {"origins": ["https://app.example"]}})
    return app, here + 1


def narrowed_blueprint() -> tuple[Flask, int]:
    app, api = Flask(__name__), Blueprint("api", __name__)
    api.route("/items/12/edit")(lambda: "edit")
    CORS(api, resources={r"/items/\d+": {"origins": ["https://app.example"]}})
    here = sys._getframe().f_lineno
    app.register_blueprint(api)
    return app, here + 1


def narrowed_factory() -> tuple[Flask, int]:
    app = Flask(__name__)
    app.route("/items/12/edit")(lambda: "edit")
    here = sys._getframe().f_lineno
    cors.init_app(app, resources={r"/items/\d+": {"origins": ["https://app.example"]}})
    return app, here + 1


@pytest.mark.parametrize("build", [narrowed_app, narrowed_blueprint, narrowed_factory])
def test_a_first_request_warning_about_a_pattern_points_at_its_set_up(build):
    app, set_up_line = build()
    with pytest.warns(CORSConfigWarning, match="no longer covers /items/12/edit") as record:
        app.test_client().get("/items/12/edit")
    assert [(w.filename, w.lineno) for w in record] == [(__file__, set_up_line)]


def wide_view():
    return "wide"


class WideView:
    def __call__(self):
        return "wide"


@pytest.mark.parametrize("entry", ["app", "blueprint"])
@pytest.mark.parametrize("view", [wide_view, WideView()], ids=["function", "object"])
def test_a_view_wider_than_its_resource_is_named_at_its_def_line(entry, view):
    # Found on the view's first request: the warning points at the view, or,
    # for a view without a def line, at the line that sent the request.
    app = Flask(__name__)
    scope = Blueprint("api", __name__) if entry == "blueprint" else app
    scope.add_url_rule("/wide", "wide", cross_origin(origins="*")(view))
    CORS(scope, resources={"/wide": {"origins": ["https://app.example"]}})
    if entry == "blueprint":
        app.register_blueprint(scope)
    client = app.test_client()
    with pytest.warns(CORSConfigWarning, match="admits every origin") as record:
        sent_at = sys._getframe().f_lineno + 1
        client.get("/wide", headers={"Origin": "https://app.example"})
    expected = wide_view.__code__.co_firstlineno if view is wide_view else sent_at
    assert [(w.filename, w.lineno) for w in record] == [(__file__, expected)]


@pytest.mark.parametrize("entry", ["app", "blueprint"])
def test_a_class_based_view_wider_than_its_resource_is_named_at_its_class(entry):
    from flask.views import MethodView

    class WideItems(MethodView):
        decorators = [cross_origin(origins="*")]

        def get(self):
            return "wide"

    app = Flask(__name__)
    scope = Blueprint("api", __name__) if entry == "blueprint" else app
    scope.add_url_rule("/wide", view_func=WideItems.as_view("wide"))
    CORS(scope, resources={"/wide": {"origins": ["https://app.example"]}})
    if entry == "blueprint":
        app.register_blueprint(scope)
    with pytest.warns(CORSConfigWarning, match="admits every origin") as record:
        app.test_client().get("/wide", headers={"Origin": "https://app.example"})
    class_line = sys._getframe().f_code.co_firstlineno + 4
    assert [(w.filename, w.lineno) for w in record] == [(__file__, class_line)]
