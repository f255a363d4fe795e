"""Origins flask-cors 6.0.5 started with, spelled in ways no browser sends them,
and origin rules that admit more than they seem to: each starts, with a
CORSConfigWarning naming the value, where it was set and the safer form."""

from __future__ import annotations

import json
import re
import warnings
from typing import Any

import pytest
from flask import Blueprint, Flask
from hypothesis import given, settings
from hypothesis import strategies as st

from flask_cors import CORS, CORSConfigError, CORSConfigWarning, cross_origin
from flask_cors.cli import cors_commands

WAYS = ("CORS(app)", "CORS(bp)", "@cross_origin", "app.config")
# Where each way of setting origins is named in the warning.
SOURCES = {
    "CORS(app)": "(set by CORS(origins=...))",
    "CORS(bp)": "(set by CORS(origins=...))",
    "@cross_origin": "(set by @cross_origin(origins=...))",
    "app.config": "(set by app.config['CORS_ORIGINS'])",
}


def view() -> str:
    return "ok"


def start(way: str, origins: Any, **options: Any) -> tuple[Flask, list[str]]:
    """An app whose ``/`` has ``origins`` set ``way``, and the set-up warnings it gave.

    ``app.config`` gets the origins as one comma-separated string.
    """
    app = Flask(__name__)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        if way == "CORS(app)":
            CORS(app, origins=origins, **options)
            app.add_url_rule("/", "view", view)
        elif way == "CORS(bp)":
            blueprint = Blueprint("bp", __name__)
            blueprint.add_url_rule("/", "view", view)
            CORS(blueprint, origins=origins, **options)
            app.register_blueprint(blueprint)
        elif way == "@cross_origin":
            app.add_url_rule("/", "view", cross_origin(origins=origins, **options)(view))
            app.test_client().get("/")  # the decorator resolves the app's config now
        else:
            listed = origins if isinstance(origins, str) else ", ".join(origins)
            app.config["CORS_ORIGINS"] = listed
            app.config.update({f"CORS_{name.upper()}": v for name, v in options.items()})
            CORS(app)
            app.add_url_rule("/", "view", view)
    assert all(issubclass(w.category, CORSConfigWarning) for w in caught), caught
    return app, [str(w.message) for w in caught]


def quiet_app(**options: Any) -> Flask:
    """An app set up with ``options`` by ``CORS(app)``: the test fails on any
    warning (pytest's filterwarnings=error)."""
    app = Flask(__name__)
    CORS(app, **options)
    app.add_url_rule("/", "view", view)
    return app


def allowed(app: Flask, origin: str) -> str | None:
    response = app.test_client().get("/", headers={"Origin": origin})
    assert response.status_code == 200
    return response.headers.get("Access-Control-Allow-Origin")


def only(messages: list[str], *parts: str) -> str:
    """The one message holding every part (and there must be exactly one)."""
    found = [m for m in messages if all(part in m for part in parts)]
    assert len(found) == 1, messages
    return found[0]


# --- origins without a scheme: matched as written, as flask-cors 6.0.5 did ---


@pytest.mark.parametrize("way", WAYS)
def test_origin_without_scheme_starts_and_warns_with_the_fix(way):
    app, messages = start(way, "www.example.com")
    message = only(messages, "'www.example.com' has no scheme")
    assert SOURCES[way] in message
    assert "browsers always send one" in message
    assert "Write 'https://www.example.com'" in message


@pytest.mark.parametrize("way", WAYS)
def test_origin_without_scheme_matches_only_that_exact_text(way):
    app, _ = start(way, ["https://a.example", "www.example.com"])
    assert allowed(app, "www.example.com") == "www.example.com"
    assert allowed(app, "WWW.Example.com") == "WWW.Example.com"  # case-insensitive, as 6.0.5
    for origin in ("https://www.example.com", "http://www.example.com", "www.example.com.evil"):
        assert allowed(app, origin) is None, origin
    assert allowed(app, "https://a.example") == "https://a.example"


def test_origin_without_scheme_in_a_config_comma_string_keeps_the_others():
    app, messages = start("app.config", "https://a.example, localhost:3000,https://b.example")
    only(messages, "'localhost:3000' has no scheme", "app.config['CORS_ORIGINS']")
    assert allowed(app, "localhost:3000") == "localhost:3000"
    assert allowed(app, "http://localhost:3000") is None
    assert allowed(app, "https://b.example") == "https://b.example"


