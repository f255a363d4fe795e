"""Every configuration this package refuses at set-up, to be run against
flask-cors 6.0.5 (see ``test_refusals.py`` and CONTRIBUTING.rst).

The rule: what flask-cors 6.0.5 starts with, we start with.  So each row
here must be refused by 6.0.5 too, unless it has a ``reason``, which says
why not and is checked as well:

- ``"6.0.5 has no reading of ..."``: a form 6.0.5 could not express (it
  may start with it or not, but never did what the form asks);
- ``"6.0.5 fails every request ..."``: 6.0.5 starts, then answers the
  first request with an exception; we refuse at set-up.  The
  runner checks that 6.0.5 really does fail that request.

A row with a reason that 6.0.5 refuses anyway is stale: drop the reason.

``source`` runs after :data:`PRELUDE` in a fresh namespace, under either
package, and must bind ``app``; the runner then sends one GET to ``path``
with ``Origin: origin``.  Each ``raise CORSConfigError`` in flask_cors has
at least one row (``site``: its file and function).
"""

from __future__ import annotations

from typing import NamedTuple

PRELUDE = """
from flask import Blueprint, Flask
from flask_cors import CORS, cross_origin


def make_app():
    app = Flask(__name__)
    app.add_url_rule("/api/items", "items", lambda: "items")
    return app


async def async_check(origin):
    return True
"""

NO_READING = "6.0.5 has no reading of "
FAILS_EVERY_REQUEST = "6.0.5 fails every request"


class Refusal(NamedTuple):
    id: str
    site: str  # the raise site in flask_cors that refuses it
    source: str
    reason: str | None = None
    path: str = "/api/items"
    origin: str = "https://app.example.com"
    error: str = "CORSConfigError"  # what this package raises
    bug: str | None = None  # a known difference not fixed yet: the row is xfail(strict)


ORIGIN_RE = "origins.py:_compiled"
ASYNC = "origins.py:_RulesBuilder.add"
SEND_WILDCARD = "options.py:_validate"
HEADER_RE = "options.py:_header_names"
RESOURCE_RE = "resources.py:_compile"
RESOURCES = "resources.py:parse_resources"
RESOURCE_PATTERN = "resources.py:_check_pattern"
BLUEPRINT = "extension.py:CORS.init_app"
DECORATOR = "decorator.py:cross_origin"

#: Functions with a ``raise CORSConfigError`` that no configuration reaches.
NOT_A_SITE = {
    "options.py:resolve_options": "re-raises the error of a site below with where it was set",
    "options.py:_decoded": "every caller passes notes, so bytes are decoded with a warning",
}

VIEW = """
app = make_app()


@app.route("/api/view")
@cross_origin({options})
def view():
    return "view"
"""


def _view(options: str) -> str:
    return VIEW.format(options=options)


