"""Reading contract CSV files generically: encodings, delimiters, line numbers, dates, BSN, match keys."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zvh_core.imports.csvfile import (
    CsvFileError,
    RowError,
    decode_text,
    detect_delimiter,
    open_table,
)
from zvh_core.kernel.dates import parse_date, parse_user_date
from zvh_core.kernel.names import match_key, normalise
from zvh_core.kernel.person_fields import bsn_problem

QUICK = settings(max_examples=60, deadline=None)


def test_row_error_renders_as_the_contract_says():
    assert str(RowError(12, "gemeente", "onbekende gemeente 'X'")) == "regel 12, kolom gemeente: onbekende gemeente 'X'"
    assert str(RowError(1, None, "het bestand is leeg")) == "regel 1: het bestand is leeg"


@pytest.mark.parametrize(
    ("data", "text"),
    [
        ("café;Zoë".encode(), "café;Zoë"),
        (b"\xef\xbb\xbf" + "café".encode(), "café"),
        ("café €".encode("cp1252"), "café €"),
    ],
    ids=["utf-8", "utf-8-bom", "windows-1252"],
)
def test_decode_accepts_utf8_with_or_without_bom_and_windows_1252(data, text):
    assert decode_text(data) == text


@pytest.mark.parametrize(
    "data", ["a;b".encode("utf-16"), "a;b".encode("utf-16-le"), b"a;\x00b", b"a;\x81", b"\xef\xbb\xbfa;\xe9"]
)
def test_decode_refuses_other_encodings(data):
    with pytest.raises(CsvFileError) as caught:
        decode_text(data)
    [error] = caught.value.errors
    assert error.regel == 1
    assert "niet in UTF-8 of Windows-1252" in error.reden


@pytest.mark.parametrize(
    ("header", "delimiter"),
    [("a;b;c", ";"), ("a,b,c", ","), ('"a,1";b;c', ";"), ('"a;1",b,c', ","), ("a", ";"), ("", ";")],
)
def test_delimiter_is_the_one_separating_the_header(header, delimiter):
    assert detect_delimiter(header + "\n1;2,3\n") == delimiter


def test_columns_in_any_order_and_extra_columns_ignored():
    table = open_table(b"extra;b;a\r\nx;2;1\r\n", required=("a",), optional=("b", "c"))
    assert [(r.line, r.values) for r in table] == [(2, {"b": "2", "a": "1"})]


def test_header_problems_are_all_reported_at_regel_1():
    with pytest.raises(CsvFileError) as caught:
        open_table(b"a;a;x;X\n", required=("a", "b", "x"))
    assert [str(e) for e in caught.value.errors] == [
        "regel 1, kolom a: kolom staat 2 keer in de kopregel",
        "regel 1, kolom b: verplichte kolom ontbreekt in de kopregel",
    ]


def test_a_record_with_too_many_or_too_few_fields_is_reported_and_skipped():
    table = open_table(b"a;b\n1;2;3\n1\n1;2\n", required=("a", "b"))
    assert [r.line for r in table] == [4]
    assert [str(e) for e in table.errors] == [
        "regel 2: 3 velden, terwijl de kopregel er 2 heeft (een scheidingsteken in een veld zonder aanhalingstekens?)",
        "regel 3: 1 veld, terwijl de kopregel er 2 heeft",
    ]
    assert table.rows_read == 3


def test_values_are_stripped_and_trailing_empty_fields_tolerated():
    table = open_table(b"a;b\n  1 ; 2 ;;\n", required=("a", "b"))
    assert [r.values for r in table] == [{"a": "1", "b": "2"}]
    assert table.errors == []


# --- records and line numbers: any content written by a CSV writer comes back, at its line ------
_FIELD_TEXT = st.text(alphabet=st.sampled_from(list("abcéëöß ;,\"'\nÖ€")), max_size=12).map(str.strip)


@QUICK
@given(
    delimiter=st.sampled_from([";", ","]),
    records=st.lists(st.tuples(st.integers(0, 99999), _FIELD_TEXT, _FIELD_TEXT), max_size=8),
)
def test_written_records_read_back_with_the_line_they_start_on(delimiter, records):
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(["id", "tekst", "meer"])
    writer.writerows(records)

    table = open_table(out.getvalue().encode("utf-8"), required=("id", "tekst", "meer"))
    read = [(r.line, r.values) for r in table]

    expected, line = [], 2
    for number, text, more in records:
        expected.append((line, {"id": str(number), "tekst": text, "meer": more}))
        line += 1 + text.count("\n") + more.count("\n")
    assert read == expected
    assert table.errors == []


# --- dates -------------------------------------------------------------------------------------
@QUICK
@given(st.dates(min_value=date(1000, 1, 1)))
def test_dates_round_trip_in_both_formats(day):
    assert parse_date(day.isoformat()) == day
    assert parse_date(day.strftime("%d-%m-%Y")) == day
    assert parse_date(f"{day.day}-{day.month}-{day.year}") == day


@pytest.mark.parametrize(
    "text", ["2023-02-30", "31-02-2024", "29-02-2023", "2024-13-01", "00-01-2024", "2024/01/01", "01.02.2024",
             "20240101", "2024-1-5", "", "gisteren", "1-1-24", "٢٠٢٤-01-01"],
)  # fmt: skip
def test_impossible_or_other_dates_are_refused(text):
    assert parse_date(text) is None


@QUICK
@given(st.dates(min_value=date(1000, 1, 1)), st.sampled_from(["", " ", "  "]))
def test_a_typed_date_and_a_csv_date_are_read_by_the_one_parser(day, spaces):
    """The importer's RowReader and every date a user types (zvh_core.kernel.dates) agree on every date."""
    for written in (day.isoformat(), day.strftime("%d-%m-%Y"), f"{day.day}-{day.month}-{day.year}"):
        assert parse_user_date(f"{spaces}{written}{spaces}") == parse_date(written) == day


