"""Shared fixtures for the flask_cors test suite."""

from __future__ import annotations

import pathlib

import pytest

CHECKOUT = pathlib.Path(__file__).resolve().parent.parent


@pytest.fixture
def checkout() -> pathlib.Path:
    """The root of this repository."""
    return CHECKOUT
