"""The e-mail outbox: every message Enlace sends, stored in the database in the same
transaction as the change that caused it, then sent by a worker (``enlace outbox send``).

Nothing is lost when the mail server is down: a message stays pending and is retried with
a growing wait, and each attempt is recorded. Messages are plain text plus HTML, in the
recipient's language, with no tracking pixels and no participant data (only links).
This package knows nothing of Flask: the web layer renders the texts
(:mod:`enlace.web.mail`), :func:`queue_message` stores them.
"""

from enlace.outbox.models import OutboxAttempt, OutboxMessage
from enlace.outbox.queue import queue_message

__all__ = ["OutboxAttempt", "OutboxMessage", "queue_message"]
