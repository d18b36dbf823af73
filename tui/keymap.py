"""One registry of user actions per screen: it feeds the key bindings, the footer, the help
screen (F1) and the command palette, so the three never disagree."""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding

MAX_PARTNER_KEYS = 9
BEKENDHEID_GROUP = Binding.Group("Bekendheid", compact=True)


@dataclass(frozen=True)
class ActionSpec:
    id: str
    keys: str
    """Comma-separated Textual key names; the first is shown."""
    action: str
    label: str
    """Short Dutch label for the footer and the palette."""
    help: str
    """What it does, for the help screen, tooltips and the palette."""
    show: bool = True
    palette: bool = True
    group: Binding.Group | None = None
    priority: bool = False

    def binding(self) -> Binding:
        return Binding(
            self.keys,
            self.action,
            self.label,
            show=self.show,
            tooltip=self.help,
            id=self.id,
            group=self.group,
            priority=self.priority,
        )


GLOBAL = [
    ActionSpec(
        "app.help",
        "f1",
        "help",
        "Help",
        "Toon alle toetsen van dit scherm met uitleg (ook in zoeken en dossier).",
        priority=True,
    ),
    ActionSpec(
        "app.help_key",
        "question_mark",
        "help",
        "Help",
        "Help, als er geen tekstveld actief is (zoals F1).",
        show=False,
        palette=False,
    ),
    ActionSpec("app.quit", "ctrl+q", "quit", "Afsluiten", "Sluit de app; alles is al opgeslagen.", show=False),
    ActionSpec(
        "app.privacy",
        "f2",
        "toggle_privacy",
        "Privacy",
        "Privacymodus voor schermdelen aan/uit: namen als initialen, leeftijd i.p.v. geboortedatum, "
        "geen adressen, BSN's of notities van partners.",
        priority=True,
    ),
    ActionSpec(
        "app.lookup",
        "ctrl+f",
        "lookup",
        "Zoeken",
        "Zoek een persoon op naam, geboortedatum, BSN, postcode of meldingnummer; ook midden in een overleg.",
        priority=True,
    ),
    ActionSpec(
        "app.lookup_slash",
        "slash",
        "lookup",
        "Zoeken",
        "Zoeken, als er geen tekstveld actief is (zoals Ctrl+F).",
        show=False,
        palette=False,
    ),
]

HOME = [
    ActionSpec("home.open", "enter", "open_selected", "Openen", "Start of hervat het gekozen overleg."),
    ActionSpec(
        "home.other_date",
        "d",
        "start_other_date",
        "Andere datum",
        "Start een overleg van dit type op een andere datum of met andere partners.",
    ),
    ActionSpec(
        "home.refresh", "f5", "refresh", "Vernieuwen", "Lees de overleggen opnieuw uit de database.", show=False
    ),
    ActionSpec(
        "home.casussen",
        "c",
        "casussen",
        "Casussen",
        "Open casussen per thema en procesregisseur; een casus openen, bewerken of sluiten.",
    ),
    ActionSpec(
        "home.acties",
        "a",
        "acties",
        "Acties",
        "Open acties per eigenaar, verlopen acties gemarkeerd; een actie afronden.",
    ),
    ActionSpec(
        "home.wachtend",
        "w",
        "wachtend",
        "Wachtend",
        "Meldingen zonder besluit die op geen agenda staan, oudste eerst: niets raakt zoek.",
    ),
    ActionSpec(
        "home.voorbereiden",
        "p",
        "voorbereiden",
        "Voorbereiden",
        "Ketenpartner: bereid de komende overleggen voor waar uw organisatie wordt verwacht, of volg het lopende.",
    ),
    ActionSpec(
        "home.rapportage",
        "r",
        "rapportage",
        "Rapportage",
        "Kwartaal- en jaarcijfers per gemeente: tabel, grafiek en export.",
    ),
]

