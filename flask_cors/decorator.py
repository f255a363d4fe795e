"""The ``cross_origin`` view decorator.

``cross_origin`` wraps the view in a :class:`CrossOriginView`, which calls it
and puts the view's policy (built once per app, on its first request) on the
response.  Everything the rest of flask_cors learns about the view is one
:class:`~flask_cors.views.ViewMark` that ``_wrap`` gives the wrapper (see
:mod:`flask_cors.views`).  The wrapper is a small ``functools.partial``
subclass rather than a plain function, and sets two Flask attributes beside
its mark, for quirks of Flask and Python that the tests show (the same on
Flask 2.3, 3.1 and the 3.2 development branch):

- ``View.as_view`` assigns ``view.provide_automatic_options`` *after*
  running the class's ``decorators`` (usually None, which ``add_url_rule``
  reads as True), so Flask's own ``OPTIONS`` answer, without CORS headers,
  would replace the wrapper's.  Only a data descriptor on the wrapper's
  class survives that assignment: the ``provide_automatic_options``
  property.
- ``add_url_rule`` reads ``provide_automatic_options`` from the outermost
  function, and ``functools.wraps`` in a decorator stacked above copies only
  ``__dict__``: so the value is also put in the wrapper's ``__dict__``.
- With ``provide_automatic_options=False`` Flask adds no ``OPTIONS`` to the
  rule: ``required_methods`` (Flask's documented attribute) adds it.
- A ``partial`` is no method descriptor before Python 3.14, so on
  ``View.dispatch_request`` it would get no ``self``: ``__get__`` binds it.
- Why a ``partial`` at all: Flask calls ``ensure_sync`` on every request,
  whose :func:`inspect.iscoroutinefunction` unwraps a partial in a few steps
  but inspects any other callable object's signature (about 57 more
  bytecode instructions per request on Python 3.11).
"""

from __future__ import annotations

import functools
import inspect
import types
import warnings
import weakref
from typing import Any, Callable, TypeVar, cast

from flask import Flask, Request, Response, current_app, got_request_exception, has_request_context

from . import callsite
from .errors import CORSConfigWarning
from .finishing import (
    Finisher,
    answer_error,
    apply_policy,
    current_request,
    leave_alone,
    prepare_error_response,
    was_unhandled,
)
from .options import (
    ALL_OPTION_NAMES,
    as_boolean,
    check_names,
    config_layer,
    keyword_layer,
    resolve_options,
)
from .policy import SAFE_METHODS, Policy
from .protection import refuse_write
from .routing import allowed_methods
from .scopes import EXTENSION_KEY, compare_view_with_resources, warn_if_wide_open
from .views import ViewMark, mark_view, view_mark, view_resolver

__all__ = ["cross_origin"]

F = TypeVar("F", bound=Callable[..., Any])

_DECORATOR_OPTIONS = ALL_OPTION_NAMES - {"resources"}

#: The app handling the current request (see ``current_request``).
current_app_object: Callable[[], Flask] = current_app._get_current_object  # type: ignore[attr-defined]


class CrossOriginView(functools.partial):  # type: ignore[type-arg]
    """A view wrapped by :func:`cross_origin`: calls it, then adds the CORS headers.

    One wrapper for plain and ``async def`` views (the latter run through the
    app's :meth:`~flask.Flask.ensure_sync`).  Why a ``partial`` with these
    methods: see the module docstring.
    """

    @property
    def provide_automatic_options(self) -> bool | None:
        """False when this wrapper answers OPTIONS: Flask must route OPTIONS here."""
        if view_mark(self).answers_options:
            return False
        value: bool | None = self.__dict__.get("_provide_automatic_options")
        return value

    @provide_automatic_options.setter
    def provide_automatic_options(self, value: bool | None) -> None:
        self.__dict__["_provide_automatic_options"] = value

    def __get__(self, instance: Any, owner: Any = None) -> Any:
        """Bind like a function when used on a method (``View.dispatch_request``)."""
        return self if instance is None else types.MethodType(self, instance)

    def __repr__(self) -> str:
        return f"<cross_origin view {getattr(self, '__qualname__', self.func)!s}>"


