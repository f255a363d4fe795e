"""The fuzz target: whole HTTP requests through Flask apps that use flask_cors.

:func:`check_request` takes one input, turns it into a WSGI request, runs it
through one of a few apps (the extension with various options, per-path
resources, the decorator, a blueprint) and raises if anything went wrong:

- an exception escaped (the apps propagate exceptions instead of turning
  them into 500 responses, so nothing is hidden);
- a 5xx response that the app did not produce on purpose;
- the ``flask_cors`` logger reported an error (its hook swallowed one), or
  wrote a log line with a control character in it (log injection);
- a protected app (``cross_origin_protection``) let a write with a
  cross-site ``Sec-Fetch-Site`` from an origin it does not allow reach its
  view, whatever middleware sits around ``app.wsgi_app`` (ProxyFix with host
  matching, a path rewriter, a method override; installed before or after
  ``CORS(app)``);
- the CORS headers break a rule: more than one ``Access-Control-Allow-Origin``,
  a value that is neither ``*`` nor the request's origin, an origin reflected
  that the app never allowed, ``*`` with credentials, a reflected origin
  without ``Vary: Origin``, Private Network Access that was not asked for or
  not enabled, or a header value that could split a header line;
- for a request with a long value (see ``\\L`` and ``\\M`` below), too long
  for the memo tables to remember: the app still holds memory for it once
  the request is over (more than ``LONG_HELD``: a long value was remembered),
  or its answer differs from the answer of a new app of the same profile,
  whose memos are empty (no value served from a memo that is not its own).

The input format is text, so that the seeds in ``corpus/`` are readable and
libFuzzer's mutations stay meaningful::

    <app profile name>
    <METHOD> <path>[?<query>]
    <Header-Name>: <value>
    ...

Inside values, ``\\r``, ``\\n``, ``\\0`` and ``\\t`` stand for CR, LF, NUL
and TAB, which real servers could never put in a header line but which
must not hurt either.  In values and in the path, ``\\L`` stands for the
character before it, repeated ``LONG`` (32 KiB) times
(``https://a\\L.example.org``), and ``\\M`` for numbered copies of the list
item before it, until the list is ``LONG`` characters longer
(``X-Custom-\\M``: ``X-Custom-, X-Custom-0, X-Custom-1, ...``); an input
expands at most ``MAX_LONG`` of them.  Repeated headers are joined with
``", "`` as WSGI servers do.  Anything that does not parse falls back to a
default, so every input is a request.

This module does not import atheris: ``test_fuzz_corpus.py`` replays the
corpus through :func:`check_request` in every ``make test``, and
``fuzz_cors.py`` drives it with atheris.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import logging
import re
import tracemalloc
import urllib.parse
import warnings
from collections.abc import Iterator
from typing import Callable, NamedTuple
from urllib.parse import quote, unquote_to_bytes

from flask import Blueprint, Flask, abort, make_response, redirect, request
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.test import EnvironBuilder, run_wsgi_app

from flask_cors import CORS, CORSConfigWarning, cross_origin

CORS_HEADERS = (
    "Access-Control-Allow-Origin",
    "Access-Control-Allow-Credentials",
    "Access-Control-Allow-Methods",
    "Access-Control-Allow-Headers",
    "Access-Control-Expose-Headers",
    "Access-Control-Max-Age",
    "Access-Control-Allow-Private-Network",
)
ESCAPES = {"\\r": "\r", "\\n": "\n", "\\0": "\0", "\\t": "\t"}
ESCAPE_RE = re.compile(r"\\[rn0t]")
LONG_RE = re.compile(r"\\[LM]")
#: How many characters a ``\\L`` or ``\\M`` adds: more than the memo tables
#: remember (1,024 characters a key), as much as a server may let through.
LONG = 32 * 1024
MAX_LONG = 4
#: The most a request with long values may leave allocated: far less than
#: one long value, which a memo that kept it would hold.
LONG_HELD = LONG // 2
# Marks the 500 responses that the app makes on purpose.
DELIBERATE = "X-Fuzz-Deliberate"
# What the /stale view sets itself: a view that sets Access-Control-Allow-Origin
# owns that response's CORS headers.
VIEW_SET_ORIGIN = "https://stale.example.com"


class Finding(AssertionError):
    """A request that broke one of the rules above."""


class Deliberate(Exception):
    """Raised by the ``/boom`` view; the app turns it into a 500 on purpose."""


class Profile(NamedTuple):
    app: Flask
    #: An upper bound of the origins any policy of the app may reflect.
    may_reflect: Callable[[str], bool]
    private_network: bool
    #: Whether every unsafe request to a view must come from an allowed
    #: origin or the same site (cross_origin_protection on every route).
    protected: bool = False


# The unsafe methods that reached a view of a protected app during one request.
REACHED: list[str] = []
PROTECTED_ORIGIN = "https://app.example.com"


def port_check(origin: str) -> bool:
    """An origin callable that raises for most inputs, as user code may."""
    return int(origin.rsplit(":", 1)[1]) == 8443


def add_routes(app: Flask) -> None:
    app.config["PROPAGATE_EXCEPTIONS"] = True

    @app.errorhandler(Deliberate)
    def deliberate(error):
        return "deliberate", 500, {DELIBERATE: "yes"}

    @app.route("/")
    def index():
        return "index"

    @app.route("/api/<path:rest>", methods=["GET", "POST", "PUT", "DELETE"])
    def api(rest):
        return {"path": rest}

    @app.route("/items")
    def items():
        response = make_response("items")
        response.headers["Vary"] = "Accept-Encoding"
        return response

    @app.route("/files/<name>")
    def files(name):
        return name

    @app.route("/stale")
    def stale():
        response = make_response("stale")
        response.headers["Access-Control-Allow-Origin"] = VIEW_SET_ORIGIN
        return response

    @app.route("/boom", methods=["GET", "POST"])
    def boom():
        raise Deliberate()

    @app.route("/forbidden")
    def forbidden():
        abort(403)

    @app.route("/moved")
    def moved():
        return redirect("/items")

    @app.route("/own-options", methods=["GET", "OPTIONS"], provide_automatic_options=False)
    def own_options():
        return "answered by the view"


def default_profile() -> Profile:
    app = Flask("fuzz_default")
    add_routes(app)
    CORS(app)
    return Profile(app, lambda origin: False, False)


def credentials_profile() -> Profile:
    app = Flask("fuzz_credentials")
    add_routes(app)
    CORS(app, supports_credentials=True, expose_headers=["X-Total"], max_age=600)
    return Profile(app, lambda origin: origin != "null", False)


LISTED_RE = re.compile(
    r"https://app\.example\.com|https://([a-z0-9_-]+\.)+example\.org|null"
    r"|https?://localhost(:[0-9]+)?|https://[a-z]+\.example\.net:[0-9]+",
    re.IGNORECASE,
)


def listed(origin: str) -> bool:
    """Everything the listed origins allow, and more (an upper bound)."""
    if LISTED_RE.fullmatch(origin):
        return True
    try:
        return port_check(origin)
    except (ValueError, IndexError):
        return False


def listed_profile() -> Profile:
    app = Flask("fuzz_listed")
    add_routes(app)
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", r".*'null' is listed", CORSConfigWarning)
        cors_listed(app)
    return Profile(app, listed, True)


def cors_listed(app: Flask) -> None:
    CORS(
        app,
        origins=[
            "https://app.example.com",
            "https://*.example.org",
            r"https?://localhost(:\d+)?",
            re.compile(r"https://[a-z]+\.example\.net:\d+"),
            "null",
            port_check,
        ],
        methods=["GET", "PUT"],
        allow_headers=["Content-Type", r"X-Custom-.*"],
        supports_credentials=True,
        allow_private_network=True,
        max_age="60",
    )


def resources_profile() -> Profile:
    app = Flask("fuzz_resources")
    add_routes(app)
    CORS(
        app,
        resources={
            "/api/*": {"origins": ["https://www.example.com"], "supports_credentials": True},
            r"/api/(v1|v2|beta)/.*": {"origins": "*", "send_wildcard": False},
            re.compile(r"/api/v1/admin/.*"): {"origins": ["https://admin.example.com"]},
            "/files/a b": {"origins": "*", "always_send": False},
            "/files/*": {"origins": "https://*.example.org", "intercept_exceptions": False},
            "/items": {"origins": ["https://audit.example.com"], "vary_header": True},
            "/stale": {"origins": ["https://www.example.com"], "supports_credentials": True},
            "/own-options": {"automatic_options": False},
            "/boom": {"origins": ["https://assets.example.com"]},
        },
    )
    return Profile(app, lambda origin: origin != "null", False)


def null_with_credentials() -> Callable[..., object]:
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", r".*'null' is listed", CORSConfigWarning)
        return cross_origin(origins=["null"], supports_credentials=True)


def decorated_profile() -> Profile:
    app = Flask("fuzz_decorated")
    add_routes(app)
    wrap = {
        "index": cross_origin(),
        "api": cross_origin(origins=["https://app.example.com"], supports_credentials=True),
        "items": cross_origin(origins="https://*.example.org", methods=["GET"]),
        "boom": cross_origin(intercept_exceptions=False),
        "forbidden": null_with_credentials(),
        "own_options": cross_origin(automatic_options=False),
        "stale": cross_origin(origins=["https://app.example.com"]),
    }
    for endpoint, decorator in wrap.items():
        app.view_functions[endpoint] = decorator(app.view_functions[endpoint])

    blueprint = Blueprint("bp", __name__, url_prefix="/bp")

    @blueprint.route("/<path:rest>", methods=["GET", "PUT"])
    def bp_view(rest):
        return rest

    CORS(blueprint, origins=["https://app.example.com"], allow_private_network=True)
    app.register_blueprint(blueprint)
    return Profile(app, listed, True)


def environ_middleware(app: Callable, change: Callable[[dict], dict]) -> Callable:
    """WSGI middleware that hands ``app`` the environ ``change`` makes of the one it got."""
    return lambda environ, start_response: app(change(environ), start_response)


def strip_v1(environ: dict) -> dict:
    path = environ.get("PATH_INFO", "")
    return dict(environ, PATH_INFO=path[3:]) if path.startswith("/v1/") else environ


def method_override(environ: dict) -> dict:
    for pair in environ.get("QUERY_STRING", "").split("&"):
        name, _, value = pair.partition("=")
        if name == "_method" and value.isalpha():
            return dict(environ, REQUEST_METHOD=value.upper())
    return environ


MIDDLEWARE: dict[str, Callable[[Callable], Callable]] = {
    "proxied": lambda app: ProxyFix(app, x_host=1, x_proto=1),
    "rewritten": lambda app: environ_middleware(app, strip_v1),
    "override": lambda app: environ_middleware(app, method_override),
}


def middleware_profile(shape: str, order: str) -> Profile:
    """A protected app behind ``shape``'s middleware, installed ``order`` CORS."""
    host = {"host": "api.example.com"} if shape == "proxied" else {}
    app = Flask(
        f"fuzz_{shape}_{order}",
        **({"host_matching": True, "static_host": "api.example.com"} if host else {}),
    )
    app.config["PROPAGATE_EXCEPTIONS"] = True

    @app.route("/api/<path:rest>", methods=["GET", "POST", "PUT", "PATCH", "DELETE"], **host)
    def api(rest):
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            REACHED.append(request.method)
        return {"path": rest}

    if order == "before":
        app.wsgi_app = MIDDLEWARE[shape](app.wsgi_app)
    CORS(app, origins=[PROTECTED_ORIGIN], supports_credentials=True, cross_origin_protection=True)
    if order == "after":
        app.wsgi_app = MIDDLEWARE[shape](app.wsgi_app)
    return Profile(app, lambda origin: origin.lower() == PROTECTED_ORIGIN, False, True)


