"""`flask cors check`: verdicts, reasons, exit codes, and agreement with Chromium."""

from __future__ import annotations

import contextvars
import json
import warnings

import pytest
from flask import Flask

from browser.apps import build_app
from browser.engines import ENGINES
from browser.scenarios import PAGE, PAGE_LOOKALIKE, SCENARIOS, substitute
from flask_cors import CORS, CORSConfigWarning, cross_origin
from flask_cors.cli import cors_commands

APP_ORIGIN = "https://app.example.com"

# Any ports do: the check runs in-process, and only the origins' text matters.
PORTS = {PAGE: 4321, PAGE_LOOKALIKE: 43217}


@pytest.fixture
def items_app(make_app):
    """``/items`` (GET, POST, DELETE) under a policy allowing GET and POST from APP_ORIGIN."""
    return make_app(
        "/items",
        route_methods=("GET", "POST", "DELETE"),
        origins=[APP_ORIGIN],
        methods=["GET", "POST"],
        allow_headers=["Content-Type"],
    )


def check(app, *args):
    # The command object itself: decorator-only apps have no CORS extension to
    # add it to app.cli (the `flask` command finds it through its entry point).
    return app.test_cli_runner().invoke(cors_commands, ["check", *args])


def test_check_allowed_request_exits_0(items_app):
    result = check(
        items_app,
        "/items",
        "--origin",
        APP_ORIGIN,
    )
    assert result.exit_code == 0
    assert result.output.splitlines()[0] == "ALLOWED"


def test_check_refused_origin_exits_1_with_both_sides_reasons(items_app):
    result = check(
        items_app,
        "/items",
        "--origin",
        "https://evil.test",
    )
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0] == "BLOCKED"
    assert "  - response has no Access-Control-Allow-Origin header" in lines
    assert (
        "  - origin https://evil.test is not among the allowed origins: https://app.example.com"
        " (set by CORS(origins=...))" in lines
    )


def test_check_refused_method_names_the_method_from_the_preflight(items_app):
    result = check(
        items_app,
        "/items",
        "--origin",
        APP_ORIGIN,
        "--method",
        "DELETE",
    )
    assert result.exit_code == 1
    assert "the app's CORS policy, on the preflight:" in result.output
    assert (
        "  - method 'DELETE' is not allowed here: GET, POST; it is not in methods"
        " (set by CORS(methods=...))" in result.output.splitlines()
    )


def test_check_refused_header_is_named(items_app):
    result = check(
        items_app,
        "/items",
        "--origin",
        APP_ORIGIN,
        "--header",
        "X-Token: abc",
    )
    assert result.exit_code == 1
    assert (
        "  - header 'x-token' is not in allow_headers (set by CORS(allow_headers=...))"
        in result.output.splitlines()
    )


def test_check_credentials_against_a_policy_without_them_is_blocked(items_app):
    result = check(
        items_app,
        "/items",
        "--origin",
        APP_ORIGIN,
        "--credentials",
    )
    assert result.exit_code == 1


def test_check_path_without_policy_says_so():
    app = Flask(__name__)

    @app.route("/private")
    def private():
        return "private"

    CORS(app, resources={r"/api/*": {}})
    result = check(app, "/private", "--origin", APP_ORIGIN)
    assert result.exit_code == 1
    assert "  - no CORS policy covers this path" in result.output.splitlines()


@pytest.mark.parametrize(
    "arguments",
    [
        ["--origin", "app.example.com"],  # not an origin
        [],  # no origin
        ["--origin", APP_ORIGIN, "--header", ": x"],  # empty header name
    ],
    ids=["invalid-origin", "no-origin", "empty-header-name"],
)
def test_check_bad_arguments_are_a_usage_error(items_app, arguments):
    assert check(items_app, "/items", *arguments).exit_code == 2


def test_cors_commands_come_from_the_flask_commands_entry_point(make_app):
    """`flask cors` exists for every app, through the installed package's entry
    point; the extension adds nothing to app.cli."""
    from click.testing import CliRunner
    from flask.cli import FlaskGroup

    app = make_app(
        "/items",
        route_methods=("GET", "POST", "DELETE"),
        origins=[APP_ORIGIN],
        methods=["GET", "POST"],
        allow_headers=["Content-Type"],
    )
    assert "cors" not in app.cli.commands
    group = FlaskGroup(create_app=lambda: app)
    result = CliRunner().invoke(group, ["cors", "check", "--help"])
    assert result.exit_code == 0, result.output
    assert "Would a browser let a page on ORIGIN fetch PATH?" in result.output


