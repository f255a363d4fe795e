"""flask-cors set-ups found in public GitHub projects, each with a few
requests, to compare our answers with flask-cors 6.0.5's (see
``test_real_configs.py``).

``repo`` is where the set-up was seen (owner/name; ``"public code, index
<n>"`` where the code search showed the file without naming its
repository).  The set-ups are restated in a few lines, not copied: values
that came from an environment variable or a config file are written as
the string such a source gives.  ``source`` runs after :data:`PRELUDE` and
must bind ``app``.

A row whose answers differ from 6.0.5's carries ``reason``: a
:class:`Known` naming the row of docs/migrating.rst that documents the
difference (its first words, as they stand in that file), and what the
``CORSConfigWarning`` that set-up gives for it says.
"""

from __future__ import annotations

from typing import NamedTuple

PRELUDE = """
import datetime
import os
import re

from flask import Blueprint, Flask
from flask_cors import CORS, cross_origin


def make_app():
    app = Flask(__name__)
    for path in ("/", "/api/items", "/foo", "/v1/x", "/hdmwebapp/x", "/predict", "/data"):
        app.add_url_rule(
            path, path, lambda: "ok", methods=["GET", "POST", "PUT", "DELETE", "PATCH"]
        )
    return app


def view_app(decorator, path="/predict"):
    app = Flask(__name__)
    app.add_url_rule(path, "view", decorator(lambda: "ok"), methods=["GET", "POST"])
    return app
"""

Request = tuple[str, str, str, dict[str, str]]  # origin ("" for none), method, path, headers

DEV = "http://localhost:3000"
OTHER = "https://evil.example"


def get(origin: str, path: str = "/api/items") -> Request:
    return (origin, "GET", path, {})


def preflight(
    origin: str, path: str = "/api/items", method: str = "POST", headers: str = "content-type"
) -> Request:
    asked = {"Access-Control-Request-Method": method}
    if headers:
        asked["Access-Control-Request-Headers"] = headers
    return (origin, "OPTIONS", path, asked)


def usual(origin: str = DEV, path: str = "/api/items") -> tuple[Request, ...]:
    """What a page sends: a GET and a JSON POST's preflight, from ``origin`` and a stranger."""
    return (get(origin, path), preflight(origin, path), get(OTHER, path), preflight(OTHER, path))


class Known(NamedTuple):
    """A documented difference from 6.0.5 that a row's requests meet."""

    migrating: str  # the first words of the docs/migrating.rst row, as in that file
    #: Words of the CORSConfigWarning set-up gives for it.  Without one
    #: (``None``), access may be lost only by origins nobody configured
    #: meant: ``null`` (any sandboxed page) and look-alike hosts
    #: (``*.evil.example``).
    warning: str | None


# The rows of docs/migrating.rst these configurations meet (their first words).
HEADERS_ALIAS = Known(
    "``headers=`` keyword and ``CORS_HEADERS`` key",
    "limits the headers a cross-origin request may send",
)
NULL_ORIGIN = Known('``Origin: null`` with ``origins="*"``', None)
REGEX_WHOLE = Known('Regex origin ``r"https://.*\\.example\\.com"``', None)
REGEX_EMPTY_START = REGEX_WHOLE._replace(warning="so flask-cors 6 allowed every origin with it")
SUBDOMAIN_GLOB = Known('``"https://*.example.com"``', None)
COMMA_KEY = Known('``CORS_ORIGINS = "https://a.example,https://b.example"``', None)
SPACED_ORIGINS = Known(
    '``origins="https://a.example https://b.example"``', "is read as the origins"
)
COMMA_HEADERS = Known("A comma-separated string in ``allow_headers``", None)


class Config(NamedTuple):
    id: str
    repo: str
    source: str
    requests: tuple[Request, ...]
    reason: Known | None = None


