"""The ``CORS`` Flask extension: hooks that put a policy's answer on responses."""

from __future__ import annotations

import functools
import logging
import sys
from collections.abc import Collection, Mapping
from typing import (
    TYPE_CHECKING,
    Any,
    Callable,
    cast,
)

from flask import Blueprint, Flask, Request, Response, request

if TYPE_CHECKING:
    from flask.blueprints import BlueprintSetupState
    from werkzeug.routing import Rule

from .options import ALL_OPTION_NAMES, check_names, config_layer
from .policy import ALLOW_ORIGIN, Decision, Policy
from .resources import ResourceMap
from .signals import cors_allowed, cors_refused

__all__ = ["CORS", "apply_policy", "VIEW_POLICY_ATTRIBUTE"]

logger = logging.getLogger("flask_cors")
DEBUG = logging.DEBUG

#: Set by ``cross_origin`` on the view it wraps: a callable ``app -> Policy``.
VIEW_POLICY_ATTRIBUTE = "_flask_cors_policy"
#: Set by ``cross_origin`` on the view it wraps when it answers OPTIONS itself.
VIEW_OPTIONS_ATTRIBUTE = "_flask_cors_answers_options"
# Marks a request whose response already has its CORS headers.
DONE = "flask_cors.done"
#: Opt-in response header with the decision summary (``debug_header``).
DEBUG_HEADER = "X-CORS-Debug"
#: A request whose environ holds a list under this key gets its decision
#: explained: ``(method, explained Decision)`` is appended to the list (a
#: list, so that it survives test clients that copy the environ).
EXPLAIN = "flask_cors.explain"
#: ``app.extensions`` key: every (blueprint name or None, ResourceMap)
#: installed on the app, in order, for introspection (``flask cors routes``).
INSTALLATIONS = "flask_cors.installations"
# Marks a request whose view raised an exception that Flask turned into a response.
_RAISED = "flask_cors.raised"

PolicyResolver = Callable[[Flask], Policy]

#: The request being handled: one context lookup, where ``request.x`` costs one
#: per attribute.  This is the proxy's own lookup function (Werkzeug API).
current_request: Callable[[], Request] = request._get_current_object  # type: ignore[attr-defined]


def _set_headers(headers: Any, decision: Decision) -> None:
    """Put a decision's headers on a response's, in one pass over the names there."""
    view_set_origin = view_set_vary = False
    for name, _ in headers:  # a plain loop: cheaper than any C-level trick for a few names
        lowered = name.lower()
        if lowered == "access-control-allow-origin":
            view_set_origin = True
        elif lowered == "vary":
            view_set_vary = True
    if view_set_origin:  # one value, ours, whatever the view set
        headers.remove(ALLOW_ORIGIN)
    for name, value in decision.headers:
        headers.add(name, value)
    if decision.vary:
        if not view_set_vary:
            headers.add("Vary", "Origin")
            return
        vary = headers.getlist("Vary")
        if not any(
            item.strip().lower() in ("origin", "*") for line in vary for item in line.split(",")
        ):
            headers["Vary"] = ", ".join([*vary, "Origin"])  # one line, keeping the view's


