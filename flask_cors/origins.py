"""Origins: the ``origins`` option (exact origins, wildcards, regexes and
callables), compiled into :class:`OriginRules` and matched by
:class:`OriginMatcher`, and the ``Origin`` header of requests.
"""

from __future__ import annotations

import functools
import inspect
import ipaddress
import json
import logging
import re
from concurrent.futures import Future
from re import Pattern
from typing import Any, Callable, NamedTuple, Union

from ._patterns import REGEX_METACHARACTERS, compile_whole, scoped_source
from .errors import CORSConfigError

__all__ = [
    "OriginCheck",
    "OriginMatcher",
    "OriginRules",
    "OriginSpec",
    "compile_origins",
    "same_origin_as_host",
    "valid_origin",
]

OriginCheck = Callable[[str], Any]
"""A callable origin rule: called with the request's origin, allows it when truthy."""

OriginSpec = Union[str, Pattern[str], OriginCheck]

logger = logging.getLogger("flask_cors")

_ORIGIN_PARTS_RE = re.compile(
    r"(?P<scheme>[A-Za-z][A-Za-z0-9+.\-]*)://(?P<host>\[[0-9A-Fa-f:.]+\]|[^/?#:@\s]+)"
    r"(?::(?P<port>[0-9]+))?(?P<rest>.*)",
    re.DOTALL,
)
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


#: How :meth:`OriginMatcher.rule_for` names the rules it finds.
ANY_ORIGIN_RULE = "any origin ('*')"
NULL_RULE = "the explicitly listed origin null"


class OriginMatcher:
    """Which rule of an ``origins`` option allows a request's origin.

    Matching names the rule it found, so deciding and explaining are one
    match: :meth:`rule_for` answers None exactly when no rule allows the
    origin, and otherwise a rule (in words) that allows it on its own.  The
    words are made here, once, so naming the rule costs a match nothing.

    :param rules: the compiled ``origins`` option.
    """

    __slots__ = ("rules", "_null", "_any", "_exact", "_regexes", "_checks")

    def __init__(self, rules: OriginRules) -> None:
        self.rules = rules
        self._null = NULL_RULE if "null" in rules.exact else None
        self._any = ANY_ORIGIN_RULE if rules.any_origin else None
        self._exact = {origin: f"exact origin {origin}" for origin in rules.exact}
        self._regexes = _labelled_regexes(rules.patterns, rules.pattern_labels)
        self._checks = tuple((check, _check_label(check)) for check in rules.checks)

    def rule_for(self, origin: str) -> str | None:
        """The rule allowing ``origin`` (well-formed, or listed verbatim), or None.

        ``null`` is allowed only when listed, whatever else is (callables
        are not asked about it).  A callable that raises refuses.
        """
        if origin == "null":
            return self._null
        if self._any is not None:
            return self._any
        rule = self._exact.get(origin.lower())
        if rule is not None:
            return rule
        for regex, rules in self._regexes:
            found = regex.fullmatch(origin)
            if found is not None:
                return rules[found.lastgroup]
        if self._checks:
            return self._checked(origin)
        return None

    def _checked(self, origin: str) -> str | None:
        for check, rule in self._checks:
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
                    return rule
            except Exception:
                logger.exception("flask_cors: origin check %r raised for origin %r", check, origin)
        return None

    def describe(self) -> str:
        """The allowed origins in words, for a refusal."""
        items = sorted(self.rules.exact) + list(self.rules.pattern_labels)
        items += [rule for _, rule in self._checks]
        if not items:
            return "none (origins is empty)"
        shown = ", ".join(items[:10])
        return shown + (f" and {len(items) - 10} more" if len(items) > 10 else "")


