"""A report: one preset over one period, as a table of plain integers (no names, ever).

Every figure is counted per gemeente for each calendar quarter of the period and for the whole period,
in one query per figure (see ``maten``). The layouts of domain.md §5 are views of those counts:

- ``kwartalen``: rows gemeente × (jaar, kwartaal); then the gemeente's Totaal, the figure over the whole
  period (the union of its quarters), which for casussen and personen is the distinct count, so a casus
  that ran in three quarters counts once; last the regional Totaal, the sum of the gemeenten's Totaal.
- ``gemeenten``: a row per gemeente over the whole period, then Totaal (sum of the gemeenten; a mean or a
  share, such as duur_gesloten or doelen_bereikt, is measured over all the gemeenten together).
- ``producten``: a row per figure, a column per gemeente (whole period) and Totaal (their sum).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from zvh_core.access.rights import Recht, require
from zvh_core.config.rapport_definitie import RapportDefinitie, RapportError
from zvh_core.config.regio import Regio
from zvh_core.reports import maten
from zvh_core.reports.periode import Kwartaal, Periode, quarters

TOTAAL = "Totaal"
ROW_HEADS = {"kwartalen": ("gemeente", "jaar", "kwartaal"), "gemeenten": ("gemeente",), "producten": ("product",)}
"""The first columns, which name a row, as the CSV heads them (domain.md §5 CSV layout: raw keys)."""
ROW_HEAD_LABELS = {"gemeente": "Gemeente", "jaar": "Jaar", "kwartaal": "Kwartaal", "product": "Product"}
"""The same columns as people read them: in a workbook, a PDF and on the screen (labels, never raw keys)."""


def row_head_label(key: str) -> str:
    return ROW_HEAD_LABELS.get(key, key.capitalize())


@dataclass(frozen=True)
class Rij:
    kop: tuple[str, ...]
    """The cells that name the row, e.g. ('Roermond', '2025', '4') or ('Roermond', 'Totaal', '')."""
    waarden: tuple[int, ...]
    totaal: bool = False


@dataclass(frozen=True)
class Reeks:
    """One figure for one gemeente: its value per quarter and over the whole period."""

    per_kwartaal: tuple[int, ...]
    totaal: int


@dataclass(frozen=True)
class Rapport:
    code: str
    titel: str
    regio: str
    indeling: str
    periode: Periode
    kwartalen: tuple[Kwartaal, ...]
    gemeenten: tuple[str, ...]
    cijfers: tuple[str, ...]
    """The labels of the figures, in the definition's order."""
    uitleg: tuple[str, ...]
    """What each figure counts, in words."""
    reeksen: tuple[tuple[Reeks, ...], ...]
    """[figure][gemeente]."""
    kop: tuple[str, ...]
    kolommen: tuple[str, ...]
    rijen: tuple[Rij, ...]

    @property
    def header(self) -> tuple[str, ...]:
        """The CSV's header row: the row-naming keys (domain.md §5), then the column labels."""
        return (*self.kop, *self.kolommen)

    @property
    def kop_labels(self) -> tuple[str, ...]:
        """The row-naming columns' labels ('Gemeente', 'Jaar', 'Kwartaal'; 'Product')."""
        return tuple(row_head_label(k) for k in self.kop)

    @property
    def header_labels(self) -> tuple[str, ...]:
        """The header row of a workbook: labels only."""
        return (*self.kop_labels, *self.kolommen)


def definition(regio: Regio, code: str) -> RapportDefinitie:
    rapporten = regio.alle_rapporten
    if code not in rapporten:
        raise RapportError(f"Onbekend rapport '{code}'. Kies uit: {', '.join(rapporten)}.")
    return rapporten[code]


def build_rapport(session: Session, regio: Regio, code: str, periode: Periode) -> Rapport:
    """The report ``code`` over ``periode`` for the gemeenten of the regio (counts only, no names)."""
    require(session, Recht.RAPPORT)
    definitie = definition(regio, code)
    kwartalen = quarters(periode)
    gemeenten = tuple(regio.gemeenten)
    perioden = [*(k.periode for k in kwartalen), periode]
    reeksen = []
    regionaal: list[int | None] = []
    for cijfer in definitie.cijfers:
        counts = maten.count(session, cijfer, gemeenten, perioden)
        zero = (0,) * len(perioden)
        reeksen.append(tuple(Reeks(counts.get(g, zero)[:-1], counts.get(g, zero)[-1]) for g in gemeenten))
        # A mean or a share is measured over all gemeenten together, never summed.
        additive = cijfer.maat in maten.ADDITIEF
        regionaal.append(None if additive else maten.regional(session, cijfer, gemeenten, [periode])[0])
    _kop, kolommen, rijen = _layout(definitie, kwartalen, gemeenten, reeksen, regionaal)
    return Rapport(
        code=code,
        titel=definitie.titel,
        regio=regio.naam,
        indeling=definitie.indeling,
        periode=periode,
        kwartalen=kwartalen,
        gemeenten=gemeenten,
        cijfers=tuple(c.label for c in definitie.cijfers),
        uitleg=tuple(c.uitleg for c in definitie.cijfers),
        reeksen=tuple(reeksen),
        kop=ROW_HEADS[definitie.indeling],
        kolommen=kolommen,
        rijen=rijen,
    )


def _layout(
    definitie: RapportDefinitie,
    kwartalen: tuple[Kwartaal, ...],
    gemeenten: tuple[str, ...],
    reeksen: list[tuple[Reeks, ...]],
    regionaal: list[int | None],
) -> tuple[tuple[str, ...], tuple[str, ...], tuple[Rij, ...]]:
    labels = tuple(c.label for c in definitie.cijfers)
    totals = [tuple(r.totaal for r in per_gemeente) for per_gemeente in reeksen]  # [figure][gemeente]
    regional = tuple(sum(t) if r is None else r for t, r in zip(totals, regionaal, strict=True))
    rijen: list[Rij] = []
    if definitie.indeling == "producten":
        for label, per_gemeente, total in zip(labels, totals, regional, strict=False):
            rijen.append(Rij((label,), (*per_gemeente, total)))
        return ROW_HEADS["producten"], (*gemeenten, TOTAAL), tuple(rijen)
    for g, gemeente in enumerate(gemeenten):
        if definitie.indeling == "kwartalen":
            for q, kwartaal in enumerate(kwartalen):
                rijen.append(
                    Rij(
                        (gemeente, str(kwartaal.jaar), str(kwartaal.nummer)),
                        tuple(r[g].per_kwartaal[q] for r in reeksen),
                    )
                )
            rijen.append(Rij((gemeente, TOTAAL, ""), tuple(t[g] for t in totals), totaal=True))
        else:
            rijen.append(Rij((gemeente,), tuple(t[g] for t in totals)))
    blank = ("",) * (len(ROW_HEADS[definitie.indeling]) - 1)
    rijen.append(Rij((TOTAAL, *blank), regional, totaal=True))
    return ROW_HEADS[definitie.indeling], labels, tuple(rijen)
