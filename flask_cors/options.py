"""Option names, defaults, merging and validation.

Everything a user can configure passes through :func:`resolve_options`, which
merges the layers (defaults < ``app.config`` < keyword arguments < per-resource
dict), validates every value once and returns a frozen :class:`Options`.
Mistakes are reported here, at configuration time, as
:class:`CORSConfigError` naming the option and the fix.

Origins have their own module, :mod:`flask_cors.origins`.
"""

from __future__ import annotations

import copy
import difflib
import json
import re
from collections.abc import Callable, Iterable, Mapping
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
    "OPTION_SPECS",
    "CORSConfigError",
    "CORSConfigWarning",
    "Layer",
    "OriginCheck",
    "OriginRules",
    "OriginSpec",
    "OptionSpec",
    "Options",
    "SetupNotes",
    "Warn",
    "config_layer",
    "as_boolean",
    "check_names",
    "config_changes",
    "config_messages",
    "config_snapshot",
    "ignored_config_keys",
    "json_value",
    "keyword_layer",
    "resolve_options",
    "split_top_level_commas",
]

#: Where the core puts a set-up warning: a function given its text.  The
#: shell's :func:`flask_cors.callsite.warn` issues it, at the user's line.
Warn = Callable[[str], None]

DEFAULT_METHODS: tuple[str, ...] = (
    "GET",
    "HEAD",
    "POST",
    "OPTIONS",
    "PUT",
    "PATCH",
    "DELETE",
    "QUERY",
)


@dataclass(frozen=True)
class OptionSpec:
    """One option, as the documentation lists it.

    :data:`OPTION_SPECS` is the one list of options: the names, defaults,
    config keys and boolean options used everywhere else are derived from
    it, and ``tests/test_option_list.py`` checks the options reference
    (``docs/options.rst``), the README's table and the other places that
    spell the options out against it.
    """

    name: str
    default: Any
    #: The README table's one line on what the option does (reST).
    summary: str
    #: True or False only (see :func:`as_boolean`).
    boolean: bool = False
    #: Other keyword names of the option, each with its own config key too.
    aliases: tuple[str, ...] = ()
    #: An option of the ``CORS`` extension only (``cross_origin`` knows its view).
    extension_only: bool = False
    #: An option flask-cors 6 did not have (it ignored the name).
    new: bool = False

    @property
    def config_key(self) -> str:
        """The ``app.config`` key of the option: ``CORS_`` and its name in upper case."""
        return _config_key(self.name)


def _config_key(name: str) -> str:
    """The ``app.config`` key of the option (or alias) ``name``."""
    return "CORS_" + name.upper()


