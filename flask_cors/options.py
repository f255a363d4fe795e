"""Option names, defaults, merging and validation.

Everything a user can configure passes through :func:`resolve_options`, which
merges the layers (defaults < ``app.config`` < keyword arguments < per-resource
dict), validates every value once and returns a frozen :class:`Options`.
Mistakes are reported here, at configuration time, as
:class:`CORSConfigError` naming the option and the fix.

This module imports the standard library only.
"""

from __future__ import annotations

import difflib
import os
import re
import sys
import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from re import Pattern
from typing import (
    Any,
    Callable,
    NamedTuple,
    Union,
)

__all__ = [
    "ALL_OPTION_NAMES",
    "CONFIG_KEYS",
    "DEFAULT_METHODS",
    "CORSConfigError",
    "CORSConfigWarning",
    "Layer",
    "OriginCheck",
    "OriginRules",
    "OriginSpec",
    "Options",
    "config_layer",
    "as_boolean",
    "check_names",
    "ignored_config_keys",
    "keyword_layer",
    "resolve_options",
    "split_top_level_commas",
]

OriginCheck = Callable[[str], Any]
"""A callable origin rule: called with the request's origin, allows it when truthy."""

OriginSpec = Union[str, Pattern[str], OriginCheck]

DEFAULT_METHODS: tuple[str, ...] = (
    "GET",
    "HEAD",
    "POST",
    "OPTIONS",
    "PUT",
    "PATCH",
    "DELETE",
)


class CORSConfigError(ValueError):
    """Raised when a CORS option has a value that cannot work.

    The message names the option and says how to fix it.
    """


class CORSConfigWarning(UserWarning):
    """Warns about configuration that is ignored, such as an unknown ``CORS_*`` key."""


# Option name -> default.  ``resources`` is handled by the extension, not here.
DEFAULTS: Mapping[str, Any] = {
    "origins": "*",
    "methods": DEFAULT_METHODS,
    "allow_headers": "*",
    "expose_headers": None,
    "supports_credentials": False,
    "max_age": None,
    "send_wildcard": True,
    "always_send": True,
    "automatic_options": True,
    "vary_header": True,
    "intercept_exceptions": True,
    "allow_private_network": False,
    "debug_header": None,
    "cross_origin_protection": False,
}

ALIASES: Mapping[str, str] = {"headers": "allow_headers"}

#: Every name accepted as a keyword argument of ``CORS`` (``cross_origin``
#: accepts all of them but ``resources``).
ALL_OPTION_NAMES = frozenset(DEFAULTS) | frozenset(ALIASES) | {"resources"}

#: ``app.config`` key -> option name.
CONFIG_KEYS: Mapping[str, str] = {
    **{"CORS_" + name.upper(): name for name in DEFAULTS},
    "CORS_HEADERS": "allow_headers",
    "CORS_RESOURCES": "resources",
}

_BOOLEAN_OPTIONS = (
    "supports_credentials",
    "send_wildcard",
    "always_send",
    "automatic_options",
    "vary_header",
    "intercept_exceptions",
    "allow_private_network",
    "cross_origin_protection",
)
_TRUE_STRINGS = frozenset({"true", "1", "yes", "on"})
_FALSE_STRINGS = frozenset({"false", "0", "no", "off"})

# A header field name or method is an HTTP token (RFC 9110, section 5.6.2).
TOKEN_RE = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
REGEX_METACHARACTERS = frozenset("^$*+?{}[]\\|()")

