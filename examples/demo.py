"""Show what the app-based example answers to a few cross-origin requests.

Runs ``app_based_example.py`` in-process (no server, no browser) and prints,
for each request, what a browser would send and the CORS headers of the
answer; then asks ``flask cors check`` why one request is blocked and
whether another one would work.  ``make demo`` runs this.
"""

from __future__ import annotations

import os
import shlex
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from click.testing import CliRunner  # noqa: E402
from flask.cli import FlaskGroup  # noqa: E402

from app_based_example import app  # noqa: E402

CORS_HEADER_PREFIX = "access-control-"

REQUESTS = [
    (
        "A page on https://app.example.com reads the user list",
        "GET",
        "/api/v1/users/",
        {"Origin": "https://app.example.com"},
    ),
    (
        "A page on a subdomain of example.org reads it too (subdomain wildcard https://*.example.org)",
        "GET",
        "/api/v1/users/",
        {"Origin": "https://shop.eu.example.org"},
    ),
    (
        "A page on https://evil.example.net tries the same: refused",
        "GET",
        "/api/v1/users/",
        {"Origin": "https://evil.example.net"},
    ),
    (
        "A look-alike origin that a prefix match would let through: refused",
        "GET",
        "/api/v1/users/",
        {"Origin": "https://app.example.com.evil.net"},
    ),
    (
        "Preflight before a JSON POST from https://app.example.com",
        "OPTIONS",
        "/api/v1/users/",
        {
            "Origin": "https://app.example.com",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    ),
    (
        "Preflight asking for DELETE on a route that only accepts GET and POST",
        "OPTIONS",
        "/api/v1/users/",
        {
            "Origin": "https://app.example.com",
            "Access-Control-Request-Method": "DELETE",
        },
    ),
    (
        "Any site may read /public/status",
        "GET",
        "/public/status",
        {"Origin": "https://anyone.test"},
    ),
    (
        "An error from the API still carries CORS headers, so the page can read it",
        "GET",
        "/api/exception",
        {"Origin": "https://app.example.com"},
    ),
]


def verdict(method: str, request_headers: dict[str, str], response_headers) -> str:
    """A one-line summary of what a browser would make of the answer."""
    origin = request_headers["Origin"]
    allowed_origin = response_headers.get("Access-Control-Allow-Origin")
    if allowed_origin not in ("*", origin):
        return f"BLOCKED: no Access-Control-Allow-Origin for {origin}"
    wanted = request_headers.get("Access-Control-Request-Method")
    if method == "OPTIONS" and wanted:
        offered = [
            m.strip() for m in response_headers.get("Access-Control-Allow-Methods", "").split(",")
        ]
        if wanted not in offered and wanted not in ("GET", "HEAD", "POST"):
            return f"BLOCKED: {wanted} is not in Access-Control-Allow-Methods"
    return "ALLOWED"


CHECKS = [
    (
        "Why is a request from https://evil.example.net blocked?",
        ["/api/v1/users/", "--origin", "https://evil.example.net"],
    ),
    (
        "Would a DELETE with cookies from https://shop.example.org work?",
        [
            "/api/v1/users/1",
            "--origin",
            "https://shop.example.org",
            "--method",
            "DELETE",
            "--credentials",
        ],
    ),
]


def show_checks() -> None:
    """Ask ``flask cors check`` about an allowed and a blocked request."""
    # The `flask` command itself, which finds `flask cors` through the
    # package's entry point, as in a shell.
    flask_command = FlaskGroup(create_app=lambda: app)
    runner = CliRunner()
    for title, args in CHECKS:
        print(f"$ flask --app examples/app_based_example cors check {shlex.join(args)}")
        print(f"  ({title})")
        result = runner.invoke(flask_command, ["cors", "check", *args])
        print(result.output.rstrip())
        print(f"(exit status {result.exit_code})")
        print()


def main() -> int:
    app.testing = False  # answer with the real 500 page, as a server would
    app.logger.disabled = True  # the example's error is on purpose: no traceback
    client = app.test_client()
    for number, (title, method, path, headers) in enumerate(REQUESTS, 1):
        print(f"{number}. {title}")
        print(f"   > {method} {path}")
        for name, value in headers.items():
            print(f"   > {name}: {value}")
        response = client.open(path, method=method, headers=headers)
        print(f"   < {response.status}")
        for name, value in response.headers.items():
            if name.lower().startswith(CORS_HEADER_PREFIX) or name == "Vary":
                print(f"   < {name}: {value}")
        print(f"   = {verdict(method, headers, response.headers)}")
        print()
    show_checks()
    return 0


if __name__ == "__main__":
    sys.exit(main())