BUILDERS: dict[str, Callable[[], Profile]] = {
    "default": default_profile,
    "credentials": credentials_profile,
    "listed": listed_profile,
    "resources": resources_profile,
    "decorated": decorated_profile,
    **{
        f"{shape}-{order}": functools.partial(middleware_profile, shape, order)
        for shape in MIDDLEWARE
        for order in ("before", "after")
    },
}


def warmed(profile: Profile) -> Profile:
    """``profile`` after a request to each of its URLs, so that what the app
    sets up on first use is not counted against a later request."""
    for rule in profile.app.url_map.iter_rules():
        path = re.sub(r"<[^>]*>", "x", rule.rule)
        host = rule.host or "localhost"
        for method, headers in (
            ("GET", {"Origin": PROTECTED_ORIGIN}),
            ("OPTIONS", {"Origin": PROTECTED_ORIGIN, "Access-Control-Request-Method": "PUT"}),
        ):
            environ = EnvironBuilder(method=method, path=path, headers=headers).get_environ()
            environ["HTTP_HOST"] = host
            try:
                app_iter, _, _ = run_wsgi_app(profile.app, environ, buffered=True)
            except Deliberate:
                continue
            for _ in app_iter:
                pass
    return profile


PROFILES: dict[str, Profile] = {name: warmed(build()) for name, build in BUILDERS.items()}
PROFILE_NAMES = list(PROFILES)


