"""Fixed material for the demo and benchmark data: places, weights and short Dutch texts.

Everything here is invented. Texts never name a person; they read like a police *mutatie* or a
partner's note. Codes that a regio file does not know are simply not used.
"""

from __future__ import annotations

# --- places ------------------------------------------------------------------------------------
# Per gemeente: (woonplaats, lowest postcode number, highest postcode number). A gemeente that is
# not listed gets its own name as woonplaats and a random postcode.
PLACES: dict[str, tuple[tuple[str, int, int], ...]] = {
    "Roermond": (("Roermond", 6041, 6046), ("Swalmen", 6071, 6071), ("Herten", 6049, 6049)),
    "Weert": (("Weert", 6001, 6006), ("Stramproy", 6039, 6039)),
    "Echt-Susteren": (("Echt", 6101, 6102), ("Susteren", 6114, 6114), ("Pey", 6105, 6105), ("Nieuwstadt", 6118, 6118)),
    "Leudal": (
        ("Heythuysen", 6093, 6093),
        ("Haelen", 6081, 6081),
        ("Horn", 6085, 6085),
        ("Baexem", 6095, 6095),
        ("Roggel", 6088, 6088),
    ),
    "Maasgouw": (
        ("Maasbracht", 6051, 6052),
        ("Thorn", 6017, 6017),
        ("Wessem", 6019, 6019),
        ("Heel", 6097, 6097),
        ("Linne", 6067, 6067),
    ),
    "Nederweert": (("Nederweert", 6031, 6031), ("Ospel", 6035, 6035), ("Nederweert-Eind", 6034, 6034)),
    "Roerdalen": (
        ("Sint Odiliënberg", 6077, 6077),
        ("Herkenbosch", 6075, 6075),
        ("Melick", 6074, 6074),
        ("Vlodrop", 6063, 6063),
        ("Posterholt", 6061, 6061),
    ),
    "Sittard-Geleen": (
        ("Sittard", 6131, 6137),
        ("Geleen", 6161, 6167),
        ("Born", 6121, 6121),
        ("Munstergeleen", 6151, 6151),
    ),
    "Stein": (("Stein", 6171, 6171), ("Elsloo", 6181, 6181), ("Urmond", 6129, 6129)),
    "Beek": (("Beek", 6191, 6191), ("Spaubeek", 6176, 6176)),
}
INHABITANTS: dict[str, int] = {
    "Roermond": 59_000,
    "Weert": 50_000,
    "Echt-Susteren": 32_000,
    "Leudal": 36_000,
    "Maasgouw": 24_000,
    "Nederweert": 17_000,
    "Roerdalen": 21_000,
    "Sittard-Geleen": 92_000,
    "Stein": 25_000,
    "Beek": 16_000,
}
DEFAULT_INHABITANTS = 25_000
POSTCODE_LETTERS = "ABCDEGHJKLMNPRSTVWXZ"

STREETS = (
    "Kerkstraat",
    "Molenstraat",
    "Schoolstraat",
    "Dorpstraat",
    "Nieuwstraat",
    "Hoogstraat",
    "Stationsstraat",
    "Julianastraat",
    "Wilhelminastraat",
    "Beatrixstraat",
    "Prins Bernhardstraat",
    "Emmastraat",
    "Markt",
    "Veldstraat",
    "Maasstraat",
    "Brugstraat",
    "Steenweg",
    "Heinsbergerweg",
    "Kapellerlaan",
    "Bisschop Lindanussingel",
    "Hertestraat",
    "Willem II Singel",
    "Godsweerderstraat",
    "Ittervoorterweg",
    "Biest",
    "Wilhelminasingel",
    "Stramproyerweg",
    "Kruisstraat",
    "Parklaan",
    "Eikenlaan",
    "Beukenlaan",
    "Lindelaan",
    "Kastanjelaan",
    "Meidoornstraat",
    "Vlierstraat",
    "Merelstraat",
    "Lijsterstraat",
    "Leeuwerikstraat",
    "Zandbergsweg",
    "Pastoor Vullinghsplein",
    "Sint Jozefstraat",
    "Burgemeester Geuljansstraat",
    "Roermondseweg",
    "Kloosterstraat",
    "Mgr. Nolensstraat",
    "Het Vaartje",
    "Keizerstraat",
    "Oude Trambaan",
    "Vliegveldstraat",
    "Heerbaan",
)
INSTELLINGEN = ("PI Roermond", "PI Sittard", "PI Vught", "PI Grave", "PI Zwaag", "Justitieel Complex Zaanstad")

