"""The per-app set-up: the scopes of ``CORS(app)`` and ``CORS(blueprint)``,
and which policy answers a request.

One :class:`Installation` per app, in ``app.extensions["cors"]``, whatever
the number of ``CORS`` objects.  A request's policy comes from the URL rule
Flask routes it to: the ``cross_origin`` decorator of that rule's view if it
has one, else the resources of the innermost scope covering the rule's
endpoint (blueprints first, then the app), matched against the path.
Nothing here touches a response; see :mod:`flask_cors.finishing`.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from typing import Any, Union

from flask import Flask, Request

from . import callsite
from .errors import CORSConfigWarning
from .options import CONFIG_KEYS, config_changes, config_snapshot, ignored_key_message
from .policy import Policy
from .protection import WriteProtection
from .resources import ResourceMap
from .routing import unrouted_target
from .views import PolicyResolver, view_resolver

__all__ = [
    "Installation",
    "ScopeChain",
    "installation_of",
    "policy_for_path",
    "policy_for_request",
    "warn_if_wide_open",
    "write_policy_for_path",
]

logger = logging.getLogger("flask_cors")

#: ``app.extensions`` key of the app's :class:`Installation`.
EXTENSION_KEY = "cors"


def installation_of(app: Flask) -> Installation | None:
    """``app``'s :class:`Installation`, or None for an app without the extension."""
    installation = app.extensions.get(EXTENSION_KEY)
    return installation if isinstance(installation, Installation) else None


def policy_for_request(app: Flask, req: Request) -> Policy | None:
    """The policy that answers ``req``: its view's ``cross_origin``, else the extension's."""
    installation = installation_of(app)
    if installation is not None:
        return installation.policy_for_request(req)
    rule = req.url_rule
    return policy_for_path(app, rule.endpoint, req.path) if rule is not None else None


def policy_for_path(app: Flask, endpoint: str | None, path: str) -> Policy | None:
    """The policy for a request to ``path`` routed to ``endpoint`` (None: no rule matched)."""
    installation = installation_of(app)
    if installation is not None:
        return installation.policy_for(endpoint, path)
    resolver = view_resolver(app, endpoint)
    return resolver(app) if resolver is not None else None


def write_policy_for_path(app: Flask, endpoint: str | None, path: str) -> Policy | None:
    """The policy that screens unsafe requests to ``path`` routed to ``endpoint``
    (see ``cross_origin_protection``), or None."""
    installation = installation_of(app)
    if installation is not None:
        return installation.write_policy_for(endpoint, path)
    return policy_for_path(app, endpoint, path)


def compare_view_with_resources(app: Flask, endpoint: str | None) -> None:
    """Warn if the ``cross_origin`` view of ``endpoint`` admits more than the
    extension's resource covering its URL (see :class:`Installation`); for the
    decorator, whose view answers before the extension's hook looks."""
    installation = installation_of(app)
    if installation is not None:
        installation.covering(endpoint)


def wider_than(view: Policy, resource: Policy) -> str:
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


