"""CVE-2024-6839 class: a broad resource rule shadowing a specific one.

flask-cors 5.0.1 tried resource patterns longest-source-first, so a broad
but long regex such as ``/api/(?:v1|v2|v3|beta|internal)/.*`` won over the
shorter, more specific ``/api/v1/admin/*`` and gave the admin endpoints the
public policy.  Here the most specific pattern wins -- a literal path, then
the longest literal beginning -- whatever the dict order and whether a
pattern is given as a string or compiled.
"""

from __future__ import annotations

import itertools
import re

import pytest

from flask_cors.resources import ResourceMap

ACAO = "Access-Control-Allow-Origin"
ADMIN = "https://admin.example.com"
AUDITOR = "https://audit.example.com"
FRONTEND = "https://www.example.com"
ATTACKER = "https://attacker.example"

# name -> (string form, compiled form, options)
RULES = {
    "audit log": ("/api/v1/admin/audit-log", re.compile(r"/api/v1/admin/audit-log"), [AUDITOR]),
    "admin": ("/api/v1/admin/*", re.compile(r"/api/v1/admin/.*"), [ADMIN]),
    "public api": (
        r"/api/(?:v1|v2|v3|beta|internal)/.*",
        re.compile(r"/api/(?:v1|v2|v3|beta|internal)/.*"),
        "*",
    ),
    "site": ("/*", re.compile(r"/.*"), [FRONTEND]),
}

# (path, origin, expected Access-Control-Allow-Origin)
EXPECTATIONS = [
    ("/api/v1/admin/users", ATTACKER, None),
    ("/api/v1/admin/users", ADMIN, ADMIN),
    ("/api/v1/admin/audit-log", ATTACKER, None),
    ("/api/v1/admin/audit-log", ADMIN, None),
    ("/api/v1/admin/audit-log", AUDITOR, AUDITOR),
    ("/api/v2/items", ATTACKER, "*"),
    ("/about", ATTACKER, None),
    ("/about", FRONTEND, FRONTEND),
]

# The rule that must own each path.
OWNER = {
    "/api/v1/admin/users": "admin",
    "/api/v1/admin/audit-log": "audit log",
    "/api/v2/items": "public api",
    "/about": "site",
}

# Every combination of string ("s") and compiled ("c") forms, in RULES order.
FORMS = ["".join(form) for form in itertools.product("sc", repeat=len(RULES))]
ORDERS = list(itertools.permutations(RULES))


def pattern_of(name: str, form: str):
    string, compiled, _ = RULES[name]
    return compiled if form[list(RULES).index(name)] == "c" else string


def resources_for(order, form) -> dict:
    # max_age tags each policy with the index of its rule in RULES.
    return {
        pattern_of(name, form): {"origins": RULES[name][2], "max_age": list(RULES).index(name)}
        for name in order
    }


@pytest.mark.parametrize("form", ["ssss", "cccc", "scsc", "cscs"])
def test_most_specific_resource_wins_in_every_order(form, make_app):
    failures = []
    for order in ORDERS:
        client = make_app("/<path:rest>", resources=resources_for(order, form)).test_client()
        for path, origin, expected in EXPECTATIONS:
            got = client.get(path, headers={"Origin": origin}).headers.get(ACAO)
            if got != expected:
                failures.append((order, path, origin, expected, got))
    assert failures == []


@pytest.mark.parametrize("form", FORMS)
def test_resource_map_picks_the_most_specific_rule_in_every_order(form):
    failures = []
    for order in ORDERS:
        resource_map = ResourceMap(resources_for(order, form), (), "test")
        for path, owner in OWNER.items():
            got = list(RULES)[resource_map.match(path).options.max_age]
            if got != owner:
                failures.append((order, path, owner, got))
    assert failures == []


def test_broad_long_regex_does_not_shadow_short_specific_prefix(make_app):
    resources = {RULES["public api"][0]: {"origins": "*"}, "/api/v1/admin/*": {"origins": [ADMIN]}}
    response = (
        make_app("/<path:rest>", resources=resources)
        .test_client()
        .get("/api/v1/admin/users", headers={"Origin": ATTACKER})
    )
    assert ACAO not in response.headers