def _labelled_regexes(
    patterns: tuple[Pattern[str], ...], labels: tuple[str, ...]
) -> tuple[tuple[Pattern[str], dict[str | None, str]], ...]:
    """The patterns as few regexes as possible (one, usually), each with the
    label of the pattern that matched, by the ``lastgroup`` of its match.

    Each pattern that can be embedded becomes the named group ``_<n>`` of
    one alternation: the group of the alternative that matched closes last,
    so it is the match's ``lastgroup``.  A pattern that cannot be embedded
    (backreferences, global-only flags), or every pattern if the
    alternation does not compile (a group name used twice), is matched on
    its own, labelled whatever its ``lastgroup``.
    """
    parts: dict[str | None, str] = {}
    sources: list[str] = []
    alone: list[tuple[Pattern[str], dict[str | None, str]]] = []
    for index, (pattern, label) in enumerate(zip(patterns, labels)):
        scoped = scoped_source(pattern)
        if scoped is None:
            alone.append((pattern, _whatever_group(pattern, label)))
        else:
            parts[f"_{index}"] = label
            sources.append(f"(?P<_{index}>{scoped})")
    if not sources:
        return tuple(alone)
    combined = compile_whole("|".join(sources))
    if combined is None:
        return tuple((p, _whatever_group(p, label)) for p, label in zip(patterns, labels))
    return ((combined, parts), *alone)


def _whatever_group(pattern: Pattern[str], label: str) -> dict[str | None, str]:
    """``label`` for every ``lastgroup`` a match of ``pattern`` can have."""
    return dict.fromkeys([None, *pattern.groupindex], label)


def _check_label(check: OriginCheck) -> str:
    return f"callable {getattr(check, '__qualname__', check)!s}"


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
    rules = _RulesBuilder(notes)
    for value in origins:
        rules.add(value)
    return OriginRules(
        rules.any_origin,
        frozenset(rules.exact),
        tuple(rules.patterns),
        tuple(rules.checks),
        tuple(rules.labels),
    )


