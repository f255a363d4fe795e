"""
Using the cross_origin decorator
================================

``@cross_origin(...)`` goes *below* ``@app.route(...)`` and gives one view
its own CORS policy.  It takes the same options as the ``CORS`` extension
(all but ``resources``), on top of the app's ``CORS_*`` config.

* ``/`` allows every origin, with the defaults.
* ``/api/v1/users/create`` allows one origin to POST JSON: the preflight
  must allow the ``Content-Type`` header.
* ``/api/v1/report`` is an ``async def`` view (needs ``flask[async]``).

Run it with ``flask --app examples/view_based_example run``.
"""

from flask import Flask, jsonify, request

from flask_cors import cross_origin

app = Flask("view_based_example")


@app.route("/", methods=["GET"])
@cross_origin()
def hello_world():
    """Any site may read this."""
    return "Hello, cross-origin-world!"


@app.route("/api/v1/users/create", methods=["GET", "POST"])
@cross_origin(origins="https://app.example.com", allow_headers=["Content-Type"])
def create_user():
    """Only https://app.example.com may call this, with a JSON body."""
    if request.method == "POST":
        return jsonify(created=request.get_json()), 201
    return jsonify(hint="POST a JSON body")


@app.route("/api/v1/report")
@cross_origin(origins=["https://app.example.com"], max_age=3600)
async def report():
    """Async views are decorated the same way."""
    return jsonify(report="ready")


if __name__ == "__main__":
    app.run(debug=True)
