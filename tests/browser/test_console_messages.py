"""Each engine's own words for each way a request is blocked, as
docs/debugging.rst quotes them.

A page on one loopback origin fetches from each case's app (``blocked.py``)
on another; the test records the console messages the engine logs and the
error the page's script gets, and compares them with the page's table.
Chromium's messages come through Playwright (CDP log entries), Firefox's
through WebDriver BiDi ``log.entryAdded``; WebKitWebDriver reports none, so
WebKit's are read from MiniBrowser's own output (see
:func:`.engines.webkit_console`).
"""

from __future__ import annotations

import difflib
import json
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest

from .blocked import CASES, ENGINE_LABELS, SCRIPT_ERRORS, doc_table, normalise
from .engines import open_page, webkit_console
from .harness import LoopbackServer

#: Runs in the page: every case's fetch in turn; then tells the page's
#: server what the script saw.
RUN_JS = """
async (cases) => {
  const errors = {};
  for (const c of cases) {
    try {
      const response = await fetch(c.url, c.init);
      errors[c.id] = "resolved " + response.status;
    } catch (error) {
      errors[c.id] = error.name + ": " + error.message;
    }
  }
  await fetch("/done", {method: "POST", body: JSON.stringify(errors)});
  return errors;
}
"""

QUIET_S = 0.5
WAIT_S = 10


class Servers:
    """The page the fetches start from, and one server per case's app."""

    def __init__(self) -> None:
        self._servers: list[LoopbackServer] = []
        self.finished = threading.Event()
        self.errors: dict[str, str] = {}
        page = self._serve(self._page_app)
        self.page = f"http://localhost:{page.port}"
        self.cases: list[dict[str, Any]] = []
        self.apis: dict[str, str] = {}
        for case in CASES:
            api = f"http://localhost:{self._serve(case.build(self.page)).port}"
            self.apis[case.id] = api
            url = f"{api}{case.path}?case={case.id}"
            self.cases.append({"id": case.id, "url": url, "init": dict(case.init)})

    def _serve(self, app: Any) -> LoopbackServer:
        server = LoopbackServer(app)
        self._servers.append(server)
        return server

    def _page_app(self, environ: dict, start_response: Any) -> list[bytes]:
        body = "<!doctype html><title>console messages</title><p>page</p>"
        if environ["PATH_INFO"] == "/done":
            length = int(environ.get("CONTENT_LENGTH") or 0)
            self.errors = json.loads(environ["wsgi.input"].read(length))
            self.finished.set()
        if environ["PATH_INFO"] == "/run":
            # </ cannot occur in the JSON of the cases: it holds URLs and ids only.
            body += f"<script>({RUN_JS})({json.dumps(self.cases)});</script>"
        data = body.encode()
        start_response("200 OK", [("Content-Type", "text/html; charset=utf-8")])
        return [data]

    def close(self) -> None:
        for server in self._servers:
            server.close()


@pytest.fixture(scope="module")
def servers() -> Iterator[Servers]:
    running = Servers()
    try:
        yield running
    finally:
        running.close()


def attribute(messages: list[str], servers: Servers) -> dict[str, list[str]]:
    """Each case's messages: those naming its URL, and those before them
    naming none (WebKit names the URL in the line after its reason)."""
    by_case: dict[str, list[str]] = {case.id: [] for case in CASES}
    pending: list[str] = []
    for message in messages:
        pending.append(message)
        named = [case["id"] for case in servers.cases if f"?case={case['id']}" in message]
        if named:
            by_case[named[0]] += pending
            pending = []
    return by_case


def first_cors_message(messages: list[str]) -> str | None:
    """The engine's message about the block: the first one it logs,
    leaving out Chromium's generic ``Failed to load resource`` line."""
    found = [m for m in messages if not m.startswith("Failed to load resource")]
    return found[0] if found else None


def record(engine: str, servers: Servers) -> tuple[dict[str, list[str]], dict[str, str]]:
    """Every case's messages in ``engine``, and the error its script got."""
    if engine == "webkit":
        servers.finished.clear()
        messages = webkit_console(f"{servers.page}/run", servers.finished)
        return attribute(messages, servers), servers.errors
    with open_page(engine) as page:
        page.goto(f"{servers.page}/")
        errors = page.evaluate(RUN_JS, servers.cases)
        # The engine may log a message after the fetch has failed: wait until
        # every case has one and nothing new comes for a moment.
        deadline = time.monotonic() + WAIT_S
        messages = page.console_messages() or []
        while time.monotonic() < deadline:
            time.sleep(QUIET_S)
            latest = page.console_messages() or []
            settled = latest == messages
            messages = latest
            if settled and all(attribute(messages, servers).values()):
                break
        return attribute(messages, servers), errors


def lines(table: dict[str, str | None]) -> list[str]:
    return [f"{title}: {message}" for title, message in table.items()]


def test_engine_words_match_debugging_table(engine: str, servers: Servers) -> None:
    by_case, errors = record(engine, servers)
    recorded = {
        case.title: (
            None
            if (message := first_cors_message(by_case[case.id])) is None
            else normalise(
                message,
                url=next(c["url"] for c in servers.cases if c["id"] == case.id),
                api=servers.apis[case.id],
                page=servers.page,
            )
        )
        for case in CASES
    }
    rows = doc_table()
    label = ENGINE_LABELS[engine]
    documented = {
        case.title: rows[case.title].messages.get(label) for case in CASES if case.title in rows
    }
    diff = "\n".join(
        difflib.unified_diff(
            lines(documented), lines(recorded), "docs/debugging.rst", engine, lineterm=""
        )
    )
    assert recorded == documented, (
        f"{label}'s console messages differ from the table in docs/debugging.rst:\n{diff}\n"
        f"all messages: {json.dumps(by_case, indent=1)}"
    )
    assert errors == {case.id: SCRIPT_ERRORS[engine] for case in CASES}