@pytest.mark.parametrize("value", ["https://", "1https://a.example"])
def test_text_with_a_scheme_separator_but_no_origin_matches_only_that_text(value):
    app, messages = start("CORS(app)", ["https://a.example", value])
    message = only(messages, f"{value!r} is not an origin a browser sends")
    assert "matches only a request whose Origin is exactly that text" in message
    assert allowed(app, value) == value
    assert allowed(app, "https://a.example") == "https://a.example"


# --- regex or wildcard ---


@pytest.mark.parametrize(
    "regex, without_port, with_port",
    [
        (r"https?://localhost:*", "http://localhost", "http://localhost:3000"),
        (r"^https://(a|b)\.example\.com:*", "https://b.example.com", "https://a.example.com:8443"),
        (r"https://[a-z]+\.example\.com:*$", "https://x.example.com", "https://x.example.com:1"),
    ],
)
@pytest.mark.parametrize("way", WAYS)
def test_regex_ending_in_colon_star_is_a_regex_and_warns_it_is_not_a_port_wildcard(
    way, regex, without_port, with_port
):
    app, messages = start(way, regex)
    message = only(messages, f"{regex!r} ends in ':*'")
    assert "'any number of colons', not 'any port'" in message
    assert "'scheme://host:*'" in message and r"'(:\d+)?'" in message
    assert allowed(app, without_port) == without_port
    assert allowed(app, with_port) is None


@pytest.mark.parametrize(
    "value, allows, refuses",
    [
        # As flask-cors 6.0.5 read them: '*' repeats the character before it.
        ("http://local*:3000", "http://locall:3000", "http://localhost:3000"),
        ("https://*example.com", "https://example.com", "https://a.example.com"),
        ("http://localhost:3*", "http://localhost:33", "http://localhost:3000"),
        ("http://localhost:*/api", None, "http://localhost:3000"),
    ],
)
@pytest.mark.parametrize("way", ["CORS(app)", "@cross_origin"])
def test_star_that_is_no_wildcard_is_read_as_the_regex_flask_cors_6_read(
    way, value, allows, refuses
):
    app, messages = start(way, value)
    message = only(messages, f"{value!r} is not a wildcard this library knows")
    assert "read as a regular expression (as flask-cors 6 read it)" in message
    assert "scheme://*.domain[:port]" in message and "scheme://host:*" in message
    if allows:
        assert allowed(app, allows) == allows
    assert allowed(app, refuses) is None


@pytest.mark.parametrize("way", WAYS)
def test_star_for_a_label_inside_a_host_is_the_regex_flask_cors_6_read_with_two_warnings(way):
    app, messages = start(way, "https://api.*.company.com")
    message = only(messages, "is not a wildcard this library knows")
    assert SOURCES[way] in message
    assert r"'https://api\\.[a-z0-9-]*\\.company\\.com'" in message
    only(messages, "admits look-alike hosts")
    assert allowed(app, "https://api.x.company.com") == "https://api.x.company.com"
    assert allowed(app, "https://api.evil-company.com") == "https://api.evil-company.com"


def test_dot_star_regex_without_a_label_after_it_is_a_plain_regex():
    app = quiet_app(origins="https://.*")
    assert allowed(app, "https://a.example") == "https://a.example"
    assert allowed(app, "http://a.example") is None


def test_star_in_a_label_suggests_a_one_label_regex():
    _, messages = start("CORS(app)", "http://local*:3000")
    assert r"'http://local[a-z0-9-]*:3000'" in only(messages, "not a wildcard")


@pytest.mark.parametrize("value", ["*.example.com", "https://**.example.com"])
def test_star_that_does_not_compile_is_an_error_as_in_flask_cors_6(value):
    with pytest.raises(CORSConfigError, match="does not compile.*flask-cors 6 refused it too"):
        CORS(Flask(__name__), origins=value)


