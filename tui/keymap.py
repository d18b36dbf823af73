"""One registry of user actions per screen: it feeds the key bindings, the footer, the help
screen (F1) and the command palette, so the three never disagree."""

from __future__ import annotations

from dataclasses import dataclass, replace

from textual.binding import Binding, BindingType

from zvh_core.access.rights import Recht

MAX_PARTNER_KEYS = 9
BEKENDHEID_GROUP = Binding.Group("Bekendheid", compact=True)
NIET_BEKEND_GROUP = Binding.Group("Niet bekend", compact=True)
SHIFTED_DIGITS = (
    "exclamation_mark",
    "at",
    "number_sign",
    "dollar_sign",
    "percent_sign",
    "circumflex_accent",
    "ampersand",
    "asterisk",
    "left_parenthesis",
)
"""Shift+1 … Shift+9 as a (US-international) terminal sends them: ! @ # $ % ^ & * (."""


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
    recht: Recht | None = None
    """The right the action needs: a role without it is not offered the key
    (footer, help, palette); the service refuses it anyway."""
    key_display: str | None = None

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
            key_display=self.key_display,
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
    ActionSpec(
        "app.quit", "ctrl+q", "quit", "Afsluiten", "Sluit de app; alles is al opgeslagen.", show=False, priority=True
    ),
    ActionSpec(
        "app.palette",
        "ctrl+p",
        "command_palette",
        "Opdrachten",
        "Zoek een opdracht van dit scherm op naam en voer haar uit.",
        show=False,
        palette=False,
        priority=True,
    ),
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
    ActionSpec(
        "agenda.run",
        "b",
        "run",
        "Bespreken",
        "Begin bij de eerste melding zonder besluit (urgent eerst), of hervat waar het overleg was; Enter op een melding: begin daar.",
    ),
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
        show=False,  # named in the agenda's summary line
    ),
    ActionSpec(
        "agenda.geheimhouding",
        "k",
        "geheimhouding",
        "Geheimhouding",
        "Lees de geheimhoudingsverklaring voor en leg vast dat ze is voorgelezen.",
        show=False,  # named in the agenda's summary line
    ),
    ActionSpec(
        "agenda.actie_gedaan",
        "o",
        "review('gedaan')",
        "Gedaan",
        "Actie uit het vorige overleg (bovenste lijst): gedaan.",
        show=False,  # named in the review's title line
    ),
    ActionSpec(
        "agenda.actie_niet_gedaan",
        "n",
        "review('niet_gedaan')",
        "Niet gedaan",
        "Actie uit het vorige overleg: niet gedaan (blijft open).",
        show=False,  # named in the review's title line
    ),
    ActionSpec(
        "agenda.actie_gewijzigd",
        "w",
        "review('omstandigheden_gewijzigd')",
        "Gewijzigd",
        "Actie uit het vorige overleg: omstandigheden gewijzigd (vervalt).",
        show=False,  # named in the review's title line
    ),
    ActionSpec(
        "agenda.actie_rest",
        "N",
        "review_rest",
        "Rest niet gedaan",
        "Shift+N: de overige, nog niet nagelopen acties van deze partner in één toets op niet gedaan.",
        show=False,
    ),
    ActionSpec(
        "agenda.actie_notitie",
        "i",
        "review_note",
        "Notitie",
        "Een korte notitie bij de gekozen actie uit het vorige overleg (wat de partner erover zegt; mag leeg).",
        show=False,
    ),
    ActionSpec(
        "agenda.actie_wissen",
        "backspace",
        "review(None)",
        "Status wissen",
        "Maak de status van de gekozen actie uit het vorige overleg ongedaan.",
        show=False,
    ),
    ActionSpec(
        "agenda.undo",
        "ctrl+z",
        "undo",
        "Ongedaan maken",
        "Maak de laatste wijziging in dit overleg ongedaan (ook: een melding van de agenda halen).",
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
    *[
        ActionSpec(
            f"run.niet_bekend.{n}",
            shifted,
            f"niet_bekend({n - 1})",
            "Niet bekend",
            f"Shift+{n}: partner {n} in één toets op niet bekend.",
            show=False,
            palette=False,
            group=NIET_BEKEND_GROUP,
        )
        for n, shifted in enumerate(SHIFTED_DIGITS, start=1)
    ],
    ActionSpec(
        "run.rest_niet_bekend",
        "0",
        "rest_niet_bekend",
        "Rest niet bekend",
        "Alle partners die nog niet zijn nagevraagd op niet bekend.",
        show=False,
    ),
    ActionSpec(
        "run.take_over",
        "o",
        "take_over",
        "Overnemen",
        "Aangehouden of doorverwezen melding: neem over wat elke partner de vorige keer antwoordde.",
        show=False,
    ),
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
        "run.remove_action",
        "x",
        "remove_actie",
        "Actie weg",
        "Verwijder de laatst toegevoegde actie van deze melding.",
        show=False,
    ),
    ActionSpec(
        "run.undo",
        "ctrl+z",
        "undo",
        "Ongedaan maken",
        "Maak uw laatste wijziging in dit overleg ongedaan (bekendheid, verrijking, route, aanhouden, actie); "
        "nog eens Ctrl+Z: de wijziging daarvoor.",
        show=False,
    ),
    ActionSpec(
        "run.agenda",
        "g",
        "agenda",
        "Agenda",
        "Naar de agenda: meldingen toevoegen of van de agenda halen.",
        show=False,
    ),
    ActionSpec(
        "run.toggle_list",
        "l",
        "toggle_list",
        "Lijst",
        "Toon of verberg de agendalijst links (op een smal scherm opgevouwen).",
        show=False,
    ),
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

