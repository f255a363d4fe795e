"""Benchmark worker: times WSGI calls to Flask apps built from one scenario.

Runs inside one virtualenv, with whichever ``flask_cors`` that environment
has (ours, or flask-cors from PyPI), and answers the orchestrator
(``bench.py``) over stdin/stdout, one JSON object per line:

    {"scenario": "b", "rounds": 100, "batch": 20}
        ->  {"bare": 41.0, "cors": 45.9, "overhead": 4.8, "relative": 11.7}

For each scenario the worker builds two apps with the same routes: ``bare``
(no CORS: the floor) and ``cors``.  Each round times one batch of calls to
each, back to back, in alternating order; the answer gives the medians over
the rounds of the µs per call of each app, of their difference, and of the
difference as a percentage of that round's bare time.  Pairing the two apps
within milliseconds cancels the slow drifts of a shared machine, which a
difference of two separately taken medians does not; the percentage also
cancels changes in the machine's speed, so it is what results are compared on.
Apps and environs are built once, before any timing.

``{"scaling": ["exact-1-none", "exact-1000-none"], "rounds": 100, "batch": 20}``
times two scenarios side by side: each round times the bare app and the CORS
app of both (the order alternating between rounds) and the answer gives the
median overhead of each, as % of its bare time, from the same rounds:
``{"small": 11.2, "large": 11.5}``.  Whether a policy's cost grows with its
size is then not blurred by the machine's speed drifting between two
separate measurements.

``{"flood": "origins", "count": 1020, "rounds": 100, "batch": 20}`` builds
two new bare apps and two new CORS apps under the flood's policy
(``scenarios.PROBE``), sends one pair ``count`` requests with distinct long
values (``scenarios.flood_request``), and answers with the bytes each app of
that pair still holds from its flood (tracemalloc, after a garbage
collection) and the overhead % of the probe request in the new pair and in
the flooded pair, timed side by side as above, and the bytecode
instructions it executes in each CORS app (see below):
``{"bare": 87, "cors": 87, "fresh": 11.9, "flooded": 12.1,
"fresh_opcodes": 3900, "flooded_opcodes": 3900}``.

``{"scenario": "b", "opcodes": true}`` asks instead for the number of Python
bytecode instructions one request executes in each app, after a warm-up:
a deterministic measure of the work done in Python, whatever the machine.
"""

from __future__ import annotations

import gc
import io
import json
import statistics
import sys
import time
import tracemalloc
from types import FrameType
from typing import Any, Callable

from flask import Flask
from scenarios import PROBE, SCENARIOS, Scenario, flood_request

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


def time_batch(app: WSGIApp, environ: dict[str, Any], calls: int) -> float:
    """Wall-clock microseconds per call over ``calls`` calls of ``app``."""
    clock = time.perf_counter
    start = clock()
    for _ in range(calls):
        body = app(dict(environ), _start_response)
        for _chunk in body:
            pass
        body.close()
    return (clock() - start) / calls * 1e6


def measure(
    bare: WSGIApp, cors: WSGIApp, environ: dict[str, Any], rounds: int, batch: int
) -> dict[str, float]:
    """Paired rounds of ``batch`` calls to each app; medians of each and of the differences."""
    time_batch(bare, environ, batch)  # warm up both before the first round
    time_batch(cors, environ, batch)
    gc.collect()
    bare_us: list[float] = []
    cors_us: list[float] = []
    for round_ in range(rounds):
        if round_ % 2:
            bare_us.append(time_batch(bare, environ, batch))
            cors_us.append(time_batch(cors, environ, batch))
        else:
            cors_us.append(time_batch(cors, environ, batch))
            bare_us.append(time_batch(bare, environ, batch))
    return {
        "bare": statistics.median(bare_us),
        "cors": statistics.median(cors_us),
        "overhead": statistics.median(c - b for b, c in zip(bare_us, cors_us)),
        "relative": statistics.median((c - b) / b * 100 for b, c in zip(bare_us, cors_us)),
    }


def measure_side_by_side(
    small: tuple[WSGIApp, WSGIApp, dict[str, Any]],
    large: tuple[WSGIApp, WSGIApp, dict[str, Any]],
    rounds: int,
    batch: int,
) -> dict[str, float]:
    """Paired rounds over two scenarios' (bare, cors, environ); median overhead % of each."""
    timed = [(app, environ) for bare, cors, environ in (small, large) for app in (bare, cors)]
    for app, environ in timed:  # warm up all four before the first round
        time_batch(app, environ, batch)
    gc.collect()
    relative: tuple[list[float], list[float]] = ([], [])
    for round_ in range(rounds):
        order = range(4) if round_ % 2 == 0 else range(3, -1, -1)
        us = [0.0] * 4
        for index in order:
            app, environ = timed[index]
            us[index] = time_batch(app, environ, batch)
        relative[0].append((us[1] - us[0]) / us[0] * 100)
        relative[1].append((us[3] - us[2]) / us[2] * 100)
    return {"small": statistics.median(relative[0]), "large": statistics.median(relative[1])}