#: Every option, ``resources`` last.  The order is that of :data:`DEFAULTS`
#: and :data:`CONFIG_KEYS`, so of the set-up warnings about several options.
OPTION_SPECS: tuple[OptionSpec, ...] = (
    OptionSpec(
        "origins",
        "*",
        'Which origins may read the responses: ``"*"``, exact origins, subdomain wildcards '
        "(``https://*.example.com``), port wildcards (``http://localhost:*``), regexes "
        "(matched against the whole origin), callables. ``null`` is echoed only when listed.",
    ),
    OptionSpec(
        "methods",
        DEFAULT_METHODS,
        "Methods offered in preflights, limited to those the URL accepts.",
    ),
    OptionSpec(
        "allow_headers",
        "*",
        'Request headers allowed in preflights; ``"*"`` allows those requested.',
        aliases=("headers",),
    ),
    OptionSpec("expose_headers", None, "Response headers the page's script may read."),
    OptionSpec(
        "supports_credentials",
        False,
        "Allow cookies and HTTP authentication; the origin is then reflected, never ``*``.",
        boolean=True,
    ),
    OptionSpec(
        "max_age",
        None,
        "Seconds (or a ``timedelta``) browsers may cache a preflight answer.",
    ),
    OptionSpec(
        "send_wildcard",
        True,
        'With ``origins="*"``, answer ``*`` rather than the request\'s origin.',
        boolean=True,
    ),
    OptionSpec(
        "always_send",
        True,
        "Also answer ``*`` to requests without an ``Origin`` when the policy answers ``*`` "
        "to everyone; never anything else.",
        boolean=True,
    ),
    OptionSpec(
        "automatic_options",
        True,
        "Answer preflights; the extension does it before Flask dispatches them, so no hook "
        "or login check runs.",
        boolean=True,
    ),
    OptionSpec(
        "vary_header",
        True,
        "Add ``Vary: Origin`` whenever the answer depends on the origin.",
        boolean=True,
    ),
    OptionSpec(
        "intercept_exceptions",
        True,
        "Put the headers on the 500 Flask builds from an unhandled exception. In debug mode "
        "Flask re-raises instead, and the debugger's page has none.",
        boolean=True,
    ),
    OptionSpec(
        "allow_private_network",
        False,
        "Answer Private Network Access preflights (Chrome 142 and newer ask the user instead).",
        boolean=True,
    ),
    OptionSpec(
        "debug_header",
        None,
        "``X-CORS-Debug`` with the decision on each response; ``None``: only in debug mode.",
        new=True,
    ),
    OptionSpec(
        "cross_origin_protection",
        False,
        "Refuse with 403, before any hook or view, unsafe requests a browser sends from an "
        "origin not allowed.",
        boolean=True,
        new=True,
    ),
    OptionSpec(
        "resources",
        "/*",
        "Path patterns, each with its own options (``CORS`` only).",
        extension_only=True,
    ),
)

# Option name -> default.  ``resources`` is handled by the extension, not here.
DEFAULTS: Mapping[str, Any] = {
    spec.name: spec.default for spec in OPTION_SPECS if not spec.extension_only
}

#: Alias -> the option it sets.
ALIASES: Mapping[str, str] = {alias: spec.name for spec in OPTION_SPECS for alias in spec.aliases}

#: Every name accepted as a keyword argument of ``CORS`` (``cross_origin``
#: accepts all of them but ``resources``).
ALL_OPTION_NAMES = frozenset(spec.name for spec in OPTION_SPECS) | frozenset(ALIASES)

#: ``app.config`` key -> option name: the options' keys, then the aliases',
#: then the extension's own.
CONFIG_KEYS: Mapping[str, str] = {
    **{_config_key(name): name for name in DEFAULTS},
    **{_config_key(alias): name for alias, name in ALIASES.items()},
    **{spec.config_key: spec.name for spec in OPTION_SPECS if spec.extension_only},
}

_BOOLEAN_OPTIONS = tuple(spec.name for spec in OPTION_SPECS if spec.boolean)
_NEW_OPTIONS = frozenset(spec.name for spec in OPTION_SPECS if spec.new)
_TRUE_STRINGS = frozenset({"true", "1", "yes", "on"})
_FALSE_STRINGS = frozenset({"false", "0", "no", "off"})

# A header field name or method is an HTTP token (RFC 9110, section 5.6.2).
TOKEN_RE = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")


@dataclass(frozen=True)
class Options:
    """One fully merged and validated set of CORS options.

    Origins keep their user-given kinds (exact strings, wildcards, regexes and
    callables); :class:`flask_cors.policy.Policy` compiles them.
    """

    origins: tuple[OriginSpec, ...]  # as given, for messages
    origin_rules: OriginRules
    methods: tuple[str, ...]
    #: ``methods="*"``: every method the URL accepts.
    any_method: bool
    allow_headers: tuple[str | Pattern[str], ...]
    any_header: bool
    expose_headers: tuple[str, ...]
    supports_credentials: bool
    max_age: int | None
    send_wildcard: bool
    #: Send ``Access-Control-Allow-Origin: *`` to requests without an Origin
    #: when the policy answers ``*`` to everyone; never anything else.
    always_send: bool
    automatic_options: bool
    vary_header: bool
    #: CORS headers on the 500 Flask builds from an unhandled exception (none
    #: in debug or testing mode, where Flask re-raises instead of building it).
    intercept_exceptions: bool
    allow_private_network: bool
    debug_header: bool | None  # None: only while the app runs in debug mode
    cross_origin_protection: bool
    #: Option name -> where its value was set (``app.config['CORS_HEADERS']``,
    #: a keyword argument, a resource), for the options set anywhere but the
    #: defaults: explanations name the setting that refused a request.
    sources: Mapping[str, str] = field(default_factory=dict, compare=False, repr=False)
    #: The :class:`CORSConfigWarning` messages resolving these options gave
    #: (also given to its ``warn`` sink), for ``flask cors check`` and ``flask cors routes``.
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


