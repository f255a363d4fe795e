"""``flask cors``: see which CORS policy answers each route, and why a request is blocked.

Registered on the app by :class:`~flask_cors.CORS`::

    $ flask --app myapp cors routes
    $ flask --app myapp cors check /api/users --origin https://app.example.com --method PUT
"""

from __future__ import annotations

import json
from typing import Any, Dict, List, Optional

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from .extension import policy_for_rule
from .policy import Policy

__all__ = ["cors_commands"]

cors_commands = AppGroup("cors", help="Inspect the app's CORS policies.")


def describe_policy(policy: Optional[Policy]) -> Dict[str, Any]:
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


def _routes(app: Flask) -> List[Dict[str, Any]]:
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
