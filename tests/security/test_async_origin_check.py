"""Async origin checks must never fail open.

``origins=`` given an ``async def`` function used to be called like a plain
one: it returned a coroutine, which is truthy, so every origin was reflected
with credentials and ``cross_origin_protection`` let every cross-site write
through; the only sign was a RuntimeWarning.  Now an async check is refused
when the policy is built, and a check that returns an awaitable at run time
refuses the origin (the awaitable is closed, the mistake logged).
"""

from __future__ import annotations

import functools
import gc
import logging
import sys
import warnings

import pytest
from flask import Blueprint, Flask

from flask_cors import CORS, CORSConfigError, cross_origin

ACAO = "Access-Control-Allow-Origin"
ACAC = "Access-Control-Allow-Credentials"
ATTACKER = "https://attacker.example"


async def async_check(origin: str) -> bool:
    return False


async def async_generator_check(origin: str):
    yield False


class AsyncCallable:
    async def __call__(self, origin: str) -> bool:
        return False


class Tenants:
    async def allows(self, origin: str) -> bool:
        return False


ASYNC_CHECKS = {
    "async def": async_check,
    "async lambda-like partial": functools.partial(async_check),
    "partial of a partial": functools.partial(functools.partial(async_check)),
    "object with async __call__": AsyncCallable(),
    "partial of such an object": functools.partial(AsyncCallable()),
    "bound async method": Tenants().allows,
    "async generator function": async_generator_check,
}


@pytest.fixture(params=list(ASYNC_CHECKS.values()), ids=list(ASYNC_CHECKS))
def async_origin_check(request):
    return request.param


def _install(shape: str, **options) -> Flask:
    """An app whose /api is covered by ``options`` through ``shape``."""
    app = Flask(__name__)
    if shape == "CORS(bp)":
        bp = Blueprint("api", __name__)
        bp.add_url_rule("/api", "api", lambda: "ok", methods=["GET", "POST", "PUT"])
        CORS(bp, **options)
        app.register_blueprint(bp)
    elif shape == "@cross_origin":
        app.add_url_rule(
            "/api", "api", cross_origin(**options)(lambda: "ok"), methods=["GET", "POST", "PUT"]
        )
    else:
        app.add_url_rule("/api", "api", lambda: "ok", methods=["GET", "POST", "PUT"])
        CORS(app, **options)
    return app


SHAPES = ("CORS(app)", "CORS(bp)", "@cross_origin")


@pytest.mark.parametrize("shape", SHAPES)
def test_async_origin_check_is_refused_at_set_up(shape, async_origin_check):
    with pytest.raises(CORSConfigError, match=r"origins: .* async function.*plain def"):
        _install(shape, origins=async_origin_check, supports_credentials=True)


@pytest.mark.parametrize("shape", SHAPES)
def test_async_origin_check_in_a_list_is_refused_at_set_up(shape):
    with pytest.raises(CORSConfigError, match="async function"):
        _install(shape, origins=["https://app.example.com", async_check])


def test_async_origin_check_in_a_resource_is_refused_at_set_up():
    app = Flask(__name__)
    with pytest.raises(CORSConfigError, match="async function"):
        CORS(app, resources={r"/api/*": {"origins": async_check}})


def test_async_origin_check_in_app_config_is_refused_at_set_up():
    app = Flask(__name__)
    app.config["CORS_ORIGINS"] = async_check
    with pytest.raises(CORSConfigError, match="async function"):
        CORS(app)


def test_sync_callable_object_and_partial_are_still_accepted():
    class Allow:
        def __call__(self, origin: str) -> bool:
            return origin == "https://app.example.com"

    for check in (Allow(), functools.partial(lambda o, suffix: o.endswith(suffix), suffix=".com")):
        app = _install("CORS(app)", origins=check)
        response = app.test_client().get("/api", headers={"Origin": "https://app.example.com"})
        assert response.headers.getlist(ACAO) == ["https://app.example.com"]


# --- run time: a plain function that returns an awaitable ---


class Awaitable:
    """Not a coroutine, but awaitable: truthy, and nothing here can await it."""

    def __await__(self):
        yield
        return True


def returns_coroutine(origin: str):
    return async_check(origin)  # forgot the await, through a sync wrapper


def returns_awaitable(origin: str):
    return Awaitable()


def returns_async_generator(origin: str):
    return async_generator_check(origin)


RUNTIME_AWAITABLES = {
    "coroutine": returns_coroutine,
    "awaitable object": returns_awaitable,
    "async generator": returns_async_generator,
}


