"""The one mark ``cross_origin`` leaves on a view, and how the rest of flask_cors reads it.

A :class:`ViewMark` holds all the extension, the WSGI edge and ``flask cors``
need to know about a decorated view: its policy in an app, whether its
wrapper answers ``OPTIONS``, whether its options protect writes.  The
decorator stores it once, with :func:`mark_view`, under one attribute;
:func:`view_mark` is the one reader (:data:`UNMARKED` for any other view).
The attribute is a plain one, in the wrapper's ``__dict__``, so a
``functools.wraps`` decorator stacked above ``cross_origin`` copies it to the
function Flask routes to; the mark is immutable, so the copies can share it.
Why the wrapper itself is shaped as it is: see :mod:`flask_cors.decorator`.
"""

from __future__ import annotations

from typing import Any, Callable, NamedTuple

from flask import Flask

from .policy import Policy

__all__ = ["UNMARKED", "ViewMark", "mark_view", "view_mark", "view_resolver"]

PolicyResolver = Callable[[Flask], Policy]

#: The attribute of a view that holds its :class:`ViewMark`.
_MARK_ATTRIBUTE = "_flask_cors_mark"


class ViewMark(NamedTuple):
    """What the shell needs to know about a view ``cross_origin`` wrapped."""

    #: The view's own policy in an app: ``app -> Policy`` (None: not wrapped).
    policy_for: PolicyResolver | None
    #: Whether the wrapper answers OPTIONS itself, as Flask would
    #: (``automatic_options``), so that Flask must route OPTIONS to it.
    answers_options: bool
    #: Whether the decorator's own options (or those of a ``cross_origin`` it
    #: wraps) turn ``cross_origin_protection`` on.
    protects: bool


#: The mark of every view ``cross_origin`` did not wrap.
UNMARKED = ViewMark(policy_for=None, answers_options=False, protects=False)


def mark_view(view: Any, mark: ViewMark) -> None:
    """Give ``view`` its ``mark`` (replacing one copied from a view it wraps)."""
    setattr(view, _MARK_ATTRIBUTE, mark)


def view_mark(view: Any) -> ViewMark:
    """The :class:`ViewMark` of ``view``, or :data:`UNMARKED`."""
    mark = getattr(view, _MARK_ATTRIBUTE, None)
    return mark if isinstance(mark, ViewMark) else UNMARKED


def view_resolver(app: Flask, endpoint: str | None) -> PolicyResolver | None:
    """The ``cross_origin`` policy resolver of an endpoint's view, if it has one."""
    return view_mark(app.view_functions.get(endpoint) if endpoint else None).policy_for
