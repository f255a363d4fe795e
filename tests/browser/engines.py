"""One way to drive each of the three browser engines the suite runs.

- Chromium: Debian's ``/usr/bin/chromium`` through Playwright.
- Firefox: Debian's ``firefox-esr`` through WebDriver BiDi, which Firefox
  speaks itself (``--remote-debugging-port``), over a WebSocket.
- WebKit: WebKitGTK's MiniBrowser through ``WebKitWebDriver`` (classic
  WebDriver over HTTP), on a private Xvfb display, since MiniBrowser has no
  headless mode.

A test sees a :class:`BrowserPage`: one tab, driven by JavaScript functions
given as source text and JSON arguments, with JSON results.  Only loopback
addresses are used.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import re
import shutil
import socket
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any

ENGINES = ("chromium", "firefox", "webkit")

CHROMIUM = "/usr/bin/chromium"
FIREFOX = "/usr/bin/firefox-esr"
WEBKIT_DRIVER = "/usr/bin/WebKitWebDriver"
XVFB = "/usr/bin/Xvfb"
MINIBROWSER_CANDIDATES = (
    "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser",
    "/usr/lib/aarch64-linux-gnu/webkit2gtk-4.1/MiniBrowser",
    "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.0/MiniBrowser",
    "/usr/lib/aarch64-linux-gnu/webkit2gtk-4.0/MiniBrowser",
)
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
# Firefox: no update checks, telemetry, captive-portal probes or other
# traffic of its own; only loopback is ever asked for.
FIREFOX_PREFS = {
    "app.update.enabled": False,
    "browser.shell.checkDefaultBrowser": False,
    "browser.startup.homepage_override.mstone": "ignore",
    "datareporting.policy.dataSubmissionEnabled": False,
    "network.captive-portal-service.enabled": False,
    "network.connectivity-service.enabled": False,
    "network.dns.disablePrefetch": True,
    "network.http.speculative-parallel-limit": 0,
    "network.proxy.type": 0,
    "toolkit.telemetry.enabled": False,
    "browser.safebrowsing.malware.enabled": False,
    "browser.safebrowsing.phishing.enabled": False,
}

#: Bound on every browser wait (navigation, fetch), in milliseconds.
TIMEOUT_MS = 10_000
_START_TIMEOUT_S = 60


class EngineError(RuntimeError):
    """The browser or its driver failed, or a page's script threw."""


def install_hint(engine: str) -> str | None:
    """None when ``engine`` can run here, else what is missing and how to install it."""
    if engine == "chromium":
        if importlib.util.find_spec("playwright") is None:
            return (
                "Playwright for Python is missing: pip install -e '.[integration]' "
                "(make test does it)"
            )
        if not os.access(CHROMIUM, os.X_OK):
            return f"Chromium is missing at {CHROMIUM}: apt-get install -y chromium"
    elif engine == "firefox":
        if importlib.util.find_spec("websockets") is None:
            return "websockets is missing: pip install -e '.[integration]' (make test does it)"
        if not os.access(FIREFOX, os.X_OK):
            return f"Firefox is missing at {FIREFOX}: apt-get install -y firefox-esr"
    elif engine == "webkit":
        if not os.access(WEBKIT_DRIVER, os.X_OK) or minibrowser() is None:
            return "WebKitGTK's driver is missing: apt-get install -y webkit2gtk-driver"
        if not os.access(XVFB, os.X_OK):
            return f"Xvfb is missing at {XVFB}: apt-get install -y xvfb"
    else:
        return f"unknown engine {engine!r}"
    return None


def minibrowser() -> str | None:
    return next((path for path in MINIBROWSER_CANDIDATES if os.access(path, os.X_OK)), None)


class BrowserPage:
    """One tab of one engine."""

    engine: str

    def goto(self, url: str) -> None:
        """Load ``url`` and wait for its ``load`` event (frames included)."""
        raise NotImplementedError

    def evaluate(self, function: str, arg: Any = None, *, in_frame: bool = False) -> Any:
        """Call the JavaScript ``function`` (source of a function of one
        argument, which may be async) with ``arg``; its JSON result.

        :param in_frame: in the page's first iframe rather than the page.
        """
        raise NotImplementedError

    def navigate_by(self, function: str, arg: Any = None) -> None:
        """Run ``function``, which starts a navigation (a form's submit, a
        click), and wait until the next document has loaded."""
        self.evaluate("() => { window.__flaskCorsBefore = true; }")
        self.evaluate(function, arg)
        deadline = time.monotonic() + TIMEOUT_MS / 1000
        while time.monotonic() < deadline:
            with contextlib.suppress(EngineError):  # the old document may be going
                if self.evaluate(
                    "() => !window.__flaskCorsBefore && document.readyState === 'complete'"
                ):
                    return
            time.sleep(0.05)
        raise EngineError(f"{self.engine}: no new document within {TIMEOUT_MS} ms")

    def text(self) -> str:
        """The text of the current document."""
        return str(self.evaluate("() => document.body ? document.body.innerText : ''"))

    def set_cookie(self, url: str, name: str, value: str) -> None:
        """Give the browser a host-only ``SameSite=Lax`` cookie for ``url``'s host."""
        raise NotImplementedError

    def console_messages(self) -> list[str] | None:
        """The text of every console message the engine has logged so far,
        its own (a CORS error) and the page's; None when its automation
        interface does not report them (WebKit: see :func:`webkit_console`)."""
        return None

    def close(self) -> None:
        raise NotImplementedError


