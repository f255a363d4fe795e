"""Every Python example in the documentation runs, so the docs cannot rot.

The rules for whoever writes ``docs/*.rst`` or ``README.rst``:

- A ``.. code-block:: python`` (or ``.. code:: python``) block is executed.
  The blocks of one file run in order, in one namespace per file, like a
  doctest session: a block may use what an earlier block of the same page
  defined.  Each page starts from an empty namespace, so its first example
  shows its imports, or gets them from a hidden block.
- ``.. invisible-code-block: python`` is a reST comment, so it is never
  rendered, but it is executed like the others.  Use it to set up what the
  next example needs, or to check with ``assert`` what the example before
  it claims (``response.headers[...] == ...``).
- Anything that is not Python meant to run (shell sessions, HTTP
  exchanges, nginx or ini files, output) is written as another language:
  ``console``, ``http``, ``nginx``, ``ini``, ``text``.  Every code directive
  names its language, and bare ``::`` literal blocks are not used, so no
  Python can slip through unexecuted.
- Examples in the docstrings that autodoc renders (``::`` blocks) run too,
  each on its own with ``Flask``, ``CORS``, ``cross_origin`` and an ``app``
  already defined.
- Whole example programs come from ``examples/`` with ``literalinclude``;
  ``tests/test_examples.py`` runs those.
- A block that needs a third-party package the test suite does not install
  (Flask-SocketIO, Flask-Login, Flask-WTF) says so in its caption, which
  readers see: ``:caption: Needs Flask-SocketIO (not run by the tests)``.
  Such a block runs where every module it imports is installed; elsewhere
  it is only compiled, and it defines nothing later blocks may use.  Keep
  the Flask part of a recipe in ordinary blocks, so that it always runs.

A failing block fails with the file and line it starts on, and its
traceback points at lines of the ``.rst`` file itself.
"""

from __future__ import annotations

import ast
import dataclasses
import importlib
import importlib.util
import inspect
import pathlib
import re
import sys
import textwrap
import traceback
from typing import Any

import pytest
from flask import Flask

from flask_cors import CORS, cross_origin
from flask_cors.options import CONFIG_KEYS, DEFAULTS

CHECKOUT = pathlib.Path(__file__).resolve().parent.parent
DOCS = CHECKOUT / "docs"
DOC_FILES = [*sorted(DOCS.glob("*.rst")), CHECKOUT / "README.rst"]

# ".. code-block:: python", ".. code:: python3", ".. sourcecode:: pycon", ...
CODE_DIRECTIVE_RE = re.compile(
    r"^(?P<indent>\s*)\.\. (?:code-block|code|sourcecode)::(?P<lang>.*)$"
)
HIDDEN_PYTHON_RE = re.compile(r"^(?P<indent>\s*)\.\. invisible-code-block:\s*python\s*$")
PYTHON_LANGUAGES = {"python", "python3", "py"}
# A paragraph ending in "::" starts a literal block; directives (".. x::") do not count.
LITERAL_MARKER_RE = re.compile(r"^(?!\s*\.\. ).*::\s*$")
LITERALINCLUDE_RE = re.compile(r"^\s*\.\. literalinclude::\s*(?P<path>\S+)\s*$")
AUTODOC_RE = re.compile(
    r"^\s*\.\. auto(?:class|function|exception|method|data)::\s*(?P<name>[\w.]+)\s*$"
)


NEEDS_CAPTION_RE = re.compile(r"^\s*:caption:\s*Needs .*\(not run by the tests\)\s*$")


@dataclasses.dataclass
class Block:
    path: pathlib.Path
    line: int  # 1-based line of the first line of code in the file
    code: str
    hidden: bool
    #: Captioned "Needs <package> (not run by the tests)": see the module docstring.
    needs_package: bool = False

    @property
    def where(self) -> str:
        return f"{self.path.relative_to(CHECKOUT)}:{self.line}"


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _body(lines: list[str], start: int, indent: int) -> tuple[int, list[str]]:
    """The indented body of a directive whose options may begin at ``start``.

    Returns the index of the body's first line and its lines, dedented later.
    """
    index = start
    # Directive options (":caption: ...") come right after the directive line.
    while index < len(lines) and lines[index].strip().startswith(":"):
        index += 1
    while index < len(lines) and not lines[index].strip():
        index += 1
    first = index
    body: list[str] = []
    while index < len(lines) and (not lines[index].strip() or _indent(lines[index]) > indent):
        body.append(lines[index])
        index += 1
    while body and not body[-1].strip():
        body.pop()
    return first, body