#: ``app.extensions`` key of the :class:`~flask_cors.finishing.Finisher` of an
#: app whose ``cross_origin`` views are its only flask_cors set-up.
_FINISHER_KEY = "flask_cors.views"


def _view_policy(app: Flask, req: Request) -> Policy | None:
    """The ``cross_origin`` policy of the view ``req`` is routed to, in ``app``."""
    rule = req.url_rule
    resolver = view_resolver(app, rule.endpoint) if rule is not None else None
    return resolver(app) if resolver is not None else None


def _prepare_error_response(sender: Any, **extra: Any) -> None:
    """``got_request_exception`` receiver for apps without the extension
    (whose own receiver does this for its app): the error response of a
    request routed to a decorated view gets the view's headers, also when a
    ``before_request`` hook failed before the view ever ran.

    Connected once per process, when ``cross_origin`` is first applied: a
    view learns its app only on its first request, and Flask has no signal
    for a view being added to an app.
    """
    if isinstance(sender, Flask) and EXTENSION_KEY not in sender.extensions:
        if has_request_context():
            prepare_error_response(sender, lambda req: _view_policy(sender, req))


def _finish_responses(app: Flask) -> None:
    """In an app without the extension, on its first request to a decorated
    view (its hooks are final then): give the response that leaves the app
    its headers when an ``after_request`` hook replaced the view's response
    with a new object (an envelope, compression)."""
    if EXTENSION_KEY in app.extensions or _FINISHER_KEY in app.extensions:
        return
    late_hooks = any(app.after_request_funcs.values())
    if not late_hooks:
        return

    def add_headers(response: Response) -> Response:
        req = current_request()
        policy = _view_policy(app, req)
        if policy is not None and (policy.options.intercept_exceptions or not was_unhandled(req)):
            apply_policy(policy, app, req, response)
        return response

    app.extensions[_FINISHER_KEY] = Finisher(
        app, lambda req: _view_policy(app, req), add_headers, late_hooks, errors=False
    )


def _wrap(view: Callable[..., Any], options: dict[str, Any], warned: set[str]) -> CrossOriginView:
    """The :class:`CrossOriginView` of ``view`` with ``options`` (already checked).

    :param warned: the set-up warnings given when the decorator was made, so
        that the first request of each app does not give them again.
    """
    is_async = inspect.iscoroutinefunction(view)
    # Whether the wrapper answers OPTIONS itself, as Flask would, plus CORS
    # headers (``automatic_options``, True unless turned off here).
    answers_options = as_boolean("automatic_options", options.get("automatic_options", True))
    policy_for = _policies_of(view, options, warned)

    def cross_origin_view(*args: Any, **kwargs: Any) -> Response:
        app = current_app_object()
        req = current_request()
        policy = policy_for(app)
        if answers_options and req.method == "OPTIONS":  # as Flask would answer
            response: Response = app.response_class()
            response.allow.update(allowed_methods(app, req) or ())
            if not policy.options.automatic_options:  # CORS_AUTOMATIC_OPTIONS = False
                leave_alone(response)
                return response
        else:
            if policy.options.cross_origin_protection and req.method.upper() not in SAFE_METHODS:
                # Refused in front of Flask when the app has the CORS extension;
                # in an app with decorators only, here, before the view.
                refusal = refuse_write(policy, app, req)
                if refusal is not None:
                    return refusal
            try:
                rv = (app.ensure_sync(view) if is_async else view)(*args, **kwargs)
            except Exception:
                answer_error(app, req, policy)
                raise
            response = app.make_response(rv)
        apply_policy(policy, app, req, response)
        return response

    wrapper = CrossOriginView(cross_origin_view)
    functools.update_wrapper(wrapper, view)
    _mark(wrapper, view, options, policy_for, answers_options)
    return wrapper


