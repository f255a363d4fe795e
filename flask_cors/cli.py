"""``flask cors``: see which CORS policy answers each route, and why a request is blocked.

Registered with the ``flask`` command through the package's ``flask.commands``
entry point, for every app, including those that use only ``@cross_origin``::

    $ flask --app myapp cors routes
    $ flask --app myapp cors check /api/users --origin https://app.example.com --method PUT

An app that has a ``cors`` command of its own keeps it (see
:data:`plugin_command`).
"""

from __future__ import annotations

import itertools
import json
import re
import types
import warnings
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

import click
from flask import Flask, current_app
from flask.cli import AppGroup, ScriptInfo
from flask.testing import EnvironBuilder
from werkzeug.exceptions import HTTPException, NotFound

from .edge import middleware_outside_flask
from .errors import CORSConfigWarning
from .finishing import EXPLAIN
from .options import config_messages, ignored_config_keys, ignored_key_message
from .policy import SAFE_METHODS, Decision, Policy
from .scopes import installation_of, policy_for_path, write_policy_for_path
from .testing import simulate_fetch
from .views import view_resolver

if TYPE_CHECKING:
    from werkzeug.routing import Rule

__all__ = ["cors_commands", "plugin_command"]


cors_commands = AppGroup("cors", help="Inspect the app's CORS policies.")


def describe_policy(policy: Policy | None) -> dict[str, Any]:
    """The effective options of a policy, as plain data."""
    if policy is None:
        return {"source": "none", "origins": None}
    options = policy.options
    return {
        "source": policy.source,
        "origins": [
            o if isinstance(o, str) else getattr(o, "pattern", None) or repr(o)
            for o in options.origins
        ],
        "cors_methods": list(options.methods),
        "any_method": options.any_method,
        "allow_headers": [h if isinstance(h, str) else h.pattern for h in options.allow_headers],
        "expose_headers": list(options.expose_headers),
        "supports_credentials": options.supports_credentials,
        "max_age": options.max_age,
    }


# Values tried for a rule's variables, kept where the rule matches them.
_SAMPLE_VALUES = ("1", "x", "a/b", "1.5", "00000000-0000-0000-0000-000000000000")
_VARIABLE_RE = re.compile(r"<(?:([a-zA-Z_]\w*)(?:\((.*?)\))?:)?([a-zA-Z_]\w*)>")


def sample_paths(app: Flask, rule: Rule) -> list[str]:
    """A few paths that ``rule`` serves, to ask the app's policy about.

    A rule without variables serves one path.  For the others, each variable
    tries typical values (the options of an ``any`` converter, else numbers,
    words, a sub-path, a UUID); the paths the app routes to this rule are kept.
    """
    variables = _VARIABLE_RE.findall(rule.rule)
    if not variables:
        return [rule.rule]
    choices = []
    for converter, arguments, _ in variables:
        if converter == "any" and arguments:
            choices.append([a.strip().strip("'\"") for a in arguments.split(",")][:2])
        else:
            choices.append(list(_SAMPLE_VALUES))
    adapter = app.url_map.bind("localhost")
    method = next(iter(sorted(rule.methods or {"GET"})))
    paths: list[str] = []
    for combination in itertools.product(*choices):
        path = _fill(rule.rule, combination)
        try:
            matched, _ = adapter.match(path, method=method, return_rule=True)
        except Exception:
            continue
        if matched is rule and path not in paths:
            paths.append(path)
            if len(paths) == 4:
                break
    return paths or [rule.rule]


def _fill(template: str, values: tuple[str, ...]) -> str:
    """``template`` with its variables replaced by ``values``, in order."""
    remaining = iter(values)
    return _VARIABLE_RE.sub(lambda _: next(remaining), template)


