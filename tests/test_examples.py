"""The example apps behave as their docstrings say, and ``make demo`` runs."""

from __future__ import annotations

import importlib.util
import subprocess
import sys

import pytest

ALLOWED = "https://app.example.com"


def load_example(checkout, name):
    spec = importlib.util.spec_from_file_location(
        f"example_{name}", checkout / "examples" / f"{name}.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def app_example(checkout):
    return load_example(checkout, "app_based_example").app


@pytest.fixture
def view_example(checkout):
    return load_example(checkout, "view_based_example").app


@pytest.fixture
def blueprint_example(checkout):
    return load_example(checkout, "blueprints_based_example").app


def test_app_example_api_allows_listed_origin_with_credentials(app_example):
    response = app_example.test_client().get("/api/v1/users/", headers={"Origin": ALLOWED})
    assert response.headers["Access-Control-Allow-Origin"] == ALLOWED
    assert response.headers["Access-Control-Allow-Credentials"] == "true"
    assert response.headers["Access-Control-Expose-Headers"] == "X-Total-Count"
    assert response.headers["Vary"] == "Origin"


def test_app_example_api_allows_subdomain_wildcard(app_example):
    origin = "https://shop.eu.example.org"
    response = app_example.test_client().get("/api/v1/users/", headers={"Origin": origin})
    assert response.headers["Access-Control-Allow-Origin"] == origin


def test_app_example_api_refuses_other_origin(app_example):
    response = app_example.test_client().get(
        "/api/v1/users/", headers={"Origin": "https://evil.example.net"}
    )
    assert "Access-Control-Allow-Origin" not in response.headers
    assert response.headers["Vary"] == "Origin"


def test_app_example_json_post_preflight_allows_content_type_and_authorization(app_example):
    """The recommended example does not narrow the allowed request headers."""
    response = app_example.test_client().options(
        "/api/v1/users/",
        headers={
            "Origin": ALLOWED,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type, authorization",
        },
    )
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Headers"] == "content-type, authorization"
    assert response.headers["Access-Control-Allow-Methods"] == "GET, HEAD, POST, OPTIONS"
    assert response.headers["Access-Control-Max-Age"] == "600"


def test_app_example_json_post_creates_user(app_example):
    response = app_example.test_client().post(
        "/api/v1/users/", json={"name": "Linus"}, headers={"Origin": ALLOWED}
    )
    assert response.status_code == 201
    assert response.get_json()["name"] == "Linus"
    assert response.headers["Access-Control-Allow-Origin"] == ALLOWED


def test_app_example_public_is_readable_by_anyone(app_example):
    response = app_example.test_client().get(
        "/public/status", headers={"Origin": "https://anyone.test"}
    )
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "Vary" not in response.headers


def test_app_example_root_is_not_a_cors_resource(app_example):
    response = app_example.test_client().get("/", headers={"Origin": ALLOWED})
    assert "Access-Control-Allow-Origin" not in response.headers


def test_app_example_error_carries_cors_headers(app_example):
    app_example.testing = False
    app_example.logger.disabled = True
    response = app_example.test_client().get("/api/exception", headers={"Origin": ALLOWED})
    assert response.status_code == 500
    assert response.headers["Access-Control-Allow-Origin"] == ALLOWED


def test_view_example_root_allows_any_origin(view_example):
    response = view_example.test_client().get("/", headers={"Origin": "https://x.test"})
    assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_view_example_create_user_preflight(view_example):
    response = view_example.test_client().options(
        "/api/v1/users/create",
        headers={
            "Origin": ALLOWED,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type, x-other",
        },
    )
    assert response.headers["Access-Control-Allow-Origin"] == ALLOWED
    assert response.headers["Access-Control-Allow-Headers"] == "content-type"


def test_view_example_create_user_refuses_other_origin(view_example):
    response = view_example.test_client().post(
        "/api/v1/users/create", json={}, headers={"Origin": "https://evil.test"}
    )
    assert "Access-Control-Allow-Origin" not in response.headers


def test_view_example_async_view(view_example):
    response = view_example.test_client().get("/api/v1/report", headers={"Origin": ALLOWED})
    assert response.get_json() == {"report": "ready"}
    assert response.headers["Access-Control-Allow-Origin"] == ALLOWED


def test_blueprint_example_blueprint_routes_get_headers(blueprint_example):
    response = blueprint_example.test_client().get(
        "/api/v1/users", headers={"Origin": "https://x.test"}
    )
    assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_blueprint_example_app_route_gets_none(blueprint_example):
    response = blueprint_example.test_client().get("/", headers={"Origin": "https://x.test"})
    assert "Access-Control-Allow-Origin" not in response.headers


def test_blueprint_example_decorated_blueprint_view(blueprint_example):
    client = blueprint_example.test_client()
    allowed = client.get("/public/status", headers={"Origin": "https://status.example.com"})
    refused = client.get("/public/status", headers={"Origin": "https://x.test"})
    assert allowed.headers["Access-Control-Allow-Origin"] == "https://status.example.com"
    assert "Access-Control-Allow-Origin" not in refused.headers


def test_demo_prints_allowed_and_blocked_requests(checkout):
    result = subprocess.run(
        [sys.executable, str(checkout / "examples" / "demo.py")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert "< Access-Control-Allow-Origin: https://app.example.com" in result.stdout
    assert "= BLOCKED: no Access-Control-Allow-Origin for https://evil.example.net" in (
        result.stdout
    )
    assert "= BLOCKED: DELETE is not in Access-Control-Allow-Methods" in result.stdout
    assert result.stdout.count("= ALLOWED") == 5
    # `flask cors check`, found by the `flask` command through the entry point.
    assert "No such command" not in result.stdout
    assert "BLOCKED\nGET /api/v1/users/ from https://evil.example.net" in result.stdout
    assert result.stdout.count("(exit status 1)") == 1
    assert result.stdout.count("(exit status 0)") == 1


def test_protecting_writes_example(checkout):
    from flask_cors.testing import assert_write_allowed, assert_write_refused

    module = load_example(checkout, "protecting_writes_example")
    client = module.app.test_client()
    assert_write_refused(client, "/api/notes", origin="https://evil.example", data={"text": "x"})
    assert module.notes == []
    added = assert_write_allowed(
        client, "/api/notes", origin=ALLOWED, fetch_site="same-site", data={"text": "hello"}
    )
    assert added.status_code == 201
    assert added.headers["Access-Control-Allow-Origin"] == ALLOWED
    assert client.post("/api/notes", data={"text": "curl"}).status_code == 201
    assert module.notes == ["hello", "curl"]
    assert_write_allowed(client, "/hooks/ping", origin="https://evil.example")
    read = client.get("/api/notes", headers={"Origin": "https://evil.example"})
    assert read.status_code == 200 and "Access-Control-Allow-Origin" not in read.headers
