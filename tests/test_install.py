"""The suite must test this checkout, never another installed flask_cors."""

import pathlib

import flask_cors


def test_imported_flask_cors_is_this_checkout(checkout):
    imported = pathlib.Path(flask_cors.__file__).resolve()
    assert imported.is_relative_to(checkout / "flask_cors"), (
        f"flask_cors was imported from {imported}, not from {checkout}: run the tests "
        f"in the project's virtualenv (make test)."
    )


def test_package_ships_py_typed_marker(checkout):
    assert (checkout / "flask_cors" / "py.typed").is_file()


def test_public_names():
    assert sorted(flask_cors.__all__) == [
        "CORS",
        "CORSConfigError",
        "CORSConfigWarning",
        "__version__",
        "cross_origin",
    ]
    assert issubclass(flask_cors.CORSConfigError, ValueError)
