"""What casework services refuse, as exceptions the pages turn into messages or 404s."""

from __future__ import annotations

from collections.abc import Mapping


class CaseworkError(Exception):
    """Base of every refusal below."""


class NotInScopeError(CaseworkError):
    """The record does not exist or the actor may not see it (pages answer 404 either way,
    so nobody learns that another centre's participant exists)."""


class InvalidError(CaseworkError):
    """Bad input, per field: ``errors`` maps a field name to a problem code."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        super().__init__(", ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = dict(errors)


class TransitionError(CaseworkError):
    """A referral cannot move from ``current`` to ``wanted`` (or not by this actor)."""

    def __init__(self, current: str, wanted: str, problem: str) -> None:
        super().__init__(f"cannot move a referral from {current} to {wanted}: {problem}")
        self.current = current
        self.wanted = wanted
        self.problem = problem


class QuotaUsedUpError(CaseworkError):
    """The agreement's last place was taken (perhaps a moment ago, by someone else)."""

    def __init__(self, agreement_id: str) -> None:
        super().__init__(f"the quota of agreement {agreement_id} is used up")
        self.agreement_id = agreement_id


class ConsentRequiredError(CaseworkError):
    """No valid consent (none, expired, revoked, another recipient or purpose)."""

    def __init__(self, problem: str) -> None:
        super().__init__(f"no valid consent: {problem}")
        self.problem = problem


class LinkRefusedError(CaseworkError):
    """A recipient link that is unknown, expired, revoked or rate limited."""

    def __init__(self, problem: str) -> None:
        super().__init__(f"recipient link refused: {problem}")
        self.problem = problem