def flood(app: WSGIApp, kind: str, count: int) -> int:
    """Bytes still held after ``count`` requests of the flood ``kind`` to ``app``
    that were allocated during them (tracemalloc, after a garbage collection).

    Each request's values are made inside the traced stretch, as a server
    would make them: a value the app keeps is counted."""
    statuses: set[str] = set()

    def start_response(status: str, headers: list, exc_info: Any = None) -> None:
        statuses.add(status)

    def send(index: int) -> None:
        body = app(base_environ(flood_request(kind, index)), start_response)
        for _chunk in body:
            pass
        body.close()

    gc.collect()
    tracemalloc.start()
    try:
        for index in range(count):
            send(index)
        gc.collect()
        held = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    if statuses != {"200 OK"}:
        raise SystemExit(f"flood {kind}: statuses {sorted(statuses)}")
    return held


def count_opcodes(app: WSGIApp, environ: dict[str, Any]) -> int:
    """Python bytecode instructions executed by one call of ``app`` (warmed up)."""
    time_batch(app, environ, 20)
    count = 0

    def trace(frame: FrameType, event: str, arg: Any) -> Any:
        nonlocal count
        if event == "call":
            # f_trace first: from Python 3.12 on, asking for opcode events
            # only takes effect on a frame that already has its trace function.
            frame.f_trace = trace
            frame.f_trace_lines = False
            frame.f_trace_opcodes = True
        elif event == "opcode":
            count += 1
        return trace

    sys.settrace(trace)
    try:
        time_batch(app, environ, 1)
    finally:
        sys.settrace(None)
    return count


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

    apps: dict[str, tuple[Flask, Flask, dict[str, Any]]] = {}

    def prepared(scenario_id: str) -> tuple[Flask, Flask, dict[str, Any]]:
        """A scenario's bare app, CORS app and environ, checked once before any timing."""
        if scenario_id not in apps:
            apps[scenario_id] = prepare(SCENARIOS[scenario_id])
        return apps[scenario_id]

    def prepare(scenario: Scenario) -> tuple[Flask, Flask, dict[str, Any]]:
        """New apps for ``scenario`` and its environ, checked with one call each."""
        bare, cors = build_app(scenario, False), build_app(scenario, True)
        environ = base_environ(scenario)
        if check(bare, environ, scenario):
            raise SystemExit(f"scenario {scenario.id}: the bare app sent CORS headers")
        acao = check(cors, environ, scenario)
        # flask-cors 6 reflects the origin where we answer "*": both allow it.
        accepted = {scenario.expect_acao}
        if scenario.expect_acao == "*":
            accepted.add(scenario.headers.get("Origin", "*"))
        if acao not in accepted:
            raise SystemExit(
                f"scenario {scenario.id}: expected ACAO {scenario.expect_acao!r}, "
                f"got {acao!r} from {flask_cors.__file__}"
            )
        return bare, cors, environ

    print(json.dumps({"ready": flask_cors.__file__}), flush=True)
    for line in sys.stdin:
        command = json.loads(line)
        result: dict[str, float]
        if "flood" in command:
            fresh, flooded = prepare(PROBE), prepare(PROBE)
            held = [flood(app, command["flood"], command["count"]) for app in flooded[:2]]
            side = measure_side_by_side(fresh, flooded, command["rounds"], command["batch"])
            result = {"bare": held[0], "cors": held[1], "fresh": side["small"]}
            result["flooded"] = side["large"]
            result["fresh_opcodes"] = count_opcodes(fresh[1], fresh[2])
            result["flooded_opcodes"] = count_opcodes(flooded[1], flooded[2])
        elif "scaling" in command:
            small, large = (prepared(scenario_id) for scenario_id in command["scaling"])
            result = measure_side_by_side(small, large, command["rounds"], command["batch"])
        else:
            bare, cors, environ = prepared(command["scenario"])
            if command.get("opcodes"):
                result = {
                    "bare": count_opcodes(bare, environ),
                    "cors": count_opcodes(cors, environ),
                }
            else:
                result = measure(bare, cors, environ, command["rounds"], command["batch"])
        print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
