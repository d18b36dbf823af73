"""Names and persons: normalisation for matching (domain.md §4) and how a person is shown.

How a name is shown is decided here, once: ``Naam`` (one person, in full or short) and ``Namen`` (the persons of a
melding or casus in a line). Both are the text they show (a ``str``, so the CLI, exports and reports print them as
before) and carry the parts it was made from, with an ``onbekend`` flag: the TUI masks a name from its parts
(``initialen``) and never parses the text back."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from functools import lru_cache

from anyascii import anyascii

_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


def normalise(text: str | None) -> str:
    """Fold case, diacritics (é→e), ``ij``/``y``, spaces and punctuation: 'Van der Wijk-Özdemir' → 'vanderwykozdemir'."""
    if not text:
        return ""
    folded = anyascii(text).casefold()
    folded = _NOT_ALNUM.sub("", folded)
    return folded.replace("ij", "y")


_WORDS = re.compile(r"[a-z0-9]+")

TUSSENVOEGSEL_WORDS = ("van", "de", "den", "der", "het", "te", "ten", "ter")
"""The words taken off the front of a surname. Their column does not matter (the tussenvoegsel and the
achternaam are read as one name): they are split off so that an abbreviation can be compared with them."""
_PREFIXES = sorted({normalise(w) for w in TUSSENVOEGSEL_WORDS}, key=len, reverse=True)  # the longest first

_FORMS = {"v": ("van",), "d": ("de", "den", "der")}
"""The abbreviations of domain.md §4: ``v.`` = van; after it (or after 'van') ``d.`` = de, den or der (so
``v.d.``, ``vd`` and ``van d.`` are van de, van den and van der, never ``de`` alone)."""


def _words(text: str | None) -> list[str]:
    if not text:
        return []
    return _WORDS.findall(anyascii(text).casefold())


_ABBREVIATIONS = ("v", "d", "vd")


def _only_tussenvoegsel(words: list[str]) -> bool:
    """Whether ``words`` are all tussenvoegsel: full words ('van', 'den', also glued: 'vanden') or the
    abbreviations v, d and vd."""
    for word in words:
        if word in _ABBREVIATIONS:
            continue
        rest = word
        while rest:
            full = next((w for w in _PREFIXES if rest.startswith(w)), None)
            if full is None:
                return False
            rest = rest[len(full) :]
    return bool(words)


def _surname_first(achternaam: str | None) -> str | None:
    """'Berg, van den' (the surname first, its tussenvoegsel behind a comma, as in an alphabetical list) as
    'van den Berg'. Only when everything behind the comma is tussenvoegsel: 'Jansen, Piet' stays as written."""
    if not achternaam or "," not in achternaam:
        return achternaam
    head, _, tail = achternaam.partition(",")
    if _words(head) and _only_tussenvoegsel(_words(tail)):
        return f"{tail} {head}"
    return achternaam


@lru_cache(maxsize=65536)
def surname_parts(achternaam: str | None, tussenvoegsel: str | None) -> tuple[tuple[str, ...], str]:
    """(tussenvoegsel words, normalised surname) of a name, wherever its tussenvoegsel was written: 'van der
    Berg' without a tussenvoegsel, 'Berg' with 'van der' and 'Berg, van der' all give (('van', 'der'),
    'berg'); 'Berg' with 'v.d.' or 'vd', 'vd Berg' and 'vdBerg' give (('v', 'd'), 'berg'); 'van d. Berg'
    gives (('van', 'd'), 'berg').

    Spaces are folded (domain.md §4): full words are taken off the front of the name, so 'vandenBerg' is
    'van den Berg', and so is the abbreviation 'vd' ('vdBerg', 'VDBERG' = 'vd Berg'). 'v' and 'd' alone count
    only as words of their own ('v. Berg', 'van d. Berg'; 'Visser' keeps its v, 'Dekker' its d). The surname
    keeps at least one letter."""
    words = _words(tussenvoegsel) + _words(_surname_first(achternaam))
    prefix: list[str] = []
    if words and words[0].startswith("vd") and (len(words) > 1 or len(words[0]) > 2):
        prefix.extend(("v", "d"))
        words[0] = words[0][2:]
        if not words[0]:
            words.pop(0)
    elif len(words) > 1 and words[0] == "v":
        prefix.append(words.pop(0))
        if len(words) > 1 and words[0] == "d":
            prefix.append(words.pop(0))
    elif len(words) > 2 and words[0] == "van" and words[1] == "d":  # 'van d.': van with an abbreviated de(n/r)
        prefix.extend((words.pop(0), words.pop(0)))
    rest = "".join(words).replace("ij", "y")
    stripped = True
    while stripped:
        stripped = False
        for word in _PREFIXES:
            if rest.startswith(word) and len(rest) > len(word):
                prefix.append(word)
                rest = rest[len(word) :]
                stripped = True
                break
    return tuple(prefix), rest


def first_initial(voornamen: str | None) -> str:
    return normalise(voornamen)[:1]


def _tussenvoegsel_class(words: tuple[str, ...]) -> str:
    """What every notation of a tussenvoegsel shares: the first letter of each word ('van der', 'v.d.' and
    'vd' give 'vd'). Notations that share it are told apart by ``tussenvoegsels_match``."""
    return "".join(word[0] for word in words)


def _spellings(words: tuple[str, ...]) -> set[tuple[str, ...]]:
    """Every full form an (abbreviated) tussenvoegsel stands for: ('v', 'd') → van de, van den, van der …"""
    forms: list[tuple[str, ...]] = [()]
    for i, word in enumerate(words):
        options: tuple[str, ...] = (word,)
        if word == "v" or (word == "d" and i > 0 and words[i - 1] in ("v", "van")):
            options = (word, *_FORMS[word])
        forms = [(*form, option) for form in forms for option in options]
    return set(forms)


def tussenvoegsels_match(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Whether two tussenvoegsels (from ``surname_parts``) may be one: equal, or an abbreviation of the other."""
    return a == b or (len(a) == len(b) and bool(_spellings(a) & _spellings(b)))


