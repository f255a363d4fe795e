"""The ``cross_origin`` view decorator."""

from __future__ import annotations

import functools
import inspect
import weakref
from typing import Any, Callable, TypeVar, cast

from flask import Flask, Request, Response, current_app, request_finished

from .extension import (
    VIEW_OPTIONS_ATTRIBUTE,
    VIEW_POLICY_ATTRIBUTE,
    apply_policy,
    current_request,
)
from .options import ALL_OPTION_NAMES, as_boolean, check_names, config_layer, resolve_options
from .policy import Policy

__all__ = ["cross_origin"]

F = TypeVar("F", bound=Callable[..., Any])

_DECORATOR_OPTIONS = ALL_OPTION_NAMES - {"resources"}
# Marks a request whose decorated view raised: its policy, for the error response.
_PENDING = "flask_cors.pending"

#: The app handling the current request (see ``current_request``).
current_app_object: Callable[[], Flask] = current_app._get_current_object  # type: ignore[attr-defined]


def _on_request_finished(sender: Flask, response: Response, **extra: Any) -> None:
    """Give the error response of a decorated view that raised its CORS headers.

    Such a view never returns to its wrapper (``abort(403)``, an exception
    turned into a 500); Flask still sends this signal with the final
    response.  Connected per app, and only once a decorated view of that app
    has raised, so that other requests pay nothing for it.
    """
    req = current_request()
    policy = req.environ.get(_PENDING)
    if policy is not None:
        apply_policy(policy, sender, req, response)  # does nothing if already done


def _answer_error_later(app: Flask, req: Request, policy: Policy) -> None:
    """Mark the current request for :func:`_on_request_finished`."""
    if policy.options.intercept_exceptions:
        req.environ[_PENDING] = policy
        request_finished.connect(_on_request_finished, sender=app, weak=False)


def cross_origin(*args: Any, **options: Any) -> Any:
    """Allow cross-origin requests to one view.

    Put it below ``@app.route``::

        @app.route("/")
        @cross_origin()
        def hello():
            return "Hello, cross-origin world!"

    It takes the same options as :class:`~flask_cors.CORS` except
    ``resources``, merged over the defaults and the app's ``CORS_*`` config.
    The options are checked when the decorator is applied, and merged with
    the app's config once per app, on its first request to the view.  Works
    on ``async def`` views too.  Used together with the extension, the
    decorator's options win for its view.

    :param automatic_options: answer OPTIONS requests (preflights) for this
        view as Flask would, with CORS headers.  Default True.  Pass False
        here (not only in the app config, which the decorator cannot see
        when it is applied) to answer OPTIONS in the view itself.
    """
    if args:
        if len(args) == 1 and callable(args[0]) and not options:
            return cross_origin()(args[0])  # used as @cross_origin, without ()
        raise TypeError(
            "cross_origin takes keyword options only, e.g. "
            "@cross_origin(origins='https://example.com')."
        )
    check_names(options, "cross_origin(...)", _DECORATOR_OPTIONS)
    resolve_options(options, where="cross_origin(...)")  # fail now, not at the first request
    takes_options = as_boolean("automatic_options", options.get("automatic_options", True))

    def decorator(view: F) -> F:
        where = f"@cross_origin on {getattr(view, '__qualname__', view)!r}"
        policies: weakref.WeakKeyDictionary[Flask, Policy] = weakref.WeakKeyDictionary()
        last: list[Any] = [None, None]  # the last (app, policy): most processes have one app

        def policy_for(app: Flask) -> Policy:
            if last[0] is app:
                known: Policy = last[1]
                return known
            policy = policies.get(app)
            if policy is None:
                policy = Policy(
                    resolve_options(config_layer(app.config), options, where=where), where
                )
                policies[app] = policy
            last[:] = [app, policy]
            return policy

        if inspect.iscoroutinefunction(view):

            @functools.wraps(view)
            async def wrapper(*args: Any, **kwargs: Any) -> Response:
                app: Flask = current_app_object()
                req = current_request()
                policy = policy_for(app)
                if takes_options and req.method == "OPTIONS":  # Flask's own answer
                    response = app.make_default_options_response()
                else:
                    try:
                        response = app.make_response(await view(*args, **kwargs))
                    except Exception:
                        _answer_error_later(app, req, policy)
                        raise
                apply_policy(policy, app, req, response)
                return response

        else:

            @functools.wraps(view)
            def wrapper(*args: Any, **kwargs: Any) -> Response:
                app: Flask = current_app_object()
                req = current_request()
                policy = policy_for(app)
                if takes_options and req.method == "OPTIONS":  # Flask's own answer
                    response = app.make_default_options_response()
                else:
                    try:
                        response = app.make_response(view(*args, **kwargs))
                    except Exception:
                        _answer_error_later(app, req, policy)
                        raise
                apply_policy(policy, app, req, response)
                return response

        setattr(wrapper, VIEW_POLICY_ATTRIBUTE, policy_for)
        if takes_options:
            # The wrapper answers OPTIONS (as Flask would, plus CORS headers),
            # so that preflights need no hook of their own.
            setattr(wrapper, VIEW_OPTIONS_ATTRIBUTE, True)
            wrapper.provide_automatic_options = False  # type: ignore[attr-defined]
            required = set(getattr(view, "required_methods", ()))
            wrapper.required_methods = required | {"OPTIONS"}  # type: ignore[attr-defined]
        return cast(F, wrapper)

    return decorator