AGENDA = [
    ActionSpec("agenda.run", "b", "run", "Bespreken", "Begin of hervat de bespreking bij het huidige agendapunt."),
    ActionSpec(
        "agenda.remove",
        "x,delete",
        "remove",
        "Van agenda",
        "Haal de gekozen melding van de agenda; ze komt terug op het volgende overleg.",
    ),
    ActionSpec("agenda.add", "plus,t", "add", "Toevoegen", "Zet een andere melding op de agenda."),
    ActionSpec(
        "agenda.partners",
        "p",
        "partners",
        "Aanwezig",
        "Wijzig welke partners aanwezig zijn en welke zich hebben afgemeld.",
    ),
    ActionSpec(
        "agenda.geheimhouding",
        "k",
        "geheimhouding",
        "Geheimhouding",
        "Lees de geheimhoudingsverklaring voor en leg vast dat ze is voorgelezen.",
    ),
    ActionSpec(
        "agenda.actie_gedaan",
        "o",
        "review('gedaan')",
        "Gedaan",
        "Actie uit het vorige overleg (bovenste lijst): gedaan.",
    ),
    ActionSpec(
        "agenda.actie_niet_gedaan",
        "n",
        "review('niet_gedaan')",
        "Niet gedaan",
        "Actie uit het vorige overleg: niet gedaan (blijft open).",
    ),
    ActionSpec(
        "agenda.actie_gewijzigd",
        "w",
        "review('omstandigheden_gewijzigd')",
        "Gewijzigd",
        "Actie uit het vorige overleg: omstandigheden gewijzigd (vervalt).",
    ),
    ActionSpec(
        "agenda.actie_wissen",
        "backspace",
        "review(None)",
        "Status wissen",
        "Maak de status van de gekozen actie uit het vorige overleg ongedaan.",
        show=False,
    ),
    ActionSpec("agenda.back", "escape", "back", "Terug", "Terug naar het startscherm."),
]

VOORBEREIDEN = [
    ActionSpec("voorbereiden.open", "enter", "open_selected", "Openen", "Bereid het gekozen overleg voor of volg het."),
    ActionSpec("voorbereiden.back", "escape", "back", "Terug", "Terug naar het startscherm."),
]

PARTNER = [
    ActionSpec("partner.next", "n,down,right", "next", "Volgende", "Naar de volgende melding op de agenda."),
    ActionSpec("partner.previous", "v,up,left", "previous", "Vorige", "Naar de vorige melding op de agenda."),
    ActionSpec(
        "partner.cycle",
        "1,space",
        "cycle",
        "Bekendheid",
        "Uw organisatie: wissel tussen niet nagevraagd, bekend en niet bekend.",
    ),
    ActionSpec("partner.note", "i", "note", "Verrijken", "Uw feit (wat is geregistreerd) en, apart, uw oordeel."),
    ActionSpec("partner.deelt_niet", "d", "deelt_niet", "Deelt niet", "Uw organisatie deelt niet: geef de reden."),
    ActionSpec(
        "partner.follow",
        "l",
        "follow",
        "Volgen",
        "Volg de voorzitter weer: uw scherm toont steeds de melding die nu besproken wordt.",
    ),
    ActionSpec("partner.back", "escape", "back", "Terug", "Terug naar de lijst van overleggen."),
]

RUN = [
    ActionSpec("run.next", "n,right", "next", "Volgende", "Naar de volgende melding op de agenda."),
    ActionSpec("run.previous", "v,left", "previous", "Vorige", "Naar de vorige melding op de agenda."),
    *[
        ActionSpec(
            f"run.bekendheid.{n}",
            str(n),
            f"cycle_bekendheid({n - 1})",
            "Bekendheid",
            f"Partner {n}: wissel tussen niet nagevraagd, bekend en niet bekend.",
            group=BEKENDHEID_GROUP,
            palette=False,
        )
        for n in range(1, MAX_PARTNER_KEYS + 1)
    ],
    ActionSpec(
        "run.note",
        "i",
        "note",
        "Verrijken",
        "Per partner: de feiten (wat is geregistreerd) en, apart, het professionele oordeel.",
    ),
    ActionSpec(
        "run.deelt_niet",
        "d",
        "deelt_niet",
        "Deelt niet",
        "Een partner deelt niet wat hij weet: kies de partner en geef de reden.",
    ),
    ActionSpec(
        "run.confirm_prepared",
        "j",
        "confirm_prepared",
        "Bevestigen",
        "Bevestig het voorbereide antwoord van de gekozen partner (zonder keuze: alle nog niet beoordeelde).",
        show=False,
    ),
    ActionSpec(
        "run.clear_prepared",
        "w",
        "clear_prepared",
        "Wissen",
        "Wis het voorbereide antwoord van de gekozen partner (terug naar niet nagevraagd).",
        show=False,
    ),
    ActionSpec("run.route", "r", "route", "Route", "Kies de route (het besluit) met een toelichting."),
    ActionSpec(
        "run.hold", "h", "hold", "Aanhouden", "Houd de melding aan: ze komt op het volgende overleg van dit type."
    ),
    ActionSpec(
        "run.action", "a", "add_actie", "Actie", "Voeg een vervolgactie toe: eigenaar, omschrijving en termijn."
    ),
    ActionSpec(
        "run.remove_action", "x", "remove_actie", "Actie weg", "Verwijder de laatst toegevoegde actie van deze melding."
    ),
    ActionSpec("run.agenda", "g", "agenda", "Agenda", "Naar de agenda: meldingen toevoegen of van de agenda halen."),
    ActionSpec(
        "run.geheimhouding",
        "k",
        "geheimhouding",
        "Geheimhouding",
        "Lees de geheimhoudingsverklaring voor en leg vast dat ze is voorgelezen.",
        show=False,
    ),
    ActionSpec("run.close", "s", "close_overleg", "Sluiten", "Sluit het overleg en toon de besluitenlijst."),
    ActionSpec(
        "run.home", "escape", "home", "Start", "Terug naar het startscherm; het overleg blijft open en hervat hier."
    ),
]

