"""Sphinx configuration for the flask_cors documentation."""

import os
import sys

sys.path.insert(0, os.path.abspath(".."))

import flask_cors  # noqa: E402

project = "flask_cors"
author = "The flask_cors developers"
copyright = "2026, The flask_cors developers"
version = release = flask_cors.__version__

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.viewcode",
]

autodoc_member_order = "bysource"
autodoc_typehints = "description"

exclude_patterns = ["_build"]
nitpicky = False

html_theme = "alabaster"
html_title = f"flask_cors {release}"
