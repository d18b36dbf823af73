from datetime import date

import pytest

from zvh_core.kernel.names import age_on, display_name, match_key, normalise


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Özdemir", "ozdemir"),
        ("van den Berg", "vandenberg"),
        ("Van Den  BERG", "vandenberg"),
        ("Wijk", "wyk"),
        ("Wyk", "wyk"),
        ("d'Hondt", "dhondt"),
        ("Jean-Luc", "jeanluc"),
        ("Müller", "muller"),
        ("", ""),
        (None, ""),
    ],
)
def test_normalise_folds_case_diacritics_ij_spaces_and_punctuation(raw, expected):
    assert normalise(raw) == expected


def test_match_key_needs_a_surname_and_birth_date():
    assert match_key("Berg", "van den", None, "Jan") is None
    assert match_key(None, None, date(1980, 1, 1), "Jan") is None


def test_match_key_ignores_notation_differences():
    a = match_key("Wijk-Özdemir", "van der", date(1980, 5, 1), "Ayşe Maria")
    b = match_key("wyk ozdemir", "Van Der", date(1980, 5, 1), "A.")
    assert a == b
    assert a != match_key("Wijk-Özdemir", "van der", date(1980, 5, 2), "Ayşe")
    assert a != match_key("Wijk-Özdemir", "van der", date(1980, 5, 1), "Bert")


def test_display_name_and_age():
    assert display_name("Berg", "van den", "Jan") == "Jan van den Berg"
    assert display_name(None, None, None) == "Onbekende persoon"
    assert age_on(date(1990, 6, 15), date(2026, 6, 14)) == 35
    assert age_on(date(1990, 6, 15), date(2026, 6, 15)) == 36
    assert age_on(None, date(2026, 1, 1)) is None
