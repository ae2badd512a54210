"""The taxonomy: need domains (level 0) and their finer categories (level 1).

Each term keeps the Open Eligibility ids it corresponds to, for HSDS export and for
mapping directories that use Open Eligibility onto Enlace's need domains on import.
"""

from typing import ClassVar

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel

from enlace.catalogue.base import CatalogueRecord

ENLACE_TAXONOMY = "enlace"


class TaxonomyTerm(CatalogueRecord, SQLModel, table=True):
    __tablename__ = "taxonomy_term"
    change_entity: ClassVar[str] = "taxonomy"

    id: str = Field(primary_key=True, max_length=36)
    code: str = Field(unique=True, index=True, max_length=80)
    taxonomy: str = Field(default=ENLACE_TAXONOMY, max_length=40)
    parent_code: str | None = Field(default=None, max_length=80)
    domain: str = Field(index=True, max_length=20)
    level: int = 0
    position: int = 0
    icon: str | None = Field(default=None, max_length=40)
    name_es: str = Field(max_length=200)
    name_en: str | None = Field(default=None, max_length=200)
    description_es: str = Field(default="")
    description_en: str | None = None
    open_eligibility: list[str] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
