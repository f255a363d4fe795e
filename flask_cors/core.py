"""Deprecated: the names that code written for flask-cors 6 imports from ``flask_cors.core``.

Every public name of flask-cors 6.0.5's ``flask_cors.core`` is here, so that
such code keeps running while it moves to the public API; every use emits a
:class:`DeprecationWarning` naming the replacement (constants when they are
read or imported, functions when they are called).  The functions are thin
layers over this library's own core (:func:`~flask_cors.options.resolve_options`,
:mod:`flask_cors.origins`, :mod:`flask_cors.resources` and
:meth:`~flask_cors.policy.Policy.decide`), so they answer exactly as the
extension does, and never allow an origin its policy refuses.  Where this
library reads a value differently from flask-cors 6 (see "Coming from
flask-cors 6" in the docs), they follow this library; each docstring says
where that shows.

- the ``ACL_*`` constants are header names; write the name itself;
- ``ALL_METHODS`` is :data:`flask_cors.options.DEFAULT_METHODS`,
  ``CONFIG_OPTIONS`` the keys of :data:`flask_cors.options.CONFIG_KEYS`,
  ``DEFAULT_OPTIONS`` the defaults (``send_wildcard`` is True here);
- ``LOG`` is the ``flask_cors`` logger, ``RegexObject`` is :class:`re.Pattern`;
- options objects (``get_cors_options``, ``serialize_options``) are
  :class:`~flask_cors.options.Options`; the functions that take one also
  take a plain dict of options.

Importing this module warns about nothing; nothing in the extension imports it.
"""

from __future__ import annotations

import copy
import functools
import logging
import re
import warnings
import weakref
from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import timedelta
from re import Pattern
from typing import Any, TypedDict, Union, cast

from flask import current_app, has_app_context, request
from werkzeug.datastructures import MultiDict

from . import callsite
from ._patterns import anchored_at_end
from .errors import CORSConfigError
from .finishing import apply_policy
from .options import (
    ALIASES,
    CONFIG_KEYS,
    DEFAULT_METHODS,
    OPTION_SPECS,
    Options,
    _as_list,
    config_layer,
    resolve_options,
)
from .origins import OriginSpec, compile_origins
from .policy import ALLOW_ORIGIN, Policy
from .resources import Notes, _compile, _show
from .resources import parse_resources as _parse_resources

__all__: list[str] = []  # nothing here is meant for new code

_ResourcePattern = Union[str, Pattern[str]]


class _CrossOriginOptionsInput(TypedDict, total=False):
    """The keyword options of :func:`~flask_cors.cross_origin`, as flask-cors 6 typed them."""

    origins: OriginSpec | Iterable[OriginSpec]
    methods: str | Iterable[str]
    expose_headers: str | Iterable[str] | None
    allow_headers: _ResourcePattern | Iterable[_ResourcePattern]
    supports_credentials: bool
    max_age: timedelta | int | float | str | None
    send_wildcard: bool
    vary_header: bool
    automatic_options: bool
    always_send: bool
    allow_private_network: bool
    intercept_exceptions: bool
    debug_header: bool | None
    cross_origin_protection: bool


class _CorsOptionsInput(_CrossOriginOptionsInput, total=False):
    """The keyword options of :class:`~flask_cors.CORS`: the decorator's and ``resources``."""

    resources: Any