def _app_with_its_own_cors_command(shape: str) -> Flask:
    """An app whose own ``flask cors`` command predates this package's."""
    import click
    from flask import Blueprint, current_app
    from flask.cli import AppGroup

    app = Flask(__name__)
    app.config["TENANT_ORIGINS"] = ["https://shop.example"]
    if shape == "app-group":

        @app.cli.group("cors")
        def own():
            """The app's own CORS admin commands."""

        @own.command("sync")
        def sync():
            click.echo(f"synced {current_app.config['TENANT_ORIGINS'][0]}")

    elif shape == "plain-command":
        # A plain click command, added by hand: Flask gives it the app context.
        @click.command("cors")
        @click.argument("action")
        def own_command(action):
            """The app's own CORS admin commands."""
            click.echo(f"{action}ed {current_app.config['TENANT_ORIGINS'][0]}")

        app.cli.add_command(own_command)
    else:  # a blueprint named cors brings its CLI commands as `flask cors ...`
        bp = Blueprint("cors", __name__)
        bp.cli.help = "The app's own CORS admin commands."

        @bp.cli.command("sync")
        def bp_sync():
            click.echo(f"synced {current_app.config['TENANT_ORIGINS'][0]}")

        app.register_blueprint(bp)
        assert isinstance(app.cli.get_command(None, "cors"), AppGroup)
    return app


def _help_listing(runner, group):
    """`flask --help`, split into words per line.  Run in a copy of the
    current context: listing an app's own command, Flask pushes an app context
    that click before 8.2 never pops, which would leak into later tests."""
    result = contextvars.copy_context().run(runner.invoke, group, ["--help"])
    return [line.split() for line in result.output.splitlines()]


@pytest.mark.parametrize("entry", ["app", "blueprint", "decorator"])
@pytest.mark.parametrize("shape", ["app-group", "plain-command", "blueprint-cli"])
def test_an_apps_own_flask_cors_command_is_not_hidden(entry, shape):
    """flask-cors 6 had no command: an app's own `flask cors ...` (a cron job
    that syncs origins, say) still runs after the upgrade."""
    from click.testing import CliRunner
    from flask import Blueprint
    from flask.cli import FlaskGroup

    app = _app_with_its_own_cors_command(shape)
    if entry == "app":
        CORS(app)
    elif entry == "blueprint":
        api = Blueprint("api", __name__)
        CORS(api)
        app.register_blueprint(api)
    else:
        app.add_url_rule("/items", "items", cross_origin()(lambda: "ok"))
    group = FlaskGroup(create_app=lambda: app)
    runner = CliRunner()
    result = runner.invoke(group, ["cors", "sync"])
    assert (result.exit_code, result.output) == (0, "synced https://shop.example\n")
    assert "The app's own CORS admin commands." in runner.invoke(group, ["cors", "--help"]).output
    listing = _help_listing(runner, group)
    assert ["cors", "The", "app's", "own", "CORS", "admin", "commands."] in listing
    # Ours stays at hand under another name.
    app.cli.add_command(cors_commands, "cors-policies")
    result = runner.invoke(group, ["cors-policies", "routes"])
    assert result.exit_code == 0, result.output
    assert "/static/<path:filename>  [GET, HEAD, OPTIONS]  endpoint static" in result.output
    listing = _help_listing(runner, group)
    assert ["cors-policies", "Inspect", "the", "app's", "CORS", "policies."] in listing
    assert ["cors", "The", "app's", "own", "CORS", "admin", "commands."] in listing
    assert runner.invoke(group, ["cors", "sync"]).output == "synced https://shop.example\n"
    with app.app_context():  # already pushed, as by a test or a script
        assert runner.invoke(group, ["cors", "sync"]).output == "synced https://shop.example\n"


@pytest.mark.parametrize("args", [["cors", "routes"], ["cors", "check", "/"], ["cors", "--help"]])
def test_flask_cors_on_an_app_that_fails_to_import_shows_its_error_once(args):
    # As `flask routes` does: the app's own error, its module run once, not
    # a second, different error from importing it again.
    from click.testing import CliRunner
    from flask.cli import FlaskGroup

    imports = []

    def broken_app():
        imports.append(1)
        raise ModuleNotFoundError("No module named 'settings'")

    result = CliRunner().invoke(FlaskGroup(create_app=broken_app), args)
    assert result.exit_code != 0
    assert isinstance(result.exception, ModuleNotFoundError), result.output
    assert imports == [1]