RUN = [replace(spec, priority=True, key_display=spec.keys.split(",")[0] if "," in spec.keys else None) for spec in RUN]
"""Every run key is a priority binding: it runs while the app dispatches it, in the order typed (the screen
has no text field). So a key that opens a dialog has it on screen before the next key is dispatched, and the
keys typed behind it go into the dialog (tui.screens.dialogs.TypeAhead), never to the melding behind it;
and digits typed before an 'i' are counted before the dialog opens. The footer shows a key's first name ("n",
not "→"), as for other bindings."""

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
        recht=Recht.CASUS_WIJZIGEN,
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
    ActionSpec(
        "casussen.mijn",
        "i",
        "mijn_casussen",
        "Mijn casussen",
        "Uw open casussen: eerst de evaluaties van deze week, met doelen en acties over de termijn.",
    ),
    ActionSpec("casussen.back", "escape", "back", "Terug", "Terug naar het startscherm."),
]

WIJZIGEN = Recht.CASUS_WIJZIGEN

# The footer keeps what a procesregisseur does most, and F1, at 160 columns; the keys of a row (rol, eruit,
# doel wijzigen) are named in their section's title on the screen, and every key is in the help and palette.
CASUS = [
    ActionSpec(
        "casus.add_persoon", "p", "add_persoon", "Persoon +",
        "Zoek een persoon (naam, BSN, geboortedatum, postcode, meldingnummer) of voeg een nieuwe toe.",
        recht=WIJZIGEN,
    ),
    ActionSpec("casus.rol", "r", "set_rol", "Rol", "Zet de rol van de gekozen persoon in het gezinssysteem.",
               recht=WIJZIGEN, show=False),
    ActionSpec(
        "casus.add_melding", "m", "add_melding", "Melding +",
        "Zoek de persoon (zoals Ctrl+F) en koppel een van haar meldingen (met haar personen) aan de casus.",
        recht=WIJZIGEN, show=False,
    ),
    ActionSpec("casus.remove", "x,delete", "remove", "Eruit", "Haal de gekozen persoon of melding uit de casus.",
               recht=WIJZIGEN, show=False),
    ActionSpec("casus.doel", "d", "add_doel", "Doel +", "Voeg een doel toe aan het plan van aanpak (per leefgebied).",
               recht=WIJZIGEN),
    ActionSpec("casus.doel_wijzigen", "w", "edit_doel", "Doel wijzigen",
               "Wijzig tekst, eigenaar, status of termijn van het gekozen doel.", recht=WIJZIGEN,
               show=False),
    ActionSpec("casus.journaal", "j", "add_journaal", "Journaal",
               "Schrijf een aantekening: datum, bron, feit en (apart) oordeel.", recht=WIJZIGEN),
    ActionSpec("casus.evaluatie", "v", "evalueer", "Evaluatie",
               "Leg een evaluatie van het plan vast, met de datum van de volgende.", recht=WIJZIGEN),
    ActionSpec("casus.overdracht", "h", "overdragen", "Overdragen",
               "Draag de casus over aan een andere procesregisseur, met een overdrachtsnotitie.", recht=WIJZIGEN),
    ActionSpec("casus.edit", "e", "edit", "Wijzigen", "Wijzig thema of gemeente; een procesregisseur alleen als er nog geen is (wisselen: h).", recht=WIJZIGEN),
    ActionSpec("casus.geopend", "c", "correct_geopend", "Datum geopend",
               "Corrigeer de datum waarop de casus geopend is (met reden; komt in het journaal).", recht=WIJZIGEN,
               show=False),
    ActionSpec("casus.actie", "a", "add_actie", "Actie", "Voeg een actie toe: eigenaar, omschrijving en termijn.",
               recht=WIJZIGEN),
    ActionSpec("casus.close", "s", "close_casus", "Sluiten",
               "Sluit de casus: reden, resultaat per doel, samenvatting; zegt welke acties nog open staan.",
               recht=WIJZIGEN),
    ActionSpec("casus.resultaat", "u", "correct_resultaat", "Resultaat corrigeren",
               "Corrigeer het resultaat dat een sluiting voor een doel vastlegde (met reden; komt in het journaal).",
               recht=WIJZIGEN),
    ActionSpec("casus.reopen", "o", "reopen", "Heropenen",
               "Open een gesloten casus opnieuw (met reden); de eerdere periode blijft bewaard.", recht=WIJZIGEN),
    ActionSpec("casus.back", "escape", "back", "Terug", "Terug naar de lijst met casussen."),
]  # fmt: skip