class LogCheck(logging.Handler):
    """Collects what the ``flask_cors`` logger says during one request."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.problems: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if not message.isprintable():
            self.problems.append(f"log line with a control character: {message!r}")
        if record.levelno >= logging.ERROR and not message.startswith("flask_cors: origin check"):
            self.problems.append(f"error logged: {message!r} {record.exc_info!r}")


def unescape(value: str) -> str:
    return ESCAPE_RE.sub(lambda match: ESCAPES[match.group()], value)


def lengthen(value: str, budget: list[int]) -> str:
    """``value`` with its ``\\L`` and ``\\M`` expanded, while ``budget[0]`` lasts."""
    if "\\" not in value:
        return value
    parts: list[str] = []
    start = 0
    for match in LONG_RE.finditer(value):
        parts.append(value[start : match.start()])
        start = match.end()
        if budget[0] <= 0:
            continue
        budget[0] -= 1
        before = "".join(parts)
        if match.group() == "\\L":
            parts.append((before[-1:] or "a") * LONG)
        else:
            item = before.rpartition(",")[2].strip() or "x"
            copies = LONG // (len(item) + 3) + 1
            parts.append("".join(f", {item}{number}" for number in range(copies)))
    parts.append(value[start:])
    return "".join(parts)


def parse(data: bytes):
    """``(profile name, method, path, query, {environ key: value})`` from an input."""
    lines = data.decode("latin-1").split("\n")
    name = lines[0].strip()
    if name not in PROFILES:
        name = PROFILE_NAMES[sum(data[:8]) % len(PROFILE_NAMES)]
    request_line = lines[1].split(" ") if len(lines) > 1 else []
    method = request_line[0] if request_line and request_line[0] else "GET"
    target = request_line[1] if len(request_line) > 1 and request_line[1] else "/"
    path, _, query = target.partition("?")
    budget = [MAX_LONG]
    path = lengthen(path, budget)
    headers: dict[str, str] = {}
    for line in lines[2:]:
        header, colon, value = line.partition(":")
        if not colon or not header.strip():
            continue
        key = header.strip().upper().replace("-", "_")
        if key not in ("CONTENT_TYPE", "CONTENT_LENGTH"):
            key = "HTTP_" + key
        value = lengthen(unescape(value.strip()), budget)
        headers[key] = f"{headers[key]}, {value}" if key in headers else value
    return name, method, path, query, headers


Verdict = tuple[str, tuple[tuple[str, str], ...]]


def check_request(data: bytes) -> None:
    """Run one input through its app; raise :class:`Finding` if a rule broke."""
    if b"\\L" not in data and b"\\M" not in data:
        examine(data)
        return
    # Long values: what the request leaves allocated is traced (the input is
    # parsed inside, so that a value kept by the app is counted), then the
    # answer is held against a new app's.
    tracing = tracemalloc.is_tracing()  # a test may trace a whole flood
    forget_stdlib_caches()
    gc.collect()
    if not tracing:
        tracemalloc.start()
    try:
        with coverage_paused():
            start = tracemalloc.get_traced_memory()[0]
            answer = hash(examine(data))
            forget_stdlib_caches()
            gc.collect()
            held = tracemalloc.get_traced_memory()[0] - start
    finally:
        if not tracing:
            tracemalloc.stop()
    name = parse(data)[0]
    if held > LONG_HELD:
        raise Finding(f"{name}: {held} bytes still held after a request with long values")
    fresh = examine(data, new_profile(name))
    if hash(fresh) != answer:
        warm = examine(data)
        raise Finding(
            f"{name}: the app answered a request with long values otherwise than a new app "
            f"of its profile: {shorten(warm)} against {shorten(fresh)}"
        )


@contextlib.contextmanager
def coverage_paused() -> Iterator[None]:
    """Stop coverage.py's measurement, if it runs, for the counted request.

    ``make test`` runs under coverage.py, whose tracer records each line and
    branch the first time it runs: that record is memory allocated during the
    request, and would be counted as held by it.  The request that follows
    (``fresh``, against a new app of the profile) runs the same code measured.
    """
    try:
        from coverage import Coverage
    except ImportError:  # the fuzz venv has no coverage.py
        yield
        return
    running = Coverage.current()
    if running is None:
        yield
        return
    running.stop()
    try:
        yield
    finally:
        with warnings.catch_warnings():
            # Started again, coverage.py notes that flask_cors was imported
            # while it was stopped: true, and harmless.
            warnings.filterwarnings("ignore", "Already imported a file that will be measured")
            running.start()


def forget_stdlib_caches() -> None:
    """Empty the standard library's own URL caches, which are not flask_cors's.

    ``urllib.parse`` remembers the last URLs it split (an ``lru_cache`` of 128
    entries on ``urlsplit`` since Python 3.11), and Werkzeug splits the
    ``Location`` of every redirect it makes: a plain Flask app that redirects
    ``/api//x...`` keeps its 32 KB URL there, with or without flask_cors.
    ``unquote`` builds its escape table on first use.  Neither is a memo of
    ours, so neither is counted.
    """
    urllib.parse.clear_cache()
    urllib.parse.unquote("%41")


def new_profile(name: str) -> Profile:
    """A new app of the profile ``name``, built without logging the set-up
    warnings that building it the first time logged."""
    logger = logging.getLogger("flask_cors")
    disabled = logger.disabled
    logger.disabled = True
    try:
        return BUILDERS[name]()
    finally:
        logger.disabled = disabled


def shorten(verdict: Verdict) -> str:
    status, headers = verdict
    return repr((status, [(name, value[:60]) for name, value in headers]))


def examine(data: bytes, profile: Profile | None = None) -> Verdict:
    """Run one input through ``profile`` (by default the one it names) and
    check the rules; the status and headers of the response."""
    name, method, path, query, headers = parse(data)
    profile = profile or PROFILES[name]
    environ = EnvironBuilder(method="GET", path="/").get_environ()
    environ.update(headers)
    environ["REQUEST_METHOD"] = method
    # What a WSGI server puts there: percent-decoded bytes, as latin-1 text.
    environ["PATH_INFO"] = unquote_to_bytes(path).decode("latin-1")
    # The query string as sent, which an HTTP request line cannot carry with
    # control characters, spaces or non-ASCII bytes in it: those arrive
    # percent-encoded.  (Werkzeug's redirect refuses a raw CR or LF there.)
    environ["QUERY_STRING"] = "".join(c if "!" <= c <= "~" else quote(c) for c in query)

    logger = logging.getLogger("flask_cors")
    log_check = LogCheck()
    old_level, old_propagate = logger.level, logger.propagate
    logger.addHandler(log_check)
    logger.setLevel(logging.DEBUG)
    # Only log_check sees the records: a handler that kept them (pytest's)
    # would keep the request's long values too.
    logger.propagate = False
    REACHED.clear()
    try:
        app_iter, status, response_headers = run_wsgi_app(profile.app, environ, buffered=True)
        for _ in app_iter:
            pass
    finally:
        logger.removeHandler(log_check)
        logger.setLevel(old_level)
        logger.propagate = old_propagate

    problems = list(log_check.problems)
    code = int(status.split(" ", 1)[0])
    if code >= 500 and DELIBERATE not in response_headers:
        problems.append(f"status {status}")
    problems.extend(header_problems(profile, environ, method, response_headers))
    if profile.protected and REACHED and cross_site_stranger(environ):
        problems.append(f"a cross-site {REACHED[0]} from a refused origin reached the view")
    if problems:
        raise Finding(
            f"{name}: {method!r} {path[:200]!r} {shorten(('', tuple(headers.items())))} "
            f"-> {shorten((status, tuple(response_headers.items())))}: " + "; ".join(problems)
        )
    return status, tuple(response_headers.items())


def cross_site_stranger(environ: dict) -> bool:
    """Whether the browser labelled the request cross-site (or same-site) and
    its origin is not the protected apps' allowed one."""
    site = environ.get("HTTP_SEC_FETCH_SITE")
    if site is None or site.strip().lower() in ("same-origin", "none"):
        return False
    return environ.get("HTTP_ORIGIN", "").lower() != PROTECTED_ORIGIN


