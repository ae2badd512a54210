"""Catalogue stewardship: coordinators keep agencies and offers current inside Enlace.

Services take an explicit ``Session`` and the acting ``User``; they check the region scope,
validate everything before writing, write, and append one audit entry (with the whole
record as it now stands, so any audited version can be restored); the caller commits, so
the change and its audit line share a transaction. Agencies and offers are catalogue
records: each write bumps the catalogue revision, and search, the network and matching
follow it.
"""
