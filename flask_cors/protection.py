"""Write protection (``cross_origin_protection``): which policy screens a
cross-origin write, whether that policy lets it through
(:func:`decide_write`, in the same words when explained), and the 403 that
refuses one.

A request with a method outside ``SAFE_METHODS`` that a browser sent (it
has ``Origin`` or ``Sec-Fetch-Site``) is screened by the policy covering its
URL when that policy has ``cross_origin_protection``; so is a write to a
route that no resource covers, when the whole app or blueprint asked for
protection (its *guard*: no origin is allowed there).  A ``cross_origin``
view's options replace its resource's, but not the protection its resource
or scope asked for (unless the view turns it off by name).

The screening runs where the extension decides before dispatch (see
:mod:`flask_cors.edge`, which also refuses a write whose screening failed:
never open) and, for apps with decorators only, in the view's wrapper.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from flask import Flask, Request, Response

from ._reasons import Reasons
from .finishing import (
    DEBUG,
    DEBUG_HEADER,
    EXPLAIN,
    debug_header_on,
    explain,
    leave_alone,
    send_safely,
    summary,
)
from .options import as_boolean, resolve_options
from .origins import same_origin_as_host, valid_origin
from .policy import SAFE_METHODS, Decision, Policy
from .signals import cors_refused
from .views import view_mark

if TYPE_CHECKING:
    from _typeshed.wsgi import WSGIEnvironment

    from .resources import ResourceMap
    from .scopes import Installation, Lookup

__all__ = ["WriteProtection", "decide_write", "refuse_write", "write_guard"]

logger = logging.getLogger("flask_cors")


def decide_write(
    policy: Policy,
    origin: str | None,
    fetch_site: str | None,
    host: str | None,
    *,
    explain: bool = False,
) -> Decision:
    """Whether ``policy`` lets a request with an unsafe method reach the app.

    Asked only for methods outside :data:`~flask_cors.policy.SAFE_METHODS`,
    under a policy with ``cross_origin_protection``.  The origin is judged by
    the same rules as :meth:`~flask_cors.policy.Policy.decide`.

    :param origin: the request's ``Origin`` header, or None.
    :param fetch_site: its ``Sec-Fetch-Site`` header, or None (browsers
        before 2023, and clients that are not browsers).
    :param host: its ``Host`` header, compared with ``origin`` when there is
        no ``Sec-Fetch-Site``.
    :param explain: also give the reasons in words.
    """
    # The step that decides names the answer and, explained, the words.
    site = fetch_site.strip().lower() if fetch_site is not None else None
    if site in ("same-origin", "none"):
        step = "fetch-site"
    elif site is None and origin is None:
        step = "not-a-browser"
    elif site is None and origin is not None and same_origin_as_host(origin, host):
        step = "host"
    elif origin is None:
        step = "no-origin"
    elif valid_origin(origin) and policy.origin_matcher.rule_for(origin) is not None:
        step = "allowed"
    else:
        step = "refused"
    if not explain:
        return _WRITE_DECISIONS[step]
    reasons = policy.new_reasons()
    _write_reasons(reasons, step, origin, site, host)
    return _WRITE_DECISIONS[step]._replace(explanation=tuple(reasons.words))


#: The answers to a write, by the step of :func:`decide_write` that decided.
_WRITE_DECISIONS = {
    step: Decision((), False, code != "cross-origin-write", code)
    for step, code in (
        ("fetch-site", "same-origin"),
        ("not-a-browser", "not-a-browser"),
        ("host", "same-origin"),
        ("no-origin", "cross-origin-write"),
        ("allowed", "allowed"),
        ("refused", "cross-origin-write"),
    )
}


def _write_reasons(
    reasons: Reasons, step: str, origin: str | None, site: str | None, host: str | None
) -> None:
    """Records why a write was let through or refused; ``step`` is the one
    of :func:`decide_write` that decided."""
    # Reasons are logged: a value that is not an origin is quoted, so that
    # it cannot forge a log line.
    shown, site, host = _loggable(origin), _loggable(site), _loggable(host)
    if step == "fetch-site":
        why = f"Sec-Fetch-Site: {site}: the browser says it is not cross-site"
    elif step == "not-a-browser":
        why = "neither Origin nor Sec-Fetch-Site: not sent by a browser"
    elif step == "host":
        why = f"origin {shown} is the Host the request was sent to"
    elif step == "allowed":
        why = f"origin {shown} is allowed by origins"
    else:
        reasons.words.append(
            "refused before reaching the app: cross_origin_protection is on"
            f"{reasons.set_by('cross_origin_protection')}"
        )
        if step == "no-origin":
            why = f"Sec-Fetch-Site: {site}, and no Origin to check"
        else:
            cross = f"Sec-Fetch-Site: {site}" if site else f"not the Host ({host})"
            why = reasons.not_allowed(f"{shown} ({cross})")
    reasons.words.append(why)


def _loggable(value: str | None) -> str | None:
    """``value`` as it is if printable, else quoted with escapes (``%r``)."""
    return value if value is None or value.isprintable() else repr(value)


def refuse_write(policy: Policy, app: Flask, req: Request) -> Response | None:
    """The 403 for a cross-origin write that ``policy`` refuses, or None to let it through.

    For requests with a method outside ``SAFE_METHODS``, under a policy with
    ``cross_origin_protection``.  The refusal is logged at debug level,
    explained to ``flask cors check`` and sent to ``cors_refused`` receivers.
    """
    environ = req.environ
    origin = environ.get("HTTP_ORIGIN")
    fetch_site = environ.get("HTTP_SEC_FETCH_SITE")
    host = environ.get("HTTP_HOST")
    # Explained at once when someone listens: the origin is judged once.
    decision = decide_write(
        policy, origin, fetch_site, host, explain=EXPLAIN in environ or logger.isEnabledFor(DEBUG)
    )
    if decision.allowed:
        return None
    method = req.method  # as the view would see it (a request class may override it)
    body = f"Cross-origin request refused: {origin or 'this page'} may not send {method} here.\n"
    response: Response = app.response_class(body, status=403, mimetype="text/plain")
    response.headers["X-Content-Type-Options"] = "nosniff"  # the body quotes the request
    leave_alone(response)  # no CORS headers: the page's origin is not allowed
    if debug_header_on(policy, app):
        response.set_data(f"{body}reason: {decision.code}\n")
        response.headers[DEBUG_HEADER] = summary(decision)
    if origin is not None and cors_refused.receivers:
        send_safely(cors_refused, app, origin, req.path, decision)
    if decision.explanation:  # explained, for a listener
        explain(req, method, decision)
    return response


def unsafe_from_browser(environ: WSGIEnvironment) -> bool:
    """Whether a request has an unsafe method and a browser's Origin or Sec-Fetch-Site."""
    if str(environ.get("REQUEST_METHOD", "")).upper() in SAFE_METHODS:
        return False
    return "HTTP_ORIGIN" in environ or "HTTP_SEC_FETCH_SITE" in environ


