"""Shared fixtures for the flask_cors test suite."""

from __future__ import annotations

import pathlib

import pytest

CHECKOUT = pathlib.Path(__file__).resolve().parent.parent
TESTS = CHECKOUT / "tests"
# Suites marked by where they live, so that a new test there cannot miss it.
_MARKED_FOLDERS = {"browser": TESTS / "browser", "server": TESTS / "server"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        path = pathlib.Path(str(item.fspath)).resolve()
        for marker, folder in _MARKED_FOLDERS.items():
            if folder in path.parents:
                item.add_marker(getattr(pytest.mark, marker))


@pytest.fixture
def checkout() -> pathlib.Path:
    """The root of this repository."""
    return CHECKOUT