def _policies_of(
    view: Callable[..., Any], options: dict[str, Any], warned: set[str]
) -> Callable[[Flask], Policy]:
    """``policy_for(app)``: ``view``'s policy in ``app``, built on the app's
    first request (``options`` over the app's ``CORS_*`` config), then kept."""
    where = f"@cross_origin on {getattr(view, '__qualname__', view)!r}"
    # Config warnings come on the first request, far from the app's code:
    # they point at the view instead.
    warn_at = callsite.definition(view)
    policies: weakref.WeakKeyDictionary[Flask, Policy] = weakref.WeakKeyDictionary()
    # The last (app, policy), read and replaced as one tuple, so that threads
    # serving two apps never pair one app with the other's policy.  Most
    # processes have one app.
    last: list[tuple[Flask | None, Any]] = [(None, None)]  # (None, None) until the first call

    def policy_for(app: Flask) -> Policy:
        known: tuple[Flask | None, Policy] = last[0]
        if known[0] is app:
            return known[1]
        policy = policies.get(app)
        if policy is None:
            layers = (
                config_layer(app.config, callsite.warn_at(warn_at)),
                keyword_layer(options, "@cross_origin"),
            )
            policy = Policy(
                resolve_options(*layers, where=where, warned=warned, warn=callsite.warn), where
            )
            policies[app] = policy
            warn_if_wide_open(where, (policy,))
            _finish_responses(app)
            rule = current_request().url_rule if has_request_context() else None
            if rule is not None:
                compare_view_with_resources(app, rule.endpoint)
        last[0] = (app, policy)
        return policy

    return policy_for


def _mark(
    wrapper: CrossOriginView,
    view: Callable[..., Any],
    options: dict[str, Any],
    policy_for: Callable[[Flask], Policy],
    answers_options: bool,
) -> None:
    """Tell Flask and the extension about ``wrapper`` (see :mod:`flask_cors.views`)."""
    protects = as_boolean("cross_origin_protection", options.get("cross_origin_protection", False))
    # A view decorated twice protects if either decorator says so: the inner
    # wrapper still refuses writes itself.
    protects = protects or view_mark(view).protects
    mark_view(wrapper, ViewMark(policy_for, answers_options, protects))
    if answers_options:
        # Also as a plain attribute, so that decorators stacked above this
        # one (functools.wraps copies __dict__) pass it on to Flask.
        wrapper.__dict__["provide_automatic_options"] = False
        required = set(getattr(view, "required_methods", ()))
        wrapper.required_methods = required | {"OPTIONS"}  # type: ignore[attr-defined]
    else:
        wrapper.provide_automatic_options = getattr(view, "provide_automatic_options", None)


def _short_repr(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


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
    on ``async def`` views and in the ``decorators`` of class-based views.
    Used together with the extension, the decorator's options win for its
    view.

    :param automatic_options: answer OPTIONS requests (preflights) for this
        view as Flask would, with CORS headers.  Default True.  Pass False
        here (not only in the app config, which the decorator cannot see
        when it is applied) to answer OPTIONS in the view itself; the view's
        answer then gets the CORS headers.
    """
    if args:
        if len(args) == 1 and callable(args[0]) and not options:
            return cross_origin()(args[0])  # used as @cross_origin, without ()
        # flask-cors 6 ignored positional arguments, so such a view served
        # every origin: keep serving what it served, and say so.
        shown = ", ".join(_short_repr(argument) for argument in args)
        warnings.warn(
            f"cross_origin({shown}): positional arguments are ignored, as in "
            f"flask-cors 6, so the view keeps its other options (with no "
            f"origins=, every origin). Pass the value by name, e.g. "
            f"@cross_origin(origins={_short_repr(args[0])}).",
            CORSConfigWarning,
            stacklevel=2,
        )
    options = check_names(options, "cross_origin(...)", _DECORATOR_OPTIONS, callsite.warn)
    warned: set[str] = set()
    # Fail (and warn) now, not at the first request.
    resolve_options(
        keyword_layer(options, "@cross_origin"),
        where="cross_origin(...)",
        warned=warned,
        warn=callsite.warn,
    )

    def decorator(view: F) -> F:
        got_request_exception.connect(_prepare_error_response)  # once: connecting again is a no-op
        return cast(F, _wrap(view, options, warned))

    return decorator