@pytest.mark.parametrize(
    "value, wildcard, origin",
    [
        ("https://*.example.com/", "https://*.example.com", "https://a.b.example.com"),
        ("http://localhost:*/", "http://localhost:*", "http://localhost:5173"),
        ("http://[::1]:*/", "http://[::1]:*", "http://[::1]:5173"),
    ],
)
@pytest.mark.parametrize("way", WAYS)
def test_wildcard_with_a_trailing_slash_is_read_as_the_wildcard(way, value, wildcard, origin):
    app, messages = start(way, value)
    message = only(messages, f"{value!r} has a trailing slash")
    assert f"read as the wildcard {wildcard!r}" in message
    assert allowed(app, origin) == origin


def test_regex_syntax_makes_a_regex_even_with_a_port_wildcard():
    app, messages = start("CORS(app)", r"https?://(www\.)?example\.com:*")
    only(messages, "ends in ':*'")
    assert allowed(app, "https://www.example.com") == "https://www.example.com"
    assert allowed(app, "http://example.com") == "http://example.com"


def test_wildcards_need_no_warning():
    app = quiet_app(origins=["https://*.example.com", "http://localhost:*", "http://[::1]:*"])
    assert allowed(app, "http://[::1]:8000") == "http://[::1]:8000"


# --- lists separated by spaces or semicolons; trailing slashes; paths ---


@pytest.mark.parametrize(
    "value, separator",
    [
        ("https://a.example https://b.example", "spaces"),
        ("https://a.example;https://b.example", "semicolons"),
        ("https://a.example ; https://*.b.example", "semicolons"),
        ("https://a.example\thttps://b.example", "spaces"),
    ],
)
@pytest.mark.parametrize("way", ["CORS(app)", "@cross_origin", "app.config"])
def test_origins_separated_by_spaces_or_semicolons_are_read_as_the_list(way, value, separator):
    app, messages = start(way, value)
    message = only(messages, "is read as the origins")
    assert f"separated by {separator}" in message
    assert "Separate origins with commas" in message
    assert allowed(app, "https://a.example") == "https://a.example"
    second = "https://x.b.example" if "*" in value else "https://b.example"
    assert allowed(app, second) == second
    assert allowed(app, "https://c.example") is None


@pytest.mark.parametrize(
    ("value", "listed"),
    [
        ("[https://a.example, https://b.example]", ["https://a.example", "https://b.example"]),
        ("[https://a.example,https://b.example]", ["https://a.example", "https://b.example"]),
        ("[https://a.example]", ["https://a.example"]),
        (
            "[ https://a.example  https://*.b.example ]",
            ["https://a.example", "https://*.b.example"],
        ),
    ],
)
@pytest.mark.parametrize("way", WAYS)
def test_bracketed_list_without_quotes_is_read_as_the_list_it_spells(way, value, listed):
    # An env var such as CORS_ORIGINS=[https://a.example, https://b.example].
    # flask-cors 6.0.5 read it as one regex, a character set matched against
    # the origin's first character: it let through every http(s) origin.
    app, messages = start(way, value)
    message = only(messages, f"{value!r} is read as the origins {', '.join(listed)}")
    assert SOURCES[way] in message
    assert "it let through nearly every origin" in message
    assert f"Write a JSON list ({json.dumps(listed)!r})" in message
    assert allowed(app, "https://a.example") == "https://a.example"
    second = "https://x.b.example" if "*" in value else "https://b.example"
    assert (allowed(app, second) == second) is (len(listed) == 2)
    for origin in ("https://c.example", "http://a.example", "https://evil.example"):
        assert allowed(app, origin) is None, origin


@pytest.mark.parametrize("value", ["[https://(a|b).example]", "['https://a.example']"])
def test_brackets_around_regex_syntax_or_quotes_stay_the_regex_flask_cors_6_read(value):
    # A character set, matched against the whole origin: no origin matches.
    app, messages = start("CORS(app)", value)
    assert not [m for m in messages if "is read as the origins" in m]
    assert allowed(app, "https://a.example") is None


@pytest.mark.parametrize("way", WAYS)
def test_trailing_slash_is_dropped_with_a_warning(way):
    app, messages = start(way, "https://a.example/")
    message = only(messages, "'https://a.example/' is matched as 'https://a.example'")
    assert "without the trailing slash" in message
    assert "flask-cors 6 compared the text as written, and never matched it" in message
    assert allowed(app, "https://a.example") == "https://a.example"