def python_blocks(path: pathlib.Path) -> list[Block]:
    """The Python blocks of an .rst file, shown and hidden, in file order."""
    lines = path.read_text(encoding="utf-8").splitlines()
    blocks = []
    for number, line in enumerate(lines):
        code = CODE_DIRECTIVE_RE.match(line)
        hidden = HIDDEN_PYTHON_RE.match(line)
        if code and code.group("lang").strip() in PYTHON_LANGUAGES:
            indent = len(code.group("indent"))
        elif hidden:
            indent = len(hidden.group("indent"))
        else:
            continue
        first, body = _body(lines, number + 1, indent)
        needs = any(NEEDS_CAPTION_RE.match(option) for option in lines[number + 1 : first])
        code = textwrap.dedent("\n".join(body))
        blocks.append(Block(path, first + 1, code, bool(hidden), needs))
    return blocks


def _imported_modules(code: str) -> set[str]:
    """The top-level names of the modules ``code`` imports."""
    names = set()
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module.split(".")[0])
    return names


def _missing_modules(code: str) -> set[str]:
    return {name for name in _imported_modules(code) if importlib.util.find_spec(name) is None}


def _failure(error: Exception) -> str:
    """The traceback of ``error`` without the frame of the test that ran the code."""
    return "".join(traceback.format_exception(type(error), error, error.__traceback__.tb_next))


def run_block(block: Block, namespace: dict[str, Any]) -> None:
    """Execute ``block`` so that tracebacks name the .rst file and its lines."""
    source = "\n" * (block.line - 1) + block.code + "\n"
    try:
        exec(compile(source, str(block.path), "exec"), namespace)
    except Exception as error:
        failure = _failure(error)
    else:
        return
    kind = "hidden Python block" if block.hidden else "Python block"
    pytest.fail(
        f"{block.where}: this {kind} of the docs failed:\n\n"
        f"{textwrap.indent(block.code, '    ')}\n\n{failure}",
        pytrace=False,
    )


def _ids(paths: list[pathlib.Path]) -> list[str]:
    return [str(path.relative_to(CHECKOUT)) for path in paths]


@pytest.mark.parametrize("path", DOC_FILES, ids=_ids(DOC_FILES))
def test_python_blocks_of_page_run_in_order(path: pathlib.Path, monkeypatch):
    monkeypatch.chdir(CHECKOUT)  # as `make docs` and a reader of the README would
    namespace: dict[str, Any] = {"__name__": f"docs_{path.stem}"}
    for block in python_blocks(path):
        if block.needs_package and _missing_modules(block.code):
            # Its package is not installed here: check at least that it parses.
            compile("\n" * (block.line - 1) + block.code, str(block.path), "exec")
            continue
        run_block(block, namespace)


@pytest.mark.parametrize("path", DOC_FILES, ids=_ids(DOC_FILES))
def test_blocks_marked_as_needing_a_package_import_one(path: pathlib.Path):
    """The "not run by the tests" caption is for third-party packages only."""
    ours = {"flask", "flask_cors", "werkzeug"}
    for block in python_blocks(path):
        if block.needs_package:
            # sys.stdlib_module_names is Python 3.10+; on 3.9 any import counts.
            stdlib = set(getattr(sys, "stdlib_module_names", ()))
            third_party = _imported_modules(block.code) - ours - stdlib
            assert third_party, f"{block.where}: marked as needing a package it does not import"


def test_docs_have_python_examples():
    """Guards the extractor itself: an empty harvest would pass vacuously."""
    counts = {path.name: len(python_blocks(path)) for path in DOC_FILES}
    assert counts["README.rst"] >= 4, counts
    for page in ("quickstart", "options", "recipes", "security", "migrating", "debugging"):
        assert counts[f"{page}.rst"] >= 1, counts


