"""The ``CORS`` Flask extension and the Flask shell it shares with ``cross_origin``.

Everything here rests on Flask's documented extension points:

- preflights to a covered URL are answered by a wrapper around ``app.wsgi_app``
  (Flask's own recipe for middleware), before Flask pushes a context, so no
  ``before_request``, ``after_request`` or ``teardown_*`` hook, session or
  authentication code runs for them;
- every other response gets its headers from one ``after_request`` hook per
  app; the error response Flask builds after an unhandled exception (or after
  a failing ``after_request`` hook or session store) gets them from an
  ``after_this_request`` callback registered by a ``got_request_exception``
  receiver.

No method of the Flask instance is replaced and no internal dict is written.
"""

from __future__ import annotations

import dataclasses
import logging
import warnings
import weakref
from collections.abc import Collection, Iterable, Mapping
from typing import (
    TYPE_CHECKING,
    Any,
    Callable,
    Union,
    cast,
)
from urllib.parse import unquote, urlsplit

from flask import (
    Blueprint,
    Flask,
    Request,
    Response,
    abort,
    after_this_request,
    got_request_exception,
    has_request_context,
    request,
    request_finished,
    request_started,
)
from werkzeug.exceptions import HTTPException, MethodNotAllowed
from werkzeug.routing import RequestRedirect

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment
    from flask.blueprints import BlueprintSetupState
    from werkzeug.routing import MapAdapter, Rule

from .errors import CORSConfigError, CORSConfigWarning
from .options import (
    ALL_OPTION_NAMES,
    CONFIG_KEYS,
    as_boolean,
    caller_location,
    check_names,
    config_changes,
    config_layer,
    config_snapshot,
    ignored_key_message,
    keyword_layer,
    resolve_options,
)
from .policy import SAFE_METHODS, Decision, Policy
from .resources import ResourceMap
from .signals import cors_allowed, cors_refused

__all__ = ["CORS", "Installation", "apply_policy", "policy_for_path", "policy_for_request"]

logger = logging.getLogger("flask_cors")

#: Set by ``cross_origin`` on the view it wraps: a callable ``app -> Policy``.
VIEW_POLICY_ATTRIBUTE = "_flask_cors_policy"
#: Set by ``cross_origin`` on the view it wraps when the wrapper answers
#: OPTIONS as Flask would (``automatic_options``).
VIEW_OPTIONS_ATTRIBUTE = "_flask_cors_answers_options"
#: Set (True) by ``cross_origin`` on the view it wraps when its own options
#: turn ``cross_origin_protection`` on.
VIEW_PROTECTION_ATTRIBUTE = "_flask_cors_protects"
#: Opt-in response header with the decision summary (``debug_header``).
DEBUG_HEADER = "X-CORS-Debug"
#: A request whose environ holds a list under this key gets its decision
#: explained: ``(method, path, explained Decision)`` is appended to the list
#: (a list, so that it survives test clients that copy the environ).
EXPLAIN = "flask_cors.explain"
#: ``app.extensions`` key of the app's :class:`Installation`.
EXTENSION_KEY = "cors"
# Kept in a response's __dict__ once its CORS headers are settled, so that
# each response object is answered once, and a new one (the 500 Flask makes
# when a hook fails) is answered again.
_APPLIED = "_flask_cors_applied"
# Requests whose response Flask built from an unhandled exception (see
# ``got_request_exception``): intercept_exceptions=False leaves those alone.
_UNHANDLED: weakref.WeakSet[Request] = weakref.WeakSet()

PolicyResolver = Callable[[Flask], Policy]

# Set in the environ by the WSGI wrapper when it leaves a preflight or a
# write for the request_started receiver to decide (see Installation).
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

#: The request being handled: one context lookup, where ``request.x`` costs one
#: per attribute.  This is the proxy's own lookup function (Werkzeug API).
current_request: Callable[[], Request] = request._get_current_object  # type: ignore[attr-defined]


def _set_headers(headers: Any, decision: Decision) -> bool:
    """Put a decision's headers on a response's; True if the view owns them.

    A response never carries two values of an ``Access-Control-*`` header: a
    header the view set stays as the view set it.  A view that set
    ``Access-Control-Allow-Origin`` owns the response's CORS headers, and gets
    none of ours.  ``Vary: Origin`` is merged in either way when the policy
    needs it, so that caches keep answers for different origins apart.
    """
    view_cors: set[str] | None = None
    view_set_vary = False
    for name, _ in headers:  # a plain loop: cheaper than any C-level trick for a few names
        lowered = name.lower()
        if "access-control-" in lowered:  # only compared exactly below: no false match
            if view_cors is None:
                view_cors = set()
            view_cors.add(lowered)
        elif lowered == "vary":
            view_set_vary = True
    owned = False
    if view_cors is None:  # the usual case: the view set no CORS header
        for name, value in decision.headers:
            headers.add(name, value)
    elif "access-control-allow-origin" in view_cors:
        owned = True
    else:
        for name, value in decision.headers:
            if name.lower() not in view_cors:
                headers.add(name, value)
    if decision.vary:
        if not view_set_vary:
            headers.add("Vary", "Origin")
            return owned
        vary = headers.getlist("Vary")
        if not any(
            item.strip().lower() in ("origin", "*") for line in vary for item in line.split(",")
        ):
            headers["Vary"] = ", ".join([*vary, "Origin"])  # one line, keeping the view's
    return owned


def allowed_methods(app: Flask, req: Request, path: str | None = None) -> list[str] | None:
    """The methods some URL rule of ``path`` (default: the request's) accepts.

    The union over every rule that matches the path, as Flask's own answer
    to ``OPTIONS`` lists them; None when no rule matches.
    """
    adapter = app.create_url_adapter(req)
    if adapter is None:
        return None
    return sorted(adapter.allowed_methods(path)) or None


def leave_alone(response: Response) -> None:
    """Settle ``response`` without CORS headers: no hook adds any later."""
    response.__dict__[_APPLIED] = True


