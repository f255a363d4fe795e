"""Concurrent requests under gunicorn each get the CORS headers they deserve.

Eight client threads send 500 requests each, mixing origins (allowed,
refused, none), methods and paths over keep-alive connections to two example
apps.  Most origins are unique to one request, so a header meant for another
request (cross-talk through shared state) cannot go unnoticed.  The expected
headers come from the examples' documented policies, written out below.
"""

from __future__ import annotations

import http.client
import random
import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import NamedTuple

from .conftest import LOOPBACK, TIMEOUT, exchange

THREADS = 8
REQUESTS_PER_THREAD = 500
#: The whole run must finish within this many seconds.
DEADLINE = 90

EXACT = "https://app.example.com"
APP_API_WILDCARD = re.compile(r"https://[a-z0-9-]+(\.[a-z0-9-]+)*\.example\.org")

ACAO = "Access-Control-Allow-Origin"
ACAC = "Access-Control-Allow-Credentials"
ACEH = "Access-Control-Expose-Headers"
ACAM = "Access-Control-Allow-Methods"
ACAH = "Access-Control-Allow-Headers"
MAX_AGE = "Access-Control-Max-Age"
CHECKED = (ACAO, ACAC, ACEH, ACAM, ACAH, MAX_AGE, "Access-Control-Allow-Private-Network", "Vary")


class Planned(NamedTuple):
    server: str  # "app" or "view"
    method: str
    path: str
    headers: dict[str, str]
    status: int
    cors: dict[str, str]  # the exact CORS and Vary headers it deserves


def _preflight(origin: str | None, method: str, headers: str | None) -> dict[str, str]:
    sent = {"Access-Control-Request-Method": method}
    if origin is not None:
        sent["Origin"] = origin
    if headers is not None:
        sent["Access-Control-Request-Headers"] = headers
    return sent


def plan_app_example(kind: str, origin: str | None) -> Planned:
    """``app_based_example``: /api/* for app.example.com and *.example.org with
    credentials, exposing X-Total-Count, preflights cached 600 s; /public/*
    for anyone; nothing elsewhere."""
    api_allowed = origin is not None and (
        origin == EXACT or bool(APP_API_WILDCARD.fullmatch(origin))
    )
    sent = {"Origin": origin} if origin is not None else {}
    actual = (
        {ACAO: origin, ACAC: "true", ACEH: "X-Total-Count", "Vary": "Origin"}
        if api_allowed
        else {"Vary": "Origin"}
    )

    def preflight(methods: str, requested: str | None) -> dict[str, str]:
        if not api_allowed:
            return {"Vary": "Origin"}
        cors = {ACAO: origin, ACAM: methods, ACAC: "true", MAX_AGE: "600", "Vary": "Origin"}
        if requested is not None:
            cors[ACAH] = requested
        return cors

    if kind == "get_users":
        return Planned("app", "GET", "/api/v1/users/", sent, 200, actual)
    if kind == "head_users":
        return Planned("app", "HEAD", "/api/v1/users/", sent, 200, actual)
    if kind == "delete_user":
        return Planned("app", "DELETE", "/api/v1/users/7", sent, 204, actual)
    if kind == "missing":
        return Planned("app", "GET", "/api/v1/missing", sent, 404, actual)
    if kind == "preflight_post_json":
        if origin is None:  # not a preflight, a plain OPTIONS
            return Planned("app", "OPTIONS", "/api/v1/users/", {}, 200, {"Vary": "Origin"})
        return Planned(
            "app",
            "OPTIONS",
            "/api/v1/users/",
            _preflight(origin, "POST", "content-type"),
            200,
            preflight("GET, HEAD, POST, OPTIONS", "content-type"),
        )
    if kind == "preflight_delete":
        if origin is None:
            return Planned("app", "OPTIONS", "/api/v1/users/7", {}, 200, {"Vary": "Origin"})
        return Planned(
            "app",
            "OPTIONS",
            "/api/v1/users/7",
            _preflight(origin, "DELETE", None),
            200,
            preflight("OPTIONS, DELETE", None),
        )
    if kind == "public":
        return Planned("app", "GET", "/public/status", sent, 200, {ACAO: "*"})
    if kind == "root":
        return Planned("app", "GET", "/", sent, 200, {})
    raise AssertionError(kind)


