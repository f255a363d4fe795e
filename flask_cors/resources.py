r"""The ``resources`` option: which policy owns a request path.

Patterns are ranked once, at init, from most to least specific, so the answer
never depends on dict order, on whether a pattern was given as a string or
compiled, or on how its regex is spelled:

1. literal paths (``"/api/users"``, also a regex that can only match one
   path, such as ``r"^\/api\/users$"``), matched exactly;
2. then patterns by the ``/`` every path they match must hold (fewest
   first for an alternation: its weakest branch), then by their literal
   beginning, longest first (``"/api/v1/*"`` before ``"/api/*"`` before
   ``"/*"``), then by all their literal characters, then a pattern that
   minds case before one that ignores it, then by the length every match
   has, longest first;
3. ``"*"`` alone, which matches every path, last.

Ranks come from Python's own regex parser, so an escaped ``\/``, a one
character class ``[a]``, a group (capturing, non-capturing or carrying
flags) and the anchors ``^`` and ``$`` count as what they mean.  The first
key is the one flask-cors 6.0.5 sorts by (the ``/`` in the source); counted
on the meaning, a respelling cannot make a broad pattern outrank a specific
one.

A plain path with a trailing ``/*`` means "this path and anything below it":
``"/api/*"`` covers ``/api``, ``/api/`` and ``/api/x``, but not ``/apiary``
(``"/api*"`` covers that too).  A plain path without ``*`` is matched
exactly.  Any other pattern is a regular expression that must match the
whole path.  Paths are compared as Werkzeug decoded them, once, and
case-sensitively.  A path with ``.`` or ``..`` segments (or empty ones) is
matched as the path it resolves to; when that lands under another resource
than the path as sent, it gets no policy at all.

All patterns but the literal ones are folded into one regular expression at
init; a bounded memo serves paths that repeat.

This module imports the standard library only.
"""

from __future__ import annotations

import importlib
import re
import sys
from collections.abc import Callable, Iterable, Mapping
from re import Pattern
from typing import Any, Literal, NamedTuple, Union, cast

from ._patterns import Memo, compile_whole, memo_set, scoped_source
from .errors import CORSConfigError
from .options import Warn, json_value, resolve_options, split_top_level_commas
from .policy import Policy

# Python's own regex parser ("sre_parse" before 3.11, deprecated since).
_NEW_PARSER = sys.version_info >= (3, 11)
_sre_parse: Any = importlib.import_module("re._parser" if _NEW_PARSER else "sre_parse")
_sre: Any = importlib.import_module("re._constants" if _NEW_PARSER else "sre_constants")

__all__ = ["Notes", "ResourceMap", "Resource", "parse_resources", "resolve_dot_segments"]

PatternKey = Union[str, Pattern[str]]

_ANY_PATH = "(?s:.*)"

# The characters that make a resource pattern a regex, as in flask-cors
# 6.0.5: "/c++" and "/a|b" are literal paths there, so they are here.
_REGEX_HINTS = frozenset("*\\]?$^[]()")
# Regex syntax that a pattern without the characters above keeps literal.
_LITERAL_IN_605 = frozenset("{}|")

_BEGIN_ANCHORS = (_sre.AT_BEGINNING, _sre.AT_BEGINNING_STRING)
_END_ANCHORS = (_sre.AT_END, _sre.AT_END_STRING)
_REPEATS = tuple(
    getattr(_sre, name)
    for name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT")
    if hasattr(_sre, name)
)
_ATOMIC_GROUP = getattr(_sre, "ATOMIC_GROUP", None)  # Python 3.11+

Rank = tuple[int, int, int, int, bool, int, str, str]


class Resource(NamedTuple):
    """One entry of the ``resources`` option, compiled."""

    pattern: PatternKey
    regex: Pattern[str] | None  # None for a literal path
    rank: Rank
    policy: Policy | None  # None: excluded (``resources[pattern] = False``)
    plain: str | None  # the one path a literal pattern matches


class Notes(list):  # type: ignore[type-arg]
    """The set-up warnings found while reading a ``resources`` value, each
    also given to ``warn`` when it is found (the shell issues it as a
    :class:`~flask_cors.CORSConfigWarning`)."""

    def __init__(self, warn: Warn | None = None) -> None:
        super().__init__()
        self.warn = warn