def apply_policy(
    policy: Policy,
    app: Flask,
    req: Request,
    response: Response,
    route_methods: Collection[str] | None = None,
) -> None:
    """Add ``policy``'s answer for ``req`` to ``response``.

    Once per response object; bad request input is logged, never raised.

    :param route_methods: for a preflight, the methods the URL accepts (found
        from the app's URL map when not given).
    """
    settled = response.__dict__  # Werkzeug's response classes have no __slots__
    if _APPLIED in settled:
        return
    settled[_APPLIED] = True
    environ = req.environ
    try:
        method = environ.get("REQUEST_METHOD")  # as sent: only "OPTIONS" is a preflight
        origin = environ.get("HTTP_ORIGIN")
        preflight: tuple[Any, ...] = ()
        if (
            method == "OPTIONS"
            and origin is not None
            and "HTTP_ACCESS_CONTROL_REQUEST_METHOD" in environ
        ):
            if route_methods is None:
                route_methods = allowed_methods(app, req)
            preflight = (
                environ["HTTP_ACCESS_CONTROL_REQUEST_METHOD"],
                environ.get("HTTP_ACCESS_CONTROL_REQUEST_HEADERS"),
                environ.get("HTTP_ACCESS_CONTROL_REQUEST_PRIVATE_NETWORK", "").lower() == "true",
                route_methods,
            )
            decision = policy.decide(origin, *preflight)
        else:  # the common case, usually answered from the policy's memo
            decision = policy.decide(origin)
        owned = _set_headers(response.headers, decision)
        debug_header = policy.options.debug_header
        # app.config["DEBUG"] is what app.debug reads, without a property call;
        # inline rather than _debug_header_on(), on the path every response takes.
        if debug_header or (debug_header is None and app.config["DEBUG"]):
            response.headers.add(DEBUG_HEADER, "view-owned" if owned else _summary(decision))
        if owned:
            logger.debug(
                "%r %r from origin %r: the view set Access-Control-Allow-Origin itself, so it "
                "owns this response's CORS headers",
                method,
                req.path,
                origin,
            )
            return
        if cors_allowed.receivers or cors_refused.receivers:
            _send_signal(app, req, decision)
        if EXPLAIN in environ or logger.isEnabledFor(logging.DEBUG):
            _explain(req, method, lambda: policy.decide(origin, *preflight, explain=True))
    except Exception:
        logger.exception(
            "flask_cors: could not add CORS headers to the response for %r %r",
            environ.get("REQUEST_METHOD"),
            environ.get("PATH_INFO"),
        )


def _debug_header_on(policy: Policy, app: Flask) -> bool:
    """Whether responses under ``policy`` carry ``X-CORS-Debug`` (``debug_header``)."""
    debug_header = policy.options.debug_header
    # app.config["DEBUG"] is what app.debug reads, without a property call.
    return bool(debug_header or (debug_header is None and app.config["DEBUG"]))


def refuse_write(policy: Policy, app: Flask, req: Request) -> Response | None:
    """The 403 for a cross-origin write that ``policy`` refuses, or None to let it through.

    For requests with a method outside ``SAFE_METHODS``, under a policy with
    ``cross_origin_protection``.  The refusal is logged at debug level,
    explained to ``flask cors check`` and sent to ``cors_refused`` receivers.
    """
    environ = req.environ
    origin = environ.get("HTTP_ORIGIN")
    fetch_site = environ.get("HTTP_SEC_FETCH_SITE")
    host = environ.get("HTTP_HOST")
    decision = policy.decide_write(origin, fetch_site, host)
    if decision.allowed:
        return None
    method = req.method  # as the view would see it (a request class may override it)
    body = f"Cross-origin request refused: {origin or 'this page'} may not send {method} here.\n"
    response: Response = app.response_class(body, status=403, mimetype="text/plain")
    response.headers["X-Content-Type-Options"] = "nosniff"  # the body quotes the request
    leave_alone(response)  # no CORS headers: the page's origin is not allowed
    if _debug_header_on(policy, app):
        response.set_data(f"{body}reason: {decision.code}\n")
        response.headers[DEBUG_HEADER] = _summary(decision)
    if origin is not None and cors_refused.receivers:
        _send_safely(cors_refused, app, origin, req.path, decision)
    if EXPLAIN in environ or logger.isEnabledFor(logging.DEBUG):
        _explain(req, method, lambda: policy.decide_write(origin, fetch_site, host, explain=True))
    return response


def _unsafe_from_browser(environ: WSGIEnvironment) -> bool:
    """Whether a request has an unsafe method and a browser's Origin or Sec-Fetch-Site."""
    if str(environ.get("REQUEST_METHOD", "")).upper() in SAFE_METHODS:
        return False
    return "HTTP_ORIGIN" in environ or "HTTP_SEC_FETCH_SITE" in environ


def _unscreened(environ: WSGIEnvironment) -> Response:
    """The 403 for a write that could not be screened: failing closed, never open.

    Flask's base response class, not the app's ``response_class``, which may be
    what failed.
    """
    body = "Cross-origin request refused: it could not be checked.\n"
    response = Response(body, status=403, mimetype="text/plain")
    response.headers["X-Content-Type-Options"] = "nosniff"
    leave_alone(response)
    return response


def _explain(req: Request, method: str | None, explained: Callable[[], Decision]) -> None:
    """Log the decision ``explained()`` makes, with its reasons, at debug
    level, and hand it to ``flask cors check`` (``EXPLAIN``).  The callers
    ask only when one of them listens."""
    explanations = req.environ.get(EXPLAIN)
    decision = explained()
    if isinstance(explanations, list):
        explanations.append((method, req.path, decision))
    logger.debug(
        "%r %r from origin %r: %s: %s",
        method,
        req.path,
        req.environ.get("HTTP_ORIGIN"),
        _summary(decision),
        "; ".join(decision.explanation),
    )


def _send_signal(app: Flask, req: Request, decision: Decision) -> None:
    """Tell ``cors_allowed`` or ``cors_refused`` receivers about a cross-origin request."""
    origin = req.environ.get("HTTP_ORIGIN")
    if origin is not None:
        signal = cors_allowed if decision.allowed else cors_refused
        _send_safely(signal, app, origin, req.path, decision)


def _send_safely(signal: Any, app: Flask, origin: str, path: str, decision: Decision) -> None:
    """Send ``signal``; a receiver that raises is logged and changes no answer
    (a refused write stays refused, a response keeps its headers)."""
    try:
        signal.send(app, origin=origin, path=path, decision=decision)
    except Exception:
        logger.exception("flask_cors: a receiver of %s raised for origin %r", signal.name, origin)


