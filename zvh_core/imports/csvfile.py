"""Reading a contract CSV file (domain.md §4), whatever its contents: meldingen, casussen.

Bytes become text (UTF-8, with or without BOM, else Windows-1252), the delimiter (``;`` or ``,``) is
detected from the header, the header is checked against the contract's columns, and the records come out
with the line of the file where each starts (the header is regel 1), so every problem can be reported as
``regel N, kolom X: reden``. ``RowReader`` turns one record's text into typed values (dates, codes,
gemeente, BSN, the person columns) and collects what is wrong instead of stopping at the first problem.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from operator import itemgetter
from typing import NamedTuple, TypeVar

from zvh_core.config.regio import Regio
from zvh_core.kernel.dates import DATE_FORMATS, parse_date
from zvh_core.kernel.errors import ZvhError
from zvh_core.kernel.person_fields import PERSON_COLUMNS, PersonFields, bsn_problem

EARLIEST_DATE = date(1990, 1, 1)
"""No melding or casus of a Zorg- en Veiligheidshuis is older: an earlier date is a typing error."""
EARLIEST_BIRTH_DATE = date(1900, 1, 1)

HEADER_LINE = 1
DELIMITERS = (";", ",")

_UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_DUTCH_POSTCODE = re.compile(r"([0-9]{4}) ?([A-Za-z]{2})")
_POSTCODE_MAX = 8
_LINE_END = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True, slots=True)
class RowError:
    """One problem in an import file, at the line where its record starts."""

    regel: int
    kolom: str | None
    reden: str

    def __str__(self) -> str:
        if self.kolom is None:
            return f"regel {self.regel}: {self.reden}"
        return f"regel {self.regel}, kolom {self.kolom}: {self.reden}"


class CsvFileError(ZvhError):
    """The file as a whole cannot be read (encoding, header); ``errors`` say why, at regel 1."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__("\n".join(str(e) for e in errors))
        self.errors = errors