# --- soorten, bronnen, people per melding ----------------------------------------------------
SOORT_WEIGHTS: dict[str, float] = {
    "overlast": 30,
    "crimineel": 22,
    "huiselijk_geweld": 24,
    "verward_gedrag": 14,
    "kindermishandeling": 3,
    "overig": 3,
}
DEFAULT_SOORT_WEIGHT = 1.0
BRON_WEIGHTS: dict[str, dict[str, int]] = {
    "overlast": {"politie": 1},
    "crimineel": {"politie": 1},
    "verward_gedrag": {"politie": 1},
    "huiselijk_geweld": {"politie": 7, "veilig_thuis": 3},
    "kindermishandeling": {"veilig_thuis": 6, "politie": 2, "ketenpartner": 2},
    "detentie": {"penitentiaire_inrichting": 1},
    "radicalisering": {"politie": 3, "gemeente": 2, "ketenpartner": 2},
    "mensenhandel": {"politie": 3, "ketenpartner": 1},
    "top_x": {"politie": 3, "om": 2},
    "ghb": {"politie": 2, "ketenpartner": 1},
    "drang_dwang": {"ketenpartner": 2, "om": 1, "gemeente": 1},
    "wvggz": {"gemeente": 2, "ketenpartner": 1},
    "huisverbod": {"gemeente": 2, "politie": 1},
    "vt_informatie_uitvraag": {"veilig_thuis": 1},
    "overig": {"gemeente": 2, "ketenpartner": 2, "overig": 1},
}
HOUSEHOLD_SOORTEN = frozenset({"huiselijk_geweld", "kindermishandeling", "vt_informatie_uitvraag", "huisverbod"})
# Chance that a melding of this soort names more than one person (a household, or co-suspects).
MULTI_PERSON_CHANCE: dict[str, float] = {
    "huiselijk_geweld": 0.7,
    "kindermishandeling": 0.9,
    "vt_informatie_uitvraag": 0.85,
    "huisverbod": 0.6,
    "overlast": 0.12,
    "crimineel": 0.15,
    "mensenhandel": 0.3,
}
UNKNOWN_PERSON_CHANCE = 0.05

