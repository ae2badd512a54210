"""A messy HSDS export resembling a real city's, generated rather than written by hand.

Real exports mix time notations (``09:00``, ``9am``, ``5:00pm``, ``17.30``), leave the
scheme off web addresses, leave child ids empty or repeat them, point services at
organisations that are not in the export, and (HSDS 2.0) number their rows instead of
using UUIDs. :func:`write_export` writes such a CSV package, row by row (memory stays
flat however large), and returns what it put in, so tests can check what an import
should do with it. The same ``seed`` always gives the same files.

python -m bench.hsds_messy DIRECTORY --services 10000 --version 2.0
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

COMMUNES = ("Talca", "Curicó", "Linares", "Valparaíso", "Temuco", "Concepción", "Arica")
UNMATCHED = ("Springfield", "Villa Esperanza Norte")
WORDS = ("apoyo", "empleo", "vivienda", "capacitación", "salud", "familia", "subsidio", "taller")
_NAMESPACE = uuid.UUID("0e9c5b1a-7a51-4d1e-9d7e-2b3f8c6a4e10")


@dataclass
class ExportFacts:
    """What a generated export holds, for tests to compare an import against."""

    services: int = 0
    organizations: int = 0
    dangling: int = 0  # services whose organisation is not in the export
    ambiguous: int = 0  # services with an opening time that has two readings
    repairs: Counter[str] = field(default_factory=Counter)
    files: list[str] = field(default_factory=list)


def _uuid(kind: str, n: int) -> str:
    return str(uuid.uuid5(_NAMESPACE, f"{kind}:{n}"))


class _Writer:
    """Opens one CSV per table lazily and writes rows as they come."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.files: dict[str, Any] = {}
        self.writers: dict[str, csv.DictWriter[str]] = {}

    def row(self, name: str, header: list[str], values: dict[str, Any]) -> None:
        if name not in self.writers:
            handle = (self.directory / name).open("w", encoding="utf-8", newline="")
            self.files[name] = handle
            self.writers[name] = csv.DictWriter(handle, header, lineterminator="\n")
            self.writers[name].writeheader()
        self.writers[name].writerow({k: "" if v is None else v for k, v in values.items()})

    def close(self) -> list[str]:
        for handle in self.files.values():
            handle.close()
        return sorted(self.files)


def _time(rng: random.Random, hour: int, facts: ExportFacts) -> str:
    """An opening time in one of the notations real exports use."""
    pick = rng.random()
    if pick < 0.55:
        return f"{hour:02d}:00"
    if pick < 0.75:
        facts.repairs["12-hour time"] += 1
        twelve = hour % 12 or 12
        return f"{twelve}:00{'pm' if hour >= 12 else 'am'}"
    if pick < 0.85:
        facts.repairs["12-hour time"] += 1
        return f"{hour % 12 or 12}{'PM' if hour >= 12 else 'AM'}"
    facts.repairs["time written with a dot or h"] += 1
    return f"{hour:02d}.30"


