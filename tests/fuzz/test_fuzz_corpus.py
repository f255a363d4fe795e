"""Replays the fuzz corpus through the fuzz target, so ``make test`` runs it without atheris."""

from __future__ import annotations

import importlib.util
import pathlib

import pytest
from werkzeug.datastructures import Headers

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