# --- omschrijvingen (politie-mutatie style) -------------------------------------------------
# Placeholders: {straat} {plaats} {tijd} {leeftijd} {kindleeftijd} {kinderen} {instelling} {dagen}
OMSCHRIJVINGEN: dict[str, tuple[str, ...]] = {
    "overlast": (
        "Melder belt over aanhoudende geluidsoverlast vanuit woning aan de {straat} in {plaats}. Bij aanspreken reageert bewoner agressief.",
        "Groep jongeren veroorzaakt {tijd} overlast bij het winkelcentrum in {plaats}, vernielingen aan fietsenstalling. Betrokkene herkend door wijkagent.",
        "Burenruzie aan de {straat} escaleert; over en weer bedreigingen. Derde melding deze maand.",
        "Betrokkene ({leeftijd} jr) valt voorbijgangers lastig bij het station in {plaats}, vermoedelijk onder invloed.",
        "Stankoverlast en vervuiling rond woning aan de {straat}; woningcorporatie maakt zich zorgen over bewoner.",
    ),
    "crimineel": (
        "Betrokkene aangehouden ter zake winkeldiefstal in {plaats}. Verklaart geld nodig te hebben voor schulden.",
        "Aanhouding na inbraak in bedrijfspand aan de {straat}, {tijd}. Betrokkene eerder bekend met vermogensdelicten.",
        "Bij controle verdovende middelen aangetroffen in auto; vermoeden van handel. Betrokkene {leeftijd} jr.",
        "Aangifte van bedreiging via sociale media; verdachte woont aan de {straat} in {plaats}.",
        "Betrokkene aangehouden voor mishandeling na uitgaan in {plaats}, {tijd}. Slachtoffer licht gewond.",
    ),
    "huiselijk_geweld": (
        "Ruzie tussen partners in woning aan de {straat}, buren hoorden geschreeuw {tijd}. Eén van beiden had zichtbaar letsel aan de arm. {kinderen}",
        "Melding via 112: betrokkene zou partner hebben geduwd tijdens ruzie over geld. {kinderen} Partijen willen geen aangifte doen.",
        "Ex-partner staat herhaaldelijk voor de deur in {plaats} en stuurt dreigende berichten. {kinderen}",
        "Bewoner ({leeftijd} jr) bedreigt huisgenoot met mes na ruzie; situatie ter plaatse gesust. Eerdere incidenten bekend.",
        "Escalatie tussen ouders tijdens omgangsregeling aan de {straat}. {kinderen} Beide ouders onder invloed.",
    ),
    "kindermishandeling": (
        "School meldt zorgen over blauwe plekken bij kind ({kindleeftijd} jr); ouder geeft wisselende verklaringen.",
        "Kinderen {tijd} alleen thuis aangetroffen aan de {straat}; woning sterk vervuild.",
        "Jeugdarts signaleert ondergewicht en verzuimde afspraken bij jongste kind van het gezin in {plaats}.",
        "Buren horen regelmatig harde klappen en huilende kinderen in woning aan de {straat}.",
    ),
    "verward_gedrag": (
        "Betrokkene loopt verward op de rijbaan bij de {straat} in {plaats}, praat onsamenhangend. Naar huis begeleid; crisisdienst niet nodig.",
        "Betrokkene ({leeftijd} jr) belt meermaals 112 met angstige wanen over buren. Geen acuut gevaar, wel zorgen over zelfzorg.",
        "Betrokkene dreigt zichzelf iets aan te doen na ontslag; familie maakt zich zorgen. Huisarts ingelicht.",
        "Betrokkene aangetroffen in de tuin van een ander adres in {plaats}, verward en onderkoeld. Naar SEH gebracht.",
        "Verward gedrag in supermarkt aan de {straat}: schreeuwt tegen klanten, weigert te vertrekken.",
    ),
    "detentie": (
        "Betrokkene wordt over {dagen} dagen heengezonden uit {instelling}. Geen vaste woon- of verblijfplaats; ID-bewijs verlopen.",
        "Ontslag uit {instelling} na uitzitten straf. Schulden bekend, geen inkomen geregeld; terugkeer naar {plaats}.",
        "Melding {instelling}: einde detentie over {dagen} dagen, zorgbehoefte GGZ en verslaving.",
    ),
    "radicalisering": (
        "Signaal van onderwijsinstelling: betrokkene ({leeftijd} jr) deelt extremistische content online en uit zich positief over geweld.",
        "Zorgen van familie over snelle verandering in gedrag en contacten van betrokkene; sluit zich af.",
        "Wijkagent ontvangt melding over opruiende uitspraken van betrokkene in buurthuis in {plaats}.",
    ),
    "mensenhandel": (
        "Controle in woning aan de {straat}: zes arbeidsmigranten in één kamer, paspoorten ingenomen door werkgever.",
        "Signalen van uitbuiting in nagelstudio in {plaats}; medewerkster lijkt niet vrij te kunnen gaan.",
        "Betrokkene meldt gedwongen te worden tot sekswerk; verblijft tijdelijk in {plaats}.",
    ),
    "top_x": (
        "Betrokkene opnieuw verdacht van woninginbraak; staat op de Top-X-lijst. Veel contacten met politie afgelopen jaar.",
        "Top-X-kandidaat aangehouden na straatroof in {plaats}, {tijd}. Lopend reclasseringstoezicht.",
        "Recidive na schorsing voorlopige hechtenis; betrokkene houdt zich niet aan meldplicht.",
    ),
    "ghb": (
        "Betrokkene aangetroffen in bewusteloze toestand na GHB-gebruik aan de {straat}, overgebracht naar SEH.",
        "Derde GHB-incident dit jaar; betrokkene ({leeftijd} jr) rijdt onder invloed en weigert hulp.",
        "Partner meldt ernstige GHB-verslaving en onttrekkingsverschijnselen; zorgen om veiligheid.",
    ),
    "drang_dwang": (
        "Voorwaarden van de zorgmachtiging worden niet nageleefd; betrokkene weigert medicatie en zorgcontact.",
        "Verzoek om inzet drang: zorgmijdende bewoner in {plaats}, woning dreigt ontruimd te worden.",
    ),
    "wvggz": (
        "Aanvraag verkennend onderzoek Wvggz door familie: betrokkene sluit zich op en dreigt met suïcide.",
        "Melding Wvggz via huisarts: toenemende psychotische klachten, geen ziektebesef, dreigend naar buren.",
        "Melding Wvggz door woningcorporatie na herhaaldelijke agressie van bewoner aan de {straat}.",
    ),
    "huisverbod": (
        "Burgemeester heeft huisverbod opgelegd voor tien dagen na mishandeling partner aan de {straat}. {kinderen}",
        "Huisverbod opgelegd na bedreiging met mes; uithuisgeplaatste verblijft bij familie in {plaats}. {kinderen}",
    ),
    "vt_informatie_uitvraag": (
        "Veilig Thuis vraagt informatie op in het kader van onderzoek naar gezin in {plaats}; zorgen om veiligheid kinderen.",
        "Informatie-uitvraag VT na melding van school over thuissituatie; {kinderen}",
        "VT onderzoekt melding huiselijk geweld; verzoek om bekende politie- en hulpverleningsinformatie.",
    ),
    "overig": (
        "Melding van woningcorporatie over vervuilde woning en zorgmijdend gedrag van bewoner aan de {straat}.",
        "Wijkteam maakt zich zorgen over oudere bewoner in {plaats}: vereenzaming, schulden en valincidenten.",
        "Buurtbewoners melden dat betrokkene al dagen niet gezien is; woning vervuild, post stapelt zich op.",
    ),
}
DEFAULT_OMSCHRIJVINGEN = ("Melding ontvangen over zorgen rond betrokkene in {plaats}; nadere informatie volgt.",)
KINDEREN_ZINNEN = (
    "Twee minderjarige kinderen aanwezig.",
    "Kinderen lagen op bed.",
    "Drie kinderen in het gezin, jongste is baby.",
    "Kind was getuige van het incident.",
    "Geen kinderen aanwezig tijdens het incident.",
)

