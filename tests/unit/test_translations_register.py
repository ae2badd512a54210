"""The Spanish register: staff, coordinator, administrator and provider pages speak
"usted"; the public directory (search, results, offer pages, my list, self-check, report a
problem) speaks "tú", consistently. A "tú" form outside the public directory's messages
fails here."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.pofile import read_po

PO = Path(__file__).parents[2] / "src/enlace/translations/es/LC_MESSAGES/messages.po"

#: Words only "tú" uses (possessives, verb forms), and imperatives that open a sentence.
_TU = re.compile(
    r"(?i:\b(tu|tus|contigo|puedes|quieres|tienes|necesitas|estás|eres|vives|escribiste|cerraste|"
    r"olvidaste|perdiste|inténtalo|cuéntanos|escribas|enviarte|te)\b)|"
    r"(^|[.:;¿¡]\s*)(Elige|Ingresa|Revisa|Escribe|Vuelve|Busca|Encuentra|Pide|Usa|Quita|"
    r"Cambia|Agrega|Guarda|Responde|Mira|Deja|Crea|Espera|Recarga|Entrega|Confírmalo)\b"
)
#: Messages shown only on the public directory pages, which speak "tú".
PUBLIC_DIRECTORY = {
    "%(count)s offer may suit you",
    "Answer a few questions and see the offers that may fit you, with why. Everything is "
    "optional. Your answers are not saved, not sent to anyone and not kept in your browser.",
    "Choose what is wrong.",
    "Commune where you live",
    "Do you have a valid identity card?",
    "Do you have children?",
    "Enlace: find support for your next step",
    "Find support for your next step",
    "For example the right phone number or the new address. Please do not write your name "
    "or anyone else’s.",
    "Leave this field empty",
    "No offer has all your words",
    "Nothing found. You could:",
    "Offers with some of your words",
    "Only those in your region, %(place)s",
    "Open in your map app",
    "Other offers with some of your words",
    "Region where you live",
    "Search is being prepared. Please try again in a few minutes.",
    "Showing offers available in your region, %(place)s.",
    "Tell us more (optional)",
    "The network coordinators check every report. You do not need an account, and we do "
    "not ask who you are.",
    "This list is kept only in this browser. Print it or save it as PDF to take it with you.",
    "We found nothing for these answers. Choose other areas, or leave some answers empty.",
    "We received many reports from your connection in the last hour. Please try again later.",
    "We received your report",
    "We received your report. A network coordinator will check this offer's information.",
    "We use it only to send you one acknowledgement, and do not keep it with the report.",
    "What are you looking for?",
    "Where it says “Check”, confirm it with the offer before you go. Add the ones you like "
    "to your list to take them with you.",
    "Where would you like help?",
    "Where you live now",
    "Your age",
    "Your e-mail, if you want an acknowledgement (optional)",
    "Your list is empty. Open an offer and choose “Add to my list”.",
    "Your region",
    "Your region: %(name)s",
    "Your work situation",
    "ask at your municipality's social office or your treatment team: they know local offers.",
    "check the spelling, or use fewer or more common words (“trabajo” instead of a "
    "programme's name);",
}


def _messages() -> dict[str, str]:
    with PO.open("rb") as handle:
        catalog = read_po(handle, locale="es")
    found: dict[str, str] = {}
    for message in catalog:
        if not message.id:
            continue
        key = message.id if isinstance(message.id, str) else message.id[0]
        text = message.string if isinstance(message.string, str) else " ".join(message.string)
        found[key] = text
    return found


def test_only_the_public_directory_says_tu() -> None:
    speaking_tu = {key for key, text in _messages().items() if _TU.search(text)}
    assert speaking_tu - PUBLIC_DIRECTORY == set()


def test_the_public_directory_says_tu_throughout() -> None:
    messages = _messages()
    assert {key for key in PUBLIC_DIRECTORY if not _TU.search(messages.get(key, ""))} == set()