class _RulesBuilder:
    """Sorts origin entries by kind while :func:`compile_origins` reads them."""

    def __init__(self, notes: Any) -> None:
        self.notes = notes
        self.any_origin = False
        self.exact: set[str] = set()
        self.patterns: list[Pattern[str]] = []
        self.checks: list[OriginCheck] = []
        self.labels: list[str] = []

    def note(self, message: str) -> None:
        if self.notes is not None:
            self.notes.add("origins", message)

    def add(self, value: Any) -> None:
        if isinstance(value, re.Pattern):
            self.add_compiled(value)
        elif callable(value) and not isinstance(value, str):
            kind = _deferred_kind(value)
            if kind is not None:
                raise CORSConfigError(
                    f"origins: {_callable_name(value)} is {kind}. The origin "
                    f"check runs in the middle of Flask's synchronous request handling, where "
                    f"nothing awaits or iterates it, and the coroutine or generator it returns "
                    f"would count as 'allowed'. Make the check a plain def that returns True "
                    f"or False (look the origin up synchronously, or from a set you keep up "
                    f"to date)."
                )
            self.checks.append(value)
        elif isinstance(value, str):
            self.add_text(value)
        else:
            self.note(
                f"{value!r} ({type(value).__name__}) is not an origin, and matches nothing "
                f"(as in flask-cors 6). Give origins as strings such as "
                f"'https://app.example.com', compiled regexes or a callable."
            )

    def add_compiled(self, value: Pattern[Any]) -> None:
        if isinstance(value.pattern, str):
            self.add_regex(value, value.pattern)
            return
        try:
            source = value.pattern.decode("ascii")
        except UnicodeDecodeError:
            self.note(
                f"the compiled pattern {value.pattern!r} is a bytes pattern that is not "
                f"ASCII, and matches nothing (flask-cors 6 failed every request with an "
                f"Origin on it). Compile a str pattern."
            )
            return
        self.note(
            f"the compiled pattern {value.pattern!r} is a bytes pattern, read as the str "
            f"pattern {source!r} (flask-cors 6 failed every request with an Origin on it). "
            f"Compile a str pattern."
        )
        self.add_regex(re.compile(source, value.flags), source)

    def add_regex(self, regex: Pattern[str], source: str) -> None:
        self.patterns.append(regex)
        self.labels.append(f"regex {source}")
        if all(regex.match(origin) for origin in _UNRELATED_ORIGINS) and not any(
            regex.fullmatch(origin) for origin in _UNRELATED_ORIGINS
        ):
            # flask-cors 6 used re.match: this regex let every origin through it.
            self.note(
                f"flask-cors 6 matched a regex against the beginning of the origin only, "
                f"and {source!r} matches an empty beginning, so flask-cors 6 allowed every "
                f"origin with it; here a regex must match the whole origin, so nearly all "
                f"of those origins are now refused. To allow every origin as flask-cors 6 "
                f"did, write '*'; to allow some, list them."
            )
        if not regex.flags & re.VERBOSE:
            for warning in _regex_warnings(source):
                self.note(warning)

    def add_text(self, value: str) -> None:
        value = value.strip()
        parts = _ORIGIN_SEPARATORS_RE.split(value)
        if len(parts) > 1 and all("://" in part and _compiles(part) for part in parts):
            self.note(
                f"{value!r} is read as the origins {', '.join(parts)} (separated by "
                f"{'semicolons' if ';' in value else 'spaces'}; flask-cors 6 read it as one "
                f"origin, which matches nothing). Separate origins with commas "
                f"({', '.join(parts)!r}) or give a list."
            )
            for part in parts:
                self.add_text(part)
        elif value.startswith("[") and value.endswith("]") and _bracketed_origins(value):
            # An env var's list without JSON's quotes.
            listed = _bracketed_origins(value)
            self.note(
                f"{value!r} is read as the origins {', '.join(listed)}: it is a list in "
                f"brackets, but not JSON (the origins have no quotes). flask-cors 6 read it "
                f"as one regex, a character set, and matched it against the first character "
                f"of the origin, so it let through nearly every origin. Write a JSON list "
                f"({json.dumps(listed)!r}) or separate the origins with commas "
                f"({', '.join(listed)!r})."
            )
            for part in listed:
                self.add_text(part)
        elif value in ("*", ".*"):
            self.any_origin = True
        elif value == "null":
            self.exact.add(value)
        elif _is_regex(value) or (".*" in value and ".*." not in value):
            # ".*." is a '*' standing for a label, as in a wildcard: told below.
            self.add_regex(_compiled(value), value)
        elif "*" in value:
            self.add_wildcard(value)
        else:
            self.add_exact(value)

    def add_wildcard(self, value: str) -> None:
        """A value whose one special character is ``*``: a wildcard, or else a regex."""
        glob = value[:-1] if value.endswith("/") and _GLOB_RE.fullmatch(value[:-1]) else value
        if _GLOB_RE.fullmatch(glob):
            if glob != value:
                self.note(
                    f"{value!r} has a trailing slash, but browsers send origins without "
                    f"one; it is read as the wildcard {glob!r} (flask-cors 6 read it as a "
                    f"regex that matches no origin a browser sends). Write {glob!r}."
                )
            regex, label = _glob_regex(glob)
            self.patterns.append(regex)
            self.labels.append(label)
            return
        regex = _compiled(value)
        self.note(
            f"{value!r} is not a wildcard this library knows, so it is read as a regular "
            f"expression (as flask-cors 6 read it), matched against the whole origin: there "
            f"'*' repeats the character before it and '.' is any character. "
            f"{_WILDCARD_FORMS} For any name in one label, write a regex such as "
            f"{_label_glob_regex(value)!r}."
        )
        self.add_regex(regex, value)

    def add_exact(self, value: str) -> None:
        parts = _ORIGIN_PARTS_RE.fullmatch(value)
        if parts is None:
            if "://" not in value:
                example = f"https://{value.strip('/')}"
                self.note(
                    f"{value!r} has no scheme, but browsers always send one (an origin is "
                    f"scheme://host[:port]); it matches only a request whose Origin is "
                    f"exactly {value!r}, as in flask-cors 6. Write {example!r}."
                )
            else:
                self.note(
                    f"{value!r} is not an origin a browser sends (scheme://host[:port]); "
                    f"it matches only a request whose Origin is exactly that text, as in "
                    f"flask-cors 6. Write an origin such as 'https://example.com'."
                )
            self.exact.add(value.lower())
            return
        rest = parts.group("rest")
        if rest and rest != "/":
            fixed = value[: len(value) - len(rest)]
            self.note(
                f"{value!r} has a path or query ({rest!r}), but browsers send origins "
                f"without one, so it matches nothing a browser sends (as in flask-cors 6). "
                f"Use {fixed!r}."
            )
            self.exact.add(value.lower())
            return
        try:
            form, changes = serialized_form(
                parts.group("scheme"), parts.group("host"), parts.group("port")
            )
        except _NotAnOrigin as exc:
            self.note(
                f"{value!r} can never match what a browser sends ({exc}); it matches "
                f"only a request whose Origin is exactly that text, as in flask-cors 6. "
                f"Fix the host or port."
            )
            self.exact.add(value.lower())
            return
        if rest == "/":
            changes.insert(0, "without the trailing slash")
        if changes:
            widened = [change for change in changes if change != _LOWER_CASE]
            self.note(
                f"{value!r} is matched as {form!r}, the form browsers send it in "
                f"({'; '.join(changes)})"
                + (
                    "; flask-cors 6 compared the text as written, and never matched it"
                    if widened
                    else ""
                )
                + f". Write {form!r}."
            )
        self.exact.add(form)