@pytest.mark.parametrize(
    "value, origin",
    [
        ("https://a.example/app", "https://a.example"),
        ("https://a.example/#top", "https://a.example"),
        ("http://[::1]:8000/app", "http://[::1]:8000"),
    ],
)
def test_origin_with_a_path_never_matches_a_browser_and_says_so(value, origin):
    app, messages = start("CORS(app)", value)
    message = only(messages, "has a path or query")
    assert "matches nothing a browser sends" in message
    assert f"Use {origin!r}" in message
    assert allowed(app, origin) is None


# --- origins as browsers serialize them ---


SERIALIZED = {
    "idn": ("https://bücher.example", "https://xn--bcher-kva.example", "punycode"),
    "idn-upper-case": ("https://BÜCHER.example", "https://xn--bcher-kva.example", "punycode"),
    "ipv6-uncompressed": ("http://[0:0:0:0:0:0:0:1]", "http://[::1]", "IPv6"),
    "ipv6-upper-case-zeros": (
        "http://[2001:DB8:0:0:1:0:0:1]",
        "http://[2001:db8::1:0:0:1]",
        "IPv6",
    ),
    "ipv4-mapped": ("http://[::ffff:127.0.0.1]:8080", "http://[::ffff:7f00:1]:8080", "IPv6"),
    "ipv4-short": ("http://127.1", "http://127.0.0.1", "IPv4"),
    "ipv4-hex": ("http://0x7f.0.0.1:5000", "http://127.0.0.1:5000", "IPv4"),
    "ipv4-octal": ("http://0177.0.0.1", "http://127.0.0.1", "IPv4"),
    "ipv4-one-number": ("http://2130706433", "http://127.0.0.1", "IPv4"),
    "ipv4-trailing-dot": ("http://127.0.0.1.", "http://127.0.0.1", "IPv4"),
    "ipv6-one-zero-not-compressed": (
        "http://[1:0:3:4:5:6:7:0008]",
        "http://[1:0:3:4:5:6:7:8]",
        "IPv6",
    ),
    "port-leading-zeros": ("http://a.example:08080", "http://a.example:8080", "written as 8080"),
    "port-zeros-default": ("http://a.example:0080", "http://a.example", "default port"),
    "default-port": ("https://a.example:443", "https://a.example", "default port 443"),
    "ws-default-port": ("wss://a.example:443", "wss://a.example", "default port 443"),
}


@pytest.mark.parametrize("configured, form, why", SERIALIZED.values(), ids=SERIALIZED)
@pytest.mark.parametrize("way", ["CORS(app)", "@cross_origin", "app.config"])
def test_origin_is_matched_in_the_form_browsers_send(way, configured, form, why):
    app, messages = start(way, configured)
    message = only(messages, f"{configured!r} is matched as {form!r}")
    assert why in message and f"Write {form!r}" in message
    assert "flask-cors 6 compared the text as written, and never matched it" in message
    if not form.startswith("ws"):
        assert allowed(app, form) == form


def test_upper_case_origin_warns_but_matched_as_in_flask_cors_6():
    app, messages = start("CORS(app)", "HTTPS://App.Example.COM")
    message = only(messages, "is matched as 'https://app.example.com'")
    assert "lower case" in message and "never matched" not in message
    assert allowed(app, "https://app.example.com") == "https://app.example.com"


@pytest.mark.parametrize(
    "configured, why",
    [
        ("http://a.example:70000", "over 65535"),
        ("http://a.example:123456", "over 65535"),
        ("http://256.1.1.1", "out of the IPv4 range"),
        ("http://1.2.3.4.5", "out of the IPv4 range"),
        ("http://08.1", "no IPv4 address"),
        ("http://[1:2:3]", "not an IPv6 address"),
        ("https://straße.example", "IDNA 2003"),
        ("https://a\u200db.example", "IDNA 2003"),
        ("https://b\u00fccher..example", "no punycode form"),
    ],
)
def test_origin_no_browser_can_send_starts_and_says_it_never_matches(configured, why):
    app, messages = start("CORS(app)", configured)
    message = only(messages, f"{configured!r} can never match what a browser sends")
    assert why in message
    assert allowed(app, "http://a.example") is None


def test_idn_with_a_deviation_character_is_matched_in_the_punycode_given():
    app = quiet_app(origins="https://xn--strae-oqa.example")  # what browsers send for straße
    assert allowed(app, "https://xn--strae-oqa.example") == "https://xn--strae-oqa.example"