def check_names(
    options: Mapping[str, Any], where: str, allowed: Iterable[str], warn: Warn
) -> dict[str, Any]:
    """The options of ``options`` whose names exist; a warning, given to ``warn``, for each other.

    flask-cors 6 ignored an unknown option (it logged a warning), so an app
    that has one still starts, and the option still does nothing.
    """
    allowed = frozenset(allowed)
    known: dict[str, Any] = {}
    for name, value in options.items():
        if name in allowed:
            known[name] = value
        elif name == "resources":
            warn(
                f"{where}: 'resources' is an option of the CORS extension only, and is "
                f"ignored here (as flask-cors 6 ignored it). Use CORS(app, resources={{...}}) "
                f"to pick paths, or put the decorator on each view that needs CORS."
            )
        else:
            warn(f"{where}: {unknown_option_message(name, allowed)}")
    return known


def unknown_option_message(name: str, allowed: Iterable[str]) -> str:
    """Why the option ``name`` does nothing, and the closest real one."""
    return (
        f"unknown option {name!r}, ignored (as flask-cors 6 ignored it): the option it "
        f"was meant to set keeps its default.{_suggest(name, allowed)} Valid options "
        f"are: {', '.join(sorted(allowed))}."
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


def config_messages(config: Mapping[str, Any]) -> list[str]:
    """The warnings about ``config``'s ``CORS_*`` keys that no option states.

    Keys that are not settings (typos, mostly), settings that are None
    (taken as not set, as flask-cors 6 took them) and a ``CORS_HEADERS``
    that ``CORS_ALLOW_HEADERS`` overrides.  ``config_layer`` warns with
    them; ``flask cors check`` and ``routes`` list them.
    """
    messages = [
        f"{ignored_key_message(key)} Valid keys are: {', '.join(sorted(CONFIG_KEYS))}."
        for key in ignored_config_keys(config)
    ]
    for key, name in CONFIG_KEYS.items():
        if key in config and config[key] is None and DEFAULTS.get(name, "") is not None:
            messages.append(
                f"app.config[{key!r}] is None, which is taken as not set (as flask-cors 6 "
                f"took it): {name} keeps its default"
                f"{f' {DEFAULTS[name]!r}' if name in DEFAULTS else ''}. Delete the key, or "
                f"give the value you mean."
            )
    if "CORS_HEADERS" in config and "CORS_ALLOW_HEADERS" in config:
        messages.append(
            "app.config['CORS_HEADERS'] is ignored: app.config['CORS_ALLOW_HEADERS'] is set "
            "too, and wins. Delete CORS_HEADERS."
        )
    return messages


def config_layer(config: Mapping[str, Any], warn: Warn | None = None) -> Layer:
    """Pick the ``CORS_*`` keys out of an ``app.config`` mapping.

    Returns a :class:`Layer` of option names to values; ``CORS_ALLOW_HEADERS``
    wins over ``CORS_HEADERS`` when both are set, and a key set to None is
    left out (the option keeps its default, as in flask-cors 6).  Unknown
    ``CORS_*`` keys are given to ``warn`` (the shell issues them as
    :class:`CORSConfigWarning`), so that a typo does not silently do nothing
    (they stay keys the app may use for itself), and so are the other cases
    of :func:`config_messages`; without ``warn``, ask that function.
    """
    values: dict[str, Any] = {}
    sources: dict[str, str] = {}
    for key, name in CONFIG_KEYS.items():
        if key not in config or (key == "CORS_HEADERS" and "CORS_ALLOW_HEADERS" in config):
            continue
        if config[key] is None and DEFAULTS.get(name, "") is not None:
            continue
        values[name] = config[key]
        sources[name] = f"app.config[{key!r}]"
    if warn is not None:
        for message in config_messages(config):
            warn(message)
    return Layer(values, sources)


def config_snapshot(config: Mapping[str, Any]) -> dict[str, Any]:
    """The ``CORS_*`` items of ``config``, copied, to compare later (:func:`config_changes`)."""
    snapshot: dict[str, Any] = {}
    for key, value in config.items():
        if isinstance(key, str) and key.startswith("CORS_"):
            try:
                snapshot[key] = copy.deepcopy(value)
            except Exception:
                snapshot[key] = value
    return snapshot


def config_changes(snapshot: Mapping[str, Any], config: Mapping[str, Any]) -> list[str]:
    """The ``CORS_*`` keys added to, changed in or removed from ``config`` since ``snapshot``."""
    keys = {key for key in config if isinstance(key, str) and key.startswith("CORS_")}
    changed = []
    for key in sorted(keys | snapshot.keys()):
        if (key in snapshot) != (key in config):
            changed.append(key)
            continue
        try:
            same = bool(snapshot[key] == config[key])
        except Exception:
            same = snapshot[key] is config[key]
        if not same:
            changed.append(key)
    return changed


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


def json_value(value: str) -> list[Any] | dict[str, Any] | None:
    """The list or dict a JSON array or object string holds (``'["a", "b"]'``,
    as environment variables give lists), or None when ``value`` is not one."""
    text = value.strip()
    if (text[:1], text[-1:]) not in (("[", "]"), ("{", "}")):
        return None
    try:
        parsed = json.loads(text)
    except ValueError:
        return None
    return parsed if isinstance(parsed, (list, dict)) else None


def _as_list(name: str, value: Any, notes: SetupNotes | None = None) -> list[Any]:
    """``value`` as a list: a list as given, a JSON array string, or a comma-separated string.

    With ``notes``, bytes are decoded (with a warning); without, they are an
    error.  A value that is neither a string nor iterable is one item, as
    flask-cors 6 took it.
    """
    if isinstance(value, (bytes, bytearray)):
        value = _decoded(name, value, notes) or ""
    if isinstance(value, str):
        items = json_value(value) if value.lstrip().startswith("[") else None
        return split_top_level_commas(value) if items is None else list(items)
    if isinstance(value, (re.Pattern,)) or callable(value):
        return [value]
    try:
        return list(value)
    except TypeError:
        return [value]


def _decoded(name: str, value: bytes | bytearray, notes: SetupNotes | None) -> str | None:
    """A bytes value as text, with a warning, where flask-cors 6 started with one;
    None (matching nothing, as in flask-cors 6) for bytes that are not ASCII."""
    if notes is None:
        raise CORSConfigError(f"{name}: expected text, got bytes {value!r}; decode it first.")
    try:
        text = bytes(value).decode("ascii")
    except UnicodeDecodeError:
        notes.add(
            name,
            f"{value!r} is bytes that are not ASCII, and is left out (flask-cors 6 read it "
            f"as a list of numbers, which matches nothing). Give text.",
        )
        return None
    notes.add(
        name,
        f"{value!r} is bytes, read as the text {text!r} (flask-cors 6 read it as a list of "
        f"numbers, which matches nothing). Give text.",
    )
    return text


# Names joined by spaces or semicolons instead of commas.
_WORD_SEPARATORS_RE = re.compile(r"\s*;\s*|\s+")


def _split_words(name: str, items: list[Any], notes: SetupNotes, regexes: bool) -> list[Any]:
    """Split items such as ``"Content-Type Authorization"`` into the names they list.

    An item is split when each of its parts separated by spaces or
    semicolons is a token (for ``regexes``, one without regex syntax, so that
    a regex with a space in it stays one); a warning says so.
    """
    result: list[Any] = []
    for item in items:
        if isinstance(item, (bytes, bytearray)):
            item = _decoded(name, item, notes)
            if item is None:
                continue
        if isinstance(item, str):
            parts = [part for part in _WORD_SEPARATORS_RE.split(item.strip()) if part]
            if len(parts) > 1 and all(
                TOKEN_RE.fullmatch(part) and not (regexes and _is_regex(part)) for part in parts
            ):
                separator = "semicolons" if ";" in item else "spaces"
                before = (
                    "flask-cors 6 ignored this spelling of the option"
                    if name in notes.ignored_by_605
                    else "flask-cors 6 read it as one name, which matches nothing"
                )
                notes.add(
                    name,
                    f"{item!r} is read as the list {', '.join(parts)} (names separated by "
                    f"{separator}; {before}). "
                    f"Separate the names with commas ({', '.join(parts)!r}) or give a list.",
                )
                result.extend(parts)
                continue
        result.append(item)
    return result


def _is_regex(value: str) -> bool:
    """Regex syntax other than a header glob's ``*``."""
    return looks_like_regex(value) and not _HEADER_GLOB_RE.fullmatch(value)


#: A header name glob: a name whose one special character is ``*`` (``X-*``,
#: ``X-*-Id``), each star standing for any run of characters.  Token
#: characters that mean something in a regex (``.^|+``) make it a regex.
_HEADER_GLOB_RE = re.compile(r"[!#$%&'\-_`~0-9A-Za-z]*(?:\*[!#$%&'\-_`~0-9A-Za-z]*)+")


def as_boolean(name: str, value: Any, notes: SetupNotes | None = None) -> bool:
    """A boolean option's value; one that is neither True nor False is the default.

    ``"true"``/``"false"``, ``"1"``/``"0"``, ``"yes"``/``"no"``, ``"on"``/``"off"``
    (any case) and ``0``/``1``; None and ``""`` are False, as in flask-cors 6.
    Anything else keeps the option's default (warned about in ``notes``):
    flask-cors 6 read any other non-empty string as True, which could turn
    on credentials nobody asked for.
    """
    if isinstance(value, bool):
        return value
    if value is None:
        return False
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        lowered = value.strip().lower()
        if lowered in _TRUE_STRINGS:
            return True
        if lowered in _FALSE_STRINGS or lowered == "":
            return False
    default = bool(DEFAULTS.get(name))
    if notes is not None:
        then = (
            "flask-cors 6 had no such option"
            if name in _NEW_OPTIONS
            else f"flask-cors 6 read it as {bool(value)}"
        )
        notes.add(
            name,
            f"{value!r} is neither True nor False, so {name} is {default}"
            f"{' (its default)' if name in _BOOLEAN_OPTIONS else ''} ({then}). Give True or "
            f"False, or one of the "
            f"strings 'true'/'false', '1'/'0', 'yes'/'no', 'on'/'off' (any case).",
        )
    return default


def _max_age(value: Any, notes: SetupNotes) -> int | None:
    if value is None:
        return None
    if isinstance(value, timedelta):
        seconds = value.total_seconds()
        if seconds >= 0:
            return int(seconds)  # whole seconds, as flask-cors 6 cut them
    elif isinstance(value, bool):
        notes.add(
            "max_age",
            f"{value!r} is not a number of seconds, so no Access-Control-Max-Age is sent "
            f"(flask-cors 6 sent {str(value)!r}, which browsers ignore). Give seconds, "
            f"such as 600.",
        )
        return None
    elif isinstance(value, (int, float)):
        seconds = value
    elif isinstance(value, str):
        try:
            seconds = float(value.strip())
        except ValueError:
            notes.add(
                "max_age",
                f"the string {value!r} is not a number of seconds, so no "
                f"Access-Control-Max-Age is sent (flask-cors 6 sent it as written, which "
                f"browsers ignore). Give seconds, such as 600.",
            )
            return None
    else:
        notes.add(
            "max_age",
            f"{value!r} ({type(value).__name__}) is not a number of seconds, so no "
            f"Access-Control-Max-Age is sent (flask-cors 6 sent {str(value)!r}, which "
            f"browsers ignore). Give seconds as an int, a timedelta or a numeric string.",
        )
        return None
    if seconds != seconds or seconds in (float("inf"), float("-inf")):
        notes.add(
            "max_age",
            f"{value!r} is not a finite number of seconds, so no Access-Control-Max-Age is "
            f"sent (flask-cors 6 sent it as written, which browsers ignore). Give seconds, "
            f"such as 600.",
        )
        return None
    if seconds < 0:
        notes.add(
            "max_age",
            f"{value!r} is negative, read as 0: browsers cache no preflight answer "
            f"(flask-cors 6 sent {value!r}, which some browsers read so). Use 0 to disable "
            f"caching of preflight responses, or None to leave it to the browser.",
        )
        return 0
    if seconds != int(seconds):
        notes.add(
            "max_age",
            f"{value!r} is not a whole number of seconds, read as {int(seconds)} "
            f"(flask-cors 6 sent {value!r}, which browsers ignore: an Access-Control-Max-Age "
            f"that is not whole seconds counts as absent). Use {int(seconds)} or "
            f"{int(seconds) + 1}.",
        )
    return int(seconds)


def _origins(value: Any, notes: SetupNotes) -> tuple[OriginSpec, ...]:
    if value is None:
        notes.add(
            "origins",
            "None allows no origin (as in flask-cors 6). Use '*' to allow any origin, a "
            "list such as ['https://app.example.com'], or [] to say that none is allowed.",
        )
        return ()
    return tuple(_as_list("origins", value, notes))


def _methods(value: Any, notes: SetupNotes) -> tuple[tuple[str, ...], bool]:
    """The listed methods, and whether ``"*"`` (every method the URL accepts) is among them."""
    if value is None:
        notes.add(
            "methods",
            "None allows no method in preflights (as in flask-cors 6): only GET, HEAD and "
            "POST requests that need none work. Give a list such as ['GET', 'POST'], '*' "
            "for every method of the URL, or leave methods out for the default.",
        )
        return (), False
    methods: list[str] = []
    any_method = False
    for item in _split_words("methods", _as_list("methods", value, notes), notes, regexes=False):
        if not isinstance(item, str):
            notes.add(
                "methods",
                f"{item!r} ({type(item).__name__}) is not a method name, and is left out "
                f"(flask-cors 6 allowed no method by it, or failed to start when other methods "
                f"were listed with it). Give names such as 'GET' or 'POST'.",
            )
            continue
        method = item.strip().upper()
        if method == "*":
            any_method = True
        elif not TOKEN_RE.fullmatch(method):
            notes.add(
                "methods",
                f"{item!r} is not an HTTP method name, and is left out (flask-cors 6 sent it "
                f"in Access-Control-Allow-Methods, where browsers reject the whole "
                f"header). Give names such as 'GET' or 'POST'.",
            )
        elif method not in methods:
            methods.append(method)
    return tuple(methods), any_method


def _header_names(name: str, value: Any, notes: SetupNotes, patterns: bool) -> tuple[Any, ...]:
    if value is None:
        return ()
    names: list[Any] = []
    items = _split_words(name, _as_list(name, value, notes), notes, regexes=patterns)
    for item in items:
        if patterns and isinstance(item, re.Pattern):
            if isinstance(item.pattern, str):
                names.append(item)
            else:
                notes.add(
                    name,
                    f"{item!r} is a bytes pattern, which no header name (text) matches, and is "
                    f"left out (flask-cors 6 failed every preflight that asked for a header). "
                    f"Write it as a str pattern.",
                )
            continue
        if not isinstance(item, str):
            notes.add(
                name,
                f"{item!r} ({type(item).__name__}) is not a header name, and is left out "
                f"(flask-cors 6 named no real header by it, or failed to start when names were "
                f"listed with it). Give header names as strings.",
            )
            continue
        item = item.strip()
        if patterns and item in ("*", ".*"):
            names.append("*")
        elif patterns and _HEADER_GLOB_RE.fullmatch(item):
            glob = ".*".join(re.escape(part) for part in item.split("*"))
            names.append(re.compile(glob, re.IGNORECASE))
        elif TOKEN_RE.fullmatch(item) and not (patterns and looks_like_regex(item)):
            if not patterns and item != "*" and "*" in item:
                notes.add(
                    name,
                    f"{item!r} is sent as written, and browsers read it as one header name, "
                    f"not a pattern: no header is exposed by it. List the headers to expose "
                    f"(or '*' for all, on requests without credentials).",
                )
            if item.lower() not in [n.lower() for n in names if isinstance(n, str)]:
                names.append(item)
        elif patterns:
            try:
                names.append(re.compile(item, re.IGNORECASE))
            except re.error as exc:
                if name not in notes.ignored_by_605:
                    raise CORSConfigError(
                        f"{name}: {item!r} is neither a header name nor a valid regular "
                        f"expression ({exc})."
                    ) from None
                notes.add(
                    name,
                    f"{item!r} is neither a header name nor a valid regular expression "
                    f"({exc}), and is left out (flask-cors 6 ignored this setting and allowed "
                    f"every header; here it allows only the headers it names). Fix or remove it.",
                )
        else:
            notes.add(
                name,
                f"{item!r} is not a valid header name (letters, digits and !#$%&'*+-.^_`|~ "
                f"only), and is left out (flask-cors 6 sent it, and browsers then ignore "
                f"the whole Access-Control-Expose-Headers). Fix or remove it.",
            )
    return tuple(names)


def resolve_options(
    *layers: Mapping[str, Any],
    where: str = "CORS",
    warned: set[str] | None = None,
    warn: Warn | None = None,
) -> Options:
    """Merge option layers (later wins) over the defaults and validate them.

    :param layers: mappings of option names (aliases allowed) to values, lowest
        precedence first.  ``resources`` is ignored here.
    :param where: names the configuration in error messages.
    :param warned: set-up warnings (without ``where``) already given for
        options resolved together with these, such as the other resources of
        one ``CORS``: those are not given again (they stay in
        :attr:`Options.setup_warnings`); the new ones are added.
    :param warn: given each new set-up warning as it is found (the shell
        issues it as a :class:`CORSConfigWarning`); without it, they are
        only kept in :attr:`Options.setup_warnings`.
    :raises CORSConfigError: for any value that cannot work.
    """
    merged: dict[str, Any] = dict(DEFAULTS)
    sources: dict[str, str] = {}  # option -> where it was set; its keys: the explicit ones
    unknown: list[str] = []
    ignored_by_605: set[str] = set()  # options set by a spelling flask-cors 6.0.5 ignored
    for layer in layers:
        layer_sources = layer.sources if isinstance(layer, Layer) else {}
        for given, value in layer.items():
            name = ALIASES.get(given, given)
            if name == "resources":
                continue
            if name not in DEFAULTS:
                unknown.append(name)
                continue
            merged[name] = value
            sources[name] = layer_sources.get(given, where)
            if given in ALIASES or sources[name] == "app.config['CORS_HEADERS']":
                ignored_by_605.add(name)
            else:
                ignored_by_605.discard(name)
    notes = SetupNotes(sources, ignored_by_605)
    for name in unknown:
        notes.append(unknown_option_message(name, ALL_OPTION_NAMES - {"resources"}))
    try:
        options = _validate(merged, sources, notes)
    except CORSConfigError as exc:
        raise CORSConfigError(f"{where}: {exc}") from None
    if notes:
        messages = tuple(f"{where}: {note}" for note in notes)
        options = replace(options, setup_warnings=messages)
        for note, message in zip(notes, messages):
            if warned is not None:
                if note in warned:
                    continue
                warned.add(note)
            if warn is not None:
                warn(message)
    return options


class SetupNotes(list):  # type: ignore[type-arg]
    """The set-up warnings of one :func:`resolve_options` call, collected
    while validating and given to its ``warn`` sink at its end.

    :param sources: option name -> where it was set (see :attr:`Options.sources`).
    :param ignored_by_605: the options set by a spelling flask-cors 6.0.5
        ignored (``headers=``, ``CORS_HEADERS``): a value it refused is a
        warning there, not an error.
    """

    def __init__(self, sources: Mapping[str, str], ignored_by_605: Iterable[str] = ()) -> None:
        super().__init__()
        self.sources = sources
        self.ignored_by_605 = frozenset(ignored_by_605)

    def add(self, option: str, message: str) -> None:
        """Note ``message`` about ``option``; the note names where it was set."""
        source = self.sources.get(option)
        self.append(f"{option}{f' (set by {source})' if source else ''}: {message}")


def _note_ignored_by_605(
    notes: SetupNotes, value: Any, allow_headers: Iterable[Any], spelling: str, rename: str
) -> None:
    """Warn that ``headers=`` or ``CORS_HEADERS``, which flask-cors 6 ignored
    (allowing every header), now limits the allowed headers: an outage for
    the requests that send others, unless told."""
    shown = ", ".join(h if isinstance(h, str) else h.pattern for h in allow_headers)
    notes.add(
        "allow_headers",
        f"{value!r} limits the headers a cross-origin request may send to "
        f"{shown or 'none'}: a preflight asking for any other (Authorization, say) is "
        f"refused. flask-cors 6 ignored {spelling} and allowed every header. To keep "
        f"the limit, {rename} (which also silences this warning); to allow every "
        f"header as flask-cors 6 did, delete it.",
    )


def _validate(merged: Mapping[str, Any], sources: dict[str, str], notes: SetupNotes) -> Options:
    explicit = sources.keys()
    flags: dict[str, Any] = {
        name: as_boolean(name, merged[name], notes) for name in _BOOLEAN_OPTIONS
    }
    origins = _origins(merged["origins"], notes)
    origin_rules = compile_origins(origins, notes)
    if flags["supports_credentials"] and "null" in origin_rules.exact:
        notes.add(
            "origins",
            "'null' is listed while supports_credentials is True: every sandboxed iframe, "
            "data: URL and local file on any site sends 'Origin: null', so each of them "
            "gets credentialed reads, as with '*'. Remove 'null'; give the sandboxed "
            "content an origin of its own and list that.",
        )
    allow_headers = _header_names("allow_headers", merged["allow_headers"], notes, patterns=True)
    any_header = any(h in ("*", ".*") for h in allow_headers)
    if sources.get("allow_headers") == "app.config['CORS_HEADERS']":
        rename = "rename the key CORS_ALLOW_HEADERS"
        _note_ignored_by_605(notes, merged["allow_headers"], allow_headers, "CORS_HEADERS", rename)
    elif "allow_headers" in notes.ignored_by_605 and not any_header:
        rename = "write allow_headers= instead of headers="
        _note_ignored_by_605(notes, merged["allow_headers"], allow_headers, "headers=", rename)
    if (
        flags["supports_credentials"]
        and flags["send_wildcard"]
        and "send_wildcard" in explicit
        and origin_rules.any_origin
    ):
        raise CORSConfigError(
            "send_wildcard=True cannot be combined with supports_credentials=True: "
            "browsers reject 'Access-Control-Allow-Origin: *' on credentialed "
            "requests. Remove send_wildcard (the request's origin is then reflected)."
        )
    methods, any_method = _methods(merged["methods"], notes)
    expose_headers = _header_names(
        "expose_headers", merged["expose_headers"], notes, patterns=False
    )
    if flags["supports_credentials"] and "*" in expose_headers:
        notes.add(
            "expose_headers",
            "'*' exposes every header only to requests without credentials: with "
            "supports_credentials=True, browsers read it on credentialed requests as one "
            "header literally named '*', and expose nothing. List the headers to expose, "
            "such as ['X-Request-Id'].",
        )
    return Options(
        origins=origins,
        origin_rules=origin_rules,
        methods=methods,
        any_method=any_method,
        allow_headers=allow_headers,
        any_header=any_header,
        expose_headers=expose_headers,
        max_age=_max_age(merged["max_age"], notes),
        debug_header=(
            None
            if merged["debug_header"] is None
            else as_boolean("debug_header", merged["debug_header"], notes)
        ),
        sources=sources,
        **flags,
    )