def _configs() -> list[Config]:
    rows = [
        # Plain CORS(app), with and without the CORS_HEADERS habit.
        Config("bare", "rizkyrad24/ebay", "app = make_app()\nCORS(app)", usual()),
        Config(
            "cors-headers-after",
            "uomkri/backgammon",
            "app = make_app()\ncors = CORS(app)\napp.config['CORS_HEADERS'] = 'Content-Type'",
            usual(),
        ),
        Config(
            "cors-headers-before",
            "lbs-iitkgp/Opensoft-2019",
            "app = make_app()\napp.config['CORS_HEADERS'] = 'Content-Type'\n"
            "cors = CORS(app, resources={r'/foo': {'origins': 'http://localhost:port'}})",
            (*usual("http://localhost:port", "/foo"), *usual()),
        ),
        Config(
            "cors-headers-json",
            "ashwin1/covid19",
            "app = make_app()\nCORS(app, support_credentials=True)\n"
            "app.config['CORS_HEADERS'] = 'application/json'",
            usual(),
        ),
        Config(
            "cors-headers-list-config",
            "zerodine/Boilerplate-FlaskRestMongoTornado",
            "app = make_app()\napp.config.update(CORS_ORIGIN=['*'], "
            "CORS_METHODS=['POST', 'GET', 'PUT', 'DELETE', 'OPTIONS', 'HEAD'], "
            "CORS_HEADERS=['origin', 'accept', 'content-type', 'authorization'])\nCORS(app)",
            (
                *usual(),
                preflight(DEV, method="PATCH", headers="authorization"),
                preflight(DEV, headers="x-custom"),
            ),
            HEADERS_ALIAS,
        ),
        Config(
            "config-class",
            "Eric599/CEC-2024-Programming-Competition",
            "app = make_app()\napp.config.update(CORS_ORIGINS='http://localhost:8080', "
            "CORS_HEADERS=['Content-Type', 'Authorization'], CORS_SUPPORTS_CREDENTIALS=True, "
            "CORS_MAX_AGE=3600)\nCORS(app)",
            (*usual("http://localhost:8080"), preflight("http://localhost:8080", headers="x-a")),
            HEADERS_ALIAS,
        ),
        Config(
            "config-module",
            "public code, index 'CORS Configuration' config module",
            "app = make_app()\napp.config.update(CORS_HEADERS='Content-Type', "
            "CORS_METHODS=['GET', 'POST', 'PUT', 'DELETE', 'OPTIONS'], "
            "CORS_SUPPORTS_CREDENTIALS=True, CORS_ALLOW_HEADERS=['Content-Type', "
            "'Authorization'], CORS_MAX_AGE=600)\nCORS(app)",
            (*usual(), preflight(DEV, headers="authorization")),
        ),
        # resources= dicts.
        Config(
            "api-one-origin",
            "joelchege23/CineFlicks",
            "app = make_app()\nCORS(app, resources={r'/api/*': {'origins': "
            "'http://127.0.0.1:5000'}})",
            (*usual("http://127.0.0.1:5000"), get("http://127.0.0.1:5000", "/foo")),
        ),
        Config(
            "api-star-credentials",
            "gucciwu/pcc-2019-nCoV",
            "app = make_app()\nCORS(app, supports_credentials=True, "
            "resources={r'/api/*': {'origins': '*'}})",
            (*usual(), get("null")),
            NULL_ORIGIN,
        ),
        Config(
            "blueprint-resources",
            "Lunatic-Labs/rubricapp",
            "app = Flask(__name__)\nbp = Blueprint('api', __name__)\n"
            "bp.add_url_rule('/api/items', 'items', lambda: 'ok', methods=['GET', 'POST'])\n"
            "CORS(bp, resources={r'/api/*': {'origins': '*'}})\napp.register_blueprint(bp)",
            usual(),
        ),
        Config(
            "api-two-dev-origins",
            "pechang03/processDMRs",
            "app = make_app()\nCORS(app, resources={r'/api/*': {'origins': "
            "['http://localhost:3000', 'http://127.0.0.1:3000']}})",
            (*usual(), get("http://127.0.0.1:3000")),
        ),
        Config(
            "twice",
            "public code, index 'from flask_restful import Api'",
            "app = make_app()\nCORS(app)\nCORS(app, resources={r'/*': {'origins': '*'}})",
            usual(),
        ),
        Config(
            "init-app-resources-methods",
            "public code, index 'options that will be passed to init_app'",
            "app = make_app()\ncors = CORS(resources={r'/api/*': {'origins': '*', "
            "'methods': ['GET', 'POST', 'OPTIONS']}})\ncors.init_app(app)",
            (*usual(), preflight(DEV, method="DELETE")),
        ),
        Config(
            "init-app-no-options",
            "codeHawker/tweetscan",
            "app = make_app()\ncors = CORS()\ncors.init_app(app)",
            usual(),
        ),
        Config(
            "init-app-kwargs",
            "pr0meth4us/AUPP-eCampus",
            "app = make_app()\ncors = CORS()\ncors.init_app(app, resources={r'/*': {"
            "'origins': app.config.get('CORS_ALLOWED_ORIGINS', '*'), "
            "'supports_credentials': True}})",
            usual(),
        ),
        Config(
            "resources-all-credentials-methods",
            "dhruvgcs24-programer/codeGPT",
            "app = make_app()\nCORS(app, resources={r'/*': {'origins': '*'}}, "
            "supports_credentials=True, allow_headers=['Content-Type'], "
            "methods=['GET', 'POST', 'OPTIONS'])",
            (*usual(), preflight(DEV, headers="authorization"), preflight(DEV, method="PUT")),
        ),
        Config(
            "resource-full-dict",
            "public code, index 'configure_cors' localhost:8092",
            "app = make_app()\nCORS(app, resources={r'/*': {'origins': ['http://localhost:8092'], "
            "'methods': ['GET', 'POST', 'PUT', 'DELETE', 'OPTIONS'], "
            "'allow_headers': ['Content-Type', 'Authorization', 'Accept'], "
            "'expose_headers': ['Content-Type', 'Authorization'], "
            "'supports_credentials': True}})",
            (*usual("http://localhost:8092"), preflight("http://localhost:8092", method="PATCH")),
        ),
        Config(
            "resource-config-fallbacks",
            "public code, index 'Uses CORS_ORIGINS from app config'",
            "app = make_app()\nCORS(app, resources={r'/*': {"
            "'origins': app.config.get('CORS_ORIGINS', ['*']), "
            "'methods': ['GET', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH'], "
            "'allow_headers': app.config.get('CORS_ALLOW_HEADERS', ['Content-Type', "
            "'Authorization', 'X-Requested-With']), 'expose_headers': ['Content-Type']}})",
            (*usual(), preflight(DEV, headers="x-requested-with,authorization")),
        ),
        Config(
            "resource-two-paths",
            "public code, index 'single source of truth in app_config.py'",
            "app = make_app()\nCORS(app, resources={r'/api/*': {'origins': "
            "['https://app.example'], 'supports_credentials': True}, "
            "r'/v1/*': {'origins': '*'}})",
            (*usual("https://app.example"), *usual("https://app.example", "/v1/x")),
        ),
        Config(
            "resource-api-origins-config",
            "public code, index 'Get CORS settings from config'",
            "app = make_app()\norigins = app.config.get('CORS_ORIGINS', '*')\n"
            "CORS(app, resources={r'/api/*': {'origins': origins}}, supports_credentials=True, "
            "allow_headers=['Content-Type', 'Authorization', 'X-Requested-With', 'Accept'], "
            "methods=['GET', 'POST', 'PUT', 'DELETE', 'OPTIONS'])",
            (*usual(), preflight(DEV, headers="accept,authorization")),
        ),
        Config(
            "resource-star-key",
            "purveshmakode24/recommendation-system",
            "app = make_app()\ncors = CORS(app, resources={r'*': {'origins': '*'}})",
            (*usual(), get(DEV, "/")),
        ),
        Config(
            "blueprint-root-resource",
            "dotbot-io/webapp",
            "app = Flask(__name__)\napi = Blueprint('api', __name__, url_prefix='/api')\n"
            "api.add_url_rule('/', 'root', lambda: 'ok')\n"
            "api.add_url_rule('/items', 'items', lambda: 'ok', methods=['GET', 'POST'])\n"
            "cors = CORS(api, resources={r'/': {'origins': '*'}})\napp.register_blueprint(api)",
            (*usual(path="/api/"), *usual(path="/api/items")),
        ),
        Config(
            "blueprint-bare",
            "img-api/img-api",
            "app = Flask(__name__)\nbp = Blueprint('api_user_blueprint', __name__, "
            "url_prefix='/api/user')\nbp.add_url_rule('/me', 'me', lambda: 'ok', "
            "methods=['GET', 'POST'])\nCORS(bp)\napp.register_blueprint(bp)\n"
            "app.add_url_rule('/other', 'other', lambda: 'ok')",
            (*usual(path="/api/user/me"), get(DEV, "/other")),
        ),
        Config(
            "factory-api-credentials",
            "sageleaf/me",
            "app = make_app()\nCORS(app, resources={r'/api/*': { 'origins': '*', "
            "'supports_credentials': True}})",
            usual(),
        ),
        Config(
            "factory-api-star",
            "verma25s/476finance",
            "app = make_app()\ncors = CORS(app, resources={r'/api/*': {'origins': '*'}})",
            (*usual(), get(DEV, "/foo")),
        ),
        Config(
            "v1-star",
            "public code, index 'class Factory' v1",
            "app = make_app()\ncors = CORS(app, resources={r'/v1/*': {'origins': '*'}})",
            usual(path="/v1/x"),
        ),
        Config(
            "api-static-folder",
            "Wojak27/Wastify",
            "app = make_app()\ncors = CORS(app, resources={r'/api/*': {'origins': '*'}})",
            usual(),
        ),
        Config(
            "herokuapp-init-app",
            "public code, index 'Initialise Cross-Origin Resource Sharing'",
            "app = make_app()\ncors = CORS(resources={r'/api/*': {'origins': "
            "['https://mandarin-web-app.herokuapp.com']}})\ncors.init_app(app)",
            usual("https://mandarin-web-app.herokuapp.com"),
        ),
        Config(
            "resource-allow-headers-star",
            "public code, index create_app allow_headers ['*']",
            "app = make_app()\nCORS(app, resources={r'/*': {'methods': ['POST', 'GET', "
            "'OPTIONS'], 'allow_headers': ['*'], 'supports_credentials': True}})",
            (*usual(), preflight(DEV, headers="x-anything,authorization")),
        ),
        Config(
            "resource-config-route",
            "public code, index 'from flask_cors.extension import CORS'",
            "from flask_cors.extension import CORS as ExtCORS\napp = make_app()\n"
            "ExtCORS(app, resources={r'/*': {'origins': 'http://localhost:5173'}}, "
            "supports_credentials=True)",
            usual("http://localhost:5173"),
        ),
        Config(
            "resource-config-dict",
            "public code, index 'class CORSConfig' init_app",
            "app = make_app()\ncors_config = {'origins': app.config.get('CORS_ORIGINS', '*'), "
            "'methods': app.config.get('CORS_METHODS', ['GET', 'POST', 'PUT', 'DELETE']), "
            "'allow_headers': app.config.get('CORS_ALLOW_HEADERS', ['Content-Type', "
            "'Authorization']), 'supports_credentials': True, 'max_age': 3600}\n"
            "CORS(app, resources={r'/*': cors_config})",
            (*usual(), preflight(DEV, method="PATCH")),
        ),
        # resources= as a string.
        Config(
            "resources-string-api",
            "public code, index 36940146073",
            "app = make_app()\nCORS(app, resources=r'/api/*', supports_credentials=True)",
            (*usual(), get(DEV, "/foo")),
        ),
        Config(
            "resources-string-all",
            "public code, index 192864283",
            "app = make_app()\nCORS(app, resources=r'/*')",
            usual(),
        ),
        Config(
            "resources-string-headers",
            "public code, index 30863325193",
            "app = make_app()\nCORS(app, resources=r'/*', headers='Content-Type')",
            (*usual(), preflight(DEV, headers="authorization")),
            HEADERS_ALIAS,
        ),
        Config(
            "resources-string-then-credentials",
            "public code, index 14052054013",
            "app = make_app()\nCORS(app, resources=r'/*')\nCORS(app, supports_credentials=True)",
            usual(),
        ),
        Config(
            "resources-string-prefix",
            "public code, index 18044245483",
            "app = make_app()\nCORS(app, resources=r'/hdmwebapp/*')",
            (*usual(path="/hdmwebapp/x"), get(DEV, "/api/items")),
        ),
        # origins= spellings.
        Config(
            "origins-dot-star",
            "public code, index 6037097070",
            "app = make_app()\nCORS(app, origins=r'.*')",
            (*usual(), get("null")),
        ),
        Config(
            "origins-slash-star",
            "public code, index 8443273576",
            "app = make_app()\ncors = CORS(app, origins=r'/*')",
            usual(),
            REGEX_EMPTY_START,
        ),
        Config(
            "origins-raw-star",
            "public code, index 34380360831",
            "app = make_app()\nCORS(app, origins=r'*')",
            usual(),
        ),
        Config(
            "origins-regex-anchored",
            "public code, index 52108069704",
            "app = make_app()\n"
            "CORS(app, origins=r'^https?://(localhost|127\\.0\\.0\\.1)(:\\d+)?$', "
            "supports_credentials=True)",
            (
                *usual(),
                get("http://127.0.0.1:5173"),
                get("http://localhost"),
                get("http://localhost.evil.example"),
            ),
        ),
        Config(
            "origins-regex-port",
            "public code, index 67012107832",
            "app = make_app()\n"
            "CORS(app, origins=r'http://localhost:\\d+', supports_credentials=True)",
            (*usual(), get("http://localhost:3000.evil.example"), get("http://localhost:8080")),
            REGEX_WHOLE,
        ),
        Config(
            "origins-regex-path-tail",
            "public code, index 52059865484",
            "app = make_app()\nCORS(app, origins=r'https:\\/\\/(www.)?pajamaclaws\\.net(\\/.*)?')",
            (
                *usual("https://pajamaclaws.net"),
                get("https://www.pajamaclaws.net"),
                get("https://pajamaclaws.net.evil.example"),
            ),
            REGEX_WHOLE,
        ),
        Config(
            "origins-env-split",
            "tiangolo/full-stack-flask-couchbase",
            "app = make_app()\norigins = [o.strip() for o in "
            "'http://localhost, http://localhost:4200, http://localhost:3000'.split(',')]\n"
            "CORS(app, origins=origins, supports_credentials=True)",
            (*usual(), get("http://localhost:4200")),
        ),
        Config(
            "origins-env-empty-split",
            "public code, index 'Read allowed origins from environment variable'",
            "app = make_app()\ncors = CORS(origins=os.environ.get('NO_SUCH_ORIGINS_VAR', '')"
            ".split(','))\ncors.init_app(app)",
            usual(),
        ),
        Config(
            "origins-env-none",
            "public code, index 'def set_up_cors' FRONTEND_URL",
            "app = make_app()\nCORS(app, supports_credentials=True, "
            "origins=os.environ.get('NO_SUCH_FRONTEND_URL'), allow_headers=['Content-Type', "
            "'X-CSRF-TOKEN', 'Accept'], expose_headers=['Set-Cookie', 'Authorization'], "
            "methods=['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'])",
            (*usual(), preflight(DEV, headers="x-csrf-token")),
        ),
        Config(
            "origins-env-set",
            "public code, index 'Dynamically handle configuration of CORS'",
            "app = make_app()\nCORS(app, resources={r'/*': {'origins': "
            "{'http://localhost:5173'}}})",
            usual("http://localhost:5173"),
        ),
        Config(
            "origins-env-fallback-star",
            "public code, index 'ALLOWED_ORIGINS from the environment'",
            "app = make_app()\nraw = os.getenv('NO_SUCH_ALLOWED_ORIGINS', '')\n"
            "origins = [u.strip() for u in raw.split(',') if u.strip()] or '*'\n"
            "CORS(app, resources={r'/api/*': {'origins': origins}}, supports_credentials=True, "
            "methods=['GET', 'POST', 'OPTIONS'], allow_headers=['Content-Type', 'Authorization'])",
            (*usual(), get("null")),
            NULL_ORIGIN,
        ),
        Config(
            "origins-config-list-credentials",
            "public code, index 'Setup CORS for the Flask application'",
            "app = make_app()\nclass Config:\n    CORS_ORIGINS = ['http://localhost:3000', "
            "'https://app.example']\nCORS(app, origins=Config.CORS_ORIGINS, "
            "supports_credentials=True)",
            (*usual(), get("https://app.example"), get("https://APP.example")),
        ),
        Config(
            "origins-star-list-dev",
            "public code, index 'Allow all origins for development'",
            "app = make_app()\nCORS(app, origins=['*'], supports_credentials=False, "
            "methods=['GET', 'POST', 'PUT', 'DELETE', 'OPTIONS'], allow_headers=['Content-Type', "
            "'Authorization', 'X-Requested-With'], "
            "expose_headers=['Content-Type', 'Authorization'])",
            (*usual(), preflight(DEV, headers="x-requested-with")),
        ),
        Config(
            "origins-vercel-glob",
            "public code, index 15094321489 (vercel glob), a list as in 'get_cors_origins'",
            "app = make_app()\nCORS(app, origins=['http://localhost:3000', "
            "'https://daemon-ai-r-leyshon*.vercel.app', 'https://daemon-ai-app.vercel.app'])",
            (
                *usual(),
                get("https://daemon-ai-r-leyshon-git-main.vercel.app"),
                get("https://daemon-ai-app.vercel.app"),
                get("https://evil.vercel.app"),
            ),
        ),
        Config(
            "origins-subdomain-glob",
            "public code, index 52504315189 (onrender glob) and 15094321489 (vercel glob)",
            "app = make_app()\nCORS(app, origins=['http://localhost:3000', "
            "'https://*.vercel.app', 'https://*.onrender.com'])",
            (*usual(), get("https://x.vercel.app"), get("https://vercel.app.evil.example")),
            SUBDOMAIN_GLOB,
        ),
        Config(
            "origins-trailing-slash",
            "public code, index 'CORS allowed origins' (pimp-my-case: a FastAPI origin "
            "list of the kind given to CORS(origins=...))",
            "app = make_app()\nCORS(app, origins=['http://localhost:5173', "
            "'https://pimp-my-case.vercel.app', 'https://pimp-my-case.vercel.app/'])",
            (*usual("https://pimp-my-case.vercel.app"), get("http://localhost:5173")),
        ),
        Config(
            "origins-comma-string",
            "public code, index 'api/_cors.ts' (its CORS_ORIGINS env-var value, given to "
            "flask-cors's CORS_ORIGINS key)",
            "app = make_app()\napp.config['CORS_ORIGINS'] = "
            "'https://wellfitcommunity.live,https://www.wellfitcommunity.live'\nCORS(app)",
            (*usual("https://wellfitcommunity.live"), get("https://www.wellfitcommunity.live")),
            COMMA_KEY,
        ),
        Config(
            "origins-space-string",
            "toptechschool/backend (its space-separated CORS_ALLOWED_ORIGINS env value, "
            "given to CORS(origins=...) unsplit)",
            "app = make_app()\nCORS(app, origins='http://localhost:3000 https://app.example')",
            (*usual(), get("https://app.example")),
            SPACED_ORIGINS,
        ),
        Config(
            "origins-glob-and-port-glob",
            "public code, index 12060128584",
            "app = make_app()\nCORS(app, origins=['https://*.onrender.com', 'https://localhost:*'])",
            (
                *usual("https://my-app.onrender.com"),
                get("https://localhost:8443"),
                get("https://localhost.evil.example:8443"),
            ),
            SUBDOMAIN_GLOB,
        ),
        Config(
            "origins-env-default-no-scheme",
            "public code, index 69558933289",
            "app = make_app()\nCORS(app, origins=os.environ.get('NO_SUCH_CORS_ORIGINS', "
            "'localhost:8080').split(','))",
            (*usual("http://localhost:8080"), get("localhost:8080")),
        ),
        Config(
            "origins-env-default-star-credentials",
            "public code, index 52651816263",
            "app = make_app()\n"
            "CORS(app, origins=os.getenv('NO_SUCH_CORS_ORIGINS', '*').split(','), "
            "supports_credentials=True)",
            (*usual(), get("null")),
            NULL_ORIGIN,
        ),
        Config(
            "origins-env-unset",
            "public code, index 41940240093",
            "app = make_app()\nCORS(app, origins=os.getenv('NO_SUCH_CORS_ORIGIN'))",
            usual(),
        ),
        Config(
            "origins-env-default-list",
            "public code, index 58390693294",
            "app = make_app()\nCORS(app, origins=os.environ.get('NO_SUCH_ALLOWED_ORIGINS', "
            "'http://localhost:3001,http://127.0.0.1:3001,http://localhost:5500').split(','))",
            (*usual("http://localhost:3001"), get("http://localhost:5500")),
        ),
        Config(
            "expose-downloads",
            "namanthapliyal/AnyDownloader-backend",
            "app = make_app()\nCORS(app, origins=['http://localhost:3000'], "
            "expose_headers=['Content-Disposition', 'Content-Length', 'Content-Type'])",
            usual(),
        ),
        Config(
            "config-origins-credentials-get",
            "public code, index 'origins=app.config.get(\"ALLOWED_ORIGINS\")'",
            "app = make_app()\napp.config['ALLOWED_ORIGINS'] = ['http://localhost:3000']\n"
            "CORS(app, origins=app.config.get('ALLOWED_ORIGINS'), "
            "supports_credentials=app.config.get('CORS_SUPPORTS_CREDENTIALS'), "
            "methods=['GET', 'POST', 'PUT', 'PATCH', 'DELETE'], "
            "allow_headers=['Content-Type', 'Authorization'])",
            (*usual(), preflight(DEV, method="PATCH", headers="authorization")),
        ),
        Config(
            "credentials-only",
            "public code, index 'class CorsExt' pg_discuss",
            "import flask_cors\napp = make_app()\nflask_cors.CORS(app, supports_credentials=True)",
            (*usual(), get("null")),
            NULL_ORIGIN,
        ),
        # @cross_origin.
        Config(
            "decorator-origin-typo",
            "public code, index 42475195807",
            "app = view_app(cross_origin(origin='*'))\nCORS(app, support_credentials=True)",
            usual(path="/predict"),
        ),
        Config(
            "decorator-origin-headers",
            "public code, index 32268026797",
            "app = view_app(cross_origin(origin='*', headers=['Content-Type', 'Authorization']))",
            (*usual(path="/predict"), preflight(DEV, "/predict", headers="authorization")),
        ),
        Config(
            "decorator-header-with-space",
            "public code, index 405148012",
            "app = view_app(cross_origin(origin='*', headers=['Content- Type']))",
            usual(path="/predict"),
            HEADERS_ALIAS,
        ),
        Config(
            "decorator-credentials-origin",
            "public code, index 9068128702",
            "app = view_app(cross_origin(origin='http://localhost:3000', "
            "supports_credentials=True))",
            usual(path="/predict"),
        ),
        Config(
            "decorator-bare-with-cors",
            "public code, index 5851995577",
            "app = make_app()\ncors = CORS(app)\napp.config['CORS_HEADERS'] = 'Content-Type'\n"
            "app.add_url_rule('/view', 'view', cross_origin(origin='*')(lambda: 'ok'))",
            (*usual(path="/view"), *usual()),
        ),
        Config(
            "decorator-bare",
            "public code, index 'ping_pong' cross_origin()",
            "app = view_app(cross_origin())",
            usual(path="/predict"),
        ),
        Config(
            "decorator-supports-credentials",
            "corydolphin/flask-cors tests (SupportsCredentialsCase)",
            "app = view_app(cross_origin(supports_credentials=True))",
            (*usual(path="/predict"), get("null", "/predict")),
            NULL_ORIGIN,
        ),
        Config(
            "decorator-regex-lan",
            "public code, index 'cross_origin(origins=[r\"http://192.1'",
            "app = view_app(cross_origin(origins=[r'http://192\\.168\\.\\d+\\.\\d+:\\d+']))",
            (
                *usual("http://192.168.1.10:8080", "/predict"),
                get("http://192.168.1.10:8080.evil.example", "/predict"),
            ),
            REGEX_WHOLE,
        ),
        # max_age, expose_headers, methods as a string.
        Config(
            "core-import",
            "public code, index 'class CorsFilter' (guniflask: "
            "from flask_cors.core import DEFAULT_OPTIONS)",
            "from flask_cors.core import parse_resources, serialize_options, DEFAULT_OPTIONS\n"
            "app = make_app()\nCORS(app, resources={r'/api/*': dict(DEFAULT_OPTIONS, "
            "origins=['http://localhost:3000'])})",
            usual(),
        ),
        Config(
            "decorator-star-methods-headers",
            "public code, index 11686731877",
            "app = view_app(cross_origin(origins=['*'], methods=['POST', 'OPTIONS'], "
            "allow_headers=['Content-Type', 'Authorization']))",
            (*usual(path="/predict"), preflight(DEV, "/predict", headers="authorization")),
        ),
        Config(
            "decorator-custom-token-header",
            "public code, index 6075357967",
            "app = view_app(cross_origin(origins=['*'], allow_headers=["
            "'firebase-instance-id-token', 'content-type', 'authorization']))",
            (
                *usual(path="/predict"),
                preflight(DEV, "/predict", headers="firebase-instance-id-token"),
                preflight(DEV, "/predict", headers="x-other"),
            ),
        ),
        Config(
            "decorator-config-origin-get",
            "public code, index 16060398427",
            "app = Flask(__name__)\napp.config['UUID_UI_URL'] = 'http://localhost:3000'\n"
            "app.add_url_rule('/predict', 'view', "
            "cross_origin(origins=[app.config['UUID_UI_URL']], "
            "methods=['GET'])(lambda: 'ok'), methods=['GET', 'POST'])",
            (*usual(path="/predict"), preflight(DEV, "/predict", method="GET", headers="")),
        ),
        Config(
            "decorator-origins-list",
            "public code, index 16601802427",
            "app = view_app(cross_origin(origins=['http://127.0.0.1:5173', "
            "'http://localhost:5173']))",
            (*usual("http://localhost:5173", "/predict"), get("http://127.0.0.1:5173", "/predict")),
        ),
        Config(
            "decorator-origins-credentials",
            "public code, index 67184838622",
            "app = view_app(cross_origin(origins=['http://localhost:3000'], "
            "supports_credentials=True))",
            usual(path="/predict"),
        ),
        # max_age, methods, and header lists as strings.
        Config(
            "max-age",
            "public code, index 37462483368",
            "app = make_app()\nCORS(app, max_age=3600)",
            usual(path="/predict"),
        ),
        Config(
            "max-age-expose-no-vary",
            "public code, index 42522950849",
            "app = make_app()\nCORS(app, max_age=24 * 60 * 60, vary_header=False, "
            "expose_headers=['Location'])",
            usual(),
        ),
        Config(
            "max-age-credentials",
            "public code, index 44203206618",
            "app = make_app()\nCORS(app, max_age=3600, supports_credentials=True)",
            (*usual(), get("null")),
            NULL_ORIGIN,
        ),
        Config(
            "allow-headers-comma-string",
            "public code, index 45309811504 (eucaby_api)",
            "import flask_cors\napp = make_app()\n"
            "flask_cors.CORS(app, allow_headers='Content-Type,Authorization')",
            (*usual(), preflight(DEV, headers="content-type,authorization")),
            COMMA_HEADERS,
        ),
        Config(
            "allow-headers-comma-space-string",
            "public code, index 2848244662",
            "app = make_app()\ncors = CORS(app, allow_headers='Content-Type, Origin, Accept')",
            (*usual(), preflight(DEV, headers="accept")),
            COMMA_HEADERS,
        ),
        Config(
            "resources-string-allow-headers-string",
            "public code, index 157335961",
            "app = make_app()\ncors = CORS(app, resources=r'/api/*', "
            "allow_headers='Content-Type,Auth-Token')",
            (*usual(), preflight(DEV, headers="auth-token")),
            COMMA_HEADERS,
        ),
        Config(
            "allow-expose-star",
            "public code, index 11892272670",
            "app = make_app()\nCORS(app, resources={r'/*': {'origins': '*'}}, allow_headers='*', "
            "expose_headers='*')",
            (*usual(), preflight(DEV, headers="role,token")),
        ),
        Config(
            "methods-del-typo-credentials",
            "public code, index 12087434534",
            "app = make_app()\nCORS(app, methods=['GET', 'PUT', 'DEL', 'POST'], "
            "supports_credentials=True)",
            (*usual(), preflight(DEV, method="DELETE"), preflight(DEV, method="PUT")),
        ),
        Config(
            "methods-delete-only",
            "public code, index 164420881",
            "app = make_app()\nCORS(app, methods=['DELETE'])",
            (*usual(), preflight(DEV, method="DELETE", headers="")),
        ),
        Config(
            "methods-with-resources",
            "public code, index 17175650010",
            "app = make_app()\nCORS(app, methods=['GET', 'POST', 'PUT', 'DELETE'], "
            "resources={r'/api/*': {'origins': '*'}})",
            (*usual(), preflight(DEV, method="PATCH")),
        ),
        Config(
            "methods-headers-lists",
            "public code, index 9555609254",
            "app = make_app()\nCORS(app, methods=['GET', 'POST', 'OPTIONS', 'DELETE', 'PATCH'], "
            "allow_headers=['Content-Type', 'Authorization'])",
            (*usual(), preflight(DEV, method="PUT"), preflight(DEV, headers="x-other")),
        ),
    ]
    return rows


CONFIGS = _configs()