ROWS: tuple[Refusal, ...] = (
    # --- origins: a regex that does not compile --------------------------------------
    Refusal(
        "origins-regex-does-not-compile",
        ORIGIN_RE,
        'app = make_app()\nCORS(app, origins="https://(example.com")',
    ),
    Refusal(
        "origins-leading-star-does-not-compile",
        ORIGIN_RE,
        'app = make_app()\nCORS(app, origins="*.example.com")',
    ),
    Refusal(
        "origins-double-star-does-not-compile",
        ORIGIN_RE,
        'app = make_app()\nCORS(app, origins=["https://app.example.com", "https://**.example.com"])',
    ),
    Refusal(
        "origins-broken-json-list-is-a-regex-that-does-not-compile",
        ORIGIN_RE,
        'app = make_app()\napp.config["CORS_ORIGINS"] = \'["https://app.example.com"\'\nCORS(app)',
    ),
    Refusal(
        "origins-regex-in-app-config",
        ORIGIN_RE,
        'app = make_app()\napp.config["CORS_ORIGINS"] = "https://(example.com"\nCORS(app)',
    ),
    Refusal(
        "origins-regex-in-a-resource",
        ORIGIN_RE,
        'app = make_app()\nCORS(app, resources={r"/api/*": {"origins": "https://(example.com"}})',
    ),
    Refusal(
        "origins-regex-in-init-app",
        ORIGIN_RE,
        'app = make_app()\nCORS().init_app(app, origins="https://(example.com")',
    ),
    Refusal(
        "origins-regex-on-a-blueprint",
        ORIGIN_RE,
        'bp = Blueprint("api", __name__)\n'
        'bp.add_url_rule("/api/bp", "bp", lambda: "bp")\n'
        'CORS(bp, origins="https://(example.com")\n'
        "app = make_app()\n"
        "app.register_blueprint(bp)",
        path="/api/bp",
    ),
    Refusal(
        "origins-regex-in-cross-origin",
        ORIGIN_RE,
        _view('origins="https://(example.com"'),
        reason=FAILS_EVERY_REQUEST + " to the view (it resolves its options on each request)",
        path="/api/view",
    ),
    Refusal(
        "get-cors-options-validates",
        ORIGIN_RE,
        "from flask_cors import core\n"
        "app = make_app()\n"
        'core.get_cors_options(app, {"origins": "https://(example.com"})',
    ),
    # --- send_wildcard=True with credentials -------------------------------------------
    Refusal(
        "send-wildcard-with-credentials",
        SEND_WILDCARD,
        "app = make_app()\nCORS(app, supports_credentials=True, send_wildcard=True)",
    ),
    Refusal(
        "send-wildcard-with-credentials-and-origins-star",
        SEND_WILDCARD,
        'app = make_app()\nCORS(app, origins="*", supports_credentials=True, send_wildcard=True)',
    ),
    Refusal(
        "send-wildcard-with-credentials-in-app-config",
        SEND_WILDCARD,
        "app = make_app()\n"
        'app.config["CORS_SUPPORTS_CREDENTIALS"] = True\n'
        'app.config["CORS_SEND_WILDCARD"] = True\n'
        "CORS(app)",
    ),
    Refusal(
        "send-wildcard-with-credentials-split-over-layers",
        SEND_WILDCARD,
        "app = make_app()\n"
        'app.config["CORS_SEND_WILDCARD"] = True\n'
        'CORS(app, resources={r"/api/*": {"supports_credentials": True}})',
    ),
    Refusal(
        "send-wildcard-with-credentials-in-cross-origin",
        SEND_WILDCARD,
        _view("supports_credentials=True, send_wildcard=True"),
        reason=FAILS_EVERY_REQUEST + " to the view (it resolves its options on each request)",
        path="/api/view",
    ),
    # --- allow_headers: a regex that does not compile ----------------------------------
    Refusal(
        "allow-headers-regex-does-not-compile",
        HEADER_RE,
        'app = make_app()\nCORS(app, allow_headers=["X-("])',
    ),
    Refusal(
        "allow-headers-regex-in-app-config",
        HEADER_RE,
        'app = make_app()\napp.config["CORS_ALLOW_HEADERS"] = "X-("\nCORS(app)',
    ),
    Refusal(
        "allow-headers-regex-in-cross-origin",
        HEADER_RE,
        _view('allow_headers="X-("'),
        reason=FAILS_EVERY_REQUEST + " to the view (it resolves its options on each request)",
        path="/api/view",
    ),
    # --- resources ----------------------------------------------------------------------
    Refusal(
        "resource-regex-does-not-compile",
        RESOURCE_RE,
        'app = make_app()\nCORS(app, resources=r"/api/(")',
    ),
    Refusal(
        "resource-regex-key-does-not-compile",
        RESOURCE_RE,
        'app = make_app()\nCORS(app, resources={r"/api/(": {"origins": "https://app.example.com"}})',
    ),
    Refusal(
        "resource-regex-in-a-list-does-not-compile",
        RESOURCE_RE,
        'app = make_app()\nCORS(app, resources=[r"/api/*", r"/v[2/*"])',
    ),
    Refusal(
        "resource-regex-in-app-config",
        RESOURCE_RE,
        'app = make_app()\napp.config["CORS_RESOURCES"] = r"/api/("\nCORS(app)',
    ),
    Refusal(
        "resource-options-a-string",
        RESOURCES,
        'app = make_app()\nCORS(app, resources={r"/api/*": "https://app.example.com"})',
    ),
    Refusal(
        "resource-options-a-list",
        RESOURCES,
        'app = make_app()\nCORS(app, resources={r"/api/*": ["https://app.example.com"]})',
    ),
    Refusal(
        "resource-options-true",
        RESOURCES,
        'app = make_app()\nCORS(app, resources={r"/api/*": True})',
    ),
    Refusal(
        "resources-a-number",
        RESOURCES,
        "app = make_app()\nCORS(app, resources=5)",
    ),
    Refusal(
        "resources-true",
        RESOURCES,
        "app = make_app()\nCORS(app, resources=True)",
    ),
    Refusal(
        "resource-bytes-regex",
        RESOURCE_PATTERN,
        'import re\napp = make_app()\nCORS(app, resources=re.compile(b"/api/.*"))',
        reason=FAILS_EVERY_REQUEST + " to the app (a bytes regex cannot match a str path)",
    ),
    Refusal(
        "resource-pattern-a-number",
        RESOURCE_PATTERN,
        'app = make_app()\nCORS(app, resources={5: {"origins": "https://app.example.com"}})',
    ),
    Refusal(
        "resource-pattern-none-as-a-key",
        RESOURCE_PATTERN,
        'app = make_app()\nCORS(app, resources={None: {"origins": "https://app.example.com"}})',
    ),
    Refusal(
        "resource-bytes-regex-in-a-list",
        RESOURCE_PATTERN,
        'import re\napp = make_app()\nCORS(app, resources=[r"/api/*", re.compile(b"/v2/.*")])',
        reason=FAILS_EVERY_REQUEST + " to a path no pattern before it covers (a bytes regex "
        "cannot match a str path)",
        path="/other",
    ),
    # --- CORS(bp) once the blueprint is registered ---------------------------------------
    Refusal(
        "blueprint-after-registration",
        BLUEPRINT,
        'bp = Blueprint("api", __name__)\n'
        'bp.add_url_rule("/api/bp", "bp", lambda: "bp")\n'
        "app = make_app()\n"
        "app.register_blueprint(bp)\n"
        "CORS(bp)",
        path="/api/bp",
    ),
    Refusal(
        "blueprint-init-app-after-registration",
        BLUEPRINT,
        'bp = Blueprint("api", __name__)\n'
        'bp.add_url_rule("/api/bp", "bp", lambda: "bp")\n'
        "app = make_app()\n"
        "app.register_blueprint(bp)\n"
        "CORS().init_app(bp)",
        path="/api/bp",
    ),
    # --- async origin checks (callables are ours only) -----------------------------------
    Refusal(
        "origins-async-function",
        ASYNC,
        "app = make_app()\nCORS(app, origins=async_check, supports_credentials=True)",
        reason=NO_READING + "a callable in origins",
    ),
    Refusal(
        "origins-async-function-in-a-list",
        ASYNC,
        'app = make_app()\nCORS(app, origins=["https://app.example.com", async_check])',
        reason=NO_READING + "a callable in origins",
    ),
    Refusal(
        "origins-async-function-in-app-config",
        ASYNC,
        'app = make_app()\napp.config["CORS_ORIGINS"] = async_check\nCORS(app)',
        reason=NO_READING + "a callable in origins",
    ),
    Refusal(
        "origins-async-function-in-a-resource",
        ASYNC,
        'app = make_app()\nCORS(app, resources={r"/api/*": {"origins": async_check}})',
        reason=NO_READING + "a callable in origins",
    ),
    Refusal(
        "origins-async-function-in-cross-origin",
        ASYNC,
        _view("origins=async_check"),
        reason=NO_READING + "a callable in origins",
        path="/api/view",
    ),
)
