"""Deprecated: the names that code written for flask-cors 6 imports from ``flask_cors.core``.

Kept so that such code keeps running while it moves to the public API; every
use emits a :class:`DeprecationWarning` naming the replacement.  The functions
are thin layers over this library's own core (:func:`~flask_cors.options.resolve_options`
and :meth:`~flask_cors.policy.Policy.decide`), so they answer exactly as the
extension does:

- the ``ACL_*`` constants are header names; write the name itself;
- ``ALL_METHODS`` is :data:`flask_cors.options.DEFAULT_METHODS`;
- ``get_cors_options(app, *dicts)`` merges the app's ``CORS_*`` config and the
  dicts over the defaults, validates them, and returns an
  :class:`~flask_cors.options.Options`;
- ``get_cors_headers(options, request_headers, request_method)`` returns the
  CORS headers for one request (``Vary: Origin`` included when the answer
  depends on the origin) as a :class:`~werkzeug.datastructures.MultiDict`.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from typing import Any

from werkzeug.datastructures import MultiDict

from .options import DEFAULT_METHODS, Options, config_layer, resolve_options
from .policy import Policy

__all__: list[str] = []  # nothing here is meant for new code

# Name -> (value, what to use instead).
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
_DEPRECATED["ALL_METHODS"] = (list(DEFAULT_METHODS), "flask_cors.options.DEFAULT_METHODS")


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
    return list(value) if isinstance(value, list) else value


def __dir__() -> list[str]:
    return sorted([*globals(), *_DEPRECATED])


def get_cors_options(app: Any, *dicts: Mapping[str, Any]) -> Options:
    """Deprecated: the validated options of ``app``'s ``CORS_*`` config and ``dicts``.

    :param app: a Flask app (its ``config`` is read) or None.
    :param dicts: option dicts, later ones winning.
    :raises flask_cors.CORSConfigError: for a value that cannot work.
    """
    _warn(
        "get_cors_options",
        "CORS(app, ...) or @cross_origin(...), or flask_cors.options.resolve_options",
    )
    config = getattr(app, "config", None)
    layers = [config_layer(config)] if isinstance(config, Mapping) else []
    return resolve_options(*layers, *dicts, where="get_cors_options(...)")


def get_cors_headers(
    options: Options, request_headers: Mapping[str, str], request_method: str
) -> MultiDict[str, str]:
    """Deprecated: the CORS headers for one request, decided by this library's policy.

    :param options: from :func:`get_cors_options`.
    :param request_headers: the request's headers (``request.headers``).
    :param request_method: the request's method; ``OPTIONS`` with an
        ``Access-Control-Request-Method`` header is a preflight.
    """
    _warn("get_cors_headers", "flask_cors.policy.Policy(options).decide(origin, ...)")
    policy = Policy(options, source="get_cors_headers(...)")
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
