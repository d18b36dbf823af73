"""Demo procesregie: the casussen of the demo get a working file — goals on the leefgebieden of their thema,
journal entries over the weeks, evaluations, the odd hand-over, coded closing reasons — and one closed casus
is reopened (two periods). Its own random stream, so the rest of the demo is unchanged per seed; the
procesregisseur of a few open casussen is the demo account ``demo-regisseur`` (its "Mijn casussen")."""

from __future__ import annotations

from datetime import date, timedelta
from random import Random

from sqlalchemy import select
from sqlmodel import Session

from zvh_core.casussen.common import ident
from zvh_core.config.regio import Regio
from zvh_core.kernel.models import (
    Casus,
    CasusDoel,
    CasusDoelWijziging,
    CasusEvaluatie,
    CasusJournaal,
    CasusOverdracht,
    CasusPeriode,
)

DEMO_REGISSEUR = "demo-regisseur"
REDEN_CODES = {
    "Doelen bereikt": "doelen_bereikt",
    "Overgedragen aan wijkteam": "overgedragen",
    "Betrokkene verhuisd buiten de regio": "verhuisd",
    "Geen zorgen meer": "doelen_bereikt",
    "Zorg geborgd bij GGZ": "overgedragen",
}
"""The demo's closing texts and the coded reason each stands for (the text stays as the note)."""
DOELEN = {
    "id_bewijs": "ID-kaart aanvragen bij de gemeente",
    "onderdak": "Plek in de maatschappelijke opvang, daarna eigen woonruimte",
    "inkomen_werk": "Uitkering aanvragen; traject naar werk",
    "schulden": "Aanmelden bij schuldhulpverlening",
    "zorg": "Behandeling bij de GGZ hervatten",
    "wonen": "Woonsituatie stabiliseren; huurachterstand regelen",
    "financien": "Budgetbeheer regelen",
    "veiligheid": "Veiligheidsplan met het gezin opstellen",
    "dagbesteding": "Dagbesteding zoeken",
    "justitie": "Afspraken met reclassering nakomen",
    "netwerk": "Netwerkberaad met familie organiseren",
}
FEITEN = (
    "Huisbezoek afgelegd samen met de wijkagent.",
    "Telefonisch contact met betrokkene; afspraak gemaakt.",
    "Casusoverleg met reclassering en wijkteam gehouden.",
    "Betrokkene niet thuis getroffen; brief achtergelaten.",
    "Aanvraag ingediend; wacht op besluit.",
    "Overleg met de huisarts over medicatie.",
)
OORDELEN = (
    "Betrokkene lijkt gemotiveerd.",
    "Zorgen over de veiligheid van de kinderen blijven.",
    "Voortgang beperkt; signalen van terugval.",
    None,
    None,
)
BRONNEN = ("zvh", "politie", "reclassering", "gemeente", "vt")


def fill(session: Session, regio: Regio, casussen: list[Casus], *, today: date, seed: int) -> None:
    """Give each casus its working file (inside the demo's transaction)."""
    rng = Random(seed + 3)
    bronnen = [b for b in BRONNEN if b in regio.partners] or list(regio.partners)
    periods = {p.casus_id: p for p in session.execute(select(CasusPeriode)).scalars()}
    open_ones = [c for c in casussen if c.gesloten is None]
    for c in open_ones[:4]:
        c.procesregisseur = DEMO_REGISSEUR
    reopened = next((c for c in casussen if c.gesloten is not None and c.gesloten < today - timedelta(90)), None)
    for casus in casussen:
        period = periods.get(casus.id)
        if casus.gesloten is not None and casus.reden_sluiting in REDEN_CODES and period is not None:
            period.sluiting_notitie = casus.reden_sluiting
            casus.reden_sluiting = period.reden_sluiting = REDEN_CODES[casus.reden_sluiting]
        end = casus.gesloten or today - timedelta(days=1)
        _plan(session, regio, rng, casus, end, period)
        _journal(session, rng, casus, end, bronnen)
        _evaluations(session, regio, rng, casus, end)
        if rng.random() < 0.25 and (end - casus.geopend).days > 30:
            datum = casus.geopend + timedelta(days=rng.randint(14, (end - casus.geopend).days - 7))
            naar = "demo-regisseur" if casus.procesregisseur != DEMO_REGISSEUR else "M. Jansen"
            session.add(
                CasusOverdracht(
                    casus_id=ident(casus.id), datum=datum, van_regisseur=casus.procesregisseur, naar_regisseur=naar,
                    notitie="Overdracht wegens verlof; gezin is geïnformeerd.", door=casus.procesregisseur,
                )
            )  # fmt: skip
        session.add(casus)
    if reopened is not None and reopened.gesloten is not None:
        again: date = reopened.gesloten + timedelta(days=45)
        session.add(
            CasusPeriode(
                casus_id=ident(reopened.id), van=again, heropend=True, reden_heropenen="Nieuwe melding van de politie",
                geopend_door=reopened.procesregisseur,
            )
        )  # fmt: skip
        session.add(
            CasusJournaal(
                casus_id=ident(reopened.id), datum=again, auteur=reopened.procesregisseur, bron_partner="politie",
                feit="Casus heropend na een nieuwe melding van de politie.",
            )
        )  # fmt: skip
        reopened.gesloten, reopened.reden_sluiting, reopened.heropend_op = None, None, again
        reopened.evaluatie_op = again + timedelta(days=regio.procesregie.evaluatie_interval(reopened.thema))
        session.add(reopened)
    session.flush()


