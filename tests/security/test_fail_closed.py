"""Write screening fails closed, and nothing a receiver does changes an answer.

A ``cors_refused`` receiver that raised used to abort the screening, which
then let Flask handle the request: the cross-site write reached the view.
The same held for anything else that failed while a write was screened (an
app's ``response_class`` that cannot build the 403, say).  Now a receiver's
exception is logged and the refusal stands; a screening that fails refuses
the write.  ``cors_allowed`` receivers that raise cost no response its headers.
"""

from __future__ import annotations

import logging

import pytest
from flask import Blueprint, Flask, Response
from werkzeug.middleware.proxy_fix import ProxyFix

from flask_cors import CORS, cross_origin
from flask_cors.signals import cors_allowed, cors_refused

GOOD = "https://good.example"
EVIL = "https://evil.example"
ENTRY_POINTS = ["CORS(app)", "CORS(bp)", "@cross_origin", "CORS(app) behind ProxyFix"]
WRITES = ["POST", "PUT", "DELETE", "PATCH"]


def build(entry: str, calls: list[str], **options) -> Flask:
    options = {"origins": GOOD, "supports_credentials": True, **options}
    app = Flask(__name__)
    target: Flask | Blueprint = app
    if entry == "CORS(bp)":
        target = Blueprint("bp", __name__)
        CORS(target, **options)
    elif entry == "CORS(app) behind ProxyFix":
        app.wsgi_app = ProxyFix(app.wsgi_app, x_proto=1, x_host=1)  # type: ignore[method-assign]
        CORS(app, **options)
    elif entry == "CORS(app)":
        CORS(app, **options)

    def view():
        calls.append("view")
        return "done"

    if entry == "@cross_origin":
        view = cross_origin(**options)(view)
    target.add_url_rule("/data", "data", view, methods=["GET", *WRITES])
    if isinstance(target, Blueprint):
        app.register_blueprint(target)
    return app


@pytest.fixture
def raising_receiver():
    def receiver(sender, **extra):
        raise RuntimeError("a receiver's own bug")

    cors_refused.connect(receiver)
    cors_allowed.connect(receiver)
    try:
        yield
    finally:
        cors_refused.disconnect(receiver)
        cors_allowed.disconnect(receiver)


@pytest.mark.parametrize("method", WRITES)
@pytest.mark.parametrize("entry", ENTRY_POINTS)
def test_a_raising_refusal_receiver_does_not_let_a_write_through(
    entry, method, raising_receiver, caplog
):
    calls: list[str] = []
    app = build(entry, calls, cross_origin_protection=True)
    with caplog.at_level(logging.ERROR, "flask_cors"):
        response = app.test_client().open(
            "/data", method=method, headers={"Origin": EVIL, "Sec-Fetch-Site": "cross-site"}
        )
    assert response.status_code == 403
    assert calls == []
    assert "Access-Control-Allow-Origin" not in response.headers
    assert any("receiver of cors-refused raised" in r.getMessage() for r in caplog.records)


@pytest.mark.parametrize("entry", ENTRY_POINTS)
def test_a_raising_allowed_receiver_costs_no_response_its_headers(entry, raising_receiver, caplog):
    calls: list[str] = []
    app = build(entry, calls, cross_origin_protection=True)
    client = app.test_client()
    with caplog.at_level(logging.ERROR, "flask_cors"):
        read = client.get("/data", headers={"Origin": GOOD})
        write = client.post("/data", headers={"Origin": GOOD, "Sec-Fetch-Site": "cross-site"})
        preflight = client.options(
            "/data",
            headers={
                "Origin": GOOD,
                "Access-Control-Request-Method": "PUT",
                "Access-Control-Request-Headers": "content-type",
            },
        )
    for response in (read, write):
        assert response.status_code == 200
        assert response.headers["Access-Control-Allow-Origin"] == GOOD
        assert response.headers["Access-Control-Allow-Credentials"] == "true"
    assert preflight.status_code == 200
    assert preflight.headers["Access-Control-Allow-Origin"] == GOOD
    assert "PUT" in preflight.headers["Access-Control-Allow-Methods"]
    assert calls == ["view", "view"]


class FragileResponse(Response):
    """A response class that cannot build a 403 (a bug in the app's own class)."""

    def __init__(self, *args, **kwargs):
        if kwargs.get("status") == 403:
            raise RuntimeError("this app's response class has a bug")
        super().__init__(*args, **kwargs)


@pytest.mark.parametrize("entry", ["CORS(app)", "CORS(bp)", "CORS(app) behind ProxyFix"])
def test_a_screening_that_fails_refuses_the_write(entry, caplog):
    calls: list[str] = []
    app = build(entry, calls, cross_origin_protection=True)
    app.response_class = FragileResponse
    with caplog.at_level(logging.ERROR, "flask_cors"):
        response = app.test_client().post(
            "/data", headers={"Origin": EVIL, "Sec-Fetch-Site": "cross-site"}
        )
    assert response.status_code == 403
    assert calls == []
    assert "could not be checked" in response.get_data(as_text=True)
    assert any("it is refused" in r.getMessage() for r in caplog.records)


@pytest.mark.parametrize("entry", ["CORS(app)", "CORS(bp)"])
def test_the_fail_closed_answer_is_only_for_writes_that_were_to_be_screened(entry):
    """An allowed origin's write and a same-origin write still reach the view."""
    calls: list[str] = []
    app = build(entry, calls, cross_origin_protection=True)
    app.response_class = FragileResponse
    client = app.test_client()
    assert client.post("/data", headers={"Origin": GOOD}).status_code == 200
    assert client.post("/data", headers={"Sec-Fetch-Site": "same-origin"}).status_code == 200
    assert client.post("/data").status_code == 200
    assert calls == ["view", "view", "view"]
