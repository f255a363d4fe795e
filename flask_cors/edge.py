"""The WSGI edge: preflights answered and cross-origin writes screened before
Flask dispatches the request.

:class:`CorsEdge` wraps ``app.wsgi_app`` (Flask's own recipe for
middleware).  It decides where it can decide right, with as little of the
app running as possible:

- at the edge itself, before Flask pushes a context, when the environ it
  sees is the one Flask routes (no middleware was installed on
  ``app.wsgi_app`` before ``CORS``, no Flask subclass changes ``wsgi_app``,
  and the request class does not change the method) and the policy needs no
  app code;
- otherwise in a ``request_started`` receiver: Flask has routed the request
  as its middleware left it and pushed the app's application and request
  context (an ``origins`` callable may use ``request``, ``current_app`` or a
  database session), and no ``before_request`` hook, view or
  ``after_request`` hook has run.  The answer is raised as
  :class:`_AnsweredBeforeDispatch`, which only this wrapper catches, so that
  no hook, error handler or session save runs for it.  Teardown functions
  run, as for every request Flask handles.

Either way no ``before_request`` hook, session or authentication code runs
for a preflight, so none can turn it into a 401 or a 500.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from flask import Flask, Request, Response, abort, has_request_context, request_started
from werkzeug.exceptions import HTTPException
from werkzeug.routing import RequestRedirect

from .errors import CORSConfigWarning
from .finishing import apply_policy, current_request
from .policy import SAFE_METHODS
from .protection import refuse_write, unsafe_from_browser, unscreened
from .routing import redirect_path, rule_at
from .views import view_mark

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment
    from werkzeug.routing import MapAdapter

    from .scopes import Installation

__all__ = ["CorsEdge", "middleware_outside_flask"]

logger = logging.getLogger("flask_cors")

# Set in the environ by the edge when it leaves a preflight or a write for
# the request_started receiver to decide.
_DECIDE_IN_FLASK = "flask_cors.decide_in_flask"


class _AnsweredBeforeDispatch(BaseException):
    """Carries an answer made in ``request_started`` out to the WSGI wrapper.

    A ``BaseException``, so that Flask's ``except Exception`` handlers let it
    pass: no error handler, ``after_request`` hook or session save runs for
    an answer given before dispatch.  Only raised for requests the wrapper
    marked (``_DECIDE_IN_FLASK``), so it never leaves the wrapper.
    """

    def __init__(self, response: Response) -> None:
        super().__init__("flask_cors answered before dispatch")
        self.response = response


def _answer_behind(error: BaseException) -> _AnsweredBeforeDispatch | None:
    """The answer that ``error`` (raised while Flask tore down) replaced, if any."""
    seen: BaseException | None = error
    for _ in range(50):  # exception contexts can be long; never loop forever
        if seen is None or isinstance(seen, _AnsweredBeforeDispatch):
            return seen
        seen = seen.__context__
    return None


class _Defer:
    """The edge's answer for a request that only Flask's own request context can decide."""


_DEFER = _Defer()

_METHOD_HOOKS = ("__init__", "__new__", "method", "__getattribute__", "__getattr__")


def is_flasks_own(wsgi_app: Any, app: Flask) -> bool:
    """Whether ``wsgi_app`` is ``app``'s own ``wsgi_app`` method, not middleware around it."""
    return getattr(wsgi_app, "__self__", None) is app and getattr(
        wsgi_app, "__func__", None
    ) is getattr(type(app), "wsgi_app", None)


def may_change_method(request_class: type) -> bool:
    """Whether ``request_class`` may give ``request.method`` another value than
    the environ's ``REQUEST_METHOD`` (an ``__init__``, ``method`` or attribute
    hook of its own, above Flask's :class:`~flask.Request`)."""
    for klass in request_class.__mro__:
        if klass is Request:
            return False
        if any(name in vars(klass) for name in _METHOD_HOOKS):
            return True
    return True  # not a Flask request class: assume the worst


def middleware_outside_flask(app: Flask) -> list[object]:
    """The WSGI middleware wrapping ``app.wsgi_app`` other than flask_cors's
    own edge, outermost first.

    Such middleware (Flask-SocketIO's, say) may answer some paths itself,
    without Flask.  Seen through the attribute the usual recipe keeps the
    wrapped app in (``.wsgi_app`` or ``.app``); a wrapper that keeps it
    elsewhere ends the list.
    """
    found: list[object] = []
    current: Any = app.wsgi_app
    while current is not None and current is not app and len(found) < 20:
        if is_flasks_own(current, app):
            break
        edge = getattr(current, "__self__", current)  # the edge, or its decide_in_flask
        if isinstance(edge, CorsEdge) and edge.app is app:
            current = edge.inner
            continue
        found.append(current)
        inner = getattr(current, "wsgi_app", None) or getattr(current, "app", None)
        current = inner if callable(inner) else None
    return found


