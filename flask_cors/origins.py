"""Origins: the ``origins`` option (exact origins, wildcards, regexes and
callables), compiled into :class:`OriginRules`, and the ``Origin`` header of
requests.
"""

from __future__ import annotations

import functools
import inspect
import re
from re import Pattern
from typing import Any, Callable, NamedTuple, Union

from ._patterns import REGEX_METACHARACTERS, looks_like_regex
from .errors import CORSConfigError

__all__ = [
    "OriginCheck",
    "OriginRules",
    "OriginSpec",
    "compile_origins",
    "same_origin_as_host",
    "valid_origin",
]

OriginCheck = Callable[[str], Any]
"""A callable origin rule: called with the request's origin, allows it when truthy."""

OriginSpec = Union[str, Pattern[str], OriginCheck]

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

# A serialized origin as browsers send it: scheme "://" host [":" port], in
# printable ASCII without "/" (so nothing that could split or forge a header
# line is ever reflected), or the opaque origin "null".
_REQUEST_ORIGIN_RE = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*://[!-.0-~]{1,2000}")
# Stricter: exactly as a browser serialises an origin (lower case, a host,
# an optional port, no path); flask_cors.testing holds test input to it.
_SERIALIZED_ORIGIN_RE = re.compile(
    r"[a-z][a-z0-9+.-]*://(?:\[[0-9a-f:.]+\]|[a-z0-9._~!$&'()*+,;=%-]+)(?::[0-9]{1,5})?"
)


class OriginRules(NamedTuple):
    """The ``origins`` option sorted by kind, ready to match."""

    any_origin: bool
    exact: frozenset[str]  # lower case; "null" only when listed
    patterns: tuple[Pattern[str], ...]  # wildcards and regexes, matched with fullmatch
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
        label = "subdomain wildcard"
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


def compile_origins(origins: tuple[OriginSpec, ...], notes: Any = None) -> OriginRules:
    """Validate every origin entry and sort it by kind.

    :param notes: where set-up warnings go (an
        :class:`~flask_cors.options.SetupNotes`; ``notes.add("origins",
        message)``), or None to drop them.
    """
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
            if _is_async_callable(value):
                raise CORSConfigError(
                    f"origins: {_callable_name(value)} is an async function. The origin "
                    f"check runs in the middle of Flask's synchronous request handling, where "
                    f"nothing awaits it, and the coroutine it returns would count as "
                    f"'allowed'. Make the check a plain def (look the origin up "
                    f"synchronously, or from a set you keep up to date)."
                )
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
        elif looks_like_regex(value) and not _is_ipv6_origin(value):
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


def _is_async_callable(value: Callable[..., Any]) -> bool:
    """Whether calling ``value`` returns an awaitable (or an async generator)
    rather than an answer: an ``async def`` function or method, an object
    whose ``__call__`` is one, or a :func:`functools.partial` of either."""
    while isinstance(value, functools.partial):
        value = value.func
    candidates = [value, inspect.getattr_static(type(value), "__call__", None)]
    return any(
        inspect.iscoroutinefunction(c) or inspect.isasyncgenfunction(c)
        for c in candidates
        if c is not None
    )


def _callable_name(value: Callable[..., Any]) -> str:
    """``value`` as a user would recognise it in a message."""
    return repr(getattr(value, "__qualname__", None) or value)


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


def valid_origin(origin: str) -> bool:
    """Whether ``origin`` has the form of an ``Origin`` header a browser sends."""
    return origin == "null" or _REQUEST_ORIGIN_RE.fullmatch(origin) is not None


def serialized_origin(origin: str) -> bool:
    """Whether ``origin`` is written exactly as a browser would send it, or is "null"."""
    return origin == "null" or _SERIALIZED_ORIGIN_RE.fullmatch(origin) is not None


def same_origin_as_host(origin: str, host: str | None) -> bool:
    """Whether ``origin`` names the host (and port) of a request's ``Host`` header.

    The scheme is not compared (a proxy may end TLS before the app); a
    default port may be written or left out on either side.
    """
    if not host or origin == "null":
        return False
    scheme, _, authority = origin.partition("://")
    default = _DEFAULT_PORTS.get(scheme.lower())
    return _without_port(authority, default) == _without_port(host.strip(), default)


def _without_port(authority: str, default: str | None) -> str:
    authority = authority.lower()
    if default is not None and authority.endswith(":" + default):
        return authority[: -len(default) - 1]
    return authority
