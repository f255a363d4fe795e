"""``flask cors``: see which CORS policy answers each route, and why a request is blocked.

Registered on the app by :class:`~flask_cors.CORS`::

    $ flask --app myapp cors routes
    $ flask --app myapp cors check /api/users --origin https://app.example.com --method PUT
"""

from __future__ import annotations

import json
from typing import Any

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from .extension import EXPLAIN, policy_for_rule
from .policy import Decision, Policy
from .testing import simulate_fetch

__all__ = ["cors_commands"]

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
        "allow_headers": [h if isinstance(h, str) else h.pattern for h in options.allow_headers],
        "expose_headers": list(options.expose_headers),
        "supports_credentials": options.supports_credentials,
        "max_age": options.max_age,
    }


def _routes(app: Flask) -> list[dict[str, Any]]:
    rows = []
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: (r.rule, r.endpoint)):
        row = {"rule": rule.rule, "endpoint": rule.endpoint, "methods": sorted(rule.methods or ())}
        row.update(describe_policy(policy_for_rule(app, rule)))
        rows.append(row)
    return rows


@cors_commands.command("routes")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def routes_command(as_json: bool) -> None:
    """One row per URL rule: its methods, where its CORS policy comes from, and that policy."""
    rows = _routes(current_app._get_current_object())  # type: ignore[attr-defined]
    if as_json:
        click.echo(json.dumps(rows, indent=2))
        return
    for row in rows:
        click.echo(f"{row['rule']}  [{', '.join(row['methods'])}]  endpoint {row['endpoint']}")
        if row["origins"] is None:
            click.echo("    no CORS policy: browsers keep this route same-origin")
            continue
        click.echo(f"    policy:       {row['source']}")
        click.echo(f"    origins:      {', '.join(row['origins']) or '(none)'}")
        offered = [m for m in row["cors_methods"] if m in row["methods"]]
        click.echo(f"    methods:      {', '.join(offered) or '(none)'} (offered in preflights)")
        click.echo(f"    headers:      {', '.join(row['allow_headers']) or '(none)'}")
        if row["expose_headers"]:
            click.echo(f"    exposes:      {', '.join(row['expose_headers'])}")
        click.echo(f"    credentials:  {'yes' if row['supports_credentials'] else 'no'}")
        if row["max_age"] is not None:
            click.echo(f"    max_age:      {row['max_age']} s")


def _parse_header(value: str) -> tuple[str, str]:
    name, _, content = value.partition(":")
    if not name.strip():
        raise click.BadParameter(f"{value!r}: give NAME or 'NAME: value'", param_hint="--header")
    return name.strip(), content.strip() or "1"


def _policy_reasons(explanations: list[tuple[str, Decision]], preflight: bool) -> list[str]:
    """Our policy's own explanation of its answer to the preflight or the request."""
    for method, decision in explanations:
        if (method == "OPTIONS") == preflight:
            return list(decision.reasons)
    return ["no CORS policy covers this path"]


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
def check_command(
    path: str, origin: str, method: str, headers: tuple[str, ...], credentials: bool
) -> None:
    """Would a browser let a page on ORIGIN fetch PATH?

    Runs the request through the app in-process as a browser would (the
    preflight first, when the Fetch standard calls for one), judges the real
    answers with the browser's CORS checks, and prints ALLOWED or BLOCKED
    with the reasons.  Exit status: 0 allowed, 1 blocked, 2 usage error.
    """
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    client = app.test_client()
    explanations: list[tuple[str, Decision]] = []
    client.environ_base[EXPLAIN] = explanations
    try:
        result = simulate_fetch(
            client,
            path,
            origin=origin,
            method=method,
            headers=[_parse_header(h) for h in headers],
            credentials=credentials,
        )
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    click.echo("ALLOWED" if result.allowed else "BLOCKED")
    click.echo(result.explain())
    for label, response in (("preflight", result.preflight), ("request", result.response)):
        if response is not None:
            click.echo(f"the app's CORS policy, on the {label}:")
            for reason in _policy_reasons(explanations, preflight=label == "preflight"):
                click.echo(f"  - {reason}")
    click.get_current_context().exit(0 if result.allowed else 1)