def plan_view_example(kind: str, origin: str | None) -> Planned:
    """``view_based_example``: / for anyone; the other views for
    app.example.com only, without credentials."""
    allowed = origin == EXACT
    sent = {"Origin": origin} if origin is not None else {}
    actual = {ACAO: origin, "Vary": "Origin"} if allowed else {"Vary": "Origin"}
    if kind == "root":
        return Planned("view", "GET", "/", sent, 200, {ACAO: "*"})
    if kind == "create_get":
        return Planned("view", "GET", "/api/v1/users/create", sent, 200, actual)
    if kind == "async_report":
        return Planned("view", "GET", "/api/v1/report", sent, 200, actual)
    if kind == "preflight_create":
        if origin is None:
            return Planned("view", "OPTIONS", "/api/v1/users/create", {}, 200, {"Vary": "Origin"})
        cors = (
            {
                ACAO: origin,
                ACAM: "GET, HEAD, POST, OPTIONS",
                ACAH: "content-type",
                "Vary": "Origin",
            }
            if allowed
            else {"Vary": "Origin"}
        )
        return Planned(
            "view",
            "OPTIONS",
            "/api/v1/users/create",
            _preflight(origin, "POST", "content-type"),
            200,
            cors,
        )
    raise AssertionError(kind)


APP_KINDS = (
    "get_users",
    "head_users",
    "delete_user",
    "missing",
    "preflight_post_json",
    "preflight_delete",
    "public",
    "root",
)
VIEW_KINDS = ("root", "create_get", "async_report", "preflight_create")


def pick_origin(rng: random.Random, thread: int, number: int) -> str | None:
    """Allowed (exact or a unique subdomain), refused (unique) or no Origin."""
    roll = rng.random()
    if roll < 0.2:
        return EXACT
    if roll < 0.5:
        return f"https://t{thread}-r{number}.example.org"
    if roll < 0.8:
        return f"https://t{thread}-r{number}.evil.example.net"
    return None


def plan(thread: int) -> list[Planned]:
    rng = random.Random(1000 + thread)
    planned = []
    for number in range(REQUESTS_PER_THREAD):
        origin = pick_origin(rng, thread, number)
        if rng.random() < 0.7:
            planned.append(plan_app_example(rng.choice(APP_KINDS), origin))
        else:
            planned.append(plan_view_example(rng.choice(VIEW_KINDS), origin))
    return planned


def check(planned: Planned, status: int, lines: dict[str, list[str]]) -> str | None:
    """None when the reply is exactly what ``planned`` deserves, else why not."""
    expected = {name: [value] for name, value in planned.cors.items()}
    if status != planned.status or lines != expected:
        return (
            f"{planned.method} {planned.path} {planned.headers}: got {status} {lines}, "
            f"expected {planned.status} {expected}"
        )
    return None


def run_thread(
    thread: int, ports: dict[str, int], start: threading.Barrier, stop_at: float
) -> tuple[int, list[str]]:
    """Send this thread's planned requests; return (sent, mismatches)."""
    connections: dict[str, http.client.HTTPConnection] = {}
    mismatches: list[str] = []
    sent = 0
    start.wait(timeout=TIMEOUT)
    try:
        for planned in plan(thread):
            if time.monotonic() > stop_at:
                mismatches.append(f"thread {thread}: out of time after {sent} requests")
                break
            connection = connections.get(planned.server)
            if connection is None:
                connection = http.client.HTTPConnection(
                    LOOPBACK, ports[planned.server], timeout=TIMEOUT
                )
                connections[planned.server] = connection
            reply = exchange(0, planned.method, planned.path, planned.headers, connection)
            sent += 1
            lines = {name: reply.lines(name) for name in CHECKED if reply.lines(name)}
            problem = check(planned, reply.status, lines)
            if problem is not None:
                mismatches.append(problem)
    finally:
        for connection in connections.values():
            connection.close()
    return sent, mismatches


def test_concurrent_requests_get_their_own_headers(app_example, view_example):
    ports = {"app": app_example.port, "view": view_example.port}
    start = threading.Barrier(THREADS)
    began = time.monotonic()
    stop_at = began + DEADLINE
    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        futures = [
            pool.submit(run_thread, thread, ports, start, stop_at) for thread in range(THREADS)
        ]
        outcomes = [future.result(timeout=DEADLINE + TIMEOUT) for future in futures]
    elapsed = time.monotonic() - began
    sent = sum(count for count, _ in outcomes)
    mismatches = [problem for _, problems in outcomes for problem in problems]
    assert mismatches[:10] == [], f"{len(mismatches)} of {sent} replies were wrong"
    assert sent == THREADS * REQUESTS_PER_THREAD
    assert elapsed < DEADLINE


def test_plan_mixes_every_kind_of_request():
    planned = [request for thread in range(THREADS) for request in plan(thread)]
    origins = [request.headers.get("Origin") for request in planned]
    assert len(planned) == THREADS * REQUESTS_PER_THREAD
    assert {(request.server, request.method) for request in planned} == {
        ("app", "GET"),
        ("app", "HEAD"),
        ("app", "DELETE"),
        ("app", "OPTIONS"),
        ("view", "GET"),
        ("view", "OPTIONS"),
    }
    assert None in origins and EXACT in origins
    assert any(origin and origin.endswith(".evil.example.net") for origin in origins)
    assert any(origin and origin.endswith(".example.org") for origin in origins)