_ORIGIN_PARTS_RE = re.compile(
    r"(?P<scheme>[A-Za-z][A-Za-z0-9+.\-]*)://(?P<host>\[[0-9A-Fa-f:.]+\]|[^/?#:@\s]+)"
    r"(?::(?P<port>[0-9]{1,5}))?(?P<rest>.*)",
    re.DOTALL,
)
_IPV6_HOST_RE = re.compile(r"\[[0-9A-Fa-f:.]+\]")
_DEFAULT_PORTS = {"http": "80", "https": "443", "ws": "80", "wss": "443"}
# Origin wildcards: ``https://*.example.com`` (one or more labels, then the
# domain), ``http://localhost:*`` (any port, or none), and both together
# (``https://*.example.com:*``).
_GLOB_RE = re.compile(
    r"(?P<scheme>[A-Za-z][A-Za-z0-9+.\-]*)://"
    r"(?:(?P<subdomains>\*\.)(?P<domain>[A-Za-z0-9\-.]+)(?::(?P<port>[0-9]{1,5}|\*))?"
    r"|(?P<host>[A-Za-z0-9\-.]+|\[[0-9A-Fa-f:.]+\]):(?P<any_port>\*))"
)
_WILDCARD_FORMS = (
    "Write scheme://*.domain[:port] for any subdomain (e.g. 'https://*.example.com') or "
    "scheme://host:* for any port (e.g. 'http://localhost:*'); 'https://*.example.com:*' "
    "combines both."
)


@dataclass(frozen=True)
class Options:
    """One fully merged and validated set of CORS options.

    Origins keep their user-given kinds (exact strings, globs, regexes and
    callables); :class:`flask_cors.policy.Policy` compiles them.
    """

    origins: tuple[OriginSpec, ...]  # as given, for messages
    origin_rules: OriginRules
    methods: tuple[str, ...]
    allow_headers: tuple[str | Pattern[str], ...]
    any_header: bool
    expose_headers: tuple[str, ...]
    supports_credentials: bool
    max_age: int | None
    send_wildcard: bool
    always_send: bool
    automatic_options: bool
    vary_header: bool
    intercept_exceptions: bool
    allow_private_network: bool
    debug_header: bool | None  # None: only while the app runs in debug mode
    cross_origin_protection: bool
    #: Option name -> where its value was set (``app.config['CORS_HEADERS']``,
    #: a keyword argument, a resource), for the options set anywhere but the
    #: defaults: explanations name the setting that refused a request.
    sources: Mapping[str, str] = field(default_factory=dict, compare=False, repr=False)


class Layer(dict):  # type: ignore[type-arg]
    """Option values set in one place, with the name of that place.

    :func:`resolve_options` accepts plain mappings too; a ``Layer`` also
    tells it where each value was set, which ends up in
    :attr:`Options.sources`.

    :param source: one name for every value (``"CORS(...) keyword
        arguments"``), or a mapping of option name to name.
    """

    def __init__(self, values: Mapping[str, Any], source: str | Mapping[str, str]) -> None:
        super().__init__(values)
        self.sources: Mapping[str, str] = (
            {name: source for name in values} if isinstance(source, str) else source
        )


