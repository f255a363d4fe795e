"""
Using CORS with blueprints
==========================

Pass a ``Blueprint`` to ``CORS`` instead of an app, and only that
blueprint's routes get CORS headers, wherever it is registered.

* ``/api/v1/users`` (the ``api_v1`` blueprint) may be read by any site.
* ``/public/...`` (the ``public`` blueprint) uses a decorator on one view.
* ``/`` on the app itself gets no CORS headers.

Run it with ``flask --app examples/blueprints_based_example run``.
"""

from flask import Blueprint, Flask, jsonify

from flask_cors import CORS, cross_origin

api_v1 = Blueprint("api_v1", __name__)
CORS(api_v1)  # every route of this blueprint, every origin


@api_v1.route("/users")
def list_users():
    return jsonify(users=["Ada", "Grace"])


public_routes = Blueprint("public", __name__)


@public_routes.route("/status")
@cross_origin(origins="https://status.example.com")
def status():
    return jsonify(status="ok")


app = Flask("blueprints_based_example")
app.register_blueprint(api_v1, url_prefix="/api/v1")
app.register_blueprint(public_routes, url_prefix="/public")


@app.route("/")
def index():
    """Not part of a CORS blueprint: no CORS headers."""
    return "Hello, same-origin world!"


if __name__ == "__main__":
    app.run(debug=True)
