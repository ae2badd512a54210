"""Rule wording moved to :mod:`enlace.web.rule_text` (shared with the coordinator pages)."""

from enlace.web.match_text import VALUE_LABELS
from enlace.web.rule_text import (
    ATTRIBUTE_NAMES,
    BOOLEAN_TEXT,
    SPECIAL,
    StoredRule,
    describe_rule,
    describe_rules,
)

__all__ = [
    "ATTRIBUTE_NAMES",
    "BOOLEAN_TEXT",
    "SPECIAL",
    "VALUE_LABELS",
    "StoredRule",
    "describe_rule",
    "describe_rules",
]