def _for_scopes(where: str, policies: list[Policy]) -> str:
    scopes = [policy.source for policy in policies if policy.source != where]
    return f" (for {', '.join(scopes)})" if scopes else ""


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
    scope to it.  It owns the one question the hooks, the WSGI edge and the
    ``flask cors`` commands ask: which policy answers a request (by the URL
    rule it maps to, its endpoint's ``cross_origin`` decorator, the blueprint
    scopes of that endpoint and the path).  Its :attr:`protection` answers
    the same question for writes.  Created by :class:`~flask_cors.CORS`; not
    meant to be built by hand.
    """

    def __init__(self, app: Flask) -> None:
        self.app = app
        #: ``(blueprint name or None, ResourceMap)`` per installation, in order.
        self.scopes: list[tuple[str | None, ResourceMap]] = []
        #: Which policy screens a write (``cross_origin_protection``).
        self.protection = WriteProtection(self)
        # endpoint -> (its cross_origin resolver, the ResourceMaps that cover
        # it, most nested blueprint first, the last installed first).
        self._covering: dict[str | None, tuple[PolicyResolver | None, tuple[ResourceMap, ...]]]
        self._covering = {}
        # The same, as policy_for asks it: several maps as one ScopeChain.
        self._endpoints: dict[str | None, tuple[PolicyResolver | None, tuple[Lookup, ...]]]
        self._endpoints = {}
        #: endpoint -> its policy, where the after_request hook needs no more
        #: than that (filled by the hook, see flask_cors.finishing).
        self.plain: dict[str, Policy] = {}
        #: What the extension connected to the app's signals for this set-up
        #: (weakly connected receivers), kept alive as long as the app.
        self.connected: list[object] = []
        # (where, the line that called it, the CORS_* config it read) per scope.
        self._config_reads: list[tuple[str, tuple[str, int], dict[str, Any]]] = []
        # Each scope's ResourceMap -> the user's line that set it up, where
        # the first request's warnings about its patterns point.
        self._sites: dict[ResourceMap, tuple[str, int]] = {}

    def record_config_read(
        self, where: str, config: Mapping[str, Any], location: tuple[str, int]
    ) -> None:
        """Remember the ``CORS_*`` config a scope was built from (see :meth:`late_config`)."""
        self._config_reads.append((where, location, config_snapshot(config)))

    def late_config(self) -> list[tuple[str, tuple[str, int]]]:
        """A message for each ``CORS_*`` key set, changed or removed after a scope read
        the config, and where that scope was set up; each key once."""
        messages: list[tuple[str, tuple[str, int]]] = []
        seen: set[str] = set()
        for where, location, snapshot in self._config_reads:
            for key in config_changes(snapshot, self.app.config):
                if key in seen:
                    continue
                seen.add(key)
                at = f" (at {location[0]}:{location[1]})"
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

    def narrowed_resources(self) -> list[tuple[str, tuple[str, int] | None]]:
        """A message for each resource pattern that covers fewer of the app's URL
        rules than flask-cors 6.0.5 read it to, and for each rule 6.0.5 gave
        another resource's policy (see :meth:`ResourceMap.narrowed`), with the
        line that set up its scope."""
        messages: list[tuple[str, tuple[str, int] | None]] = []
        for blueprint, resources in self.scopes:
            prefix = f"{blueprint}." if blueprint else ""
            rules = [
                rule.rule
                for rule in self.app.url_map.iter_rules()
                # A rule without a view (Werkzeug's ``redirect_to``) has no
                # endpoint; an app's hooks still answer it, a blueprint's not.
                if (rule.endpoint or "").startswith(prefix)
            ]
            site = self._sites.get(resources)
            messages.extend((message, site) for message in resources.narrowed(rules))
        return list(dict.fromkeys(messages))

    def report_setup_warnings(self) -> None:
        """Warn, on the app's first request (its URL map is complete then),
        about config set after its CORS set-up and resource patterns that
        cover its routes otherwise than flask-cors 6.0.5 did."""
        try:
            for message, site in self.narrowed_resources():
                callsite.warn_at(site)(message)
            for message, location in self.late_config():
                callsite.warn_at(location)(message)
        except CORSConfigWarning:
            raise  # turned into an error by the app's warnings filter
        except Exception:
            logger.exception("flask_cors: could not compare the app's config with its set-up")

    def add_scope(
        self,
        blueprint: str | None,
        resources: ResourceMap,
        guard: Policy | None = None,
        site: tuple[str, int] | None = None,
    ) -> None:
        """Cover the app (``blueprint=None``) or one registered blueprint.

        :param guard: screens the writes to the scope's routes that no
            resource covers (``cross_origin_protection`` set for the scope).
        :param site: the user's line that set the scope up (file, line).
        """
        self.scopes.append((blueprint, resources))
        if site is not None:
            self._sites[resources] = site
        self.protection.add_guard(resources, guard)
        self._covering.clear()
        self._endpoints.clear()
        self.plain.clear()

    def lookup(self, endpoint: str | None) -> tuple[PolicyResolver | None, tuple[Lookup, ...]]:
        """``endpoint``'s ``cross_origin`` resolver and what to ask for its path:
        the resource maps covering it (several as one :class:`ScopeChain`)."""
        entry = self._endpoints.get(endpoint)
        if entry is None:
            self.covering(endpoint)
            entry = self._endpoints[endpoint]
        return entry

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
            # The warning points at the view's def line (else the user's line).
            site = callsite.definition(self.app.view_functions.get(endpoint or ""))
            for rule in self.app.url_map.iter_rules(endpoint):
                for resources in maps:
                    covering = resources.every_path or resources.owner(rule.rule)
                    if covering is False:
                        continue
                    if covering is None:
                        break  # excluded: no resource policy to compare with
                    wider = wider_than(view, covering)
                    if wider:
                        callsite.warn_at(site)(
                            f"{view.source} admits {wider} on {rule.rule}, which "
                            f"{covering.source} does not: the decorator's options replace "
                            f"the resource's for this view. Give the decorator the "
                            f"resource's origins and supports_credentials; if the view is "
                            f"meant to be more open, give its URL a resource of its own "
                            f"instead of the decorator."
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
        resolver, maps = self._endpoints.get(endpoint) or self.lookup(endpoint)
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
        innermost scope that has ``cross_origin_protection`` for all its routes
        (see :class:`~flask_cors.protection.WriteProtection`).
        """
        return self.protection.policy_for(endpoint, path)

    def policy_for_request(self, req: Request) -> Policy | None:
        """The policy that answers ``req`` (in a request context)."""
        rule = req.url_rule
        if rule is not None:
            return self.policy_for(rule.endpoint, req.path)
        return self.policy_for(*unrouted_target(self.app, req))

    def unrouted_target(self, req: Request) -> tuple[str | None, str]:
        """``(endpoint, path)`` for a request that Flask could not route
        (see :func:`flask_cors.routing.unrouted_target`)."""
        return unrouted_target(self.app, req)