# Every option's default, ``resources`` too, as flask-cors 6 listed them
# (``methods`` a list).  Copy before use.
_DEFAULT_OPTIONS: dict[str, Any] = {
    **{spec.name: spec.default for spec in OPTION_SPECS},
    "methods": list(DEFAULT_METHODS),
}
# The attribute by which a flask-cors 6 response said "CORS headers are set".
_EVALUATED = "_FLASK_CORS_EVALUATED"
_TYPES = "a type of your own, such as "
# Name -> (value, what to use instead).  Lists and dicts are copied on each use.
_DEPRECATED: dict[str, tuple[Any, str]] = {
    f"ACL_{suffix}": (header, f"the header name {header!r}")
    for suffix, header in (
        ("ORIGIN", "Access-Control-Allow-Origin"),
        ("METHODS", "Access-Control-Allow-Methods"),
        ("ALLOW_HEADERS", "Access-Control-Allow-Headers"),
        ("EXPOSE_HEADERS", "Access-Control-Expose-Headers"),
        ("CREDENTIALS", "Access-Control-Allow-Credentials"),
        ("MAX_AGE", "Access-Control-Max-Age"),
        ("RESPONSE_PRIVATE_NETWORK", "Access-Control-Allow-Private-Network"),
        ("REQUEST_METHOD", "Access-Control-Request-Method"),
        ("REQUEST_HEADERS", "Access-Control-Request-Headers"),
        ("REQUEST_HEADER_PRIVATE_NETWORK", "Access-Control-Request-Private-Network"),
    )
}
_DEPRECATED.update(
    {
        "ALL_METHODS": (list(DEFAULT_METHODS), "flask_cors.options.DEFAULT_METHODS"),
        "CONFIG_OPTIONS": (list(CONFIG_KEYS), "flask_cors.options.CONFIG_KEYS"),
        "DEFAULT_OPTIONS": (
            _DEFAULT_OPTIONS,
            "flask_cors.options.resolve_options() (the validated defaults)",
        ),
        "FLASK_CORS_EVALUATED": (
            _EVALUATED,
            "nothing: flask_cors adds CORS headers to a response once, whoever asks",
        ),
        "LOG": (logging.getLogger("flask_cors"), "logging.getLogger('flask_cors')"),
        "RegexObject": (re.Pattern, "re.Pattern"),
        "ResourcePattern": (_ResourcePattern, _TYPES + "str | re.Pattern[str]"),
        "ResourceSpec": (
            Union[str, Pattern[str], list[_ResourcePattern], dict[_ResourcePattern, Any]],
            _TYPES + "str | list[str] | dict[str, dict[str, Any]]",
        ),
        "OriginsInput": (
            Union[OriginSpec, Iterable[OriginSpec]],
            _TYPES + "str | Iterable[str | re.Pattern[str]]",
        ),
        "HeadersInput": (
            Union[_ResourcePattern, Iterable[_ResourcePattern]],
            _TYPES + "str | Iterable[str | re.Pattern[str]]",
        ),
        "MethodsInput": (Union[str, Iterable[str]], _TYPES + "str | Iterable[str]"),
        "ExposeHeadersInput": (
            Union[str, Iterable[str], None],
            _TYPES + "str | Iterable[str] | None",
        ),
        "MaxAgeInput": (
            Union[timedelta, int, float, str, None],
            _TYPES + "int | datetime.timedelta | None",
        ),
        "CrossOriginOptionsInput": (
            _CrossOriginOptionsInput,
            "Mapping[str, Any]: the options are listed in the documentation",
        ),
        "CorsOptionsInput": (
            _CorsOptionsInput,
            "Mapping[str, Any]: the options are listed in the documentation",
        ),
    }
)


def _warn(name: str, replacement: str) -> None:
    warnings.warn(
        f"flask_cors.core.{name} is deprecated (a flask-cors 6 internal); use {replacement}.",
        DeprecationWarning,
        stacklevel=3,
    )


def __getattr__(name: str) -> Any:
    """The deprecated constants, each use with its warning."""
    try:
        value, replacement = _DEPRECATED[name]
    except KeyError:
        raise AttributeError(f"module 'flask_cors.core' has no attribute {name!r}") from None
    _warn(name, replacement)
    return copy.deepcopy(value) if isinstance(value, (list, dict)) else value


def __dir__() -> list[str]:
    return sorted([*globals(), *_DEPRECATED])


_OptionsLike = Union[Options, Mapping[str, Any]]


def _options(options: _OptionsLike, where: str) -> Options:
    """``options`` validated: an :class:`Options` as it is, a dict of options resolved."""
    if isinstance(options, Options):
        return options
    return resolve_options(options, where=where, warn=callsite.warn)


# Policies compiled for the options passed in, kept while those options live.
_POLICIES: weakref.WeakKeyDictionary[Options, Policy] = weakref.WeakKeyDictionary()


def _policy(options: _OptionsLike, where: str) -> Policy:
    resolved = _options(options, where)
    try:
        policy = _POLICIES.get(resolved)
    except TypeError:  # an unhashable origin check: compiled afresh every time
        return Policy(resolved, source=where)
    if policy is None:
        policy = _POLICIES[resolved] = Policy(resolved, source=where)
    return policy


def _app_config(app: Any) -> Mapping[str, Any] | None:
    """The config of ``app``, of the current app when None (if there is one)."""
    if app is None:
        app = current_app if has_app_context() else None
    config = getattr(app, "config", None)
    return config if isinstance(config, Mapping) else None