def test_origins_browsers_send_as_written_need_no_warning():
    app = quiet_app(
        origins=["http://[::1]:5000", "http://127.0.0.1", "https://xn--bcher-kva.example"]
    )
    assert allowed(app, "http://[::1]:5000") == "http://[::1]:5000"


def test_ipv6_origin_with_one_zero_field_needs_no_warning():
    app = quiet_app(origins="http://[1:0:3:4:5:6:7:8]")  # one zero field is not compressed
    assert allowed(app, "http://[1:0:3:4:5:6:7:8]") == "http://[1:0:3:4:5:6:7:8]"


# --- look-alike hosts ---


LOOK_ALIKES = {
    # value -> (a look-alike host it admits, a host it is meant for)
    "star-before-label": (
        r"https://.*example\.com",
        "https://evilexample.com",
        "https://a.example.com",
    ),
    "plus-before-label": (
        r"https://.+example\.com",
        "https://evilexample.com",
        "https://a.example.com",
    ),
    "bare-dot": (
        r"https://(app|api).example.com",
        "https://app-example.com",
        "https://app.example.com",
    ),
    "bare-dot-anchored": (
        r"^https://app.example.com$",
        "https://appxexample.com",
        "https://app.example.com",
    ),
    "star-in-a-label": (
        "https://api.*.company.com",
        "https://api.evil-company.com",
        "https://api.x.company.com",
    ),
    "second-alternative": (
        r"https://a\.example\.com|https://b.example.com",
        "https://bxexample.com",
        "https://b.example.com",
    ),
    "no-scheme": (r".*example\.com", "https://evilexample.com", "https://a.example.com"),
    "compiled": (
        re.compile(r"https://.*example\.com"),
        "https://evilexample.com",
        "https://example.com",
    ),
}


@pytest.mark.parametrize("value, look_alike, meant", LOOK_ALIKES.values(), ids=LOOK_ALIKES)
@pytest.mark.parametrize("way", ["CORS(app)", "CORS(bp)", "@cross_origin"])
def test_regex_that_admits_look_alike_hosts_warns_and_really_admits_them(
    way, value, look_alike, meant
):
    app, messages = start(way, value)
    message = only(messages, "admits look-alike hosts")
    assert SOURCES[way] in message
    assert allowed(app, look_alike) == look_alike  # the danger is real
    assert allowed(app, meant) == meant
    safer = re.search(r"A safer regex: '(.*)'\.$", message)
    assert safer is not None
    fixed = re.compile(safer.group(1).replace("\\\\", "\\"), re.IGNORECASE)
    assert not fixed.fullmatch(look_alike)
    assert fixed.fullmatch(meant)


def test_look_alike_warning_names_the_label_and_the_safe_spelling():
    _, messages = start("CORS(app)", r"https://.*example\.com")
    message = only(messages, "admits look-alike hosts")
    assert "'.*' directly before 'example'" in message and "evilexample" in message
    assert r"'https://([a-z0-9-]+\\.)*example\\.com'" in message


@pytest.mark.parametrize(
    "value",
    [
        r"https://([a-z0-9-]+\.)*example\.com",
        r"https://.*\.example\.com",
        r"https?://(.+\.)?example\.com",
        r"https://[a-z.]+\.example\.org",
        r"https?://localhost(:\d+)?",
        r"https://pr-\d+\.preview\.example\.net",
        re.compile(r"https://(a|b)\.example\.com"),
    ],
)
def test_regex_with_strict_dots_does_not_warn(value):
    app = quiet_app(origins=value)  # filterwarnings=error: any warning fails here
    assert allowed(app, "https://evilexample.com") is None


# --- null and expose_headers='*' with credentials ---


@pytest.mark.parametrize("way", WAYS)
def test_null_with_credentials_warns_that_any_sandboxed_page_reads(way):
    app, messages = start(way, ["https://a.example", "null"], supports_credentials=True)
    message = only(messages, "'null' is listed while supports_credentials is True")
    assert "sandboxed iframe" in message and "as with '*'" in message
    response = app.test_client().get("/", headers={"Origin": "null"})
    assert response.headers["Access-Control-Allow-Origin"] == "null"
    assert response.headers["Access-Control-Allow-Credentials"] == "true"


