"""Sphinx configuration for the flask_cors documentation.

``make docs`` builds it with ``-W`` (warnings are errors).  Every Python code
block of these pages runs in ``tests/test_docs.py``; the conventions are in
that module's docstring.
"""

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
# Cross-references into Flask's or Python's docs would need intersphinx,
# which downloads their inventories; the build stays offline instead.
nitpicky = False

html_theme = "alabaster"
html_title = f"flask_cors {release}"
# Wider pages, so that the comparison tables fit; their literals may wrap.
html_theme_options = {"page_width": "1180px", "sidebar_width": "230px"}
html_static_path = ["_static"]
html_css_files = ["flask_cors.css"]
