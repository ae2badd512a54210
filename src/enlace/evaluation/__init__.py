"""Evaluation: the coordinators' dashboard of referrals, outcomes and unmet needs.

Counts only, never an individual; every number leaves through :mod:`.publish`.
"""
