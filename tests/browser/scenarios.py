"""What a real browser lets a page do under a CORS policy, as data.

Each :class:`Scenario` names one Flask app configuration (:class:`AppConfig`),
the page origin that calls it, the ``fetch()`` the page makes
(:class:`Request`) and what the browser must then allow (:class:`Outcome`),
with a one-line reason taken from the Fetch standard
(https://fetch.spec.whatwg.org/#http-cors-protocol).  Where an engine
legitimately differs (the standard leaves its cache policy to it, say),
:attr:`Scenario.engines` gives that engine's outcome and why.

``test_browser.py`` runs every scenario in Chromium, Firefox and WebKit.
The module imports neither Flask nor a browser driver, so other tools (such
as ``flask cors check``, whose verdict must agree with every engine's) can
reuse it.

The setup every scenario assumes:

- Every app is served at ``http://localhost:<its own port>`` and has the
  routes listed in :data:`ROUTES` (built by ``apps.py``).
- Pages are served by one server on ``127.0.0.1``; all three engines
  resolve ``localhost`` and every ``*.localhost`` name to loopback, so one server
  gives as many origins as needed.  ``{page}`` in an origin or an option
  stands for that server's port, ``{page_lookalike}`` for a second port of it
  whose digits start with the first port's (``4321`` and ``43217``), so
  ``http://localhost:{page}`` is a string prefix of
  ``http://localhost:{page_lookalike}``.
- The origin ``null`` is a sandboxed iframe (``sandbox="allow-scripts"``)
  inside ``http://localhost:{page}/sandbox``.
- The browser holds one cookie, :data:`COOKIE` for the host ``localhost``,
  ``SameSite=Lax``.  Cookies ignore ports, so pages on ``localhost:{page}``
  are same-site with the apps and the cookie goes out whenever a fetch uses
  ``credentials: "include"``.  Cross-site pages (``127.0.0.1``,
  ``*.localhost``) never send it: a ``SameSite=Lax`` cookie does not go
  with a cross-site ``fetch()`` in any engine.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

PAGE = "{page}"
PAGE_LOOKALIKE = "{page_lookalike}"

#: Host of every app; see the module docstring for why cookies need it.
API_HOST = "localhost"

#: The cookie the browser holds for ``API_HOST``: (name, value).
COOKIE = ("sid", "browser-suite")

#: The bearer token the apps' ``before_request`` hook wants on ``/private``.
TOKEN = "letmein"

#: The routes every app has (path: what it does).
ROUTES: Mapping[str, str] = {
    "/data": (
        "GET, POST, PUT, PATCH, DELETE: text 'data <METHOD> cookie=<yes|no>', with "
        "X-Total-Count: 2 and X-Secret: hidden"
    ),
    "/api/data": "as /data",
    "/public/data": "as /data",
    "/other/data": "as /data",
    "/apiary/data": "as /data",
    "/only-get": "GET only: text 'only get'",
    "/json": "POST: echoes the JSON body as {'received': body}",
    "/boom": "raises RuntimeError: 500",
    "/forbidden": "abort(403)",
    "/private": f"GET: 'secret'; a before_request hook answers 401 without "
    f"'Authorization: Bearer {TOKEN}'",
    "/async": "an async def view: text 'async'",
    "/decorated": "GET, PUT, under @cross_origin(**decorator) when the app has one",
    "/decorated-async": "an async def view under @cross_origin(**decorator)",
    "/cacheable": "GET: text 'cacheable' with Cache-Control: max-age=600",
    "/paired": "GET, PUT: text 'paired'; a before_request hook sets g.t0 and an "
    "after_request hook reads it (a pair, as timing and database hooks come)",
    "/items/<int:id>": "GET in one view ('item <id>'), PUT and DELETE in another "
    "('<METHOD> item <id>')",
    "/own-credentials": "GET: text 'own' with Access-Control-Allow-Credentials: true set "
    "by the view itself",
    "/slash/": "GET, PUT: text 'slash <METHOD>'; Flask redirects /slash to it (308)",
}


def allow_cb_localhost(origin: str) -> bool:
    """A dynamic allow-list: only pages on ``cb.localhost``, any port."""
    return urlsplit(origin).hostname == "cb.localhost"


@dataclass(frozen=True)
class AppConfig:
    """One Flask app of the suite: its CORS configuration.

    :param extension: keyword arguments of ``CORS(app, ...)``; None: no extension.
    :param decorator: keyword arguments of ``@cross_origin(...)`` on
        ``/decorated`` and ``/decorated-async``; None: those views are plain.
    :param config: ``app.config`` entries, set before the extension.
    """

    name: str
    extension: Mapping[str, Any] | None = None
    decorator: Mapping[str, Any] | None = None
    config: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Request:
    """The page's ``fetch(api + path, {method, headers, body, credentials})``.

    :param repeat: how many identical fetches, one after the other.
    :param navigate_first: the browser first loads the URL by a plain
        navigation (no ``Origin``), which may put it in the HTTP cache.
    """

    path: str = "/data"
    method: str = "GET"
    headers: Mapping[str, str] = field(default_factory=dict)
    body: str | None = None
    credentials: str = "same-origin"
    repeat: int = 1
    navigate_first: bool = False


@dataclass(frozen=True)
class Outcome:
    """What the browser allowed, and what the app really received.

    :param resolves: True: ``fetch()`` resolved and the page read the
        response; False: it rejected with a ``TypeError`` (a network error to
        the page, whatever the server answered).
    :param status: the status the page read.
    :param readable: response headers the page's script reads, with values.
    :param unreadable: headers the app sent that the script cannot read.
    :param body: text the page read contains this.
    :param preflights: preflight requests the app received.
    :param requests: other requests the app received (navigations included).
    :param cookie_sent: whether the actual requests carried :data:`COOKIE`.
    :param preflight_headers: headers of the first preflight answer (None:
        absent), as the app sent them.
    """

    resolves: bool
    status: int | None = None
    readable: Mapping[str, str] = field(default_factory=dict)
    unreadable: tuple[str, ...] = ()
    body: str | None = None
    preflights: int = 0
    requests: int = 1
    cookie_sent: bool | None = None
    preflight_headers: Mapping[str, str | None] = field(default_factory=dict)

    @property
    def label(self) -> str:
        """The browser outcome in a word: ``resolves-200`` or ``TypeError``."""
        return f"resolves-{self.status}" if self.resolves else "TypeError"


@dataclass(frozen=True)
class Scenario:
    """One page origin making one request to one app, and what must happen."""

    id: str
    app: AppConfig
    origin: str
    request: Request
    expect: Outcome
    why: str
    #: Engine name -> its own outcome and the reason, where an engine
    #: legitimately differs from :attr:`expect` (which holds for the others).
    engines: Mapping[str, tuple[Outcome, str]] = field(default_factory=dict)

    def expect_in(self, engine: str) -> tuple[Outcome, str]:
        """The outcome ``engine`` must show, and why."""
        return self.engines.get(engine, (self.expect, self.why))


def substitute(value: Any, ports: Mapping[str, int]) -> Any:
    """``value`` with ``{page}``-style placeholders replaced by real ports.

    Walks strings, compiled regexes, mappings, lists and tuples; leaves
    anything else (callables, numbers) as it is.
    """
    if isinstance(value, str):
        for placeholder, port in ports.items():
            value = value.replace(placeholder, str(port))
        return value
    if isinstance(value, re.Pattern):
        return re.compile(substitute(value.pattern, ports), value.flags)
    if isinstance(value, Mapping):
        return {substitute(key, ports): substitute(item, ports) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(substitute(item, ports) for item in value)
    return value


def _ok(status: int = 200, **kwargs: Any) -> Outcome:
    return Outcome(resolves=True, status=status, **kwargs)


def _blocked(**kwargs: Any) -> Outcome:
    return Outcome(resolves=False, **kwargs)


HOME = f"http://localhost:{PAGE}"
SUB_A = f"http://a.localhost:{PAGE}"
SUB_B = f"http://b.localhost:{PAGE}"
LOOPBACK_IP = f"http://127.0.0.1:{PAGE}"
HOME_LOOKALIKE = f"http://localhost:{PAGE_LOOKALIKE}"

JSON_HEADERS = {"Content-Type": "application/json"}

# --- The apps ---------------------------------------------------------------

LISTED = AppConfig("listed", extension={"origins": [HOME, SUB_A]})
REGEX = AppConfig(
    "regex",
    extension={
        "origins": [
            r"http://[a-z]+\.trusted\.localhost(:\d+)?",
            re.compile(rf"http://127\.0\.0\.1:{PAGE}"),
        ]
    },
)
SUBDOMAIN_WILDCARD = AppConfig(
    "subdomain_wildcard", extension={"origins": [f"http://*.glob.localhost:{PAGE}"]}
)
CALLABLE = AppConfig("callable", extension={"origins": allow_cb_localhost})
NULL_LISTED = AppConfig("null_listed", extension={"origins": ["null", HOME]})
WILDCARD = AppConfig("wildcard", extension={})
REFLECT_ANY = AppConfig("reflect_any", extension={"origins": "*", "send_wildcard": False})
NARROW = AppConfig(
    "narrow",
    extension={
        "origins": [HOME],
        "methods": ["GET", "POST", "PUT"],
        "allow_headers": ["Content-Type", "X-Requested-With"],
    },
)
GET_ONLY = AppConfig("get_only", extension={"origins": [HOME], "methods": ["GET"]})
EXPOSE = AppConfig("expose", extension={"origins": [HOME], "expose_headers": ["X-Total-Count"]})
CREDENTIALS = AppConfig("credentials", extension={"origins": [HOME], "supports_credentials": True})
CREDENTIALS_ANY = AppConfig(
    "credentials_any", extension={"origins": "*", "supports_credentials": True}
)
MAX_AGE_600 = AppConfig("max_age_600", extension={"origins": [HOME], "max_age": 600})
MAX_AGE_0 = AppConfig("max_age_0", extension={"origins": [HOME], "max_age": 0})
MAX_AGE_UNSET = AppConfig("max_age_unset", extension={"origins": [HOME]})
DECORATOR_ONLY = AppConfig("decorator_only", decorator={"origins": [SUB_A]})
BOTH = AppConfig("both", extension={"origins": [HOME]}, decorator={"origins": [SUB_A]})
RESOURCES = AppConfig(
    "resources",
    extension={
        "resources": {
            r"/api/*": {"origins": [HOME]},
            r"/public/*": {"origins": "*"},
        }
    },
)
NO_INTERCEPT = AppConfig(
    "no_intercept", extension={"origins": [HOME], "intercept_exceptions": False}
)
FROM_CONFIG = AppConfig(
    "from_config",
    extension={},
    config={
        "CORS_ORIGINS": f"{HOME},{SUB_A}",
        "CORS_SUPPORTS_CREDENTIALS": "true",
        "CORS_EXPOSE_HEADERS": "X-Total-Count",
    },
)

# --- The scenarios ----------------------------------------------------------

SCENARIOS: tuple[Scenario, ...] = (
    # Origins: exact list
    Scenario(
        "listed_origin_reads_response",
        LISTED,
        HOME,
        Request(),
        _ok(body="data GET cookie=no", readable={"content-type": "text/plain; charset=utf-8"}),
        "A simple GET whose Access-Control-Allow-Origin equals the page's origin passes the "
        "CORS check.",
    ),
    Scenario(
        "second_listed_origin_reads_response",
        LISTED,
        SUB_A,
        Request(),
        _ok(body="data GET"),
        "Every listed origin is echoed back exactly, so the CORS check passes.",
    ),
    Scenario(
        "unlisted_origin_is_refused",
        LISTED,
        SUB_B,
        Request(),
        _blocked(),
        "No Access-Control-Allow-Origin: the CORS check fails; the simple request still "
        "reached the server.",
    ),
    Scenario(
        "listed_origin_with_longer_port_is_refused",
        LISTED,
        HOME_LOOKALIKE,
        Request(),
        _blocked(),
        "http://localhost:{page} is a string prefix of this page's origin but not the same "
        "origin; a prefix match would wrongly allow it.",
    ),
    Scenario(
        "loopback_ip_is_another_origin_than_localhost",
        LISTED,
        LOOPBACK_IP,
        Request(),
        _blocked(),
        "Origins compare scheme, host and port; 127.0.0.1 and localhost are different hosts.",
    ),
    # Origins: regular expressions
    Scenario(
        "regex_origin_reads_response",
        REGEX,
        f"http://api.trusted.localhost:{PAGE}",
        Request(),
        _ok(),
        "The regex matches the whole origin, which is echoed back.",
    ),
    Scenario(
        "regex_does_not_allow_suffixed_lookalike_host",
        REGEX,
        f"http://api.trusted.localhost.evil.localhost:{PAGE}",
        Request(),
        _blocked(),
        "The regex matches only a prefix of this origin; a prefix (re.match) check would "
        "wrongly echo it.",
    ),
    Scenario(
        "compiled_regex_with_port_allows_its_origin",
        REGEX,
        LOOPBACK_IP,
        Request(),
        _ok(),
        "The compiled regex matches the whole origin, which is echoed back.",
    ),
    Scenario(
        "compiled_regex_with_port_refuses_longer_port",
        REGEX,
        f"http://127.0.0.1:{PAGE_LOOKALIKE}",
        Request(),
        _blocked(),
        "The regex matches a prefix of this origin only (its port is longer); no echo, the "
        "CORS check fails.",
    ),
    # Origins: subdomain wildcards
    Scenario(
        "subdomain_wildcard_allows_subdomain",
        SUBDOMAIN_WILDCARD,
        f"http://a.glob.localhost:{PAGE}",
        Request(),
        _ok(),
        "https://*.domain allows any subdomain, which is echoed back.",
    ),
    Scenario(
        "subdomain_wildcard_allows_nested_subdomain",
        SUBDOMAIN_WILDCARD,
        f"http://a.b.glob.localhost:{PAGE}",
        Request(),
        _ok(),
        "The wildcard's * covers one or more labels.",
    ),
    Scenario(
        "subdomain_wildcard_refuses_bare_domain",
        SUBDOMAIN_WILDCARD,
        f"http://glob.localhost:{PAGE}",
        Request(),
        _blocked(),
        "The subdomain wildcard needs at least one label before the domain; no echo, the CORS "
        "check fails.",
    ),
    Scenario(
        "subdomain_wildcard_refuses_lookalike_host",
        SUBDOMAIN_WILDCARD,
        f"http://evilglob.localhost:{PAGE}",
        Request(),
        _blocked(),
        "evilglob.localhost is not a subdomain of glob.localhost; no echo.",
    ),
    # Origins: callable
    Scenario(
        "callable_allows_origin",
        CALLABLE,
        f"http://cb.localhost:{PAGE}",
        Request(),
        _ok(),
        "The callable returned true, so the origin is echoed back.",
    ),
    Scenario(
        "callable_refuses_origin",
        CALLABLE,
        HOME,
        Request(),
        _blocked(),
        "The callable returned false; no Access-Control-Allow-Origin.",
    ),
    # Origins: null (sandboxed iframe)
    Scenario(
        "null_origin_listed_reads_response",
        NULL_LISTED,
        "null",
        Request(),
        _ok(),
        "An opaque origin serialises as 'null'; Access-Control-Allow-Origin: null matches it.",
    ),
    Scenario(
        "null_origin_not_listed_is_refused",
        LISTED,
        "null",
        Request(),
        _blocked(),
        "'null' is not listed, so it is not echoed; the CORS check fails.",
    ),
    Scenario(
        "null_origin_not_reflected_for_any_origin",
        REFLECT_ANY,
        "null",
        Request(),
        _blocked(),
        "origins='*' without the wildcard reflects real origins only, never 'null'.",
    ),
    # Wildcard
    Scenario(
        "wildcard_lets_any_origin_read",
        WILDCARD,
        LOOPBACK_IP,
        Request(),
        _ok(),
        "Access-Control-Allow-Origin: * passes the CORS check for a request without credentials.",
    ),
    Scenario(
        "wildcard_refuses_credentialed_fetch",
        WILDCARD,
        HOME,
        Request(credentials="include"),
        _blocked(cookie_sent=True),
        "With credentials mode 'include', '*' does not match and "
        "Access-Control-Allow-Credentials is missing; the cookie was still sent.",
    ),
    Scenario(
        "send_wildcard_false_reflects_any_origin",
        REFLECT_ANY,
        SUB_B,
        Request(),
        _ok(),
        "The request's own origin is echoed back, which passes the CORS check.",
    ),
    # Preflights: methods and headers
    Scenario(
        "preflighted_put_allowed",
        NARROW,
        HOME,
        Request(method="PUT"),
        _ok(
            body="data PUT",
            preflights=1,
            preflight_headers={
                "Access-Control-Allow-Methods": "GET, POST, PUT",
            },
        ),
        "PUT is not a CORS-safelisted method: a preflight listing PUT comes first.",
    ),
    Scenario(
        "preflighted_delete_refused",
        NARROW,
        HOME,
        Request(method="DELETE"),
        _blocked(preflights=1, requests=0),
        "DELETE is not in Access-Control-Allow-Methods: the preflight fails and the DELETE "
        "is never sent.",
    ),
    Scenario(
        "custom_request_header_allowed",
        NARROW,
        HOME,
        Request(headers={"X-Requested-With": "fetch"}),
        _ok(
            preflights=1,
            preflight_headers={
                "Access-Control-Allow-Headers": "x-requested-with",
            },
        ),
        "A non-safelisted request header needs a preflight whose "
        "Access-Control-Allow-Headers names it.",
    ),
    Scenario(
        "custom_request_header_refused",
        NARROW,
        HOME,
        Request(headers={"X-Api-Key": "k"}),
        _blocked(preflights=1, requests=0),
        "x-api-key is missing from Access-Control-Allow-Headers: the preflight fails.",
    ),
    Scenario(
        "put_to_get_only_route_refused",
        NARROW,
        HOME,
        Request(path="/only-get", method="PUT"),
        _blocked(
            preflights=1,
            requests=0,
            preflight_headers={
                "Access-Control-Allow-Methods": "GET",
            },
        ),
        "The URL rule accepts GET only, so PUT is not offered: the preflight fails.",
    ),
    Scenario(
        "preflight_from_unlisted_origin_refused",
        NARROW,
        SUB_B,
        Request(method="PUT"),
        _blocked(preflights=1, requests=0),
        "The preflight answer lacks Access-Control-Allow-Origin: it fails, the PUT is never sent.",
    ),
    Scenario(
        "json_post_is_preflighted_and_allowed",
        LISTED,
        HOME,
        Request(path="/json", method="POST", headers=JSON_HEADERS, body='{"name": "Ada"}'),
        _ok(
            body='"name":"Ada"',
            preflights=1,
            preflight_headers={
                "Access-Control-Allow-Headers": "content-type",
            },
        ),
        "Content-Type: application/json is not safelisted: the preflight allows it, then "
        "the POST goes out.",
    ),
    Scenario(
        "json_post_blocked_when_methods_leave_post_out",
        GET_ONLY,
        HOME,
        Request(path="/json", method="POST", headers=JSON_HEADERS, body='{"name": "Ada"}'),
        _blocked(
            preflights=1,
            requests=0,
            preflight_headers={
                # /json accepts POST only: no method of the policy is offered.
                "Access-Control-Allow-Methods": None,
                "Access-Control-Allow-Headers": None,
            },
        ),
        "methods=['GET'] leaves POST out: browsers skip the method check for POST, so "
        "the preflight refuses by granting no header (as flask-cors 6 did); the POST is "
        "never sent.",
    ),
    # expose_headers
    Scenario(
        "exposed_header_is_readable",
        EXPOSE,
        HOME,
        Request(),
        _ok(readable={"x-total-count": "2"}, unreadable=("x-secret",)),
        "Access-Control-Expose-Headers lists X-Total-Count; other non-safelisted headers "
        "stay hidden.",
    ),
    Scenario(
        "unexposed_header_is_not_readable",
        LISTED,
        HOME,
        Request(),
        _ok(unreadable=("x-total-count", "x-secret")),
        "Without Access-Control-Expose-Headers only CORS-safelisted response headers are readable.",
    ),
    # Credentials
    Scenario(
        "credentialed_fetch_sends_cookie_and_reads",
        CREDENTIALS,
        HOME,
        Request(credentials="include"),
        _ok(body="cookie=yes", cookie_sent=True),
        "The origin is echoed and Access-Control-Allow-Credentials: true, so the "
        "credentialed response is readable.",
    ),
    Scenario(
        "credentialed_fetch_refused_without_supports_credentials",
        LISTED,
        HOME,
        Request(credentials="include"),
        _blocked(cookie_sent=True),
        "Credentials mode 'include' requires Access-Control-Allow-Credentials: true; the "
        "cookie went out, the page gets nothing.",
    ),
    Scenario(
        "credentialed_fetch_from_unlisted_origin_refused",
        CREDENTIALS,
        HOME_LOOKALIKE,
        Request(credentials="include"),
        _blocked(cookie_sent=True),
        "Same site, so the cookie goes out, but the origin is not echoed: the CORS check fails.",
    ),
    Scenario(
        "fetch_without_include_sends_no_cookie",
        CREDENTIALS,
        HOME,
        Request(),
        _ok(body="cookie=no", cookie_sent=False),
        "Credentials mode 'same-origin' keeps cookies off cross-origin requests.",
    ),
    Scenario(
        "credentials_with_any_origin_reflects_origin",
        CREDENTIALS_ANY,
        HOME,
        Request(credentials="include"),
        _ok(body="cookie=yes", cookie_sent=True),
        "With credentials the origin is reflected instead of '*', which the browser accepts.",
    ),
    Scenario(
        "credentialed_put_preflight_allowed",
        CREDENTIALS,
        HOME,
        Request(method="PUT", credentials="include"),
        _ok(
            body="data PUT cookie=yes",
            preflights=1,
            cookie_sent=True,
            preflight_headers={
                "Access-Control-Allow-Credentials": "true",
            },
        ),
        "A credentialed preflight also needs Access-Control-Allow-Credentials: true.",
    ),
    # max_age
    Scenario(
        "max_age_caches_preflight",
        MAX_AGE_600,
        HOME,
        Request(method="PUT", repeat=2),
        _ok(
            body="data PUT",
            preflights=1,
            requests=2,
            preflight_headers={
                "Access-Control-Max-Age": "600",
            },
        ),
        "The preflight answer is cached for 600 s: the second identical PUT is sent without one.",
    ),
    Scenario(
        "max_age_zero_is_sent_and_disables_caching",
        MAX_AGE_0,
        HOME,
        Request(method="PUT", repeat=2),
        _ok(
            body="data PUT",
            preflights=2,
            requests=2,
            preflight_headers={
                "Access-Control-Max-Age": "0",
            },
        ),
        "Access-Control-Max-Age: 0 means no caching; without the header the browser would "
        "cache for 5 s and skip the second preflight.",
    ),
    Scenario(
        "missing_max_age_uses_browser_default",
        MAX_AGE_UNSET,
        HOME,
        Request(method="PUT", repeat=2),
        _ok(
            body="data PUT",
            preflights=1,
            requests=2,
            preflight_headers={
                "Access-Control-Max-Age": None,
            },
        ),
        "No Access-Control-Max-Age: the Fetch standard's default of 5 s covers the second PUT.",
    ),
    # Extension, decorator, both
    Scenario(
        "decorator_allows_its_origin",
        DECORATOR_ONLY,
        SUB_A,
        Request(path="/decorated"),
        _ok(body="decorated"),
        "The decorated view echoes its listed origin.",
    ),
    Scenario(
        "undecorated_view_without_extension_refused",
        DECORATOR_ONLY,
        SUB_A,
        Request(),
        _blocked(),
        "A view with neither extension nor decorator sends no CORS headers.",
    ),
    Scenario(
        "decorator_answers_preflight",
        DECORATOR_ONLY,
        SUB_A,
        Request(path="/decorated", method="PUT"),
        _ok(body="decorated", preflights=1),
        "The decorator puts CORS headers on Flask's automatic OPTIONS answer too.",
    ),
    Scenario(
        "decorator_on_async_view",
        DECORATOR_ONLY,
        SUB_A,
        Request(path="/decorated-async"),
        _ok(body="decorated async"),
        "The decorator works the same on an async def view.",
    ),
    Scenario(
        "decorator_wins_over_extension_refuses",
        BOTH,
        HOME,
        Request(path="/decorated"),
        _blocked(),
        "The decorator's origins replace the extension's for its view; this page is not "
        "among them.",
    ),
    Scenario(
        "decorator_wins_over_extension_allows",
        BOTH,
        SUB_A,
        Request(path="/decorated"),
        _ok(body="decorated"),
        "The decorator's own origin is echoed for its view.",
    ),
    Scenario(
        "extension_covers_undecorated_views",
        BOTH,
        HOME,
        Request(),
        _ok(),
        "Views without the decorator keep the extension's policy.",
    ),
    Scenario(
        "decorator_origin_not_allowed_elsewhere",
        BOTH,
        SUB_A,
        Request(),
        _blocked(),
        "The decorator's origin applies to its view only.",
    ),
    # Per-resource policies
    Scenario(
        "resource_policy_allows_its_origin",
        RESOURCES,
        HOME,
        Request(path="/api/data"),
        _ok(),
        "/api/* lists this origin, which is echoed back.",
    ),
    Scenario(
        "resource_policy_refuses_other_origin",
        RESOURCES,
        LOOPBACK_IP,
        Request(path="/api/data"),
        _blocked(),
        "/api/* does not list this origin.",
    ),
    Scenario(
        "public_resource_allows_any_origin",
        RESOURCES,
        LOOPBACK_IP,
        Request(path="/public/data"),
        _ok(),
        "/public/* answers '*', which passes for any origin without credentials.",
    ),
    Scenario(
        "path_outside_resources_refused",
        RESOURCES,
        HOME,
        Request(path="/other/data"),
        _blocked(),
        "No resource pattern matches /other/data: no CORS headers.",
    ),
    Scenario(
        "lookalike_path_not_covered_by_prefix_resource",
        RESOURCES,
        HOME,
        Request(path="/apiary/data"),
        _blocked(),
        "/api/* covers paths below /api/, not /apiary.",
    ),
    # Errors
    Scenario(
        "not_found_body_readable",
        LISTED,
        HOME,
        Request(path="/missing"),
        _ok(404, body="Not Found"),
        "The 404 carries Access-Control-Allow-Origin, so the page reads the error.",
    ),
    Scenario(
        "server_error_body_readable",
        LISTED,
        HOME,
        Request(path="/boom"),
        _ok(500, body="Internal Server Error"),
        "The 500 carries Access-Control-Allow-Origin, so the page reads the error.",
    ),
    Scenario(
        "abort_403_body_readable",
        LISTED,
        HOME,
        Request(path="/forbidden"),
        _ok(403, body="Forbidden"),
        "abort(403) responses carry Access-Control-Allow-Origin too.",
    ),
    Scenario(
        "method_not_allowed_readable",
        LISTED,
        HOME,
        Request(path="/only-get", method="POST", body="x"),
        _ok(405, body="Method Not Allowed"),
        "A simple POST to a GET-only route: the 405 carries CORS headers.",
    ),
    Scenario(
        "server_error_unreadable_without_intercept_exceptions",
        NO_INTERCEPT,
        HOME,
        Request(path="/boom"),
        _blocked(),
        "intercept_exceptions=False: the 500 has no Access-Control-Allow-Origin, so the page "
        "sees a network error.",
    ),
    # Authentication hook
    Scenario(
        "preflight_is_answered_before_auth_hook",
        LISTED,
        HOME,
        Request(path="/private", headers={"Authorization": f"Bearer {TOKEN}"}),
        _ok(body="secret", preflights=1),
        "Preflights carry no credentials and must get an ok status; the actual request then "
        "passes the hook.",
    ),
    Scenario(
        "auth_hook_401_readable",
        LISTED,
        HOME,
        Request(path="/private"),
        _ok(401, body="Unauthorized"),
        "The hook's 401 carries CORS headers, so the page can tell the user to log in.",
    ),
    # Apps as real apps are: paired hooks, several rules per URL, a view's own
    # CORS header, a URL Flask redirects
    Scenario(
        "preflight_succeeds_in_app_with_paired_hooks",
        LISTED,
        HOME,
        Request(path="/paired", method="PUT", headers=JSON_HEADERS, body="{}"),
        _ok(body="paired PUT", preflights=1),
        "The preflight is answered before Flask dispatches it, so the after_request hook "
        "that reads what its before_request partner set never runs for it.",
    ),
    Scenario(
        "delete_served_by_a_second_rule_of_the_url_is_allowed",
        LISTED,
        HOME,
        Request(path="/items/5", method="DELETE"),
        _ok(
            body="DELETE item 5",
            preflights=1,
            preflight_headers={"Access-Control-Allow-Methods": "GET, HEAD, OPTIONS, PUT, DELETE"},
        ),
        "Access-Control-Allow-Methods offers the methods of every rule of the URL, not only "
        "those of the GET view that also answers OPTIONS.",
    ),
    Scenario(
        "view_set_credentials_header_is_not_sent_twice",
        CREDENTIALS,
        HOME,
        Request(path="/own-credentials", credentials="include"),
        _ok(body="own", cookie_sent=True),
        "The view's own Access-Control-Allow-Credentials stays the only one: 'true, true' "
        "would fail the browser's credentials check.",
    ),
    Scenario(
        "preflight_to_a_url_flask_redirects_is_answered",
        LISTED,
        HOME,
        Request(path="/slash", method="PUT", headers=JSON_HEADERS, body="{}"),
        _ok(body="slash PUT", preflights=2, requests=2),
        "A preflight may not be redirected: it is answered for /slash/; the PUT then follows "
        "the 308 (which carries CORS headers) and is preflighted again at its new URL.",
    ),
    # Async view
    Scenario(
        "async_view_under_extension",
        LISTED,
        HOME,
        Request(path="/async"),
        _ok(body="async"),
        "The extension's headers go on an async view's response like any other.",
    ),
    # Vary and the HTTP cache
    Scenario(
        "navigation_cached_response_not_reused_by_fetch",
        LISTED,
        HOME,
        Request(path="/cacheable", navigate_first=True),
        _ok(body="cacheable", requests=2),
        "Vary: Origin keeps the cached navigation answer (no Access-Control-Allow-Origin) "
        "from being reused for the fetch, which has an Origin.",
    ),
    Scenario(
        "credentialed_navigation_cached_response_not_reused_by_fetch",
        CREDENTIALS,
        HOME,
        Request(path="/cacheable", credentials="include", navigate_first=True),
        _ok(body="cacheable", requests=2, cookie_sent=True),
        "Vary: Origin keeps the cached navigation answer from being reused for a "
        "credentialed fetch too; Firefox, which reuses a cached answer only for a request "
        "with the same cookies, checks Vary here.",
    ),
    Scenario(
        "wildcard_cached_by_navigation_is_reusable",
        WILDCARD,
        HOME,
        Request(path="/cacheable", navigate_first=True),
        _ok(body="cacheable", requests=1),
        "'*' is the same answer for every origin, so no Vary is needed and the cached "
        "navigation answer serves the fetch.",
        engines={
            engine: (
                _ok(body="cacheable", requests=2),
                why + " The standard lets a browser refetch instead (its cache policy is its own), "
                "and this one does: the fetch still reads the answer.",
            )
            for engine, why in (
                (
                    "firefox",
                    "Firefox does not serve the navigation's answer, which carried the cookie, "
                    "to a fetch without cookies.",
                ),
                ("webkit", "WebKit fetches again for a CORS request, Vary or not."),
            )
        },
    ),
    # Options from app.config strings
    Scenario(
        "config_string_options_allow_credentials_and_expose",
        FROM_CONFIG,
        HOME,
        Request(credentials="include"),
        _ok(body="cookie=yes", cookie_sent=True, readable={"x-total-count": "2"}),
        "CORS_* config strings become a list of origins, true and an exposed header.",
    ),
    Scenario(
        "config_string_origins_refuse_others",
        FROM_CONFIG,
        SUB_B,
        Request(),
        _blocked(),
        "The origin is not in CORS_ORIGINS.",
    ),
)

#: Scenarios by id.
BY_ID: dict[str, Scenario] = {scenario.id: scenario for scenario in SCENARIOS}
