"""Errors the agreement services raise, each carrying what the page needs to answer."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask_babel import LazyString


class AgreementError(Exception):
    """Base of every refusal of the agreement services; nothing has been written."""


class AgreementNotFoundError(AgreementError):
    """No agreement with that id or slug (the page answers 404)."""


class AgreementForbiddenError(AgreementError):
    """The person may not read or change this agreement (the page answers 403)."""


class AgreementInvalidError(AgreementError):
    """The input breaks a rule: ``errors`` maps each form field to its messages.

    Field names are the :class:`~enlace.network.agreements.AgreementDraft` fields; a party's
    fields are ``parties-<n>-<field>`` (WTForms' FieldList naming), so a page can put each
    message next to its field and keep what was typed.
    """

    def __init__(self, errors: Mapping[str, list[LazyString | str]]) -> None:
        self.errors: dict[str, list[LazyString | str]] = {k: list(v) for k, v in errors.items()}
        super().__init__("; ".join(f"{k}: {', '.join(map(str, v))}" for k, v in errors.items()))


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One field that differs between two versions of an agreement.

    ``agency_id`` names the party for a party's fields (``role``, ``contact_*``) and for
    ``party`` itself (a party added: ``before`` None; removed: ``after`` None). Values are
    codes and ISO dates, as stored; the page labels them.
    """

    field: str
    before: Any
    after: Any
    agency_id: str | None = None


class ChangedMeanwhileError(AgreementError):
    """Someone saved the agreement after the editor loaded it: nothing was written.

    ``changes`` is what changed between the version the editor loaded and the current one,
    field by field; ``changed_by`` who saved in between (as the audit log names them);
    ``draft`` is the editor's own input, to show again.
    """

    def __init__(
        self,
        agreement_id: str,
        loaded_version: int,
        current_version: int,
        changes: tuple[FieldChange, ...],
        changed_by: tuple[str, ...],
        draft: Any,
    ) -> None:
        self.agreement_id = agreement_id
        self.loaded_version = loaded_version
        self.current_version = current_version
        self.changes = changes
        self.changed_by = changed_by
        self.draft = draft
        super().__init__(
            f"agreement {agreement_id} changed meanwhile "
            f"(version {loaded_version} -> {current_version})"
        )
