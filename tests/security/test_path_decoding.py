"""CVE-2024-6844 class: path confusion between what is matched and what is served.

flask-cors 5.0.1 passed ``request.path`` through ``unquote_plus`` before
matching resources: ``/files/public+notes`` was matched as
``/files/public notes``, and ``/files/public%2520notes`` (a file literally
named ``public%20notes``) was decoded a second time into the same.  Each of
those different URLs then got the policy of another path.  Resources are
matched against ``request.path`` as Werkzeug decoded it, once.

The app below shares one file publicly and keeps every other file
readable by its own front end only.

Dot segments are the other half of the class: a browser resolves ``/../``
before it sends a URL, but not ``%2F..%2F``, and Werkzeug decodes that to
``/files/public/../private/secret.txt``.  That path matches the public
subtree's resource, while ``send_from_directory`` and the static route serve
``private/secret.txt``.  A path with ``.``, ``..`` or empty segments is
matched as the path it resolves to, and gets no policy when that is another
resource's path.
"""

from __future__ import annotations

import pytest
from flask import Blueprint, Flask, send_from_directory

from flask_cors import CORS
from flask_cors.resources import ResourceMap, resolve_dot_segments

ACAO = "Access-Control-Allow-Origin"
FRONTEND = "https://files.example.com"
ATTACKER = "https://attacker.example"

RESOURCES = {
    "/files/public notes": {"origins": "*"},
    "/files/*": {"origins": [FRONTEND]},
}


@pytest.fixture
def allow_origin(make_app, actual):
    """The Access-Control-Allow-Origin answered to ``origin`` for ``url``."""
    app = make_app("/files/<name>", route_methods=("GET",), resources=RESOURCES)

    def answer(url: str, origin: str = ATTACKER):
        response = actual(app, url, origin=origin)
        assert response.status_code == 200
        return response.headers.get(ACAO)

    return answer


def test_encoded_space_gets_the_policy_of_the_path_with_the_space(allow_origin):
    assert allow_origin("/files/public%20notes") == "*"


@pytest.mark.parametrize(
    "url",
    [
        "/files/public+notes",  # "+" is a plus in a path, never a space
        "/files/public%2Bnotes",  # an encoded plus is still a plus
        "/files/public%2520notes",  # decoded once: "public%20notes"
        "/files/public%252520notes",
    ],
)
def test_other_file_does_not_get_the_public_policy(url, allow_origin):
    assert allow_origin(url) is None


@pytest.mark.parametrize("url", ["/files/public+notes", "/files/public%2520notes"])
def test_other_file_keeps_its_own_policy(url, allow_origin):
    assert allow_origin(url, origin=FRONTEND) == FRONTEND


@pytest.mark.parametrize(
    "path", ["/files/public+notes", "/files/public%20notes", "/files/public%2Bnotes"]
)
def test_resource_map_does_not_decode_paths(path):
    resource_map = ResourceMap(RESOURCES, (), "test")
    assert resource_map.match(path) is resource_map.match("/files/other")


def test_resource_map_matches_the_decoded_space_literally():
    resource_map = ResourceMap(RESOURCES, (), "test")
    public = resource_map.match("/files/public notes")
    assert public is not None and public is not resource_map.match("/files/other")


# --- dot segments ------------------------------------------------------------------

PUBLIC_POLICY = {"origins": "*"}
SHARED = {"/files/public/*": PUBLIC_POLICY, "/files/*": {"origins": [FRONTEND]}}
TRAVERSALS = [
    "/files/public%2F..%2Fprivate%2Fsecret.txt",
    "/files/public/%2e%2e/private/secret.txt",
    "/files/public%2F%2E%2E%2Fprivate%2Fsecret.txt",
    "/files/public%2F.%2F..%2Fprivate%2Fsecret.txt",
    "/files/public%2F%2F..%2Fprivate%2Fsecret.txt",  # posixpath drops "//" before ".."
]


@pytest.fixture
def files(tmp_path):
    (tmp_path / "public").mkdir()
    (tmp_path / "private").mkdir()
    (tmp_path / "public" / "notes.txt").write_text("public notes")
    (tmp_path / "private" / "secret.txt").write_text("the secret")
    return tmp_path


