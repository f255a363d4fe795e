"""Response finishing: a policy's decision put on a response, once.

The headers (one value each, ``Vary: Origin`` merged in), the opt-in
``X-CORS-Debug`` header, the ``cors_allowed``/``cors_refused`` signals and
the debug-level explanation all come from :func:`apply_policy`, which the
extension's ``after_request`` hook, the WSGI edge's preflight answer and the
``cross_origin`` wrapper share.  A response is answered once: the mark
:func:`apply_policy` leaves on it (or :func:`leave_alone`) makes every later
call a no-op, and a new response object (the 500 Flask builds when a hook
fails, an envelope an ``after_request`` hook returns) is answered anew.

Error responses: Flask sends ``got_request_exception`` before it builds the
500 for an unhandled exception (also when an ``after_request`` hook or the
session store failed, when it runs the hooks again on the new response).
:func:`on_unhandled_exception` registers, with ``after_this_request``, a
callback that runs before every ``after_request`` hook, so a hook that fails
again cannot cost the 500 its CORS headers.  With
``intercept_exceptions=False`` the request is only marked (in its environ),
and its error response is left without headers.  When Flask propagates the
exception (debug or testing mode, ``PROPAGATE_EXCEPTIONS``) it builds no
response, and the Werkzeug debugger's page that answers instead gets none.
"""

from __future__ import annotations

import logging
from collections.abc import Collection
from typing import TYPE_CHECKING, Any, Callable

from flask import (
    Flask,
    Request,
    Response,
    after_this_request,
    got_request_exception,
    has_request_context,
    request,
    request_finished,
)

from .policy import Decision, Policy
from .routing import allowed_methods
from .signals import cors_allowed, cors_refused

if TYPE_CHECKING:
    from .scopes import Installation

__all__ = ["apply_policy", "leave_alone"]

logger = logging.getLogger("flask_cors")
#: ``logging.DEBUG``: one global lookup, on the path every response takes.
DEBUG = logging.DEBUG

#: Opt-in response header with the decision summary (``debug_header``).
DEBUG_HEADER = "X-CORS-Debug"
#: A request whose environ holds a list under this key gets its decision
#: explained: ``(method, path, explained Decision)`` is appended to the list
#: (a list, so that it survives test clients that copy the environ).
EXPLAIN = "flask_cors.explain"
# Kept in a response's __dict__ once its CORS headers are settled, so that
# each response object is answered once, and a new one (the 500 Flask makes
# when a hook fails) is answered again.
_APPLIED = "_flask_cors_applied"
# Set in the environ of a request whose response Flask builds from an
# unhandled exception: intercept_exceptions=False leaves those alone.
_UNHANDLED = "flask_cors.unhandled"

#: The request being handled: one context lookup, where ``request.x`` costs one
#: per attribute.  This is the proxy's own lookup function (Werkzeug API).
current_request: Callable[[], Request] = request._get_current_object  # type: ignore[attr-defined]


def set_headers(headers: Any, decision: Decision) -> bool:
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
        # When someone listens for explanations, the one decision is made
        # explained (recording its steps): a callable in origins is not asked
        # a second time for the explanation.
        if (
            method == "OPTIONS"
            and origin is not None
            and "HTTP_ACCESS_CONTROL_REQUEST_METHOD" in environ
        ):
            if route_methods is None:
                route_methods = allowed_methods(app, req)
            decision = policy.decide(
                origin,
                environ["HTTP_ACCESS_CONTROL_REQUEST_METHOD"],
                environ.get("HTTP_ACCESS_CONTROL_REQUEST_HEADERS"),
                environ.get("HTTP_ACCESS_CONTROL_REQUEST_PRIVATE_NETWORK", "").lower() == "true",
                route_methods,
                explain=EXPLAIN in environ or logger.isEnabledFor(DEBUG),
            )
        elif EXPLAIN in environ or logger.isEnabledFor(DEBUG):
            decision = policy.decide(origin, explain=True)
        else:  # the common case, usually answered from the policy's memo
            decision = policy.decide(origin)
        owned = set_headers(response.headers, decision)
        debug_header = policy.options.debug_header
        # app.config["DEBUG"] is what app.debug reads, without a property call;
        # inline rather than debug_header_on(), on the path every response takes.
        if debug_header or (debug_header is None and app.config["DEBUG"]):
            response.headers.add(DEBUG_HEADER, "view-owned" if owned else summary(decision))
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
        if decision.explanation:  # explained, for a listener
            explain(req, method, decision)
    except Exception:
        logger.exception(
            "flask_cors: could not add CORS headers to the response for %r %r",
            environ.get("REQUEST_METHOD"),
            environ.get("PATH_INFO"),
        )


def debug_header_on(policy: Policy, app: Flask) -> bool:
    """Whether responses under ``policy`` carry ``X-CORS-Debug`` (``debug_header``)."""
    debug_header = policy.options.debug_header
    # app.config["DEBUG"] is what app.debug reads, without a property call.
    return bool(debug_header or (debug_header is None and app.config["DEBUG"]))


def explain(req: Request, method: str | None, decision: Decision) -> None:
    """Log an explained ``decision`` (made with ``explain=True``), with its
    reasons, at debug level, and hand it to ``flask cors check``
    (``EXPLAIN``).  The callers explain only when one of them listens."""
    explanations = req.environ.get(EXPLAIN)
    if isinstance(explanations, list):
        explanations.append((method, req.path, decision))
    logger.debug(
        "%r %r from origin %r: %s: %s",
        method,
        req.path,
        req.environ.get("HTTP_ORIGIN"),
        summary(decision),
        "; ".join(decision.explanation),
    )


