"""CVE-2024-1681 class: forged log lines through request values.

flask-cors 4.0.0 logged ``request.path`` at debug level as it came, so
``GET /api/%0d%0a<fake log line>`` wrote a second, attacker-written line into
the application's log.  Every request-supplied value that reaches the
``flask_cors`` logger must arrive escaped (``%r``): one record, one line, no
control characters.
"""

from __future__ import annotations

import logging

import pytest

ORIGIN = "https://app.example.com"
FORGED = "2024-05-01 12:00:00,000 INFO werkzeug: admin logged in from 10.0.0.1"


class Recorder(logging.Handler):
    """Formats every record the way a log file would receive it."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        self.lines: list = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


@pytest.fixture
def log_lines():
    logger = logging.getLogger("flask_cors")
    recorder = Recorder()
    old_level = logger.level
    logger.addHandler(recorder)
    logger.setLevel(logging.DEBUG)
    try:
        yield recorder.lines
    finally:
        logger.removeHandler(recorder)
        logger.setLevel(old_level)


def assert_one_clean_line_each(lines: list) -> None:
    assert lines, "the flask_cors logger recorded nothing; the test would prove nothing"
    for line in lines:
        assert line.isprintable(), f"control character in log line {line!r}"


def test_crlf_in_path_is_escaped_in_debug_log(log_lines, make_app):
    app = make_app("/api/<name>", route_methods=("GET", "PUT"))
    app.test_client().get(f"/api/x%0D%0A{FORGED}", headers={"Origin": ORIGIN})
    assert_one_clean_line_each(log_lines)
    assert any("\\r\\n" + FORGED in line for line in log_lines)


def test_crlf_in_origin_is_escaped_in_debug_log(log_lines, make_app):
    app = make_app("/api/<name>", route_methods=("GET", "PUT"), origins=[ORIGIN])
    app.test_client().get("/api/x", environ_overrides={"HTTP_ORIGIN": f"{ORIGIN}\r\n{FORGED}"})
    assert_one_clean_line_each(log_lines)


def test_crlf_in_method_is_escaped_in_debug_log(log_lines, make_app):
    app = make_app("/api/<name>", route_methods=("GET", "PUT"))
    app.test_client().open("/api/x", method=f"GET\r\n{FORGED}", headers={"Origin": ORIGIN})
    assert_one_clean_line_each(log_lines)


def test_terminal_escape_in_path_is_escaped_in_debug_log(log_lines, make_app):
    app = make_app("/api/<name>", route_methods=("GET", "PUT"))
    app.test_client().get("/api/%1B[2K%1B[1Ax", headers={"Origin": ORIGIN})
    assert_one_clean_line_each(log_lines)


def test_crlf_in_preflight_headers_is_escaped_in_debug_log(log_lines, make_app):
    app = make_app("/api/<name>", route_methods=("GET", "PUT"))
    app.test_client().options(
        "/api/x",
        headers={"Origin": ORIGIN},
        environ_overrides={
            "HTTP_ACCESS_CONTROL_REQUEST_METHOD": f"PUT\r\n{FORGED}",
            "HTTP_ACCESS_CONTROL_REQUEST_HEADERS": f"X-A\r\n{FORGED}",
        },
    )
    assert_one_clean_line_each(log_lines)
