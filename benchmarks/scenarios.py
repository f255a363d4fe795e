"""The benchmark scenarios, shared by the orchestrator and the workers.

Every scenario uses only options that both this project and flask-cors 6
understand the same way, except the subdomain wildcard and
cross_origin_protection ones (``ours_only``): flask-cors 6 reads
``https://*.example.com`` as a regex that allows no subdomain.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

ORIGIN = "https://app.example.com"
SIZES = (1, 10, 100, 1000)


@dataclass(frozen=True)
class Scenario:
    id: str
    title: str
    options: dict[str, Any] = field(default_factory=dict)
    method: str = "GET"
    path: str = "/"
    headers: dict[str, str] = field(default_factory=dict)
    decorator: bool = False
    expect_acao: str = "*"  # checked once before timing, so a wrong setup can't pass
    ours_only: bool = False
    quick: bool = True


def exact_origins(n: int) -> tuple[str, ...]:
    return tuple(f"https://app{i}.example.com" for i in range(n))


def regex_origins(n: int) -> tuple[str, ...]:
    return tuple(rf"https://([a-z]+\.)?site{i}\.example\.com" for i in range(n))


def wildcard_origins(n: int) -> tuple[str, ...]:
    return tuple(f"https://*.site{i}.example.com" for i in range(n))


def _scenarios() -> dict[str, Scenario]:
    found = [
        Scenario("a", "(a) request without Origin", expect_acao="*"),
        Scenario("b", "(b) simple GET, allowed origin, defaults", headers={"Origin": ORIGIN}),
        Scenario(
            "c",
            "(c) GET, 10 exact origins",
            options={"origins": list(exact_origins(10))},
            headers={"Origin": "https://app9.example.com"},
            expect_acao="https://app9.example.com",
        ),
        Scenario(
            "d",
            "(d) preflight, 2 request headers",
            method="OPTIONS",
            headers={
                "Origin": ORIGIN,
                "Access-Control-Request-Method": "PUT",
                "Access-Control-Request-Headers": "content-type, x-token",
            },
        ),
        Scenario("e", "(e) @cross_origin view", decorator=True, headers={"Origin": ORIGIN}),
        # (g) cross_origin_protection: what it costs requests with a safe
        # method (nothing, is the claim), and what screening a write costs.
        Scenario(
            "protection-off",
            "(g) GET, 1 exact origin",
            options={"origins": [ORIGIN]},
            headers={"Origin": ORIGIN},
            expect_acao=ORIGIN,
            ours_only=True,
        ),
        Scenario(
            "protection-on",
            "(g) GET, 1 exact origin, cross_origin_protection",
            options={"origins": [ORIGIN], "cross_origin_protection": True},
            headers={"Origin": ORIGIN},
            expect_acao=ORIGIN,
            ours_only=True,
        ),
        Scenario(
            "protection-post",
            "(g) cross-site POST from the allowed origin, cross_origin_protection",
            method="POST",
            options={"origins": [ORIGIN], "cross_origin_protection": True},
            headers={"Origin": ORIGIN, "Sec-Fetch-Site": "cross-site"},
            expect_acao=ORIGIN,
            ours_only=True,
        ),
    ]
    for n in SIZES:
        quick = n in (1, 1000)
        last = f"https://app{n - 1}.example.com"
        found += [
            Scenario(
                f"exact-{n}-last",
                f"(f) {n} exact origins, last matches",
                options={"origins": list(exact_origins(n))},
                headers={"Origin": last},
                expect_acao=last,
                quick=quick,
            ),
            Scenario(
                f"exact-{n}-none",
                f"(f) {n} exact origins, none matches",
                options={"origins": list(exact_origins(n))},
                headers={"Origin": "https://elsewhere.test"},
                expect_acao="",
                quick=quick,
            ),
        ]
        site = f"https://www.site{n - 1}.example.com"
        found += [
            Scenario(
                f"regex-{n}-last",
                f"(f) {n} regex origins, last matches",
                options={"origins": list(regex_origins(n))},
                headers={"Origin": site},
                expect_acao=site,
                quick=quick,
            ),
            Scenario(
                f"regex-{n}-none",
                f"(f) {n} regex origins, none matches",
                options={"origins": list(regex_origins(n))},
                headers={"Origin": "https://elsewhere.test"},
                expect_acao="",
                quick=quick,
            ),
            Scenario(
                f"wildcard-{n}-last",
                f"(f) {n} subdomain wildcard origins, last matches",
                options={"origins": list(wildcard_origins(n))},
                headers={"Origin": site},
                expect_acao=site,
                ours_only=True,
                quick=quick,
            ),
            Scenario(
                f"wildcard-{n}-none",
                f"(f) {n} subdomain wildcard origins, none matches",
                options={"origins": list(wildcard_origins(n))},
                headers={"Origin": "https://elsewhere.test"},
                expect_acao="",
                ours_only=True,
                quick=quick,
            ),
            Scenario(
                f"resources-{n}-last",
                f"(f) {n} resource patterns, last matches",
                options={"resources": {rf"/r{i}/.*": {} for i in range(n)}},
                path=f"/r{n - 1}/item",
                headers={"Origin": ORIGIN},
                quick=quick,
            ),
            Scenario(
                f"resources-{n}-none",
                f"(f) {n} resource patterns, none matches",
                options={"resources": {rf"/r{i}/.*": {} for i in range(n)}},
                path="/elsewhere/item",
                headers={"Origin": ORIGIN},
                expect_acao="",
                quick=quick,
            ),
        ]
    return {scenario.id: scenario for scenario in found}


SCENARIOS = _scenarios()


# (h) Floods of long values: FLOOD_COUNT requests, each with values never
# sent before, to an app whose origins regex matches them all; then the memory the
# app still holds, and what a request (PROBE, under the same policy) costs
# in the flooded app against a new one.  Values of FLOOD_SIZE characters are
# too long to be remembered; the 1,000-character Origins are the longest
# that are, so the memos' byte bound is what stops them.
FLOOD_COUNT = 1020
FLOOD_SIZE = 32 * 1024
FLOOD_ORIGINS = r"https://.*\.example\.com"
FLOOD_OPTIONS: dict[str, Any] = {"resources": {"/api/*": {"origins": FLOOD_ORIGINS}}}
#: flood id -> (title, length of its values)
FLOODS = {
    "origins": ("(h) flood: distinct 32 KB Origins", FLOOD_SIZE),
    "request-headers": ("(h) flood: distinct 32 KB Access-Control-Request-Headers", FLOOD_SIZE),
    "paths": ("(h) flood: distinct 32 KB paths", FLOOD_SIZE),
    "mix": ("(h) flood: 32 KB Origin, path and request headers together", FLOOD_SIZE),
    "short-origins": ("(h) flood: distinct 1,000-character Origins", 1000),
}
PROBE = Scenario(
    "probe",
    "(h) GET under the flood's policy",
    options=FLOOD_OPTIONS,
    path="/api/items",
    headers={"Origin": ORIGIN},
    expect_acao=ORIGIN,
)


def long_value(index: int, size: int) -> str:
    """A value of ``size`` characters that differs from every other ``index``'s."""
    return f"{index:06d}" + "a" * (size - 6)


def flood_request(flood: str, index: int) -> Scenario:
    """The ``index``-th request of the flood ``flood`` (one of FLOODS)."""
    size = FLOODS[flood][1]
    origin = f"https://{long_value(index, size)}.example.com"
    preflight = {
        "Access-Control-Request-Method": "PUT",
        "Access-Control-Request-Headers": f"x-{long_value(index, size)}",
    }
    path = f"/api/{long_value(index, size)}"
    if flood in ("origins", "short-origins"):
        return Scenario(flood, flood, path=PROBE.path, headers={"Origin": origin})
    if flood == "request-headers":
        headers = {"Origin": ORIGIN, **preflight}
        return Scenario(flood, flood, method="OPTIONS", path=PROBE.path, headers=headers)
    if flood == "paths":
        return Scenario(flood, flood, path=path, headers={"Origin": ORIGIN})
    if index % 2:  # the mix: GETs and preflights in turn
        return Scenario(flood, flood, path=path, headers={"Origin": origin})
    headers = {"Origin": origin, **preflight}
    return Scenario(flood, flood, method="OPTIONS", path=path, headers=headers)