@pytest.fixture(params=list(RUNTIME_AWAITABLES.values()), ids=list(RUNTIME_AWAITABLES))
def check_returning_awaitable(request):
    return request.param


@pytest.fixture
def no_unawaited_coroutines():
    """Fail on the 'coroutine ... was never awaited' warning: it must be closed."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        yield
        gc.collect()


@pytest.mark.parametrize("shape", SHAPES)
def test_awaitable_answer_refuses_the_origin_for_a_read(
    shape, check_returning_awaitable, no_unawaited_coroutines, caplog
):
    app = _install(shape, origins=check_returning_awaitable, supports_credentials=True)
    with caplog.at_level(logging.ERROR, logger="flask_cors"):
        response = app.test_client().get("/api", headers={"Origin": ATTACKER})
    assert response.status_code == 200
    assert ACAO not in response.headers
    assert ACAC not in response.headers
    assert any(
        "instead of True or False" in r.getMessage() and r.levelno == logging.ERROR
        for r in caplog.records
    )


@pytest.mark.parametrize("shape", SHAPES)
def test_awaitable_answer_refuses_the_origin_for_a_preflight(
    shape, check_returning_awaitable, no_unawaited_coroutines
):
    app = _install(shape, origins=check_returning_awaitable, supports_credentials=True)
    response = app.test_client().options(
        "/api",
        headers={
            "Origin": ATTACKER,
            "Access-Control-Request-Method": "PUT",
            "Access-Control-Request-Headers": "Authorization",
        },
    )
    assert ACAO not in response.headers
    assert "Access-Control-Allow-Methods" not in response.headers


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("fetch_site", ["cross-site", None])
def test_awaitable_answer_refuses_a_protected_cross_site_write(
    shape, fetch_site, check_returning_awaitable, no_unawaited_coroutines
):
    app = _install(shape, origins=check_returning_awaitable, cross_origin_protection=True)
    headers = {"Origin": ATTACKER, "Cookie": "session=victim"}
    if fetch_site:
        headers["Sec-Fetch-Site"] = fetch_site
    response = app.test_client().post("/api", headers=headers)
    assert response.status_code == 403
    assert ACAO not in response.headers


def test_awaitable_answer_does_not_stop_a_later_check_from_allowing():
    app = _install(
        "CORS(app)", origins=[returns_coroutine, lambda o: o == "https://app.example.com"]
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        response = app.test_client().get("/api", headers={"Origin": "https://app.example.com"})
        gc.collect()
    assert response.headers.getlist(ACAO) == ["https://app.example.com"]


# --- run time: an async generator the check has already started ---


class Suspend:
    """An awaitable that suspends once: what awaiting I/O looks like to the generator."""

    def __await__(self):
        yield


def started(agen):
    """``agen`` run to its first ``yield`` by hand, as a check could have done."""
    step = agen.asend(None)
    with pytest.raises(StopIteration):
        step.send(None)
    return agen


async def stream_whose_cleanup_raises(closed: list):
    try:
        yield False
    finally:
        closed.append("cleanup")
        raise RuntimeError("cleanup failed")


async def stream_whose_cleanup_awaits(closed: list):
    try:
        yield False
    finally:
        closed.append("cleanup")
        await Suspend()
        closed.append("after the await")  # never: the close stops it here


@pytest.mark.parametrize(
    ("stream", "closing_raises"),
    [(stream_whose_cleanup_raises, True), (stream_whose_cleanup_awaits, False)],
    ids=["cleanup-raises", "cleanup-awaits"],
)
def test_started_async_generator_is_closed_and_refused(
    stream, closing_raises, no_unawaited_coroutines, caplog
):
    closed: list = []
    made: list = []

    def check(origin: str):
        made.append(started(stream(closed)))
        return made[-1]

    app = _install("CORS(app)", origins=check)
    with caplog.at_level(logging.DEBUG, logger="flask_cors"):
        response = app.test_client().get("/api", headers={"Origin": ATTACKER})
    assert ACAO not in response.headers
    assert made and closed == ["cleanup"] * len(made)
    messages = [r.getMessage() for r in caplog.records]
    assert any("instead of True or False" in m for m in messages), messages
    closing_logged = any(m.startswith("flask_cors: closing <async_generator") for m in messages)
    assert closing_logged is closing_raises, messages
    # Before 3.13, closing aclose()'s awaitable leaves the generator suspended.
    if closing_raises or sys.version_info >= (3, 13):
        assert all(agen.ag_frame is None for agen in made)