@pytest.mark.parametrize("path", DOC_FILES, ids=_ids(DOC_FILES))
def test_code_directives_name_their_language(path: pathlib.Path):
    lines = path.read_text(encoding="utf-8").splitlines()
    unnamed = [
        f"{path.relative_to(CHECKOUT)}:{number}: {line.strip()}"
        for number, line in enumerate(lines, 1)
        if (match := CODE_DIRECTIVE_RE.match(line)) and not match.group("lang").strip()
    ]
    assert not unnamed, "code directives without a language (python or another):\n" + "\n".join(
        unnamed
    )


@pytest.mark.parametrize("path", DOC_FILES, ids=_ids(DOC_FILES))
def test_no_bare_literal_blocks(path: pathlib.Path):
    """A ``::`` literal block would be highlighted as Python without being run."""
    lines = path.read_text(encoding="utf-8").splitlines()
    found = [
        f"{path.relative_to(CHECKOUT)}:{number}: {line.strip()}"
        for number, line in enumerate(lines, 1)
        if LITERAL_MARKER_RE.match(line) and not line.strip().startswith("..")
    ]
    assert not found, (
        "use '.. code-block:: LANGUAGE' instead of a '::' literal block:\n" + "\n".join(found)
    )


@pytest.mark.parametrize("path", DOC_FILES, ids=_ids(DOC_FILES))
def test_literalincludes_come_from_examples(path: pathlib.Path):
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        match = LITERALINCLUDE_RE.match(line)
        if match:
            target = (path.parent / match.group("path")).resolve()
            where = f"{path.relative_to(CHECKOUT)}:{number}"
            assert target.is_file(), f"{where}: {target} does not exist"
            assert target.parent == CHECKOUT / "examples", (
                f"{where}: include example programs from examples/, where "
                f"tests/test_examples.py runs them"
            )


def _autodoc_objects() -> list[tuple[str, Any]]:
    """Every object an ``.. auto*::`` directive of the docs renders, with its members."""
    found = []
    for path in sorted(DOCS.glob("*.rst")):
        for line in path.read_text(encoding="utf-8").splitlines():
            match = AUTODOC_RE.match(line)
            if not match:
                continue
            module_name, _, attribute = match.group("name").rpartition(".")
            obj = getattr(importlib.import_module(module_name), attribute)
            found.append((match.group("name"), obj))
            if inspect.isclass(obj):
                found.extend(
                    (f"{match.group('name')}.{name}", member)
                    for name, member in vars(obj).items()
                    if not name.startswith("_") and inspect.isfunction(member)
                )
    return found


def _docstring_examples(obj: Any) -> list[str]:
    doc = inspect.getdoc(obj) or ""
    lines = doc.splitlines()
    examples = []
    for number, line in enumerate(lines):
        if line.rstrip().endswith("::") and not line.lstrip().startswith(".."):
            _, body = _body(lines, number + 1, _indent(line))
            if body:
                examples.append(textwrap.dedent("\n".join(body)))
    return examples


AUTODOC_OBJECTS = _autodoc_objects()


def test_docs_render_the_public_api():
    names = {name for name, _ in AUTODOC_OBJECTS}
    assert {"flask_cors.CORS", "flask_cors.cross_origin", "flask_cors.CORSConfigError"} <= names


@pytest.mark.parametrize("name, obj", AUTODOC_OBJECTS, ids=[name for name, _ in AUTODOC_OBJECTS])
def test_docstring_examples_run(name, obj):
    for example in _docstring_examples(obj):
        namespace = {
            "__name__": "docstring_example",
            "Flask": Flask,
            "CORS": CORS,
            "cross_origin": cross_origin,
            "app": Flask("docstring_example"),
        }
        try:
            exec(compile(example, f"<docstring of {name}>", "exec"), namespace)
        except Exception as error:
            failure = _failure(error)
        else:
            continue
        pytest.fail(
            f"the example in the docstring of {name} failed:\n\n"
            f"{textwrap.indent(example, '    ')}\n\n{failure}",
            pytrace=False,
        )


def test_options_reference_documents_every_option_and_config_key():
    page = (DOCS / "options.rst").read_text(encoding="utf-8")
    sections = set(re.findall(r"^``(\w+)``\n[~^-]+$", page, re.MULTILINE))
    options = set(DEFAULTS) | {"resources"}
    assert options <= sections, f"options.rst has no section for {sorted(options - sections)}"
    missing_keys = [key for key in CONFIG_KEYS if f"``{key}``" not in page]
    assert not missing_keys, f"options.rst does not name the config keys {missing_keys}"