BESLUITENLIJST = [
    ActionSpec("lijst.export", "e", "export", "Exporteren", "Schrijf de besluitenlijst als Markdown-bestand."),
    ActionSpec(
        "lijst.export_partners",
        "p",
        "export_partners",
        "Per partner",
        "Schrijf per aanwezige partner een eigen lijst: alleen de meldingen naar die partner en zijn acties.",
    ),
    ActionSpec("lijst.back", "escape", "back", "Terug", "Terug naar het startscherm."),
]

CASUSSEN = [
    ActionSpec(
        "casussen.open", "enter", "open_casus", "Openen", "Toon de gekozen casus: personen, meldingen en acties."
    ),
    ActionSpec(
        "casussen.new",
        "n",
        "new_casus",
        "Nieuwe casus",
        "Open een casus zonder melding, bijv. op aanmelding door een ketenpartner.",
    ),
    ActionSpec(
        "casussen.closed",
        "g",
        "toggle_closed",
        "Ook gesloten",
        "Toon ook de gesloten casussen (of weer alleen de open).",
    ),
    ActionSpec(
        "casussen.refresh", "f5", "refresh", "Vernieuwen", "Lees de casussen opnieuw uit de database.", show=False
    ),
    ActionSpec("casussen.back", "escape", "back", "Terug", "Terug naar het startscherm."),
]

CASUS = [
    ActionSpec(
        "casus.add_persoon",
        "p",
        "add_persoon",
        "Persoon +",
        "Zoek een persoon op naam of BSN, of voeg een nieuwe persoon toe.",
    ),
    ActionSpec(
        "casus.add_melding", "m", "add_melding", "Melding +", "Koppel een melding (met haar personen) aan de casus."
    ),
    ActionSpec("casus.remove", "x,delete", "remove", "Eruit", "Haal de gekozen persoon of melding uit de casus."),
    ActionSpec("casus.edit", "e", "edit", "Wijzigen", "Wijzig thema, gemeente of procesregisseur."),
    ActionSpec("casus.actie", "a", "add_actie", "Actie", "Voeg een actie toe: eigenaar, omschrijving en termijn."),
    ActionSpec("casus.close", "s", "close_casus", "Sluiten", "Sluit de casus met een reden."),
    ActionSpec("casus.reopen", "o", "reopen", "Heropenen", "Open een gesloten casus opnieuw."),
    ActionSpec("casus.back", "escape", "back", "Terug", "Terug naar de lijst met casussen."),
]

ACTIES = [
    ActionSpec(
        "acties.complete",
        "enter,d",
        "complete",
        "Afgerond",
        "Markeer de gekozen actie als afgerond: datum en terugkoppeling.",
    ),
    ActionSpec(
        "acties.owner",
        "f",
        "filter_owner",
        "Eigenaar",
        "Toon alleen de acties van één partner, of weer die van iedereen.",
    ),
    ActionSpec("acties.refresh", "f5", "refresh", "Vernieuwen", "Lees de acties opnieuw uit de database.", show=False),
    ActionSpec("acties.back", "escape", "back", "Terug", "Terug naar het startscherm."),
]

WACHTEND = [
    ActionSpec(
        "wachtend.add", "t", "add_to_agenda", "Op agenda", "Zet de gekozen melding op de agenda van een open overleg."
    ),
    ActionSpec("wachtend.refresh", "f5", "refresh", "Vernieuwen", "Lees de lijst opnieuw uit de database.", show=False),
    ActionSpec("wachtend.back", "escape", "back", "Terug", "Terug naar het startscherm."),
]