def parse_resources(
    value: Any, notes: Notes | None = None, where: str = ""
) -> list[tuple[PatternKey, Mapping[str, Any] | Literal[False]]]:
    """Normalise the ``resources`` option into ``(pattern, options)`` pairs.

    Accepts a dict of pattern to options dict (or ``False``: no CORS for
    those paths), a list of patterns, one pattern (string or compiled
    regex), or patterns in one string separated by commas (``"/api/*,
    /public/*"``), or a JSON array or object string (``'["/api/*",
    "/public/*"]'``), as environment variables give them.  Set-up warnings
    are appended to ``notes`` (and given to its sink).
    """
    notes = Notes() if notes is None else notes
    prefix = f"{where} " if where else ""
    if isinstance(value, (bytes, bytearray)):
        _warn(
            notes,
            f"{prefix}resources={value!r} is bytes, and covers no path (flask-cors 6.0.5 read "
            f"it as a list of numbers, which no path equals). Give text, such as "
            f"{bytes(value).decode('ascii', 'replace')!r}.",
        )
        return []
    if isinstance(value, str):
        parsed = json_value(value)
        if parsed is not None:
            return parse_resources(parsed, notes, where)
        patterns = split_top_level_commas(value)
        # Each a path pattern ("/a,b" stays one literal path).
        if len(patterns) > 1 and all(p == "*" or "/" in p for p in patterns):
            return [(_check_pattern(pattern), {}) for pattern in patterns]
        return [(_check_pattern(value), {})]
    if isinstance(value, re.Pattern):
        return [(_check_pattern(value), {})]
    if isinstance(value, Mapping):
        pairs: list[tuple[PatternKey, Mapping[str, Any] | Literal[False]]] = []
        for pattern, options in value.items():
            if options is None:
                _warn(
                    notes,
                    f"{where + ' ' if where else ''}resources[{_show(pattern)}] is None, which "
                    f"means the same as {{}}: the paths it covers get the options set outside "
                    f"resources (flask-cors 6.0.5 refused None). Write {{}} for that, or False "
                    f"for no CORS on those paths.",
                )
                options = {}
            if options is not False and not isinstance(options, Mapping):
                raise CORSConfigError(
                    f"resources[{_show(pattern)}]: expected a dict of options such as "
                    f"{{'origins': 'https://example.com'}} (or False: no CORS for these "
                    f"paths), got {type(options).__name__} {options!r}."
                )
            pairs.append((_check_pattern(pattern), options))
        return pairs
    if isinstance(value, Iterable):  # a list, a set, a generator: as flask-cors 6.0.5 took any
        entries = (_listed_pattern(pattern, notes, prefix) for pattern in value)
        return [(pattern, {}) for pattern in entries if pattern is not None]
    raise CORSConfigError(
        f"resources: expected a path pattern, a list of patterns or a dict of pattern to "
        f"options, got {type(value).__name__} {value!r}."
    )


def _listed_pattern(pattern: Any, notes: Notes, prefix: str) -> PatternKey | None:
    """A pattern of a resources list.  One that is neither text nor a compiled
    regex is, as flask-cors 6.0.5 read it, the literal path its ``str()``
    spells (None, a number, bytes: no path at all), with a warning."""
    if isinstance(pattern, (str, re.Pattern)):
        return _check_pattern(pattern)
    text = str(pattern)
    covers = text.startswith("/")
    reading = (
        f"which covers that one path. Write it as the string {text!r}."
        if covers
        else "which no request path equals: it covers none. Remove it, or write the path "
        "as a string."
    )
    _warn(
        notes,
        f"{prefix}resources: {pattern!r} ({type(pattern).__name__}) is not a path pattern; "
        f"it is read as flask-cors 6.0.5 read it, as the literal path {text!r}, {reading}",
    )
    return re.compile(re.escape(text)) if covers else None


def _regex_in_605(pattern: PatternKey) -> bool:
    """Whether flask-cors 6.0.5 read ``pattern`` as a regex (else: a literal path)."""
    return isinstance(pattern, re.Pattern) or not _REGEX_HINTS.isdisjoint(pattern)