def write_export(
    directory: Path,
    services: int,
    *,
    version: str = "3.0",
    seed: int = 7,
    messy: bool = True,
) -> ExportFacts:
    """Write a CSV package of ``services`` services (HSDS ``3.0`` or ``2.0``)."""
    directory.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    old = version.startswith("2")
    facts = ExportFacts(services=services)
    out = _Writer(directory)
    org_count = max(1, services // 4)
    facts.organizations = org_count

    def ident(kind: str, n: int) -> str:
        return str(n) if old else _uuid(kind, n)

    org_header = [
        "id",
        "name",
        "alternate_name",
        "description",
        "email",
        "url" if old else "website",
    ]
    loc_header = ["id", "organization_id", "name", "description"] + (
        [] if old else ["location_type"]
    )
    addr_header = [
        "id",
        "location_id",
        "address_1",
        "city",
        "state_province",
        "postal_code",
        "country",
    ]
    if not old:
        addr_header.append("address_type")
    for n in range(1, org_count + 1):
        website = f"www.org{n}.cl" if messy and n % 3 == 0 else f"https://org{n}.cl"
        if website.startswith("www"):
            facts.repairs["web address without a scheme"] += 1
        out.row(
            "organizations.csv",
            org_header,
            {
                "id": ident("org", n),
                "name": f"Organización {rng.choice(WORDS)} {n}",
                "alternate_name": "",
                "description": f"Organización comunitaria número {n}.",
                "email": f"contacto@org{n}.cl",
                "url" if old else "website": website,
            },
        )
        city = rng.choice(UNMATCHED if messy and n % 17 == 0 else COMMUNES)
        location = {
            "id": ident("loc", n),
            "organization_id": ident("org", n),
            "name": f"Sede {n}",
            "description": "",
        }
        if not old:
            location["location_type"] = "physical"
        out.row("locations.csv", loc_header, location)
        address = {
            "id": ident("addr", n),
            "location_id": ident("loc", n),
            "address_1": f"Calle {rng.randint(1, 40)} {rng.randint(10, 2000)}",
            "city": city,
            "state_province": "",
            "postal_code": "",
            "country": "CL",
        }
        if not old:
            address["address_type"] = "physical"
        out.row("physical_addresses.csv" if old else "addresses.csv", addr_header, address)

    svc_header = ["id", "organization_id", "name", "description", "url", "email", "status"]
    sched_header = ["id", "service_id", "freq", "byday", "opens_at", "closes_at"]
    phone_header = ["id", "service_id", "number", "type"]
    lang_header = ["id", "service_id", "language" if old else "name"]
    sal_header = ["id", "service_id", "location_id"]
    child = 0
    for n in range(1, services + 1):
        org = (n - 1) % org_count + 1
        dangling = messy and n % 97 == 0
        facts.dangling += dangling
        url = f"www.servicio{n}.cl" if messy and n % 4 == 0 else f"https://servicio{n}.cl"
        if url.startswith("www"):
            facts.repairs["web address without a scheme"] += 1
        out.row(
            "services.csv",
            svc_header,
            {
                "id": ident("svc", n),
                "organization_id": ident("org", org_count + n if dangling else org),
                "name": f"Programa de {rng.choice(WORDS)} {n}",
                "description": f"Servicio de {rng.choice(WORDS)} y {rng.choice(WORDS)}.",
                "url": url,
                "email": "",
                "status": "active",
            },
        )
        out.row(
            "services_at_location.csv" if old else "service_at_location.csv",
            sal_header,
            {
                "id": ident("sal", n),
                "service_id": ident("svc", n),
                "location_id": ident("loc", org),
            },
        )
        ambiguous = messy and n % 151 == 0 and not dangling
        facts.ambiguous += ambiguous
        for day in ("MO", "WE"):
            child += 1
            opens = "9" if ambiguous and day == "MO" else _time(rng, rng.choice((8, 9, 10)), facts)
            closes = _time(rng, rng.choice((13, 17, 18)), facts)
            out.row(
                "schedules.csv",
                sched_header,
                {
                    "id": ident("sched", child),
                    "service_id": ident("svc", n),
                    "freq": "WEEKLY",
                    "byday": day,
                    "opens_at": opens,
                    "closes_at": closes,
                },
            )
        phone_id = "" if messy and n % 5 == 0 else ident("phone", n)
        if messy and n % 7 == 0 and n > 7:
            phone_id = ident("phone", n - 1)  # repeated id, different number
        out.row(
            "phones.csv",
            phone_header,
            {
                "id": phone_id,
                "service_id": ident("svc", n),
                "number": f"+56 71 2{n:06d}"[:16],
                "type": "voice",
            },
        )
        out.row(
            "languages.csv",
            lang_header,
            {
                "id": "" if messy and n % 3 == 0 else ident("lang", n),
                "service_id": ident("svc", n),
                "language" if old else "name": "Spanish",
            },
        )
    facts.files = out.close()
    package = {"name": "city_export", "profile": "tabular-data-package", "version": version}
    (directory / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")
    return facts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.hsds_messy", description=__doc__)
    parser.add_argument("directory", type=Path)
    parser.add_argument("--services", type=int, default=1000)
    parser.add_argument("--version", default="3.0", choices=["3.0", "2.0"])
    parser.add_argument("--clean", action="store_true", help="no messy values")
    args = parser.parse_args(argv)
    facts = write_export(args.directory, args.services, version=args.version, messy=not args.clean)
    print(facts)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
