"""The words of an explained decision.

:class:`~flask_cors.policy.Policy` records each step of a decision here as it
takes it, when asked to explain: the explanation is the decision's own
record, never a second look at the request.  Private to flask_cors.
"""

from __future__ import annotations

from collections.abc import Mapping

from .origins import OriginMatcher


class Reasons:
    """The reasons for one decision, in order, in plain words.

    :param source: where the policy comes from (a resource pattern, a view).
    :param sources: where each option was set, by option name.
    :param origins: the policy's origin matcher, to list the allowed origins.
    """

    __slots__ = ("words", "_sources", "_origins")

    def __init__(self, source: str, sources: Mapping[str, str], origins: OriginMatcher) -> None:
        self.words = [f"policy: {source or 'anonymous'}"]
        self._sources = sources
        self._origins = origins

    def set_by(self, option: str) -> str:
        """`` (set by app.config['CORS_HEADERS'])``: where ``option`` was set, if not a default."""
        source = self._sources.get(option)
        return f" (set by {source})" if source else ""

    def not_allowed(self, shown: str | None) -> str:
        return (
            f"origin {shown} is not among the allowed origins: "
            f"{self._origins.describe()}{self.set_by('origins')}"
        )

    def no_origin(self, star_anyway: bool) -> None:
        self.words.append(
            "the request has no Origin header, so it is not a cross-origin request"
            + ("; '*' is sent anyway (always_send)" if star_anyway else "")
        )

    def star(self) -> None:
        self.words.append(
            "any origin is allowed: answered '*' (origins='*', send_wildcard, no credentials)"
        )

    def invalid_origin(self, origin: str) -> None:
        self.words.append(
            f"the Origin header {origin!r} is not an origin a browser sends "
            f"(scheme://host[:port] or null)"
        )

    def origin(self, origin: str, rule: str | None) -> None:
        """The origin was matched: ``rule`` is the rule that allowed it, or None."""
        if rule is not None:
            self.words.append(f"origin {origin} matched {rule}; it is reflected")
        elif origin == "null":
            self.words.append(
                "origin null (sandboxed iframes, file: URLs, redirects) is allowed only "
                "when 'null' is listed in origins"
            )
        else:
            self.words.append(self.not_allowed(origin))

    def method_refused(
        self, method: str, offered: str, *, by_url: bool, no_headers: bool = False
    ) -> None:
        """A preflight's method is not offered: the URL refuses it (``by_url``)
        or ``methods`` leaves it out (``no_headers``: a safelisted method, so
        the refusal is allowing no request header)."""
        why = (
            "the URL does not accept it"
            if by_url
            else f"it is not in methods{self.set_by('methods')}"
        )
        self.words.append(
            f"method {method!r} is not allowed here: {offered or 'none'}; {why}"
            + (", so no request header is allowed for it" if no_headers else "")
        )

    def header_refused(self, name: str) -> None:
        self.words.append(f"header {name!r} is not in allow_headers{self.set_by('allow_headers')}")

    def private_network_refused(self) -> None:
        self.words.append("private network access was requested but allow_private_network is False")
