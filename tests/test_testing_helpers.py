"""``flask_cors.testing``: browser-side CORS checks for users' own test suites.

Two kinds of app are used: apps with the ``CORS`` extension, and hand-written
views without it that send deliberately wrong headers, so the checks are seen
to catch mistakes independently of the extension's own decision code.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Callable

import pytest
from flask import Flask, Response, request

from flask_cors import CORS
from flask_cors.testing import assert_cors_allowed, assert_cors_blocked, simulate_fetch

ORIGIN = "https://app.example.com"
OTHER = "https://evil.example.net"

Headers = Iterable[tuple[str, str]]


def cors_app(**options: Any) -> Flask:
    """An app with the extension and one route, ``/items``."""
    app = Flask(__name__)
    CORS(app, **options)

    @app.route("/items", methods=["GET", "POST", "PUT", "DELETE"])
    def items() -> Response:
        return Response("items", headers={"X-Total": "3", "X-Secret": "hidden"})

    return app


def hand_written_app(
    preflight: Headers = (), actual: Headers = (), preflight_status: int = 200
) -> Flask:
    """An app without the extension: ``/raw`` answers with exactly these headers."""
    app = Flask(__name__)

    @app.route("/raw", methods=["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"])
    def raw() -> Response:
        if request.method == "OPTIONS":
            return Response(status=preflight_status, headers=list(preflight))
        return Response("raw", headers=list(actual))

    return app


def record_requests(app: Flask) -> list[dict[str, Any]]:
    """Record every request as it reaches ``app``, before any Flask hook runs."""
    seen: list[dict[str, Any]] = []
    wsgi_app = app.wsgi_app

    def recording(environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        seen.append(dict(environ))
        return wsgi_app(environ, start_response)

    app.wsgi_app = recording  # type: ignore[method-assign]
    return seen


def methods_of(seen: list[dict[str, Any]]) -> list[str]:
    return [environ["REQUEST_METHOD"] for environ in seen]


# --- Apps using the extension --------------------------------------------------


def test_listed_origin_is_allowed():
    client = cors_app(origins=[ORIGIN]).test_client()
    result = assert_cors_allowed(client, "/items", origin=ORIGIN)
    assert result.status == 200
    assert result.reasons == []


def test_unlisted_origin_is_blocked_for_missing_allow_origin():
    client = cors_app(origins=[ORIGIN]).test_client()
    result = assert_cors_blocked(client, "/items", origin=OTHER)
    assert result.reasons == ["response has no Access-Control-Allow-Origin header"]


def test_blocked_request_has_no_status_and_no_readable_headers():
    client = cors_app(origins=[ORIGIN]).test_client()
    result = simulate_fetch(client, "/items", origin=OTHER)
    assert result.response is not None and result.response.status_code == 200
    assert result.status is None
    assert result.exposed_headers == []
    assert result.header("Content-Type") is None


def test_reflected_origin_with_credentials_is_allowed():
    client = cors_app(origins="*", supports_credentials=True).test_client()
    result = assert_cors_allowed(client, "/items", origin=ORIGIN, credentials=True)
    assert result.response is not None
    assert result.response.headers["Access-Control-Allow-Origin"] == ORIGIN


def test_wildcard_origin_is_blocked_with_credentials():
    client = cors_app(origins="*").test_client()
    assert_cors_blocked(
        client,
        "/items",
        origin=ORIGIN,
        credentials=True,
        reason="Access-Control-Allow-Origin is * but the request includes credentials",
    )


def test_wildcard_origin_is_allowed_without_credentials():
    client = cors_app(origins="*").test_client()
    assert_cors_allowed(client, "/items", origin=ORIGIN)


def test_credentials_without_allow_credentials_are_blocked():
    client = cors_app(origins=[ORIGIN]).test_client()
    assert_cors_blocked(
        client,
        "/items",
        origin=ORIGIN,
        credentials=True,
        reason="response has no Access-Control-Allow-Credentials header",
    )


def test_custom_header_allowed_by_allow_headers():
    client = cors_app(origins=[ORIGIN], allow_headers=["X-Token"]).test_client()
    result = assert_cors_allowed(client, "/items", origin=ORIGIN, headers={"X-Token": "abc"})
    assert result.preflight is not None


def test_custom_header_refused_by_allow_headers():
    client = cors_app(origins=[ORIGIN], allow_headers=["Content-Type"]).test_client()
    result = assert_cors_blocked(client, "/items", origin=ORIGIN, headers={"X-Token": "abc"})
    assert result.reasons == [
        "header x-token is not in Access-Control-Allow-Headers "
        "(the preflight response has no Access-Control-Allow-Headers header)"
    ]
    assert result.response is None


def test_put_is_preceded_by_a_preflight():
    app = cors_app(origins=[ORIGIN])
    seen = record_requests(app)
    result = assert_cors_allowed(app.test_client(), "/items", origin=ORIGIN, method="PUT")
    assert methods_of(seen) == ["OPTIONS", "PUT"]
    assert result.preflight_triggers == ["method PUT is not CORS-safelisted (GET, HEAD, POST)"]


def test_method_left_out_of_allow_methods_is_refused():
    client = cors_app(origins=[ORIGIN], methods=["GET", "POST"]).test_client()
    assert_cors_blocked(
        client,
        "/items",
        origin=ORIGIN,
        method="PUT",
        reason="method PUT is not in Access-Control-Allow-Methods: GET, POST",
    )


def test_simple_get_sends_no_preflight():
    app = cors_app(origins=[ORIGIN])
    seen = record_requests(app)
    result = assert_cors_allowed(app.test_client(), "/items", origin=ORIGIN)
    assert methods_of(seen) == ["GET"]
    assert result.preflight is None
    assert result.preflight_triggers == []


@pytest.mark.parametrize(
    "content_type",
    [
        "text/plain",
        "text/plain;charset=UTF-8",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=something",
        "TEXT/Plain",
    ],
)
def test_safelisted_content_type_sends_no_preflight(content_type):
    app = cors_app(origins=[ORIGIN])
    seen = record_requests(app)
    assert_cors_allowed(
        app.test_client(),
        "/items",
        origin=ORIGIN,
        method="POST",
        headers={"Content-Type": content_type},
        data="body",
    )
    assert methods_of(seen) == ["POST"]


def test_json_content_type_sends_a_preflight():
    app = cors_app(origins=[ORIGIN])
    seen = record_requests(app)
    result = assert_cors_allowed(
        app.test_client(), "/items", origin=ORIGIN, method="POST", json={"name": "x"}
    )
    assert methods_of(seen) == ["OPTIONS", "POST"]
    assert seen[0]["HTTP_ACCESS_CONTROL_REQUEST_HEADERS"] == "content-type"
    assert seen[1]["CONTENT_TYPE"] == "application/json"
    assert result.preflight_triggers[0].startswith("header content-type application/json")


def test_exposed_headers_are_safelisted_ones_and_expose_headers():
    client = cors_app(origins=[ORIGIN], expose_headers=["X-Total"]).test_client()
    result = assert_cors_allowed(client, "/items", origin=ORIGIN)
    assert result.exposed_headers == ["content-length", "content-type", "x-total"]
    assert result.header("x-total") == "3"
    assert result.header("X-Secret") is None


def test_preflight_is_answered_before_an_authentication_hook():
    app = cors_app(origins=[ORIGIN])

    @app.before_request
    def require_token() -> Any:
        if request.headers.get("Authorization") != "Bearer token":
            return Response("unauthorized", status=401)
        return None

    assert_cors_allowed(
        app.test_client(), "/items", origin=ORIGIN, headers={"Authorization": "Bearer token"}
    )


# --- Hand-written views without the extension: the checks alone ---------------


def test_two_allow_origin_headers_are_blocked():
    app = hand_written_app(
        actual=[("Access-Control-Allow-Origin", ORIGIN), ("Access-Control-Allow-Origin", OTHER)]
    )
    result = assert_cors_blocked(app.test_client(), "/raw", origin=ORIGIN)
    assert result.reasons == [
        f"response has 2 Access-Control-Allow-Origin headers ({ORIGIN}, {OTHER}); "
        "browsers accept exactly one value"
    ]


def test_list_in_one_allow_origin_header_is_blocked():
    app = hand_written_app(actual=[("Access-Control-Allow-Origin", f"{ORIGIN}, {OTHER}")])
    assert_cors_blocked(app.test_client(), "/raw", origin=ORIGIN, reason="a list is not allowed")


def test_allow_origin_of_another_origin_is_blocked():
    app = hand_written_app(actual=[("Access-Control-Allow-Origin", OTHER)])
    result = assert_cors_blocked(app.test_client(), "/raw", origin=ORIGIN)
    assert result.reasons == [
        f"response: Access-Control-Allow-Origin is {OTHER!r}, not the page's origin {ORIGIN!r}"
    ]


def test_allow_origin_with_trailing_slash_is_blocked():
    app = hand_written_app(actual=[("Access-Control-Allow-Origin", ORIGIN + "/")])
    assert_cors_blocked(
        app.test_client(), "/raw", origin=ORIGIN, reason="no path or trailing slash"
    )


def test_allow_origin_is_compared_case_sensitively():
    app = hand_written_app(actual=[("Access-Control-Allow-Origin", ORIGIN.upper())])
    assert_cors_blocked(app.test_client(), "/raw", origin=ORIGIN, reason="case-sensitive")


def test_allow_credentials_in_wrong_case_is_blocked():
    app = hand_written_app(
        actual=[
            ("Access-Control-Allow-Origin", ORIGIN),
            ("Access-Control-Allow-Credentials", "True"),
        ]
    )
    assert_cors_blocked(
        app.test_client(),
        "/raw",
        origin=ORIGIN,
        credentials=True,
        reason="Access-Control-Allow-Credentials is 'True'",
    )


def test_allow_credentials_true_allows_credentials():
    app = hand_written_app(
        actual=[
            ("Access-Control-Allow-Origin", ORIGIN),
            ("Access-Control-Allow-Credentials", "true"),
        ]
    )
    assert_cors_allowed(app.test_client(), "/raw", origin=ORIGIN, credentials=True)


def test_wildcard_with_credentials_is_blocked_even_with_allow_credentials():
    app = hand_written_app(
        actual=[("Access-Control-Allow-Origin", "*"), ("Access-Control-Allow-Credentials", "true")]
    )
    result = assert_cors_blocked(app.test_client(), "/raw", origin=ORIGIN, credentials=True)
    assert result.reasons == [
        "response: Access-Control-Allow-Origin is * but the request includes credentials "
        "(the origin must be named)"
    ]


def test_preflight_status_204_is_ok():
    app = hand_written_app(
        preflight=[("Access-Control-Allow-Origin", "*"), ("Access-Control-Allow-Methods", "PUT")],
        actual=[("Access-Control-Allow-Origin", "*")],
        preflight_status=204,
    )
    assert_cors_allowed(app.test_client(), "/raw", origin=ORIGIN, method="PUT")


def test_preflight_status_401_is_not_ok():
    app = hand_written_app(
        preflight=[("Access-Control-Allow-Origin", "*"), ("Access-Control-Allow-Methods", "PUT")],
        actual=[("Access-Control-Allow-Origin", "*")],
        preflight_status=401,
    )
    result = assert_cors_blocked(
        app.test_client(),
        "/raw",
        origin=ORIGIN,
        method="PUT",
        reason="preflight response status is 401, not an ok status (200-299)",
    )
    assert result.response is None


def test_redirected_preflight_is_blocked():
    app = hand_written_app(
        preflight=[("Access-Control-Allow-Origin", "*"), ("Location", "/elsewhere")],
        preflight_status=302,
    )
    assert_cors_blocked(
        app.test_client(),
        "/raw",
        origin=ORIGIN,
        method="DELETE",
        reason="a preflight cannot be redirected",
    )


def test_preflight_without_allow_origin_is_blocked():
    app = hand_written_app(preflight=[("Access-Control-Allow-Methods", "PUT")])
    assert_cors_blocked(
        app.test_client(),
        "/raw",
        origin=ORIGIN,
        method="PUT",
        reason="preflight response has no Access-Control-Allow-Origin header",
    )


def test_preflight_needs_allow_credentials_for_credentialed_request():
    app = hand_written_app(
        preflight=[
            ("Access-Control-Allow-Origin", ORIGIN),
            ("Access-Control-Allow-Methods", "PUT"),
        ],
        actual=[
            ("Access-Control-Allow-Origin", ORIGIN),
            ("Access-Control-Allow-Credentials", "true"),
        ],
    )
    assert_cors_blocked(
        app.test_client(),
        "/raw",
        origin=ORIGIN,
        method="PUT",
        credentials=True,
        reason="preflight response has no Access-Control-Allow-Credentials header",
    )


def test_wildcard_allow_headers_does_not_cover_authorization():
    app = hand_written_app(
        preflight=[("Access-Control-Allow-Origin", "*"), ("Access-Control-Allow-Headers", "*")],
        actual=[("Access-Control-Allow-Origin", "*")],
    )
    result = assert_cors_blocked(
        app.test_client(), "/raw", origin=ORIGIN, headers={"Authorization": "Bearer token"}
    )
    assert result.reasons == [
        "header authorization is not in Access-Control-Allow-Headers: * "
        "(* never covers Authorization: list it by name)"
    ]


def test_wildcard_allow_headers_covers_other_headers_without_credentials():
    app = hand_written_app(
        preflight=[("Access-Control-Allow-Origin", "*"), ("Access-Control-Allow-Headers", "*")],
        actual=[("Access-Control-Allow-Origin", "*")],
    )
    assert_cors_allowed(app.test_client(), "/raw", origin=ORIGIN, headers={"X-Token": "abc"})


def test_authorization_listed_by_name_is_allowed():
    app = hand_written_app(
        preflight=[
            ("Access-Control-Allow-Origin", "*"),
            ("Access-Control-Allow-Headers", "*, Authorization"),
        ],
        actual=[("Access-Control-Allow-Origin", "*")],
    )
    assert_cors_allowed(
        app.test_client(), "/raw", origin=ORIGIN, headers={"Authorization": "Bearer token"}
    )


def test_wildcard_allow_headers_is_literal_with_credentials():
    credentialed = [
        ("Access-Control-Allow-Origin", ORIGIN),
        ("Access-Control-Allow-Credentials", "true"),
    ]
    app = hand_written_app(
        preflight=[*credentialed, ("Access-Control-Allow-Headers", "*")], actual=credentialed
    )
    assert_cors_blocked(
        app.test_client(),
        "/raw",
        origin=ORIGIN,
        credentials=True,
        headers={"X-Token": "abc"},
        reason="(* is a wildcard only for requests without credentials)",
    )


def test_wildcard_allow_methods_covers_put_without_credentials():
    app = hand_written_app(
        preflight=[("Access-Control-Allow-Origin", "*"), ("Access-Control-Allow-Methods", "*")],
        actual=[("Access-Control-Allow-Origin", "*")],
    )
    assert_cors_allowed(app.test_client(), "/raw", origin=ORIGIN, method="PUT")


def test_wildcard_allow_methods_is_literal_with_credentials():
    credentialed = [
        ("Access-Control-Allow-Origin", ORIGIN),
        ("Access-Control-Allow-Credentials", "true"),
    ]
    app = hand_written_app(
        preflight=[*credentialed, ("Access-Control-Allow-Methods", "*")], actual=credentialed
    )
    assert_cors_blocked(
        app.test_client(),
        "/raw",
        origin=ORIGIN,
        method="PUT",
        credentials=True,
        reason="method PUT is not in Access-Control-Allow-Methods: *",
    )


def test_allow_methods_are_compared_case_sensitively():
    app = hand_written_app(
        preflight=[("Access-Control-Allow-Origin", "*"), ("Access-Control-Allow-Methods", "put")],
        actual=[("Access-Control-Allow-Origin", "*")],
    )
    assert_cors_blocked(
        app.test_client(),
        "/raw",
        origin=ORIGIN,
        method="PUT",
        reason="(methods are compared case-sensitively)",
    )


def upper_case_methods_app() -> Flask:
    return hand_written_app(
        preflight=[
            ("Access-Control-Allow-Origin", "*"),
            ("Access-Control-Allow-Methods", "PUT, PATCH"),
        ],
        actual=[("Access-Control-Allow-Origin", "*")],
    )


def test_lower_case_put_is_upper_cased_as_fetch_does():
    client = upper_case_methods_app().test_client()
    result = assert_cors_allowed(client, "/raw", origin=ORIGIN, method="put")
    assert result.method == "PUT"


def test_lower_case_patch_is_sent_as_written_and_not_matched():
    client = upper_case_methods_app().test_client()
    result = assert_cors_blocked(client, "/raw", origin=ORIGIN, method="patch")
    assert result.preflight is not None
    assert result.preflight.request.headers["Access-Control-Request-Method"] == "patch"


def test_safelisted_method_needs_no_allow_methods_entry():
    app = hand_written_app(
        preflight=[
            ("Access-Control-Allow-Origin", "*"),
            ("Access-Control-Allow-Methods", "get"),
            ("Access-Control-Allow-Headers", "x-token"),
        ],
        actual=[("Access-Control-Allow-Origin", "*")],
    )
    assert_cors_allowed(app.test_client(), "/raw", origin=ORIGIN, headers={"X-Token": "abc"})


def test_allow_headers_are_compared_case_insensitively():
    app = hand_written_app(
        preflight=[
            ("Access-Control-Allow-Origin", "*"),
            ("Access-Control-Allow-Headers", "X-TOKEN"),
        ],
        actual=[("Access-Control-Allow-Origin", "*")],
    )
    assert_cors_allowed(app.test_client(), "/raw", origin=ORIGIN, headers={"x-Token": "abc"})


def test_empty_items_of_allow_methods_are_skipped():
    app = hand_written_app(
        preflight=[
            ("Access-Control-Allow-Origin", ORIGIN),
            ("Access-Control-Allow-Methods", "PATCH,, "),
        ],
        actual=[("Access-Control-Allow-Origin", ORIGIN)],
    )
    result = assert_cors_allowed(app.test_client(), "/raw", origin=ORIGIN, method="PATCH")
    assert result.preflight is not None


def test_invalid_allow_methods_list_is_blocked():
    app = hand_written_app(
        preflight=[("Access-Control-Allow-Origin", "*"), ("Access-Control-Allow-Methods", "PUT;")],
        actual=[("Access-Control-Allow-Origin", "*")],
    )
    assert_cors_blocked(
        app.test_client(), "/raw", origin=ORIGIN, method="PUT", reason="'PUT;' is not a token"
    )


def test_wildcard_expose_headers_exposes_every_header_without_credentials():
    app = hand_written_app(
        actual=[
            ("Access-Control-Allow-Origin", "*"),
            ("Access-Control-Expose-Headers", "*"),
            ("X-Secret", "shown"),
            ("Set-Cookie", "sid=1"),
        ]
    )
    result = assert_cors_allowed(app.test_client(), "/raw", origin=ORIGIN)
    assert result.header("X-Secret") == "shown"
    assert "access-control-allow-origin" in result.exposed_headers
    assert "set-cookie" not in result.exposed_headers


def test_wildcard_expose_headers_is_literal_with_credentials():
    app = hand_written_app(
        actual=[
            ("Access-Control-Allow-Origin", ORIGIN),
            ("Access-Control-Allow-Credentials", "true"),
            ("Access-Control-Expose-Headers", "*"),
            ("X-Secret", "hidden"),
        ]
    )
    result = assert_cors_allowed(app.test_client(), "/raw", origin=ORIGIN, credentials=True)
    assert result.exposed_headers == ["content-length", "content-type"]


# --- The requests the helpers build --------------------------------------------


def test_preflight_lists_unsafe_headers_lower_case_sorted_without_spaces():
    app = cors_app(origins=[ORIGIN])
    seen = record_requests(app)
    assert_cors_allowed(
        app.test_client(),
        "/items",
        origin=ORIGIN,
        headers={"X-Zeta": "1", "X-Alpha": "2", "Accept": "text/html", "x-alpha": "3"},
    )
    assert seen[0]["HTTP_ACCESS_CONTROL_REQUEST_HEADERS"] == "x-alpha,x-zeta"
    assert seen[0]["HTTP_ACCESS_CONTROL_REQUEST_METHOD"] == "GET"
    assert seen[0]["HTTP_ORIGIN"] == ORIGIN


def test_preflight_carries_none_of_the_page_headers():
    app = cors_app(origins=[ORIGIN])
    seen = record_requests(app)
    assert_cors_allowed(app.test_client(), "/items", origin=ORIGIN, headers={"X-Token": "abc"})
    assert "HTTP_X_TOKEN" not in seen[0]
    assert seen[1]["HTTP_X_TOKEN"] == "abc"


def test_cookies_go_only_with_credentials_and_never_with_preflights():
    app = cors_app(origins=[ORIGIN], supports_credentials=True)
    seen = record_requests(app)
    client = app.test_client()
    client.set_cookie("sid", "1")
    assert_cors_allowed(client, "/items", origin=ORIGIN, method="PUT")
    assert_cors_allowed(client, "/items", origin=ORIGIN, method="PUT", credentials=True)
    assert [environ.get("HTTP_COOKIE") for environ in seen] == [None, None, None, "sid=1"]


def test_client_environ_base_reaches_every_request():
    app = cors_app(origins=[ORIGIN])
    seen = record_requests(app)
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = "192.0.2.7"
    assert_cors_allowed(client, "/items", origin=ORIGIN, method="PUT")
    assert [environ["REMOTE_ADDR"] for environ in seen] == ["192.0.2.7", "192.0.2.7"]


def test_authorization_in_environ_base_goes_only_with_credentials():
    app = cors_app(origins=[ORIGIN], supports_credentials=True)
    seen = record_requests(app)
    client = app.test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = "Basic dXNlcjpwdw=="
    assert_cors_allowed(client, "/items", origin=ORIGIN, method="PUT")
    assert_cors_allowed(client, "/items", origin=ORIGIN, method="PUT", credentials=True)
    assert [environ.get("HTTP_AUTHORIZATION") for environ in seen] == [
        None,
        None,
        None,
        "Basic dXNlcjpwdw==",
    ]


def test_accept_language_with_unsafe_character_sends_a_preflight():
    result = simulate_fetch(
        cors_app().test_client(), "/items", origin=ORIGIN, headers={"Accept-Language": "en/us"}
    )
    assert result.preflight is not None


def test_safelisted_value_longer_than_128_bytes_sends_a_preflight():
    result = simulate_fetch(
        cors_app().test_client(), "/items", origin=ORIGIN, headers={"Accept": "a" * 129}
    )
    assert result.preflight_triggers == ["header accept is longer than 128 bytes"]


def test_safelisted_values_over_1024_bytes_together_send_a_preflight():
    headers = [("Accept", "a" * 128)] * 8 + [("Accept-Language", "b")]
    result = simulate_fetch(cors_app().test_client(), "/items", origin=ORIGIN, headers=headers)
    assert result.preflight_triggers == [
        "the safelisted headers' values (accept, accept-language) add up to more than 1024 bytes"
    ]
    assert result.preflight is not None
    assert result.preflight.request.headers["Access-Control-Request-Headers"] == (
        "accept,accept-language"
    )


@pytest.mark.parametrize(
    "value, preflight",
    [
        ("bytes=0-99", False),
        ("bytes=100-", False),
        ("bytes=-500", True),
        ("bytes=9-1", True),
        ("bytes=0-1,5-6", True),
        ("BYTES=0-99", True),
    ],
)
def test_only_a_simple_range_is_safelisted(value, preflight):
    result = simulate_fetch(
        cors_app().test_client(), "/items", origin=ORIGIN, headers={"Range": value}
    )
    assert (result.preflight is not None) is preflight


def test_page_cannot_set_forbidden_headers():
    with pytest.raises(ValueError, match="cannot set the Cookie header"):
        simulate_fetch(cors_app().test_client(), "/items", origin=ORIGIN, headers={"Cookie": "a=b"})


@pytest.mark.parametrize(
    "request_options, message",
    [
        (dict(data="a=b", json={"a": "b"}), "Give data or json, not both."),
        (dict(method="GET PUT"), "'GET PUT' is not a valid HTTP method name."),
        (dict(method="trace"), "fetch() refuses the TRACE method."),
        (dict(headers={"X Trace": "1"}), "'X Trace' is not a valid header name."),
        (
            dict(headers={"X-Trace": "a\nb"}),
            "The value of the X-Trace header is not one fetch() accepts: 'a\\nb'.",
        ),
        (
            dict(method="POST", headers={"X-HTTP-Method-Override": "GET, TRACE"}),
            "A page's script cannot set X-HTTP-Method-Override: GET, TRACE.",
        ),
    ],
    ids=[
        "data-and-json",
        "bad-method",
        "forbidden-method",
        "bad-header-name",
        "bad-header-value",
        "forbidden-method-override",
    ],
)
def test_request_no_browser_sends_is_a_value_error(request_options, message):
    with pytest.raises(ValueError) as refused:
        simulate_fetch(cors_app().test_client(), "/items", origin=ORIGIN, **request_options)
    assert str(refused.value) == message


@pytest.mark.parametrize(
    "headers, trigger",
    [
        (
            {"Accept": "text/(html)"},
            "header accept has a character not allowed in a safelisted value: 'text/(html)'",
        ),
        (
            {"Content-Type": "textplain"},
            "header content-type 'textplain' is not CORS-safelisted (only "
            "application/x-www-form-urlencoded, multipart/form-data and text/plain are)",
        ),
    ],
    ids=["unsafe-character", "no-mime-type"],
)
def test_safelisted_header_with_a_value_fetch_does_not_safelist_sends_a_preflight(headers, trigger):
    result = simulate_fetch(
        cors_app().test_client(), "/items", origin=ORIGIN, method="POST", headers=headers
    )
    assert result.preflight_triggers == [trigger]
    assert result.preflight is not None


def test_origin_with_trailing_slash_is_refused():
    with pytest.raises(ValueError, match="is not an origin as browsers send it"):
        simulate_fetch(cors_app().test_client(), "/items", origin=ORIGIN + "/")


# --- The assertions ------------------------------------------------------------


def test_assert_cors_allowed_fails_with_the_reasons():
    client = cors_app(origins=[ORIGIN]).test_client()
    with pytest.raises(AssertionError) as failure:
        assert_cors_allowed(client, "/items", origin=OTHER)
    message = str(failure.value)
    assert f"GET /items from {OTHER}, without credentials: blocked" in message
    assert "  - response has no Access-Control-Allow-Origin header" in message
    assert "response: 200 OK\n  Vary: Origin" in message


def test_assert_cors_blocked_fails_when_allowed():
    client = cors_app(origins=[ORIGIN]).test_client()
    with pytest.raises(AssertionError, match="CORS allows the request"):
        assert_cors_blocked(client, "/items", origin=ORIGIN)


def test_assert_cors_blocked_fails_for_another_reason():
    client = cors_app(origins=[ORIGIN]).test_client()
    with pytest.raises(AssertionError, match="no reason mentions 'credentials'"):
        assert_cors_blocked(client, "/items", origin=OTHER, reason="credentials")
