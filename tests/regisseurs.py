"""Procesregisseur accounts for tests: the procesregisseur of a casus is an account (domain.md §8), so a test
that names one first makes it. Written straight through the model (no password hashing: these accounts never
log in)."""

from __future__ import annotations

from zvh_core.access.rights import PROCESREGISSEUR
from zvh_core.kernel.models import Gebruiker


def add_regisseurs(store, *names: str) -> dict[str, int]:
    """Active procesregisseur accounts with these names; name → account id."""
    with store.write() as s:
        accounts = [Gebruiker(naam=naam, rol=PROCESREGISSEUR, wachtwoord_hash="-") for naam in names]
        s.add_all(accounts)
        s.flush()
        return {a.naam: a.id for a in accounts}
