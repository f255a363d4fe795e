"""Fixtures of the browser suite: Chromium, the page server and the apps.

Needs Playwright for Python (a test extra) and Debian's Chromium at
``/usr/bin/chromium``.  Without them the suite skips, except under
``CI=true``, where it fails.
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Iterator, Mapping

import pytest

from .apps import build_app, page_app
from .harness import LoopbackServer, Recorder, listen_lookalike_pair
from .scenarios import API_HOST, COOKIE, PAGE, PAGE_LOOKALIKE, AppConfig

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # Every name the scenarios use resolves to loopback, and nothing else
    # resolves at all: the browser can reach no other host.
    "--host-resolver-rules=MAP localhost 127.0.0.1, MAP *.localhost 127.0.0.1, "
    "MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]
#: Bound on every browser wait (navigation, fetch), in milliseconds.
TIMEOUT_MS = 10_000


def require(available: bool, reason: str) -> None:
    """Skip with ``reason`` when something is missing; fail instead under CI=true."""
    if available:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: this suite must run)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def chromium_executable() -> str:
    require(
        importlib.util.find_spec("playwright") is not None,
        "Playwright for Python is missing: pip install -e '.[test]' (make test does it)",
    )
    require(
        os.access(CHROMIUM, os.X_OK),
        f"Chromium is missing at {CHROMIUM}: apt-get install -y chromium",
    )
    return CHROMIUM


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
        """Serve a WSGI app that is not built from an :class:`AppConfig`."""
        recorder = Recorder(app)  # type: ignore[arg-type]
        server = LoopbackServer(recorder)
        self._running[name] = (server, recorder)
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
    chromium_executable: str,
    page_ports: dict[str, int],
    app_servers: AppServers,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[object]:
    """A Playwright page in headless Chromium with a fresh profile.

    Depends on the servers so that it is closed before them.  Module scope:
    Playwright's sync API keeps an asyncio loop running in the main thread
    while it is open, and other modules' async views (run through asgiref)
    refuse to start inside a running loop.
    """
    from playwright.sync_api import sync_playwright

    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile),
            executable_path=chromium_executable,
            headless=True,
            args=CHROMIUM_FLAGS,
            timeout=30_000,
        )
        try:
            context.set_default_timeout(TIMEOUT_MS)
            context.set_default_navigation_timeout(TIMEOUT_MS)
            # Host-only cookie for localhost, SameSite=Lax: see scenarios.py.
            context.add_cookies(
                [
                    {
                        "name": COOKIE[0],
                        "value": COOKIE[1],
                        "url": f"http://{API_HOST}/",
                        "sameSite": "Lax",
                    }
                ]
            )
            page = context.pages[0] if context.pages else context.new_page()
            yield page
        finally:
            context.close()
