"""The ``resources`` option: which policy owns a request path.

Patterns are ranked once, at init, from most to least specific, so the answer
never depends on dict order or on whether a pattern was given as a string or
compiled:

1. literal paths (``"/api/users"``), matched exactly;
2. then patterns with the longest literal beginning first (``"/api/v1/*"``
   before ``"/api/*"`` before ``"/*"``), ties broken by length, then text;
3. ``"*"`` alone, which matches every path, last.

A plain path with a trailing ``*`` means "anything from here on": ``"/api/*"``
covers ``/api/`` and everything below it, but not ``/apiary``.  A plain path
without it is matched exactly.  Any other pattern is a regular expression
that must match the whole path.  Paths are compared as Werkzeug
decoded them, once, and case-sensitively.

All patterns but the literal ones are folded into one regular expression at
init; a bounded memo serves paths that repeat.

This module imports the standard library only.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from re import Pattern
from typing import Any, NamedTuple, Union, cast

from ._patterns import REGEX_METACHARACTERS, Memo, memo_set, scoped_source
from .errors import CORSConfigError
from .options import json_value, resolve_options, split_top_level_commas
from .policy import Policy

__all__ = ["ResourceMap", "Resource", "parse_resources"]

PatternKey = Union[str, Pattern[str]]

_ANY_PATH = "(?s:.*)"


class Resource(NamedTuple):
    """One entry of the ``resources`` option, compiled."""

    pattern: PatternKey
    regex: Pattern[str] | None  # None for a literal path
    rank: tuple[int, int, int, str]
    policy: Policy


def parse_resources(value: Any) -> list[tuple[PatternKey, Mapping[str, Any]]]:
    """Normalise the ``resources`` option into ``(pattern, options)`` pairs.

    Accepts a dict of pattern to options dict, a list of patterns, one
    pattern (string or compiled regex), or patterns in one string separated
    by commas (``"/api/*, /public/*"``), or a JSON array or object string
    (``'["/api/*", "/public/*"]'``), as environment variables give them.
    """
    if isinstance(value, str):
        parsed = json_value(value)
        if parsed is not None:
            return parse_resources(parsed)
        patterns = split_top_level_commas(value)
        # Each a path pattern ("/a,b" stays one literal path).
        if len(patterns) > 1 and all(p == "*" or "/" in p for p in patterns):
            return [(_check_pattern(pattern), {}) for pattern in patterns]
        return [(_check_pattern(value), {})]
    if isinstance(value, re.Pattern):
        return [(_check_pattern(value), {})]
    if isinstance(value, Mapping):
        pairs = []
        for pattern, options in value.items():
            if options is None:
                options = {}
            if not isinstance(options, Mapping):
                raise CORSConfigError(
                    f"resources[{_show(pattern)}]: expected a dict of options such as "
                    f"{{'origins': 'https://example.com'}}, got {type(options).__name__} "
                    f"{options!r}."
                )
            pairs.append((_check_pattern(pattern), options))
        return pairs
    if isinstance(value, (list, tuple, set, frozenset)):
        return [(_check_pattern(pattern), {}) for pattern in value]
    raise CORSConfigError(
        f"resources: expected a path pattern, a list of patterns or a dict of pattern to "
        f"options, got {type(value).__name__} {value!r}."
    )


def _show(pattern: Any) -> str:
    return repr(pattern.pattern if isinstance(pattern, re.Pattern) else pattern)


def _check_pattern(pattern: Any) -> PatternKey:
    if isinstance(pattern, re.Pattern):
        if not isinstance(pattern.pattern, str):
            raise CORSConfigError(f"resources: {pattern!r} is a bytes pattern; use a str one.")
        source = pattern.pattern
    elif not isinstance(pattern, str) or not pattern:
        raise CORSConfigError(
            f"resources: a pattern must be a non-empty string or a compiled regex, got {pattern!r}."
        )
    else:
        source = pattern
    prefix = _literal_prefix(source)
    if prefix and not prefix.startswith("/"):
        anchor = "^" if source.startswith("^") else ""
        raise CORSConfigError(
            f"resources: {_show(pattern)} never matches, because request paths start with "
            f"'/'. Use {anchor + '/' + source[len(anchor) :]!r}."
        )
    return cast(PatternKey, pattern)


def _literal_prefix(source: str) -> str:
    """The text a regex source starts with before its first special character."""
    source = source[1:] if source.startswith("^") else source
    for index, char in enumerate(source):
        if char in REGEX_METACHARACTERS or char == ".":
            return source[:index]
    return source


def _compile(pattern: PatternKey) -> tuple[Pattern[str] | None, tuple[int, int, int, str]]:
    """Compile one pattern and compute its rank (smaller ranks first)."""
    if isinstance(pattern, re.Pattern):
        source = pattern.pattern
        return pattern, (1, -len(_literal_prefix(source)), -len(source), source)
    if pattern == "*":
        return re.compile(_ANY_PATH), (2, 0, 0, pattern)
    if not any(char in REGEX_METACHARACTERS for char in pattern):
        return None, (0, 0, 0, pattern)
    body = pattern[:-1]
    if (
        pattern.endswith("*")
        and not pattern.endswith(".*")
        and not any(char in REGEX_METACHARACTERS for char in body)
    ):
        # "/api/*": a literal prefix, then anything.  A pattern with other
        # special characters is a regex as written (r"/api/v\d*" stays one).
        return re.compile(re.escape(body) + _ANY_PATH), (1, -len(body), -len(pattern), pattern)
    try:
        regex = re.compile(pattern, re.DOTALL)
    except re.error as exc:
        raise CORSConfigError(
            f"resources: {pattern!r} is not a valid regular expression ({exc}). Write a "
            f"literal path, a prefix ending in '*' such as '/api/*', or a valid regex."
        ) from None
    return regex, (1, -len(_literal_prefix(pattern)), -len(pattern), pattern)


class ResourceMap:
    """Maps request paths to the policy of the most specific matching resource.

    :param resources: the ``resources`` option as the user gave it.
    :param layers: option layers below each resource's own dict (defaults are
        implied; then app config, then constructor and ``init_app`` kwargs).
    :param where: names the configuration in error messages.
    """

    def __init__(self, resources: Any, layers: tuple[Mapping[str, Any], ...], where: str) -> None:
        entries: list[Resource] = []
        warned: set[str] = set()  # a value set for every resource warns once
        for pattern, options in parse_resources(resources):
            label = f"{where} resources[{_show(pattern)}]"
            if "resources" in options:
                raise CORSConfigError(f"{label}: 'resources' cannot be nested in a resource.")
            regex, rank = _compile(pattern)
            policy = Policy(
                resolve_options(*layers, options, where=label, warned=warned),
                source=f"{where} resource {_show(pattern)}",
            )
            entries.append(Resource(pattern, regex, rank, policy))
        entries.sort(key=lambda entry: entry.rank)
        self.resources: tuple[Resource, ...] = tuple(entries)
        self._literal: dict[str, Policy] = {}
        for entry in entries:
            if entry.regex is None:
                self._literal.setdefault(entry.pattern, entry.policy)  # type: ignore[arg-type]
        self._patterns = [entry for entry in entries if entry.regex is not None]
        self._combined = self._combine(self._patterns)
        self._memo: Memo[str, Policy | None] = Memo()
        #: The policy of a resource covering every path ("/*" or "*", the
        #: default), when no more specific resource exists: no lookup needed.
        self.every_path: Policy | None = None
        if len(entries) == 1 and entries[0].pattern in ("*", "/*"):
            self.every_path = entries[0].policy

    @staticmethod
    def _combine(patterns: list[Resource]) -> Pattern[str] | None:
        """One regex whose first matching alternative is the most specific resource."""
        parts = []
        for index, entry in enumerate(patterns):
            assert entry.regex is not None
            scoped = scoped_source(entry.regex)
            if scoped is None:
                return None
            parts.append(f"(?P<r{index}>{scoped})")
        if not parts:
            return None
        try:
            return re.compile("|".join(parts))
        except re.error:
            return None

    @property
    def policies(self) -> tuple[Policy, ...]:
        return tuple(entry.policy for entry in self.resources)

    def match(self, path: str) -> Policy | None:
        """The policy of the most specific resource matching ``path``, or None."""
        policy = self._literal.get(path)
        if policy is not None:
            return policy
        if path in self._memo:
            return self._memo[path]
        policy = None
        if self._combined is not None:
            found = self._combined.fullmatch(path)
            if found is not None:
                policy = self._patterns[int(found.lastgroup[1:])].policy  # type: ignore[index]
        else:
            for entry in self._patterns:
                if entry.regex.fullmatch(path):  # type: ignore[union-attr]
                    policy = entry.policy
                    break
        memo_set(self._memo, path, policy)
        return policy