def _compiles(pattern: str) -> bool:
    try:
        re.compile(pattern)
    except re.error:
        return False
    return True


def _warn(notes: Notes, message: str) -> None:
    notes.append(message)
    if notes.warn is not None:
        notes.warn(message)


def _show(pattern: Any) -> str:
    return repr(pattern.pattern if isinstance(pattern, re.Pattern) else pattern)


def _check_pattern(pattern: Any) -> PatternKey:
    if isinstance(pattern, re.Pattern):
        if not isinstance(pattern.pattern, str):
            raise CORSConfigError(f"resources: {pattern!r} is a bytes pattern; use a str one.")
    elif not isinstance(pattern, str):
        raise CORSConfigError(
            f"resources: a pattern must be a string or a compiled regex, got {pattern!r}."
        )
    return cast(PatternKey, pattern)


class _Shape(NamedTuple):
    """What ranking needs to know of a pattern, read from its parsed regex."""

    slashes: int  # the '/' every path it matches holds, at least
    beginning: str  # the literal text every path it matches starts with
    literals: int  # literal characters in it (for an alternation: its weakest branch)
    plain: str | None  # the one path it matches, when it matches only one
    canonical: str  # its meaning as text: the same for every spelling
    folded: bool  # whether some of it ignores case (it then matches more paths)
    length: int  # the characters every path it matches holds, at least


def _shape(source: str, flags: int) -> _Shape:
    parsed = _sre_parse.parse(source, flags)
    text: list[str] = []
    complete = _literal_run(parsed, text, [False])
    plain = None
    if complete and not (parsed.state.flags & re.IGNORECASE):
        plain = "".join(text)
    return _Shape(
        _minimum(parsed, "/"),
        _beginning(parsed),
        _minimum(parsed, None),
        plain,
        _canonical(parsed),
        bool(parsed.state.flags & re.IGNORECASE) or _folds(parsed),
        _shortest(parsed),
    )


def _folds(items: Iterable[Any]) -> bool:
    """Whether a group in ``items`` turns on ``re.IGNORECASE``."""
    for op, arg in items:
        if op is _sre.SUBPATTERN and (arg[1] & re.IGNORECASE or _folds(arg[-1])):
            return True
        if op is _sre.BRANCH and any(_folds(branch) for branch in arg[1]):
            return True
        if op in _REPEATS and _folds(arg[2]):
            return True
        if op is _ATOMIC_GROUP and _ATOMIC_GROUP is not None and _folds(arg):
            return True
    return False


def _shortest(items: Iterable[Any]) -> int:
    """How many characters every match of ``items`` holds, at least."""
    total = 0
    for op, arg in items:
        if op in _ONE_CHARACTER:
            total += 1
        elif op is _sre.SUBPATTERN:
            total += _shortest(arg[-1])
        elif op is _ATOMIC_GROUP and _ATOMIC_GROUP is not None:
            total += _shortest(arg)
        elif op is _sre.BRANCH:
            total += min(_shortest(branch) for branch in arg[1])
        elif op in _REPEATS:
            total += arg[0] * _shortest(arg[2])
    return total


_ONE_CHARACTER = (_sre.LITERAL, _sre.NOT_LITERAL, _sre.ANY, _sre.IN, _sre.CATEGORY)


def _literal_run(items: Iterable[Any], text: list[str], ended: list[bool]) -> bool:
    """Append the literal characters ``items`` consists of to ``text``; False
    at the first item that is not one (a class, a repeat, an alternation) or
    an anchor anywhere but at an edge."""
    for op, arg in items:
        if op is _sre.LITERAL and not ended[0]:
            text.append(chr(arg))
        elif op is _sre.AT and arg in _BEGIN_ANCHORS and not text and not ended[0]:
            continue
        elif op is _sre.AT and arg in _END_ANCHORS:
            ended[0] = True
        elif op is _sre.SUBPATTERN and not arg[1] & re.IGNORECASE:
            if not _literal_run(arg[-1], text, ended):
                return False
        else:
            return False
    return True