def test_null_without_credentials_does_not_warn():
    app = quiet_app(origins=["null"])
    assert allowed(app, "null") == "null"


@pytest.mark.parametrize("way", ["CORS(app)", "@cross_origin", "app.config"])
def test_expose_star_with_credentials_warns_it_is_read_as_a_header_named_star(way):
    app, messages = start(way, "https://a.example", expose_headers="*", supports_credentials=True)
    message = only(messages, "expose_headers", "literally named '*'")
    assert "List the headers to expose" in message
    response = app.test_client().get("/", headers={"Origin": "https://a.example"})
    assert response.headers["Access-Control-Expose-Headers"] == "*"
    assert response.headers["Access-Control-Allow-Credentials"] == "true"


def test_expose_star_without_credentials_does_not_warn():
    app = quiet_app(origins="https://a.example", expose_headers="*")
    response = app.test_client().get("/", headers={"Origin": "https://a.example"})
    assert response.headers["Access-Control-Expose-Headers"] == "*"


# --- each warning once ---


def test_a_value_shared_by_every_resource_warns_once():
    app = Flask(__name__)
    with pytest.warns(CORSConfigWarning) as record:
        CORS(app, origins="www.example.com", resources={"/a/*": {}, "/b/*": {}, "/c": {}})
    assert len(record) == 1
    policies = app.extensions["cors"].scopes[0][1].policies
    assert all(any("has no scheme" in m for m in p.options.setup_warnings) for p in policies)


def test_each_resource_own_value_warns_for_itself():
    with pytest.warns(CORSConfigWarning) as record:
        CORS(
            Flask(__name__),
            resources={"/a/*": {"origins": "a.example"}, "/b/*": {"origins": "b.example"}},
        )
    assert sorted("'a.example'" in str(w.message) for w in record) == [False, True]


def test_decorator_warns_when_applied_and_not_again_on_the_first_request():
    with pytest.warns(CORSConfigWarning, match="has no scheme"):
        decorate = cross_origin(origins="www.example.com")
    app = Flask(__name__)
    app.add_url_rule("/", "view", decorate(view))
    assert allowed(app, "www.example.com") == "www.example.com"  # no second warning


def test_cli_check_lists_the_origin_warnings():
    app = Flask(__name__)
    with pytest.warns(CORSConfigWarning):
        CORS(app, origins=[r"https://.*example\.com", "null"], supports_credentials=True)
    app.add_url_rule("/", "view", view)
    result = app.test_cli_runner().invoke(
        cors_commands, ["check", "/", "--origin", "https://a.example"]
    )
    assert "admits look-alike hosts" in result.output
    assert "'null' is listed" in result.output


# --- any spelling of an origin admits its browser form and nothing else ---


@st.composite
def spellings(draw: st.DrawFn) -> tuple[str, str]:
    """(an origin as configured, spelled some way; the form a browser sends)."""
    scheme = draw(st.sampled_from(["http", "https"]))
    host = draw(st.sampled_from(["a.example", "xn--bcher-kva.example", "127.0.0.1", "[::1]"]))
    port = draw(st.sampled_from([None, 80, 443, 8080]))
    default = {"http": 80, "https": 443}[scheme]
    form = f"{scheme}://{host}" + ("" if port in (None, default) else f":{port}")
    spelled_scheme = draw(st.sampled_from([scheme, scheme.upper()]))
    spelled_host = draw(st.sampled_from([host, host.upper()]))
    zeros = draw(st.sampled_from(["", "0", "00"]))
    spelled = f"{spelled_scheme}://{spelled_host}" + ("" if port is None else f":{zeros}{port}")
    return spelled + draw(st.sampled_from(["", "/"])), form


@settings(max_examples=60, deadline=None)
@given(spellings(), st.sampled_from(["https://a.example:8443", "http://b.example", "null"]))
def test_any_spelling_of_an_origin_admits_its_browser_form_only(spelling, other):
    configured, form = spelling
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        app = quiet_app(origins=configured)
    assert bool(caught) is (configured != form)
    for message in caught:
        assert f"is matched as {form!r}" in str(message.message)
    assert allowed(app, form) == form
    assert allowed(app, other) is None