CASUS_ZOEKEN = [
    ActionSpec("casuszoeken.choose", "enter", "open_person", "Kiezen", "Kies de gevonden persoon."),
    ActionSpec("casuszoeken.down", "down", "move(1)", "Volgende", "Naar de volgende persoon in de lijst.",
               show=False, palette=False, priority=True),
    ActionSpec("casuszoeken.up", "up", "move(-1)", "Vorige", "Naar de vorige persoon in de lijst.",
               show=False, palette=False, priority=True),
    ActionSpec("casuszoeken.new", "ctrl+n", "new_person", "Nieuwe persoon",
               "Voeg een persoon toe die nog niet bekend is (naam, geboortedatum, BSN, adres, rol)."),
    ActionSpec("casuszoeken.close", "escape", "close", "Terug", "Niemand kiezen."),
]  # fmt: skip

MIJN_CASUSSEN = [
    ActionSpec("mijn.open", "enter", "open_casus", "Openen", "Toon de gekozen casus als werkdossier."),
    ActionSpec("mijn.refresh", "f5", "refresh", "Vernieuwen", "Lees de lijst opnieuw uit de database.", show=False),
    ActionSpec("mijn.back", "escape", "back", "Terug", "Terug naar alle casussen."),
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
        "Schrijf het rapport (of de bijlage, met grafieken) als Excel-werkmap naar de exportmap (rechten 0600).",
    ),
    ActionSpec(
        "rapportage.pdf",
        "p",
        "export('pdf')",
        "PDF",
        "Schrijf de bijlage (cijfers per gemeente met grafieken) als PDF op A4 naar de exportmap (rechten 0600).",
    ),
    ActionSpec(
        "rapportage.gemeente",
        "m",
        "sectie(1)",
        "Gemeente",
        "Bijlage: toon de volgende gemeente (na de laatste de regio).",
    ),
    ActionSpec(
        "rapportage.gemeente_terug",
        "n",
        "sectie(-1)",
        "Vorige gemeente",
        "Bijlage: toon de vorige gemeente.",
        show=False,
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
    "casus_zoeken": CASUS_ZOEKEN,
    "mijn_casussen": MIJN_CASUSSEN,
    "acties": ACTIES,
    "wachtend": WACHTEND,
    "rapportage": RAPPORTAGE,
    "lookup": LOOKUP,
    "dossier": DOSSIER,
}


def bindings(scope: str) -> list[BindingType]:
    """A screen's BINDINGS (typed as Textual declares them, so a screen may assign it)."""
    return [spec.binding() for spec in REGISTRY[scope]]


def specs_for(scope: str | None, actor=None) -> list[ActionSpec]:
    """The actions available on a screen: its own, then the global ones; with ``actor``, only those its role
    may use (an ActionSpec with a ``recht`` the role lacks is left out)."""
    specs = [*REGISTRY.get(scope or "", []), *GLOBAL]
    if actor is None:
        return specs
    return [s for s in specs if s.recht is None or offered(actor, s.recht)]


def offered(actor, recht: Recht) -> bool:
    """Whether the actor's role has ``recht`` (no actor: everything is offered)."""
    return actor is None or actor.may(recht)


def spec_of(scope: str, action: str) -> ActionSpec | None:
    return next((s for s in REGISTRY.get(scope, []) if s.action == action), None)