# --- Chromium, through Playwright ------------------------------------------


class ChromiumPage(BrowserPage):
    engine = "chromium"

    def __init__(self, profile: str) -> None:
        from playwright.sync_api import sync_playwright

        self._playwright = sync_playwright().start()
        try:
            self._context = self._playwright.chromium.launch_persistent_context(
                profile,
                executable_path=CHROMIUM,
                headless=True,
                args=CHROMIUM_FLAGS,
                timeout=30_000,
            )
        except Exception:
            self._playwright.stop()
            raise
        self._context.set_default_timeout(TIMEOUT_MS)
        self._context.set_default_navigation_timeout(TIMEOUT_MS)
        pages = self._context.pages
        self.page = pages[0] if pages else self._context.new_page()
        # Playwright reports the browser's own log entries (CDP Log.entryAdded,
        # where CORS errors go) as console messages too.
        self._console: list[str] = []
        self.page.on("console", lambda message: self._console.append(message.text))

    def goto(self, url: str) -> None:
        self.page.goto(url)

    def evaluate(self, function: str, arg: Any = None, *, in_frame: bool = False) -> Any:
        frame = self.page.frames[1] if in_frame else self.page.main_frame
        try:
            return frame.evaluate(function, arg)
        except Exception as error:  # Playwright's Error: the script threw
            raise EngineError(str(error)) from error

    def navigate_by(self, function: str, arg: Any = None) -> None:
        with self.page.expect_navigation():
            self.evaluate(function, arg)

    def console_messages(self) -> list[str]:
        self.page.wait_for_timeout(0)  # lets Playwright deliver pending events
        return list(self._console)

    def set_cookie(self, url: str, name: str, value: str) -> None:
        self._context.add_cookies([{"name": name, "value": value, "url": url, "sameSite": "Lax"}])

    def close(self) -> None:
        try:
            self._context.close()
        finally:
            self._playwright.stop()


# --- Firefox, through WebDriver BiDi -----------------------------------------