def test_flask_cors_nested_in_another_group_is_ours():
    from click.testing import CliRunner
    from flask.cli import AppGroup, FlaskGroup

    app = _app_with_its_own_cors_command("app-group")
    admin = AppGroup("admin")
    admin.add_command(cors_commands)
    app.cli.add_command(admin)
    result = CliRunner().invoke(FlaskGroup(create_app=lambda: app), ["admin", "cors", "routes"])
    assert result.exit_code == 0, result.output
    assert "endpoint static" in result.output


def test_flask_help_lists_ours_when_the_app_fails_to_import():
    from click.testing import CliRunner
    from flask.cli import FlaskGroup

    def broken_app():
        raise ModuleNotFoundError("No module named 'settings'")

    result = CliRunner().invoke(FlaskGroup(create_app=broken_app), ["--help"])
    listing = [line.split() for line in result.output.splitlines()]
    assert ["cors", "Inspect", "the", "app's", "CORS", "policies."] in listing


def test_flask_cors_without_an_app_to_load_says_so():
    from click.testing import CliRunner
    from flask.cli import FlaskGroup, NoAppException

    def no_app():
        raise NoAppException("no app here")

    result = CliRunner().invoke(FlaskGroup(create_app=no_app), ["cors", "routes"])
    assert result.exit_code != 0
    assert "no app here" in result.output


@pytest.mark.parametrize("command", [[], ["check"], ["routes"]], ids=["cors", "check", "routes"])
def test_help_is_plain_text_without_rest_markup(items_app, command):
    """`--help` is read in a terminal: no ``literal``, :role: or *emphasis* markup."""
    result = items_app.test_cli_runner().invoke(cors_commands, [*command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output
    for markup in ("``", ":ref:", ":func:", ":class:", ":doc:", "::"):
        assert markup not in result.output, (markup, result.output)


def cli_args(scenario):
    request = scenario.request
    args = [request.path, "--origin", substitute(scenario.origin, PORTS)]
    args += ["--method", request.method]
    for name, value in substitute(dict(request.headers), PORTS).items():
        args += ["--header", f"{name}: {value}"]
    if request.credentials == "include":
        args.append("--credentials")
    return args


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.id for s in SCENARIOS])
def test_check_verdict_agrees_with_every_engine(scenario):
    """Each browser-suite scenario: `flask cors check` must say what Chromium,
    Firefox and WebKit did."""
    verdicts = {engine: scenario.expect_in(engine)[0].resolves for engine in ENGINES}
    # Where engines disagree, docs/testing.rst must say which one the
    # simulation follows, and this test must learn it; none does today.
    assert len(set(verdicts.values())) == 1, verdicts
    resolves = verdicts[ENGINES[0]]
    app = build_app(scenario.app, PORTS)
    result = check(app, *cli_args(scenario))
    assert result.output.splitlines()[0] == ("ALLOWED" if resolves else "BLOCKED"), result.output
    assert result.exit_code == (0 if resolves else 1)


# --- every set-up warning, listed ----------------------------------------------------


def warned_app(make_app):
    """An app whose CORS set-up gave warnings: a policy's, a decorated view's,
    an ignored key and a key set after CORS(app)."""
    with pytest.warns(CORSConfigWarning):
        app = make_app(
            "/items",
            config={"CORS_HEADERS": "Content-Type", "CORS_ORIGIN": APP_ORIGIN},
            max_age=-1,
        )

        @app.route("/view")
        @cross_origin(methods="GET PUT")
        def view():
            return "view"

    app.config["CORS_ORIGINS"] = APP_ORIGIN
    return app


WARNED = [
    "note: app.config['CORS_ORIGIN'] is not a flask_cors setting and is ignored. "
    "Did you mean 'CORS_ORIGINS'?",
    "warning: CORS(app) resources['/*']: allow_headers (set by app.config['CORS_HEADERS']): "
    "'Content-Type' limits the headers",
    "warning: CORS(app) resources['/*']: max_age (set by CORS(max_age=...)): -1 is negative",
    "warning: @cross_origin on 'warned_app.<locals>.view': allow_headers (set by "
    "app.config['CORS_HEADERS']): 'Content-Type' limits the headers",
    "warning: @cross_origin on 'warned_app.<locals>.view': methods (set by "
    "@cross_origin(methods=...)): 'GET PUT' is read as the list GET, PUT",
    "warning: app.config['CORS_ORIGINS'] was set after CORS(app) (at ",
]


