"""Regex helpers shared by origins, headers and resources, and the bounded memo.

Private to flask_cors.
"""

from __future__ import annotations

import re
import sys
import warnings
import weakref
from collections.abc import Sequence
from re import Pattern
from typing import Any, TypeVar

K = TypeVar("K")
V = TypeVar("V")

#: Characters that make an option value a regular expression rather than text.
REGEX_METACHARACTERS = frozenset("^$*+?{}[]\\|()")

# Bounds for the memo tables.  Repeated values are served from a table;
# hostile unique ones can never grow the tables past these bounds.  A key
# longer than _MEMO_KEY_CHARS (in total) is never remembered: no browser
# sends such an Origin, and an answer computed afresh costs less than the
# memory.  All tables together hold at most _MEMO_BYTES (estimated as the
# size of the key's strings, twice, since the answer may repeat them, plus
# _MEMO_ENTRY_BYTES for the entry, the answer and its tuples); each holds
# at most _MEMO_SIZE entries.
_MEMO_SIZE = 1024
_MEMO_KEY_CHARS = 1024
_MEMO_BYTES = 2 * 1024 * 1024
_MEMO_ENTRY_BYTES = 640

_FLAG_LETTERS = ((re.IGNORECASE, "i"), (re.MULTILINE, "m"), (re.DOTALL, "s"), (re.VERBOSE, "x"))
_COMBINABLE_FLAGS = re.IGNORECASE | re.MULTILINE | re.DOTALL | re.VERBOSE | re.UNICODE
# Group references by number (or name) change meaning once a pattern sits
# inside a larger regex, so such patterns are matched on their own.
_GROUP_REFERENCE_RE = re.compile(r"\\[1-9]|\(\?P=|\(\?\(")
# Inline flags at the start of a pattern, which apply to all of it.
_GLOBAL_FLAGS_RE = re.compile(r"\A(?:\(\?[aiLmsux]+\))+")


def looks_like_regex(value: str) -> bool:
    return any(char in REGEX_METACHARACTERS for char in value)


def scoped_source(pattern: Pattern[str]) -> str | None:
    """``pattern`` as a group that keeps its flags inside a larger regex, if it can."""
    if pattern.flags & ~_COMBINABLE_FLAGS or _GROUP_REFERENCE_RE.search(pattern.pattern):
        return None
    letters = "".join(letter for flag, letter in _FLAG_LETTERS if pattern.flags & flag)
    # Flags set for the whole pattern ("(?s)/x") are in pattern.flags; inside
    # a larger regex they would not be at its start any more.
    source = _GLOBAL_FLAGS_RE.sub("", pattern.pattern)
    return f"(?{letters}:{source})" if letters else f"(?:{source})"


def compile_whole(source: str, flags: int = 0) -> Pattern[str] | None:
    """``source`` (built from other patterns) compiled with ``flags``, or None
    where a part's global flags would not stay in that part.

    Global flags that are not at the start of the regex are an ``re.error``
    from Python 3.11 on; Python 3.9 and 3.10 only warn, then apply them to
    the whole regex, so that one part's ``(?i)`` would change what every
    other part matches.  The warning is not passed on: it is about the
    user's pattern, and Python gave it when that pattern was compiled.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        try:
            compiled = re.compile(source, flags)
        except re.error:
            return None
    return compiled if compiled.flags == re.compile("", flags).flags else None


def anchored_at_end(pattern: Pattern[str]) -> Pattern[str]:
    """``pattern``, made to reach the end of the text: its ``match`` answers as
    ``pattern.fullmatch`` does (group references and a trailing ``(?x)``
    comment included).  Where Python will not put the pattern in a group
    (from 3.11 on, global flags after a comment or verbose whitespace), it is
    given back as it is.
    """
    source = _GLOBAL_FLAGS_RE.sub("", pattern.pattern)  # kept in pattern.flags
    # In a verbose pattern a trailing comment runs to the end of the line.
    end = "\n" if pattern.flags & re.VERBOSE else ""
    # re.DEBUG would print the parse tree again.
    anchored = compile_whole(f"(?:{source}{end})\\Z", pattern.flags & ~re.DEBUG)
    return pattern if anchored is None else anchored


def combine_patterns(patterns: Sequence[Pattern[str]]) -> list[Pattern[str]]:
    """Fold compiled patterns into as few regexes as possible (one, usually).

    Matching ``fullmatch`` against the result tells whether any of the inputs
    fullmatches; the alternatives keep their order.  A pattern that cannot be
    embedded (backreferences, global-only flags) stays on its own.
    """
    parts: list[str] = []
    alone: list[Pattern[str]] = []
    for pattern in patterns:
        scoped = scoped_source(pattern)
        if scoped is None:
            alone.append(pattern)
        else:
            parts.append(scoped)
    if not parts:
        return alone
    combined = compile_whole("|".join(parts))
    return list(patterns) if combined is None else [combined, *alone]


class Memo(dict[K, V]):
    """A memo table: a plain dict for lookups, filled by :func:`memo_set` only."""

    __slots__ = ("charged", "__weakref__")

    def __init__(self) -> None:
        super().__init__()
        self.charged = 0  # estimated bytes held, counted in _charged
        _tables[id(self)] = self

    def forget(self) -> None:
        global _charged
        _charged -= self.charged
        self.charged = 0
        self.clear()


# Every live memo table, and the bytes they hold together (an estimate;
# a table that is gone leaves its share counted until the next reset).
_tables: weakref.WeakValueDictionary[int, Memo[Any, Any]] = weakref.WeakValueDictionary()
_charged = 0


def _cost(key: Any) -> int | None:
    """The estimated bytes an entry for ``key`` holds, or None for a key too long to keep."""
    parts = key if isinstance(key, tuple) else (key,)
    texts = [part for part in parts if isinstance(part, str)]
    if sum(map(len, texts)) > _MEMO_KEY_CHARS:
        return None
    return _MEMO_ENTRY_BYTES + 2 * sum(map(sys.getsizeof, texts))


def memo_set(memo: Memo[Any, Any], key: Any, value: Any) -> None:
    """Remember ``value`` for ``key`` in ``memo``, within the bounds above."""
    global _charged
    cost = _cost(key)
    if cost is None:
        return
    if len(memo) >= _MEMO_SIZE:
        memo.forget()
    if _charged + cost > _MEMO_BYTES:
        for table in list(_tables.values()):
            table.forget()
        _charged = 0  # also drops the shares of tables that are gone
    memo[key] = value
    memo.charged += cost
    _charged += cost