def _routes(app: Flask) -> list[dict[str, Any]]:
    rows = []
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: (r.rule, r.endpoint or "")):
        row: dict[str, Any] = {
            "rule": rule.rule,
            "endpoint": rule.endpoint,
            "methods": sorted(rule.methods or ()),
        }
        samples = [
            (path, policy_for_path(app, rule.endpoint, path)) for path in sample_paths(app, rule)
        ]
        found = [policy for _, policy in samples if policy is not None]
        row.update(describe_policy(found[0] if found else None))
        if len({id(policy) for _, policy in samples}) > 1:
            # The policy depends on the path (resource patterns that cover
            # some values of the rule's variables only).
            row["by_path"] = {
                path: policy.source if policy is not None else "none" for path, policy in samples
            }
        row["writes"] = _writes(app, rule, samples[0][0])
        rows.append(row)
    return rows


def _writes(app: Flask, rule: Rule, path: str) -> str:
    """How unsafe requests to ``rule`` are screened (``cross_origin_protection``)."""
    if not set(rule.methods or ()) - SAFE_METHODS:
        return "none (the route accepts only safe methods)"
    policy = write_policy_for_path(app, rule.endpoint, path)
    if policy is None or not policy.options.cross_origin_protection:
        return "not screened (cross_origin_protection is off)"
    if not policy.options.origins:
        return "same-origin only (cross_origin_protection; no resource covers this route)"
    return "cross-origin writes refused unless from an allowed origin (cross_origin_protection)"


def setup_warnings(app: Flask) -> list[str]:
    """Every set-up warning of ``app``'s CORS configuration, each once.

    The :attr:`~flask_cors.options.Options.setup_warnings` of every policy
    (``CORS`` scopes, and ``@cross_origin`` views, resolved for ``app``),
    the warnings about its ``CORS_*`` keys other than unknown ones (those are
    named by ``_echo_setup_warnings`` as notes), and keys set after
    ``CORS(app)`` read the config.
    """
    messages: list[str] = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CORSConfigWarning)  # named here instead
        installation = installation_of(app)
        if installation is not None:
            for _, resources in installation.scopes:
                messages.extend(resources.setup_warnings)
                for policy in resources.policies:
                    messages.extend(policy.options.setup_warnings)
            messages.extend(message for message, _ in installation.narrowed_resources())
        for endpoint in app.view_functions:
            resolver = view_resolver(app, endpoint)
            if resolver is not None:
                messages.extend(resolver(app).options.setup_warnings)
        ignored = set(ignored_config_keys(app.config))
        messages.extend(
            m for m in config_messages(app.config) if not any(f"[{k!r}]" in m for k in ignored)
        )
        if installation is not None:
            noted = {ignored_key_message(key) for key in ignored}
            messages.extend(m for m, _ in installation.late_config() if m not in noted)
    return list(dict.fromkeys(messages))


def _echo_setup_warnings(app: Flask, err: bool = False) -> None:
    """Name the app's ``CORS_*`` config keys that flask_cors ignores (typos,
    mostly), then every other set-up warning of its CORS configuration."""
    for key in ignored_config_keys(app.config):
        click.echo(f"note: {ignored_key_message(key)}", err=err)
    for message in setup_warnings(app):
        click.echo(f"warning: {message}", err=err)


@cors_commands.command("routes")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def routes_command(as_json: bool) -> None:
    """One row per URL rule: its methods, where its CORS policy comes from, and that policy.

    CORS_* config keys that are not flask_cors settings are named first,
    then every set-up warning of the app's CORS configuration (on standard
    error with --json).
    """
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CORSConfigWarning)  # named below, once
        rows = _routes(app)
    _echo_setup_warnings(app, err=as_json)
    if as_json:
        click.echo(json.dumps(rows, indent=2))
        return
    for row in rows:
        click.echo(f"{row['rule']}  [{', '.join(row['methods'])}]  endpoint {row['endpoint']}")
        if row["origins"] is None:
            click.echo("    no CORS policy: browsers keep this route same-origin")
            click.echo(f"    writes:       {row['writes']}")
            continue
        click.echo(f"    policy:       {row['source']}")
        for path, source in row.get("by_path", {}).items():
            click.echo(f"      for {path}: {source}")
        click.echo(f"    origins:      {', '.join(row['origins']) or '(none)'}")
        offered = [m for m in row["cors_methods"] if m in row["methods"]]
        if row["any_method"]:
            offered += [m for m in row["methods"] if m not in offered]
        click.echo(f"    methods:      {', '.join(offered) or '(none)'} (offered in preflights)")
        click.echo(f"    headers:      {', '.join(row['allow_headers']) or '(none)'}")
        if row["expose_headers"]:
            click.echo(f"    exposes:      {', '.join(row['expose_headers'])}")
        click.echo(f"    credentials:  {'yes' if row['supports_credentials'] else 'no'}")
        if row["max_age"] is not None:
            click.echo(f"    max_age:      {row['max_age']} s")
        click.echo(f"    writes:       {row['writes']}")