def _summary(decision: Decision) -> str:
    """``allowed``, or ``refused; <reason>`` (``allowed; no-origin`` and the like)."""
    verdict = "allowed" if decision.allowed else "refused"
    return verdict if decision.code == "allowed" else f"{verdict}; {decision.code}"


def _wider(view: Policy, resource: Policy) -> str:
    """What ``view`` allows that ``resource`` does not (origins, credentials), in words."""
    mine, theirs = view.options, resource.options
    found = []
    if mine.origin_rules.any_origin and not theirs.origin_rules.any_origin:
        found.append("every origin ('*')")
    elif not theirs.origin_rules.any_origin:
        extra = sorted(mine.origin_rules.exact - theirs.origin_rules.exact)
        extra += [
            label
            for label in mine.origin_rules.pattern_labels
            if label not in theirs.origin_rules.pattern_labels
        ]
        extra += [
            f"callable {getattr(check, '__qualname__', check)!s}"
            for check in mine.origin_rules.checks
            if check not in theirs.origin_rules.checks
        ]
        if extra:
            found.append(f"the origins {', '.join(extra)}")
    if mine.supports_credentials and not theirs.supports_credentials:
        found.append("credentials")
    return " and ".join(found)


def _is_flasks_own(wsgi_app: Any, app: Flask) -> bool:
    """Whether ``wsgi_app`` is ``app``'s own ``wsgi_app`` method, not middleware around it."""
    return getattr(wsgi_app, "__self__", None) is app and getattr(
        wsgi_app, "__func__", None
    ) is getattr(type(app), "wsgi_app", None)


def _may_change_method(request_class: type) -> bool:
    """Whether ``request_class`` may give ``request.method`` another value than
    the environ's ``REQUEST_METHOD`` (an ``__init__``, ``method`` or attribute
    hook of its own, above Flask's :class:`~flask.Request`)."""
    for klass in request_class.__mro__:
        if klass is Request:
            return False
        if any(name in vars(klass) for name in _METHOD_HOOKS):
            return True
    return True  # not a Flask request class: assume the worst


_METHOD_HOOKS = ("__init__", "__new__", "method", "__getattribute__", "__getattr__")


def middleware_outside_flask(app: Flask) -> list[object]:
    """The WSGI middleware wrapping ``app.wsgi_app`` other than flask_cors's
    own wrapper, outermost first.

    Such middleware (Flask-SocketIO's, say) may answer some paths itself,
    without Flask.  Seen through the attribute the usual recipe keeps the
    wrapped app in (``.wsgi_app`` or ``.app``); a wrapper that keeps it
    elsewhere ends the list.
    """
    installation = app.extensions.get(EXTENSION_KEY)
    ours = installation.wsgi_wrapping if isinstance(installation, Installation) else None
    found: list[object] = []
    current: Any = app.wsgi_app
    while current is not None and current is not app and len(found) < 20:
        if _is_flasks_own(current, app):
            break
        if ours is not None and current is ours[0]:
            current = ours[1]
            continue
        found.append(current)
        inner = getattr(current, "wsgi_app", None) or getattr(current, "app", None)
        current = inner if callable(inner) else None
    return found


def view_resolver(app: Flask, endpoint: str | None) -> PolicyResolver | None:
    """The ``cross_origin`` policy resolver of an endpoint's view, if it has one."""
    view = app.view_functions.get(endpoint) if endpoint else None
    resolver: PolicyResolver | None = getattr(view, VIEW_POLICY_ATTRIBUTE, None)
    return resolver


def _redirect_path(adapter: MapAdapter, redirect: RequestRedirect, req: Request) -> str | None:
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


def _rule_at(adapter: MapAdapter, path: str, method: str) -> Rule | None:
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
                return None
    except HTTPException:
        pass
    return None


def policy_for_request(app: Flask, req: Request) -> Policy | None:
    """The policy that answers ``req``: its view's ``cross_origin``, else the extension's."""
    installation = app.extensions.get(EXTENSION_KEY)
    if isinstance(installation, Installation):
        return installation.policy_for_request(req)
    rule = req.url_rule
    return policy_for_path(app, rule.endpoint, req.path) if rule is not None else None


def policy_for_path(app: Flask, endpoint: str | None, path: str) -> Policy | None:
    """The policy for a request to ``path`` routed to ``endpoint`` (None: no rule matched)."""
    installation = app.extensions.get(EXTENSION_KEY)
    if isinstance(installation, Installation):
        return installation.policy_for(endpoint, path)
    resolver = view_resolver(app, endpoint)
    return resolver(app) if resolver is not None else None


def _on_unhandled_exception(sender: Any, **extra: Any) -> None:
    """Give the error response Flask builds after an unhandled exception its headers.

    Flask sends ``got_request_exception`` before it builds that 500 (also when
    an ``after_request`` hook or the session store failed, when it runs the
    hooks again on the new response).  The callback registered here with
    ``after_this_request`` runs before every ``after_request`` hook, so a
    hook that fails again cannot cost the 500 its CORS headers.  With
    ``intercept_exceptions=False`` the request is only marked, and its error
    response is left without headers.  When Flask propagates the exception
    (debug or testing mode, ``PROPAGATE_EXCEPTIONS``) it builds no response,
    and the Werkzeug debugger's page that answers instead gets no headers.
    """
    if not isinstance(sender, Flask) or not has_request_context():
        return
    try:
        req = current_request()
        policy = policy_for_request(sender, req)
        if policy is None:
            return
        if not policy.options.intercept_exceptions:
            _UNHANDLED.add(req)
            return

        def add_headers(response: Response) -> Response:
            apply_policy(policy, sender, req, response)
            return response

        after_this_request(add_headers)
    except Exception:
        logger.exception("flask_cors: could not prepare CORS headers for an error response")


got_request_exception.connect(_on_unhandled_exception, weak=False)


