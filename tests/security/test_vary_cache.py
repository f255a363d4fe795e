"""Missing ``Vary: Origin``: a shared cache serves one origin's answer to another.

When the CORS headers depend on the request's ``Origin`` and the response
does not say so, a CDN or proxy caches the first answer for the URL and
serves it to everybody: an allowed origin gets a cached refusal (or the
reflected origin of someone else) and the page breaks; a cached answer with
credentials for one origin ends up in front of another.  Every
origin-dependent response -- allowed, refused, without ``Origin`` or with a
malformed one, errors included -- must carry ``Vary: Origin``.

:class:`SharedCache` is the part of RFC 9111 that matters here: a stored
response is reused only for requests whose headers named in its ``Vary``
equal those of the request that produced it.
"""

from __future__ import annotations

import pytest
from flask import Flask

ACAO = "Access-Control-Allow-Origin"
ALICE = "https://alice.example.com"
BOB = "https://bob.example.com"
MALLORY = "https://mallory.example"


class SharedCache:
    """A shared HTTP cache in front of a Flask test client (GET only)."""

    def __init__(self, app: Flask) -> None:
        self.client = app.test_client()
        self.stored: dict = {}

    def get(self, path: str, origin: str | None = None):
        # Request header names in lower case, as Vary compares them.
        request_headers = {} if origin is None else {"origin": origin}
        entry = self.stored.get(path)
        if entry is not None and self._reusable(entry, request_headers):
            return entry[0]
        response = self.client.get(path, headers=request_headers)
        self.stored[path] = (response, request_headers)
        return response

    @staticmethod
    def _reusable(entry, request_headers: dict) -> bool:
        response, stored_headers = entry
        vary = response.headers.get("Vary", "")
        names = [name.strip().lower() for name in vary.split(",") if name.strip()]
        if "*" in names:
            return False
        return all(stored_headers.get(name) == request_headers.get(name) for name in names)


@pytest.fixture
def profile_app(make_app):
    """``/profile`` under ``CORS(app, **options)``, or ``@cross_origin`` with ``decorated``."""

    def build(decorated: bool = False, **options):
        mode = "decorator" if decorated else "extension"
        return make_app("/profile", route_methods=("GET",), mode=mode, **options)

    return build


# id -> (options, the answer an allowed origin gets: "*" or itself)
ORIGIN_DEPENDENT = {
    "listed origins": (dict(origins=[ALICE, BOB]), None),
    "regex": (dict(origins=r"https://(alice|bob)\.example\.com"), None),
    "wildcard reflected with credentials": (dict(origins="*", supports_credentials=True), None),
    "wildcard without send_wildcard": (dict(origins="*", send_wildcard=False), None),
    "wildcard only with an origin": (dict(origins="*", always_send=False), "*"),
    "decorator": (dict(decorated=True, origins=[ALICE, BOB]), None),
}
CASES = pytest.mark.parametrize("options, answer", ORIGIN_DEPENDENT.values(), ids=ORIGIN_DEPENDENT)


@CASES
def test_cached_answer_for_one_origin_is_not_served_to_another(options, answer, profile_app):
    cache = SharedCache(profile_app(**options))
    assert cache.get("/profile", ALICE).headers.get(ACAO) == (answer or ALICE)
    assert cache.get("/profile", BOB).headers.get(ACAO) == (answer or BOB)


REFUSING = {name: case for name, case in ORIGIN_DEPENDENT.items() if case[1] is None}


# Refused by every policy in REFUSING: "null" unless listed, and a malformed origin.
@pytest.mark.parametrize("refused", ["null", "https://alice.example.com/"])
@pytest.mark.parametrize("options, answer", REFUSING.values(), ids=REFUSING)
def test_cached_refusal_is_not_served_to_an_allowed_origin(options, answer, refused, profile_app):
    cache = SharedCache(profile_app(**options))
    assert ACAO not in cache.get("/profile", refused).headers
    assert cache.get("/profile", ALICE).headers.get(ACAO) == ALICE


@CASES
def test_cached_same_origin_answer_is_not_served_to_an_allowed_origin(options, answer, profile_app):
    cache = SharedCache(profile_app(**options))
    cache.get("/profile")
    assert cache.get("/profile", ALICE).headers.get(ACAO) == (answer or ALICE)


@pytest.mark.parametrize("origin", [ALICE, MALLORY, None, "https://alice.example.com/"], ids=repr)
def test_origin_dependent_response_varies_on_origin(origin, profile_app):
    app = profile_app(origins=[ALICE])
    headers = {} if origin is None else {"Origin": origin}
    assert app.test_client().get("/profile", headers=headers).headers.get("Vary") == "Origin"


@pytest.mark.parametrize("origin", [ALICE, MALLORY], ids=repr)
def test_error_response_varies_on_origin(origin, profile_app):
    app = profile_app(origins=[ALICE])
    response = app.test_client().get("/missing", headers={"Origin": origin})
    assert response.status_code == 404
    assert response.headers.get("Vary") == "Origin"


def test_wildcard_for_everyone_is_safe_to_share(profile_app):
    cache = SharedCache(profile_app())
    assert cache.get("/profile").headers.get(ACAO) == "*"
    assert cache.get("/profile", ALICE).headers.get(ACAO) == "*"
    assert cache.get("/profile", "null").headers.get(ACAO) == "*"