def _parse_header(value: str) -> tuple[str, str]:
    name, _, content = value.partition(":")
    if not name.strip():
        raise click.BadParameter(f"{value!r}: give NAME or 'NAME: value'", param_hint="--header")
    return name.strip(), content.strip() or "1"


Explanations = list[tuple[str, str, Decision]]


def _policy_reasons(
    explanations: Explanations, preflight: bool, path: str | None, fallback: list[str]
) -> list[str]:
    """Our policy's own explanation of its answer to a preflight or a request.

    Takes the first explanation of that kind (for ``path``, if given) out of
    ``explanations``, so that each request of a redirect chain gets its own;
    ``fallback`` when the policy explained nothing.
    """
    for index, (method, explained_path, decision) in enumerate(explanations):
        if (method == "OPTIONS") == preflight and path in (None, explained_path):
            del explanations[index]
            return list(decision.explanation)
    return fallback


def _no_policy_reasons(app: Flask, path: str, method: str) -> list[str]:
    """Why no policy of the app explained its answer to ``path``."""
    reasons = ["no CORS policy covers this path"]
    wrappers = middleware_outside_flask(app)
    if not wrappers or _routed_by_flask(app, path, method):
        return reasons
    names = ", ".join(_kind(wrapper) for wrapper in wrappers)
    return [
        f"{path} matches no URL rule of the app, and app.wsgi_app is wrapped by middleware "
        f"outside Flask ({names}): that middleware may answer this path itself, and the CORS "
        f"headers of its answers are its own (for Flask-SocketIO, its cors_allowed_origins), "
        f"not a flask_cors policy's",
    ]


def _kind(wrapper: object) -> str:
    """How a WSGI middleware is named in messages: its class, or its function."""
    if isinstance(wrapper, (types.FunctionType, types.MethodType)):
        return f"function {wrapper.__module__}.{wrapper.__qualname__}"
    kind = type(wrapper)
    return f"{kind.__module__}.{kind.__qualname__}"


def _routed_by_flask(app: Flask, path: str, method: str) -> bool:
    """Whether some URL rule of the app matches ``path`` (for any method), or
    Flask redirects it to one."""
    builder = EnvironBuilder(app, path, method=method)
    try:
        adapter = app.create_url_adapter(app.request_class(builder.get_environ()))
        if adapter is None:
            return False
        adapter.match()
    except NotFound:
        return False
    except HTTPException:  # a redirect, or a rule for other methods
        return True
    finally:
        builder.close()
    return True


