"""Benchmark worker: times WSGI calls to Flask apps built from one scenario.

Runs inside one virtualenv, with whichever ``flask_cors`` that environment
has (ours, or flask-cors from PyPI), and answers the orchestrator
(``bench.py``) over stdin/stdout, one JSON object per line:

    {"scenario": "b", "variant": "cors", "calls": 2000}  ->  {"us": 61.2}

``variant`` is ``bare`` (the same routes without CORS: the floor) or ``cors``.
Apps and environs are built once, before any timing.
"""

from __future__ import annotations

import io
import json
import sys
import time
from typing import Any, Callable

from flask import Flask
from scenarios import SCENARIOS, Scenario

WSGIApp = Callable[..., Any]


def _start_response(status: str, headers: list, exc_info: Any = None) -> None:
    return None


def base_environ(scenario: Scenario) -> dict[str, Any]:
    environ = {
        "REQUEST_METHOD": scenario.method,
        "SCRIPT_NAME": "",
        "PATH_INFO": scenario.path,
        "QUERY_STRING": "",
        "SERVER_NAME": "api.example.net",
        "SERVER_PORT": "443",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "api.example.net",
        "wsgi.url_scheme": "https",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
    }
    for name, value in scenario.headers.items():
        environ["HTTP_" + name.upper().replace("-", "_")] = value
    return environ


def build_app(scenario: Scenario, with_cors: bool) -> Flask:
    from flask_cors import CORS, cross_origin

    app = Flask(f"bench_{scenario.id}")

    def view(**_: Any) -> str:
        return "ok"

    if with_cors and scenario.decorator:
        view = cross_origin(**scenario.options)(view)
    app.add_url_rule("/", "index", view, methods=["GET", "PUT", "POST", "DELETE"])
    app.add_url_rule("/<path:rest>", "rest", view, methods=["GET", "PUT", "POST", "DELETE"])
    if with_cors and not scenario.decorator:
        CORS(app, **scenario.options)
    return app


def time_calls(app: WSGIApp, environ: dict[str, Any], calls: int) -> float:
    """CPU microseconds per call over ``calls`` calls.

    CPU time of this process, not wall time: the figure is what the request
    costs, whatever else the machine is doing meanwhile.
    """
    clock = time.process_time
    start = clock()
    for _ in range(calls):
        body = app(dict(environ), _start_response)
        for _chunk in body:
            pass
        body.close()
    return (clock() - start) / calls * 1e6


def check(app: Flask, environ: dict[str, Any], scenario: Scenario) -> str:
    """One call outside the timings, to catch a scenario that is set up wrong."""
    seen: dict[str, Any] = {}

    def start_response(status: str, headers: list, exc_info: Any = None) -> None:
        seen["status"] = status
        seen["headers"] = headers

    body = app(dict(environ), start_response)
    b"".join(body)
    body.close()
    if not seen["status"].startswith("200"):
        raise SystemExit(f"scenario {scenario.id}: status {seen['status']}")
    acao = [value for name, value in seen["headers"] if name == "Access-Control-Allow-Origin"]
    return acao[0] if acao else ""


def main() -> None:
    import flask_cors

    apps: dict[tuple[str, str], tuple[Flask, dict[str, Any]]] = {}
    print(json.dumps({"ready": flask_cors.__file__}), flush=True)
    for line in sys.stdin:
        command = json.loads(line)
        key = (command["scenario"], command["variant"])
        if key not in apps:
            scenario = SCENARIOS[command["scenario"]]
            app = build_app(scenario, command["variant"] == "cors")
            environ = base_environ(scenario)
            acao = check(app, environ, scenario)
            # flask-cors 6 reflects the origin where we answer "*": both allow it.
            accepted = {scenario.expect_acao}
            if scenario.expect_acao == "*":
                accepted.add(scenario.headers.get("Origin", "*"))
            if command["variant"] == "cors" and acao not in accepted:
                raise SystemExit(
                    f"scenario {scenario.id}: expected ACAO {scenario.expect_acao!r}, "
                    f"got {acao!r} from {flask_cors.__file__}"
                )
            apps[key] = (app, environ)
        app, environ = apps[key]
        us = time_calls(app, environ, command["calls"])
        print(json.dumps({"us": us}), flush=True)


if __name__ == "__main__":
    main()
