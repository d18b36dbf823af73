"""What makes a database a ZVH store: the tables it has had since its first schema revision."""

from __future__ import annotations

REQUIRED_TABLES = ("melding", "persoon", "overleg", "bespreking", "besluit")
"""Tables every ZVH store has had since its first schema revision: how a ZVH store is recognised."""