def finish_late_responses(app: Flask) -> None:
    """In an app without the extension, give the response that leaves a
    ``cross_origin`` view's request its headers when an ``after_request``
    hook replaced the view's response with a new object (an envelope,
    compression).  Called once per app, on its first request to such a view,
    when the hooks are final; nothing is connected for apps without hooks."""
    if EXTENSION_KEY not in app.extensions and any(app.after_request_funcs.values()):
        request_finished.connect(_finish_decorated_response, app)


def _finish_decorated_response(sender: Any, response: Response, **extra: Any) -> None:
    if _APPLIED in response.__dict__ or not isinstance(sender, Flask) or not has_request_context():
        return
    req = current_request()
    rule = req.url_rule
    resolver = view_resolver(sender, rule.endpoint) if rule is not None else None
    if resolver is None:
        return
    policy = resolver(sender)
    if policy.options.intercept_exceptions or req not in _UNHANDLED:
        apply_policy(policy, sender, req, response)


def compare_view_with_resources(app: Flask, endpoint: str | None) -> None:
    """Warn if the ``cross_origin`` view of ``endpoint`` admits more than the
    extension's resource covering its URL (see ``Installation``); for the
    decorator, whose view answers before the extension's hook looks."""
    installation = app.extensions.get(EXTENSION_KEY)
    if isinstance(installation, Installation):
        installation.covering(endpoint)


def write_policy_for_path(app: Flask, endpoint: str | None, path: str) -> Policy | None:
    """The policy that screens unsafe requests to ``path`` routed to ``endpoint``
    (see ``cross_origin_protection``), or None."""
    installation = app.extensions.get(EXTENSION_KEY)
    if isinstance(installation, Installation):
        return installation.write_policy_for(endpoint, path)
    return policy_for_path(app, endpoint, path)


def answer_error(app: Flask, req: Request, policy: Policy) -> None:
    """Have the response Flask makes for an exception in a view get ``policy``'s headers.

    For ``cross_origin`` views: ``abort(403)`` or an exception caught by an
    ``errorhandler`` never returns to the view's wrapper.
    """

    def add_headers(response: Response) -> Response:
        if policy.options.intercept_exceptions or req not in _UNHANDLED:
            apply_policy(policy, app, req, response)
        return response

    after_this_request(add_headers)


class ScopeChain:
    """The resource maps of nested scopes (blueprints, then the app) asked as
    one: the innermost map that has a say answers, and a path it gives no
    policy (``False`` in ``resources``, a dot segment resolving elsewhere)
    gets none from an enclosing scope either."""

    __slots__ = ("maps", "every_path")

    def __init__(self, maps: tuple[ResourceMap, ...]) -> None:
        self.maps = maps
        self.every_path = maps[0].every_path

    def match(self, path: str) -> Policy | None:
        for resources in self.maps:
            policy = resources.every_path or resources.owner(path)
            if policy is not False:
                return policy
        return None


Lookup = Union[ResourceMap, ScopeChain]