def _suggest(name: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(name, sorted(choices), n=1, cutoff=0.6)
    return f" Did you mean {close[0]!r}?" if close else ""


def check_names(options: Mapping[str, Any], where: str, allowed: Iterable[str]) -> None:
    """Raise :class:`CORSConfigError` for an option name that does not exist."""
    allowed = frozenset(allowed)
    for name in options:
        if name == "resources" and name not in allowed:
            raise CORSConfigError(
                f"{where}: 'resources' is an option of the CORS extension only. Use "
                f"CORS(app, resources={{...}}) to pick paths, or put the decorator on "
                f"each view that needs CORS."
            )
        if name not in allowed:
            raise CORSConfigError(
                f"{where}: unknown option {name!r}.{_suggest(name, allowed)} "
                f"Valid options are: {', '.join(sorted(allowed))}."
            )


def keyword_layer(values: Mapping[str, Any], call: str) -> Layer:
    """Keyword arguments of ``call`` (``"CORS"``) as a :class:`Layer`: ``CORS(origins=...)``."""
    return Layer(values, {name: f"{call}({name}=...)" for name in values})


def ignored_config_keys(config: Mapping[str, Any]) -> list[str]:
    """The ``CORS_*`` keys of ``config`` that are not flask_cors settings."""
    return [
        key
        for key in config
        if isinstance(key, str) and key.startswith("CORS_") and key not in CONFIG_KEYS
    ]


def ignored_key_message(key: str) -> str:
    """Why ``app.config[key]`` does nothing, and the closest real key."""
    return (
        f"app.config[{key!r}] is not a flask_cors setting and is ignored."
        f"{_suggest(key, CONFIG_KEYS)}"
    )


def config_layer(config: Mapping[str, Any], warn_at: tuple[str, int] | None = None) -> Layer:
    """Pick the ``CORS_*`` keys out of an ``app.config`` mapping.

    Returns a :class:`Layer` of option names to values; ``CORS_ALLOW_HEADERS``
    wins over ``CORS_HEADERS`` when both are set.  Unknown ``CORS_*`` keys are
    reported with a :class:`CORSConfigWarning`, so that a typo does not
    silently do nothing (they stay keys the app may use for itself).  The
    warning points at ``warn_at`` (file, line) when given, else at the line
    outside flask_cors, Flask and Werkzeug that led here (``CORS(app)``,
    ``init_app``, ``register_blueprint``).
    """
    values: dict[str, Any] = {}
    sources: dict[str, str] = {}
    for key, name in CONFIG_KEYS.items():
        if key in config and not (key == "CORS_HEADERS" and "CORS_ALLOW_HEADERS" in config):
            values[name] = config[key]
            sources[name] = f"app.config[{key!r}]"
    for key in ignored_config_keys(config):
        message = f"{ignored_key_message(key)} Valid keys are: {', '.join(sorted(CONFIG_KEYS))}."
        if warn_at is None:
            warnings.warn(message, CORSConfigWarning, stacklevel=_caller_level())
        else:
            warnings.warn_explicit(
                message, CORSConfigWarning, *warn_at, registry=_WARNED_AT, module="flask_cors"
            )
    return Layer(values, sources)


# Warnings given with an explicit location, each once (see warnings.warn_explicit).
_WARNED_AT: dict[Any, Any] = {}


def _caller_level() -> int:
    """The ``stacklevel`` of the first frame outside flask_cors, Flask and Werkzeug.

    For ``warnings.warn`` called by the function that calls this one.
    """
    library_dirs = _library_dirs()
    frame = sys._getframe(1)  # the caller of warnings.warn: stacklevel 1
    level = 1
    while frame.f_back is not None and frame.f_code.co_filename.startswith(library_dirs):
        frame = frame.f_back
        level += 1
    return level


def _library_dirs() -> tuple[str, ...]:
    dirs = [os.path.dirname(__file__)]
    for name in ("flask", "werkzeug"):
        path = getattr(sys.modules.get(name), "__file__", None)
        if path:
            dirs.append(os.path.dirname(path))
    return tuple(d + os.sep for d in dirs)


def split_top_level_commas(value: str) -> list[str]:
    """Split ``"a, b"`` into ``["a", "b"]``, keeping commas inside regex groups.

    ``https://a{1,3}\\.com`` stays one item: a comma inside ``{}``, ``[]`` or
    ``()`` belongs to a regular expression, never to a list.
    """
    items: list[str] = []
    depth = 0
    start = 0
    escaped = False
    for index, char in enumerate(value):
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char in "{[(":
            depth += 1
        elif char in "}])":
            depth = max(depth - 1, 0)
        elif char == "," and depth == 0:
            items.append(value[start:index])
            start = index + 1
    items.append(value[start:])
    return [item.strip() for item in items if item.strip()]


def _as_list(name: str, value: Any) -> list[Any]:
    if isinstance(value, str):
        return split_top_level_commas(value)
    if isinstance(value, (re.Pattern,)) or callable(value):
        return [value]
    if isinstance(value, (bytes, bytearray)):
        raise CORSConfigError(f"{name}: expected text, got bytes {value!r}; decode it first.")
    try:
        return list(value)
    except TypeError:
        raise CORSConfigError(
            f"{name}: expected a string or a list of strings, got {type(value).__name__} {value!r}."
        ) from None


def as_boolean(name: str, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        lowered = value.strip().lower()
        if lowered in _TRUE_STRINGS:
            return True
        if lowered in _FALSE_STRINGS:
            return False
    raise CORSConfigError(
        f"{name}: expected True or False, or one of the strings 'true'/'false', "
        f"'1'/'0', 'yes'/'no', 'on'/'off' (any case), got {value!r}."
    )


def _max_age(value: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, timedelta):
        seconds = value.total_seconds()
    elif isinstance(value, bool):
        raise CORSConfigError(f"max_age: expected a number of seconds, got {value!r}.")
    elif isinstance(value, (int, float)):
        seconds = value
    elif isinstance(value, str):
        try:
            seconds = float(value.strip())
        except ValueError:
            raise CORSConfigError(
                f"max_age: expected a number of seconds, got the string {value!r}."
            ) from None
    else:
        raise CORSConfigError(
            f"max_age: expected seconds as an int, a timedelta or a numeric string, "
            f"got {type(value).__name__} {value!r}."
        )
    if seconds != seconds or seconds in (float("inf"), float("-inf")):
        raise CORSConfigError(f"max_age: expected a finite number of seconds, got {value!r}.")
    if seconds < 0:
        raise CORSConfigError(
            f"max_age: must not be negative, got {value!r}; use 0 to disable caching "
            f"of preflight responses or None to leave it to the browser."
        )
    if seconds != int(seconds):
        raise CORSConfigError(
            f"max_age: {value!r} is not a whole number of seconds, and browsers ignore an "
            f"Access-Control-Max-Age that is not one. Use {int(seconds)} or "
            f"{int(seconds) + 1}."
        )
    return int(seconds)


def _looks_like_regex(value: str) -> bool:
    return any(char in REGEX_METACHARACTERS for char in value)


class OriginRules(NamedTuple):
    """The ``origins`` option sorted by kind, ready to match."""

    any_origin: bool
    exact: frozenset[str]  # lower case; "null" only when listed
    patterns: tuple[Pattern[str], ...]  # globs and regexes, matched with fullmatch
    checks: tuple[OriginCheck, ...]
    pattern_labels: tuple[str, ...]  # each pattern in words, for explanations


def _glob_regex(glob: str) -> tuple[Pattern[str], str]:
    """An origin wildcard (see ``_GLOB_RE``) as a regex, and its label.

    ``*.`` stands for one or more labels; ``:*`` for any port, or none (the
    browser leaves the default port out of the Origin header).
    """
    parts = _GLOB_RE.fullmatch(glob)
    assert parts is not None
    scheme = parts.group("scheme").lower()
    if parts.group("subdomains"):
        host = r"(?:[a-z0-9_](?:[a-z0-9_\-]*[a-z0-9_])?\.)+" + re.escape(parts.group("domain"))
        port = parts.group("port")
        label = "glob"
    else:
        host = re.escape(parts.group("host"))
        port = "*"
        label = "port wildcard"
    if port == "*":
        port_regex = r"(?::[0-9]{1,5})?"
    elif port is None or _DEFAULT_PORTS.get(scheme) == port:
        port_regex = ""  # browsers omit the default port from the Origin header
    else:
        port_regex = f":{port}"
    regex = re.compile(re.escape(scheme) + "://" + host + port_regex, re.IGNORECASE)
    return regex, f"{label} {glob}"


def _origin_rules(origins: tuple[OriginSpec, ...]) -> OriginRules:
    """Validate every origin entry and sort it by kind."""
    any_origin = False
    exact: set[str] = set()
    patterns: list[Pattern[str]] = []
    checks: list[OriginCheck] = []
    labels: list[str] = []
    for value in origins:
        if isinstance(value, re.Pattern):
            if not isinstance(value.pattern, str):
                raise CORSConfigError(
                    f"origins: the compiled pattern {value.pattern!r} is a bytes pattern; "
                    f"compile a str pattern instead."
                )
            patterns.append(value)
            labels.append(f"regex {value.pattern}")
        elif callable(value) and not isinstance(value, str):
            checks.append(value)
        elif not isinstance(value, str):
            raise CORSConfigError(
                f"origins: expected a string, a compiled regex or a callable, got "
                f"{type(value).__name__} {value!r}."
            )
        elif _several_origins(value):
            fixed = ", ".join(_ORIGIN_SEPARATORS_RE.split(value.strip()))
            raise CORSConfigError(
                f"origins: {value!r} holds several origins separated by "
                f"{'semicolons' if ';' in value else 'spaces'}. Separate origins with "
                f"commas ({fixed!r}) or give a list."
            )
        elif value in ("*", ".*"):
            any_origin = True
        elif value == "null":
            exact.add(value)
        elif _GLOB_RE.fullmatch(value):
            regex, label = _glob_regex(value)
            patterns.append(regex)
            labels.append(label)
        elif _looks_like_glob(value):
            raise CORSConfigError(
                f"origins: {value!r} is neither a subdomain wildcard nor a port wildcard. "
                f"{_WILDCARD_FORMS}"
            )
        elif _looks_like_regex(value) and not _is_ipv6_origin(value):
            try:
                patterns.append(re.compile(value, re.IGNORECASE))
                labels.append(f"regex {value}")
            except re.error as exc:
                raise CORSConfigError(
                    f"origins: {value!r} looks like a regular expression but does not "
                    f"compile ({exc}). Escape the special characters, or write "
                    f"'https://*.example.com' for a subdomain wildcard."
                ) from None
        else:
            exact.add(_exact_origin(value))
    return OriginRules(any_origin, frozenset(exact), tuple(patterns), tuple(checks), tuple(labels))


_ORIGIN_SEPARATORS_RE = re.compile(r"\s*;\s*|\s+")


def _several_origins(value: str) -> bool:
    """Whether ``value`` is origins joined by spaces or semicolons, not by commas."""
    parts = _ORIGIN_SEPARATORS_RE.split(value.strip())
    return len(parts) > 1 and all("://" in part for part in parts)


def _looks_like_glob(value: str) -> bool:
    """Whether ``value`` uses ``*`` as a wildcard rather than as regex syntax.

    ``https://.*\\.example\\.com`` is a regex; ``http://local*:3000``,
    ``http://localhost:*/api`` and ``*.example.com`` are wildcards that
    match nothing as regexes.
    """
    if "*" not in value:
        return False
    if "://*" in value or ":*" in value or value.startswith("*"):
        return True
    other_syntax = REGEX_METACHARACTERS - {"*"}
    return ".*" not in value and not any(char in other_syntax for char in value)


def _is_ipv6_origin(value: str) -> bool:
    parts = _ORIGIN_PARTS_RE.fullmatch(value)
    return bool(parts and _IPV6_HOST_RE.fullmatch(parts.group("host")))


def _exact_origin(value: str) -> str:
    parts = _ORIGIN_PARTS_RE.fullmatch(value.strip())
    if parts is None:
        if "://" not in value:
            raise CORSConfigError(
                f"origins: {value!r} has no scheme. An origin is scheme://host[:port], "
                f"for example 'https://{value.strip('/')}'."
            )
        raise CORSConfigError(
            f"origins: {value!r} is not a valid origin. Write scheme://host[:port], "
            f"for example 'https://example.com'."
        )
    rest = parts.group("rest")
    if rest:
        fixed = value[: len(value) - len(rest)]
        what = "a trailing slash" if rest == "/" else f"a path or query ({rest!r})"
        raise CORSConfigError(
            f"origins: {value!r} has {what}, but browsers send origins without one. Use {fixed!r}."
        )
    scheme = parts.group("scheme").lower()
    host = parts.group("host").lower()
    port = parts.group("port")
    if port is not None and _DEFAULT_PORTS.get(scheme) == port:
        port = None  # browsers omit the default port from the Origin header
    return f"{scheme}://{host}" + (f":{port}" if port else "")


def _origins(value: Any) -> tuple[OriginSpec, ...]:
    if value is None:
        raise CORSConfigError(
            "origins: None is not a valid value. Use '*' to allow any origin, or a "
            "list such as ['https://app.example.com'] (an empty list allows none)."
        )
    return tuple(_as_list("origins", value))


def _methods(value: Any) -> tuple[str, ...]:
    if value is None:
        raise CORSConfigError(
            "methods: None is not a valid value. Give a list such as ['GET', 'POST']."
        )
    methods: list[str] = []
    for item in _as_list("methods", value):
        if not isinstance(item, str) or not TOKEN_RE.fullmatch(item.strip()):
            raise CORSConfigError(
                f"methods: {item!r} is not an HTTP method name. Give names such as 'GET' or 'POST'."
            )
        method = item.strip().upper()
        if method not in methods:
            methods.append(method)
    return tuple(methods)


def _header_names(name: str, value: Any, patterns: bool) -> tuple[Any, ...]:
    if value is None:
        return ()
    names: list[Any] = []
    for item in _as_list(name, value):
        if patterns and isinstance(item, re.Pattern):
            names.append(item)
            continue
        if not isinstance(item, str):
            raise CORSConfigError(
                f"{name}: expected header names as strings, got {type(item).__name__} {item!r}."
            )
        item = item.strip()
        if patterns and item in ("*", ".*"):
            names.append("*")
        elif TOKEN_RE.fullmatch(item) and not (patterns and _looks_like_regex(item)):
            if item.lower() not in [n.lower() for n in names if isinstance(n, str)]:
                names.append(item)
        elif patterns:
            try:
                names.append(re.compile(item, re.IGNORECASE))
            except re.error as exc:
                raise CORSConfigError(
                    f"{name}: {item!r} is neither a header name nor a valid regular "
                    f"expression ({exc})."
                ) from None
        else:
            raise CORSConfigError(
                f"{name}: {item!r} is not a valid header name (letters, digits and "
                f"!#$%&'*+-.^_`|~ only)."
            )
    return tuple(names)


def resolve_options(*layers: Mapping[str, Any], where: str = "CORS") -> Options:
    """Merge option layers (later wins) over the defaults and validate them.

    :param layers: mappings of option names (aliases allowed) to values, lowest
        precedence first.  ``resources`` is ignored here.
    :param where: names the configuration in error messages.
    :raises CORSConfigError: for any value that cannot work.
    """
    merged: dict[str, Any] = dict(DEFAULTS)
    sources: dict[str, str] = {}  # option -> where it was set; its keys: the explicit ones
    for layer in layers:
        layer_sources = layer.sources if isinstance(layer, Layer) else {}
        for given, value in layer.items():
            name = ALIASES.get(given, given)
            if name == "resources":
                continue
            if name not in DEFAULTS:
                raise CORSConfigError(
                    f"{where}: unknown option {name!r}.{_suggest(name, ALL_OPTION_NAMES)}"
                )
            merged[name] = value
            sources[name] = layer_sources.get(given, where)
    try:
        return _validate(merged, sources)
    except CORSConfigError as exc:
        raise CORSConfigError(f"{where}: {exc}") from None


def _validate(merged: Mapping[str, Any], sources: dict[str, str]) -> Options:
    explicit = sources.keys()
    flags = {name: as_boolean(name, merged[name]) for name in _BOOLEAN_OPTIONS}
    origins = _origins(merged["origins"])
    allow_headers = _header_names("allow_headers", merged["allow_headers"], patterns=True)
    if flags["supports_credentials"] and flags["send_wildcard"] and "send_wildcard" in explicit:
        raise CORSConfigError(
            "send_wildcard=True cannot be combined with supports_credentials=True: "
            "browsers reject 'Access-Control-Allow-Origin: *' on credentialed "
            "requests. Remove send_wildcard (the request's origin is then reflected)."
        )
    return Options(
        origins=origins,
        origin_rules=_origin_rules(origins),
        methods=_methods(merged["methods"]),
        allow_headers=allow_headers,
        any_header=any(h in ("*", ".*") for h in allow_headers),
        expose_headers=_header_names("expose_headers", merged["expose_headers"], patterns=False),
        max_age=_max_age(merged["max_age"]),
        debug_header=(
            None
            if merged["debug_header"] is None
            else as_boolean("debug_header", merged["debug_header"])
        ),
        sources=sources,
        **flags,
    )