# --- bytes → text, delimiter -------------------------------------------------------------------
def decode_text(data: bytes) -> str:
    """The file's text: UTF-8 (a BOM is allowed), else Windows-1252; anything else is a CsvFileError."""
    if b"\x00" in data:  # never in UTF-8 or Windows-1252 text; UTF-16 has one in every ASCII character
        utf16 = data.startswith(_UTF16_BOMS) or b"\x00" in data[:2]
        raise _encoding_error(" (het lijkt UTF-16)" if utf16 else " (het bevat NUL-tekens)")
    if data.startswith(_UTF8_BOM):
        try:
            return data[len(_UTF8_BOM) :].decode("utf-8")
        except UnicodeDecodeError:
            raise _encoding_error(" (het begint als UTF-8 maar bevat ongeldige tekens)") from None
    for encoding in ("utf-8", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            pass
    raise _encoding_error("")


def _encoding_error(hint: str) -> CsvFileError:
    reason = (
        f"het bestand is niet in UTF-8 of Windows-1252 gecodeerd{hint}; "
        "sla het op als 'CSV UTF-8' of 'CSV (gescheiden door puntkomma)'"
    )
    return CsvFileError([RowError(HEADER_LINE, None, reason)])


def detect_delimiter(text: str) -> str:
    """``;`` or ``,``: whichever separates more fields in the header line (``;`` when undecided)."""
    header = _LINE_END.split(text, maxsplit=1)[0]
    counts = dict.fromkeys(DELIMITERS, 0)
    quoted = False
    for char in header:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    return max(DELIMITERS, key=lambda d: counts[d])  # max keeps the first (";") on a tie


# --- header and records ------------------------------------------------------------------------
class Record(NamedTuple):
    """One data record: the line it starts on and its values by column (stripped; '' when absent).
    A named tuple, not a frozen dataclass: made once per row, and a frozen dataclass's __init__ costs
    about as much as the csv module's own reading of the row."""

    line: int
    values: dict[str, str]


class CsvTable:
    """A contract file whose encoding and header are fine; iterate it for its records.

    Problems of a record's form (an unclosed quote, too few fields) are collected in ``errors`` during
    iteration; such records are not yielded.
    """

    def __init__(self, text: str, delimiter: str, header: list[str], columns: Mapping[str, int]) -> None:
        self._text = text
        self.delimiter = delimiter
        self.header = header
        self.columns = dict(columns)
        """The contract's columns present in the file, with their position."""
        self.errors: list[RowError] = []
        self.rows_read = 0
        """Records met so far (blank lines not counted), including those with errors."""

    def __iter__(self) -> Iterator[Record]:
        width = len(self.header)
        names = tuple(self.columns)
        positions = tuple(self.columns.values())
        # One C-level pick of the contract's fields per record instead of a lookup per field.
        pick = itemgetter(*positions) if len(positions) > 1 else (lambda fields: (fields[positions[0]],))
        reader = csv.reader(io.StringIO(self._text, newline=""), delimiter=self.delimiter, strict=True)
        next(reader, None)  # the header, checked by open_table
        previous_end = reader.line_num
        while True:  # left only at the end of the file; a csv.Error resumes the loop over the records
            try:
                for fields in reader:
                    start = previous_end + 1
                    previous_end = reader.line_num
                    # A blank line: no field with anything but whitespace (the first field decides most rows).
                    if not (fields and fields[0].strip()) and not "".join(fields).strip():
                        continue
                    self.rows_read += 1
                    if len(fields) != width:
                        surplus = fields[width:]
                        if len(fields) < width or "".join(surplus).strip():
                            self.errors.append(RowError(start, None, _width_reason(len(fields), width)))
                            continue
                    # pick gives one field per name: nothing for a strict zip to find, at a cost per row.
                    yield Record(start, dict(zip(names, map(str.strip, pick(fields)), strict=False)))
                return
            except csv.Error as exc:
                start = previous_end + 1
                previous_end = reader.line_num
                self.rows_read += 1
                self.errors.append(RowError(start, None, _csv_reason(exc)))


def _width_reason(count: int, width: int) -> str:
    reason = f"{count} {'veld' if count == 1 else 'velden'}, terwijl de kopregel er {width} heeft"
    if count > width:
        reason += " (een scheidingsteken in een veld zonder aanhalingstekens?)"
    return reason


def _csv_reason(exc: csv.Error) -> str:
    message = str(exc)
    if "unexpected end of data" in message:
        return "ongeldige CSV: een aanhalingsteken wordt niet gesloten"
    if "expected after" in message:
        return "ongeldige CSV: na een afsluitend aanhalingsteken hoort een scheidingsteken"
    return f"ongeldige CSV ({message})"


def open_table(data: bytes, required: Sequence[str], optional: Sequence[str] = ()) -> CsvTable:
    """Decode ``data`` and check its header; a CsvFileError lists every problem at regel 1."""
    text = decode_text(data)
    delimiter = detect_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = [name.strip() for name in next(reader, [])]
    if not any(header):
        raise CsvFileError([RowError(HEADER_LINE, None, "het bestand is leeg: de kopregel ontbreekt")])
    errors: list[RowError] = []
    counts = Counter(name for name in header if name)
    for name, count in counts.items():
        if count > 1:
            errors.append(RowError(HEADER_LINE, name, f"kolom staat {count} keer in de kopregel"))
    by_folded = {name.casefold(): name for name in header if name}
    for name in required:
        if name not in counts:
            reason = "verplichte kolom ontbreekt in de kopregel"
            similar = by_folded.get(name.casefold())
            if similar:
                reason += f" (wel '{similar}'; schrijf de kolomnaam precies zo: '{name}')"
            errors.append(RowError(HEADER_LINE, name, reason))
    if errors:
        raise CsvFileError(errors)
    wanted = (*required, *optional)
    columns = {name: header.index(name) for name in wanted if name in counts}
    return CsvTable(text, delimiter, header, columns)


# --- typed values --------------------------------------------------------------------------------
_T = TypeVar("_T")
_person_texts = itemgetter(*PERSON_COLUMNS)
_NO_VALUES = ("",) * len(PERSON_COLUMNS)
"""The default of each person column a file leaves out (``map(values.get, PERSON_COLUMNS, _NO_VALUES)``)."""


class RowReader:
    """Typed access to one record's values; every problem is added to ``errors``, the value is None."""

    __slots__ = ("error_columns", "errors", "record")

    def __init__(self, record: Record) -> None:
        self.record = record
        self.errors: list[RowError] = []
        self.error_columns: set[str] = set()

    @property
    def line(self) -> int:
        return self.record.line

    def error(self, column: str, reason: str) -> None:
        self.errors.append(RowError(self.record.line, column, reason))
        self.error_columns.add(column)

    def once(self, known: dict[str, _T], column: str, check: Callable[..., _T | None], *args: object) -> _T | None:
        """``check(column, *args)`` (a method of this reader) unless ``column``'s text was met before with a
        valid value, which ``known`` (one dict per column and file) then holds: a file repeats its codes,
        gemeenten and dates thousands of times. ``check`` must give None for a missing or invalid value
        (reported again on every row it is on) and the same value for the same text."""
        text = self.record.values.get(column, "")
        value = known.get(text)
        if value is None:
            value = check(column, *args)
            if value is not None:
                known[text] = value
        return value

    def text(self, column: str, *, required: bool = False, max_length: int | None = None) -> str | None:
        value = self.record.values.get(column, "")
        if not value:
            if required:
                self.error(column, "waarde ontbreekt (verplicht)")
            return None
        if max_length is not None and len(value) > max_length:
            self.error(column, f"te lang ({len(value)} tekens, hoogstens {max_length})")
            return None
        return value

    def date(
        self,
        column: str,
        *,
        required: bool = False,
        not_after: date | None = None,
        not_before: date = EARLIEST_DATE,
    ) -> date | None:
        """A date in one of DATE_FORMATS (zvh_core.kernel.dates: the product's one parser), not before
        ``not_before`` (a typing error such as 1800) and not after ``not_after`` (today: a melding or a
        birth of 2099 has not happened yet)."""
        value = self.text(column, required=required)
        if value is None:
            return None
        parsed = parse_date(value)
        if parsed is None:
            self.error(column, f"ongeldige datum '{value}' (verwacht {DATE_FORMATS})")
            return None
        if not_after is not None and parsed > not_after:
            self.error(column, f"datum '{value}' ligt in de toekomst")
            return None
        if parsed < not_before:
            self.error(column, f"datum '{value}' ligt vóór {not_before:%d-%m-%Y}: dat kan niet kloppen")
            return None
        return parsed

    def code(self, column: str, codes: Mapping[str, str]) -> str | None:
        """A code of ``codes`` (case-insensitive), lower-case."""
        value = self.text(column, required=True)
        if value is None:
            return None
        code = value.lower()
        if code in codes:
            return code
        self.error(column, f"onbekende {column} '{value}' (geldig: {', '.join(codes)})")
        return None

    def gemeente(self, column: str, regio: Regio) -> str | None:
        """The regio's own spelling of the gemeente named in ``column``."""
        value = self.text(column, required=True)
        if value is None:
            return None
        name = regio.gemeente_by_name(value)
        if name is None:
            self.error(column, f"onbekende gemeente '{value}' (niet in regio {regio.naam})")
        return name

    def bsn(self, column: str = "bsn") -> str | None:
        value = self.text(column)
        if value is None:
            return None
        problem = bsn_problem(value)
        if problem:
            self.error(column, f"ongeldig BSN '{value}' ({problem})")
            return None
        return value

    def postcode(self, column: str = "postcode") -> str | None:
        """A Dutch postcode written as '6041 AB'; another (foreign) one as given, up to 8 characters."""
        value = self.text(column)
        if value is None:
            return None
        if m := _DUTCH_POSTCODE.fullmatch(value):
            return f"{m.group(1)} {m.group(2).upper()}"
        if len(value) > _POSTCODE_MAX:
            self.error(column, f"ongeldige postcode '{value}' (hoogstens {_POSTCODE_MAX} tekens)")
            return None
        return value

    def person(self, today: datetime.date, known: dict[tuple[str, ...], PersonFields] | None = None) -> PersonFields:
        """The person columns; a birth date may not lie after ``today``. ``known``: the valid persons read
        so far from this file, by their values as written (a person recurs in a file: checked once)."""
        raw: tuple[str, ...] = ()
        if known is not None:
            try:
                raw = _person_texts(self.record.values)
            except KeyError:  # the file leaves a person column out
                raw = tuple(map(self.record.values.get, PERSON_COLUMNS, _NO_VALUES))
        if known is not None and (found := known.get(raw)) is not None:
            return found
        errors_before = len(self.errors)
        person = PersonFields(
            achternaam=self.text("achternaam"),
            tussenvoegsel=self.text("tussenvoegsel"),
            voornamen=self.text("voornamen"),
            geboortedatum=self.date("geboortedatum", not_after=today, not_before=EARLIEST_BIRTH_DATE),
            bsn=self.bsn(),
            adres=self.text("adres"),
            postcode=self.postcode(),
            woonplaats=self.text("woonplaats"),
        )
        if known is not None and len(self.errors) == errors_before:
            known[raw] = person
        return person