class Installation:
    """The CORS set-up of one app, kept in ``app.extensions["cors"]``.

    Every ``CORS(app)`` and every registration of a ``CORS(blueprint)`` adds a
    scope to it.  It owns the one question the hooks and ``flask cors``
    commands ask: which policy answers a request (by the URL rule it maps to,
    its endpoint's ``cross_origin`` decorator, the blueprint scopes of that
    endpoint and the path).  Created by :class:`CORS`; not meant to be built
    by hand.

    Preflights and cross-origin writes are decided where they can be decided
    right, with as little of the app running as possible:

    - at the WSGI edge, before Flask pushes a context, when the environ the
      wrapper sees is the one Flask routes (no middleware was installed on
      ``app.wsgi_app`` before ``CORS``) and the policy needs no app code;
    - otherwise in a ``request_started`` receiver: Flask has routed the
      request as its middleware left it and pushed the app's application
      and request context (an ``origins`` callable may use ``request``,
      ``current_app`` or a database session), and no ``before_request``
      hook, view or ``after_request`` hook has run.  Teardown functions run,
      as for every request Flask handles.
    """

    def __init__(self, app: Flask) -> None:
        self.app = app
        #: ``(blueprint name or None, ResourceMap)`` per installation, in order.
        self.scopes: list[tuple[str | None, ResourceMap]] = []
        # id(ResourceMap) -> the policy that screens writes to the routes of
        # its scope that no resource covers (cross_origin_protection set for
        # the whole app or blueprint).
        self._guards: dict[int, Policy] = {}
        # endpoint -> (its cross_origin resolver, the ResourceMaps that cover
        # it, most nested blueprint first, the last installed first).
        self._covering: dict[str | None, tuple[PolicyResolver | None, tuple[ResourceMap, ...]]]
        self._covering = {}
        # The same, as policy_for asks it: several maps as one ScopeChain.
        self._endpoints: dict[str | None, tuple[PolicyResolver | None, tuple[Lookup, ...]]]
        self._endpoints = {}
        # endpoint -> its policy, where the after_request hook needs no more
        # than that (see _after_request_hook).
        self._plain: dict[str, Policy] = {}
        # A cross_origin view's policy -> the same with cross_origin_protection,
        # for views whose resource or scope protects writes.
        self._protecting_views: dict[Policy, Policy] = {}
        # Whether any policy of the app may have cross_origin_protection:
        # None until the first request with an unsafe method asks.
        self._protecting: bool | None = None
        # (where, the line that called it, the CORS_* config it read) per scope.
        self._config_reads: list[tuple[str, tuple[str, int] | None, dict[str, Any]]] = []
        # Middleware installed before CORS (ProxyFix, a path rewriter, a
        # method override) may change the host, path or method Flask routes,
        # and so may a Flask subclass's own wsgi_app; a request class may
        # change the method views see (a ``?_method=`` override): the edge
        # then decides nothing itself.
        self._middleware_inside = (
            not _is_flasks_own(app.wsgi_app, app)
            or getattr(type(app), "wsgi_app", None) is not Flask.wsgi_app
            or _may_change_method(app.request_class)
        )
        self._wrap_wsgi_app()
        self._add_headers = self._after_request_hook()
        # An after_request hook registered before this one runs after it,
        # and may return a new response object (an envelope, compression):
        # the response that leaves the app gets its headers then.
        late_hooks = bool(app.after_request_funcs.get(None))
        app.after_request(self._add_headers)
        if late_hooks:
            request_finished.connect(self._on_request_finished, app)
        if self._middleware_inside:
            request_started.connect(self._on_request_started, app)
        # Once, on the first request Flask dispatches; then disconnected, so
        # later requests pay nothing for it.
        request_started.connect(self._report_late_config, sender=app)

    def record_config_read(
        self, where: str, config: Mapping[str, Any], location: tuple[str, int] | None
    ) -> None:
        """Remember the ``CORS_*`` config a scope was built from (see :meth:`late_config`)."""
        self._config_reads.append((where, location, config_snapshot(config)))

    def late_config(self) -> list[tuple[str, tuple[str, int] | None]]:
        """A message for each ``CORS_*`` key set, changed or removed after a scope read
        the config, and where that scope was set up; each key once."""
        messages: list[tuple[str, tuple[str, int] | None]] = []
        seen: set[str] = set()
        for where, location, snapshot in self._config_reads:
            for key in config_changes(snapshot, self.app.config):
                if key in seen:
                    continue
                seen.add(key)
                at = f" (at {location[0]}:{location[1]})" if location else ""
                if key not in CONFIG_KEYS:
                    what = ignored_key_message(key)
                else:
                    change = (
                        "set"
                        if key not in snapshot
                        else "removed"
                        if key not in self.app.config
                        else "changed"
                    )
                    what = (
                        f"app.config[{key!r}] was {change} after {where}{at} read the "
                        f"configuration, so it does not apply: the CORS policies keep what "
                        f"was read then. Set CORS_* keys before CORS(app) or init_app (for a "
                        f"blueprint, before register_blueprint)."
                    )
                messages.append((what, location))
        return messages

    def narrowed_resources(self) -> list[str]:
        """A message for each resource pattern that covers fewer of the app's URL
        rules than flask-cors 6.0.5 read it to, and for each rule 6.0.5 gave
        another resource's policy (see :meth:`ResourceMap.narrowed`)."""
        messages: list[str] = []
        for blueprint, resources in self.scopes:
            prefix = f"{blueprint}." if blueprint else ""
            rules = [
                rule.rule
                for rule in self.app.url_map.iter_rules()
                if rule.endpoint.startswith(prefix)
            ]
            messages.extend(resources.narrowed(rules))
        return list(dict.fromkeys(messages))

    def _report_late_config(self, sender: Any, **extra: Any) -> None:
        """Warn, on the app's first request (its URL map is complete then),
        about config set after its CORS set-up and resource patterns that
        cover its routes otherwise than flask-cors 6.0.5 did."""
        # From every sender: blinker keeps a receiver disconnected from one
        # sender in its list, and every request of the process then pays for
        # looking it up.
        request_started.disconnect(self._report_late_config)
        if not self._middleware_inside and _may_change_method(self.app.request_class):
            self._decide_in_flask_from_now()
        try:
            for message in self.narrowed_resources():
                warnings.warn(message, CORSConfigWarning, stacklevel=2)
            for message, location in self.late_config():
                if location is None:
                    warnings.warn(message, CORSConfigWarning, stacklevel=2)
                else:
                    warnings.warn_explicit(
                        message, CORSConfigWarning, *location, module="flask_cors"
                    )
        except CORSConfigWarning:
            raise  # turned into an error by the app's warnings filter
        except Exception:
            logger.exception("flask_cors: could not compare the app's config with its set-up")

    def add_scope(
        self, blueprint: str | None, resources: ResourceMap, guard: Policy | None = None
    ) -> None:
        """Cover the app (``blueprint=None``) or one registered blueprint.

        :param guard: screens the writes to the scope's routes that no
            resource covers (``cross_origin_protection`` set for the scope).
        """
        self.scopes.append((blueprint, resources))
        if guard is not None:
            self._guards[id(resources)] = guard
        self._covering.clear()
        self._endpoints.clear()
        self._plain.clear()
        self._protecting_views.clear()
        self._protecting = None

    def _lookup(self, endpoint: str | None) -> tuple[PolicyResolver | None, tuple[Lookup, ...]]:
        """What :meth:`policy_for` asks for ``endpoint`` (see ``_endpoints``)."""
        self.covering(endpoint)
        return self._endpoints[endpoint]

    def covering(
        self, endpoint: str | None
    ) -> tuple[PolicyResolver | None, tuple[ResourceMap, ...]]:
        """``endpoint``'s ``cross_origin`` resolver and the resource maps that
        cover it (computed once per endpoint)."""
        entry = self._covering.get(endpoint)
        if entry is None:
            parts = endpoint.split(".")[:-1] if endpoint else []
            names: list[str | None] = [".".join(parts[:i]) for i in range(len(parts), 0, -1)]
            maps = [
                resources
                for scope in [*names, None]
                for blueprint, resources in reversed(self.scopes)
                if blueprint == scope
            ]
            entry = (view_resolver(self.app, endpoint), tuple(maps))
            self._covering[endpoint] = entry
            chained = (ScopeChain(entry[1]),) if len(maps) > 1 else entry[1]
            self._endpoints[endpoint] = (entry[0], chained)
            if entry[0] is not None and maps:
                self._warn_if_view_widens(endpoint, entry[0], maps)
        return entry

    def _warn_if_view_widens(
        self, endpoint: str | None, resolver: PolicyResolver, maps: Iterable[ResourceMap]
    ) -> None:
        """Warn when a ``cross_origin`` view admits origins or credentials that
        the resource covering its URL does not.  The decorator's options
        replace the resource's for its view (as in flask-cors 6), so
        ``@cross_origin(max_age=600)`` quietly opens a restricted path to
        every origin."""
        try:
            view = resolver(self.app)
            for rule in self.app.url_map.iter_rules(endpoint):
                for resources in maps:
                    covering = resources.every_path or resources.owner(rule.rule)
                    if covering is False:
                        continue
                    if covering is None:
                        break  # excluded: no resource policy to compare with
                    wider = _wider(view, covering)
                    if wider:
                        warnings.warn(
                            f"{view.source} admits {wider} on {rule.rule}, which "
                            f"{covering.source} does not: the decorator's options replace "
                            f"the resource's for this view. Give the decorator the "
                            f"resource's origins and supports_credentials; if the view is "
                            f"meant to be more open, give its URL a resource of its own "
                            f"instead of the decorator.",
                            CORSConfigWarning,
                            stacklevel=2,
                        )
                    break
        except CORSConfigWarning:
            raise  # warnings turned into errors are meant to stop the app
        except Exception:
            logger.exception("flask_cors: could not compare %r with its resource", endpoint)

    def path_independent(self, endpoint: str | None) -> bool:
        """Whether requests routed to ``endpoint`` get one policy whatever their path."""
        resolver, maps = self.covering(endpoint)
        return resolver is not None or not maps or maps[0].every_path is not None

    def policy_for(self, endpoint: str | None, path: str) -> Policy | None:
        """The policy for a request to ``path`` that routes to ``endpoint`` (None: no rule)."""
        resolver, maps = self._endpoints.get(endpoint) or self._lookup(endpoint)
        if resolver is not None:
            return resolver(self.app)
        for resources in maps:
            policy = resources.every_path or resources.match(path)
            if policy is not None:
                return policy
        return None

    def write_policy_for(self, endpoint: str | None, path: str) -> Policy | None:
        """The policy that screens an unsafe request to ``path`` routed to ``endpoint``.

        The CORS policy of the path; where none covers it, the guard of the
        innermost scope that has ``cross_origin_protection`` for all its routes.
        """
        policy = self.policy_for(endpoint, path)
        if policy is not None and policy.options.cross_origin_protection:
            return policy
        resolver, lookups = self._endpoints.get(endpoint) or self._lookup(endpoint)
        if resolver is not None and policy is not None:
            # A cross_origin view's options replace its resource's, but not
            # the protection its resource or scope asked for (unless the view
            # turns it off by name): its writes are screened too, by the
            # view's origins.
            covering = self._resource_write_policy(endpoint, path, lookups)
            if (
                covering is None
                or not covering.options.cross_origin_protection
                or policy.options.sources.get("cross_origin_protection", "").startswith(
                    "@cross_origin"
                )
            ):
                return policy
            protecting = self._protecting_views.get(policy)
            if protecting is None:
                options = dataclasses.replace(policy.options, cross_origin_protection=True)
                protecting = Policy(options, f"{policy.source} ({covering.source})")
                self._protecting_views[policy] = protecting
            return protecting
        if policy is not None:
            return policy
        return self._resource_write_policy(endpoint, path, lookups)

    def _resource_write_policy(
        self, endpoint: str | None, path: str, lookups: tuple[Lookup, ...]
    ) -> Policy | None:
        """The resource policy (else the scope's guard) that screens writes to
        ``path``, as if ``endpoint``'s view had no ``cross_origin``."""
        for resources in lookups:
            policy = resources.every_path or resources.match(path)
            if policy is not None:
                return policy
        if not self._guards:
            return None
        for resources in self.covering(endpoint)[1]:
            guard = self._guards.get(id(resources))
            if guard is not None:
                return guard
        return None

    def policy_for_request(self, req: Request) -> Policy | None:
        """The policy that answers ``req`` (in a request context)."""
        rule = req.url_rule
        if rule is not None:
            return self.policy_for(rule.endpoint, req.path)
        return self.policy_for(*self._routed(req))

    def _routed(self, req: Request) -> tuple[str | None, str]:
        """``(endpoint, path)`` for a request that Flask could not route.

        A redirect (strict slashes) belongs to the URL it points to, a 405 to
        the rules of its URL; a 404 to no rule.
        """
        error = req.routing_exception
        path = req.path
        if not isinstance(error, (RequestRedirect, MethodNotAllowed)):
            return None, path
        try:
            adapter = self.app.create_url_adapter(req)
            if adapter is None:
                return None, path
            if isinstance(error, RequestRedirect):
                target = _redirect_path(adapter, error, req)
                if target is None:
                    return None, path
                path = target
            rule = _rule_at(adapter, path, req.method)
        except Exception:
            logger.exception("flask_cors: could not route %r %r", req.method, req.path)
            return None, path
        return (rule.endpoint if rule is not None else None), path

    # --- preflights and writes, before dispatch ---

    def _wrap_wsgi_app(self) -> None:
        """Answer preflights and refuse cross-origin writes in front of
        ``app.wsgi_app`` (Flask's middleware recipe)."""
        inner: WSGIApplication = self.app.wsgi_app
        request_class = self.app.request_class
        answer = self._answer_preflight
        screen = self.screen_write
        connect = self._on_request_started

        def decide_in_flask(
            environ: WSGIEnvironment, start_response: StartResponse
        ) -> Iterable[bytes]:
            environ[_DECIDE_IN_FLASK] = True
            request_started.connect(connect, self.app)  # once; connecting again is a no-op
            try:
                return inner(environ, start_response)
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

        def cors_wsgi_app(
            environ: WSGIEnvironment, start_response: StartResponse
        ) -> Iterable[bytes]:
            method = environ.get("REQUEST_METHOD")
            if method == "OPTIONS":
                if "HTTP_ACCESS_CONTROL_REQUEST_METHOD" in environ and "HTTP_ORIGIN" in environ:
                    response = answer(request_class(environ), False)
                    if response is not None:
                        if response is _DEFER:
                            return decide_in_flask(environ, start_response)
                        return response(environ, start_response)  # type: ignore[operator]
            elif method not in SAFE_METHODS and self._protecting is not False:
                response = screen(environ)
                if response is not None:
                    if response is _DEFER:
                        return decide_in_flask(environ, start_response)
                    return response(environ, start_response)  # type: ignore[operator]
            return forward(environ, start_response)

        # Where the request goes after the edge: to Flask, until a request
        # class set after CORS(app) turns out to change the method (see
        # _decide_in_flask_from_now).
        forward: WSGIApplication = inner

        def forward_to_decide_in_flask() -> None:
            nonlocal forward
            forward = decide_in_flask

        self._forward_to_decide_in_flask = forward_to_decide_in_flask
        # With middleware inside, the environ seen here is not the one Flask
        # routes: every decision is left to Flask's request_started.
        wrapper = decide_in_flask if self._middleware_inside else cors_wsgi_app
        #: ``(this extension's wrapper, the wsgi_app it wraps)``, for
        #: :func:`middleware_outside_flask`.
        self.wsgi_wrapping: tuple[WSGIApplication, WSGIApplication] = (wrapper, inner)
        self.app.wsgi_app = wrapper  # type: ignore[method-assign]

    def _decide_in_flask_from_now(self) -> None:
        """Leave every decision to ``request_started`` from this (first) request on.

        For a request class set after ``CORS(app)`` that may change the method
        views see: the edge saw only the environ's.  The first request, which
        passed the edge already, is screened here; a refusal is raised as an
        ``HTTPException`` for Flask to send.
        """
        self._middleware_inside = True
        self._forward_to_decide_in_flask()
        request_started.connect(self._on_request_started, self.app)
        req = current_request()
        if req.method.upper() in SAFE_METHODS:
            return
        refusal = self._screen_write(req, in_flask=True)
        if isinstance(refusal, Response):
            abort(refusal)

    def _on_request_started(self, sender: Any, **extra: Any) -> None:
        """Decide a preflight or a write that the WSGI edge left to Flask.

        Flask has pushed the request's context and routed it; no
        ``before_request`` hook has run yet.  An answer leaves through the
        WSGI wrapper (``_AnsweredBeforeDispatch``), past every hook.
        """
        if sender is not self.app or not has_request_context():
            return
        req = current_request()
        environ = req.environ
        if not environ.get(_DECIDE_IN_FLASK):
            return  # not sent through this app's wrapper: nothing could catch an answer
        response: Response | _Defer | None = None
        if environ.get("REQUEST_METHOD") == "OPTIONS":
            if "HTTP_ACCESS_CONTROL_REQUEST_METHOD" in environ and "HTTP_ORIGIN" in environ:
                response = self._answer_preflight(req, in_flask=True)
        elif req.method.upper() not in SAFE_METHODS:
            response = self._screen_write(req, in_flask=True)
        if isinstance(response, Response):
            raise _AnsweredBeforeDispatch(response)

    def _on_request_finished(self, sender: Any, response: Response, **extra: Any) -> None:
        """Give a response that a later ``after_request`` hook made anew its headers."""
        if sender is self.app and _APPLIED not in response.__dict__ and has_request_context():
            self._add_headers(response)

    def _may_protect(self) -> bool:
        """Whether some policy of the app may have ``cross_origin_protection``."""
        if self._guards or as_boolean(
            "CORS_CROSS_ORIGIN_PROTECTION",
            self.app.config.get("CORS_CROSS_ORIGIN_PROTECTION", False),
        ):
            return True
        if any(
            policy.options.cross_origin_protection
            for _, resources in self.scopes
            for policy in resources.policies
        ):
            return True
        return any(
            getattr(view, VIEW_PROTECTION_ATTRIBUTE, False)
            for view in self.app.view_functions.values()
        )

    def screen_write(self, environ: WSGIEnvironment) -> Response | _Defer | None:
        """The 403 for a cross-origin write the covering policy refuses, else None
        (or ``_DEFER``: only Flask's request context can decide).

        For requests whose method is not safe; see ``cross_origin_protection``.
        Requests Flask cannot route (404, 405, redirects) are left to Flask.
        """
        if self._protecting is None:
            try:
                self._protecting = self._may_protect()
            except Exception:
                logger.exception("flask_cors: could not tell whether writes are protected")
                return _unscreened(environ) if _unsafe_from_browser(environ) else None
        if not self._protecting:
            return None
        if not _unsafe_from_browser(environ):
            return None  # a safe method, or not from a browser: nothing to protect against
        return self._screen_write(self.app.request_class(environ), in_flask=False)

    def _screen_write(self, req: Request, in_flask: bool) -> Response | _Defer | None:
        app = self.app
        try:
            if in_flask:
                if self._protecting is None:
                    self._protecting = self._may_protect()
                if not self._protecting or req.url_rule is None:
                    return None  # Flask answers a request it cannot route as usual
                endpoint = req.url_rule.endpoint
            else:
                adapter = app.create_url_adapter(req)
                if adapter is None:
                    return None
                endpoint = adapter.match(return_rule=True)[0].endpoint
            policy = self.policy_for(endpoint, req.path)
            if policy is None or not policy.options.cross_origin_protection:
                # A guard, or a decorated view's resource, may still protect it.
                policy = self.write_policy_for(endpoint, req.path)
                if policy is None or not policy.options.cross_origin_protection:
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
            return _unscreened(req.environ)

    def _answer_preflight(self, req: Request, in_flask: bool) -> Response | _Defer | None:
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
            adapter = app.create_url_adapter(req)
            if adapter is None:
                return None
            path = req.path
            try:
                options_rule, _ = adapter.match(method="OPTIONS", return_rule=True)
            except RequestRedirect as redirect:
                target = _redirect_path(adapter, redirect, req)
                if target is None:
                    return None
                path = target
                options_rule, _ = adapter.match(path, method="OPTIONS", return_rule=True)
            if not (
                getattr(options_rule, "provide_automatic_options", False)
                or getattr(
                    app.view_functions.get(options_rule.endpoint), VIEW_OPTIONS_ATTRIBUTE, False
                )
            ):
                return None  # the view answers OPTIONS itself; the hooks add the headers
            # The view that will serve the actual request decides (its decorator).
            actual_rule = _rule_at(adapter, path, environ["HTTP_ACCESS_CONTROL_REQUEST_METHOD"])
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

    # --- actual responses ---

    def _after_request_hook(self) -> Callable[[Response], Response]:
        """The app's ``after_request`` hook.

        A plain closure rather than a method: Flask inspects every hook on
        every request, and this is the per-request path, so it is kept short.
        Endpoints whose policy needs no further question (the same for every
        path, default ``automatic_options`` and ``intercept_exceptions``) are
        answered from ``plain``, one dict lookup.
        """
        app = self.app
        policy_for = self.policy_for
        routed = self._routed
        plain = self._plain
        plain_get = plain.get

        def add_cors_headers_with_care(response: Response, req: Request) -> Response:
            rule = req.url_rule
            if rule is None:
                policy = policy_for(*routed(req))
                if policy is None:
                    return response
            else:
                endpoint = rule.endpoint
                policy = policy_for(endpoint, req.path)
                if policy is None:
                    return response
                options = policy.options
                if not options.automatic_options:
                    if req.method == "OPTIONS" and getattr(
                        rule, "provide_automatic_options", False
                    ):
                        return response  # Flask's automatic OPTIONS answer, not wanted
                elif options.intercept_exceptions and self.path_independent(endpoint):
                    plain[endpoint] = policy
            if not policy.options.intercept_exceptions and req in _UNHANDLED:
                return response
            apply_policy(policy, app, req, response)
            return response

        def add_cors_headers(response: Response) -> Response:
            if _APPLIED in response.__dict__:
                return response
            req = current_request()
            rule = req.url_rule
            policy = plain_get(rule.endpoint) if rule is not None else None
            if policy is None:
                return add_cors_headers_with_care(response, req)
            apply_policy(policy, app, req, response)
            return response

        return add_cors_headers