def apply_policy(policy: Policy, app: Flask, req: Request, response: Response) -> None:
    """Add ``policy``'s answer for ``req`` to ``response``.

    Runs at most once per request; bad request input is logged, never raised.
    """
    environ = req.environ
    if DONE in environ:
        return
    environ[DONE] = True
    try:
        method = environ.get("REQUEST_METHOD")  # as sent: only "OPTIONS" is a preflight
        origin = environ.get("HTTP_ORIGIN")
        # A preflight's request values, after the origin, as decide() takes them.
        preflight: tuple[str, str | None, bool, Collection[str] | None] | tuple[()] = ()
        if method == "OPTIONS":
            if not policy.options.automatic_options:
                return
            if origin is not None and "HTTP_ACCESS_CONTROL_REQUEST_METHOD" in environ:
                rule = req.url_rule
                preflight = (
                    environ["HTTP_ACCESS_CONTROL_REQUEST_METHOD"],
                    environ.get("HTTP_ACCESS_CONTROL_REQUEST_HEADERS"),
                    environ.get("HTTP_ACCESS_CONTROL_REQUEST_PRIVATE_NETWORK", "").lower()
                    == "true",
                    rule.methods if rule is not None else None,
                )
        if preflight:
            decision = policy.decide(origin, *preflight)
        else:  # the common case, usually answered from the policy's memo
            decision = policy.cached_decision(origin) or policy.decide(origin)
        _set_headers(response.headers, decision)
        debug_header = policy.options.debug_header
        # app.config["DEBUG"] is what app.debug reads, without a property call.
        if debug_header or (debug_header is None and app.config["DEBUG"]):
            response.headers.add(DEBUG_HEADER, _summary(decision))
        if cors_allowed.receivers or cors_refused.receivers:
            _send_signal(app, req, decision)
        explanations = environ.get(EXPLAIN)
        if explanations is not None or logger.isEnabledFor(DEBUG):
            explained = policy.decide(origin, *preflight, explain=True)
            if isinstance(explanations, list):
                explanations.append((method, explained))
            logger.debug(
                "%r %r from origin %r: %s: %s",
                method,
                req.path,
                origin,
                _summary(explained),
                "; ".join(explained.reasons),
            )
    except Exception:
        logger.exception(
            "flask_cors: could not add CORS headers to the response for %r %r",
            environ.get("REQUEST_METHOD"),
            environ.get("PATH_INFO"),
        )


def _send_signal(app: Flask, req: Request, decision: Decision) -> None:
    """Tell ``cors_allowed`` or ``cors_refused`` receivers about a cross-origin request."""
    origin = req.environ.get("HTTP_ORIGIN")
    if origin is not None:
        signal = cors_allowed if decision.allowed else cors_refused
        signal.send(app, origin=origin, path=req.path, decision=decision)


def _summary(decision: Decision) -> str:
    """``allowed``, or ``refused; <reason>`` (``allowed; no-origin`` and the like)."""
    verdict = "allowed" if decision.allowed else "refused"
    return verdict if decision.reason == "allowed" else f"{verdict}; {decision.reason}"


def view_resolver(app: Flask, endpoint: str | None) -> PolicyResolver | None:
    """The ``cross_origin`` policy resolver of an endpoint's view, if it has one."""
    view = app.view_functions.get(endpoint) if endpoint else None
    resolver: PolicyResolver | None = getattr(view, VIEW_POLICY_ATTRIBUTE, None)
    return resolver


def policy_for_rule(app: Flask, rule: Rule) -> Policy | None:
    """The policy that answers requests to a URL rule, or None (introspection).

    A ``cross_origin`` view's own policy; else, of the installations that
    cover the rule's blueprint (the most nested first) or the whole app (the
    last installed first, as their hooks run), the first resource matching
    the rule's path pattern.
    """
    resolver = view_resolver(app, rule.endpoint)
    if resolver is not None:
        return resolver(app)
    parts = rule.endpoint.split(".")[:-1]
    blueprints = [".".join(parts[:i]) for i in range(len(parts), 0, -1)]
    installations: list[tuple[str | None, ResourceMap]]
    installations = list(reversed(app.extensions.get(INSTALLATIONS, [])))
    for scope in [*blueprints, None]:
        for blueprint, resources in installations:
            if blueprint == scope:
                policy = resources.match(rule.rule)
                if policy is not None:
                    return policy
    return None


def is_preflight(environ: Mapping[str, Any]) -> bool:
    """Whether a request (given its WSGI environ) is a CORS preflight."""
    return (
        environ.get("REQUEST_METHOD") == "OPTIONS"
        and "HTTP_ORIGIN" in environ
        and "HTTP_ACCESS_CONTROL_REQUEST_METHOD" in environ
    )


def _raised(req: Request) -> bool:
    """Whether the current response comes from an exception, not from the view."""
    return (
        _RAISED in req.environ or req.routing_exception is not None or sys.exc_info()[0] is not None
    )


def _note_raised_exceptions(app: Flask) -> None:
    """Make exceptions that Flask handles (``abort()`` in a view) visible to the hook.

    Flask runs ``after_request`` hooks after it has turned such an exception
    into a response, with no trace of it left.  Only needed, and so only done,
    when a policy has ``intercept_exceptions=False``.
    """
    handle = app.handle_user_exception
    if getattr(handle, "_flask_cors_notes_exceptions", False):
        return

    @functools.wraps(handle)
    def handle_user_exception(error: Exception) -> Any:
        request.environ[_RAISED] = True
        return handle(error)

    handle_user_exception._flask_cors_notes_exceptions = True  # type: ignore[attr-defined]
    setattr(app, "handle_user_exception", handle_user_exception)  # noqa: B010 (mypy: method-assign)