def _beginning(items: Iterable[Any]) -> str:
    """The literal text every match of ``items`` starts with (anchors skipped, groups entered)."""
    text: list[str] = []
    for op, arg in items:
        if op is _sre.LITERAL:
            text.append(chr(arg))
        elif op is _sre.AT and arg in _BEGIN_ANCHORS + _END_ANCHORS:
            continue
        elif op is _sre.SUBPATTERN or (op is _ATOMIC_GROUP and _ATOMIC_GROUP is not None):
            inner = arg[-1] if op is _sre.SUBPATTERN else arg
            text.append(_beginning(inner))
            if _literal_run(inner, [], [False]) is False:
                break
        else:
            break
    return "".join(text)


def _minimum(items: Iterable[Any], char: str | None) -> int:
    """How many literal ``char`` (any literal character: None) every match holds."""
    total = 0
    for op, arg in items:
        if op is _sre.LITERAL:
            total += char is None or chr(arg) == char
        elif op is _sre.SUBPATTERN:
            total += _minimum(arg[-1], char)
        elif op is _ATOMIC_GROUP and _ATOMIC_GROUP is not None:
            total += _minimum(arg, char)
        elif op is _sre.BRANCH:
            total += min(_minimum(branch, char) for branch in arg[1])
        elif op in _REPEATS:
            total += arg[0] * _minimum(arg[2], char)
    return total


def _canonical(items: Iterable[Any]) -> str:
    """``items`` as text that does not depend on the spelling: groups
    dropped, edge anchors dropped, each literal escaped the same way."""
    parts = []
    for op, arg in items:
        if op is _sre.LITERAL:
            parts.append(re.escape(chr(arg)))
        elif op is _sre.AT and arg in _BEGIN_ANCHORS + _END_ANCHORS:
            continue
        elif op is _sre.SUBPATTERN:
            inner = _canonical(arg[-1])
            parts.append(f"(?{arg[1]}-{arg[2]}:{inner})" if arg[1] or arg[2] else inner)
        elif op is _ATOMIC_GROUP and _ATOMIC_GROUP is not None:
            parts.append(f"(?>{_canonical(arg)})")
        elif op is _sre.BRANCH:
            parts.append("(" + "|".join(_canonical(branch) for branch in arg[1]) + ")")
        elif op in _REPEATS:
            parts.append(f"({_canonical(arg[2])}){{{arg[0]},{arg[1]}}}{op}")
        else:
            parts.append(f"{op}{arg!r}")
    return "".join(parts)


def _rank(shape: _Shape, source: str) -> Rank:
    # Where the parsed structure ties, the pattern that matches fewer paths
    # first: one that minds case, then the one whose matches are longer.
    return (
        1,
        -shape.slashes,
        -len(shape.beginning),
        -shape.literals,
        shape.folded,
        -shape.length,
        shape.canonical,
        source,
    )


def _compile(
    pattern: PatternKey, where: str, notes: Notes
) -> tuple[Pattern[str] | None, Rank, str | None]:
    """Compile one pattern: its regex (None for a literal path), its rank
    (smaller ranks first) and the one path it matches, if it is a literal."""
    if isinstance(pattern, re.Pattern):
        shape = _shape(pattern.pattern, pattern.flags)
        _warn_if_never_matches(pattern, shape, where, notes)
        if shape.plain is not None:
            return None, (0, 0, 0, 0, False, 0, "", shape.plain), shape.plain
        return pattern, _rank(shape, pattern.pattern), None
    if pattern == "*":
        return re.compile(_ANY_PATH), (2, 0, 0, 0, False, 0, "", pattern), None
    if not _regex_in_605(pattern):
        _warn_if_never_matches(pattern, _Shape(0, pattern, 0, pattern, "", False, 0), where, notes)
        if not _LITERAL_IN_605.isdisjoint(pattern) and _compiles(pattern):
            _warn(
                notes,
                f"{where}: {pattern!r} is a literal path, as flask-cors 6.0.5 read it "
                f"({''.join(sorted(_LITERAL_IN_605))} do not make a resource pattern a "
                f"regex). To use it as a regex, pass re.compile({pattern!r}).",
            )
        if _CONVERTER_RE.search(pattern):
            _warn(
                notes,
                f"{where}: {pattern!r} is a Flask URL rule, but resources are paths and "
                f"regular expressions: as a literal path it matches no request (nor did it "
                f"in flask-cors 6.0.5). Write the regex {rule_as_regex(pattern)!r}.",
            )
        return None, (0, 0, 0, 0, False, 0, "", pattern), pattern
    body = pattern[:-1]
    if pattern.endswith("*") and not pattern.endswith(".*") and not _regex_in_605(body):
        # "/api/*": a literal prefix, then anything ("/api" itself too, as
        # 6.0.5's regex reading gives it).  A pattern with other special
        # characters is a regex as written (r"/api/v\d*" stays one).
        shape = _shape(re.escape(body) + ".*", re.DOTALL)
        _warn_if_never_matches(pattern, shape, where, notes)
        if body.endswith("/") and len(body) > 1:
            regex = re.compile(re.escape(body[:-1]) + "(?:/" + _ANY_PATH + ")?")
        else:
            regex = re.compile(re.escape(body) + _ANY_PATH)
        return regex, _rank(shape, pattern), None
    try:
        regex = re.compile(pattern, re.DOTALL)
    except re.error as exc:
        raise CORSConfigError(
            f"{where}: {pattern!r} is not a valid regular expression ({exc}). Write a "
            f"literal path, a prefix ending in '*' such as '/api/*', or a valid regex."
        ) from None
    shape = _shape(pattern, re.DOTALL)
    _warn_if_never_matches(pattern, shape, where, notes)
    if shape.plain is not None:
        return None, (0, 0, 0, 0, False, 0, "", shape.plain), shape.plain
    return regex, _rank(shape, pattern), None