def _deferred_kind(value: Callable[..., Any]) -> str | None:
    """``"an async function"`` or ``"a generator function"`` when calling
    ``value`` returns an awaitable or a generator rather than an answer: such
    a function or method, an object whose ``__call__`` is one (also as a
    static or class method), or a :func:`functools.partial` of either; else None."""
    while isinstance(value, functools.partial):
        value = value.func
    call = inspect.getattr_static(type(value), "__call__", None)
    call = getattr(call, "__func__", call)  # a staticmethod or classmethod
    for candidate in (value, call):  # inspect's predicates answer False for None
        if inspect.iscoroutinefunction(candidate) or inspect.isasyncgenfunction(candidate):
            return "an async function"
        if inspect.isgeneratorfunction(candidate):
            return "a generator function"
    return None


def _callable_name(value: Callable[..., Any]) -> str:
    """``value`` as a user would recognise it in a message."""
    return repr(getattr(value, "__qualname__", None) or value)


_ORIGIN_SEPARATORS_RE = re.compile(r"\s*;\s*|\s+")


def _is_regex(value: str) -> bool:
    """Whether ``value`` has regex syntax other than ``*`` (a bracketed IPv6 host is not)."""
    return any(char in _REGEX_ONLY for char in _IPV6_IN_ORIGIN_RE.sub("", value, count=1))


_REGEX_ONLY = REGEX_METACHARACTERS - {"*"}
_IPV6_IN_ORIGIN_RE = re.compile(r"(?<=://)\[[0-9A-Fa-f:.]+\](?=(?::[0-9*]+)?(?:/.*)?$)")


#: Origins no CORS configuration means in particular: a regex that matches the
#: beginning of each of them let every origin through flask-cors 6.
_UNRELATED_ORIGINS = ("https://unrelated.invalid", "http://localhost:1", "null")


def _bracketed_origins(value: str) -> list[str]:
    """The origins of ``[https://a.example, https://b.example]`` (a list in
    brackets without JSON's quotes), or ``[]`` when ``value`` is not one."""
    parts = [part for part in _BRACKETED_SEPARATORS_RE.split(value[1:-1]) if part]
    if parts and all("://" in part and not _NOT_IN_LISTED.intersection(part) for part in parts):
        return parts
    return []


_BRACKETED_SEPARATORS_RE = re.compile(r"\s*[,;]\s*|\s+")
# Regex syntax and quotes: a part with any of these is not a listed origin.
_NOT_IN_LISTED = frozenset("[](){}|^$\\+?\"'")


def _compiles(value: str) -> bool:
    """Whether ``value`` compiles as a regular expression."""
    try:
        re.compile(value)
    except re.error:
        return False
    return True


def _compiled(value: str) -> Pattern[str]:
    try:
        return re.compile(value, re.IGNORECASE)
    except re.error as exc:
        raise CORSConfigError(
            f"origins: {value!r} is read as a regular expression (as flask-cors 6 read it), "
            f"but it does not compile ({exc}); flask-cors 6 refused it too. Escape the "
            f"special characters, or use a wildcard. {_WILDCARD_FORMS}"
        ) from None


