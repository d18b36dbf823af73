"""The jaarverslag appendix ("Cijfers per gemeente"): per gemeente, and once for the regio, its tables and charts.

What an appendix holds is data (``[bijlagen.*]`` in presets.toml or the regio file): the report tables whose
rows each section shows, and charts with their own figures. Everything is counted by the measures of
domain.md §5, through the same code as the tables (``build_rapport`` and ``maten.count``), so a number in
the appendix is the number in the table:

- a section of gemeente G shows G's rows of each table (its quarters and its Totaal; in a ``gemeenten``
  table its row; in a ``producten`` table its column);
- the regio section shows, per quarter and for the Totaal, the sum over the gemeenten (every casus
  belongs to one gemeente, domain.md §5), and the whole table for ``gemeenten`` and ``producten`` layouts;
- a chart per quarter takes the quarter figures, a chart over the period the Totaal figure (distinct
  casussen, never a sum of quarters), a chart against the year before the same figure over the period one
  year earlier.

Only gemeenten, labels, periods and integers: no appendix can carry a name, BSN or address.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session

from zvh_core.access.rights import Recht, require
from zvh_core.config.rapport_definitie import BijlageDefinitie, Cijfer, RapportError
from zvh_core.config.regio import Regio
from zvh_core.kernel import dates
from zvh_core.reports import maten
from zvh_core.reports.herkomst import Herkomst, herkomst, shortest_retention_years
from zvh_core.reports.periode import Kwartaal, Periode, quarters
from zvh_core.reports.tabel import TOTAAL, Rapport, Rij, build_rapport

FIRST_YEAR = 2000
VORM_UITLEG = {
    "kwartalen": "per kwartaal",
    "periode": "over het hele rapportagejaar (Totaal: een casus telt één keer)",
    "jaren": "het rapportagejaar naast het rapportagejaar ervoor",
    "kwartalen_jaren": "per kwartaal het rapportagejaar naast hetzelfde kwartaal een jaar eerder",
}


@dataclass(frozen=True)
class Tabel:
    """One table of a section: the rows of one report for one gemeente (or the regio)."""

    code: str
    titel: str
    kop: tuple[str, ...]
    """Labels of the row-naming columns."""
    kolommen: tuple[str, ...]
    rijen: tuple[Rij, ...]

    @property
    def header(self) -> tuple[str, ...]:
        return (*self.kop, *self.kolommen)


@dataclass(frozen=True)
class Grafiek:
    """One chart: categories along the axis, and per series one value per category."""

    titel: str
    vorm: str
    categorieen: tuple[str, ...]
    reeksen: tuple[tuple[str, tuple[int, ...]], ...]
    """(name, values per category)."""


@dataclass(frozen=True)
class Sectie:
    naam: str
    """The gemeente, or 'Regio <naam>'."""
    gemeente: str | None
    """None for the regio."""
    tabellen: tuple[Tabel, ...]
    grafieken: tuple[Grafiek, ...]


@dataclass(frozen=True)
class Bijlage:
    code: str
    titel: str
    regio: str
    jaar: int
    periode: Periode
    vorige: Periode
    """The report year before, for the charts that compare."""
    kwartalen: tuple[Kwartaal, ...]
    secties: tuple[Sectie, ...]
    herkomst: Herkomst
    uitleg: tuple[tuple[str, str], ...]
    """(figure label, what it counts) for every figure in the tables and charts, once each."""

    @property
    def periode_tekst(self) -> str:
        return f"Rapportagejaar {self.jaar}: {self.periode.lang}"


def report_year(jaar: int) -> Periode:
    """Report year ``jaar``: Q4 of the year before up to Q3 of ``jaar`` (domain.md §5)."""
    return Periode(date(jaar - 1, 10, 1), date(jaar, 9, 30))


def parse_year(text: str | int, today: date, option: str = "--jaar") -> int:
    """A report year as typed; RapportError naming ``option`` when it is no year or has not begun."""
    raw = str(text).strip()
    if not (raw.isdigit() and len(raw) == 4):
        raise RapportError(f"{option}: '{raw}' is geen jaartal; gebruik vier cijfers, bijvoorbeeld {today.year}.")
    jaar = int(raw)
    periode = report_year(jaar)
    if jaar < FIRST_YEAR:
        raise RapportError(f"{option}: {jaar} ligt voor {FIRST_YEAR}; geef een recenter rapportagejaar.")
    if periode.van > today:
        raise RapportError(
            f"{option}: rapportagejaar {jaar} ({periode.label}) is nog niet begonnen; vandaag is "
            f"{dates.short_date(today)}."
        )
    return jaar


def choose_gemeenten(regio: Regio, names: list[str] | tuple[str, ...], option: str = "--gemeente") -> tuple[str, ...]:
    """The canonical names of ``names`` (case-insensitive); RapportError naming the first unknown one."""
    chosen = []
    for name in names:
        gemeente = regio.gemeente_by_name(name)
        if gemeente is None:
            raise RapportError(
                f"{option}: '{name}' is geen gemeente van {regio.naam}. Kies uit: {', '.join(regio.gemeenten)}."
            )
        if gemeente not in chosen:
            chosen.append(gemeente)
    return tuple(chosen)


def definition(regio: Regio, code: str | None = None) -> BijlageDefinitie:
    bijlagen = regio.alle_bijlagen
    code = code or regio.bijlage
    if code not in bijlagen:
        raise RapportError(f"Onbekende bijlage '{code}'. Kies uit: {', '.join(bijlagen)}.")
    return bijlagen[code]


def _shift_year(periode: Periode) -> Periode:
    def back(day: date) -> date:
        try:
            return day.replace(year=day.year - 1)
        except ValueError:  # 29 February
            return day.replace(year=day.year - 1, day=28)

    return Periode(back(periode.van), back(periode.tot))


def _section_table(rapport: Rapport, gemeente: str | None) -> Tabel:
    """The rows of ``rapport`` for one gemeente, or (None) the regio's."""
    kop = rapport.kop_labels
    if rapport.indeling == "producten":
        if gemeente is None:
            return Tabel(rapport.code, rapport.titel, kop, rapport.kolommen, rapport.rijen)
        column = rapport.gemeenten.index(gemeente)
        rijen = tuple(Rij(r.kop, (r.waarden[column],)) for r in rapport.rijen)
        return Tabel(rapport.code, rapport.titel, kop, (gemeente,), rijen)
    if rapport.indeling == "gemeenten":
        if gemeente is None:
            return Tabel(rapport.code, rapport.titel, kop, rapport.kolommen, rapport.rijen)
        return Tabel(
            rapport.code, rapport.titel, kop, rapport.kolommen, tuple(r for r in rapport.rijen if r.kop[0] == gemeente)
        )
    # kwartalen: the gemeente's quarters and Totaal; for the regio the sums over the gemeenten per quarter.
    if gemeente is not None:
        return Tabel(
            rapport.code, rapport.titel, kop, rapport.kolommen, tuple(r for r in rapport.rijen if r.kop[0] == gemeente)
        )
    summed: list[Rij] = []
    for q, kwartaal in enumerate(rapport.kwartalen):
        values = tuple(
            sum(reeks[g].per_kwartaal[q] for g in range(len(rapport.gemeenten))) for reeks in rapport.reeksen
        )
        summed.append(Rij((rapport.regio, str(kwartaal.jaar), str(kwartaal.nummer)), values))
    summed.append(Rij((rapport.regio, TOTAAL, ""), rapport.rijen[-1].waarden, totaal=True))
    return Tabel(rapport.code, rapport.titel, kop, rapport.kolommen, tuple(summed))


