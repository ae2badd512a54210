"""Schemathesis over /openapi.json, inside the normal pytest run and bounded: a few
generated requests per operation (valid and invalid), against the shipped catalogue,
anonymously and with a staff member's casework API token. Zero 5xx, and every answer conforms to the
document (status, media type, body schema). Coordinators' read operations (the access
query, coverage, agreements, evaluation) run again with a coordinator's network token."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.generation.modes import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from sqlalchemy.engine import Engine
from sqlmodel import select

from enlace.accounts import tokens
from enlace.catalogue.models import Agency
from tests.accounts_factories import app_session, make_user
from tests.conftest import _dispose, _make_app

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
#: Bounds: examples per operation and per mode; no deadline (the machine is shared).
BOUNDED = settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)


#: Operations that must have run: all 13 with valid data; with invalid data, those that
#: have a query or a body to break (a bare string path id cannot be made invalid).
MINIMUM = {GenerationMode.POSITIVE: 13, GenerationMode.NEGATIVE: 7}


@pytest.fixture
def api_app(shipped_engine: Engine, database_url: str, tmp_path: Path) -> Iterator[Flask]:
    app = _make_app(database_url, tmp_path)
    yield app
    _dispose(app)


@pytest.fixture
def api_schema(api_app: Flask) -> Any:
    return schemathesis.openapi.from_wsgi("/openapi.json", api_app)


@pytest.fixture
def bearer(api_app: Flask) -> dict[str, str]:
    """A casework token of a staff member at a centre with agreements."""
    with app_session(api_app) as session:
        centre = session.exec(select(Agency).where(Agency.slug == "ct-aurora-arica")).one()
        user = make_user(session, "staff", agency=centre)
        _, secret = tokens.create_token(
            session, user, "schemathesis", ["read", "casework"], 30, datetime.now().astimezone()
        )
        session.commit()
    return {"Authorization": f"Bearer {secret}"}


#: What a coordinator's token reads (writes are left to tests/functional/api/test_network.py).
COORDINATOR_READS = (
    "networkAccess",
    "networkCoverage",
    "listAgreements",
    "getAgreement",
    "evaluation",
    "evaluationTable",
)


@pytest.fixture
def coordinator_bearer(api_app: Flask) -> dict[str, str]:
    """A network token of the coordinator of the region of a centre with agreements."""
    with app_session(api_app) as session:
        centre = session.exec(select(Agency).where(Agency.slug == "ct-aurora-arica")).one()
        user = make_user(session, "coordinator", region_code=centre.region_code)
        _, secret = tokens.create_token(
            session, user, "schemathesis", ["network"], 30, datetime.now().astimezone()
        )
        session.commit()
    return {"Authorization": f"Bearer {secret}"}


def _run(schema: Any, mode: GenerationMode, headers: dict[str, str] | None) -> int:
    """Every operation, a bounded number of generated requests each; returns how many."""
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()

        @BOUNDED
        @given(case=operation.as_strategy(generation_mode=mode))
        def run(case: Any) -> None:
            case.call_and_validate(headers=headers, checks=CHECKS)

        try:
            run()
        except Unsatisfiable:
            # nothing to break: no parameter or body (GET /hsds/, /api/v1/)
            assert mode is GenerationMode.NEGATIVE, operation.label
            continue
        operations += 1
    return operations


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_anonymous(api_schema: Any, mode: GenerationMode) -> None:
    assert _run(api_schema, mode, None) >= MINIMUM[mode]


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_with_a_token(api_schema: Any, bearer: dict[str, str], mode: GenerationMode) -> None:
    assert _run(api_schema, mode, bearer) >= MINIMUM[mode]


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_with_a_coordinators_token(
    api_schema: Any, coordinator_bearer: dict[str, str], mode: GenerationMode
) -> None:
    reads = api_schema.include(operation_id=list(COORDINATOR_READS))
    # every one runs in both modes (the declared Bearer scheme can be broken too)
    assert _run(reads, mode, coordinator_bearer) == len(COORDINATOR_READS)
