"""Loopback HTTP servers that record what they really received."""

from __future__ import annotations

import random
import socket
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from http.cookies import CookieError, SimpleCookie
from typing import Any, Callable
from urllib.parse import parse_qs

from werkzeug.serving import WSGIRequestHandler, make_server

from .scenarios import COOKIE

LOOPBACK = "127.0.0.1"

# Ports Chromium refuses to connect to (net/base/port_util.cc) in the range
# the look-alike pair is drawn from.
_CHROMIUM_UNSAFE_PORTS = frozenset({3659, 4045, 4190, 5060, 5061, 6000})


@dataclass
class Seen:
    """One request as the server received it, and the answer it sent."""

    tag: str
    method: str
    path: str
    origin: str | None
    preflight: bool
    cookie: bool
    status: int | None = None
    headers: list[tuple[str, str]] = field(default_factory=list)

    def header(self, name: str) -> str | None:
        """The one value of response header ``name``, or None."""
        values = [value for key, value in self.headers if key.lower() == name.lower()]
        assert len(values) <= 1, f"{name} sent {len(values)} times: {values}"
        return values[0] if values else None


def _has_cookie(header: str) -> bool:
    try:
        return COOKIE[0] in SimpleCookie(header)
    except CookieError:
        return False


class Recorder:
    """WSGI middleware noting every request, keyed by its ``?s=<tag>`` query."""

    def __init__(self, app: Callable[..., Any]) -> None:
        self.app = app
        self._lock = threading.Lock()
        self._seen: list[Seen] = []

    def __call__(self, environ: dict, start_response: Callable[..., Any]) -> Iterable[bytes]:
        method = environ["REQUEST_METHOD"]
        seen = Seen(
            tag=parse_qs(environ.get("QUERY_STRING", "")).get("s", [""])[0],
            method=method,
            path=environ.get("PATH_INFO", ""),
            origin=environ.get("HTTP_ORIGIN"),
            preflight=method == "OPTIONS" and "HTTP_ACCESS_CONTROL_REQUEST_METHOD" in environ,
            cookie=_has_cookie(environ.get("HTTP_COOKIE", "")),
        )
        with self._lock:
            self._seen.append(seen)

        def recording_start_response(status: str, headers: list, exc_info: Any = None) -> Any:
            seen.status = int(status.split()[0])
            seen.headers = list(headers)
            return start_response(status, headers, exc_info)

        return self.app(environ, recording_start_response)

    def seen(self, tag: str) -> list[Seen]:
        """The requests tagged ``tag``, in arrival order."""
        with self._lock:
            return [seen for seen in self._seen if seen.tag == tag]


class _QuietHandler(WSGIRequestHandler):
    def log_request(self, code: Any = "-", size: Any = "-") -> None:
        pass


def listen(port: int = 0) -> socket.socket:
    """A listening TCP socket on loopback (port 0: any free port)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.bind((LOOPBACK, port))
        sock.listen(128)
    except OSError:
        sock.close()
        raise
    return sock


class LoopbackServer:
    """A threaded Werkzeug server for ``app`` on ``sock``, in a background thread."""

    def __init__(self, app: Callable[..., Any], sock: socket.socket | None = None) -> None:
        sock = sock if sock is not None else listen()
        try:
            self._server = make_server(
                LOOPBACK,
                sock.getsockname()[1],
                app,
                threaded=True,
                request_handler=_QuietHandler,
                fd=sock.fileno(),
            )
        finally:
            sock.close()  # make_server works on a duplicate of the descriptor
        self.port: int = self._server.server_address[1]
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"loopback-server-{self.port}",
            daemon=True,
        )
        self._thread.start()

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)


def listen_lookalike_pair(attempts: int = 200) -> tuple[socket.socket, socket.socket]:
    """Two listening sockets whose ports read like ``4321`` and ``43217``."""
    rng = random.Random()
    for _ in range(attempts):
        port = rng.randrange(3000, 6500)
        if port in _CHROMIUM_UNSAFE_PORTS:
            continue
        try:
            first = listen(port)
        except OSError:
            continue
        for digit in rng.sample(range(10), 10):
            try:
                return first, listen(port * 10 + digit)
            except OSError:
                continue
        first.close()
    raise RuntimeError("no free pair of look-alike loopback ports")