class _Counts:
    """Every chart figure per gemeente for the quarters, the period, the year before and its quarters (one
    query each): ``[*quarters, period, year before, *quarters of the year before]``."""

    def __init__(
        self, session: Session, gemeenten: tuple[str, ...], kwartalen, periode: Periode, vorige: Periode, earlier
    ):
        self.session, self.gemeenten = session, gemeenten
        self.perioden = [*(k.periode for k in kwartalen), periode, vorige, *(k.periode for k in quarters(vorige))]
        self.base = len(kwartalen) + 1
        """This year's quarters and the year itself come first."""
        self.earlier = earlier
        """Keys of the figures a chart compares with the year before; the others are counted over this year
        only (half the rows to read)."""
        self._cache: dict[tuple, dict[str, tuple[int, ...]]] = {}

    @staticmethod
    def key(cijfer: Cijfer) -> tuple:
        return (cijfer.maat, cijfer.soorten, cijfer.thema)

    def of(self, cijfer: Cijfer, gemeente: str | None) -> tuple[int, ...]:
        key = self.key(cijfer)
        perioden = self.perioden if key in self.earlier else self.perioden[: self.base]
        if key not in self._cache:
            self._cache[key] = maten.count(self.session, cijfer, self.gemeenten, perioden)
        counts = self._cache[key]
        zero = (0,) * len(perioden)
        if gemeente is not None:
            return counts.get(gemeente, zero)
        return tuple(sum(values) for values in zip(*(counts.get(g, zero) for g in self.gemeenten), strict=True))


