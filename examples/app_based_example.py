"""
Using the CORS extension on a whole application
===============================================

``CORS(app, resources=...)`` gives each group of paths its own policy:

* ``/api/*`` may be called from https://app.example.com and from any
  subdomain of example.org, with cookies, and the page may read the
  ``X-Total-Count`` header.  Browsers may cache the preflight for 10 minutes.
* ``/public/*`` may be read by any site.
* Every other path gets no CORS headers, so browsers keep it same-origin.

JSON requests are preflighted for their ``Content-Type`` header. The
default ``allow_headers="*"`` allows it, and ``Authorization`` too; narrow
it only to a list of every header your pages send.

Run it with ``flask --app examples/app_based_example run``, or see what it
answers with ``make demo``.
"""

from flask import Flask, jsonify, request

from flask_cors import CORS

USERS = [{"id": 1, "name": "Ada"}, {"id": 2, "name": "Grace"}]


app = Flask("app_based_example")

cors = CORS(
    app,
    resources={
        r"/api/*": {
            "origins": ["https://app.example.com", "https://*.example.org"],
            "supports_credentials": True,
            "expose_headers": ["X-Total-Count"],
            "max_age": 600,
        },
        r"/public/*": {"origins": "*"},
    },
)


@app.route("/")
def hello_world():
    """Not a CORS resource: other sites can't read this page."""
    return "Hello, same-origin world!"


@app.route("/api/v1/users/", methods=["GET", "POST"])
def list_users():
    """Lists users (GET) or adds one from a JSON body (POST)."""
    if request.method == "POST":
        user = {"id": len(USERS) + 1, "name": request.get_json()["name"]}
        USERS.append(user)
        return jsonify(user), 201
    return jsonify(USERS), 200, {"X-Total-Count": str(len(USERS))}


@app.route("/api/v1/users/<int:user_id>", methods=["DELETE"])
def delete_user(user_id):
    """DELETE is not a simple method, so browsers send a preflight first."""
    return "", 204


@app.route("/api/exception")
def get_exception():
    """Errors carry CORS headers too, so the calling page can read them."""
    raise RuntimeError("something broke")


@app.route("/public/status")
def status():
    return jsonify(status="ok")


if __name__ == "__main__":
    app.run(debug=True)
