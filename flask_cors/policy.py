"""Compiled CORS policies and the one decision function.

A :class:`Policy` is built once from validated :class:`~flask_cors.options.Options`:
origin rules are compiled into one exact-match set and one combined regular
expression, and every header value that does not depend on the request is
computed up front.  :meth:`Policy.decide` is then a handful of lookups per
request.  It serves the extension, the decorator and anything that explains a
decision; there is no second copy of the rules.

This module imports the standard library only.
"""

from __future__ import annotations

import inspect
import logging
import re
from collections.abc import Collection
from concurrent.futures import Future
from typing import (
    Any,
    NamedTuple,
)

from ._patterns import Memo, combine_patterns, memo_set
from .options import TOKEN_RE, Options
from .origins import same_origin_as_host, valid_origin

__all__ = ["SAFE_METHODS", "Decision", "Policy"]

logger = logging.getLogger("flask_cors")

ALLOW_ORIGIN = "Access-Control-Allow-Origin"
ALLOW_CREDENTIALS = "Access-Control-Allow-Credentials"
ALLOW_METHODS = "Access-Control-Allow-Methods"
ALLOW_HEADERS = "Access-Control-Allow-Headers"
EXPOSE_HEADERS = "Access-Control-Expose-Headers"
MAX_AGE = "Access-Control-Max-Age"
ALLOW_PRIVATE_NETWORK = "Access-Control-Allow-Private-Network"

Header = tuple[str, str]

# Browsers never check Access-Control-Allow-Methods for these (Fetch standard).
_SAFELISTED_METHODS = frozenset({"GET", "HEAD", "POST"})
#: Methods that must not change anything on the server (RFC 9110, section
#: 9.2.1); ``cross_origin_protection`` never refuses them.
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class Decision(NamedTuple):
    """What a policy answers to one request.

    :param headers: the CORS headers to set, in order.
    :param vary: whether ``Vary: Origin`` must be added, because the answer
        depends on the request's ``Origin``.
    :param allowed: whether the browser will let the page proceed.
    :param code: a short code saying why (``allowed``, ``no-origin``,
        ``invalid-origin``, ``origin-not-allowed``, ``method-not-allowed``,
        ``headers-not-allowed``; for :meth:`Policy.decide_write`,
        ``same-origin``, ``not-a-browser`` and ``cross-origin-write``).
    :param explanation: the reasons in plain words; only filled in when
        :meth:`Policy.decide` is asked to ``explain``.
    """

    headers: tuple[Header, ...]
    vary: bool
    allowed: bool
    code: str
    explanation: tuple[str, ...] = ()


