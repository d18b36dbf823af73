"""Names and persons: normalisation for matching (domain.md §4) and how a person is shown."""

from __future__ import annotations

import re
from datetime import date

from anyascii import anyascii

_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


def normalise(text: str | None) -> str:
    """Fold case, diacritics (é→e), ``ij``/``y``, spaces and punctuation: 'Van der Wijk-Özdemir' → 'vanderwykozdemir'."""
    if not text:
        return ""
    folded = anyascii(text).casefold()
    folded = _NOT_ALNUM.sub("", folded)
    return folded.replace("ij", "y")


def first_initial(voornamen: str | None) -> str:
    return normalise(voornamen)[:1]


def match_key(
    achternaam: str | None, tussenvoegsel: str | None, geboortedatum: date | None, voornamen: str | None
) -> str | None:
    """The key that makes two rows one person when no BSN decides; None when it cannot decide."""
    if not normalise(achternaam) or geboortedatum is None:
        return None
    return "|".join(
        (normalise(achternaam), normalise(tussenvoegsel), geboortedatum.isoformat(), first_initial(voornamen))
    )


def display_name(achternaam: str | None, tussenvoegsel: str | None, voornamen: str | None) -> str:
    """'Jan Pieter van den Berg'; 'Onbekende persoon' without a name."""
    parts = [p.strip() for p in (voornamen, tussenvoegsel, achternaam) if p and p.strip()]
    return " ".join(parts) if parts else "Onbekende persoon"


def short_name(voornamen: str | None, tussenvoegsel: str | None, achternaam: str | None) -> str:
    """'J. de Vries'; 'onbekend' without a name."""
    initial = f"{voornamen.strip()[0]}. " if voornamen and voornamen.strip() else ""
    surname = " ".join(p for p in (tussenvoegsel, achternaam) if p)
    return f"{initial}{surname}".strip() or "onbekend"


def age_on(geboortedatum: date | None, on: date) -> int | None:
    if geboortedatum is None:
        return None
    years = on.year - geboortedatum.year
    if (on.month, on.day) < (geboortedatum.month, geboortedatum.day):
        years -= 1
    return years