def _warn_if_never_matches(pattern: PatternKey, shape: _Shape, where: str, notes: Notes) -> None:
    beginning = shape.beginning
    if beginning.startswith("/") or (not beginning and shape.plain is None):
        return
    source = pattern.pattern if isinstance(pattern, re.Pattern) else pattern
    anchor = "^" if source.startswith("^") else ""
    if not source:
        _warn(
            notes, f"{where}: an empty pattern never matches, because request paths start with '/'."
        )
        return
    _warn(
        notes,
        f"{where}: {_show(pattern)} never matches, because request paths start with '/' "
        f"(flask-cors 6.0.5 never matched it either). Use "
        f"{anchor + '/' + source[len(anchor) :]!r}.",
    )


def resolve_dot_segments(path: str) -> str:
    """``path`` with its ``.``, ``..`` and empty segments resolved, as a URL
    parser (and Werkzeug's ``safe_join``) resolves them.

    Empty segments are dropped before ``..`` is applied, as
    ``posixpath.normpath`` (which ``safe_join`` uses) drops them:
    ``/a//../b`` is ``/b``.  ``..`` never climbs above the root; a path
    ending in a dot segment keeps a trailing ``/``, as the URL standard resolves it (``/a/b/..`` is
    ``/a/``).  A backslash is not a separator: on POSIX it is a file name
    character and on Windows ``safe_join`` refuses the path.
    """
    if not path.startswith("/"):
        return path
    segments: list[str] = []
    parts = path.split("/")
    for part in parts[1:]:
        if part == "..":
            if segments:
                segments.pop()
        elif part not in (".", ""):
            segments.append(part)
    trailing = "/" if segments and parts[-1] in ("", ".", "..") else ""
    return "/" + "/".join(segments) + trailing


