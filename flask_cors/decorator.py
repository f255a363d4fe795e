"""The ``cross_origin`` view decorator."""

from __future__ import annotations

import functools
import inspect
import weakref
from typing import Any, Callable, TypeVar, cast

from flask import Flask, Response, current_app, request_finished

from .extension import DONE, VIEW_POLICY_ATTRIBUTE, apply_policy, current_request, view_resolver
from .options import ALL_OPTION_NAMES, check_names, config_layer, resolve_options
from .policy import Policy

__all__ = ["cross_origin"]

F = TypeVar("F", bound=Callable[..., Any])

_DECORATOR_OPTIONS = ALL_OPTION_NAMES - {"resources"}

#: The app handling the current request (see ``current_request``).
current_app_object: Callable[[], Flask] = current_app._get_current_object  # type: ignore[attr-defined]


def _on_request_finished(sender: Flask, response: Response, **extra: Any) -> None:
    """Give decorated views' responses that bypassed the wrapper their headers.

    Flask answers OPTIONS itself without calling the view, and a view that
    raised (``abort(403)``, an exception turned into a 500) never returns to
    its wrapper; Flask still sends this signal with the final response.  With
    the ``CORS`` extension installed, its hook has already done this.
    """
    req = current_request()
    if DONE in req.environ:
        return
    resolver = view_resolver(sender, req.endpoint)
    if resolver is None:
        return
    policy = resolver(sender)
    if policy.options.intercept_exceptions or req.method == "OPTIONS":
        apply_policy(policy, sender, req, response)


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

    :param automatic_options: add CORS headers to the answers to OPTIONS
        requests (preflights) for this view.  Default True.
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
    request_finished.connect(_on_request_finished, weak=False)

    def decorator(view: F) -> F:
        where = f"@cross_origin on {getattr(view, '__qualname__', view)!r}"
        policies: "weakref.WeakKeyDictionary[Flask, Policy]" = weakref.WeakKeyDictionary()
        last: list[Any] = [None, None]  # the last (app, policy): most processes have one app

        def policy_for(app: Flask) -> Policy:
            if last[0] is app:
                known: Policy = last[1]
                return known
            policy = policies.get(app)
            if policy is None:
                policy = Policy(resolve_options(config_layer(app.config), options, where=where), where)
                policies[app] = policy
            last[:] = [app, policy]
            return policy

        if inspect.iscoroutinefunction(view):

            @functools.wraps(view)
            async def wrapper(*args: Any, **kwargs: Any) -> Response:
                app: Flask = current_app_object()
                response = app.make_response(await view(*args, **kwargs))
                apply_policy(policy_for(app), app, current_request(), response)
                return response

        else:

            @functools.wraps(view)
            def wrapper(*args: Any, **kwargs: Any) -> Response:
                app: Flask = current_app_object()
                response = app.make_response(view(*args, **kwargs))
                apply_policy(policy_for(app), app, current_request(), response)
                return response

        setattr(wrapper, VIEW_POLICY_ATTRIBUTE, policy_for)
        return cast(F, wrapper)

    return decorator