@cors_commands.command("check")
@click.argument("path")
@click.option("--origin", required=True, help="The calling page's origin, e.g. https://app.test.")
@click.option("--method", default="GET", show_default=True, help="The request method.")
@click.option(
    "--header",
    "headers",
    multiple=True,
    metavar="NAME[: VALUE]",
    help="A header the page sets (repeatable).",
)
@click.option("--credentials", is_flag=True, help="The page sends cookies (credentials: include).")
@click.option(
    "--no-follow",
    "no_follow",
    is_flag=True,
    help="Judge a redirect answer itself instead of following it as fetch() does.",
)
def check_command(
    path: str,
    origin: str,
    method: str,
    headers: tuple[str, ...],
    credentials: bool,
    no_follow: bool,
) -> None:
    """Would a browser let a page on ORIGIN fetch PATH?

    Runs the request through the app in-process as a browser would (the
    preflight first, when the Fetch standard calls for one), judges the real
    answers with the browser's CORS checks, and prints ALLOWED or BLOCKED
    with the reasons, then any CORS_* config key that flask_cors ignores
    and every set-up warning of the app's CORS configuration.

    A redirect is followed as fetch() follows it: every answer in the chain
    must pass the CORS check, and the chain is printed, one line per
    request.  A redirect to another origin than the app's cannot be fetched
    in-process: the verdict is then UNKNOWN (that server's answer decides).
    --no-follow judges the redirect answer itself.

    Exit status: 0 allowed, 1 blocked or unknown, 2 usage error.
    """
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    client = app.test_client()
    explanations: Explanations = []
    client.environ_base[EXPLAIN] = explanations
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", CORSConfigWarning)  # named at the end, once
            result = simulate_fetch(
                client,
                path,
                origin=origin,
                method=method,
                headers=[_parse_header(h) for h in headers],
                credentials=credentials,
                follow=not no_follow,
            )
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    click.echo(result.verdict.upper())
    click.echo(result.explain())
    chain = len(result.hops) > 1
    for number, hop in enumerate(result.hops, 1):
        if not hop.fetched:
            continue
        hop_path = unquote(urlsplit(hop.url).path)
        fallback = _no_policy_reasons(app, hop_path, hop.method)
        labels = (
            (f"the preflight of request {number}", f"request {number}")
            if chain
            else ("the preflight", "the request")
        )
        for label, response in zip(labels, (hop.preflight, hop.response)):
            if response is not None:
                click.echo(f"the app's CORS policy, on {label}:")
                preflight = response is hop.preflight
                for reason in _policy_reasons(
                    explanations, preflight, hop_path if chain else None, fallback
                ):
                    click.echo(f"  - {reason}")
    _echo_setup_warnings(app)
    click.get_current_context().exit(0 if result.allowed else 1)


class _PluginCommand(click.Command):
    """``flask cors``: :data:`cors_commands`, unless the app has a ``cors``
    command of its own, which Flask would otherwise hide (it looks up entry
    point commands before the app's) and which worked with flask-cors 6."""

    def _apps_own(self, ctx: click.Context | None, *, quiet: bool) -> click.Command | None:
        """The app's own ``cors`` command, if it has one.

        An app that cannot be loaded raises Flask's error at once, as ``flask
        routes`` would (``quiet``: none), rather than being imported again
        by our command.
        """
        info = ctx.find_object(ScriptInfo) if ctx is not None else None
        if info is None:
            return None
        try:
            app = info.load_app()
        except Exception:
            if quiet:
                return None
            raise
        own = app.cli.get_command(ctx, "cors")  # type: ignore[arg-type]
        return None if own is None or own is cors_commands else own

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: click.Context | None = None,
        **extra: Any,
    ) -> click.Context:
        own = self._apps_own(parent, quiet=False)
        if own is None or parent is None:
            return cors_commands.make_context(info_name, args, parent, **extra)
        if not current_app:  # as Flask does for the app's own commands
            parent.with_resource(parent.ensure_object(ScriptInfo).load_app().app_context())
        return own.make_context(info_name, args, parent, **extra)

    def get_short_help_str(self, limit: int = 45) -> str:
        own = self._apps_own(click.get_current_context(silent=True), quiet=True)
        return (own or cors_commands).get_short_help_str(limit)


#: What the package's ``flask.commands`` entry point registers as ``flask
#: cors``.  Add :data:`cors_commands` to ``app.cli`` under another name to
#: have both when the app has a ``cors`` command of its own.
plugin_command = _PluginCommand("cors", help=cors_commands.help)
