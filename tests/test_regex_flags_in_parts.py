"""A compiled pattern whose global flags come after a comment, inside a list
of patterns that flask_cors folds into one regex.

Python 3.11 and later refuse such a pattern inside a larger regex; Python 3.9
and 3.10 only warn, then apply its flags to the whole regex, so that one
origin's or resource's ``(?i)`` or ``(?x)`` would change what every other one
matches.  Each test runs on every Python: the flags of one pattern stay in it.
"""

from __future__ import annotations

import re
import warnings

import pytest
from flask import Blueprint, Flask

from flask_cors import CORS, cross_origin

WAYS = ("CORS(app)", "CORS(bp)", "@cross_origin")


def late_flags(source: str) -> re.Pattern[str]:
    """``source`` compiled; Python 3.9 and 3.10 warn here, as for the user."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return re.compile(source)


def app_with(way: str, **options) -> Flask:
    app = Flask(__name__)

    def view(rest: str = "") -> str:
        return "ok"

    if way == "@cross_origin":
        view = cross_origin(**options)(view)
    target = Blueprint("api", __name__) if way == "CORS(bp)" else app
    target.add_url_rule("/", "view", view, methods=["GET", "PUT"])
    target.add_url_rule("/<path:rest>", "view", view, methods=["GET", "PUT"])
    if way == "CORS(bp)":
        CORS(target, **options)
        app.register_blueprint(target)
    elif way == "CORS(app)":
        CORS(app, **options)
    return app


def allowed_origin(app: Flask, origin: str, path: str = "/") -> str | None:
    return (
        app.test_client()
        .get(path, headers={"Origin": origin})
        .headers.get("Access-Control-Allow-Origin")
    )


@pytest.mark.parametrize("way", WAYS)
def test_one_origins_ignore_case_flag_stays_in_it(way):
    app = app_with(
        way,
        origins=[re.compile(r"https://a\.example"), late_flags(r"(?#b)(?i)https://b\.example")],
    )
    assert allowed_origin(app, "https://a.example") == "https://a.example"
    assert allowed_origin(app, "https://B.example") == "https://B.example"
    assert allowed_origin(app, "https://A.example") is None
    assert allowed_origin(app, "https://c.example") is None


@pytest.mark.parametrize("way", WAYS)
def test_one_origins_verbose_flag_does_not_turn_a_hash_in_another_into_a_comment(way):
    # No Origin has a "#": the first pattern admits nothing.  Under a (?x)
    # for the whole regex it would read as "https://a\.example".
    app = app_with(
        way,
        origins=[re.compile(r"https://a\.example#x"), late_flags(r"(?#b)(?x) https://b\.example")],
    )
    assert allowed_origin(app, "https://b.example") == "https://b.example"
    assert allowed_origin(app, "https://a.example") is None


@pytest.mark.parametrize("way", WAYS)
def test_one_allowed_headers_verbose_flag_stays_in_it(way):
    # "X-Tag#1" is a header name (# is a token character); under a (?x)
    # leaked from another pattern it would read as "X-Tag".
    app = app_with(
        way,
        origins="https://a.example",
        allow_headers=[re.compile("X-Tag#1"), late_flags("(?#c)(?x) X-Other")],
    )

    def preflight(header: str) -> str | None:
        response = app.test_client().options(
            "/",
            headers={
                "Origin": "https://a.example",
                "Access-Control-Request-Method": "PUT",
                "Access-Control-Request-Headers": header,
            },
        )
        return response.headers.get("Access-Control-Allow-Headers")

    assert preflight("X-Other") is not None
    assert preflight("X-Tag#1") is not None
    assert preflight("X-Tag") is None


@pytest.mark.parametrize("way", ("CORS(app)", "CORS(bp)"))
def test_one_resources_ignore_case_flag_stays_in_it(way):
    app = app_with(
        way,
        resources={
            re.compile(r"/public/.*"): {"origins": "*"},
            late_flags(r"(?#admin)(?i)/admin/.*"): {"origins": "https://admin.example"},
        },
    )
    assert allowed_origin(app, "https://x.example", "/public/a") == "*"
    assert allowed_origin(app, "https://admin.example", "/ADMIN/a") == "https://admin.example"
    # /PUBLIC/a is not /public/a: no resource covers it.
    assert allowed_origin(app, "https://x.example", "/PUBLIC/a") is None