@pytest.mark.parametrize("text", ["2023-02-30", "2024-1-5", "1-1-24", "٢٠٢٤-01-01", "gisteren"])
def test_a_typed_date_the_csv_contract_refuses_is_refused_in_dutch(text):
    with pytest.raises(ValueError, match=r"is geen geldige datum \(DD-MM-JJJJ of JJJJ-MM-DD\)"):
        parse_user_date(text)


@QUICK
@given(st.text(max_size=12))
def test_parse_date_never_raises(text):
    result = parse_date(text)
    assert result is None or isinstance(result, date)


# --- BSN -----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("111222333", None),
        ("123456782", None),
        ("123456789", "elfproef klopt niet"),
        ("12345678", "verwacht 9 cijfers"),
        ("1234567820", "verwacht 9 cijfers"),
        ("12345678a", "verwacht 9 cijfers"),
        ("123 456 782", "verwacht 9 cijfers"),
        ("000000000", "geen geldig nummer"),
    ],
)
def test_bsn_needs_nine_digits_passing_the_elfproef(value, problem):
    assert bsn_problem(value) == problem


@QUICK
@given(st.from_regex(r"\d{9}", fullmatch=True))
def test_bsn_check_agrees_with_python_stdnum(value):
    from stdnum.nl import bsn

    assert (bsn_problem(value) is None) == bsn.is_valid(value)


# --- match keys: notation does not matter, the facts do ------------------------------------------
_NAME = st.text(alphabet=st.sampled_from(list("abcdeijklmnorstyéöü -'")), min_size=1, max_size=15)


@QUICK
@given(_NAME)
def test_normalise_is_idempotent_and_ignores_case_and_ij_y(name):
    once = normalise(name)
    assert normalise(once) == once
    assert normalise(name.upper()) == once
    assert normalise(name.replace("y", "ij")) == once


@QUICK
@given(achternaam=_NAME, tussenvoegsel=_NAME, voornamen=_NAME, born=st.dates(min_value=date(1900, 1, 2)))
def test_match_key_ignores_notation_but_not_birth_date(achternaam, tussenvoegsel, voornamen, born):
    key = match_key(achternaam, tussenvoegsel, born, voornamen)
    if key is None:
        assert not normalise(achternaam)
        return
    assert match_key(achternaam.title(), tussenvoegsel.upper(), born, voornamen.capitalize()) == key
    assert match_key(achternaam, tussenvoegsel, born - timedelta(days=1), voornamen) != key