def _label_glob_regex(value: str) -> str:
    """``value`` as a regex where ``*`` is any name within one label (``:*``: any port)."""
    pieces = []
    for piece in re.split(r"(:\*|\*)", value):
        if piece == ":*":
            pieces.append(r"(:[0-9]+)?")
        elif piece == "*":
            pieces.append(r"[a-z0-9-]*")
        else:
            pieces.append(re.escape(piece))
    return "".join(pieces)


_LABEL_CHAR_RE = re.compile(r"[A-Za-z0-9-]")
_LABEL_RE = re.compile(r"[A-Za-z0-9-]+")


def _regex_warnings(source: str) -> list[str]:
    """What a regex origin admits that its author likely did not mean."""
    found = []
    if source.endswith(":*") or source.endswith(":*$"):
        found.append(
            f"{source!r} ends in ':*', which in a regex means 'any number of colons', not "
            f"'any port': it matches the host without a port, and refuses the host with one "
            f"(such as :3000), which flask-cors 6 let through only because it matched the "
            f"beginning of the origin. For any port, write the wildcard 'scheme://host:*' (with no "
            f"other regex syntax), or end the regex with '(:\\d+)?'."
        )
    safer, reasons = _safer_host_regex(source)
    if reasons:
        found.append(
            f"the regex {source!r} admits look-alike hosts that an attacker can register: "
            f"{'; and '.join(reasons)}. A safer regex: {safer!r}."
        )
    return found


def _safer_host_regex(source: str) -> tuple[str, list[str]]:
    """``source`` with the host part's loose dots made strict, and the reasons.

    In the host (after ``://``), a ``.`` outside a character class that no
    quantifier follows becomes ``\\.``; ``.*`` or ``.+`` directly before a
    label becomes ``([a-z0-9-]+\\.)*`` or ``+``: whole labels only.
    """
    head, separator, host = source.partition("://")
    if not separator:
        head, host = "", source
    out: list[str] = []
    reasons: list[str] = []
    index, in_class = 0, False
    while index < len(host):
        char = host[index]
        following = host[index + 1 : index + 2]
        if char == "\\":
            out.append(host[index : index + 2])
            index += 2
            continue
        if in_class or char == "[":
            in_class = char != "]" if in_class else True
        elif char == "." and following in ("*", "+"):
            label = _LABEL_RE.match(host, index + 2)
            if label:
                reasons.append(
                    f"'.{following}' directly before {label.group()!r} also matches hosts "
                    f"that merely end in it, such as evil{label.group()}"
                )
                # At the start of a regex without "://", it stood for the scheme too.
                scheme = "" if separator or index else r"[a-z][a-z0-9+.-]*://"
                out.append(scheme + r"([a-z0-9-]+\.)" + following)
                index += 2
                continue
        elif char == "." and following not in ("?", "{"):
            label = _LABEL_RE.match(host, index + 1)
            after = f" {label.group()!r}" if label else ""
            reasons.append(
                f"the '.' before{after or ' the end'} matches any character, not only a "
                f"dot (write '\\.')"
            )
            out.append(r"\.")
            index += 1
            continue
        out.append(char)
        index += 1
    return head + separator + "".join(out), list(dict.fromkeys(reasons))


_LOWER_CASE = "scheme and host in lower case"
_SPECIAL_SCHEMES = frozenset({"http", "https", "ws", "wss", "ftp"})
# Characters IDNA 2003 maps differently from the UTS 46 processing browsers use.
_IDNA_DEVIATIONS = frozenset("\u00df\u03c2\u200c\u200d")
_IPV4_PART_RE = re.compile(
    r"0[xX](?P<hex>[0-9A-Fa-f]*)|(?P<octal>0[0-7]+)|(?P<decimal>[1-9][0-9]*|0)"
)


class _NotAnOrigin(ValueError):
    """A host or port no browser can send (the message says why)."""


