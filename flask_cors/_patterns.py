"""Regex helpers shared by origins, headers and resources, and the bounded memo.

Private to flask_cors.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from re import Pattern
from typing import Any

#: Characters that make an option value a regular expression rather than text.
REGEX_METACHARACTERS = frozenset("^$*+?{}[]\\|()")

# Bound for the memo tables: repeated values are served from the table,
# hostile unique values can never grow it past this size.
_MEMO_SIZE = 1024

_FLAG_LETTERS = ((re.IGNORECASE, "i"), (re.MULTILINE, "m"), (re.DOTALL, "s"), (re.VERBOSE, "x"))
_COMBINABLE_FLAGS = re.IGNORECASE | re.MULTILINE | re.DOTALL | re.VERBOSE | re.UNICODE
# Group references by number (or name) change meaning once a pattern sits
# inside a larger regex, so such patterns are matched on their own.
_GROUP_REFERENCE_RE = re.compile(r"\\[1-9]|\(\?P=|\(\?\(")


def looks_like_regex(value: str) -> bool:
    return any(char in REGEX_METACHARACTERS for char in value)


def scoped_source(pattern: Pattern[str]) -> str | None:
    """``pattern`` as a group that keeps its flags inside a larger regex, if it can."""
    if pattern.flags & ~_COMBINABLE_FLAGS or _GROUP_REFERENCE_RE.search(pattern.pattern):
        return None
    letters = "".join(letter for flag, letter in _FLAG_LETTERS if pattern.flags & flag)
    return f"(?{letters}:{pattern.pattern})" if letters else f"(?:{pattern.pattern})"


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
    try:
        combined = re.compile("|".join(parts))
    except re.error:
        return list(patterns)
    return [combined, *alone]


def memo_set(memo: dict[Any, Any], key: Any, value: Any) -> None:
    if len(memo) >= _MEMO_SIZE:
        memo.clear()
    memo[key] = value