def same_surname(
    achternaam_a: str | None, tussenvoegsel_a: str | None, achternaam_b: str | None, tussenvoegsel_b: str | None
) -> bool:
    """Whether two (achternaam, tussenvoegsel) pairs name one surname under domain.md §4."""
    prefix_a, core_a = surname_parts(achternaam_a, tussenvoegsel_a)
    prefix_b, core_b = surname_parts(achternaam_b, tussenvoegsel_b)
    return core_a == core_b and tussenvoegsels_match(prefix_a, prefix_b)


def match_key(
    achternaam: str | None, tussenvoegsel: str | None, geboortedatum: date | None, voornamen: str | None
) -> str | None:
    """The key under which rows may be one person when no BSN decides (domain.md §4): surname without its
    tussenvoegsel, the tussenvoegsel's letters, birth date, first initial; None when it cannot decide.
    Rows with one key are one person when their tussenvoegsels match (``same_surname``)."""
    if geboortedatum is None:
        return None
    surname = _surname_key(achternaam, tussenvoegsel)
    if surname is None:
        return None
    return f"{surname}|{geboortedatum.isoformat()}|{_first_initial(voornamen)}"


@lru_cache(maxsize=65536)
def _surname_key(achternaam: str | None, tussenvoegsel: str | None) -> str | None:
    """The surname and tussenvoegsel part of ``match_key`` (cached: an import asks it for every new person,
    and surnames recur); None without a surname."""
    if not normalise(achternaam):
        return None
    prefix, core = surname_parts(achternaam, tussenvoegsel)
    return f"{core}|{_tussenvoegsel_class(prefix)}"


_first_initial = lru_cache(maxsize=65536)(first_initial)


NAME_PARTICLES = frozenset(
    {
        "van",
        "de",
        "der",
        "den",
        "het",
        "ter",
        "ten",
        "te",
        "in",
        "op",
        "'t",
        "v/d",
        "d'",
        "la",
        "le",
        "du",
        "da",
        "di",
        "von",
    }
)
"""Words that stand before a surname (Dutch and foreign tussenvoegsels): never masked as a name in free text."""
_INITIAL_SPLIT = re.compile(r"[\s.]+")


