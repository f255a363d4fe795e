"""Compiled CORS policies and the one decision function.

A :class:`Policy` is built once from validated :class:`~flask_cors.options.Options`:
origin rules are compiled into an :class:`~flask_cors.origins.OriginMatcher`
(one exact-match set and one combined regular expression), and every header
value that does not depend on the request is computed up front.
:meth:`Policy.decide` is then a handful of lookups per request.  It serves
the extension, the decorator and anything that explains a decision; there is
no second copy of the rules.  Explaining takes the same steps and records
each (see :mod:`flask_cors._reasons`).

This module imports the standard library only.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from typing import Any, NamedTuple

from ._patterns import Memo, combine_patterns, memo_set
from ._reasons import Reasons
from .options import TOKEN_RE, Options
from .origins import OriginMatcher, valid_origin

__all__ = ["SAFE_METHODS", "Decision", "Policy"]

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
        ``headers-not-allowed``; for
        :func:`flask_cors.protection.decide_write`, ``same-origin``,
        ``not-a-browser`` and ``cross-origin-write``).
    :param explanation: the reasons in plain words; only filled in when
        :meth:`Policy.decide` or :func:`~flask_cors.protection.decide_write`
        is asked to ``explain``.
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
        "origin_matcher",
        "_verbatim",
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
        self.origin_matcher = OriginMatcher(rules)
        #: Whether deciding may call the app's own code (a callable in
        #: ``origins``), which needs Flask's application and request context.
        #: Its answers are not memoized: the callable may answer differently later.
        self.needs_context = bool(rules.checks)
        # Listed values no browser sends ("www.example.com"): matched, as
        # flask-cors 6 matched them, when a request sends exactly that text.
        self._verbatim = frozenset(o for o in rules.exact if not valid_origin(o))
        # "*" for everyone: the answer never depends on the request's Origin.
        star = rules.any_origin and options.send_wildcard and not options.supports_credentials
        self._vary = options.vary_header and not (star and options.always_send)

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
        return self.origin_matcher.rule_for(origin) is not None

    def new_reasons(self) -> Reasons:
        """A fresh record for one explained decision."""
        return Reasons(self.source, self.options.sources, self.origin_matcher)

    def _allowed_headers(self, requested: str, reasons: Reasons | None = None) -> tuple[str, bool]:
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
                if reasons is not None:
                    reasons.header_refused(name)
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
        self, origin: str | None, reasons: Reasons | None
    ) -> tuple[tuple[Header, ...] | None, str]:
        """The ``Access-Control-Allow-Origin`` header for ``origin`` (None if
        refused), and the code; each step is recorded in ``reasons`` if given."""
        if origin is None:
            star = self._star_headers if self.options.always_send else None
            if reasons is not None:
                reasons.no_origin(star is not None)
            return star, "no-origin"
        if self._star_headers is not None:
            if reasons is not None:
                reasons.star()
            return self._star_headers, "allowed"  # "*" reflects nothing: any origin may see it
        if not valid_origin(origin) and origin.lower() not in self._verbatim:
            if reasons is not None:
                reasons.invalid_origin(origin)
            return None, "invalid-origin"
        rule = self.origin_matcher.rule_for(origin)
        if reasons is not None:
            reasons.origin(origin, rule)
        if rule is None:
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
            The same steps decide, each recorded as it is taken; the memo is
            not used.
        """
        if preflight_method is None or origin is None:  # not a preflight
            if explain:
                return self._explained(self._actual, origin)
            decision = self._memo.get(origin)
            if decision is None:
                decision = self._actual(origin, None)
                if not self.needs_context:
                    memo_set(self._memo, origin, decision)
            return decision
        if explain or self.needs_context:
            request = (origin, preflight_method, request_headers, private_network, route_methods)
            if explain:
                return self._explained(self._preflight, *request)
            return self._preflight(*request, None)
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

    def _explained(self, answer: Callable[..., Decision], *request: Any) -> Decision:
        """``answer(*request)``, the same steps as ever, with each one recorded
        in words: the explained decision."""
        reasons = self.new_reasons()
        return answer(*request, reasons)._replace(explanation=tuple(reasons.words))

    def _actual(self, origin: str | None, reasons: Reasons | None) -> Decision:
        """The answer to a request that is not a preflight."""
        allow_origin, code = self._origin_answer(origin, reasons)
        if allow_origin is None:
            return Decision((), self._vary, False, code)
        return Decision(allow_origin + self._actual_tail, self._vary, True, code)

    def _preflight(
        self,
        origin: str,
        preflight_method: str,
        request_headers: str | None,
        private_network: bool,
        route_methods: Collection[str] | None,
        reasons: Reasons | None,
    ) -> Decision:
        """The answer to a preflight (``decide`` memoizes it where it can)."""
        allow_origin, code = self._origin_answer(origin, reasons)
        if allow_origin is None:
            return Decision((), self._vary, False, code)
        headers = list(allow_origin)
        methods, method_set = self._methods_for(route_methods, preflight_method)
        if preflight_method not in method_set:
            listed = self.options.any_method or preflight_method.upper() in self.options.methods
            if preflight_method in _SAFELISTED_METHODS:
                if not listed:
                    return self._refused_safelisted(headers, methods, preflight_method, reasons)
                # else the URL, not the policy, refuses it: its 405 carries CORS headers
            elif preflight_method.upper() in method_set and TOKEN_RE.fullmatch(preflight_method):
                # fetch() sends "patch" as written (it upper-cases only six
                # methods), Werkzeug routes it as PATCH, and browsers compare
                # methods case-sensitively: list it as the page wrote it.
                methods = f"{methods}, {preflight_method}"
            else:
                code = "method-not-allowed"
                if reasons is not None:
                    reasons.method_refused(preflight_method, methods, by_url=listed)
        if methods:
            headers.append((ALLOW_METHODS, methods))
        if request_headers:
            allowed_headers, complete = self._allowed_headers(request_headers, reasons)
            if allowed_headers:
                headers.append((ALLOW_HEADERS, allowed_headers))
            if not complete and code == "allowed":
                code = "headers-not-allowed"
        headers.extend(self._preflight_tail)
        if private_network:
            if self.options.allow_private_network:
                headers.append((ALLOW_PRIVATE_NETWORK, "true"))
            elif reasons is not None:
                reasons.private_network_refused()
        return Decision(tuple(headers), self._vary, code == "allowed", code)

    def _refused_safelisted(
        self, headers: list[Header], methods: str, method: str, reasons: Reasons | None
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
            reasons.method_refused(method, methods, by_url=False, no_headers=True)
        return Decision(tuple(headers), self._vary, False, "method-not-allowed")
