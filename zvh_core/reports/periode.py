"""Report periods: inclusive date ranges, the calendar quarters inside them, and the report year.

Quarters follow the calendar; a period that does not start or end on a quarter boundary clips its first
or last quarter to the period. The report year ("rapportagejaar", domain.md §5) runs from Q4 of the
previous calendar year to Q3 of the current one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from zvh_core.config.rapport_definitie import RapportError
from zvh_core.kernel import dates

KWARTAAL = "kwartaal"
JAAR = "jaar"
RAPPORTAGEJAAR = "rapportagejaar"
EIGEN = "eigen"
SOORTEN = {KWARTAAL: "Kwartaal", JAAR: "Jaar", RAPPORTAGEJAAR: "Rapportagejaar", EIGEN: "Eigen periode"}
"""The kinds of period a user chooses from, with their Dutch names."""


@dataclass(frozen=True)
class Periode:
    van: date
    tot: date
    """Inclusive."""

    def __post_init__(self) -> None:
        if self.van > self.tot:
            raise RapportError(
                f"De periode klopt niet: {dates.short_date(self.van)} ligt na {dates.short_date(self.tot)}."
            )

    @property
    def label(self) -> str:
        return f"{dates.short_date(self.van)} t/m {dates.short_date(self.tot)}"

    @property
    def lang(self) -> str:
        return f"{_day(self.van)} t/m {_day(self.tot)}"


def _day(day: date) -> str:
    return f"{day.day} {dates.MAANDEN[day.month - 1]} {day.year}"


@dataclass(frozen=True)
class Kwartaal:
    jaar: int
    nummer: int
    periode: Periode
    """The part of the calendar quarter inside the report period."""

    @property
    def label(self) -> str:
        return f"{self.jaar} K{self.nummer}"


def quarter_of(day: date) -> Periode:
    """The calendar quarter containing ``day``."""
    first_month = 3 * ((day.month - 1) // 3) + 1
    start = date(day.year, first_month, 1)
    next_start = date(day.year + 1, 1, 1) if first_month == 10 else date(day.year, first_month + 3, 1)
    return Periode(start, next_start - timedelta(days=1))


def quarters(periode: Periode) -> tuple[Kwartaal, ...]:
    """The calendar quarters that overlap ``periode``, in order, each clipped to it."""
    result = []
    day = periode.van
    while day <= periode.tot:
        whole = quarter_of(day)
        result.append(
            Kwartaal(
                day.year, (day.month - 1) // 3 + 1, Periode(max(whole.van, periode.van), min(whole.tot, periode.tot))
            )
        )
        day = whole.tot + timedelta(days=1)
    return tuple(result)


def year_of(day: date) -> Periode:
    return Periode(date(day.year, 1, 1), date(day.year, 12, 31))


def report_year_of(day: date) -> Periode:
    """The report year (Q4 … Q3) that contains ``day``."""
    end_year = day.year + 1 if day.month >= 10 else day.year
    return Periode(date(end_year - 1, 10, 1), date(end_year, 9, 30))


def current_report_year(today: date) -> Periode:
    """The default of an annual report: Q4 of last year to Q3 of this year (domain.md §5)."""
    return Periode(date(today.year - 1, 10, 1), date(today.year, 9, 30))


def of_kind(kind: str, day: date) -> Periode:
    """The quarter, year or report year containing ``day``."""
    return {KWARTAAL: quarter_of, JAAR: year_of, RAPPORTAGEJAAR: report_year_of}[kind](day)


def shift(kind: str, periode: Periode, steps: int) -> Periode:
    """The quarter, year or report year ``steps`` before (negative) or after ``periode``."""
    months = {KWARTAAL: 3, JAAR: 12, RAPPORTAGEJAAR: 12}[kind] * steps
    index = periode.van.year * 12 + periode.van.month - 1 + months
    return of_kind(kind, date(index // 12, index % 12 + 1, 1))


def parse_iso(text: str, option: str) -> date:
    """A date on the command line, DD-MM-JJJJ or JJJJ-MM-DD (the product's one parser, kernel.dates);
    RapportError naming the option otherwise."""
    try:
        return dates.parse_user_date(text)
    except ValueError:
        raise RapportError(
            f"{option}: '{text.strip()}' is geen geldige datum; gebruik DD-MM-JJJJ of JJJJ-MM-DD, "
            "bijvoorbeeld 01-10-2025."
        ) from None
