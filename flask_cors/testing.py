"""Check an app's CORS answers the way a browser does, in your own tests.

:func:`simulate_fetch` sends what a browser's ``fetch()`` would send through a
Flask test client (a preflight first, when one is needed, then the request
itself) and judges the answers with the Fetch standard's CORS check and
CORS-preflight fetch (https://fetch.spec.whatwg.org/#http-cors-protocol).
:func:`assert_cors_allowed` and :func:`assert_cors_blocked` wrap it for tests::

    from flask_cors.testing import assert_cors_allowed, assert_cors_blocked

    def test_app_can_update_items(client):
        assert_cors_allowed(client, "/items/1", origin="https://app.example.com",
                            method="PUT", json={"name": "new"})

    def test_other_sites_cannot_read_items(client):
        assert_cors_blocked(client, "/items", origin="https://evil.example.net")

The checks read only the responses, never ``flask_cors``'s own configuration
or decision code, so they hold against any app: one using this extension, one
setting the headers by hand, or one behind another CORS library.

The page is always taken to be on another origin than the app.  Redirects
are followed as ``fetch()`` follows them, each answer checked; one to
another origin is fetched through the test client given for it, if any.
What a browser does that is not modelled here: the preflight cache (every
simulated fetch sends its own preflight), ``no-cors`` requests, ``SameSite``
cookie rules, and Private Network Access.

:func:`assert_write_refused` and :func:`assert_write_allowed` check the
other side, ``cross_origin_protection``: whether a form or ``fetch()`` on
another website can make the app *do* something, whatever it may read.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Union
from urllib.parse import urljoin, urlsplit

from flask import request_started
from flask.testing import FlaskClient
from werkzeug.test import Client, TestResponse

from .origins import serialized_origin

__all__ = [
    "FetchResult",
    "Hop",
    "assert_cors_allowed",
    "assert_cors_blocked",
    "assert_write_allowed",
    "assert_write_refused",
    "simulate_fetch",
]

#: The request headers a page sets: a mapping, or (name, value) pairs.
RequestHeaders = Union[Mapping[str, str], Iterable[tuple[str, str]]]

ALLOW_ORIGIN = "Access-Control-Allow-Origin"
ALLOW_CREDENTIALS = "Access-Control-Allow-Credentials"
ALLOW_METHODS = "Access-Control-Allow-Methods"
ALLOW_HEADERS = "Access-Control-Allow-Headers"
EXPOSE_HEADERS = "Access-Control-Expose-Headers"

_TOKEN_RE = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")
# WSGI environ entries through which a test client could send credentials.
_CREDENTIAL_ENVIRON_KEYS = frozenset({"HTTP_COOKIE", "HTTP_AUTHORIZATION"})
_HTTP_WHITESPACE = "\t\n\r "
_OPTIONAL_WHITESPACE = " \t"

# fetch() upper-cases these method names, and only these.
_NORMALISED_METHODS = frozenset({"DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT"})
_FORBIDDEN_METHODS = frozenset({"CONNECT", "TRACE", "TRACK"})
_SAFELISTED_METHODS = ("GET", "HEAD", "POST")

# Headers a page's script cannot set: the browser drops them or sets them itself.
_FORBIDDEN_REQUEST_HEADERS = frozenset(
    {
        "accept-charset",
        "accept-encoding",
        "access-control-request-headers",
        "access-control-request-method",
        "connection",
        "content-length",
        "cookie",
        "cookie2",
        "date",
        "dnt",
        "expect",
        "host",
        "keep-alive",
        "origin",
        "referer",
        "set-cookie",
        "te",
        "trailer",
        "transfer-encoding",
        "upgrade",
        "via",
    }
)
_FORBIDDEN_HEADER_PREFIXES = ("proxy-", "sec-")
_METHOD_OVERRIDE_HEADERS = frozenset(
    {"x-http-method", "x-http-method-override", "x-method-override"}
)

_SAFELISTED_REQUEST_HEADERS = frozenset(
    {"accept", "accept-language", "content-language", "content-type", "range"}
)
_SAFELISTED_CONTENT_TYPES = (
    "application/x-www-form-urlencoded",
    "multipart/form-data",
    "text/plain",
)
# Control characters other than tab, and "():<>?@[\]{} and DEL.
_UNSAFE_VALUE_CHARACTER_RE = re.compile(r'[\x00-\x08\x0a-\x1f"():<>?@\[\\\]{}\x7f]')
_LANGUAGE_VALUE_RE = re.compile(r"[0-9A-Za-z *,.;=-]*")
_SIMPLE_RANGE_RE = re.compile(r"bytes=([0-9]+)-([0-9]*)")  # "bytes" is case-sensitive
_SAFELISTED_VALUE_LIMIT = 128
_SAFELISTED_TOTAL_LIMIT = 1024

_SAFELISTED_RESPONSE_HEADERS = frozenset(
    {
        "cache-control",
        "content-language",
        "content-length",
        "content-type",
        "expires",
        "last-modified",
        "pragma",
    }
)
_FORBIDDEN_RESPONSE_HEADERS = frozenset({"set-cookie", "set-cookie2"})


@dataclass(frozen=True)
class Hop:
    """One request of a ``fetch()`` and the answer to it: the first, or one
    that a redirect led to.

    :param url: the request's URL.
    :param method: the method it was sent with (a redirect may turn it into GET).
    :param origin: the ``Origin`` it carried: the page's, or ``null`` after a
        redirect to another origin.
    :param preflight_triggers: why it needed a preflight; empty if it did not.
    :param preflight: the answer to its preflight, or None.
    :param response: its answer, or None when it was not sent (a failed
        preflight, or an origin no client was given for).
    :param problems: why the browser stops here; empty when it goes on.
    :param fetched: False when no client could fetch it: it is on another
        origin than the app, and ``clients`` has none for that origin.
    """

    url: str
    method: str
    origin: str
    preflight_triggers: list[str]
    preflight: TestResponse | None
    response: TestResponse | None
    problems: list[str]
    fetched: bool = True

    @property
    def location(self) -> str | None:
        """Where the answer redirects to (its ``Location``), if it is a redirect."""
        if self.response is None or self.response.status_code not in _REDIRECT_STATUSES:
            return None
        return self.response.headers.get("Location")

    def describe(self) -> str:
        """The request and what became of it, in one line."""
        request = f"{self.method} {self.url} (Origin: {self.origin})"
        if not self.fetched:
            return f"{request}: not fetched (another origin than the app): unknown"
        answers = []
        if self.preflight is not None:
            answers.append(f"preflight {self.preflight.status}")
        if self.response is not None:
            answers.append(str(self.response.status))
        if self.problems:
            verdict = "blocked"
        elif self.location is not None:
            verdict = f"passes the CORS check, redirects to {self.location}"
        else:
            verdict = "passes the CORS check"
        return f"{request}: {'; '.join(answers)}: {verdict}"


@dataclass(frozen=True)
class FetchResult:
    """What a browser makes of one cross-origin ``fetch()``.

    :param allowed: whether ``fetch()`` would resolve and let the page read
        the response; False means it would reject with a ``TypeError``.
    :param reasons: why the browser blocks the request, in plain words;
        empty when it is allowed.
    :param preflight: the answer to the preflight (``OPTIONS``) request, or
        None when no preflight was needed.
    :param response: the answer to the request itself, or None when a
        failed preflight stopped the browser from sending it.
    :param exposed_headers: the names (lower case, sorted) of the response
        headers the page's script can read; empty when blocked.
    :param status: the status code the page reads; None when blocked.
    :param preflight_triggers: why the browser sent a preflight (a method or
        header that is not CORS-safelisted); empty for a simple request.
    :param origin: the page's origin.
    :param method: the request method, as the browser sends it.
    :param path: the requested path.
    :param credentials: whether the request included credentials.
    :param hops: every request ``fetch()`` made, the first and one per
        redirect followed, in order.  ``preflight``, ``response`` and
        ``preflight_triggers`` are those of the last one.
    :param unknown: True when a redirect led to another origin than the
        app's and no client was given for it: the browser's verdict depends
        on that server's answer (``allowed`` is False).
    """

    allowed: bool
    reasons: list[str]
    preflight: TestResponse | None
    response: TestResponse | None
    exposed_headers: list[str]
    status: int | None
    preflight_triggers: list[str]
    origin: str
    method: str
    path: str
    credentials: bool
    hops: tuple[Hop, ...] = ()
    unknown: bool = False

    @property
    def verdict(self) -> str:
        """``allowed``, ``blocked`` or ``unknown``."""
        return "unknown" if self.unknown else "allowed" if self.allowed else "blocked"

    def header(self, name: str) -> str | None:
        """The value the page's script reads for a response header.

        Like ``response.headers.get(name)`` in JavaScript: None when the
        request is blocked, or when the header is absent or not exposed.

        :param name: the header name, in any case.
        """
        if self.response is None or name.lower() not in self.exposed_headers:
            return None
        return ", ".join(self.response.headers.getlist(name))

    def explain(self) -> str:
        """A readable account of the exchange: the verdict and its reasons,
        why a preflight was sent, and the status and CORS headers of each
        answer."""
        credentials = "with credentials" if self.credentials else "without credentials"
        lines = [f"{self.method} {self.path} from {self.origin}, {credentials}: {self.verdict}"]
        lines.extend(f"  - {reason}" for reason in self.reasons)
        if len(self.hops) > 1:
            lines.append("redirects followed, each answer judged by the CORS check:")
            lines.extend(f"  {n}. {hop.describe()}" for n, hop in enumerate(self.hops, 1))
            lines.append("the last request:")
        if self.preflight_triggers:
            lines.append("preflight sent, because:")
            lines.extend(f"  * {trigger}" for trigger in self.preflight_triggers)
            lines.extend(_describe("preflight response", self.preflight))
        else:
            lines.append("preflight: not needed")
        lines.extend(_describe("response", self.response))
        return "\n".join(lines)


def simulate_fetch(
    client: Client,
    path: str,
    *,
    origin: str,
    method: str = "GET",
    headers: RequestHeaders | None = None,
    credentials: bool = False,
    data: Any = None,
    json: Any = None,
    follow: bool = True,
    clients: Mapping[str, Client] | None = None,
) -> FetchResult:
    """Send a page's cross-origin ``fetch()`` through ``client`` and judge it
    as a browser would.

    When the Fetch standard calls for a preflight (a method other than GET,
    HEAD and POST, or a header that is not CORS-safelisted), an ``OPTIONS``
    request goes first, built as a browser builds it, and its answer must
    pass the CORS-preflight checks for the request itself to be sent.  The
    request's answer must then pass the CORS check.  Like a browser, it
    sends no cookies with a preflight, nor with a request without
    credentials; with ``credentials=True`` the request carries the test
    client's cookies, and the client keeps those its answer sets.  Both
    requests carry ``Origin``, ``Sec-Fetch-Mode: cors`` and
    ``Sec-Fetch-Site`` (``same-site`` when only the port differs from the
    client's host, else ``cross-site``).

    A redirect is followed as ``fetch()`` follows it (``redirect:
    "follow"``): each answer in the chain, the redirect included, must pass
    the CORS check; the request to the new URL gets its own preflight when it
    needs one; 301 and 302 turn a POST into a GET, 303 turns any method but
    GET and HEAD into GET (without the body), 307 and 308 keep both; after a
    redirect to another origin the request's ``Origin`` is ``null``; more
    than 20 redirects, or a redirect to a URL with a user name or password,
    fail.  A redirect to another origin than the app's is fetched only
    through the client ``clients`` gives for it; without one, the verdict is
    unknown (``allowed`` is False and :attr:`FetchResult.unknown` True).

    :param client: a Flask test client, ``app.test_client()``.  Requests
        without credentials go through a second client of the same class,
        made as Flask makes one, with the same ``environ_base`` less any
        ``HTTP_COOKIE`` or ``HTTP_AUTHORIZATION`` set there.
    :param path: the path to fetch, with its query string if any.
    :param origin: the origin of the calling page, as a browser sends it:
        ``"https://app.example.com"`` (lower case, no trailing slash), or
        ``"null"``.
    :param method: the request method.  As ``fetch()`` does, DELETE, GET,
        HEAD, OPTIONS, POST and PUT are upper-cased; other names are sent as
        given, and compared case-sensitively.
    :param headers: the headers the page's script sets, as a mapping or
        (name, value) pairs.  Headers a script may not set (``Cookie``,
        ``Origin``, ``Sec-*``, ...) raise :class:`ValueError`.
    :param credentials: whether the page asks for credentials
        (``credentials: "include"``).
    :param data: a request body, passed to the test client.  A ``str`` is
        sent as ``text/plain;charset=UTF-8`` unless ``headers`` has a
        ``Content-Type``, as ``fetch()`` does.
    :param json: a request body to send as JSON, with
        ``Content-Type: application/json`` unless ``headers`` says
        otherwise, as a page that sets that header does.
    :param follow: follow redirects, as ``fetch()`` does by default; False
        judges a redirect answer like any other (``redirect: "manual"`` is
        not modelled).
    :param clients: test clients for other origins a redirect may lead to,
        by origin (``{"https://login.example.com": login_app.test_client()}``);
        the app's own origin always uses ``client``.
    :raises ValueError: for a request no browser would send.
    """
    _check_origin(origin)
    if data is not None and json is not None:
        raise ValueError("Give data or json, not both.")
    others = _other_clients(clients)
    method = _normalise_method(method)
    request = _HopRequest(
        url=path,
        method=method,
        headers=_request_headers(headers, data, json),
        data=data,
        json=json,
        origin=origin,
        fetch_site=_fetch_site(origin, client),
    )
    hops: list[Hop] = []
    app_origin: str | None = None
    hop_client: Client | None = client
    while True:
        hop = _fetch_hop(hop_client, request, credentials, first=not hops)
        hops.append(hop)
        if app_origin is None:
            app_origin = _url_origin(hop.url)
        if not follow or hop.response is None or hop.problems or hop.location is None:
            break
        target, problem = _redirect_target(hop, origin, len(hops))
        if problem is not None:
            hops[-1] = dataclasses.replace(hop, problems=[problem])
            break
        assert target is not None
        request = _redirected_request(request, hop, target, origin)
        target_origin = _url_origin(target)
        hop_client = client if target_origin == app_origin else others.get(target_origin)
    last = hops[-1]
    unknown = not last.fetched
    reasons = _chain_reasons(hops)
    readable = last.response if not reasons else None
    return FetchResult(
        allowed=readable is not None,
        reasons=reasons,
        preflight=last.preflight,
        response=last.response,
        exposed_headers=_exposed_headers(readable, credentials) if readable is not None else [],
        status=readable.status_code if readable is not None else None,
        preflight_triggers=last.preflight_triggers,
        origin=origin,
        method=method,
        path=path,
        credentials=credentials,
        hops=tuple(hops),
        unknown=unknown,
    )


@dataclass(frozen=True)
class _HopRequest:
    """The request as it stands before one fetch of a redirect chain."""

    url: str
    method: str
    headers: list[tuple[str, str]]
    data: Any
    json: Any
    origin: str  # the serialised origin it sends: "null" once tainted
    fetch_site: str


def _fetch_hop(client: Client | None, request: _HopRequest, credentials: bool, first: bool) -> Hop:
    """One request of the chain (its preflight first, when needed), judged."""
    triggers, unsafe_names = _preflight_triggers(request.method, request.headers)
    if client is None:
        return Hop(
            url=request.url,
            method=request.method,
            origin=request.origin,
            preflight_triggers=triggers,
            preflight=None,
            response=None,
            problems=[
                f"{request.url} is on another origin than the app: no client fetched it "
                f"(pass clients={{{_url_origin(request.url)!r}: ...}}), so whether the "
                f"browser may read its answer is unknown"
            ],
            fetched=False,
        )
    anonymous = _without_credentials(client)
    path, base_url = request.url, None
    if not first:
        parts = urlsplit(request.url)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        base_url = f"{parts.scheme}://{parts.netloc}/"
    fetch_metadata = [("Sec-Fetch-Site", request.fetch_site), ("Sec-Fetch-Mode", "cors")]
    preflight = response = None
    problems: list[str] = []
    if triggers:
        preflight_headers = [
            ("Origin", request.origin),
            ("Access-Control-Request-Method", request.method),
            ("Accept", "*/*"),
            *fetch_metadata,
        ]
        if unsafe_names:
            preflight_headers.append(("Access-Control-Request-Headers", ",".join(unsafe_names)))
        preflight = anonymous.open(
            path, method="OPTIONS", headers=preflight_headers, base_url=base_url
        )
        problems = _preflight_problems(
            preflight, request.origin, request.method, unsafe_names, credentials
        )
    if not problems:
        response = (client if credentials else anonymous).open(
            path,
            method=request.method,
            headers=[*request.headers, ("Origin", request.origin), *fetch_metadata],
            data=request.data,
            json=request.json,
            base_url=base_url,
        )
        problems = _cors_check(response, request.origin, credentials, "response")
    answered = response if response is not None else preflight
    assert answered is not None
    return Hop(
        url=answered.request.url,
        method=request.method,
        origin=request.origin,
        preflight_triggers=triggers,
        preflight=preflight,
        response=response,
        problems=problems,
        fetched=True,
    )


_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
_MAX_REDIRECTS = 20
# Headers that describe the body: dropped with it when a redirect turns the request into a GET.
_REQUEST_BODY_HEADERS = frozenset(
    {"content-encoding", "content-language", "content-location", "content-type"}
)


def _redirect_target(hop: Hop, page_origin: str, fetched: int) -> tuple[str | None, str | None]:
    """Where a redirect answer sends the request next, or why the browser
    stops there (a network error), per the Fetch standard's HTTP-redirect
    fetch."""
    location = hop.location
    assert location is not None
    try:
        target = urljoin(hop.url, location)
        parts = urlsplit(target)
        parts.port  # noqa: B018 (a port out of range raises)
    except ValueError:
        return None, f"the redirect's Location {location!r} is not a valid URL"
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None, f"the redirect leads to {target!r}, which is not an http(s) URL"
    if fetched > _MAX_REDIRECTS:
        return None, f"more than {_MAX_REDIRECTS} redirects: fetch() stops with a network error"
    if (parts.username is not None or parts.password is not None) and _url_origin(
        target
    ) != page_origin:
        return None, (
            f"the redirect leads to {target!r}, a URL with a user name or password: a CORS "
            f"request may not follow it"
        )
    return parts._replace(fragment="").geturl(), None


def _redirected_request(
    request: _HopRequest, hop: Hop, target: str, page_origin: str
) -> _HopRequest:
    """The request sent to ``target`` after the redirect answer ``hop``."""
    assert hop.response is not None
    status = hop.response.status_code
    method, headers, data, json = request.method, request.headers, request.data, request.json
    if (status in (301, 302) and method == "POST") or (
        status == 303 and method not in ("GET", "HEAD")
    ):
        method, data, json = "GET", None, None
        headers = [(n, v) for n, v in headers if n.lower() not in _REQUEST_BODY_HEADERS]
    here, there = _url_origin(hop.url), _url_origin(target)
    origin = request.origin
    if here != there:
        # The Authorization header does not go to another origin.
        headers = [(n, v) for n, v in headers if n.lower() != "authorization"]
        if page_origin != here:
            origin = "null"  # the tainted origin
    fetch_site = request.fetch_site
    if fetch_site != "cross-site":
        parts = urlsplit(target)
        fetch_site = _site_of(page_origin, parts.scheme, parts.netloc)
    return _HopRequest(target, method, headers, data, json, origin, fetch_site)


def _url_origin(url: str) -> str:
    """The serialised origin of an absolute http(s) URL (default port left out)."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if ":" in host:
        host = f"[{host}]"
    port = parts.port
    if port is None or port == {"http": 80, "https": 443}.get(scheme):
        return f"{scheme}://{host}"
    return f"{scheme}://{host}:{port}"


def _other_clients(clients: Mapping[str, Client] | None) -> dict[str, Client]:
    """``clients``, checked: keyed by origins as browsers write them."""
    checked: dict[str, Client] = {}
    for key, other in (clients or {}).items():
        if key == "null" or not serialized_origin(key):
            raise ValueError(
                f"clients: {key!r} is not an origin: give scheme://host[:port] in lower case, "
                f"e.g. 'https://login.example.com'."
            )
        checked[_url_origin(key)] = other
    return checked


def _chain_reasons(hops: Sequence[Hop]) -> list[str]:
    """Why the browser blocks the fetch: the problems of the hop that stopped
    it, each naming the redirect it followed when it is not the first."""
    last = hops[-1]
    if len(hops) == 1 or not last.fetched:
        return list(last.problems)
    return [f"after a redirect to {last.url}: {problem}" for problem in last.problems]


_UNKNOWN = (
    "Cannot tell whether CORS allows the request: a redirect leads to another origin, "
    "which no test client was given for (clients=...)."
)


def assert_cors_allowed(
    client: Client,
    path: str,
    *,
    origin: str,
    method: str = "GET",
    headers: RequestHeaders | None = None,
    credentials: bool = False,
    data: Any = None,
    json: Any = None,
    follow: bool = True,
    clients: Mapping[str, Client] | None = None,
) -> FetchResult:
    """Assert that a browser lets a page on ``origin`` make this request and
    read the response.

    Takes the arguments of :func:`simulate_fetch`.

    :returns: the :class:`FetchResult`, for further checks.
    :raises AssertionError: when the browser would block the request, or
        when a redirect leads to an origin no client was given for; the
        message gives the reasons and the CORS headers of each answer.
    """
    __tracebackhide__ = True
    outcome = simulate_fetch(
        client,
        path,
        origin=origin,
        method=method,
        headers=headers,
        credentials=credentials,
        data=data,
        json=json,
        follow=follow,
        clients=clients,
    )
    if outcome.unknown:
        raise AssertionError(f"{_UNKNOWN}\n{outcome.explain()}")
    if not outcome.allowed:
        raise AssertionError(f"CORS blocks the request.\n{outcome.explain()}")
    return outcome


def assert_cors_blocked(
    client: Client,
    path: str,
    *,
    origin: str,
    method: str = "GET",
    headers: RequestHeaders | None = None,
    credentials: bool = False,
    data: Any = None,
    json: Any = None,
    follow: bool = True,
    clients: Mapping[str, Client] | None = None,
    reason: str | None = None,
) -> FetchResult:
    """Assert that a browser stops a page on ``origin`` from reading the
    answer to this request (``fetch()`` rejects).

    Takes the arguments of :func:`simulate_fetch`, and:

    :param reason: text that one of the reasons must contain, to check that
        the request is blocked for the expected reason, e.g.
        ``"not in Access-Control-Allow-Headers"``.
    :returns: the :class:`FetchResult`, for further checks.
    :raises AssertionError: when the browser would allow the request, or
        blocks it for other reasons than ``reason``, or when a redirect leads
        to an origin no client was given for (whether it blocks is unknown).
    """
    __tracebackhide__ = True
    outcome = simulate_fetch(
        client,
        path,
        origin=origin,
        method=method,
        headers=headers,
        credentials=credentials,
        data=data,
        json=json,
        follow=follow,
        clients=clients,
    )
    if outcome.unknown:
        raise AssertionError(f"{_UNKNOWN}\n{outcome.explain()}")
    if outcome.allowed:
        raise AssertionError(f"CORS allows the request.\n{outcome.explain()}")
    if reason is not None and not any(reason in text for text in outcome.reasons):
        raise AssertionError(
            f"CORS blocks the request, but no reason mentions {reason!r}.\n{outcome.explain()}"
        )
    return outcome


_FETCH_SITES = ("cross-site", "same-site", "same-origin", "none")


def assert_write_refused(
    client: Client,
    path: str,
    *,
    origin: str,
    method: str = "POST",
    fetch_site: str | None = "cross-site",
    headers: RequestHeaders | None = None,
    data: Any = None,
    json: Any = None,
) -> TestResponse:
    """Assert that a request a page on ``origin`` sends (a form, or a
    ``fetch()``) is refused with ``403`` before the app handles it: no
    ``before_request`` hook and no view runs.

    The request goes through ``client`` itself, with its cookies, as a
    browser sends a cross-site form with the user's cookies.  It carries
    ``Origin`` and ``Sec-Fetch-Site`` as a browser's would.  "Before the
    app handles it" means that Flask never sent its ``request_started``
    signal, which comes before every ``before_request`` hook.

    :param origin: the page's origin, ``"https://evil.example"`` or ``"null"``.
    :param method: an unsafe method: not GET, HEAD or OPTIONS.
    :param fetch_site: the ``Sec-Fetch-Site`` header: ``"cross-site"``,
        ``"same-site"``, ``"same-origin"`` or ``"none"``; None sends none, as
        browsers before 2023 did.
    :param headers: more request headers; ``data`` and ``json``: the body,
        as the test client takes them.
    :returns: the response, for further checks.
    :raises AssertionError: when the request reached the app, or was
        answered with another status.
    """
    __tracebackhide__ = True
    response, reached = _send_write(client, path, origin, method, fetch_site, headers, data, json)
    sent = _describe_write(path, origin, method, fetch_site)
    if reached:
        hint = ""
        if response.status_code == 403:
            hint = (
                " It was refused with 403 after Flask's before_request hooks ran, which is"
                " what an app with @cross_origin but without CORS(app) does: add CORS(app)"
                " to refuse such requests before any hook."
            )
        raise AssertionError(f"{sent} reached the app ({response.status}).{hint}")
    if response.status_code != 403:
        raise AssertionError(f"{sent} was answered with {response.status}, not 403 Forbidden.")
    return response


def assert_write_allowed(
    client: Client,
    path: str,
    *,
    origin: str,
    method: str = "POST",
    fetch_site: str | None = "cross-site",
    headers: RequestHeaders | None = None,
    data: Any = None,
    json: Any = None,
) -> TestResponse:
    """Assert that a request a page on ``origin`` sends reaches the app:
    Flask handles it, whatever the view answers.

    Takes the arguments of :func:`assert_write_refused`.

    :returns: the response, for further checks.
    :raises AssertionError: when the request was answered before Flask
        started handling it, with the answer's status and body.
    """
    __tracebackhide__ = True
    response, reached = _send_write(client, path, origin, method, fetch_site, headers, data, json)
    if not reached:
        body = response.get_data(as_text=True).strip()
        raise AssertionError(
            f"{_describe_write(path, origin, method, fetch_site)} was answered with "
            f"{response.status} before reaching the app: {body[:300]}"
        )
    return response


def _send_write(
    client: Client,
    path: str,
    origin: str,
    method: str,
    fetch_site: str | None,
    headers: RequestHeaders | None,
    data: Any,
    json: Any,
) -> tuple[TestResponse, bool]:
    """Send the request; return its response and whether Flask started handling it."""
    _check_origin(origin)
    method = _normalise_method(method)
    if method.upper() in ("GET", "HEAD", "OPTIONS"):
        raise ValueError(
            f"{method} is a safe method: cross_origin_protection never refuses it. "
            "Pass method='POST', 'PUT', 'PATCH' or 'DELETE'."
        )
    if fetch_site is not None and fetch_site not in _FETCH_SITES:
        raise ValueError(
            f"fetch_site={fetch_site!r}: browsers send one of {', '.join(_FETCH_SITES)}, "
            "or None for no Sec-Fetch-Site header."
        )
    request_headers = _request_headers(headers, data, json)
    request_headers.append(("Origin", origin))
    if fetch_site is not None:
        request_headers.append(("Sec-Fetch-Site", fetch_site))
    app = client.application
    started: list[object] = []

    def note_start(sender: object, **extra: object) -> None:
        started.append(sender)

    with request_started.connected_to(note_start, sender=app):
        response = client.open(path, method=method, headers=request_headers, data=data, json=json)
    return response, bool(started)


_PORT_RE = re.compile(r":[0-9]*$")


def _fetch_site(origin: str, client: Client) -> str:
    """The ``Sec-Fetch-Site`` a browser sends with a fetch from ``origin``.

    The page is on another origin than the app; without the public suffix
    list, "same-site" is given only when the two differ in the port alone
    (``flask_cors`` judges same-site and cross-site requests alike).
    """
    environ_base = getattr(client, "environ_base", None) or {}
    host = str(environ_base.get("HTTP_HOST", "localhost"))
    scheme = str(environ_base.get("wsgi.url_scheme", "http"))
    return _site_of(origin, scheme, host)


def _site_of(origin: str, scheme: str, host: str) -> str:
    """``same-site`` when a page on ``origin`` and ``scheme://host`` differ in
    the port alone, else ``cross-site``."""
    page_scheme, _, page_host = origin.partition("://")
    if page_scheme == scheme and _PORT_RE.sub("", page_host) == _PORT_RE.sub("", host.lower()):
        return "same-site"
    return "cross-site"


def _check_origin(origin: str) -> None:
    if not serialized_origin(origin):
        raise ValueError(
            f"{origin!r} is not an origin as browsers send it: scheme://host[:port] in lower "
            f"case, without a path or trailing slash, or 'null'."
        )


def _describe_write(path: str, origin: str, method: str, fetch_site: str | None) -> str:
    site = f"Sec-Fetch-Site: {fetch_site}" if fetch_site is not None else "no Sec-Fetch-Site"
    return f"{method.upper()} {path} from {origin} ({site})"


# --- The request, as the browser builds it -----------------------------------


def _without_credentials(client: Client) -> Client:
    """A client like ``client`` that sends no credentials: for preflights and
    for requests without credentials.

    Made as Flask makes test clients, with the same ``environ_base`` less any
    cookie or ``Authorization`` set there.
    """
    # Not type(client)(app, client.response_wrapper): Werkzeug 2.3 has already
    # mixed TestResponse into response_wrapper, and mixing it in again fails.
    anonymous: Client
    if isinstance(client, FlaskClient):
        anonymous = client.application.test_client(use_cookies=False)
    else:
        anonymous = type(client)(client.application, use_cookies=False)
    if isinstance(client, FlaskClient) and isinstance(anonymous, FlaskClient):
        anonymous.environ_base = {
            key: value
            for key, value in client.environ_base.items()
            if key not in _CREDENTIAL_ENVIRON_KEYS
        }
    return anonymous


def _normalise_method(method: str) -> str:
    if not _TOKEN_RE.fullmatch(method):
        raise ValueError(f"{method!r} is not a valid HTTP method name.")
    upper = method.upper()
    if upper in _FORBIDDEN_METHODS:
        raise ValueError(f"fetch() refuses the {upper} method.")
    return upper if upper in _NORMALISED_METHODS else method


def _request_headers(headers: RequestHeaders | None, data: Any, json: Any) -> list[tuple[str, str]]:
    """The request's header list: the script's headers, then the browser's defaults."""
    pairs: Iterable[tuple[str, str]]
    if headers is None:
        pairs = ()
    elif isinstance(headers, Mapping):
        pairs = headers.items()
    else:
        pairs = headers
    header_list: list[tuple[str, str]] = []
    for name, raw_value in pairs:
        value = raw_value.strip(_HTTP_WHITESPACE)
        if not _TOKEN_RE.fullmatch(name):
            raise ValueError(f"{name!r} is not a valid header name.")
        if any(c in value for c in "\0\r\n") or any(ord(c) > 0xFF for c in value):
            raise ValueError(
                f"The value of the {name} header is not one fetch() accepts: {value!r}."
            )
        _refuse_forbidden_header(name, value)
        header_list.append((name, value))
    names = {name.lower() for name, _ in header_list}
    if "content-type" not in names:
        if json is not None:
            header_list.append(("Content-Type", "application/json"))
        elif isinstance(data, str):
            header_list.append(("Content-Type", "text/plain;charset=UTF-8"))
    if "accept" not in names:
        header_list.append(("Accept", "*/*"))
    return header_list


def _refuse_forbidden_header(name: str, value: str) -> None:
    lowered = name.lower()
    if lowered in _FORBIDDEN_REQUEST_HEADERS or lowered.startswith(_FORBIDDEN_HEADER_PREFIXES):
        hint = " Pass credentials=True to send the client's cookies." if lowered == "cookie" else ""
        raise ValueError(
            f"A page's script cannot set the {name} header: the browser drops it or sets it "
            f"itself.{hint}"
        )
    if lowered in _METHOD_OVERRIDE_HEADERS and any(
        item.strip(_OPTIONAL_WHITESPACE).upper() in _FORBIDDEN_METHODS for item in value.split(",")
    ):
        raise ValueError(f"A page's script cannot set {name}: {value}.")


def _preflight_triggers(
    method: str, header_list: Sequence[tuple[str, str]]
) -> tuple[list[str], list[str]]:
    """Why the request needs a preflight, and its CORS-unsafe header names.

    The names are lower case, sorted and unique, as they go into
    ``Access-Control-Request-Headers``.
    """
    triggers: list[str] = []
    if method not in _SAFELISTED_METHODS:
        triggers.append(f"method {method} is not CORS-safelisted (GET, HEAD, POST)")
    unsafe: list[str] = []
    safelisted: list[str] = []
    safelisted_size = 0
    for name, value in header_list:
        problem = _unsafe_header_problem(name, value)
        if problem is None:
            safelisted.append(name.lower())
            safelisted_size += len(value)
        else:
            unsafe.append(name.lower())
            triggers.append(problem)
    if safelisted_size > _SAFELISTED_TOTAL_LIMIT:
        unsafe.extend(safelisted)
        triggers.append(
            f"the safelisted headers' values ({', '.join(sorted(set(safelisted)))}) add up to "
            f"more than {_SAFELISTED_TOTAL_LIMIT} bytes"
        )
    return triggers, sorted(set(unsafe))


def _unsafe_header_problem(name: str, value: str) -> str | None:
    """Why a request header is not CORS-safelisted; None if it is."""
    lowered = name.lower()
    if lowered not in _SAFELISTED_REQUEST_HEADERS:
        return f"header {lowered} is not CORS-safelisted"
    if len(value) > _SAFELISTED_VALUE_LIMIT:
        return f"header {lowered} is longer than {_SAFELISTED_VALUE_LIMIT} bytes"
    if lowered in ("accept", "content-type") and _UNSAFE_VALUE_CHARACTER_RE.search(value):
        return f"header {lowered} has a character not allowed in a safelisted value: {value!r}"
    if lowered in ("accept-language", "content-language") and not _LANGUAGE_VALUE_RE.fullmatch(
        value
    ):
        return f"header {lowered} has a character not allowed in a safelisted value: {value!r}"
    if lowered == "content-type":
        essence = _mime_essence(value)
        if essence not in _SAFELISTED_CONTENT_TYPES:
            shown = essence if essence is not None else repr(value)
            return (
                f"header content-type {shown} is not CORS-safelisted (only "
                f"application/x-www-form-urlencoded, multipart/form-data and text/plain are)"
            )
    if lowered == "range" and not _is_simple_range(value):
        return f"header range {value!r} is not a simple range (bytes=first- or bytes=first-last)"
    return None


def _mime_essence(value: str) -> str | None:
    """The lower-cased ``type/subtype`` of a MIME type; None if it does not parse."""
    type_, slash, rest = value.strip(_HTTP_WHITESPACE).partition("/")
    subtype = rest.partition(";")[0].rstrip(_HTTP_WHITESPACE)
    if not slash or not _TOKEN_RE.fullmatch(type_) or not _TOKEN_RE.fullmatch(subtype):
        return None
    return f"{type_}/{subtype}".lower()


def _is_simple_range(value: str) -> bool:
    match = _SIMPLE_RANGE_RE.fullmatch(value)
    if match is None:
        return False
    first, last = match.groups()
    return not last or int(first) <= int(last)


# --- The answers, as the browser judges them ---------------------------------


def _cors_check(response: TestResponse, origin: str, credentials: bool, where: str) -> list[str]:
    """The Fetch standard's CORS check, as a list of what fails."""
    values = [value.strip(_OPTIONAL_WHITESPACE) for value in response.headers.getlist(ALLOW_ORIGIN)]
    if not values:
        return [f"{where} has no {ALLOW_ORIGIN} header"]
    problems = []
    if len(values) > 1:
        problems.append(
            f"{where} has {len(values)} {ALLOW_ORIGIN} headers ({', '.join(values)}); "
            f"browsers accept exactly one value"
        )
    elif values[0] == "*":
        if credentials:
            problems.append(
                f"{where}: {ALLOW_ORIGIN} is * but the request includes credentials "
                f"(the origin must be named)"
            )
    elif values[0] != origin:
        problems.append(
            f"{where}: {ALLOW_ORIGIN} is {values[0]!r}, not the page's origin {origin!r}"
            f"{_origin_hint(values[0], origin)}"
        )
    if credentials:
        allow_credentials = response.headers.getlist(ALLOW_CREDENTIALS)
        combined = ", ".join(value.strip(_OPTIONAL_WHITESPACE) for value in allow_credentials)
        if not allow_credentials:
            problems.append(
                f"{where} has no {ALLOW_CREDENTIALS} header, but the request includes "
                f"credentials (it must be exactly 'true')"
            )
        elif combined != "true":
            problems.append(
                f"{where}: {ALLOW_CREDENTIALS} is {combined!r}, but the request includes "
                f"credentials (it must be exactly 'true')"
            )
    return problems


def _origin_hint(value: str, origin: str) -> str:
    if "," in value or " " in value:
        return " (a list is not allowed: send the request's origin alone)"
    if value.lower() == origin.lower():
        return " (the comparison is case-sensitive)"
    if value.startswith(origin + "/"):
        return " (an origin has no path or trailing slash)"
    return ""


def _preflight_problems(
    preflight: TestResponse,
    origin: str,
    method: str,
    unsafe_names: Sequence[str],
    credentials: bool,
) -> list[str]:
    """The Fetch standard's checks of a preflight's answer, as a list of what fails."""
    problems = []
    status = preflight.status_code
    if not 200 <= status <= 299:
        problems.append(
            f"preflight response status is {status}, not an ok status (200-299)"
            f"{_status_hint(status)}"
        )
    problems.extend(_cors_check(preflight, origin, credentials, "preflight response"))
    if problems:
        return problems

    methods = _list_header(preflight, ALLOW_METHODS, problems)
    header_names = _list_header(preflight, ALLOW_HEADERS, problems)
    if problems:
        return problems

    wildcard_methods = not credentials and methods is not None and "*" in methods
    if method not in _SAFELISTED_METHODS and not wildcard_methods and method not in (methods or ()):
        if methods is not None and "*" in methods:
            hint = " (* is a wildcard only for requests without credentials)"
        elif methods is not None and method.upper() in (item.upper() for item in methods):
            hint = " (methods are compared case-sensitively)"
        else:
            hint = ""
        problems.append(_not_listed(f"method {method}", ALLOW_METHODS, methods, hint))

    allowed_names = {name.lower() for name in header_names or ()}
    wildcard_names = not credentials and "*" in allowed_names
    for name in unsafe_names:
        # A "*" never covers Authorization: it must be listed by name.
        if name in allowed_names or (wildcard_names and name != "authorization"):
            continue
        if wildcard_names:
            hint = " (* never covers Authorization: list it by name)"
        elif "*" in allowed_names:
            hint = " (* is a wildcard only for requests without credentials)"
        else:
            hint = ""
        problems.append(_not_listed(f"header {name}", ALLOW_HEADERS, header_names, hint))
    return problems


def _status_hint(status: int) -> str:
    if 300 <= status <= 399:
        return "; a preflight cannot be redirected"
    if status in (401, 403):
        return (
            "; browsers send preflights without cookies or Authorization, so answer them "
            "before authentication"
        )
    return ""


def _list_header(response: TestResponse, name: str, problems: list[str]) -> list[str] | None:
    """The items of a comma-separated list header; None if absent.

    An item that is not a token makes the whole header invalid: that is
    added to ``problems``.
    """
    lines = response.headers.getlist(name)
    if not lines:
        return None
    items = []
    for line in lines:
        for item in line.split(","):
            item = item.strip(_OPTIONAL_WHITESPACE)
            if not item:
                continue
            if not _TOKEN_RE.fullmatch(item):
                problems.append(
                    f"preflight response: {name} is not a valid list, {item!r} is not a token"
                )
                return None
            items.append(item)
    return items


def _not_listed(subject: str, header: str, items: list[str] | None, hint: str) -> str:
    if items is None:
        return f"{subject} is not in {header} (the preflight response has no {header} header)"
    return f"{subject} is not in {header}: {', '.join(items) or '(empty)'}{hint}"


def _exposed_headers(response: TestResponse, credentials: bool) -> list[str]:
    """The names of the response's headers that the page's script can read."""
    present = {name.lower() for name, _ in response.headers.items()}
    ignored: list[str] = []  # an invalid list exposes nothing beyond the safelist
    listed = {name.lower() for name in _list_header(response, EXPOSE_HEADERS, ignored) or ()}
    if not credentials and "*" in listed:
        readable = present
    else:
        readable = {
            name for name in present if name in _SAFELISTED_RESPONSE_HEADERS or name in listed
        }
    return sorted(readable - _FORBIDDEN_RESPONSE_HEADERS)


def _describe(label: str, response: TestResponse | None) -> list[str]:
    """A response's status line and CORS headers, for messages."""
    if response is None:
        return [f"{label}: not sent"]
    lines = [f"{label}: {response.status}"]
    lines.extend(
        f"  {name}: {value}"
        for name, value in response.headers.items()
        if name.lower().startswith("access-control-") or name.lower() == "vary"
    )
    return lines
