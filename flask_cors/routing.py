"""What Flask's routing says about a request: its URL rule, its redirect, its methods.

The shell asks these questions at the WSGI edge (before Flask routes) and in
the hooks (after it has, or has failed to); the answers are the ones Flask
itself would give, through the app's URL adapter.  Nothing here decides CORS.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from flask import Flask, Request
from werkzeug.exceptions import HTTPException, MethodNotAllowed
from werkzeug.routing import RequestRedirect

if TYPE_CHECKING:
    from werkzeug.routing import MapAdapter, Rule

__all__ = ["allowed_methods", "redirect_path", "rule_at", "unrouted_target", "url_adapter"]

logger = logging.getLogger("flask_cors")


def allowed_methods(app: Flask, req: Request, path: str | None = None) -> list[str] | None:
    """The methods some URL rule of ``path`` (default: the request's) accepts.

    The union over every rule that matches the path, as Flask's own answer
    to ``OPTIONS`` lists them; None when no rule matches.
    """
    return sorted(url_adapter(app, req).allowed_methods(path)) or None


def url_adapter(app: Flask, req: Request) -> MapAdapter:
    """The app's URL adapter for ``req``, as Flask routes it.

    ``create_url_adapter`` returns None only when given no request.
    """
    adapter = app.create_url_adapter(req)
    assert adapter is not None
    return adapter


def redirect_path(adapter: MapAdapter, redirect: RequestRedirect, req: Request) -> str | None:
    """The path (within the app) that a routing redirect points to, if on this host."""
    target = urlsplit(redirect.new_url)
    if target.netloc not in ("", req.host):
        return None
    path = unquote(target.path)
    script = adapter.script_name.rstrip("/")
    if script:
        if not path.startswith(script + "/"):
            return None
        path = path[len(script) :]
    return path


def rule_at(adapter: MapAdapter, path: str, method: str) -> Rule | None:
    """The rule that serves ``method`` at ``path``; else one serving any method there."""
    try:
        rule, _ = adapter.match(path, method=method, return_rule=True)
        return rule
    except MethodNotAllowed as error:
        for valid in error.valid_methods or ():
            try:
                rule, _ = adapter.match(path, method=valid, return_rule=True)
                return rule
            except HTTPException:
                continue  # that method's rule redirects (``redirect_to``): try the next
    except HTTPException:
        pass
    return None


def unrouted_target(app: Flask, req: Request) -> tuple[str | None, str]:
    """``(endpoint, path)`` for a request that Flask could not route.

    A redirect (strict slashes) belongs to the URL it points to, a 405 to
    the rules of its URL; a 404 to no rule.
    """
    error = req.routing_exception
    path = req.path
    if not isinstance(error, (RequestRedirect, MethodNotAllowed)):
        return None, path
    try:
        adapter = url_adapter(app, req)
        if isinstance(error, RequestRedirect):
            target = redirect_path(adapter, error, req)
            if target is None:
                return None, path
            path = target
        rule = rule_at(adapter, path, req.method)
    except Exception:
        logger.exception("flask_cors: could not route %r %r", req.method, req.path)
        return None, path
    return (rule.endpoint if rule is not None else None), path
