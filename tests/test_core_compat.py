"""``flask_cors.core``: what code written for flask-cors 6 imports keeps working, with warnings."""

from __future__ import annotations

import importlib

import pytest
from flask import Flask
from werkzeug.datastructures import Headers

import flask_cors.core as core
from flask_cors import CORSConfigError, CORSConfigWarning
from flask_cors.options import DEFAULT_METHODS

CONSTANTS = {
    "ACL_ORIGIN": "Access-Control-Allow-Origin",
    "ACL_METHODS": "Access-Control-Allow-Methods",
    "ACL_ALLOW_HEADERS": "Access-Control-Allow-Headers",
    "ACL_EXPOSE_HEADERS": "Access-Control-Expose-Headers",
    "ACL_CREDENTIALS": "Access-Control-Allow-Credentials",
    "ACL_MAX_AGE": "Access-Control-Max-Age",
    "ACL_REQUEST_METHOD": "Access-Control-Request-Method",
    "ACL_REQUEST_HEADERS": "Access-Control-Request-Headers",
}


@pytest.mark.parametrize("name", sorted(CONSTANTS))
def test_constant_keeps_its_value_and_warns_naming_the_header(name):
    with pytest.warns(DeprecationWarning, match=rf"flask_cors\.core\.{name} is deprecated.*"):
        value = getattr(core, name)
    assert value == CONSTANTS[name]
    with pytest.warns(DeprecationWarning, match=repr(CONSTANTS[name])):
        getattr(core, name)


def test_from_import_of_a_constant_warns_at_the_importing_line():
    with pytest.warns(DeprecationWarning) as caught:
        exec("from flask_cors.core import ACL_ORIGIN", {})
    assert caught[0].filename == "<string>"


def test_all_methods_is_the_default_methods_and_a_fresh_list():
    with pytest.warns(DeprecationWarning, match="flask_cors.options.DEFAULT_METHODS"):
        methods = core.ALL_METHODS
    methods.append("TRACE")
    with pytest.warns(DeprecationWarning):
        assert core.ALL_METHODS == list(DEFAULT_METHODS)


def test_unknown_name_is_an_attribute_error():
    with pytest.raises(AttributeError, match="no attribute 'ACL_NOPE'"):
        core.ACL_NOPE  # noqa: B018


def test_get_cors_options_merges_app_config_and_dicts_and_warns():
    app = Flask(__name__)
    app.config["CORS_ORIGINS"] = "https://a.example"
    app.config["CORS_MAX_AGE"] = 60
    with pytest.warns(DeprecationWarning, match=r"get_cors_options is deprecated.*CORS\(app"):
        options = core.get_cors_options(app, {"max_age": 600}, {"supports_credentials": True})
    assert options.origins == ("https://a.example",)
    assert options.max_age == 600
    assert options.supports_credentials is True


def test_get_cors_options_without_an_app_uses_the_defaults():
    with pytest.warns(DeprecationWarning):
        options = core.get_cors_options(None)
    assert options.origins == ("*",)


def test_get_cors_options_validates_like_the_extension():
    with pytest.warns(DeprecationWarning), pytest.raises(CORSConfigError, match="does not compile"):
        core.get_cors_options(None, {"origins": "https://(a.example"})


def test_get_cors_options_warns_like_the_extension():
    with pytest.warns((DeprecationWarning, CORSConfigWarning)) as record:
        options = core.get_cors_options(None, {"origins": "https://a.example/"})
    assert [w.category for w in record] == [DeprecationWarning, CORSConfigWarning]
    assert "trailing slash" in str(record[1].message)
    assert options.origin_rules.exact == {"https://a.example"}


def options(**given):
    with pytest.warns(DeprecationWarning):
        return core.get_cors_options(None, given)


def test_get_cors_headers_of_an_actual_request():
    opts = options(origins=["https://a.example"], expose_headers="X-Total")
    with pytest.warns(DeprecationWarning, match=r"Policy\(options\)\.decide"):
        headers = core.get_cors_headers(opts, Headers({"Origin": "https://a.example"}), "GET")
    assert list(headers.items(multi=True)) == [
        ("Access-Control-Allow-Origin", "https://a.example"),
        ("Access-Control-Expose-Headers", "X-Total"),
        ("Vary", "Origin"),
    ]


def test_get_cors_headers_of_a_preflight():
    opts = options(origins=["https://a.example"], methods=["GET", "PUT"], max_age=60)
    request_headers = Headers(
        {
            "Origin": "https://a.example",
            "Access-Control-Request-Method": "PUT",
            "Access-Control-Request-Headers": "content-type",
        }
    )
    with pytest.warns(DeprecationWarning):
        headers = core.get_cors_headers(opts, request_headers, "OPTIONS")
    assert headers["Access-Control-Allow-Methods"] == "GET, PUT"
    assert headers["Access-Control-Allow-Headers"] == "content-type"
    assert headers["Access-Control-Max-Age"] == "60"


def test_get_cors_headers_refuses_what_the_policy_refuses():
    opts = options(origins=["https://a.example"])
    with pytest.warns(DeprecationWarning):
        headers = core.get_cors_headers(opts, Headers({"Origin": "https://evil.example"}), "GET")
    assert list(headers.items(multi=True)) == [("Vary", "Origin")]


def test_importing_the_module_itself_does_not_warn(recwarn):
    importlib.reload(core)
    assert not [w for w in recwarn if issubclass(w.category, DeprecationWarning)]