def get_app_kwarg_dict(appInstance: Any = None) -> dict[str, Any]:  # 6.0.5's name
    """Deprecated: the options ``appInstance``'s ``CORS_*`` config sets.

    Read as the extension reads them (:func:`flask_cors.options.config_layer`):
    ``CORS_HEADERS`` sets ``allow_headers``, a key set to None is left out,
    and an unknown ``CORS_*`` key gives a :class:`~flask_cors.CORSConfigWarning`.

    :param appInstance: a Flask app or blueprint (which has no config); None
        for the current app, or no config outside an app context (flask-cors 6
        raised ``RuntimeError`` there).
    """
    _warn("get_app_kwarg_dict", "flask_cors.options.config_layer(app.config)")
    config = _app_config(appInstance)
    layer = config_layer(config, callsite.warn) if config is not None else {}
    return {name: value for name, value in layer.items() if value is not None}


def merge_options(appInstance: Any, *dicts: Mapping[str, Any]) -> dict[str, Any]:
    """Deprecated: the defaults, ``appInstance``'s ``CORS_*`` config and ``dicts``, merged.

    Later values win; an alias (``headers``) sets the option it stands for.
    Nothing is validated: :func:`get_cors_options` does that.  The defaults
    are this library's (``send_wildcard`` is True).
    """
    _warn("merge_options", "flask_cors.options.resolve_options")
    config = _app_config(appInstance)
    merged: dict[str, Any] = copy.deepcopy(_DEFAULT_OPTIONS)
    merged.update(config_layer(config, callsite.warn) if config is not None else {})
    for given in dicts:
        merged.update({ALIASES.get(name, name): value for name, value in given.items()})
    return merged


def get_cors_options(appInstance: Any, *dicts: Mapping[str, Any]) -> Options:
    """Deprecated: the validated options of ``appInstance``'s ``CORS_*`` config and ``dicts``.

    :param appInstance: a Flask app (its ``config`` is read); None for the
        current app, or only the defaults outside an app context.
    :param dicts: option dicts, later ones winning.
    :raises flask_cors.CORSConfigError: for a value that cannot work.
    """
    _warn(
        "get_cors_options",
        "CORS(app, ...) or @cross_origin(...), or flask_cors.options.resolve_options",
    )
    config = _app_config(appInstance)
    layers = [config_layer(config, callsite.warn)] if config is not None else []
    return resolve_options(*layers, *dicts, where="get_cors_options(...)", warn=callsite.warn)


def serialize_options(opts: Mapping[str, Any]) -> Options:
    """Deprecated: the options dict ``opts`` merged over the defaults and validated.

    Returns an :class:`~flask_cors.options.Options`, as :func:`get_cors_options`
    does (flask-cors 6 returned its own options object, without filling in
    the defaults).  ``resources`` is ignored.

    :raises flask_cors.CORSConfigError: for a value that cannot work.
    """
    _warn("serialize_options", "flask_cors.options.resolve_options")
    return resolve_options(opts, where="serialize_options(...)", warn=callsite.warn)


def get_cors_origins(options: _OptionsLike, request_origin: str | None) -> list[str] | None:
    """Deprecated: the ``Access-Control-Allow-Origin`` value for ``request_origin``, in a list.

    ``["*"]``, ``[request_origin]``, or None when the policy sends none.
    Without an Origin, only ``["*"]`` (with ``always_send``, to everyone),
    never the listed origins as flask-cors 6 sent them.

    :param options: from :func:`get_cors_options`, or a dict of options.
    """
    _warn("get_cors_origins", "flask_cors.policy.Policy(options).decide(origin)")
    decision = _policy(options, "get_cors_origins(...)").decide(request_origin)
    values = [value for name, value in decision.headers if name == ALLOW_ORIGIN]
    return values or None


def get_allow_headers(options: _OptionsLike, acl_request_headers: str | None) -> str | None:
    """Deprecated: the allowed ones of a preflight's ``Access-Control-Request-Headers``.

    Joined by ``", "`` in the order requested (flask-cors 6 sorted them);
    ``""`` when none is allowed, None when ``acl_request_headers`` is empty.

    :param options: from :func:`get_cors_options`, or a dict of options.
    """
    _warn(
        "get_allow_headers",
        "flask_cors.policy.Policy(options).decide(origin, method, request_headers)",
    )
    if not acl_request_headers:
        return None
    policy = _policy(options, "get_allow_headers(...)")
    return policy._allowed_headers(acl_request_headers)[0]