class CorsEdge:
    """The WSGI middleware around ``app.wsgi_app`` (see the module docstring).

    :param setup: the app's :class:`~flask_cors.scopes.Installation`, which
        says which policy answers a request.
    """

    def __init__(self, app: Flask, setup: Installation) -> None:
        self.app = app
        self.setup = setup
        self.policy_for = setup.policy_for
        self.protection = setup.protection
        #: The WSGI app this edge wraps: ``app.wsgi_app`` as it was.
        self.inner: WSGIApplication = app.wsgi_app
        self.request_class = app.request_class
        # Middleware installed before CORS (ProxyFix, a path rewriter, a
        # method override) may change the host, path or method Flask routes,
        # and so may a Flask subclass's own wsgi_app; a request class may
        # change the method views see (a ``?_method=`` override): the edge
        # then decides nothing itself.
        self.in_flask = (
            not is_flasks_own(app.wsgi_app, app)
            or getattr(type(app), "wsgi_app", None) is not Flask.wsgi_app
            or may_change_method(app.request_class)
        )
        #: Where a request goes after the edge: to Flask, and through
        #: :meth:`decide_in_flask` once a request class set after ``CORS(app)``
        #: turns out to change the method (see :meth:`decide_in_flask_from_now`).
        self.forward: WSGIApplication = self.inner
        if self.in_flask:
            request_started.connect(self.on_request_started, app)

    def install(self) -> None:
        """Put this edge in front of the app: ``app.wsgi_app = edge`` (with
        ``in_flask``, its :meth:`decide_in_flask`, which decides nothing itself)."""
        self.app.wsgi_app = self.decide_in_flask if self.in_flask else self  # type: ignore[method-assign]

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        method = environ.get("REQUEST_METHOD")
        if method == "OPTIONS":
            if "HTTP_ACCESS_CONTROL_REQUEST_METHOD" in environ and "HTTP_ORIGIN" in environ:
                response = self.answer_preflight(self.request_class(environ), False)
                if response is not None:
                    if response is _DEFER:
                        return self.decide_in_flask(environ, start_response)
                    return response(environ, start_response)  # type: ignore[operator]
        elif method not in SAFE_METHODS and self.protection.protecting is not False:
            response = self.screen_environ(environ)
            if response is not None:
                if response is _DEFER:
                    return self.decide_in_flask(environ, start_response)
                return response(environ, start_response)  # type: ignore[operator]
        return self.forward(environ, start_response)

    def decide_in_flask(
        self, environ: WSGIEnvironment, start_response: StartResponse
    ) -> Iterable[bytes]:
        """Send the request to Flask, for :meth:`on_request_started` to decide."""
        environ[_DECIDE_IN_FLASK] = True
        request_started.connect(self.on_request_started, self.app)  # a no-op when connected
        try:
            return self.inner(environ, start_response)
        except _AnsweredBeforeDispatch as answered:
            return answered.response(environ, start_response)
        except Exception as error:
            answer = _answer_behind(error)
            if answer is None:
                raise
            # A teardown function failed after the answer was made (one
            # that expects what a before_request hook sets, say).
            logger.error(
                "flask_cors: a teardown function failed after the %r request to %r "
                "was answered; the answer is sent",
                environ.get("REQUEST_METHOD"),
                environ.get("PATH_INFO"),
                exc_info=error,
            )
            return answer.response(environ, start_response)

    def decide_in_flask_from_now(self) -> None:
        """Leave every decision to ``request_started`` from this (first) request on.

        For a request class set after ``CORS(app)`` that may change the method
        views see: the edge saw only the environ's.  The first request, which
        passed the edge already, is screened here; a refusal is raised as an
        ``HTTPException`` for Flask to send.
        """
        if self.in_flask or not may_change_method(self.app.request_class):
            return
        self.in_flask = True
        self.forward = self.decide_in_flask
        request_started.connect(self.on_request_started, self.app)
        req = current_request()
        if req.method.upper() in SAFE_METHODS:
            return
        refusal = self.screen_write(req, in_flask=True)
        if isinstance(refusal, Response):
            abort(refusal)

    def on_request_started(self, sender: Any, **extra: Any) -> None:
        """Decide a preflight or a write that the edge left to Flask.

        Flask has pushed the request's context and routed it; no
        ``before_request`` hook has run yet.  An answer leaves through
        :meth:`decide_in_flask` (``_AnsweredBeforeDispatch``), past every hook.
        """
        if sender is not self.app or not has_request_context():
            return
        req = current_request()
        environ = req.environ
        if not environ.get(_DECIDE_IN_FLASK):
            return  # not sent through this app's edge: nothing could catch an answer
        response: Response | _Defer | None = None
        if environ.get("REQUEST_METHOD") == "OPTIONS":
            if "HTTP_ACCESS_CONTROL_REQUEST_METHOD" in environ and "HTTP_ORIGIN" in environ:
                response = self.answer_preflight(req, in_flask=True)
        elif req.method.upper() not in SAFE_METHODS:
            response = self.screen_write(req, in_flask=True)
        if isinstance(response, Response):
            raise _AnsweredBeforeDispatch(response)

    # --- writes ---

    def screen_environ(self, environ: WSGIEnvironment) -> Response | _Defer | None:
        """:meth:`screen_write` for a request seen at the edge (not routed yet)."""
        protection = self.protection
        if protection.protecting is None:
            try:
                protection.active()
            except Exception:
                logger.exception("flask_cors: could not tell whether writes are protected")
                return unscreened(environ) if unsafe_from_browser(environ) else None
        if not protection.protecting:
            return None
        if not unsafe_from_browser(environ):
            return None  # a safe method, or not from a browser: nothing to protect against
        return self.screen_write(self.request_class(environ), in_flask=False)

    def screen_write(self, req: Request, in_flask: bool) -> Response | _Defer | None:
        """The 403 for a cross-origin write the screening policy refuses, else None
        (``_DEFER``: only Flask's request context can decide; ``in_flask``:
        this is Flask's request, routed and in its context).

        For requests whose method is not safe; see ``cross_origin_protection``.
        Requests Flask cannot route (404, 405, redirects) are left to Flask.
        Whatever fails while screening refuses the write: never open.
        """
        app = self.app
        try:
            if in_flask:
                if not self.protection.active() or req.url_rule is None:
                    return None  # Flask answers a request it cannot route as usual
                endpoint = req.url_rule.endpoint
            else:
                # Inline rather than routing.url_adapter (never None for a
                # request): this runs on every screened write.
                adapter: MapAdapter = app.create_url_adapter(req)  # type: ignore[assignment]
                endpoint = adapter.match(return_rule=True)[0].endpoint
            policy = self.protection.screening_policy(endpoint, req.path)
            if policy is None:
                return None
            if policy.needs_context and not in_flask:
                return _DEFER
            return refuse_write(policy, app, req)
        except HTTPException:
            return None  # Flask answers it as it would any request to that URL
        except CORSConfigWarning:
            raise  # turned into an error by the app's warnings filter: stop the request
        except Exception:
            logger.exception(
                "flask_cors: could not screen the %r request to %r; it is refused",
                req.environ.get("REQUEST_METHOD"),
                req.environ.get("PATH_INFO"),
            )
            return unscreened(req.environ)

    # --- preflights ---

    def answer_preflight(self, req: Request, in_flask: bool) -> Response | _Defer | None:
        """The answer to a preflight, or None to let Flask handle the request
        (``_DEFER``: decide it in Flask's request context; ``in_flask``: this
        is Flask's request, routed and in its context).

        Answered when a URL rule matches (directly, or after the redirect
        Flask would make, which a preflight may not follow), Flask or a
        ``cross_origin`` view would answer ``OPTIONS`` there automatically,
        and a policy with ``automatic_options`` covers it.
        """
        app = self.app
        environ = req.environ
        try:
            # Never None for a request (see routing.url_adapter); inline, per preflight.
            adapter: MapAdapter = app.create_url_adapter(req)  # type: ignore[assignment]
            path = req.path
            try:
                options_rule, _ = adapter.match(method="OPTIONS", return_rule=True)
            except RequestRedirect as redirect:
                target = redirect_path(adapter, redirect, req)
                if target is None:
                    return None
                path = target
                options_rule, _ = adapter.match(path, method="OPTIONS", return_rule=True)
            if not (
                getattr(options_rule, "provide_automatic_options", False)
                or view_mark(app.view_functions.get(options_rule.endpoint)).answers_options
            ):
                return None  # the view answers OPTIONS itself; the hooks add the headers
            # The view that will serve the actual request decides (its decorator).
            actual_rule = rule_at(adapter, path, environ["HTTP_ACCESS_CONTROL_REQUEST_METHOD"])
            policy = self.policy_for((actual_rule or options_rule).endpoint, path)
            if policy is None or not policy.options.automatic_options:
                return None
            if policy.needs_context and not in_flask:
                return _DEFER
            methods = sorted(adapter.allowed_methods(path))
            response: Response = app.response_class()
            response.allow.update(methods)
            apply_policy(policy, app, req, response, methods)
            return response
        except HTTPException:
            return None  # Flask answers it as it would any request to that URL
        except Exception:
            logger.exception(
                "flask_cors: could not answer the preflight %r; Flask handles it",
                environ.get("PATH_INFO"),
            )
            return None