# --- overleg: notes, decisions, actions ----------------------------------------------------
BEKENDHEID_NOTITIES: dict[str, tuple[str, ...]] = {
    "vt": (
        "Bekend bij VT sinds {jaar}, lopend traject gezin",
        "VT-onderzoek afgerond in {jaar}, toen geen vervolg",
        "Eerdere melding VT in {jaar}, doorgezet naar wijkteam",
    ),
    "zvh": ("Eerder procesregie ZVH in {jaar}, casus gesloten", "In {jaar} besproken op triage, advies aan melder"),
    "cjg": ("Kinderen in beeld bij jeugdverpleegkundige CJG", "Opvoedondersteuning CJG gestopt in {jaar}"),
    "amw": (
        "Gesprekken bij AMW sinds {jaar}",
        "Schuldhulpverlening via AMW loopt",
        "Bekend bij AMW in {jaar}, hulp afgesloten",
    ),
    "vvg": ("In zorg bij VvG, ambulant FACT-team", "Opname VvG in {jaar}, nazorg gestopt"),
    "met_ggz": ("Lopende behandeling MET GGZ, verslavingszorg", "Bekend bij MET GGZ sinds {jaar}, zorgmijdend"),
    "oggz": ("Bemoeizorg OGGZ heeft contact gelegd, zorgmijdend", "OGGZ-traject in {jaar} afgesloten"),
    "politie": ("Meerdere mutaties bekend sinds {jaar}", "Bekend bij wijkagent, eerdere aanhouding {jaar}"),
    "reclassering": ("Lopend toezicht reclassering tot {volgend_jaar}", "Reclasseringsadvies uitgebracht in {jaar}"),
    "om": ("Zaak in behandeling bij OM, zitting gepland", "Voorwaardelijk sepot in {jaar}"),
    "gemeente": ("Bekend bij wijkteam, schuldhulp loopt", "Bijstandsuitkering sinds {jaar}, contact met klantmanager"),
    "ggz": ("Behandeling GGZ in {jaar} gestopt", "Lopende behandeling GGZ, behandelaar op de hoogte"),
}
DEFAULT_NOTITIES = ("Bekend sinds {jaar}", "Eerder contact in {jaar}, nu geen hulp")
TOELICHTINGEN: dict[str, tuple[str, ...]] = {
    "veilig_thuis": (
        "VT pakt op; contact met gezin binnen een week.",
        "Zorgen om veiligheid kinderen; VT doet onderzoek.",
    ),
    "zvh_triage": (
        "Problematiek op meerdere leefgebieden; inbrengen in triage.",
        "Herhaalde meldingen, complex; naar triage.",
    ),
    "cjg": ("CJG neemt contact op met ouders over opvoedondersteuning.",),
    "amw": ("AMW biedt gesprek aan en koppelt terug.", "Schulden en stress; AMW pakt op."),
    "wijkteam": ("Wijkteam gaat op huisbezoek.", "Wijkteam is al betrokken en neemt dit mee."),
    "advies_melder": (
        "Melder geadviseerd over huisarts en wijkteam.",
        "Advies aan melder: zelf in gesprek gaan met bewoner.",
    ),
    "geen_vervolg": ("Eenmalig incident, geen zorgen bij partners.", "Hulpverlening loopt al; geen vervolg nodig."),
    "aanhouden": (
        "Informatie van partner ontbreekt nog; volgende keer opnieuw bespreken.",
        "Eerst navraag bij school; aangehouden.",
    ),
    "ggz_instelling": ("Doorgeleid naar GGZ-instelling; behandelaar geïnformeerd.",),
    "oggz": ("OGGZ zet bemoeizorg in.",),
    "huisarts": ("Huisarts wordt geïnformeerd en neemt contact op.",),
    "casus_openen": (
        "Casus geopend onder procesregie ZVH.",
        "Procesregie nodig: meerdere partners, geen regie; casus geopend.",
    ),
    "terug_naar_partner": (
        "Terug naar melder; geen meerwaarde procesregie.",
        "Partner kan dit binnen eigen aanpak oppakken.",
    ),
}
ACTIES: tuple[str, ...] = (
    "Huisbezoek afleggen en terugkoppelen",
    "Contact opnemen met betrokkene",
    "Informatie opvragen bij school",
    "Navragen bij huisarts of er zorg loopt",
    "Plan van aanpak opstellen",
    "Terugkoppeling aan melder",
    "Gezamenlijk gesprek met ouders plannen",
    "Zorgconsult aanvragen",
)
TERUGKOPPELINGEN: tuple[str, ...] = (
    "Huisbezoek gedaan; gezin staat open voor hulp.",
    "Betrokkene niet bereikt; brief gestuurd en casus gesloten.",
    "Hulpverlening is gestart.",
    "Informatie ontvangen en gedeeld met de routeertafel.",
    "Betrokkene weigert hulp; zorgen blijven, wijkagent op de hoogte.",
)
SLUITREDENEN = (
    "Doelen bereikt",
    "Overgedragen aan wijkteam",
    "Betrokkene verhuisd buiten de regio",
    "Geen zorgen meer",
    "Zorg geborgd bij GGZ",
)