def _send_signal(app: Flask, req: Request, decision: Decision) -> None:
    """Tell ``cors_allowed`` or ``cors_refused`` receivers about a cross-origin request."""
    origin = req.environ.get("HTTP_ORIGIN")
    if origin is not None:
        signal = cors_allowed if decision.allowed else cors_refused
        send_safely(signal, app, origin, req.path, decision)


def send_safely(signal: Any, app: Flask, origin: str, path: str, decision: Decision) -> None:
    """Send ``signal``; a receiver that raises is logged and changes no answer
    (a refused write stays refused, a response keeps its headers)."""
    try:
        signal.send(app, origin=origin, path=path, decision=decision)
    except Exception:
        logger.exception("flask_cors: a receiver of %s raised for origin %r", signal.name, origin)


def summary(decision: Decision) -> str:
    """``allowed``, or ``refused; <reason>`` (``allowed; no-origin`` and the like)."""
    verdict = "allowed" if decision.allowed else "refused"
    return verdict if decision.code == "allowed" else f"{verdict}; {decision.code}"


def was_unhandled(req: Request) -> bool:
    """Whether Flask builds ``req``'s response from an unhandled exception."""
    return _UNHANDLED in req.environ


def answer_error(app: Flask, req: Request, policy: Policy) -> None:
    """Have the response Flask makes for an exception in a view get ``policy``'s headers.

    For ``cross_origin`` views: ``abort(403)`` or an exception caught by an
    ``errorhandler`` never returns to the view's wrapper.
    """

    def add_headers(response: Response) -> Response:
        if policy.options.intercept_exceptions or _UNHANDLED not in req.environ:
            apply_policy(policy, app, req, response)
        return response

    after_this_request(add_headers)


def after_request_hook(setup: Installation) -> Callable[[Response], Response]:
    """The ``after_request`` hook of the app ``setup`` belongs to.

    A plain closure rather than a method: Flask inspects every hook on every
    request, and this is the per-request path, so it is kept short.

    Most responses are answered from ``setup.plain`` (endpoint -> policy),
    one dict lookup.  An endpoint goes in only when nothing but its policy is
    needed to answer any response of it, which takes three things, checked
    here when the endpoint is first answered:

    - its policy is the same whatever the path (a ``cross_origin`` view, or
      one scope whose resources give every path one policy:
      :meth:`Installation.path_independent`); else the path is matched;
    - the policy has ``automatic_options``; else Flask's own answer to
      ``OPTIONS`` must be told from the view's, by the rule, each time;
    - the policy has ``intercept_exceptions``; else a response built from an
      unhandled exception must be left alone, which only the request says.

    :meth:`Installation.add_scope` empties ``plain``: a new scope may give
    an endpoint another policy.
    """
    app = setup.app
    policy_for = setup.policy_for
    routed = setup.unrouted_target
    path_independent = setup.path_independent
    plain = setup.plain
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
                if req.method == "OPTIONS" and getattr(rule, "provide_automatic_options", False):
                    return response  # Flask's automatic OPTIONS answer, not wanted
            elif options.intercept_exceptions and path_independent(endpoint):
                plain[endpoint] = policy
        if not policy.options.intercept_exceptions and _UNHANDLED in req.environ:
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


def prepare_error_response(
    app: Flask, policy_for_request: Callable[[Request], Policy | None]
) -> None:
    """For a ``got_request_exception`` receiver: have the error response Flask
    is about to build for the current request get its policy's headers, from
    an ``after_this_request`` callback (see the module docstring)."""
    try:
        req = current_request()
        policy = policy_for_request(req)
        if policy is None:
            return
        if not policy.options.intercept_exceptions:
            req.environ[_UNHANDLED] = True
            return

        def add_headers(response: Response) -> Response:
            apply_policy(policy, app, req, response)
            return response

        after_this_request(add_headers)
    except Exception:
        logger.exception("flask_cors: could not prepare CORS headers for an error response")


class Finisher:
    """Per app: the receivers that finish the responses leaving it past the
    ``after_request`` hooks (see the module docstring).

    Connected for this app only; kept alive by whoever owns the app's
    flask_cors set-up (in ``app.extensions``), and gone with the app.

    :param policy_for_request: the policy that answers a request of the app.
    :param add_headers: answers a response of the current request.
    :param errors: whether to prepare error responses (see
        :func:`prepare_error_response`).
    :param late_hooks: whether ``after_request`` hooks run after
        flask_cors's and may return a new response object (an envelope,
        compression): the response that leaves the app gets its headers then.
    """

    def __init__(
        self,
        app: Flask,
        policy_for_request: Callable[[Request], Policy | None],
        add_headers: Callable[[Response], Response],
        late_hooks: bool,
        errors: bool = True,
    ) -> None:
        self.app = app
        self.policy_for_request = policy_for_request
        self.add_headers = add_headers
        if errors:
            got_request_exception.connect(self.prepare_error_response, app)
        if late_hooks:
            request_finished.connect(self.finish_late_response, app)

    def prepare_error_response(self, sender: Any, **extra: Any) -> None:
        """Have the error response Flask is about to build get its headers first."""
        if sender is self.app and has_request_context():
            prepare_error_response(self.app, self.policy_for_request)

    def finish_late_response(self, sender: Any, response: Response, **extra: Any) -> None:
        """Give a response that a later ``after_request`` hook made anew its headers."""
        if sender is self.app and _APPLIED not in response.__dict__ and has_request_context():
            self.add_headers(response)
