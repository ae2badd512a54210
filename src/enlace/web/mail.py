"""E-mail texts, rendered in the recipient's language and put in the outbox.

Every message is plain text plus simple HTML from ``templates/mail/<name>.txt`` and
``.html``: no images, no tracking pixels, no remote content, and no participant data
(only links). Shared by every audience (update requests now; casework's referral links
and reminders can use :func:`queue_mail` the same way).
"""

from __future__ import annotations

from typing import Any

from flask import render_template
from flask_babel import LazyString, force_locale
from sqlmodel import Session

from enlace.outbox import OutboxMessage, queue_message


def queue_mail(
    session: Session,
    *,
    to: str,
    language: str,
    template: str,
    subject: LazyString,
    purpose: str,
    **context: Any,
) -> OutboxMessage:
    """Render ``mail/<template>`` in ``language`` and store it for the worker to send."""
    language = language if language in ("es", "en") else "es"
    with force_locale(language):
        text = render_template(f"mail/{template}.txt", language=language, **context)
        html = render_template(f"mail/{template}.html", language=language, **context)
        title = str(subject)
    return queue_message(
        session, to=to, language=language, subject=title, text=text, html=html, purpose=purpose
    )
