"""CVE-2024-6844 class: ``+``/space and double percent-decoding confusion.

flask-cors 5.0.1 passed ``request.path`` through ``unquote_plus`` before
matching resources: ``/files/public+notes`` was matched as
``/files/public notes``, and ``/files/public%2520notes`` (a file literally
named ``public%20notes``) was decoded a second time into the same.  Each of
those different URLs then got the policy of another path.  Resources are
matched against ``request.path`` as Werkzeug decoded it, once.

The app below shares one file publicly and keeps every other file
readable by its own front end only.
"""

from __future__ import annotations

import pytest

from flask_cors.resources import ResourceMap

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
