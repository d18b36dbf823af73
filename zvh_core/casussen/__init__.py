"""Casussen (procesregie): cases the ZVH coordinates, opened by a triage decision or an aanmelding; their
persons, meldingen, actions, closing and reopening."""
