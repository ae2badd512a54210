"""Write an exported dataset to disk: JSON files, the CSV data package, or zips of them.

Files are written byte for byte the same for the same catalogue (sorted keys, fixed
indentation, ``\\n`` line ends, fixed zip timestamps), so exports can be diffed and a
round trip can be checked by comparing bytes.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from enlace.exchange.hsds.serialise import Dataset
from enlace.exchange.hsds.spec import DATASET_KEYS, TABLES
from enlace.exchange.hsds.tabular import write_tables
from enlace.exchange.hsds.values import dumps

_ZIP_TIME = (2000, 1, 1, 0, 0, 0)


def write_json(dataset: Dataset, directory: Path) -> list[Path]:
    """One ``<table>.json`` file per object list (``services.json``...); return the paths."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for key in DATASET_KEYS:
        if key not in dataset:
            continue
        path = directory / TABLES[key].json
        path.write_text(dumps(dataset[key]), encoding="utf-8", newline="")
        written.append(path)
    return written


def write_tabular(dataset: Dataset, directory: Path) -> list[Path]:
    """The CSV data package: HSDS file names, extension columns, ``datapackage.json``."""
    return write_tables(dataset, directory)


def zip_files(paths: list[Path], target: Path) -> Path:
    """Zip ``paths`` flat into ``target`` with fixed timestamps (same bytes every time)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(paths, key=lambda p: p.name):
            info = zipfile.ZipInfo(path.name, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, path.read_bytes())
    return target