class ResourceMap:
    """Maps request paths to the policy of the most specific matching resource.

    :param resources: the ``resources`` option as the user gave it.
    :param layers: option layers below each resource's own dict (defaults are
        implied; then app config, then constructor and ``init_app`` kwargs).
    :param where: names the configuration in error messages.
    :param warn: given each set-up warning when it is found (see :class:`Notes`).
    """

    def __init__(
        self,
        resources: Any,
        layers: tuple[Mapping[str, Any], ...],
        where: str,
        warn: Warn | None = None,
    ) -> None:
        self.where = where
        notes = Notes(warn)
        entries: list[Resource] = []
        warned: set[str] = set()  # a value set for every resource warns once
        for pattern, options in parse_resources(resources, notes, where):
            label = f"{where} resources[{_show(pattern)}]"
            regex, rank, plain = _compile(pattern, label, notes)
            policy = None
            if options is not False:
                if "resources" in options:
                    _warn(
                        notes,
                        f"{label}: 'resources' inside a resource is ignored (as in "
                        f"flask-cors 6.0.5); give every pattern its own entry of the "
                        f"top-level resources.",
                    )
                policy = Policy(
                    resolve_options(*layers, options, where=label, warned=warned, warn=warn),
                    source=f"{where} resource {_show(pattern)}",
                )
            entries.append(Resource(pattern, regex, rank, policy, plain))
        #: The set-up warnings about the patterns themselves (also given to
        #: ``warn`` when the map is built).
        self.setup_warnings: tuple[str, ...] = tuple(notes)
        entries.sort(key=lambda entry: entry.rank)
        self.resources: tuple[Resource, ...] = tuple(entries)
        self._literal: dict[str, Policy] = {}
        for index, entry in enumerate(entries):
            if entry.plain is None:
                continue
            if entry.policy is not None:
                self._literal.setdefault(entry.plain, entry.policy)
            else:  # excluded: looked up with the patterns, which may answer None
                entries[index] = entry._replace(regex=re.compile(re.escape(entry.plain)))
        self._patterns = [entry for entry in entries if entry.regex is not None]
        self._combined = self._combine(self._patterns)
        self._memo: Memo[str, Policy | None] = Memo()
        self._owners: Memo[str, Policy | None | NotCovered] = Memo()
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
        return compile_whole("|".join(parts))

    @property
    def policies(self) -> tuple[Policy, ...]:
        return tuple(entry.policy for entry in self.resources if entry.policy is not None)

    def match(self, path: str) -> Policy | None:
        """The policy of the most specific resource matching ``path``, or
        None (no resource matches, or :meth:`owner` says no policy)."""
        policy = self._literal.get(path)
        if policy is not None:
            return policy
        if path in self._memo:
            return self._memo[path]
        policy = self._resolve(path) or None
        memo_set(self._memo, path, policy)
        return policy

    def owner(self, path: str) -> Policy | None | NotCovered:
        """What the most specific resource matching ``path`` says: its policy;
        None for no CORS at all, whatever an enclosing scope says (the
        resource is ``False`` in ``resources``, or ``path`` has dot segments
        and resolves to another resource's path); False when no resource
        matches, so an enclosing scope may answer.

        Asked where scopes nest; it has a memo of its own, so :meth:`match`
        (every request) keeps its lookups as short as they are."""
        policy = self._literal.get(path)
        if policy is not None:
            return policy
        if path in self._owners:
            return self._owners[path]
        found = self._resolve(path)
        memo_set(self._owners, path, found)
        return found

    def _resolve(self, path: str) -> Policy | None | NotCovered:
        found = self._lookup(path)
        if "/." in path or "//" in path:
            # "/files/public/../private/x" is routed (a <path:> rule,
            # send_from_directory, the static route) to what it resolves to.
            resolved = resolve_dot_segments(path)
            if resolved != path and self._lookup(resolved) is not found:
                return None
        return found

    def _lookup(self, path: str) -> Policy | None | NotCovered:
        policy = self._literal.get(path)
        if policy is not None:
            return policy
        if self._combined is not None:
            found = self._combined.fullmatch(path)
            if found is not None:
                return self._patterns[int(found.lastgroup[1:])].policy  # type: ignore[index]
            return False
        for entry in self._patterns:
            if entry.regex.fullmatch(path):  # type: ignore[union-attr]
                return entry.policy
        return False

    def narrowed(self, rules: Iterable[str]) -> list[str]:
        """A warning for each resource that covers fewer of ``rules`` (URL
        rules, as Flask writes them) than flask-cors 6.0.5 read it to cover
        (it matched a regex against the beginning of the path, here it must
        match the whole path), and one for each rule that 6.0.5 gave another
        resource's policy (it ranked patterns by their spelling).  Judged on
        sample paths of each rule."""
        samples = {rule: _samples(rule) for rule in rules}
        old_readings = {id(entry): _reading_in_605(entry) for entry in self.resources}
        messages = []
        for entry in self.resources:
            if entry.pattern == "*" or not _regex_in_605(entry.pattern):
                continue
            old = old_readings[id(entry)]
            lost = [
                rule
                for rule, paths in samples.items()
                if any(old(path) for path in paths)
                and not any(_covers(entry, path) for path in paths)
            ]
            if lost:
                shown = ", ".join(lost[:5]) + (
                    f" and {len(lost) - 5} more" if len(lost) > 5 else ""
                )
                source = _source(entry.pattern)
                glob = isinstance(entry.pattern, str) and not _regex_in_605(source[:-1])
                fix = f"{source[:-2]}.*" if glob else f"{source}.*"
                messages.append(
                    f"{self.where} resources[{_show(entry.pattern)}] no longer covers {shown}: "
                    f"flask-cors 6.0.5 matched a resource pattern against the beginning of the "
                    f"path, flask_cors matches it against the whole path. If those routes "
                    f"should get this resource's policy, write {fix!r}."
                )
        old_order = sorted(self.resources, key=_rank_in_605)
        for rule, paths in samples.items():
            for path in paths:
                ours = next((e for e in self.resources if _covers(e, path)), None)
                theirs = next((e for e in old_order if old_readings[id(e)](path)), None)
                if ours is None or theirs is None or ours is theirs:
                    continue
                if (ours.policy and ours.policy.options) == (
                    theirs.policy and theirs.policy.options
                ):
                    continue
                messages.append(
                    f"{self.where}: flask-cors 6.0.5 gave {rule} the policy of "
                    f"resources[{_show(theirs.pattern)}]; flask_cors gives it that of "
                    f"resources[{_show(ours.pattern)}], the more specific pattern for it (ranked "
                    f"by meaning, not spelling). If {rule} should keep the other policy, give "
                    f"it a resource of its own."
                )
                break
        return messages