def fetch(app: Flask, url: str, origin: str = ATTACKER):
    """(status, body, Access-Control-Allow-Origin) of a GET; the file is closed."""
    with app.test_client().get(url, headers={"Origin": origin}) as response:
        return response.status_code, response.get_data(), response.headers.get(ACAO)


def file_app(files, resources) -> Flask:
    app = Flask(__name__, static_folder=str(files), static_url_path="/static")

    @app.route("/files/<path:name>")
    def serve(name):
        return send_from_directory(files, name)

    CORS(app, resources=resources)
    return app


@pytest.mark.parametrize("url", TRAVERSALS)
def test_traversal_to_a_private_file_does_not_get_the_public_policy(url, files):
    # Flask serves the private file: the policy must not be the public one.
    assert fetch(file_app(files, SHARED), url) == (200, b"the secret", None)


@pytest.mark.parametrize("url", TRAVERSALS)
def test_traversal_preflight_is_not_answered_with_the_public_policy(url, files):
    response = (
        file_app(files, SHARED)
        .test_client()
        .options(url, headers={"Origin": ATTACKER, "Access-Control-Request-Method": "GET"})
    )
    assert ACAO not in response.headers


@pytest.mark.parametrize("url", [u.replace("/files/", "/static/") for u in TRAVERSALS])
def test_traversal_through_the_static_route_does_not_get_the_public_policy(url, files):
    resources = {"/static/public/*": PUBLIC_POLICY, "/static/*": {"origins": [FRONTEND]}}
    assert fetch(file_app(files, resources), url) == (200, b"the secret", None)


def test_traversal_into_a_blueprint_subtree_gets_no_policy(files):
    app = Flask(__name__)
    bp = Blueprint("docs", __name__, url_prefix="/docs")

    @bp.route("/<path:name>")
    def serve(name):
        return send_from_directory(files, name)

    CORS(bp, resources={"/docs/public/*": PUBLIC_POLICY, "/docs/*": {"origins": [FRONTEND]}})
    app.register_blueprint(bp)
    CORS(app, resources={"/*": {"origins": "*"}})
    # Neither the blueprint's public policy, nor the app's.
    url = "/docs/public%2F..%2Fprivate%2Fsecret.txt"
    assert fetch(app, url) == (200, b"the secret", None)
    assert fetch(app, "/docs/public/notes.txt") == (200, b"public notes", "*")


def test_cross_origin_write_through_a_traversal_is_screened(files):
    app = Flask(__name__)

    @app.route("/files/<path:name>", methods=["POST"])
    def upload(name):
        return "stored " + name

    CORS(
        app,
        resources={"/files/public/*": PUBLIC_POLICY, "/files/*": {"origins": [FRONTEND]}},
        cross_origin_protection=True,
    )
    response = app.test_client().post(
        "/files/public%2F..%2Fprivate%2Fsecret.txt", headers={"Origin": ATTACKER}
    )
    assert response.status_code == 403


@pytest.mark.parametrize(
    "url",
    [
        "/files/public%2F.%2Fnotes.txt",
        "/files/public%2Fx%2F..%2Fnotes.txt",
        "/files/public//notes.txt",
    ],
)
def test_dot_segments_within_the_same_resource_keep_its_policy(url, files):
    assert fetch(file_app(files, SHARED), url) == (200, b"public notes", "*")


def test_a_dot_in_a_file_name_is_not_a_dot_segment(files):
    (files / "public" / ".hidden").write_text("dotfile")
    assert fetch(file_app(files, SHARED), "/files/public/.hidden") == (200, b"dotfile", "*")


@pytest.mark.parametrize(
    "path, resolved",
    [
        ("/a/b/../c", "/a/c"),
        ("/a/./b", "/a/b"),
        ("/a//../b", "/b"),
        ("/../../a", "/a"),
        ("/a/b/..", "/a/"),
        ("/a/.", "/a/"),
        ("/a/b/", "/a/b/"),
        ("/a\\..\\b", "/a\\..\\b"),  # a backslash is not a separator
        ("/.well-known/x", "/.well-known/x"),
        ("/", "/"),
    ],
)
def test_dot_segments_resolve_as_safe_join_resolves_them(path, resolved):
    assert resolve_dot_segments(path) == resolved