def warn_if_wide_open(where: str, policies: Iterable[Policy]) -> None:
    """Log a warning for policies whose ``origins="*"`` makes another option unsafe
    (credentials) or useless (``cross_origin_protection``)."""
    policies = [policy for policy in policies if policy.options.origin_rules.any_origin]
    with_credentials = [p for p in policies if p.options.supports_credentials]
    if with_credentials:
        logger.warning(
            "%s: supports_credentials=True with origins='*'%s lets any website "
            "make credentialed requests and read the answers with the user's cookies. "
            "List the allowed origins instead, unless that is really what you want.",
            where,
            _for_scopes(where, with_credentials),
        )
    protecting = [p for p in policies if p.options.cross_origin_protection]
    if protecting:
        logger.warning(
            "%s: cross_origin_protection=True with origins='*'%s protects nothing: every "
            "origin is allowed, so no cross-origin request is refused. List the origins "
            "that may send requests.",
            where,
            _for_scopes(where, protecting),
        )


def _write_guard(layers: Iterable[Mapping[str, Any]], where: str) -> Policy | None:
    """The policy screening writes to routes that no resource covers, if
    ``cross_origin_protection`` is set for the whole app or blueprint
    (a keyword argument, or ``CORS_CROSS_ORIGIN_PROTECTION``): no origin is
    allowed there, so only same-origin (and non-browser) writes pass."""
    setting: Any = False
    for layer in layers:
        setting = layer.get("cross_origin_protection", setting)
    if not as_boolean("cross_origin_protection", setting):
        return None
    options = resolve_options({"origins": [], "cross_origin_protection": True}, where=where)
    return Policy(options, f"{where} cross_origin_protection (no resource covers this route)")


