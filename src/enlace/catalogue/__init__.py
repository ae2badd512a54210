"""The catalogue: agencies, offers and the reference data they use.

Importing the package attaches the revision hooks to the project's session class
(:mod:`enlace.catalogue.revision`), so every catalogue write bumps the revision.
"""

from enlace.catalogue import revision as revision