def _source(pattern: PatternKey) -> str:
    return pattern.pattern if isinstance(pattern, re.Pattern) else pattern


def _reading_in_605(entry: Resource) -> Callable[[str], bool]:
    """Whether flask-cors 6.0.5 read ``entry`` to cover a path."""
    pattern = entry.pattern
    if pattern == "*":
        return lambda path: True
    if not _regex_in_605(pattern):
        return lambda path: path == pattern
    # A pattern that does not compile was refused when the map was built.
    old = pattern if isinstance(pattern, re.Pattern) else re.compile(pattern)
    return lambda path: old.match(path) is not None


def _rank_in_605(entry: Resource) -> tuple[int, int, int, int]:
    """flask-cors 6.0.5's order of dict resources: literal paths, then compiled
    patterns, then regex strings, each by the '/' in the source, then its length."""
    source = ".*" if entry.pattern == "*" else _source(entry.pattern)
    kind = (1, 0) if isinstance(entry.pattern, re.Pattern) else (1, 1)
    if not isinstance(entry.pattern, re.Pattern) and not _regex_in_605(source):
        kind = (0, 0)
    return (*kind, -source.count("/"), -len(source))


#: What :meth:`ResourceMap.owner` gives for a path no resource matches.
NotCovered = Literal[False]


def _covers(entry: Resource, path: str) -> bool:
    if entry.regex is None:
        return entry.plain == path
    return entry.regex.fullmatch(path) is not None


_CONVERTER_RE = re.compile(
    r"<(?:(?P<converter>[a-zA-Z_][a-zA-Z0-9_]*)(?:\((?P<args>.*?)\))?:)?[a-zA-Z_][a-zA-Z0-9_]*>"
)
_CONVERTER_SAMPLES = {"uuid": ("00000000-0000-0000-0000-000000000000",), "float": ("1.0",)}


def _samples(rule: str) -> list[str]:
    """Paths that ``rule`` (a Flask URL rule) matches, one per kind of value."""
    paths = []
    for kind in ("1", "x"):

        def value(found: re.Match[str], kind: str = kind) -> str:
            samples = _CONVERTER_SAMPLES.get(found.group("converter") or "", (kind,))
            return samples[0]

        paths.append(_CONVERTER_RE.sub(value, rule))
    return paths


def rule_as_regex(rule: str) -> str:
    """The regex a Flask URL rule (``/users/<int:id>``) stands for, roughly."""
    parts = []
    position = 0
    for found in _CONVERTER_RE.finditer(rule):
        parts.append(re.escape(rule[position : found.start()]))
        parts.append(".+" if found.group("converter") == "path" else "[^/]+")
        position = found.end()
    parts.append(re.escape(rule[position:]))
    return "".join(parts)