class Policy:
    """A compiled, immutable CORS policy.

    :param options: validated options, from
        :func:`~flask_cors.options.resolve_options`.
    :param source: where this policy comes from (a resource pattern, a view),
        for logs and explanations.
    """

    __slots__ = (
        "options",
        "source",
        "needs_context",
        "_exact",
        "_verbatim",
        "_regexes",
        "_checks",
        "_null_allowed",
        "_any_origin",
        "_constant",
        "_vary",
        "_star_headers",
        "_actual_tail",
        "_preflight_tail",
        "_header_names",
        "_header_regexes",
        "_any_header",
        "_memo",
    )

    def __init__(self, options: Options, source: str = "") -> None:
        self.options = options
        self.source = source
        rules = options.origin_rules
        self._exact = rules.exact
        self._regexes = tuple(combine_patterns(rules.patterns))
        self._checks = rules.checks
        #: Whether deciding may call the app's own code (a callable in
        #: ``origins``), which needs Flask's application and request context.
        self.needs_context = bool(rules.checks)
        self._null_allowed = "null" in rules.exact
        # Listed values no browser sends ("www.example.com"): matched, as
        # flask-cors 6 matched them, when a request sends exactly that text.
        self._verbatim = frozenset(o for o in rules.exact if not valid_origin(o))
        self._any_origin = rules.any_origin
        # "*" for everyone: the answer never depends on the request's Origin.
        star = rules.any_origin and options.send_wildcard and not options.supports_credentials
        self._constant = star and options.always_send
        self._vary = options.vary_header and not self._constant

        credentials: tuple[Header, ...] = (
            ((ALLOW_CREDENTIALS, "true"),) if options.supports_credentials else ()
        )
        expose: tuple[Header, ...] = (
            ((EXPOSE_HEADERS, ", ".join(options.expose_headers)),) if options.expose_headers else ()
        )
        self._actual_tail = credentials + expose
        preflight_tail = credentials
        if options.max_age is not None:
            preflight_tail += ((MAX_AGE, str(options.max_age)),)
        self._preflight_tail = preflight_tail
        self._star_headers: tuple[Header, ...] | None = ((ALLOW_ORIGIN, "*"),) if star else None

        self._any_header = options.any_header
        self._header_names = frozenset(
            h.lower() for h in options.allow_headers if isinstance(h, str) and h != "*"
        )
        self._header_regexes = tuple(
            combine_patterns([h for h in options.allow_headers if isinstance(h, re.Pattern)])
        )
        # The one memo: decisions already made, by the request's Origin (an
        # actual request) or by everything a preflight asks (a tuple).  Not
        # used when a callable in origins may answer differently next time.
        self._memo: Memo[Any, Decision] = Memo()

    def __repr__(self) -> str:
        return f"<Policy {self.source or 'anonymous'}>"

    def origin_allowed(self, origin: str) -> bool:
        """Whether this policy allows a (well-formed) request ``origin``."""
        if origin == "null":
            return self._null_allowed
        return (
            self._origin_rule(origin, explain=False) is not None
            or self._origin_check(origin) is not None
        )

    def _origin_rule(self, origin: str, explain: bool) -> str | None:
        """The static rule (any, exact, wildcard or regex) allowing ``origin``, or None.

        With ``explain``, names the rule; otherwise tries the combined regex.
        """
        rules = self.options.origin_rules
        if origin == "null":
            return "the explicitly listed origin null" if self._null_allowed else None
        if self._any_origin:
            return "any origin ('*')"
        if origin.lower() in self._exact:
            return f"exact origin {origin.lower()}"
        if not explain:
            return "pattern" if any(r.fullmatch(origin) for r in self._regexes) else None
        for label, pattern in zip(rules.pattern_labels, rules.patterns):
            if pattern.fullmatch(origin):
                return label
        return None

    def _origin_check(self, origin: str) -> str | None:
        """The callable allowing ``origin``, named, or None.  A raising one refuses."""
        for check in self._checks:
            try:
                answer = check(origin)
                if (
                    inspect.isawaitable(answer)
                    or inspect.isasyncgen(answer)
                    or inspect.isgenerator(answer)
                    or isinstance(answer, Future)
                ):
                    # Nothing here can await or iterate it, and it is truthy: refuse.
                    _discard(answer)
                    logger.error(
                        "flask_cors: origin check %r returned %s for origin %r instead of "
                        "True or False; the origin is refused. Make the check a plain def.",
                        check,
                        type(answer).__name__,
                        origin,
                    )
                elif answer:
                    return f"callable {getattr(check, '__qualname__', check)!s}"
            except Exception:
                logger.exception("flask_cors: origin check %r raised for origin %r", check, origin)
        return None

    def _describe_origins(self) -> str:
        """The allowed origins in words, for a refusal."""
        rules = self.options.origin_rules
        items = sorted(rules.exact) + list(rules.pattern_labels)
        items += [f"callable {getattr(c, '__qualname__', c)!s}" for c in rules.checks]
        if not items:
            return "none (origins is empty)"
        shown = ", ".join(items[:10])
        return shown + (f" and {len(items) - 10} more" if len(items) > 10 else "")

    def decide_write(
        self,
        origin: str | None,
        fetch_site: str | None,
        host: str | None,
        *,
        explain: bool = False,
    ) -> Decision:
        """Whether a request with an unsafe method may reach the app
        (``cross_origin_protection``).

        The caller asks only for methods outside :data:`SAFE_METHODS`, and
        only when the option is on.  The origin is judged by the same rules
        as :meth:`decide`.

        :param origin: the request's ``Origin`` header, or None.
        :param fetch_site: its ``Sec-Fetch-Site`` header, or None (browsers
            before 2023, and clients that are not browsers).
        :param host: its ``Host`` header, compared with ``origin`` when
            there is no ``Sec-Fetch-Site``.
        :param explain: also give the reasons in words.
        """
        reasons = [f"policy: {self.source or 'anonymous'}"] if explain else None
        site = fetch_site.strip().lower() if fetch_site is not None else None
        # Reasons are logged: a value that is not an origin is quoted, so
        # that it cannot forge a log line.
        shown = _loggable(origin)
        site = _loggable(site)
        host = _loggable(host)
        if site in ("same-origin", "none"):
            code, why = (
                "same-origin",
                f"Sec-Fetch-Site: {site}: the browser says it is not cross-site",
            )
        elif site is None and origin is None:
            code, why = "not-a-browser", "neither Origin nor Sec-Fetch-Site: not sent by a browser"
        elif site is None and origin is not None and same_origin_as_host(origin, host):
            code, why = "same-origin", f"origin {shown} is the Host the request was sent to"
        elif origin is None:
            code, why = "cross-origin-write", f"Sec-Fetch-Site: {site}, and no Origin to check"
        elif valid_origin(origin) and self.origin_allowed(origin):
            code, why = "allowed", f"origin {shown} is allowed by origins"
        else:
            code = "cross-origin-write"
            cross = f"Sec-Fetch-Site: {site}" if site else f"not the Host ({host})"
            why = (
                f"origin {shown} ({cross}) is not among the allowed origins: "
                f"{self._describe_origins()}{self._set_by('origins')}"
            )
        if reasons is not None:
            if code == "cross-origin-write":
                reasons.append(
                    "refused before reaching the app: cross_origin_protection is on"
                    f"{self._set_by('cross_origin_protection')}"
                )
            reasons.append(why)
        return Decision((), False, code != "cross-origin-write", code, _words(reasons))

    def _set_by(self, option: str) -> str:
        """`` (set by app.config['CORS_HEADERS'])``: where ``option`` was set, if not a default."""
        source = self.options.sources.get(option)
        return f" (set by {source})" if source else ""

    def _allowed_headers(self, requested: str) -> tuple[str, bool]:
        """The allowed subset of an ``Access-Control-Request-Headers`` value."""
        allowed: list[str] = []
        complete = True
        for name in requested.split(","):
            name = name.strip()
            if not name:
                continue
            if TOKEN_RE.fullmatch(name) and (
                self._any_header
                or name.lower() in self._header_names
                or any(regex.fullmatch(name) for regex in self._header_regexes)
            ):
                allowed.append(name)
            else:
                complete = False
        return ", ".join(allowed), complete

    def _methods_for(
        self, route_methods: Collection[str] | None, requested: str
    ) -> tuple[str, frozenset[str]]:
        """The methods a preflight is offered: the policy's that the URL accepts.

        ``methods="*"`` offers every method the URL accepts (or, when the URL's
        methods are not known, the requested one) besides any listed.
        """
        methods = [m for m in self.options.methods if route_methods is None or m in route_methods]
        if self.options.any_method:
            if route_methods is not None:
                extra = sorted(route_methods)
            else:
                extra = [requested.upper()] if TOKEN_RE.fullmatch(requested) else []
            methods += [m for m in extra if m not in methods]
        return ", ".join(methods), frozenset(methods)

    def _origin_answer(
        self, origin: str | None, reasons: list[str] | None = None
    ) -> tuple[tuple[Header, ...] | None, str]:
        """The ``Access-Control-Allow-Origin`` header for ``origin`` (None if refused).

        Appends the reasons in words to ``reasons`` when given.
        """
        if origin is None:
            star = self._star_headers if self.options.always_send else None
            if reasons is not None:
                reasons.append(
                    "the request has no Origin header, so it is not a cross-origin request"
                    + ("; '*' is sent anyway (always_send)" if star else "")
                )
            return star, "no-origin"
        if self._star_headers is not None:
            if reasons is not None:
                reasons.append(
                    "any origin is allowed: answered '*' (origins='*', send_wildcard, "
                    "no credentials)"
                )
            return self._star_headers, "allowed"  # "*" reflects nothing: any origin may see it
        if not valid_origin(origin) and origin.lower() not in self._verbatim:
            if reasons is not None:
                reasons.append(
                    f"the Origin header {origin!r} is not an origin a browser sends "
                    f"(scheme://host[:port] or null)"
                )
            return None, "invalid-origin"
        if reasons is None:
            allowed = self.origin_allowed(origin)
        else:
            rule = self._origin_rule(origin, explain=True) or self._origin_check(origin)
            allowed = rule is not None
            if allowed:
                reasons.append(f"origin {origin} matched {rule}; it is reflected")
            elif origin == "null":
                reasons.append(
                    "origin null (sandboxed iframes, file: URLs, redirects) is allowed only "
                    "when 'null' is listed in origins"
                )
            else:
                reasons.append(
                    f"origin {origin} is not among the allowed origins: "
                    f"{self._describe_origins()}{self._set_by('origins')}"
                )
        if not allowed:
            return None, "origin-not-allowed"
        return ((ALLOW_ORIGIN, origin),), "allowed"

    def decide(
        self,
        origin: str | None,
        preflight_method: str | None = None,
        request_headers: str | None = None,
        private_network: bool = False,
        route_methods: Collection[str] | None = None,
        *,
        explain: bool = False,
    ) -> Decision:
        """Decide the CORS headers for one request.

        :param origin: the request's ``Origin`` header, or None.
        :param preflight_method: for a preflight, its
            ``Access-Control-Request-Method``; None for any other request.
        :param request_headers: a preflight's ``Access-Control-Request-Headers``.
        :param private_network: whether a preflight asked for private network
            access (``Access-Control-Request-Private-Network: true``).
        :param route_methods: the methods the matched URL rule accepts; the
            advertised methods are limited to these.
        :param explain: also give the reasons in words (slower: for debugging).
        """
        if preflight_method is None or origin is None:  # not a preflight
            if not explain:
                decision = self._memo.get(origin)
                if decision is not None:
                    return decision
            reasons = [f"policy: {self.source or 'anonymous'}"] if explain else None
            allow_origin, reason = self._origin_answer(origin, reasons)
            if allow_origin is None:
                decision = Decision((), self._vary, False, reason, _words(reasons))
            else:
                decision = Decision(
                    allow_origin + self._actual_tail, self._vary, True, reason, _words(reasons)
                )
            if not (self._checks or explain):  # a callable may answer differently later
                memo_set(self._memo, origin, decision)
            return decision

        reasons = [f"policy: {self.source or 'anonymous'}"] if explain else None

        key = None
        if not (self._checks or explain):  # as above: only when the answer cannot change
            key = (
                origin,
                preflight_method,
                request_headers,
                private_network,
                None if route_methods is None else frozenset(route_methods),
            )
            decision = self._memo.get(key)
            if decision is None:
                decision = self._preflight(*key, None)
                memo_set(self._memo, key, decision)
            return decision
        return self._preflight(
            origin, preflight_method, request_headers, private_network, route_methods, reasons
        )

    def _preflight(
        self,
        origin: str,
        preflight_method: str,
        request_headers: str | None,
        private_network: bool,
        route_methods: Collection[str] | None,
        reasons: list[str] | None,
    ) -> Decision:
        """The answer to a preflight (``decide`` memoizes it where it can)."""
        allow_origin, reason = self._origin_answer(origin, reasons)
        if allow_origin is None:
            return Decision((), self._vary, False, reason, _words(reasons))
        headers = list(allow_origin)
        methods, method_set = self._methods_for(route_methods, preflight_method)
        if preflight_method not in method_set:
            if preflight_method in _SAFELISTED_METHODS:
                if self.options.any_method or preflight_method in self.options.methods:
                    pass  # the URL, not the policy, refuses it: its 405 carries CORS headers
                else:
                    return self._refused_safelisted(headers, methods, preflight_method, reasons)
            elif preflight_method.upper() in method_set and TOKEN_RE.fullmatch(preflight_method):
                # fetch() sends "patch" as written (it upper-cases only six
                # methods), Werkzeug routes it as PATCH, and browsers compare
                # methods case-sensitively: list it as the page wrote it.
                methods = f"{methods}, {preflight_method}"
            else:
                reason = "method-not-allowed"
                if reasons is not None:
                    refused_by = (
                        f"; it is not in methods{self._set_by('methods')}"
                        if preflight_method.upper() not in self.options.methods
                        and not self.options.any_method
                        else "; the URL does not accept it"
                    )
                    reasons.append(
                        f"method {preflight_method!r} is not allowed here: {methods or 'none'}"
                        f"{refused_by}"
                    )
        if methods:
            headers.append((ALLOW_METHODS, methods))
        if request_headers:
            allowed_headers, complete = self._allowed_headers(request_headers)
            if allowed_headers:
                headers.append((ALLOW_HEADERS, allowed_headers))
            if not complete:
                if reason == "allowed":
                    reason = "headers-not-allowed"
                if reasons is not None:
                    granted = {h.lower() for h in allowed_headers.split(", ")}
                    for name in request_headers.split(","):
                        name = name.strip()
                        if name and name.lower() not in granted:
                            reasons.append(
                                f"header {name!r} is not in allow_headers"
                                f"{self._set_by('allow_headers')}"
                            )
        headers.extend(self._preflight_tail)
        if private_network:
            if self.options.allow_private_network:
                headers.append((ALLOW_PRIVATE_NETWORK, "true"))
            elif reasons is not None:
                reasons.append(
                    "private network access was requested but allow_private_network is False"
                )
        return Decision(tuple(headers), self._vary, reason == "allowed", reason, _words(reasons))

    def _refused_safelisted(
        self, headers: list[Header], methods: str, method: str, reasons: list[str] | None
    ) -> Decision:
        """A preflight for GET, HEAD or POST when ``methods`` leaves it out.

        Browsers do not check ``Access-Control-Allow-Methods`` for these, so
        the refusal is leaving out ``Access-Control-Allow-Headers``, as
        flask-cors 6 did: the headers that made the request need a preflight
        are not allowed.
        """
        if methods:
            headers.append((ALLOW_METHODS, methods))
        headers.extend(self._preflight_tail)
        if reasons is not None:
            reasons.append(
                f"method {method!r} is not allowed here: {methods or 'none'}; it is not in "
                f"methods{self._set_by('methods')}, so no request header is allowed for it"
            )
        return Decision(tuple(headers), self._vary, False, "method-not-allowed", _words(reasons))


def _loggable(value: str | None) -> str | None:
    """``value`` as it is if printable, else quoted with escapes (``%r``)."""
    return value if value is None or value.isprintable() else repr(value)


def _discard(answer: Any) -> None:
    """Close a coroutine or generator nobody will run (no "never awaited" warning)."""
    close = getattr(answer, "close", None)
    if close is not None:  # a coroutine or a generator
        close()
        return
    aclose = getattr(answer, "aclose", None)
    if aclose is None:
        return
    # An async generator: aclose() gives an awaitable that is not a coroutine.
    # One step finishes it for a generator nobody started (the only kind a
    # check can hand back); left unawaited, Python 3.13 reports it as an
    # unraisable exception when it is collected.
    closing: Any = aclose()
    try:
        closing.send(None)
    except StopIteration:
        return
    except Exception:  # the generator's own finally clause raised
        logger.debug("flask_cors: closing %r raised", answer, exc_info=True)
        return
    closing.close()


def _words(reasons: list[str] | None) -> tuple[str, ...]:
    return () if reasons is None else tuple(reasons)