def get_cors_headers(
    options: _OptionsLike, request_headers: Mapping[str, str], request_method: str
) -> MultiDict[str, str]:
    """Deprecated: the CORS headers for one request, decided by this library's policy.

    :param options: from :func:`get_cors_options`, or a dict of options.
    :param request_headers: the request's headers (``request.headers``).
    :param request_method: the request's method; ``OPTIONS`` with an
        ``Access-Control-Request-Method`` header is a preflight.
    """
    _warn("get_cors_headers", "flask_cors.policy.Policy(options).decide(origin, ...)")
    policy = _policy(options, "get_cors_headers(...)")
    origin = request_headers.get("Origin")
    requested_method = request_headers.get("Access-Control-Request-Method")
    if request_method.upper() == "OPTIONS" and requested_method is not None:
        private_network = request_headers.get("Access-Control-Request-Private-Network", "")
        decision = policy.decide(
            origin,
            requested_method,
            request_headers.get("Access-Control-Request-Headers"),
            private_network.lower() == "true",
        )
    else:
        decision = policy.decide(origin)
    headers: MultiDict[str, str] = MultiDict(decision.headers)
    if decision.vary:
        headers.add("Vary", "Origin")
    return headers


def set_cors_headers(resp: Any, options: _OptionsLike) -> Any:
    """Deprecated: add the CORS headers for the current request to ``resp``, and return it.

    As the extension adds them (within a request context): once per
    response, ``Vary: Origin`` merged in, a header the view set kept, and
    a preflight offered the methods its URL accepts.  A response with the
    ``_FLASK_CORS_EVALUATED`` attribute is left alone, as in flask-cors 6.

    :param options: from :func:`get_cors_options`, or a dict of options.
    """
    _warn("set_cors_headers", "CORS(app, ...) or @cross_origin(...)")
    if hasattr(resp, _EVALUATED):
        return resp
    policy = _policy(options, "set_cors_headers(...)")
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    apply_policy(policy, app, request._get_current_object(), resp)  # type: ignore[attr-defined]
    return resp


def _origin_policy(patterns: Any) -> Policy:
    """A policy that reflects exactly the origins ``patterns`` (an ``origins`` value) allows."""
    key = patterns if isinstance(patterns, (str, re.Pattern)) else tuple(patterns)
    try:
        return _cached_origin_policy(key)
    except TypeError:  # unhashable
        return _reflecting_policy(key)


def _reflecting_policy(origins: Any) -> Policy:
    """A policy with these origins that echoes the origin; read without set-up warnings."""
    items = tuple(_as_list("origins", origins))
    options = replace(_echoing_defaults(), origins=items, origin_rules=compile_origins(items))
    return Policy(options, source="flask_cors.core")


@functools.lru_cache(maxsize=1)
def _echoing_defaults() -> Options:
    return resolve_options({"send_wildcard": False}, where="flask_cors.core")


_cached_origin_policy = functools.lru_cache(maxsize=64)(_reflecting_policy)


def _origin_matches(origin: Any, patterns: Any) -> bool:
    return isinstance(origin, str) and _origin_policy(patterns).decide(origin).allowed


def try_match_any_pattern(
    inst: str,
    patterns: Iterable[_ResourcePattern],
    caseSensitive: bool = True,  # 6.0.5's name
) -> bool:
    """Deprecated: whether the origins option ``patterns`` allows the origin ``inst``.

    Answered by this library's origin matching, as a policy with these
    origins that echoes the origin would: an exact origin compared in the
    form browsers send it (case-insensitively, whatever ``caseSensitive``
    says: scheme and host are case-insensitive), ``https://*.example.com`` a
    subdomain wildcard, a regex matched against the whole origin, ``*`` any
    origin, ``null`` only when listed, and a value that is not an origin a
    browser sends never.

    :raises flask_cors.CORSConfigError: for a regex that does not compile.
    """
    _warn("try_match_any_pattern", "flask_cors.policy.Policy(options).origin_allowed(origin)")
    return _origin_matches(inst, patterns)


