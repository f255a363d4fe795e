"""The wheel users install works on its own, away from this checkout.

``make package`` builds the sdist and the wheel into ``dist/`` and runs this
module on them (``FLASK_CORS_WHEEL`` and ``FLASK_CORS_SDIST``).  Without
those, as in ``make test``, the wheel is built here from a copy of the
package sources with ``pip wheel``.

The wheel is then installed, with its dependencies from the package index,
into a new virtualenv, and ``examples/app_based_example.py`` is run against
it from a directory that holds nothing else.
"""

from __future__ import annotations

import email.parser
import os
import pathlib
import shutil
import subprocess
import sys
import tarfile
import textwrap
import venv
import zipfile

import pytest

import flask_cors

pytestmark = pytest.mark.slow

CHECKOUT = pathlib.Path(__file__).resolve().parent.parent
# What the wheel needs to build: the package and what pyproject.toml names.
BUILD_INPUTS = ["pyproject.toml", "setup.py", "MANIFEST.in", "README.rst", "LICENSE", "CHANGES.rst"]
TIMEOUT = 600


def run(*command: str | os.PathLike[str], cwd: pathlib.Path | None = None) -> str:
    result = subprocess.run(
        [os.fspath(part) for part in command],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        env={key: value for key, value in os.environ.items() if key != "PYTHONPATH"},
    )
    assert result.returncode == 0, (
        f"{' '.join(map(os.fspath, command))} exited with {result.returncode}:\n"
        f"{result.stdout}\n{result.stderr}"
    )
    return result.stdout


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> pathlib.Path:
    given = os.environ.get("FLASK_CORS_WHEEL")
    if given:
        return pathlib.Path(given).resolve()
    source = tmp_path_factory.mktemp("source")
    for name in BUILD_INPUTS:
        shutil.copy2(CHECKOUT / name, source / name)
    shutil.copytree(
        CHECKOUT / "flask_cors",
        source / "flask_cors",
        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"),
    )
    out = tmp_path_factory.mktemp("wheelhouse")
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check"]
    run(*pip, "wheel", "--no-deps", "--wheel-dir", out, source)
    (built,) = out.glob("flask_cors-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> pathlib.Path:
    """The python of a new virtualenv with the wheel installed."""
    env_dir = tmp_path_factory.mktemp("venv")
    venv.EnvBuilder(with_pip=True, clear=True).create(env_dir)
    python = env_dir / ("Scripts" if os.name == "nt" else "bin") / "python"
    run(python, "-m", "pip", "install", "--disable-pip-version-check", "-q", wheel)
    return python


def wheel_metadata(wheel: pathlib.Path) -> email.message.Message:
    with zipfile.ZipFile(wheel) as archive:
        (name,) = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
        return email.parser.Parser().parsestr(archive.read(name).decode("utf-8"))


def test_wheel_holds_the_package_with_py_typed_and_no_tests(wheel):
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
    top_level = {name.split("/")[0] for name in names}
    assert top_level == {"flask_cors", f"flask_cors-{flask_cors.__version__}.dist-info"}
    package = sorted(name for name in names if name.startswith("flask_cors/"))
    expected = sorted(
        f"flask_cors/{path.name}"
        for path in (CHECKOUT / "flask_cors").iterdir()
        if path.suffix == ".py" or path.name == "py.typed"
    )
    assert package == expected
    assert not [name for name in names if "__pycache__" in name or name.endswith(".pyc")]


def test_wheel_metadata_describes_the_project(wheel):
    metadata = wheel_metadata(wheel)
    assert metadata["Name"] == "flask-cors"
    assert metadata["Version"] == flask_cors.__version__
    assert metadata["Requires-Python"] == ">=3.9"
    assert metadata["License-Expression"] == "MIT"
    assert metadata.get_all("License-File") == ["LICENSE"]
    assert "Flask>=2.3" in metadata.get_all("Requires-Dist")
    classifiers = metadata.get_all("Classifier")
    for classifier in (
        "Framework :: Flask",
        "Typing :: Typed",
        "Programming Language :: Python :: 3",
    ):
        assert classifier in classifiers
    urls = dict(entry.split(", ", 1) for entry in metadata.get_all("Project-URL"))
    assert {"Source", "Documentation", "Changes", "Issue Tracker"} <= set(urls)
    assert metadata["Description-Content-Type"] == "text/x-rst"


def test_sdist_carries_docs_tests_and_examples():
    given = os.environ.get("FLASK_CORS_SDIST")
    if not given:
        pytest.skip("the sdist is checked by `make package`, which sets FLASK_CORS_SDIST")
    with tarfile.open(given) as archive:
        names = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    for required in (
        "pyproject.toml",
        "LICENSE",
        "CHANGES.rst",
        "CONTRIBUTING.rst",
        "README.rst",
        "flask_cors/py.typed",
        "docs/conf.py",
        "docs/index.rst",
        "examples/app_based_example.py",
        "tests/conftest.py",
    ):
        assert required in names, required
    assert not [name for name in names if "__pycache__" in name or name.startswith("docs/_build")]


EXAMPLE_CHECK = textwrap.dedent(
    """
    import importlib.util
    import sys

    import flask_cors

    spec = importlib.util.spec_from_file_location("app_based_example", sys.argv[1])
    example = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(example)
    client = example.app.test_client()

    allowed = client.get("/api/v1/users/", headers={"Origin": "https://app.example.com"})
    assert allowed.status_code == 200, allowed.status
    assert allowed.headers["Access-Control-Allow-Origin"] == "https://app.example.com"
    assert allowed.headers["Access-Control-Allow-Credentials"] == "true"
    assert allowed.headers["Vary"] == "Origin"

    refused = client.get("/api/v1/users/", headers={"Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in refused.headers

    preflight = client.options(
        "/api/v1/users/",
        headers={
            "Origin": "https://app.example.com",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert preflight.headers["Access-Control-Allow-Methods"] == "GET, HEAD, POST, OPTIONS"
    assert preflight.headers["Access-Control-Allow-Headers"] == "content-type"

    print(flask_cors.__file__)
    """
)


def test_installed_wheel_runs_the_app_example(installed, tmp_path):
    # Only the example and the check in an empty directory: nothing from the
    # checkout can be imported by accident.
    shutil.copy2(CHECKOUT / "examples" / "app_based_example.py", tmp_path)
    (tmp_path / "check_example.py").write_text(EXAMPLE_CHECK, encoding="utf-8")
    imported_from = run(
        installed, "-I", "check_example.py", tmp_path / "app_based_example.py", cwd=tmp_path
    ).strip()
    site_packages = run(
        installed, "-I", "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"
    ).strip()
    imported = pathlib.Path(imported_from).resolve()
    assert imported.is_relative_to(pathlib.Path(site_packages).resolve()), imported
    assert not imported.is_relative_to(CHECKOUT / "flask_cors"), imported


def test_installed_wheel_ships_the_type_marker(installed):
    code = "import importlib.resources as r; print(r.files('flask_cors').joinpath('py.typed'))"
    marker = pathlib.Path(run(installed, "-I", "-c", code).strip())
    assert marker.is_file(), marker
    assert not marker.is_relative_to(CHECKOUT), marker


LEGACY_PROJECT = textwrap.dedent(
    """
    [build-system]
    requires = ["setuptools>=61"]
    build-backend = "setuptools.build_meta"

    [project]
    name = "legacy-app"
    version = "1.0"
    # As projects that use flask-cors 6 declare it.
    dependencies = ["flask-cors>=4.0.0"]

    [tool.setuptools]
    packages = ["legacy_app"]
    """
)


def test_project_requiring_flask_cors_4_is_satisfied_and_keeps_this_wheel(wheel, tmp_path):
    """Version 7 meets the version floors of projects written for flask-cors 6,
    so `pip check` is clean and reinstalling such a project keeps this code
    instead of fetching flask-cors 6 from the index."""
    project = tmp_path / "legacy-app"
    (project / "legacy_app").mkdir(parents=True)
    (project / "legacy_app" / "__init__.py").write_text("from flask_cors import CORS\n")
    (project / "pyproject.toml").write_text(LEGACY_PROJECT, encoding="utf-8")
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True, clear=True).create(env_dir)
    python = env_dir / ("Scripts" if os.name == "nt" else "bin") / "python"
    pip = [python, "-m", "pip", "--disable-pip-version-check"]
    run(*pip, "install", "-q", wheel)
    for install in (["install", "-q", project], ["install", "-q", "-U", project]):
        run(*pip, *install)
        assert "Version: " + flask_cors.__version__ in run(*pip, "show", "flask-cors")
        assert "No broken requirements found." in run(*pip, "check")
    code = "import flask_cors, legacy_app; print(flask_cors.__version__)"
    assert run(python, "-I", "-c", code, cwd=tmp_path).strip() == flask_cors.__version__