def _plan(session: Session, regio: Regio, rng: Random, casus: Casus, end: date, period: CasusPeriode | None) -> None:
    leefgebieden = list(regio.procesregie.leefgebieden_van(casus.thema))
    rng.shuffle(leefgebieden)
    results = {}
    for leefgebied in leefgebieden[: rng.randint(2, 3)]:
        termijn = casus.geopend + timedelta(days=rng.randint(30, 120))
        status = "bereikt" if casus.gesloten is not None and rng.random() < 0.6 else rng.choice(("bezig", "bereikt"))
        if casus.gesloten is None and termijn > end and rng.random() < 0.5:
            status = "nog_niet_gestart"
        doel = CasusDoel(
            casus_id=ident(casus.id), leefgebied=leefgebied, tekst=DOELEN.get(leefgebied, "Afspraken nakomen"),
            eigenaar=rng.choice(["zvh", *[p for p in ("gemeente", "reclassering") if p in regio.partners]]),
            status="nog_niet_gestart", termijn=termijn,
        )  # fmt: skip
        session.add(doel)
        session.flush()
        _version(session, doel, casus.geopend, "aangemaakt", casus.procesregisseur)
        if status != "nog_niet_gestart":
            doel.status, doel.versie = status, 2
            changed_on = min(end, casus.geopend + timedelta(days=rng.randint(7, 60)))
            _version(session, doel, changed_on, "gewijzigd", casus.procesregisseur)
        if casus.gesloten is not None:
            results[str(doel.id)] = doel.status
            _version(session, doel, casus.gesloten, "sluiting", casus.procesregisseur)
        session.add(doel)
    if period is not None and casus.gesloten is not None:
        period.doel_resultaten = results
        period.samenvatting = "Doelen geëvalueerd bij het sluiten van de casus."
        session.add(period)


def _version(session: Session, doel: CasusDoel, datum: date, wat: str, door: str | None) -> None:
    session.add(
        CasusDoelWijziging(
            doel_id=ident(doel.id), casus_id=doel.casus_id, versie=doel.versie, datum=datum, door=door, wat=wat,
            leefgebied=doel.leefgebied, tekst=doel.tekst, eigenaar=doel.eigenaar, status=doel.status,
            termijn=doel.termijn,
        )
    )  # fmt: skip


def _journal(session: Session, rng: Random, casus: Casus, end: date, bronnen: list[str]) -> None:
    days = max(1, (end - casus.geopend).days)
    for n in sorted(rng.sample(range(days), min(days, rng.randint(2, 5)))):
        session.add(
            CasusJournaal(
                casus_id=ident(casus.id), datum=casus.geopend + timedelta(days=n), auteur=casus.procesregisseur,
                bron_partner=rng.choice(bronnen), feit=rng.choice(FEITEN), oordeel=rng.choice(OORDELEN),
            )
        )  # fmt: skip


def _evaluations(session: Session, regio: Regio, rng: Random, casus: Casus, end: date) -> None:
    interval = regio.procesregie.evaluatie_interval(casus.thema)
    datum = casus.geopend + timedelta(days=interval)
    while datum <= end:
        session.add(
            CasusEvaluatie(
                casus_id=ident(casus.id), datum=datum, door=casus.procesregisseur, volgende_op=datum + timedelta(interval),
                samenvatting=rng.choice(("Loopt volgens plan.", "Doelen bijgesteld.", "Weinig voortgang; extra overleg.")),
            )
        )  # fmt: skip
        datum += timedelta(days=interval)
    casus.evaluatie_op = datum if casus.gesloten is None else None