def try_match_pattern(
    value: Any,
    pattern: _ResourcePattern,
    caseSensitive: bool = True,  # 6.0.5's name
) -> bool:
    """Deprecated: whether the one origin pattern ``pattern`` allows the origin ``value``.

    As :func:`try_match_any_pattern` with one pattern.
    """
    _warn("try_match_pattern", "flask_cors.policy.Policy(options).origin_allowed(origin)")
    return _origin_matches(value, [pattern])


def probably_regex(maybe_regex: _ResourcePattern) -> bool:
    """Deprecated: whether the origin ``maybe_regex`` is a pattern rather than one exact origin.

    As this library reads the ``origins`` option: True for a compiled regex,
    ``*``, a wildcard (``https://*.example.com``) and a value with regex
    syntax (``|`` and ``+`` too, which flask-cors 6 did not count), False
    for an exact origin.
    """
    _warn("probably_regex", "isinstance(value, re.Pattern) or a value with '*'")
    if isinstance(maybe_regex, re.Pattern):
        return True
    if not isinstance(maybe_regex, str):
        raise TypeError(f"expected a str or a compiled regex, got {maybe_regex!r}")
    try:
        rules = compile_origins((maybe_regex,))
    except CORSConfigError:  # a regex that does not compile is still a regex
        return True
    return not rules.exact


def re_fix(reg: _ResourcePattern) -> _ResourcePattern:
    """Deprecated: ``".*"`` for ``"*"``, anything else as it is.

    Needed nowhere: ``"*"`` means any origin, or every path, as it is.
    """
    _warn("re_fix", "'*' as it is")
    return r".*" if reg == r"*" else reg


def get_regexp_pattern(regexp: _ResourcePattern) -> str:
    """Deprecated: the source of a compiled regex, or ``str(regexp)``."""
    _warn("get_regexp_pattern", "pattern.pattern")
    return regexp.pattern if isinstance(regexp, re.Pattern) else str(regexp)


def parse_resources(
    resources: Any,
) -> list[tuple[_ResourcePattern, Mapping[str, Any] | bool]]:
    """Deprecated: the ``resources`` option as (pattern, options) pairs, most specific first.

    In the order the extension tries them (its precedence, not flask-cors
    6's).  A literal path comes back as the path; any other pattern as the
    compiled regex the extension matches with, anchored at the end, so that
    ``regex.match(path)`` answers as the extension does (``"/api/*"``
    covers ``/api`` and ``/api/x``, not ``/apiary``).  The options are the
    dict given (``{}`` for patterns given without one), or False for
    ``resources={pattern: False}``.

    :raises flask_cors.CORSConfigError: for a value the extension refuses.
    """
    _warn("parse_resources", "CORS(app, resources=...); flask cors routes lists the result")
    where = "parse_resources(...)"
    notes = Notes(callsite.warn)
    ranked = []
    for pattern, options in _parse_resources(resources, notes, where):
        regex, rank, plain = _compile(pattern, f"{where} resources[{_show(pattern)}]", notes)
        key: _ResourcePattern = cast(str, plain) if regex is None else anchored_at_end(regex)
        ranked.append((rank, key, options))
    ranked.sort(key=lambda entry: entry[0])
    return [(key, options) for _, key, options in ranked]


def flexible_str(obj: Any) -> str | None:
    """Deprecated: None; an iterable (not a str) sorted and joined by ``", "``; else ``str``."""
    _warn("flexible_str", "', '.join(sorted(values))")
    if obj is None:
        return None
    if not isinstance(obj, str) and isinstance(obj, Iterable):
        return ", ".join(str(item) for item in sorted(obj))
    return str(obj)


def ensure_iterable(inst: Any) -> Iterable[Any]:
    """Deprecated: a str or a value that is not iterable in a list; an iterable as it is."""
    _warn("ensure_iterable", "[value] if isinstance(value, str) else value")
    if isinstance(inst, str) or not isinstance(inst, Iterable):
        return [inst]
    return inst


def sanitize_regex_param(param: Any) -> list[Any]:
    """Deprecated: an ``origins`` or ``allow_headers`` value as a list, ``"*"`` as ``".*"``.

    Split as the extension splits such a value: a comma-separated string is
    several items (flask-cors 6 kept it as one), a JSON array string is that
    list.  Bytes raise :class:`~flask_cors.CORSConfigError` (flask-cors 6 made
    them a list of numbers, which matches nothing).
    """
    _warn("sanitize_regex_param", "a list of origins or header names")
    return [r".*" if item == "*" else item for item in _as_list("origins", param)]
