"""The person fields of domain.md §4 (one definition for imports, forms and matching), checked; the BSN elfproef."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from operator import attrgetter

from stdnum.nl import bsn as stdnum_bsn

from zvh_core.kernel.names import match_key

PERSON_COLUMNS = (
    "achternaam",
    "tussenvoegsel",
    "voornamen",
    "geboortedatum",
    "bsn",
    "adres",
    "postcode",
    "woonplaats",
)


_person_values = attrgetter(*PERSON_COLUMNS)
"""The person columns of a PersonFields in one C-level call (an import asks for each new person's)."""

_NINE_DIGITS = re.compile(r"[0-9]{9}")


_BSN_SEPARATORS = re.compile(r"[\s.]")


def compact_bsn(value: str) -> str:
    """A BSN as printed on a pass or a letter ("123 456 782", "123.456.782") without its separators. Not
    python-stdnum's ``compact``: it pads eight digits with a zero, and a BSN here has nine (``bsn_problem``)."""
    return _BSN_SEPARATORS.sub("", value)


def bsn_problem(value: str) -> str | None:
    """Why ``value`` is not a BSN (9 digits passing the elfproef), or None when it is one."""
    if not _NINE_DIGITS.fullmatch(value):
        return "verwacht 9 cijfers"
    if stdnum_bsn.checksum(value) != 0:
        return "elfproef klopt niet"
    if value == "000000000":  # passes the elfproef, yet is no number
        return "geen geldig nummer"
    return None


@dataclass(frozen=True, slots=True)
class PersonFields:
    """The person columns of one row, checked; ``key`` is the match key (domain.md §4)."""

    achternaam: str | None = None
    tussenvoegsel: str | None = None
    voornamen: str | None = None
    geboortedatum: date | None = None
    bsn: str | None = None
    adres: str | None = None
    postcode: str | None = None
    woonplaats: str | None = None
    key: str | None = field(init=False, default=None)
    is_unknown: bool = field(init=False, default=False, compare=False, repr=False)
    """No name and no BSN: the row is about an unknown person, who is not stored (worked out once: an
    import asks for every row)."""

    def __post_init__(self) -> None:
        key = match_key(self.achternaam, self.tussenvoegsel, self.geboortedatum, self.voornamen)
        object.__setattr__(self, "key", key)
        object.__setattr__(self, "is_unknown", not self.has_name and not self.bsn)

    @property
    def has_name(self) -> bool:
        return bool(self.achternaam or self.voornamen)

    def values(self) -> dict[str, str | date | None]:
        return dict(zip(PERSON_COLUMNS, _person_values(self), strict=True))