def _initials(part: str | None, *, first_only: bool = False) -> str:
    """'Jan Pieter' → 'J.P.'; 'van den' → 'v.d.'; with ``first_only`` 'Jan Pieter' → 'J.'."""
    words = [w for w in _INITIAL_SPLIT.split(part or "") if w]
    return "".join(f"{w[0]}." for w in words[:1] if first_only) or "".join(f"{w[0]}." for w in words)


class Naam(str):
    """One person's name as shown ('Jan de Vries' in full, 'J. de Vries' short, 'Onbekende persoon' or
    'onbekend' without a name), with its parts. Make one with ``Naam.volledig`` or ``Naam.kort``."""

    voornamen: str | None
    tussenvoegsel: str | None
    achternaam: str | None
    alleen_voorletter: bool
    """Short form: only the first voornaam's initial is shown (and so masked)."""

    def __new__(
        cls,
        tekst: str,
        voornamen: str | None = None,
        tussenvoegsel: str | None = None,
        achternaam: str | None = None,
        alleen_voorletter: bool = False,
    ) -> Naam:
        naam = super().__new__(cls, tekst)
        naam.voornamen, naam.tussenvoegsel, naam.achternaam = voornamen, tussenvoegsel, achternaam
        naam.alleen_voorletter = alleen_voorletter
        return naam

    def __getnewargs__(self) -> tuple[str, str | None, str | None, str | None, bool]:  # type: ignore[override]
        return str(self), self.voornamen, self.tussenvoegsel, self.achternaam, self.alleen_voorletter

    @classmethod
    def volledig(cls, achternaam: str | None, tussenvoegsel: str | None, voornamen: str | None) -> Naam:
        """'Jan Pieter van den Berg'; 'Onbekende persoon' without a name."""
        return cls(display_name(achternaam, tussenvoegsel, voornamen), voornamen, tussenvoegsel, achternaam)

    @classmethod
    def kort(cls, voornamen: str | None, tussenvoegsel: str | None, achternaam: str | None) -> Naam:
        """'J. de Vries'; 'onbekend' without a name."""
        return cls(short_name(voornamen, tussenvoegsel, achternaam), voornamen, tussenvoegsel, achternaam, True)

    @property
    def onbekend(self) -> bool:
        """No part of a name is known (the text is 'Onbekende persoon' or 'onbekend')."""
        return not any(p and p.strip() for p in (self.voornamen, self.tussenvoegsel, self.achternaam))

    @property
    def initialen(self) -> Naam:
        """The name as initials, still with its (now initial) parts: 'Jan Pieter van den Berg' → 'J.P.v.d.B.',
        'J. de Vries' → 'J.d.V.'. A name nobody knows stays as it is."""
        if self.onbekend:
            return self
        parts = (
            _initials(self.voornamen, first_only=self.alleen_voorletter),
            _initials(self.tussenvoegsel),
            _initials(self.achternaam),
        )
        voornamen, tussenvoegsel, achternaam = (p or None for p in parts)
        return Naam("".join(parts), voornamen, tussenvoegsel, achternaam, self.alleen_voorletter)

    @property
    def woorden(self) -> tuple[str, ...]:
        """The words of the voornamen and the achternaam that free text may name: not the tussenvoegsel, nor
        tussenvoegsel words written into the achternaam ('van der Berg' → 'Berg')."""
        words = (w for part in (self.voornamen, self.achternaam) for w in (part or "").split())
        return tuple(w for w in words if w.lower() not in NAME_PARTICLES)


class Namen(str):
    """The persons of a melding or casus in a line ('J. de Vries, M. de Vries'; 'onbekend' without any), with
    each ``Naam``. ``tekst`` overrides the text of an empty line (e.g. '' for an action that names nobody)."""

    namen: tuple[Naam, ...]

    def __new__(cls, namen: Iterable[Naam] = (), tekst: str | None = None) -> Namen:
        namen = tuple(namen)
        line = super().__new__(cls, tekst if tekst is not None else ", ".join(namen) or "onbekend")
        line.namen = namen
        return line

    def __getnewargs__(self) -> tuple[tuple[Naam, ...], str]:  # type: ignore[override]
        return self.namen, str(self)

    @property
    def initialen(self) -> Namen:
        """Every name as initials ('J.d.V., M.d.V.'); an empty line stays as it is."""
        return Namen((n.initialen for n in self.namen), None if self.namen else str(self))


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
