"""The marks ``cross_origin`` leaves on the views it wraps, and how the shell reads them.

The extension, the WSGI edge and ``flask cors`` ask a view three things:
its own policy (the decorator's), whether its wrapper answers ``OPTIONS``
itself, and whether its options turn ``cross_origin_protection`` on.
"""

from __future__ import annotations

from typing import Any, Callable

from flask import Flask

from .policy import Policy

__all__ = ["view_answers_options", "view_protects", "view_resolver"]

PolicyResolver = Callable[[Flask], Policy]

#: Set by ``cross_origin`` on the view it wraps: a callable ``app -> Policy``.
VIEW_POLICY_ATTRIBUTE = "_flask_cors_policy"
#: Set by ``cross_origin`` on the view it wraps when the wrapper answers
#: OPTIONS as Flask would (``automatic_options``).
VIEW_OPTIONS_ATTRIBUTE = "_flask_cors_answers_options"
#: Set (True) by ``cross_origin`` on the view it wraps when its own options
#: turn ``cross_origin_protection`` on.
VIEW_PROTECTION_ATTRIBUTE = "_flask_cors_protects"


def view_resolver(app: Flask, endpoint: str | None) -> PolicyResolver | None:
    """The ``cross_origin`` policy resolver of an endpoint's view, if it has one."""
    view = app.view_functions.get(endpoint) if endpoint else None
    resolver: PolicyResolver | None = getattr(view, VIEW_POLICY_ATTRIBUTE, None)
    return resolver


def view_answers_options(view: Any) -> bool:
    """Whether ``view`` is a ``cross_origin`` wrapper that answers OPTIONS itself."""
    return bool(getattr(view, VIEW_OPTIONS_ATTRIBUTE, False))


def view_protects(view: Any) -> bool:
    """Whether ``view``'s ``cross_origin`` options turn ``cross_origin_protection`` on."""
    return bool(getattr(view, VIEW_PROTECTION_ATTRIBUTE, False))
