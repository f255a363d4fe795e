"""The errors and warnings a CORS configuration can raise."""

from __future__ import annotations

__all__ = ["CORSConfigError", "CORSConfigWarning"]


class CORSConfigError(ValueError):
    """Raised when a CORS option has a value that cannot work.

    The message names the option and says how to fix it.
    """


class CORSConfigWarning(UserWarning):
    """Warns about configuration that is ignored, such as an unknown ``CORS_*`` key."""