def header_problems(profile: Profile, environ: dict, method: str, headers) -> list[str]:
    problems = []
    origin = environ.get("HTTP_ORIGIN")
    for header in CORS_HEADERS:
        for value in headers.getlist(header):
            if not re.fullmatch(r"[ -~]*", value):
                problems.append(f"{header} carries a control character")
    allow_origin = headers.getlist("Access-Control-Allow-Origin")
    credentials = headers.get("Access-Control-Allow-Credentials")
    vary = [v.strip().lower() for v in headers.get("Vary", "").split(",")]
    if len(allow_origin) > 1:
        problems.append("more than one Access-Control-Allow-Origin")
    for value in allow_origin:
        if value == "*":
            if credentials is not None:
                problems.append("* with credentials")
        elif value == VIEW_SET_ORIGIN:
            pass  # the /stale view set it, so it owns the response's CORS headers
        elif value != origin:
            problems.append("Access-Control-Allow-Origin is neither * nor the request's origin")
        elif not profile.may_reflect(value):
            problems.append("reflected an origin the app never allowed")
        elif "origin" not in vary and "*" not in vary:
            problems.append("reflected an origin without Vary: Origin")
    if credentials is not None and (credentials != "true" or not allow_origin):
        problems.append(f"Access-Control-Allow-Credentials: {credentials!r}")
    if "Access-Control-Allow-Private-Network" in headers and not (
        profile.private_network
        and method == "OPTIONS"
        and environ.get("HTTP_ACCESS_CONTROL_REQUEST_PRIVATE_NETWORK", "").lower() == "true"
    ):
        problems.append("Private Network Access granted unasked or not enabled")
    return problems
