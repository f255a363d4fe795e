"""CVE-2024-6866 class: resource paths matched case-insensitively.

flask-cors 5.0.1 matched resource patterns with ``re.IGNORECASE``, but URL
paths are case-sensitive, and so is Flask's router: ``/PUBLIC/report`` is
another view than ``/public/report``.  A pattern written for the public
view handed its open policy to the private one.  Resource patterns of every
form must match case-sensitively.
"""

from __future__ import annotations

import re

import pytest
from flask import Flask

from flask_cors import CORS
from flask_cors.resources import ResourceMap

ACAO = "Access-Control-Allow-Origin"
ADMIN = "https://admin.example.com"
ATTACKER = "https://attacker.example"

PUBLIC_PATTERNS = [
    "/public/*",
    r"/public/.*",
    r"/public/[a-z]+",
    re.compile(r"/public/.*"),
    "/public/report",
]


def two_report_app(public_pattern) -> Flask:
    app = Flask(__name__)

    @app.route("/public/report")
    def public_report():
        return "public"

    @app.route("/PUBLIC/report")
    def private_report():
        return "private"

    CORS(app, resources={public_pattern: {"origins": "*"}, "/*": {"origins": [ADMIN]}})
    return app


def allow_origin(app: Flask, path: str):
    response = app.test_client().get(path, headers={"Origin": ATTACKER})
    assert response.status_code == 200
    return response.headers.get(ACAO)


@pytest.mark.parametrize("pattern", PUBLIC_PATTERNS, ids=repr)
def test_public_pattern_covers_its_own_path(pattern):
    assert allow_origin(two_report_app(pattern), "/public/report") == "*"


@pytest.mark.parametrize("pattern", PUBLIC_PATTERNS, ids=repr)
def test_public_pattern_does_not_cover_upper_case_path(pattern):
    assert allow_origin(two_report_app(pattern), "/PUBLIC/report") is None


@pytest.mark.parametrize("pattern", PUBLIC_PATTERNS, ids=repr)
@pytest.mark.parametrize("path", ["/PUBLIC/report", "/Public/report", "/pUBLIC/report"])
def test_resource_map_matches_case_sensitively(pattern, path):
    resource_map = ResourceMap({pattern: {"origins": "*"}}, (), "test")
    assert resource_map.match(path) is None