RAPPORTAGE = [
    ActionSpec(
        "rapportage.kwartaal",
        "k",
        "period('kwartaal')",
        "Kwartaal",
        "Toon één kalenderkwartaal (het kwartaal waarin de huidige periode eindigt).",
    ),
    ActionSpec("rapportage.jaar", "j", "period('jaar')", "Jaar", "Toon een kalenderjaar."),
    ActionSpec(
        "rapportage.rapportagejaar",
        "r",
        "period('rapportagejaar')",
        "Rapportagejaar",
        "Toon een rapportagejaar: Q4 van het vorige jaar t/m Q3 (de jaarcijfers).",
    ),
    ActionSpec(
        "rapportage.eigen",
        "a",
        "custom_period",
        "Eigen periode",
        "Kies zelf de eerste en de laatste dag van de periode.",
    ),
    ActionSpec(
        "rapportage.vorige",
        "left_square_bracket",
        "shift(-1)",
        "Vorige",
        "Het vorige kwartaal, jaar of rapportagejaar.",
    ),
    ActionSpec(
        "rapportage.volgende",
        "right_square_bracket",
        "shift(1)",
        "Volgende",
        "Het volgende kwartaal, jaar of rapportagejaar.",
    ),
    ActionSpec(
        "rapportage.grafiek",
        "g",
        "toggle_chart",
        "Grafiek",
        "Wissel tussen de tabel en de grafiek per kwartaal per gemeente.",
    ),
    ActionSpec("rapportage.cijfer", "c", "next_cijfer", "Cijfer", "Toon het volgende cijfer (kolom) in de grafiek."),
    ActionSpec(
        "rapportage.csv",
        "e",
        "export('csv')",
        "CSV",
        "Schrijf het rapport als CSV-bestand naar de exportmap (rechten 0600).",
    ),
    ActionSpec(
        "rapportage.xlsx",
        "x",
        "export('xlsx')",
        "Excel",
        "Schrijf het rapport als Excel-werkmap naar de exportmap (rechten 0600).",
    ),
    ActionSpec("rapportage.back", "escape", "back", "Terug", "Terug naar het startscherm."),
]

LOOKUP = [
    ActionSpec("lookup.open", "enter", "open_person", "Dossier", "Open het dossier van de gekozen persoon."),
    ActionSpec(
        "lookup.down",
        "down",
        "move(1)",
        "Volgende",
        "Naar de volgende persoon in de lijst.",
        show=False,
        palette=False,
        priority=True,
    ),
    ActionSpec(
        "lookup.up",
        "up",
        "move(-1)",
        "Vorige",
        "Naar de vorige persoon in de lijst.",
        show=False,
        palette=False,
        priority=True,
    ),
    ActionSpec("lookup.close", "escape", "close", "Terug", "Sluit het zoeken; je bent weer waar je was."),
]

DOSSIER = [
    ActionSpec(
        "dossier.merge",
        "m",
        "merge",
        "Samenvoegen",
        "Voeg een mogelijk dubbele persoon samen met deze persoon (met bevestiging; ongedaan te maken).",
    ),
    ActionSpec(
        "dossier.unmerge",
        "u",
        "unmerge",
        "Ongedaan",
        "Maak de laatste samenvoeging in deze persoon ongedaan: de andere persoon komt terug met zijn meldingen.",
    ),
    ActionSpec("dossier.lookup", "slash", "app.lookup", "Zoeken", "Terug naar zoeken, met de laatste zoektekst."),
    ActionSpec(
        "dossier.close",
        "escape",
        "close",
        "Terug",
        "Sluit het dossier; in een overleg ben je weer bij dezelfde melding.",
    ),
]

REGISTRY: dict[str, list[ActionSpec]] = {
    "global": GLOBAL,
    "home": HOME,
    "agenda": AGENDA,
    "voorbereiden": VOORBEREIDEN,
    "partner": PARTNER,
    "run": RUN,
    "besluitenlijst": BESLUITENLIJST,
    "casussen": CASUSSEN,
    "casus": CASUS,
    "acties": ACTIES,
    "wachtend": WACHTEND,
    "rapportage": RAPPORTAGE,
    "lookup": LOOKUP,
    "dossier": DOSSIER,
}


def bindings(scope: str) -> list[Binding]:
    return [spec.binding() for spec in REGISTRY[scope]]


def specs_for(scope: str | None) -> list[ActionSpec]:
    """The actions available on a screen: its own, then the global ones."""
    return [*REGISTRY.get(scope or "", []), *GLOBAL]
