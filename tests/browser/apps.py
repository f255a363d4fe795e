"""The Flask apps and the page server of the browser suite.

Every app has the same routes (:data:`scenarios.ROUTES`); only its CORS
configuration (:class:`scenarios.AppConfig`) differs.
"""

from __future__ import annotations

import time
import warnings
from collections.abc import Mapping
from typing import Any, Callable

from flask import Flask, Response, abort, g, jsonify, request, request_started

from flask_cors import CORS, cross_origin

from .scenarios import COOKIE, TOKEN, AppConfig, substitute

DATA_PATHS = ("/data", "/api/data", "/public/data", "/other/data", "/apiary/data")


def _plain(view: Callable[..., Any]) -> Callable[..., Any]:
    return view


def _text(body: str, **headers: str) -> Response:
    return Response(body, mimetype="text/plain", headers=headers)


def build_app(config: AppConfig, ports: Mapping[str, int]) -> Flask:
    """A Flask app with the suite's routes and ``config``'s CORS setup."""
    app = Flask(f"browser_{config.name}")
    app.config.update(substitute(dict(config.config), ports))
    # The 500 scenario raises on purpose; its traceback is noise here.
    app.logger.disabled = True

    # Registered before the extension on purpose: the extension must still
    # answer preflights ahead of it.
    @app.before_request
    def require_token() -> None:
        if request.path == "/private" and (
            request.headers.get("Authorization") != f"Bearer {TOKEN}"
        ):
            abort(401)

    # A pair, as timing or database hooks come: the after_request half fails
    # (a 500) whenever its before_request half did not run.
    @app.before_request
    def start_timer() -> None:
        if request.path == "/paired":
            g.t0 = time.perf_counter()

    @app.after_request
    def add_timing(response: Response) -> Response:
        if request.path == "/paired":
            response.headers["Server-Timing"] = f"app;dur={time.perf_counter() - g.t0:.6f}"
        return response

    if config.extension is not None:
        CORS(app, **substitute(dict(config.extension), ports))
    decorate = (
        cross_origin(**substitute(dict(config.decorator), ports))
        if config.decorator is not None
        else _plain
    )

    def data() -> Response:
        cookie = "yes" if COOKIE[0] in request.cookies else "no"
        return _text(
            f"data {request.method} cookie={cookie}", **{"X-Total-Count": "2", "X-Secret": "hidden"}
        )

    for path in DATA_PATHS:
        app.add_url_rule(
            path, endpoint=path, view_func=data, methods=["GET", "POST", "PUT", "PATCH", "DELETE"]
        )

    @app.route("/only-get")
    def only_get() -> Response:
        return _text("only get")

    @app.route("/json", methods=["POST"])
    def echo_json() -> Response:
        return jsonify(received=request.get_json())

    @app.route("/boom")
    def boom() -> Response:
        raise RuntimeError("the 500 scenario")

    @app.route("/forbidden")
    def forbidden() -> Response:
        abort(403)

    @app.route("/private")
    def private() -> Response:
        return _text("secret")

    @app.route("/async")
    async def async_view() -> Response:
        return _text("async")

    @app.route("/decorated", methods=["GET", "PUT"])
    @decorate
    def decorated() -> Response:
        return _text("decorated")

    @app.route("/decorated-async")
    @decorate
    async def decorated_async() -> Response:
        return _text("decorated async")

    @app.route("/cacheable")
    def cacheable() -> Response:
        return _text("cacheable", **{"Cache-Control": "max-age=600"})

    @app.route("/paired", methods=["GET", "PUT"])
    def paired() -> Response:
        return _text(f"paired {request.method}")

    @app.get("/items/<int:item_id>")
    def read_item(item_id: int) -> Response:
        return _text(f"item {item_id}")

    @app.route("/items/<int:item_id>", methods=["PUT", "DELETE"])
    def change_item(item_id: int) -> Response:
        return _text(f"{request.method} item {item_id}")

    @app.route("/own-credentials")
    def own_credentials() -> Response:
        cookie = "yes" if COOKIE[0] in request.cookies else "no"
        return _text(f"own cookie={cookie}", **{"Access-Control-Allow-Credentials": "true"})

    @app.route("/slash/", methods=["GET", "PUT"])
    def slash() -> Response:
        return _text(f"slash {request.method}")

    _report_first_request_warnings(app)
    return app


def _report_first_request_warnings(app: Flask) -> None:
    """Give the set-up warnings an app's first request gives, now, outside
    the browser's requests (each would be an error there: a 500).

    flask-cors 6.0.5 read ``r"/api/*"`` as a prefix that also covers
    ``/apiary/data``, and the app's first request says so; any other warning
    stays an error.
    """
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        request_started.send(app)
    for warning in caught:
        if "no longer covers /apiary/data" not in str(warning.message):
            warnings.warn(warning.message, stacklevel=2)


PAGE_HTML = b"<!doctype html><title>flask_cors browser suite</title><p>page</p>"
SANDBOX_HTML = (
    b'<!doctype html><title>sandbox</title><iframe sandbox="allow-scripts" src="/frame"></iframe>'
)
FRAME_HTML = b"<!doctype html><title>frame</title><p>opaque origin</p>"


def page_app(environ: Mapping[str, Any], start_response: Callable[..., Any]) -> Any:
    """The pages that make the requests: blank, except ``/sandbox``'s iframe."""
    body = {"/sandbox": SANDBOX_HTML, "/frame": FRAME_HTML}.get(environ["PATH_INFO"], PAGE_HTML)
    start_response(
        "200 OK",
        [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(body)))],
    )
    return [body]