def _answer_preflights_first(app: Flask, answer: Callable[[Request], Response | None]) -> None:
    """Have ``answer`` see every OPTIONS request before the app's ``before_request`` hooks.

    Browsers send preflights without credentials, so an authentication hook
    must never get to turn one into a 401.  Rather than a hook at the front
    of ``before_request_funcs`` (which a later ``insert(0, ...)`` would
    overtake, and which Flask dispatches at some cost on every request), the
    app's :meth:`~flask.Flask.preprocess_request` is wrapped, once per app:
    requests other than OPTIONS pass straight through.
    """
    preprocess = app.preprocess_request
    answers: list[Callable[[Request], Response | None]] | None
    answers = getattr(preprocess, "_flask_cors_answers", None)
    if answers is not None:
        answers.insert(0, answer)  # the last installed first, like the after_request hooks
        return
    answers = [answer]

    @functools.wraps(preprocess)
    def preprocess_request() -> Any:
        req = current_request()
        if req.method == "OPTIONS":
            for answer in answers:
                response = answer(req)
                if response is not None:
                    return response
        return preprocess()

    preprocess_request._flask_cors_answers = answers  # type: ignore[attr-defined]
    setattr(app, "preprocess_request", preprocess_request)  # noqa: B010 (mypy: method-assign)