# Which themas a casus that starts from a melding of this soort gets (first ones likelier).
THEMA_BY_SOORT: dict[str, tuple[str, ...]] = {
    "overlast": ("screening", "pga", "regieteam", "triage"),
    "crimineel": ("top_x", "pga", "triage", "screening"),
    "huiselijk_geweld": ("pga", "regieteam", "levensloop", "huisverbod"),
    "kindermishandeling": ("pga", "regieteam"),
    "verward_gedrag": ("verward_gedrag", "wvggz", "levensloop"),
    "detentie": ("nazorg",),
    "radicalisering": ("radicalisering",),
    "mensenhandel": ("mensenhandel",),
    "top_x": ("top_x",),
    "ghb": ("pga", "triage"),
    "drang_dwang": ("wvggz", "levensloop"),
    "wvggz": ("wvggz",),
    "huisverbod": ("huisverbod",),
    "vt_informatie_uitvraag": ("pga", "regieteam"),
    "overig": ("triage", "levensloop", "screening"),
}

# How often a closing route is chosen (routes not listed: 5), and per soort a multiplier.
ROUTE_WEIGHTS: dict[str, float] = {
    "veilig_thuis": 8,
    "cjg": 5,
    "amw": 7,
    "wijkteam": 9,
    "advies_melder": 7,
    "geen_vervolg": 12,
    "ggz_instelling": 9,
    "oggz": 7,
    "huisarts": 7,
    "terug_naar_partner": 8,
}
ROUTE_BOOST: dict[str, dict[str, float]] = {
    "huiselijk_geweld": {"veilig_thuis": 4},
    "kindermishandeling": {"veilig_thuis": 6, "cjg": 2},
    "overlast": {"geen_vervolg": 1.5, "wijkteam": 1.5},
    "crimineel": {"geen_vervolg": 1.5},
    "verward_gedrag": {"ggz_instelling": 1.5},
    "vt_informatie_uitvraag": {"terug_naar_partner": 3},
}

REDENEN_NIET_DELEN = (
    "Geen toestemming van cliënt; beroepsgeheim",
    "Lopend strafrechtelijk onderzoek",
    "Cliënt heeft bezwaar gemaakt tegen het delen",
    "Eerst overleg met de behandelaar nodig",
)
