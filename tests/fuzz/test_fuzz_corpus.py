"""Replays the fuzz corpus through the fuzz target, so ``make test`` runs it without atheris."""

from __future__ import annotations

import gc
import importlib.util
import pathlib
import tracemalloc

import pytest
from flask import Flask, request
from werkzeug.datastructures import Headers

from flask_cors import CORS

HERE = pathlib.Path(__file__).resolve().parent
CORPUS = sorted((HERE / "corpus").iterdir())


def load_target():
    spec = importlib.util.spec_from_file_location("cors_fuzz_target", HERE / "cors_fuzz_target.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


target = load_target()


def test_corpus_has_seeds_for_every_app_profile():
    names = {path.read_bytes().split(b"\n", 1)[0].decode("latin-1") for path in CORPUS}
    assert set(target.PROFILES) <= names


@pytest.mark.parametrize("seed", CORPUS, ids=lambda path: path.name)
def test_corpus_input_passes_the_fuzz_target(seed):
    target.check_request(seed.read_bytes())


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"\n",
        b"\n\n\n",
        b"credentials",
        b"credentials\nGET",
        b"credentials\n GET /",
        b"listed\nOPTIONS /api/a\nOrigin:\nAccess-Control-Request-Method:",
        b"listed\nOPTIONS /api/a\n: no name\nno colon\nOrigin: \\",
        bytes(range(256)),
    ],
    ids=repr,
)
def test_malformed_input_is_still_a_request(data):
    target.check_request(data)


def test_target_reports_a_broken_rule():
    profile = target.PROFILES["credentials"]
    headers = Headers(
        [("Access-Control-Allow-Origin", "*"), ("Access-Control-Allow-Credentials", "true")]
    )
    problems = target.header_problems(profile, {"HTTP_ORIGIN": "https://a.com"}, "GET", headers)
    assert problems == ["* with credentials"]


def flood_input(kind: str, index: int) -> bytes:
    """A request whose long value no other ``index`` sends."""
    prefix = f"{index:04d}"
    return {
        "origins": f"listed\nGET /api/a\nOrigin: https://{prefix}\\L.example.org",
        "request-headers": (
            "listed\nOPTIONS /api/a\nOrigin: https://app.example.com\n"
            f"Access-Control-Request-Method: PUT\nAccess-Control-Request-Headers: X-{prefix}-\\M"
        ),
        "paths": f"resources\nGET /api/v1/{prefix}\\L\nOrigin: https://www.example.com",
        "mix": (
            f"decorated\nOPTIONS /bp/{prefix}\\L\nOrigin: https://{prefix}\\L.example.org\n"
            f"Access-Control-Request-Method: PUT\nAccess-Control-Request-Headers: X-{prefix}\\L"
        ),
    }[kind].encode()


def test_flood_of_distinct_long_values_leaves_less_than_one_of_them():
    # Each request is also checked on its own, and against a new app, by the
    # target; together they must not keep even one of their 32 KB values.
    # (coverage.py's own record of new lines and branches is not counted.)
    tracemalloc.start()
    try:
        with target.coverage_paused():
            gc.collect()
            start = tracemalloc.get_traced_memory()[0]
            for index in range(4):
                for kind in ("origins", "request-headers", "paths", "mix"):
                    target.check_request(flood_input(kind, index))
            gc.collect()
            held = tracemalloc.get_traced_memory()[0] - start
    finally:
        tracemalloc.stop()
    assert held < target.LONG, f"{held} bytes held after 16 requests with distinct long values"


def test_long_escapes_expand_to_long_distinct_values():
    name, method, path, _, headers = target.parse(flood_input("mix", 7))
    assert (name, method) == ("decorated", "OPTIONS")
    assert path == "/bp/0007" + "7" * target.LONG
    assert headers["HTTP_ORIGIN"] == "https://0007" + "7" * target.LONG + ".example.org"
    _, _, _, _, headers = target.parse(flood_input("request-headers", 3))
    items = headers["HTTP_ACCESS_CONTROL_REQUEST_HEADERS"].split(", ")
    assert items[:3] == ["X-0003-", "X-0003-0", "X-0003-1"]
    assert len(set(items)) == len(items) and len(", ".join(items)) > target.LONG


def test_expansions_are_limited_per_input():
    data = b"default\nGET /\nOrigin: a" + b"\\L" * 50
    origin = target.parse(data)[4]["HTTP_ORIGIN"]
    assert len(origin) == 1 + target.MAX_LONG * target.LONG


def custom_profile(build) -> str:
    """Registers a profile built by ``build(app)`` as ``custom``; its name."""

    def profile():
        app = Flask("fuzz_custom")
        target.add_routes(app)
        build(app)
        return target.Profile(app, lambda origin: True, False)

    target.BUILDERS["custom"] = profile
    target.PROFILES["custom"] = profile()
    return "custom"


@pytest.fixture
def restore_profiles():
    builders, profiles = dict(target.BUILDERS), dict(target.PROFILES)
    yield
    target.BUILDERS.clear()
    target.BUILDERS.update(builders)
    target.PROFILES.clear()
    target.PROFILES.update(profiles)


def test_target_reports_an_app_that_keeps_long_values(restore_profiles):
    kept = []

    def keeping(app):
        app.before_request(lambda: kept.append(request.path) and None)
        CORS(app)

    name = custom_profile(keeping)
    with pytest.raises(target.Finding, match="bytes still held after a request with long"):
        target.check_request(f"{name}\nGET /api/a\\L\nOrigin: https://app.example.com".encode())


def test_target_reports_a_long_value_answered_otherwise_than_by_a_new_app(restore_profiles):
    calls = []

    def first_call_only(origin):
        # Only the first call allows: the new app's answer differs.
        calls.append(origin)
        return len(calls) == 1

    name = custom_profile(lambda app: CORS(app, origins=first_call_only))
    with pytest.raises(target.Finding, match="otherwise than a new app of its profile"):
        target.check_request(f"{name}\nGET /api/a\\L\nOrigin: https://app.example.com".encode())
