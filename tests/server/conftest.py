"""Fixtures of the real-server suite: apps under gunicorn on loopback ports.

Needs gunicorn (the integration extra).  Without it the suite skips, except under
``CI=true``, where it fails.
"""

from __future__ import annotations

import http.client
import importlib.util
import os
import pathlib
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from typing import NamedTuple

import pytest

CHECKOUT = pathlib.Path(__file__).resolve().parents[2]
HERE = pathlib.Path(__file__).resolve().parent
EXAMPLES = CHECKOUT / "examples"
LOOPBACK = "127.0.0.1"
#: Bound on starting or stopping one server, and on one HTTP exchange, in seconds.
TIMEOUT = 30

_LISTENING_RE = re.compile(r"Listening at: http://127\.0\.0\.1:(\d+)")


def require(available: bool, reason: str) -> None:
    """Skip with ``reason`` when something is missing; fail instead under CI=true."""
    if available:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: this suite must run)", pytrace=False)
    pytest.skip(reason)


class Reply(NamedTuple):
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    def lines(self, name: str) -> list:
        """Every value of header ``name``, one per header line on the wire."""
        return self.headers.get_all(name) or []


def exchange(
    port: int,
    method: str,
    path: str,
    headers: Mapping[str, str] | None = None,
    connection: http.client.HTTPConnection | None = None,
) -> Reply:
    """One HTTP request to ``127.0.0.1:port``; on ``connection`` if given."""
    conn = connection or http.client.HTTPConnection(LOOPBACK, port, timeout=TIMEOUT)
    try:
        conn.request(method, path, headers=dict(headers or {}))
        response = conn.getresponse()
        return Reply(response.status, response.msg, response.read())
    finally:
        if connection is None:
            conn.close()


class Gunicorn:
    """``gunicorn`` serving ``target`` (``module:app`` in ``directory``) on a free port."""

    def __init__(self, directory: pathlib.Path, target: str, log: pathlib.Path) -> None:
        self.target = target
        self.log = log
        self._log_file = open(log, "wb")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "--config",
                str(HERE / "gunicorn_settings.py"),
                # Port 0: the kernel picks a free port; gunicorn logs which.
                "--bind",
                f"{LOOPBACK}:0",
                "--chdir",
                str(directory),
                target,
            ],
            stdin=subprocess.DEVNULL,
            stdout=self._log_file,
            stderr=subprocess.STDOUT,
        )
        try:
            self.port = self._wait_until_serving()
        except BaseException:
            self.stop()
            raise

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")

    def _wait_until_serving(self) -> int:
        deadline = time.monotonic() + TIMEOUT
        port = None
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn {self.target} exited:\n{self.log_text()}")
            if port is None:
                found = _LISTENING_RE.search(self.log_text())
                port = int(found.group(1)) if found else None
            if port is not None:
                try:
                    exchange(port, "GET", "/")
                    return port
                except OSError:
                    pass
            time.sleep(0.05)
        raise RuntimeError(
            f"gunicorn {self.target} not serving after {TIMEOUT}s:\n{self.log_text()}"
        )

    def stop(self) -> None:
        """SIGTERM (graceful shutdown), then SIGKILL.

        Workers leave by themselves when their master is gone.
        """
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=TIMEOUT)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=TIMEOUT)
        self._log_file.close()


@pytest.fixture(scope="session")
def gunicorn_available() -> None:
    require(
        importlib.util.find_spec("gunicorn") is not None,
        "gunicorn is missing: pip install -e '.[integration]' (make test does it)",
    )


def _serve(
    directory: pathlib.Path, target: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Gunicorn]:
    log = tmp_path_factory.mktemp("gunicorn") / f"{target.replace(':', '.')}.log"
    server = Gunicorn(directory, target, log)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def app_example(gunicorn_available: None, tmp_path_factory: pytest.TempPathFactory):
    """``examples/app_based_example.py`` under gunicorn."""
    yield from _serve(EXAMPLES, "app_based_example:app", tmp_path_factory)


@pytest.fixture(scope="session")
def view_example(gunicorn_available: None, tmp_path_factory: pytest.TempPathFactory):
    """``examples/view_based_example.py`` under gunicorn."""
    yield from _serve(EXAMPLES, "view_based_example:app", tmp_path_factory)


@pytest.fixture(scope="session")
def blueprint_example(gunicorn_available: None, tmp_path_factory: pytest.TempPathFactory):
    """``examples/blueprints_based_example.py`` under gunicorn."""
    yield from _serve(EXAMPLES, "blueprints_based_example:app", tmp_path_factory)


@pytest.fixture(scope="session")
def wire_app(gunicorn_available: None, tmp_path_factory: pytest.TempPathFactory):
    """``tests/server/wire_app.py`` under gunicorn."""
    yield from _serve(HERE, "wire_app:app", tmp_path_factory)
