"""The user's line: where a set-up warning points.

The core (:mod:`flask_cors.options`, :mod:`flask_cors.resources`) never
looks at the call stack: it hands each set-up warning, as text, to a sink
it is given.  The shell gives it :func:`warn`, which finds the first frame
outside flask_cors, Flask and Werkzeug (the user's ``CORS(app)``,
``init_app``, ``register_blueprint`` or ``@cross_origin`` line) and issues
the :class:`~flask_cors.CORSConfigWarning` there, as ``warnings.warn``
would have with the right ``stacklevel``: same file, line, module,
registry and filters.
"""

from __future__ import annotations

import inspect
import os
import sys
import warnings
from collections.abc import Callable
from types import FrameType
from typing import Any

import flask
import werkzeug

from .errors import CORSConfigWarning

__all__ = ["definition", "location", "warn", "warn_at"]


def _user_frame() -> tuple[FrameType, bool]:
    """The first frame outside flask_cors, Flask and Werkzeug, and True; or,
    when there is none, the outermost frame and False."""
    library_dirs = _library_dirs()
    frame = sys._getframe(1)
    while frame.f_back is not None and frame.f_code.co_filename.startswith(library_dirs):
        frame = frame.f_back
    return frame, not frame.f_code.co_filename.startswith(library_dirs)


def _library_dirs() -> tuple[str, ...]:
    files = (__file__, flask.__file__, werkzeug.__file__)
    return tuple(os.path.dirname(str(path)) + os.sep for path in files)


def location() -> tuple[str, int]:
    """(file, line) of the user's frame (the outermost one when all are the library's)."""
    frame, _ = _user_frame()
    return (frame.f_code.co_filename, frame.f_lineno)


def definition(view: Any) -> tuple[str, int] | None:
    """(file, line) where the user defined ``view``: the function (unwrapped),
    or the class of a class-based view; None when that is not the user's
    code (an object with ``__call__``, a function made by Flask)."""
    target = inspect.unwrap(getattr(view, "view_class", view))
    try:
        if isinstance(target, type):
            filename = inspect.getsourcefile(target)
            lineno = inspect.getsourcelines(target)[1]
        else:
            filename, lineno = target.__code__.co_filename, target.__code__.co_firstlineno
    except (AttributeError, OSError, TypeError):
        return None
    if filename is None or filename.startswith(_library_dirs()):
        return None
    return (filename, lineno)


def warn(message: str) -> None:
    """Issue ``message`` as a :class:`~flask_cors.CORSConfigWarning` at the user's line."""
    frame, _ = _user_frame()
    module_globals = frame.f_globals
    # Without module_globals, as warnings.warn itself calls it: with them,
    # Python asks the module's loader for its source, and the loader of a
    # ``python -c`` or stdin __main__ raises ImportError.
    warnings.warn_explicit(
        message,
        CORSConfigWarning,
        frame.f_code.co_filename,
        frame.f_lineno,
        module=module_globals.get("__name__", "<string>"),
        registry=module_globals.setdefault("__warningregistry__", {}),
    )


def warn_at(site: tuple[str, int] | None) -> Callable[[str], None]:
    """A sink issuing each message at ``site`` (file, line), else at the user's line.

    For warnings given long after the line they are about (a decorated
    view's config, read on the app's first request).
    """
    if site is None:
        return warn
    filename, lineno = site

    def warn_there(message: str) -> None:
        warnings.warn_explicit(message, CORSConfigWarning, filename, lineno, module="flask_cors")

    return warn_there