def serialized_form(scheme: str, host: str, port: str | None) -> tuple[str, list[str]]:
    """An origin in the form browsers serialize it, and what was changed to get there.

    :raises _NotAnOrigin: for a host or port no browser can send.
    """
    changes: list[str] = []
    lowered = scheme.lower()
    if host.startswith("["):
        try:
            address = ipaddress.IPv6Address(host[1:-1])
        except ValueError:
            raise _NotAnOrigin(f"{host} is not an IPv6 address") from None
        form_host = f"[{_ipv6_text(address)}]"
        if form_host != host.lower():
            changes.append(f"the IPv6 address {host} written as {form_host}")
    elif not host.isascii():
        if _IDNA_DEVIATIONS & set(host.lower()):
            raise _NotAnOrigin(
                f"browsers and IDNA 2003 convert the host {host!r} to different punycode; "
                f"write the xn-- form your browser sends"
            )
        try:
            form_host = host.encode("idna").decode("ascii")
        except UnicodeError as exc:
            raise _NotAnOrigin(f"the host {host!r} has no punycode form ({exc})") from None
        changes.append(f"the host {host} in punycode (IDNA), as browsers send it")
    else:
        form_host = host.lower()
    if lowered in _SPECIAL_SCHEMES and not host.startswith("["):
        address_text = _ipv4_text(form_host)
        if address_text is not None and address_text != form_host:
            changes.append(f"{host} is the IPv4 address {address_text}")
            form_host = address_text
    if port is not None:
        number = int(port)
        if number > 65535:
            raise _NotAnOrigin(f"the port {port} is over 65535")
        if str(number) != port:
            changes.append(f"the port {port} written as {number}")
        port = str(number)
        if _DEFAULT_PORTS.get(lowered) == port:
            changes.append(f"without the default port {port}")
            port = None  # browsers omit the default port from the Origin header
    if host.isascii() and (scheme != lowered or host != host.lower()):
        changes.append(_LOWER_CASE)
    return f"{lowered}://{form_host}" + (f":{port}" if port else ""), changes


def _ipv4_text(host: str) -> str | None:
    """``host`` as a dotted IPv4 address, if it is one (``127.1``, ``0x7f.1``), as URLs read it.

    :raises _NotAnOrigin: for a host that ends in a number but is no IPv4 address.
    """
    parts = host.split(".")
    if len(parts) > 1 and parts[-1] == "":
        parts.pop()
    if not re.fullmatch(r"[0-9]+|0[xX][0-9A-Fa-f]*", parts[-1]):
        return None
    numbers = []
    for part in parts:
        found = _IPV4_PART_RE.fullmatch(part)
        if found is None:
            raise _NotAnOrigin(f"the host {host} ends in a number but is no IPv4 address")
        if found.group("decimal") is not None:
            numbers.append(int(part))
        elif found.group("octal") is not None:
            numbers.append(int(part, 8))
        else:
            numbers.append(int(found.group("hex") or "0", 16))
    last = numbers.pop()
    if len(numbers) > 3 or any(n > 255 for n in numbers) or last >= 256 ** (4 - len(numbers)):
        raise _NotAnOrigin(f"the host {host} is out of the IPv4 range")
    value = last + sum(n * 256 ** (3 - i) for i, n in enumerate(numbers))
    return str(ipaddress.IPv4Address(value))


def _ipv6_text(address: ipaddress.IPv6Address) -> str:
    """``address`` as URLs serialize it: the first longest run of two or more zero
    pieces compressed, hex in lower case (IPv4-mapped addresses too)."""
    # From the bytes: Python 3.13 explodes an IPv4-mapped address with a
    # dotted tail (::ffff:127.0.0.1), which browsers do not send.
    packed = address.packed
    pieces = [packed[i] << 8 | packed[i + 1] for i in range(0, 16, 2)]
    best, best_length, index = -1, 1, 0
    while index < 8:
        end = index
        while end < 8 and pieces[end] == 0:
            end += 1
        if end - index > best_length:
            best, best_length = index, end - index
        index = max(end, index + 1)
    if best < 0:
        return ":".join(f"{p:x}" for p in pieces)
    before = ":".join(f"{p:x}" for p in pieces[:best])
    after = ":".join(f"{p:x}" for p in pieces[best + best_length :])
    return f"{before}::{after}"


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