def _for_scopes(where: str, policies: list[Policy]) -> str:
    scopes = [policy.source for policy in policies if policy.source != where]
    return f" (for {', '.join(scopes)})" if scopes else ""


class CORS:
    """Adds Cross-Origin Resource Sharing headers to the responses of an app.

    ::

        app = Flask(__name__)
        CORS(app, resources={r"/api/*": {"origins": "https://example.com"}})

    Or, in an application factory::

        cors = CORS()

        def create_app():
            app = Flask(__name__)
            cors.init_app(app)
            return app

    The options are merged in this order, later ones winning: the defaults,
    the app's ``CORS_*`` config keys, the keyword arguments given here, those
    given to :meth:`init_app`, and each resource's own options dict.  They are
    validated and compiled once, when the extension is initialised; a value
    that cannot work raises :class:`~flask_cors.CORSConfigError` then.

    :param app: a :class:`~flask.Flask` app, or a :class:`~flask.Blueprint`
        whose routes alone get the policy; None to call :meth:`init_app` later.
    :param options: the CORS options (``resources``, ``origins``,
        ``methods``, ``allow_headers``, ``expose_headers``,
        ``supports_credentials``, ``max_age``, ``send_wildcard``,
        ``always_send``, ``automatic_options``, ``vary_header``,
        ``intercept_exceptions``, ``allow_private_network``,
        ``debug_header``, ``cross_origin_protection``), described with their
        defaults and accepted forms in the options reference (:doc:`options`).
    """

    def __init__(self, app: Flask | Blueprint | None = None, **options: Any) -> None:
        self._options: dict[str, Any] = check_names(options, "CORS(...)", ALL_OPTION_NAMES)
        if app is not None:
            self.init_app(app)

    def init_app(self, app: Flask | Blueprint, **options: Any) -> None:
        """Install the extension on ``app`` (a Flask app or a blueprint).

        :param options: override the options given to the constructor.
        """
        options = check_names(options, "CORS.init_app(...)", ALL_OPTION_NAMES)
        if isinstance(app, Blueprint):
            blueprint = app

            def on_register(state: BlueprintSetupState) -> None:
                name = f"{state.name_prefix}.{state.name}".lstrip(".")
                self._install(
                    cast(Flask, state.app), options, name, f"CORS({blueprint.name!r} blueprint)"
                )

            try:
                blueprint.record(on_register)
            except AssertionError:  # Flask's "setup method ... can no longer be called"
                raise CORSConfigError(
                    f"CORS({blueprint.name!r} blueprint) was called after the blueprint was "
                    f"registered on an app (app.register_blueprint), so it can no longer add "
                    f"itself to it and would do nothing. Call CORS(bp) before "
                    f"app.register_blueprint(bp)."
                ) from None
        elif isinstance(app, Flask):
            self._install(app, options, None, "CORS(app)")
        else:
            raise TypeError(
                f"CORS expects a Flask app or a Blueprint, got {type(app).__name__} {app!r}."
            )

    def _install(
        self, app: Flask, options: Mapping[str, Any], blueprint: str | None, where: str
    ) -> None:
        location = caller_location()
        config = config_layer(app.config)
        resources = options.get(
            "resources", self._options.get("resources", config.get("resources", r"/*"))
        )
        layers = (
            config,
            keyword_layer(self._options, "CORS"),
            keyword_layer(options, "CORS.init_app"),
        )
        resource_map = ResourceMap(resources, layers, where)
        self.resources = resource_map
        warn_if_wide_open(where, resource_map.policies)
        installation = app.extensions.get(EXTENSION_KEY)
        if not isinstance(installation, Installation):
            installation = app.extensions[EXTENSION_KEY] = Installation(app)
        installation.add_scope(blueprint, resource_map, _write_guard(layers, where))
        installation.record_config_read(where, app.config, location)