def _hooks(
    app: Flask, resources: ResourceMap, blueprint: str | None
) -> tuple[Callable[[Request], Response | None], Callable[[Response], Response]]:
    """The ``before_request`` and ``after_request`` hooks of one installation.

    Plain closures rather than methods: Flask inspects every hook on every
    request, and this is the per-request path, so it is kept short.
    """
    # endpoint -> its cross_origin resolver or None.  Flask never rebinds an
    # endpoint to another view, so an entry cannot go stale.
    resolvers: dict[str | None, PolicyResolver | None] = {}
    every_path = resources.every_path

    def policy_for(req: Request) -> Policy | None:
        """The policy that owns ``req``: its view's decorator's, else a resource's."""
        rule = req.url_rule
        if rule is not None:
            endpoint = rule.endpoint
            try:
                resolver = resolvers[endpoint]
            except KeyError:
                resolver = resolvers[endpoint] = view_resolver(app, endpoint)
            if resolver is not None:
                return resolver(app)
        return every_path or resources.match(req.path)

    def from_decorator(req: Request) -> bool:
        """Whether ``req``'s policy is its view's decorator's (after ``policy_for``)."""
        rule = req.url_rule
        return rule is not None and resolvers.get(rule.endpoint) is not None

    def answer_preflight(req: Request) -> Response | None:
        """Answer a preflight before the app's own ``before_request`` hooks run.

        Only for routes whose OPTIONS answer would be Flask's automatic one
        (or a ``cross_origin`` view's, which is the same), so a view that
        handles OPTIONS itself keeps doing so.
        """
        if not is_preflight(req.environ):
            return None
        rule = req.url_rule
        if rule is None or (blueprint is not None and blueprint not in req.blueprints):
            return None
        if not (
            getattr(rule, "provide_automatic_options", False)
            or getattr(app.view_functions.get(rule.endpoint), VIEW_OPTIONS_ATTRIBUTE, False)
        ):
            return None
        policy = policy_for(req)
        if policy is None or not policy.options.automatic_options:
            return None
        return app.make_default_options_response()

    def add_headers(response: Response) -> Response:
        req = current_request()
        policy = policy_for(req)
        if policy is None:
            return response
        if not policy.options.intercept_exceptions and (
            # A decorated view that returned has already been answered, so
            # this response is an error (or a preflight answered early).
            not is_preflight(req.environ) if from_decorator(req) else _raised(req)
        ):
            return response
        apply_policy(policy, app, req, response)  # nothing if the decorator did it already
        return response

    return answer_preflight, add_headers


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
    :param resources: which paths get CORS headers, and with which options: a
        dict of path pattern to options dict, a list of patterns, or one
        pattern.  A trailing ``*`` means "this prefix and anything below"
        (``r"/api/*"``), ``"*"`` alone is every path, and other patterns are
        regular expressions matched against the whole path.  Default
        ``r"/*"``, every path.
    :param origins: the origins allowed to read responses: ``"*"`` (default),
        one origin, a list, a compiled regex, a subdomain wildcard such as
        ``"https://*.example.com"``, or a callable that takes the origin and
        returns true to allow it.  Strings with regex special characters are
        regular expressions that must match the whole origin.  The ``null``
        origin is allowed only when ``"null"`` is listed.
    :param methods: methods allowed in preflights. Default: GET, HEAD, POST,
        OPTIONS, PUT, PATCH, DELETE (and never more than the route accepts).
    :param allow_headers: request headers allowed in preflights (names or
        regexes, case-insensitive); ``"*"`` (default) allows any.  Alias
        ``headers``.
    :param expose_headers: response headers the page may read.
    :param supports_credentials: allow cookies and HTTP authentication
        (``Access-Control-Allow-Credentials: true``).  Default False.
    :param max_age: how long browsers may cache a preflight answer: seconds as
        an int or numeric string, or a :class:`~datetime.timedelta`.
    :param send_wildcard: with ``origins="*"``, answer ``*`` rather than the
        request's origin.  Default True; ignored with credentials.
    :param always_send: send CORS headers even when the request has no
        ``Origin``.  Default True.
    :param automatic_options: answer preflights (OPTIONS) with CORS headers.
        Default True.
    :param vary_header: add ``Vary: Origin`` when the answer depends on the
        request's origin.  Default True.
    :param intercept_exceptions: put CORS headers on error responses too.
        Default True.
    :param allow_private_network: answer Private Network Access preflights
        with ``Access-Control-Allow-Private-Network: true``.  Default False.
    """

    def __init__(self, app: Flask | Blueprint | None = None, **options: Any) -> None:
        check_names(options, "CORS(...)", ALL_OPTION_NAMES)
        self._options: dict[str, Any] = options
        if app is not None:
            self.init_app(app)

    def init_app(self, app: Flask | Blueprint, **options: Any) -> None:
        """Install the extension on ``app`` (a Flask app or a blueprint).

        :param options: override the options given to the constructor.
        """
        check_names(options, "CORS.init_app(...)", ALL_OPTION_NAMES)
        if isinstance(app, Blueprint):
            blueprint = app

            def on_register(state: BlueprintSetupState) -> None:
                name = f"{state.name_prefix}.{state.name}".lstrip(".")
                self._install(
                    cast(Flask, state.app), options, name, f"CORS({blueprint.name!r} blueprint)"
                )

            blueprint.record(on_register)
        elif isinstance(app, Flask):
            self._install(app, options, None, "CORS(app)")
        else:
            raise TypeError(
                f"CORS expects a Flask app or a Blueprint, got {type(app).__name__} {app!r}."
            )

    def _install(
        self, app: Flask, options: Mapping[str, Any], blueprint: str | None, where: str
    ) -> None:
        config = config_layer(app.config)
        resources = options.get(
            "resources", self._options.get("resources", config.get("resources", r"/*"))
        )
        resource_map = ResourceMap(resources, (config, self._options, options), where)
        self.resources = resource_map
        wide_open = [
            policy
            for policy in resource_map.policies
            if policy.options.supports_credentials and policy.options.origin_rules.any_origin
        ]
        if wide_open:
            logger.warning(
                "%s: supports_credentials=True with origins='*' (for %s) lets any website "
                "make credentialed requests and read the answers with the user's cookies. "
                "List the allowed origins instead, unless that is really what you want.",
                where,
                ", ".join(policy.source for policy in wide_open),
            )
        if not all(policy.options.intercept_exceptions for policy in resource_map.policies):
            _note_raised_exceptions(app)
        app.extensions.setdefault(INSTALLATIONS, []).append((blueprint, resource_map))
        answer_preflight, add_headers = _hooks(app, resource_map, blueprint)
        _answer_preflights_first(app, answer_preflight)
        if blueprint is None:
            app.after_request(add_headers)
        else:
            # Keyed by the registered name, so it runs before app-wide hooks
            # and only for this blueprint's routes.
            app.after_request_funcs.setdefault(blueprint, []).append(add_headers)
        if blueprint is None or "cors" not in app.extensions:
            app.extensions["cors"] = self
        from .cli import cors_commands

        app.cli.add_command(cors_commands)
