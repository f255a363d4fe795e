"""Memory stays bounded whatever the requests: the memo tables remember only
short values, and all of them together hold at most a few MB.

Each test floods an app with distinct values through the public API and
measures, with tracemalloc, the memory still held once the flood is over.
Requests are plain WSGI calls: the test client keeps caches of its own.
"""

from __future__ import annotations

import gc
import io
import sys
import tracemalloc
from typing import Any, Callable

import pytest
from flask import Flask

from flask_cors import CORS

MB = 1024 * 1024
#: What all memo tables together may keep (the docs promise at most 2 MB).
BOUND = 2 * MB

ORIGIN = "https://app.example.com"


def call(app: Flask, path: str, method: str = "GET", **headers: str) -> None:
    environ: dict[str, Any] = {
        "REQUEST_METHOD": method,
        "SCRIPT_NAME": "",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "api.example.net",
        "SERVER_PORT": "443",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "api.example.net",
        "wsgi.url_scheme": "https",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
    }
    for name, value in headers.items():
        environ["HTTP_" + name.upper()] = value
    body = app(environ, lambda status, response_headers, exc_info=None: None)
    for _chunk in body:
        pass
    body.close()  # type: ignore[attr-defined]


def retained(flood: Callable[[], None]) -> int:
    """Bytes still allocated after ``flood()`` that were allocated during it."""
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        flood()
        gc.collect()
        return tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()


def api_app(resources: dict[str, Any] | None = None, **options: Any) -> Flask:
    app = Flask(__name__)

    @app.route("/api/<path:rest>", methods=["GET", "PUT"])
    def api(rest: str) -> str:
        return "ok"

    CORS(app, resources=resources or {r"/api/*": {}, r"/static/*": {}}, **options)
    call(app, "/api/warm-up", ORIGIN=ORIGIN)  # first-request set-up is not the flood's
    return app


def distinct(index: int, size: int) -> str:
    return f"{index:06d}" + "a" * (size - 6)


LONG = 32 * 1024


def flood_origins(app: Flask, count: int, size: int) -> None:
    for index in range(count):
        call(app, "/api/items", ORIGIN=f"https://{distinct(index, size)}.example.com")


def flood_request_headers(app: Flask, count: int, size: int) -> None:
    for index in range(count):
        call(
            app,
            "/api/items",
            "OPTIONS",
            ORIGIN=ORIGIN,
            ACCESS_CONTROL_REQUEST_METHOD="PUT",
            ACCESS_CONTROL_REQUEST_HEADERS=f"x-{distinct(index, size)}",
        )


def flood_preflight_origins(app: Flask, count: int, size: int) -> None:
    for index in range(count):
        call(
            app,
            "/api/items",
            "OPTIONS",
            ORIGIN=f"https://{distinct(index, size)}.example.com",
            ACCESS_CONTROL_REQUEST_METHOD="PUT",
        )


def flood_paths(app: Flask, count: int, size: int) -> None:
    for index in range(count):
        call(app, f"/api/{distinct(index, size)}", ORIGIN=ORIGIN)


FLOODS = {
    "origins": flood_origins,
    "request-headers": flood_request_headers,
    "preflight-origins": flood_preflight_origins,
    "paths": flood_paths,
}


@pytest.mark.parametrize("flood", FLOODS.values(), ids=list(FLOODS))
def test_long_distinct_values_are_not_remembered(flood):
    app = api_app(origins=r"https://.*\.example\.com")
    kept = retained(lambda: flood(app, 300, LONG))
    assert kept < MB // 4, f"{kept / MB:.1f} MB kept after 300 distinct 32 KB values"


def test_memos_of_many_policies_together_stay_under_the_bound():
    # Origins just short enough to be remembered, spread over six policies:
    # each table alone stays small, all of them together would not.
    app = api_app({f"/api/{policy}*": {} for policy in range(6)}, origins=r"https://.*")

    def flood() -> None:
        for index in range(2400):
            call(app, f"/api/{index % 6}", ORIGIN=f"https://{distinct(index, 1000)}.example")

    kept = retained(flood)
    assert kept < BOUND, f"{kept / MB:.1f} MB kept after 2400 distinct 1 KB origins"
