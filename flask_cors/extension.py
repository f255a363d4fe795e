"""The ``CORS`` Flask extension: options in, one set-up per app.

``CORS(app)``, ``CORS().init_app(app)`` and ``CORS(blueprint)`` resolve
their options into a :class:`~flask_cors.resources.ResourceMap` (validated
and compiled once) and add it as a scope to the app's
:class:`~flask_cors.scopes.Installation`.  The first scope of an app also
connects the shell to it, through Flask's documented extension points only:

- the WSGI edge (:class:`flask_cors.edge.CorsEdge`) wraps ``app.wsgi_app``,
  Flask's own recipe for middleware: preflights and cross-origin writes are
  decided there, before any app hook runs;
- one ``after_request`` hook (:func:`flask_cors.finishing.after_request_hook`)
  puts the headers on every other response;
- ``got_request_exception`` and ``request_finished`` receivers for this app
  (:class:`flask_cors.finishing.Finisher`) give error responses, and
  responses that a later hook replaced, their headers;
- a ``request_started`` receiver for the app's first request only, which
  gives the set-up warnings that need the app's complete URL map.

No method of the Flask instance is replaced, no internal dict is written,
and nothing is connected at import.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, cast

from flask import Blueprint, Flask, request_started

from . import callsite
from .edge import CorsEdge
from .errors import CORSConfigError
from .finishing import Finisher, after_request_hook, apply_policy
from .options import ALL_OPTION_NAMES, check_names, config_layer, keyword_layer
from .protection import write_guard
from .resources import ResourceMap
from .scopes import (
    EXTENSION_KEY,
    Installation,
    installation_of,
    policy_for_path,
    policy_for_request,
    warn_if_wide_open,
)

if TYPE_CHECKING:
    from flask.blueprints import BlueprintSetupState

__all__ = ["CORS", "Installation", "apply_policy", "policy_for_path", "policy_for_request"]

logger = logging.getLogger("flask_cors")


def _set_up(app: Flask) -> Installation:
    """A new :class:`Installation` for ``app``, with the shell connected to the app."""
    installation = Installation(app)
    edge = CorsEdge(app, installation)
    edge.install()
    add_headers = after_request_hook(installation)
    # An after_request hook registered before this one runs after it, and
    # may return a new response object (an envelope, compression).
    late_hooks = bool(app.after_request_funcs.get(None))
    app.after_request(add_headers)
    finisher = Finisher(app, installation.policy_for_request, add_headers, late_hooks)

    def on_first_request(sender: Any, **extra: Any) -> None:
        # From every sender: blinker keeps a receiver disconnected from one
        # sender in its list, and every request of the process would then
        # pay for looking it up.
        request_started.disconnect(on_first_request)
        edge.decide_in_flask_from_now()
        installation.report_setup_warnings()

    request_started.connect(on_first_request, app)
    # Receivers are connected weakly: the installation, kept in
    # app.extensions, keeps them alive as long as the app.
    installation.connected = [edge, finisher, on_first_request]
    return installation


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
        self._options: dict[str, Any] = check_names(
            options, "CORS(...)", ALL_OPTION_NAMES, callsite.warn
        )
        if app is not None:
            self.init_app(app)

    def init_app(self, app: Flask | Blueprint, **options: Any) -> None:
        """Install the extension on ``app`` (a Flask app or a blueprint).

        :param options: override the options given to the constructor.
        """
        options = check_names(options, "CORS.init_app(...)", ALL_OPTION_NAMES, callsite.warn)
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
        location = callsite.location()
        config = config_layer(app.config, callsite.warn)
        resources = options.get(
            "resources", self._options.get("resources", config.get("resources", r"/*"))
        )
        layers = (
            config,
            keyword_layer(self._options, "CORS"),
            keyword_layer(options, "CORS.init_app"),
        )
        resource_map = ResourceMap(resources, layers, where, callsite.warn)
        self.resources = resource_map
        warn_if_wide_open(where, resource_map.policies)
        installation = installation_of(app)
        if installation is None:
            installation = app.extensions[EXTENSION_KEY] = _set_up(app)
        installation.add_scope(blueprint, resource_map, write_guard(layers, where), location)
        installation.record_config_read(where, app.config, location)
