"""The one list of options (``flask_cors.options.OPTION_SPECS``) and the
places that spell it out for readers: the options reference
(``docs/options.rst``), the README's table and the ``CORS`` docstring.

Each option's section in the reference starts with a field list (``:Type:``,
``:Default:``, ``:Config key:``); the README has one row per option (name,
default, what it does).  A missing or extra option, or a default, config key
or summary that differs from the list, fails here.
"""

from __future__ import annotations

import ast
import dataclasses
import pathlib
import re
from typing import Any

import pytest

from flask_cors import CORS
from flask_cors.options import CONFIG_KEYS, OPTION_SPECS, Options, OptionSpec

CHECKOUT = pathlib.Path(__file__).resolve().parent.parent
SPECS = {spec.name: spec for spec in OPTION_SPECS}

# "``name``" underlined, a blank line, then the field list (continuation lines indented).
SECTION_RE = re.compile(
    r"^``(?P<name>\w+)``\n-{3,}\n\n(?P<fields>(?::[^\n]*\n(?:[ \t]+[^\n]*\n)*)+)", re.MULTILINE
)
FIELD_RE = re.compile(
    r"^:(?P<field>[^:\n]+):[ \t]*(?P<body>[^\n]*(?:\n[ \t]+[^\n]*)*)", re.MULTILINE
)
LITERAL_RE = re.compile(r"``(.+?)``")
# One row of the README's list-table: "* - ``name``", "- default", "- what it does".
README_ROW_RE = re.compile(
    r"^   \* - ``(?P<name>\w+)``\n     - (?P<default>[^\n]*)\n     - (?P<summary>[^\n]*)$",
    re.MULTILINE,
)


def reference_fields(text: str) -> dict[str, dict[str, str]]:
    """Option name -> its section's fields (name -> body, on one line)."""
    return {
        section["name"]: {
            field["field"]: " ".join(field["body"].split())
            for field in FIELD_RE.finditer(section["fields"])
        }
        for section in SECTION_RE.finditer(text)
    }


def readme_rows(text: str) -> dict[str, tuple[str, str]]:
    """Option name -> (default, summary) of the README's options table."""
    return {row["name"]: (row["default"], row["summary"]) for row in README_ROW_RE.finditer(text)}


def as_written(value: Any) -> Any:
    """A default as the docs write it: a list where the code has a tuple."""
    return list(value) if isinstance(value, tuple) else value


def documented_default(text: str) -> Any:
    """The value of the first ``literal`` of ``text``, else a comma-separated list."""
    literal = LITERAL_RE.search(text)
    if literal is None:
        return [item.strip() for item in text.split(",")]
    return ast.literal_eval(literal.group(1))


@pytest.fixture(scope="module")
def reference() -> dict[str, dict[str, str]]:
    return reference_fields((CHECKOUT / "docs" / "options.rst").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def readme() -> dict[str, tuple[str, str]]:
    return readme_rows((CHECKOUT / "README.rst").read_text(encoding="utf-8"))


def test_options_reference_has_a_section_for_each_option_and_no_other(reference):
    options = {name for name, fields in reference.items() if "Config key" in fields}
    assert options == set(SPECS)


@pytest.mark.parametrize("spec", OPTION_SPECS, ids=lambda spec: spec.name)
def test_options_reference_gives_the_default_of_the_list(spec: OptionSpec, reference):
    assert documented_default(reference[spec.name]["Default"]) == as_written(spec.default)


@pytest.mark.parametrize("spec", OPTION_SPECS, ids=lambda spec: spec.name)
def test_options_reference_gives_the_config_keys_and_aliases_of_the_list(
    spec: OptionSpec, reference
):
    literals = LITERAL_RE.findall(reference[spec.name]["Config key"])
    keys = [key for key, name in CONFIG_KEYS.items() if name == spec.name]
    assert keys[0] == spec.config_key
    assert [literal for literal in literals if literal.startswith("CORS_")] == keys
    assert tuple(literal for literal in literals if not literal.startswith("CORS_")) == (
        spec.aliases
    )


@pytest.mark.parametrize("spec", OPTION_SPECS, ids=lambda spec: spec.name)
def test_options_reference_types_exactly_the_boolean_options_as_bool(spec: OptionSpec, reference):
    assert (reference[spec.name]["Type"] == "``bool``") is spec.boolean


@pytest.mark.parametrize("spec", OPTION_SPECS, ids=lambda spec: spec.name)
def test_options_reference_marks_exactly_the_extension_only_options(spec: OptionSpec, reference):
    assert ("Extension only" in reference[spec.name]) is spec.extension_only


def test_readme_table_has_a_row_for_each_option_and_no_other(readme):
    assert set(readme) == set(SPECS)


@pytest.mark.parametrize("spec", OPTION_SPECS, ids=lambda spec: spec.name)
def test_readme_table_gives_the_default_and_summary_of_the_list(spec: OptionSpec, readme):
    default, summary = readme[spec.name]
    documented = documented_default(default)
    if spec.extension_only and isinstance(documented, dict) and not any(documented.values()):
        # resources: {r"/*": {}} is the pattern "/*" with no options of its own.
        (documented,) = documented
    assert documented == as_written(spec.default)
    assert summary == spec.summary


def test_cors_docstring_names_every_option():
    param = CORS.__doc__.split(":param options:", 1)[1].split(":param", 1)[0]
    named = set(LITERAL_RE.findall(param.split("described with", 1)[0]))
    assert named == set(SPECS)


def test_options_value_has_a_field_for_every_option_of_the_policy():
    fields = {field.name for field in dataclasses.fields(Options)}
    assert {spec.name for spec in OPTION_SPECS if not spec.extension_only} <= fields
