"""An app whose views set ``Vary`` themselves, to check the merge on the wire."""

from flask import Flask, Response, session

from flask_cors import CORS

ALLOWED = "https://app.example.com"

app = Flask("wire_app")
app.secret_key = "server-suite-only"
CORS(app, origins=[ALLOWED])


@app.route("/vary/accept-encoding")
def vary_accept_encoding() -> Response:
    return Response("negotiated", headers={"Vary": "Accept-Encoding"})


@app.route("/vary/origin")
def vary_origin() -> Response:
    return Response("already varies by origin", headers={"Vary": "origin"})


@app.route("/vary/cookie")
def vary_cookie() -> str:
    # Touching the session makes Flask add ``Vary: Cookie`` after the hooks.
    session["visits"] = session.get("visits", 0) + 1
    return "session"
