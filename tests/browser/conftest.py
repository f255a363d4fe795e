"""Fixtures of the browser suite: the engines, the page server and the apps.

Every browser test runs in Chromium, Firefox and WebKit (see engines.py for
what each needs).  An engine that is missing is skipped with the command
that installs it, except under ``CI=true``, where it fails.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping

import pytest

from .apps import build_app, page_app
from .engines import ENGINES, BrowserPage, install_hint, open_page
from .harness import LoopbackServer, Recorder, listen_lookalike_pair
from .scenarios import API_HOST, COOKIE, PAGE, PAGE_LOOKALIKE, AppConfig


def require(available: bool, reason: str) -> None:
    """Skip with ``reason`` when something is missing; fail instead under CI=true."""
    if available:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: this suite must run)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session", params=ENGINES)
def engine(request: pytest.FixtureRequest) -> str:
    """Each browser engine in turn; its name is in every browser test's id."""
    name: str = request.param
    hint = install_hint(name)
    require(hint is None, f"{name}: {hint}")
    return name


@pytest.fixture(scope="session")
def page_ports() -> Iterator[dict[str, int]]:
    """The page server, on two look-alike ports; yields the placeholder ports."""
    first, second = listen_lookalike_pair()
    servers = [LoopbackServer(page_app, first), LoopbackServer(page_app, second)]
    try:
        yield {PAGE: servers[0].port, PAGE_LOOKALIKE: servers[1].port}
    finally:
        for server in servers:
            server.close()


class AppServers:
    """One recorded server per app configuration, started on first use."""

    def __init__(self, ports: Mapping[str, int]) -> None:
        self.ports = ports
        self._running: dict[str, tuple[LoopbackServer, Recorder]] = {}

    def start(self, config: AppConfig) -> tuple[str, Recorder]:
        """The app's base URL and its recorder."""
        if config.name not in self._running:
            recorder = Recorder(build_app(config, self.ports))
            self._running[config.name] = (LoopbackServer(recorder), recorder)
        server, recorder = self._running[config.name]
        return f"http://{API_HOST}:{server.port}", recorder

    def serve(self, name: str, app: object) -> tuple[str, Recorder]:
        """Serve a WSGI app that is not built from an :class:`AppConfig`, in
        place of any app served under ``name`` before."""
        if name in self._running:
            self._running.pop(name)[0].close()
        recorder = Recorder(app)  # type: ignore[arg-type]
        self._running[name] = (LoopbackServer(recorder), recorder)
        server = self._running[name][0]
        return f"http://{API_HOST}:{server.port}", recorder

    def close(self) -> None:
        for server, _ in self._running.values():
            server.close()


@pytest.fixture(scope="session")
def app_servers(page_ports: dict[str, int]) -> Iterator[AppServers]:
    servers = AppServers(page_ports)
    try:
        yield servers
    finally:
        servers.close()


@pytest.fixture(scope="module")
def browser_page(
    engine: str,
    page_ports: dict[str, int],
    app_servers: AppServers,
) -> Iterator[BrowserPage]:
    """One tab of a fresh ``engine`` browser with a new profile.

    Depends on the servers so that it is closed before them.  Module scope:
    Playwright's sync API keeps an asyncio loop running in the main thread
    while it is open, and other modules' async views (run through asgiref)
    refuse to start inside a running loop.  The browser holds
    :data:`~.scenarios.COOKIE`, host-only for ``localhost``, ``SameSite=Lax``
    (see scenarios.py).
    """
    with open_page(engine) as page:
        page.set_cookie(f"http://{API_HOST}:{page_ports[PAGE]}/", *COOKIE)
        yield page