def unscreened(environ: WSGIEnvironment) -> Response:
    """The 403 for a write that could not be screened: failing closed, never open.

    Flask's base response class, not the app's ``response_class``, which may be
    what failed.
    """
    body = "Cross-origin request refused: it could not be checked.\n"
    response = Response(body, status=403, mimetype="text/plain")
    response.headers["X-Content-Type-Options"] = "nosniff"
    leave_alone(response)
    return response


def write_guard(layers: Iterable[Mapping[str, Any]], where: str) -> Policy | None:
    """The policy screening writes to routes that no resource covers, if
    ``cross_origin_protection`` is set for the whole app or blueprint
    (a keyword argument, or ``CORS_CROSS_ORIGIN_PROTECTION``): no origin is
    allowed there, so only same-origin (and non-browser) writes pass."""
    setting: Any = False
    for layer in layers:
        setting = layer.get("cross_origin_protection", setting)
    if not as_boolean("cross_origin_protection", setting):
        return None
    options = resolve_options({"origins": [], "cross_origin_protection": True}, where=where)
    return Policy(options, f"{where} cross_origin_protection (no resource covers this route)")


class WriteProtection:
    """The write screening of one app with the extension: which policy
    screens a write, and whether any policy of the app may screen at all.

    :param setup: the app's :class:`~flask_cors.scopes.Installation`, which
        says which policy answers a request.
    """

    def __init__(self, setup: Installation) -> None:
        self.setup = setup
        self._policy_for = setup.policy_for
        #: id(ResourceMap) -> the guard of its scope (see :func:`write_guard`).
        self.guards: dict[int, Policy] = {}
        # A cross_origin view's policy -> the same with cross_origin_protection,
        # for views whose resource or scope protects writes.
        self._protecting_views: dict[Policy, Policy] = {}
        #: Whether any policy of the app may have cross_origin_protection:
        #: None until the first request with an unsafe method asks.
        self.protecting: bool | None = None

    def add_guard(self, resources: ResourceMap, guard: Policy | None) -> None:
        """Note a new scope (and its guard, if any): the answers found so far may change."""
        if guard is not None:
            self.guards[id(resources)] = guard
        self._protecting_views.clear()
        self.protecting = None

    def policy_for(self, endpoint: str | None, path: str) -> Policy | None:
        """The policy that screens an unsafe request to ``path`` routed to ``endpoint``.

        The CORS policy of the path; where none covers it, the guard of the
        innermost scope that has ``cross_origin_protection`` for all its routes.
        """
        setup = self.setup
        policy = setup.policy_for(endpoint, path)
        if policy is not None and policy.options.cross_origin_protection:
            return policy
        resolver, lookups = setup.lookup(endpoint)
        if resolver is not None and policy is not None:
            covering = self._resource_policy(endpoint, path, lookups)
            if (
                covering is None
                or not covering.options.cross_origin_protection
                or policy.options.sources.get("cross_origin_protection", "").startswith(
                    "@cross_origin"
                )
            ):
                return policy
            protecting = self._protecting_views.get(policy)
            if protecting is None:
                options = dataclasses.replace(policy.options, cross_origin_protection=True)
                protecting = Policy(options, f"{policy.source} ({covering.source})")
                self._protecting_views[policy] = protecting
            return protecting
        if policy is not None:
            return policy
        return self._resource_policy(endpoint, path, lookups)

    def _resource_policy(
        self, endpoint: str | None, path: str, lookups: tuple[Lookup, ...]
    ) -> Policy | None:
        """The resource policy (else the scope's guard) that screens writes to
        ``path``, as if ``endpoint``'s view had no ``cross_origin``."""
        for resources in lookups:
            policy = resources.every_path or resources.match(path)
            if policy is not None:
                return policy
        if not self.guards:
            return None
        for resources in self.setup.covering(endpoint)[1]:
            guard = self.guards.get(id(resources))
            if guard is not None:
                return guard
        return None

    def may_protect(self) -> bool:
        """Whether some policy of the app may have ``cross_origin_protection``."""
        app = self.setup.app
        if self.guards or as_boolean(
            "CORS_CROSS_ORIGIN_PROTECTION",
            app.config.get("CORS_CROSS_ORIGIN_PROTECTION", False),
        ):
            return True
        if any(
            policy.options.cross_origin_protection
            for _, resources in self.setup.scopes
            for policy in resources.policies
        ):
            return True
        return any(view_mark(view).protects for view in app.view_functions.values())

    def active(self) -> bool:
        """Whether any write of the app may be screened (asked once, then kept
        until a scope is added)."""
        if self.protecting is None:
            self.protecting = self.may_protect()
        return self.protecting

    def screening_policy(self, endpoint: str | None, path: str) -> Policy | None:
        """The policy with ``cross_origin_protection`` that screens an unsafe
        request to ``path`` routed to ``endpoint``, or None: not screened."""
        policy = self._policy_for(endpoint, path)
        if policy is None or not policy.options.cross_origin_protection:
            # A guard, or a decorated view's resource, may still protect it.
            policy = self.policy_for(endpoint, path)
            if policy is None or not policy.options.cross_origin_protection:
                return None
        return policy