def _chart(definitie, counts: _Counts, gemeente: str | None, naam: str, bijlage_periods) -> Grafiek:
    kwartalen, jaar, vorig_jaar = bijlage_periods
    titel = f"{naam} {definitie.titel}"
    series = [(c.label, counts.of(c, gemeente)) for c in definitie.cijfers]
    n = len(kwartalen)
    if definitie.vorm == "kwartalen":
        return Grafiek(
            titel, definitie.vorm, tuple(k.label for k in kwartalen), tuple((label, v[:n]) for label, v in series)
        )
    if definitie.vorm == "kwartalen_jaren":
        # per quarter of the year (K4, K1, K2, K3) the year before beside this one, for each figure
        earlier = [(label, v[n + 2 : 2 * n + 2]) for label, v in series]
        named = (
            (lambda label, year: f"{label} {year}")
            if len(series) > 1
            else (lambda label, year: f"Rapportagejaar {year}")
        )
        reeksen = []
        for (label, now), (_, before) in zip(series, earlier, strict=True):
            reeksen += [(named(label, vorig_jaar), tuple(before)), (named(label, jaar), tuple(now[:n]))]
        return Grafiek(titel, definitie.vorm, tuple(f"K{k.nummer}" for k in kwartalen), tuple(reeksen))
    labels = tuple(label for label, _ in series)
    if definitie.vorm == "periode":
        return Grafiek(titel, definitie.vorm, labels, ((f"Rapportagejaar {jaar}", tuple(v[n] for _, v in series)),))
    return Grafiek(
        titel,
        definitie.vorm,
        labels,
        (
            (f"Rapportagejaar {vorig_jaar}", tuple(v[n + 1] for _, v in series)),
            (f"Rapportagejaar {jaar}", tuple(v[n] for _, v in series)),
        ),
    )


def build_bijlage(
    session: Session,
    regio: Regio,
    jaar: int,
    gemeenten: tuple[str, ...] = (),
    code: str | None = None,
    today: date | None = None,
) -> Bijlage:
    """The appendix of report year ``jaar``: a section per gemeente (all, or ``gemeenten``), then the regio."""
    require(session, Recht.RAPPORT)
    definitie = definition(regio, code)
    periode = report_year(jaar)
    vorige = _shift_year(periode)
    kwartalen = quarters(periode)
    rapporten = [build_rapport(session, regio, table, periode) for table in definitie.tabellen]
    earlier = {_Counts.key(c) for g in definitie.grafieken if g.vorm in ("jaren", "kwartalen_jaren") for c in g.cijfers}
    counts = _Counts(session, tuple(regio.gemeenten), kwartalen, periode, vorige, earlier)
    chosen = gemeenten or tuple(regio.gemeenten)
    periods = (kwartalen, jaar, jaar - 1)
    secties = []
    for gemeente, naam in [*((g, g) for g in chosen), (None, f"Regio {regio.naam}")]:
        secties.append(
            Sectie(
                naam=naam,
                gemeente=gemeente,
                tabellen=tuple(_section_table(r, gemeente) for r in rapporten),
                grafieken=tuple(_chart(g, counts, gemeente, naam, periods) for g in definitie.grafieken),
            )
        )
    uitleg: dict[str, str] = {}
    for rapport in rapporten:
        uitleg.update(zip(rapport.cijfers, rapport.uitleg, strict=True))
    for grafiek in definitie.grafieken:
        for cijfer in grafiek.cijfers:
            uitleg.setdefault(cijfer.label, cijfer.uitleg)
    return Bijlage(
        code=definitie.code,
        titel=definitie.titel,
        regio=regio.naam,
        jaar=jaar,
        periode=periode,
        vorige=vorige,
        kwartalen=kwartalen,
        secties=tuple(secties),
        herkomst=herkomst(session, periode, shortest_retention_years(regio), today),
        uitleg=tuple(uitleg.items()),
    )
