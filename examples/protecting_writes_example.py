"""
Protecting writes with the CORS allow-list
==========================================

CORS only stops other websites from *reading* answers.  With
``cross_origin_protection=True``, a form or ``fetch()`` on a website that
``origins`` does not list cannot *change* anything either: its POST, PUT,
PATCH or DELETE is answered with 403 before any hook or view runs.

* ``/api/notes`` (GET, POST): the front end on https://app.example.com may
  read and add notes, with the user's cookie; other websites may do neither.
* ``/hooks/ping`` (POST): a webhook any website may call, because its
  resource turns the protection off.
* ``curl -X POST -d text=hi http://127.0.0.1:5000/api/notes`` works: a
  request without ``Origin`` or ``Sec-Fetch-Site`` is not from a browser.

Run it with ``flask --app examples/protecting_writes_example run``, then try
``flask --app examples/protecting_writes_example cors check /api/notes
--origin https://evil.example --method POST``.
"""

from flask import Flask, jsonify, request

from flask_cors import CORS

app = Flask("protecting_writes_example")
CORS(
    app,
    origins=["https://app.example.com"],
    supports_credentials=True,
    cross_origin_protection=True,
    resources={
        "/hooks/*": {
            "origins": "*",
            "supports_credentials": False,
            "cross_origin_protection": False,
        },
        "/api/*": {},
    },
)

notes: list[str] = []


@app.route("/api/notes", methods=["GET", "POST"])
def api_notes():
    """The notes; POST ``text`` to add one."""
    if request.method == "POST":
        notes.append(request.form.get("text", ""))
        return jsonify(notes=notes), 201
    return jsonify(notes=notes)


@app.route("/hooks/ping", methods=["POST"])
def ping():
    """Any website may call this."""
    return "pong"
