"""The module layout in CONTRIBUTING.rst is the code's: what may import what."""

from __future__ import annotations

import ast
import pathlib
import re

import pytest

CHECKOUT = pathlib.Path(__file__).resolve().parent.parent
PACKAGE = CHECKOUT / "flask_cors"
CORE = {"errors", "_patterns", "_reasons", "origins", "options", "policy", "resources"}


def layout_table() -> dict[str, set[str]]:
    """Module name -> the modules it may import, from CONTRIBUTING.rst."""
    text = (CHECKOUT / "CONTRIBUTING.rst").read_text(encoding="utf-8")
    section = text.split("How the code is laid out", 1)[1]
    rows: list[list[str]] = []
    for line in section.splitlines():
        if line.startswith("   * - "):
            rows.append([line[len("   * - ") :]])
        elif line.startswith("     - ") and rows:
            rows[-1].append(line[len("     - ") :])
        elif line.startswith("       ") and rows:
            rows[-1][-1] += " " + line.strip()
        elif rows and not line.strip() and len(rows[-1]) == 3 and rows[-1][0] == "``__init__``":
            break
    table = {}
    for name, _, imports in rows[1:]:  # the first row is the header
        allowed = {part.strip() for part in re.sub(r"\(.*?\)", "", imports).split(",")}
        table[name.strip("`")] = allowed - {""}
    return table


def runtime_imports(path: pathlib.Path) -> set[str]:
    """The flask_cors modules ``path`` imports when it runs (not for type checking)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()

    def visit(nodes: list[ast.stmt]) -> None:
        for node in nodes:
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
                continue
            if isinstance(node, ast.ImportFrom) and node.level == 1 and node.module is None:
                found.update(alias.name for alias in node.names)  # from . import callsite
            elif isinstance(node, ast.ImportFrom) and node.level == 1:
                found.add(node.module.split(".")[0])
            elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("flask_cors."):
                found.add(node.module.split(".")[1])
            for field in ("body", "orelse", "finalbody", "handlers"):
                inner = getattr(node, field, None)
                if isinstance(inner, list):
                    visit([item for item in inner if isinstance(item, ast.stmt)])
                    for handler in inner:
                        if isinstance(handler, ast.ExceptHandler):
                            visit(handler.body)

    visit(tree.body)
    return found - {""}


def test_every_module_has_a_row_and_every_row_a_module():
    modules = {path.stem for path in PACKAGE.glob("*.py")}
    assert set(layout_table()) == modules


@pytest.mark.parametrize("path", sorted(PACKAGE.glob("*.py")), ids=lambda path: path.stem)
def test_module_imports_only_what_the_layout_allows(path):
    allowed = layout_table()[path.stem]
    assert runtime_imports(path) <= allowed, (
        f"flask_cors/{path.name} imports {sorted(runtime_imports(path) - allowed)}, which "
        f"the layout in CONTRIBUTING.rst does not allow it"
    )


@pytest.mark.parametrize("name", sorted(CORE))
def test_core_module_imports_no_flask_and_no_shell(name):
    tree = ast.parse((PACKAGE / f"{name}.py").read_text(encoding="utf-8"))
    third_party = {
        alias.name.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    } | {
        (node.module or "").split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.level == 0
    }
    assert not third_party & {"flask", "werkzeug", "blinker", "click", "flask_cors"}
    assert runtime_imports(PACKAGE / f"{name}.py") <= CORE


def test_the_front_ends_never_import_each_other():
    assert "decorator" not in runtime_imports(PACKAGE / "extension.py")
    assert "extension" not in runtime_imports(PACKAGE / "decorator.py")


def test_the_layout_check_sees_a_forbidden_import(tmp_path):
    module = tmp_path / "policy.py"
    module.write_text(
        "from __future__ import annotations\n"
        "from typing import TYPE_CHECKING\n"
        "from .options import Options\n"
        "if TYPE_CHECKING:\n    from .scopes import Installation\n"
        "def late():\n    from .edge import CorsEdge\n"
        "from . import callsite, finishing\n"
    )
    assert runtime_imports(module) == {"options", "edge", "callsite", "finishing"}
    assert not runtime_imports(module) <= layout_table()["policy"]


STACK_INSPECTION = {
    "_getframe",
    "currentframe",
    "stack",
    "getouterframes",
    "trace",
    "f_back",
    "f_globals",
}


def stack_inspection(path: pathlib.Path) -> list[str]:
    """What in ``path`` walks or reaches into the call stack, sorted."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in STACK_INSPECTION:
            found.append(f"line {node.lineno}: .{node.attr}")
        elif isinstance(node, ast.keyword) and node.arg == "stacklevel":
            found.append(f"line {node.value.lineno}: stacklevel=")
        elif isinstance(node, ast.ImportFrom) and node.module in ("inspect", "sys", "traceback"):
            names = sorted({alias.name for alias in node.names} & STACK_INSPECTION)
            if names or node.module == "traceback":
                found.append(f"line {node.lineno}: from {node.module} import")
        elif isinstance(node, ast.Import) and "traceback" in {a.name for a in node.names}:
            found.append(f"line {node.lineno}: import traceback")
    return sorted(found)


@pytest.mark.parametrize("name", sorted(CORE))
def test_core_module_never_looks_at_the_call_stack(name):
    # Set-up warnings go to a sink; flask_cors.callsite finds the user's line.
    assert stack_inspection(PACKAGE / f"{name}.py") == []


def test_the_stack_check_sees_a_frame_walk(tmp_path):
    module = tmp_path / "options.py"
    module.write_text(
        "import sys, warnings\nfrom inspect import currentframe\n"
        "def level():\n    return sys._getframe(1).f_back\n"
        "def warn(message):\n    warnings.warn(message, stacklevel=level())\n"
    )
    assert stack_inspection(module) == [
        "line 2: from inspect import",
        "line 4: ._getframe",
        "line 4: .f_back",
        "line 6: stacklevel=",
    ]
    assert stack_inspection(PACKAGE / "callsite.py") != []
