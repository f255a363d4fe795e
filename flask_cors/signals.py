"""Signals sent for every cross-origin request a policy decides.

Connect to them to count or log refused origins::

    from flask_cors.signals import cors_refused

    @cors_refused.connect_via(app)
    def count_refusal(sender, origin, decision, **extra):
        metrics.increment("cors.refused", tags={"reason": decision.code})

Receivers get the app as sender, and ``origin``, ``path`` and ``decision``
(a :class:`~flask_cors.policy.Decision`) as keyword arguments.  Nothing is
sent, and nothing is spent, while no receiver is connected.
"""

from __future__ import annotations

from blinker import Namespace

__all__ = ["cors_allowed", "cors_refused"]

_signals = Namespace()

#: Sent when a policy allows a request that has an ``Origin`` header.
cors_allowed = _signals.signal("cors-allowed")
#: Sent when a policy refuses a request that has an ``Origin`` header.
cors_refused = _signals.signal("cors-refused")
