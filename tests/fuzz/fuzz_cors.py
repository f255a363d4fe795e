"""Fuzz flask_cors with atheris (libFuzzer): whole requests through Flask apps.

``make fuzz`` runs it for ``FUZZ_SECONDS`` (300 by default), starting from
the seeds in ``tests/fuzz/corpus/`` and writing new inputs to a temporary
directory only.  By hand::

    .venv/bin/python -m pip install -e '.[fuzz]'
    mkdir -p /tmp/cors-corpus
    .venv/bin/python tests/fuzz/fuzz_cors.py -max_total_time=60 \\
        -dict=tests/fuzz/cors.dict /tmp/cors-corpus tests/fuzz/corpus

Every libFuzzer flag works.  A crash -- an exception escaping the target,
including :class:`cors_fuzz_target.Finding` for a broken rule -- stops the
run with a non-zero status, prints the traceback and writes the input to a
``crash-*`` file, which ``python tests/fuzz/fuzz_cors.py crash-...`` replays.
The input format is described in ``cors_fuzz_target.py``.
"""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports(include=["flask_cors", "cors_fuzz_target"]):
    import cors_fuzz_target


def main() -> None:
    atheris.Setup(sys.argv, cors_fuzz_target.check_request)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