def starts(lines, expected):
    return len(lines) == len(expected) and all(
        line.startswith(prefix) for line, prefix in zip(lines, expected)
    )


def test_routes_lists_every_setup_warning_first(make_app):
    app = warned_app(make_app)
    with warnings.catch_warnings():
        warnings.simplefilter("error", CORSConfigWarning)  # the command names them, once
        result = app.test_cli_runner().invoke(cors_commands, ["routes"])
    assert result.exit_code == 0, result.output
    assert starts(result.output.splitlines()[: len(WARNED)], WARNED), result.output


def runner_with_separate_stderr(app):
    """Click before 8.2 mixes standard error into the output unless told not to."""
    try:
        return app.test_cli_runner(mix_stderr=False)
    except TypeError:  # Click 8.2 removed the argument: the streams are always apart
        return app.test_cli_runner()


def test_routes_json_lists_the_warnings_on_standard_error(make_app):
    app = warned_app(make_app)
    result = runner_with_separate_stderr(app).invoke(cors_commands, ["routes", "--json"])
    assert starts(result.stderr.splitlines(), WARNED), result.stderr
    assert {row["rule"] for row in json.loads(result.stdout)} >= {"/items", "/view"}


def test_check_lists_every_setup_warning_last(make_app):
    app = warned_app(make_app)
    result = check(app, "/items", "--origin", APP_ORIGIN)
    assert starts(result.output.splitlines()[-len(WARNED) :], WARNED), result.output


def test_routes_offers_every_method_of_the_rule_for_methods_star(make_app):
    app = make_app("/items", route_methods=("GET", "QUERY"), methods="*")
    result = app.test_cli_runner().invoke(cors_commands, ["routes"])
    assert "    methods:      GET, HEAD, OPTIONS, QUERY (offered in preflights)" in (
        result.output.splitlines()
    )


def routes_block(output, rule):
    """The lines ``flask cors routes`` prints for ``rule``, its heading first."""
    lines = output.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"{rule}  ["))
    end = next((i for i in range(start + 1, len(lines)) if not lines[i].startswith(" ")), None)
    return lines[start:end]


def test_routes_samples_the_values_of_an_any_converter_and_lists_exposed_headers():
    app = Flask(__name__)
    app.add_url_rule('/files/<any(reports, "logs"):kind>', "files", lambda kind: kind)
    reports = {"origins": [APP_ORIGIN], "expose_headers": ["X-Total"]}
    CORS(app, resources={"/files/reports": reports})
    result = app.test_cli_runner().invoke(cors_commands, ["routes"])
    assert routes_block(result.output, '/files/<any(reports, "logs"):kind>')[1:] == [
        "    policy:       CORS(app) resource '/files/reports'",
        "      for /files/reports: CORS(app) resource '/files/reports'",
        "      for /files/logs: none",
        f"    origins:      {APP_ORIGIN}",
        "    methods:      GET, HEAD, OPTIONS (offered in preflights)",
        "    headers:      *",
        "    exposes:      X-Total",
        "    credentials:  no",
        "    writes:       none (the route accepts only safe methods)",
    ]


def test_routes_samples_only_paths_the_rule_itself_serves():
    app = Flask(__name__)
    app.add_url_rule("/items/<int:item>", "item", lambda item: str(item))
    app.add_url_rule("/items/<name>", "named", lambda name: name)
    CORS(app, resources={"/items/1": {"origins": [APP_ORIGIN]}, "/items/*": {}})
    result = app.test_cli_runner().invoke(cors_commands, ["routes"])
    # /items/1 is served by the int rule: it is no sample of the other one.
    assert routes_block(result.output, "/items/<name>")[1] == (
        "    policy:       CORS(app) resource '/items/*'"
    )
    assert not any(" for " in line for line in routes_block(result.output, "/items/<name>"))
    assert routes_block(result.output, "/items/<int:item>")[1] == (
        "    policy:       CORS(app) resource '/items/1'"
    )


def test_no_warning_lines_for_a_clean_app(items_app):
    result = items_app.test_cli_runner().invoke(cors_commands, ["routes"])
    assert "warning:" not in result.output and "note:" not in result.output
