"""Small, explicit test data written straight through the models."""

from __future__ import annotations

from datetime import date
from itertools import count

from zvh_core.kernel.models import Casus, CasusPeriode, CasusPersoon, Melding, MeldingPersoon, Persoon
from zvh_core.kernel.names import match_key

_ids = count(1)


def add_persoon(session, achternaam="Jansen", voornamen="Piet", geboortedatum=date(1980, 1, 1), **extra) -> Persoon:
    p = Persoon(
        achternaam=achternaam,
        voornamen=voornamen,
        geboortedatum=geboortedatum,
        match_sleutel=match_key(achternaam, extra.get("tussenvoegsel"), geboortedatum, voornamen),
        **extra,
    )
    session.add(p)
    session.flush()
    return p


def add_melding(
    session, *, soort="overlast", datum=date(2026, 11, 20), gemeente="Roermond", personen=(), **extra
) -> Melding:
    m = Melding(
        bron=extra.pop("bron", "politie"),
        extern_id=extra.pop("extern_id", f"2026-{next(_ids):06d}"),
        soort=soort,
        datum=datum,
        gemeente=gemeente,
        omschrijving=extra.pop("omschrijving", f"Melding {soort}"),
        **extra,
    )
    session.add(m)
    session.flush()
    for p in personen:
        session.add(MeldingPersoon(melding_id=m.id, persoon_id=p.id))
    session.flush()
    return m


def add_casus(
    session, *, thema="screening", gemeente="Roermond", geopend=date(2026, 1, 15), gesloten=None, personen=(), **extra
) -> Casus:
    c = Casus(thema=thema, gemeente=gemeente, geopend=geopend, gesloten=gesloten, **extra)
    session.add(c)
    session.flush()
    session.add(CasusPeriode(casus_id=c.id, van=geopend, tot=gesloten))  # its one period (domain.md §5)
    for p in personen:
        session.add(CasusPersoon(casus_id=c.id, persoon_id=p.id))
    session.flush()
    return c