class FirefoxPage(BrowserPage):
    engine = "firefox"

    def __init__(self, profile: str) -> None:
        from websockets.sync.client import connect

        with open(os.path.join(profile, "user.js"), "w", encoding="utf-8") as prefs:
            for name, value in FIREFOX_PREFS.items():
                prefs.write(f"user_pref({json.dumps(name)}, {json.dumps(value)});\n")
        self._process = subprocess.Popen(
            [
                FIREFOX,
                "--headless",
                "--no-remote",
                "--profile",
                profile,
                "--remote-debugging-port",
                "0",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        self._log: list[str] = []
        self._console: list[str] = []
        endpoint = self._wait_for_endpoint()
        self._next_id = 0
        self._stack = contextlib.ExitStack()
        try:
            self._ws = self._stack.enter_context(
                connect(f"{endpoint}/session", max_size=None, open_timeout=_START_TIMEOUT_S)
            )
            self._command("session.new", {"capabilities": {}})
            # CORS errors come as log entries of type "javascript".
            self._command("session.subscribe", {"events": ["log.entryAdded"]})
            tree = self._command("browsingContext.getTree", {"maxDepth": 0})
            self._context = tree["contexts"][0]["context"]
        except Exception:
            self.close()
            raise

    def _wait_for_endpoint(self) -> str:
        found: list[str] = []
        ready = threading.Event()

        def read_stderr() -> None:  # keeps the pipe drained for the whole run
            assert self._process.stderr is not None
            for line in self._process.stderr:
                self._log.append(line)
                match = re.search(r"WebDriver BiDi listening on (ws://\S+)", line)
                if match and not found:
                    found.append(match.group(1))
                    ready.set()
            ready.set()

        self._reader = threading.Thread(target=read_stderr, daemon=True)
        self._reader.start()
        if not ready.wait(_START_TIMEOUT_S) or not found:
            self._process.kill()
            raise EngineError("Firefox did not start its BiDi server:\n" + "".join(self._log[-20:]))
        return found[0]

    def _command(self, method: str, params: dict[str, Any]) -> Any:
        self._next_id += 1
        ident = self._next_id
        self._ws.send(json.dumps({"id": ident, "method": method, "params": params}))
        while True:
            message = json.loads(self._ws.recv(timeout=TIMEOUT_MS / 1000 + 20))
            if message.get("method") == "log.entryAdded":
                self._console.append(str(message["params"].get("text")))
            if message.get("id") != ident:
                continue  # an event
            if message.get("type") == "error":
                raise EngineError(f"{method}: {message.get('error')}: {message.get('message')}")
            return message["result"]

    def _frame_context(self) -> str:
        tree = self._command("browsingContext.getTree", {"root": self._context})
        children = tree["contexts"][0].get("children") or []
        if not children:
            raise EngineError("the page has no iframe")
        return str(children[0]["context"])

    def goto(self, url: str) -> None:
        self._command(
            "browsingContext.navigate", {"context": self._context, "url": url, "wait": "complete"}
        )

    def evaluate(self, function: str, arg: Any = None, *, in_frame: bool = False) -> Any:
        context = self._frame_context() if in_frame else self._context
        result = self._command(
            "script.callFunction",
            {
                "functionDeclaration": (
                    f"async (json) => JSON.stringify(await ({function})(JSON.parse(json)))"
                ),
                "arguments": [{"type": "string", "value": json.dumps(arg)}],
                "target": {"context": context},
                "awaitPromise": True,
            },
        )
        if result.get("type") == "exception":
            raise EngineError(result["exceptionDetails"].get("text", "script error"))
        value = result["result"]
        return json.loads(value["value"]) if value.get("type") == "string" else None

    def console_messages(self) -> list[str]:
        self.evaluate("() => null")  # reads the events sent before its answer
        return list(self._console)

    def set_cookie(self, url: str, name: str, value: str) -> None:
        # A host-only cookie: set by the page itself, as a server would.
        self.goto(url)
        self.evaluate(
            "([name, value]) => { document.cookie = `${name}=${value}; path=/; SameSite=Lax`; }",
            [name, value],
        )

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self._command("session.end", {})
        if hasattr(self, "_stack"):
            self._stack.close()
        self._process.terminate()
        try:
            self._process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        self._reader.join(timeout=15)  # it stops at the end of Firefox's stderr
        if self._process.stderr is not None:
            self._process.stderr.close()


# --- WebKit, through WebKitWebDriver ----------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _start_xvfb(processes: list[subprocess.Popen[bytes]]) -> str:
    """Start a private Xvfb display, appended to ``processes``; its name."""
    read_end, write_end = os.pipe()
    processes.append(
        subprocess.Popen(
            [XVFB, "-displayfd", str(write_end), "-nolisten", "tcp", "-screen", "0", "1280x800x24"],
            pass_fds=(write_end,),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    )
    os.close(write_end)
    number = b""
    with os.fdopen(read_end, "rb") as pipe:
        while not number.endswith(b"\n"):
            chunk = pipe.read(1)
            if not chunk:
                raise EngineError("Xvfb did not start")
            number += chunk
    return f":{number.decode().strip()}"


def _stop(processes: list[subprocess.Popen[bytes]]) -> None:
    for process in reversed(processes):
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


_WEBKIT_CONSOLE_LINE = re.compile(r"(?:^|: )CONSOLE [A-Z]+ [A-Z]+ (?P<text>.*)$")


def webkit_console(url: str, finished: threading.Event, timeout_s: float = 30) -> list[str]:
    """WebKitGTK's own console messages while its page at ``url`` runs,
    until ``finished`` is set (by the server the page tells).

    WebKitWebDriver (classic WebDriver, no BiDi) reports no console message,
    so this runs MiniBrowser by itself, on a private Xvfb display, with
    ``--enable-write-console-messages-to-stdout`` (a WebKitSettings property,
    which sessions under automation do not take), and reads what it writes.
    The engine's own messages (CORS errors among them) go to stderr as they
    come; the page's ``console`` calls go to a buffered stdout, which is
    read too but may be incomplete.
    """
    browser = minibrowser()
    if browser is None:
        raise EngineError("MiniBrowser is missing: apt-get install -y webkit2gtk-driver")
    profile = tempfile.mkdtemp(prefix="flask-cors-webkit-console-")
    processes: list[subprocess.Popen[bytes]] = []
    output = os.path.join(profile, "output.txt")
    try:
        display = _start_xvfb(processes)
        with open(output, "wb") as out:
            processes.append(
                subprocess.Popen(
                    [browser, "--enable-write-console-messages-to-stdout=true", url],
                    env={**os.environ, "DISPLAY": display, "HOME": profile},
                    stdout=out,
                    stderr=subprocess.STDOUT,
                )
            )
        if not finished.wait(timeout_s):
            raise EngineError(f"webkit: the page at {url} did not finish within {timeout_s} s")
        time.sleep(0.5)  # the web process may still be writing
    finally:
        _stop(processes)
        with open(output, "rb") as out:
            lines = out.read().decode("utf-8", "replace").splitlines()
        shutil.rmtree(profile, ignore_errors=True)
    return [match["text"] for line in lines if (match := _WEBKIT_CONSOLE_LINE.search(line))]


class WebKitPage(BrowserPage):
    engine = "webkit"

    def __init__(self, profile: str) -> None:
        self._processes: list[subprocess.Popen[bytes]] = []
        self._session: str | None = None
        try:
            display = _start_xvfb(self._processes)
            self._port = _free_port()
            self._processes.append(
                subprocess.Popen(
                    [WEBKIT_DRIVER, f"--port={self._port}", "--host=127.0.0.1"],
                    env={**os.environ, "DISPLAY": display, "HOME": profile},
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            )
            session = self._call(
                "POST",
                "/session",
                {
                    "capabilities": {
                        "alwaysMatch": {
                            "browserName": "MiniBrowser",
                            "webkitgtk:browserOptions": {
                                "binary": minibrowser(),
                                "args": ["--automation"],
                            },
                        }
                    }
                },
                wait_for_driver=True,
            )
            self._session = session["sessionId"]
            self._call(
                "POST",
                f"/session/{self._session}/timeouts",
                {"script": TIMEOUT_MS + 5_000, "pageLoad": TIMEOUT_MS},
            )
        except Exception:
            self.close()
            raise

    def _call(
        self, method: str, path: str, body: Any = None, *, wait_for_driver: bool = False
    ) -> Any:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(
            f"http://127.0.0.1:{self._port}{path}",
            method=method,
            data=data,
            headers={"Content-Type": "application/json"},
        )
        deadline = time.monotonic() + _START_TIMEOUT_S
        while True:
            try:
                with urllib.request.urlopen(request, timeout=TIMEOUT_MS / 1000 + 30) as response:
                    return json.loads(response.read())["value"]
            except urllib.error.HTTPError as error:
                value = json.loads(error.read() or b"{}").get("value", {})
                raise EngineError(
                    f"{method} {path}: {value.get('error')}: {value.get('message')}"
                ) from None
            except OSError:
                if not wait_for_driver or time.monotonic() > deadline:
                    raise
                time.sleep(0.1)

    def goto(self, url: str) -> None:
        self._call("POST", f"/session/{self._session}/url", {"url": url})

    def evaluate(self, function: str, arg: Any = None, *, in_frame: bool = False) -> Any:
        script = (
            "const [json, done] = arguments;"
            f"Promise.resolve().then(() => ({function})(JSON.parse(json)))"
            ".then((value) => done(JSON.stringify({value: value === undefined ? null : value})),"
            " (error) => done(JSON.stringify({error: String(error)})));"
        )
        if in_frame:
            self._call("POST", f"/session/{self._session}/frame", {"id": 0})
        try:
            raw = self._call(
                "POST",
                f"/session/{self._session}/execute/async",
                {"script": script, "args": [json.dumps(arg)]},
            )
        finally:
            if in_frame:
                self._call("POST", f"/session/{self._session}/frame/parent", {})
        outcome = json.loads(raw)
        if "error" in outcome:
            raise EngineError(outcome["error"])
        return outcome["value"]

    def set_cookie(self, url: str, name: str, value: str) -> None:
        self.goto(url)
        self._call(
            "POST",
            f"/session/{self._session}/cookie",
            {"cookie": {"name": name, "value": value, "path": "/", "sameSite": "Lax"}},
        )

    def close(self) -> None:
        if self._session is not None:
            with contextlib.suppress(Exception):
                self._call("DELETE", f"/session/{self._session}")
        _stop(self._processes)


_PAGES = {"chromium": ChromiumPage, "firefox": FirefoxPage, "webkit": WebKitPage}


@contextlib.contextmanager
def open_page(engine: str) -> Iterator[BrowserPage]:
    """A fresh browser of ``engine`` with a new profile, and its one tab."""
    profile = tempfile.mkdtemp(prefix=f"flask-cors-{engine}-")
    try:
        page = _PAGES[engine](profile)
        try:
            yield page
        finally:
            page.close()
    finally:
        shutil.rmtree(profile, ignore_errors=True)
