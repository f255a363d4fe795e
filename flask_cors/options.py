"""Option names, defaults, merging and validation.

Everything a user can configure passes through :func:`resolve_options`, which
merges the layers (defaults < ``app.config`` < keyword arguments < per-resource
dict), validates every value once and returns a frozen :class:`Options`.
Mistakes are reported here, at configuration time, as
:class:`CORSConfigError` naming the option and the fix.

Origins have their own module, :mod:`flask_cors.origins`.
"""

from __future__ import annotations

import difflib
import os
import re
import sys
import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import timedelta
from re import Pattern
from typing import Any

from ._patterns import looks_like_regex
from .errors import CORSConfigError, CORSConfigWarning
from .origins import OriginCheck, OriginRules, OriginSpec, compile_origins

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
    "SetupNotes",
    "config_layer",
    "as_boolean",
    "check_names",
    "ignored_config_keys",
    "keyword_layer",
    "resolve_options",
    "split_top_level_commas",
]

DEFAULT_METHODS: tuple[str, ...] = (
    "GET",
    "HEAD",
    "POST",
    "OPTIONS",
    "PUT",
    "PATCH",
    "DELETE",
)


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
    #: The :class:`CORSConfigWarning` messages resolving these options gave
    #: (also emitted then), for ``flask cors check`` and ``flask cors routes``.
    setup_warnings: tuple[str, ...] = field(default=(), compare=False, repr=False)


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
        elif TOKEN_RE.fullmatch(item) and not (patterns and looks_like_regex(item)):
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
    notes = SetupNotes(sources)
    try:
        options = _validate(merged, sources, notes)
    except CORSConfigError as exc:
        raise CORSConfigError(f"{where}: {exc}") from None
    if notes:
        messages = tuple(f"{where}: {note}" for note in notes)
        options = replace(options, setup_warnings=messages)
        for message in messages:
            warnings.warn(message, CORSConfigWarning, stacklevel=_caller_level())
    return options


class SetupNotes(list):  # type: ignore[type-arg]
    """The set-up warnings of one :func:`resolve_options` call, collected
    while validating and emitted (as :class:`CORSConfigWarning`) at its end.

    :param sources: option name -> where it was set (see :attr:`Options.sources`).
    """

    def __init__(self, sources: Mapping[str, str]) -> None:
        super().__init__()
        self.sources = sources

    def add(self, option: str, message: str) -> None:
        """Note ``message`` about ``option``; the note names where it was set."""
        source = self.sources.get(option)
        self.append(f"{option}{f' (set by {source})' if source else ''}: {message}")


def _validate(merged: Mapping[str, Any], sources: dict[str, str], notes: SetupNotes) -> Options:
    explicit = sources.keys()
    flags: dict[str, Any] = {name: as_boolean(name, merged[name]) for name in _BOOLEAN_OPTIONS}
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
        origin_rules=compile_origins(origins, notes),
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
