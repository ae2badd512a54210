"""Casework: participants, assessments, plans, referrals and follow-ups.

Importing the package attaches the evaluation facts' hooks to the project's session class
(:mod:`enlace.casework.facts`), so every casework write keeps the dashboard's facts current.
"""

from enlace.casework import facts as facts
