"""A deterministic synthetic catalogue of Dutch neighbourhood interventions, for ``bench/``.

Everything follows from one seed: the vocabulary's ranking, ~3,000 CBS-like areas, 200
organisations and the interventions themselves. Intervention ``i`` depends only on the seed and
``i``, so the 10,000-record catalogue is the first 10,000 records of the 100,000 one.

The text imitates ../shared/SEARCH-PERF.md's corpus: Dutch function words, a few hundred words
of neighbourhood work with their plural and inflected forms, and many compounds (``buurtcoach``,
``taalcafés``), drawn Zipf-like (s = 1.0) into sentences; titles have 4-9 words, summaries
25-45, problems 35-80 and approaches 60-140 (some approaches are Markdown lists). Queries are
1-3 content words (35/40/25 %) drawn ∝ 1/rank^0.8 over the content words, 30 % of them in
another word form than the most common one.
"""

from __future__ import annotations

import random
from bisect import bisect_left
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import cache
from itertools import accumulate


def _words(block: str) -> list[str]:
    return block.split()


# --- vocabulary ------------------------------------------------------------------------------

# Dutch function words, roughly by frequency. Most are stop words for the search analyzer.
FUNCTION_WORDS = _words("""
de en van het een in is op te die met voor dat zijn er niet aan ook om als bij door worden
wordt naar of over uit hun ze we kan kunnen meer nog deze dit tot zo maar dan heeft hebben
veel waar wat hoe elkaar samen vaak alle andere goed waarbij zodat zelf eerst daarna vooral
steeds mee per onder tussen na zonder tijdens binnen via wel al geen hier daar wie omdat
terwijl want wanneer welke iets iedereen sommige meestal soms echt weer even nu toen later
""")

# Words of neighbourhood work, most frequent first; each line holds the forms of one word
# (singular/plural, adjective forms, verb forms). The first form is the most common one.
DOMAIN_WORDS = """
buurt buurten
wijk wijken
bewoners bewoner
ouderen oudere
jongeren jongere
kinderen kind
vrijwilligers vrijwilliger
activiteiten activiteit
ontmoeting ontmoetingen
eenzaamheid
leefbaarheid
gezinnen gezin
overlast
armoede
woningen woning
huurders huurder
samenwerking
partners partner
organisaties organisatie
gemeente gemeenten gemeentes
corporatie corporaties
opbouwwerk
opbouwwerker opbouwwerkers
wijkagent wijkagenten
mantelzorg
mantelzorgers mantelzorger
schuldhulp
schulden schuld
huurachterstand huurachterstanden
taalcafé taalcafés
buurttuin buurttuinen
energiecoach energiecoaches
portiekgesprekken portiekgesprek
gesprekken gesprek
huisbezoeken huisbezoek
bijeenkomsten bijeenkomst
netwerk netwerken
aanpak
doel doelen
doelgroep doelgroepen
problemen probleem
vragen vraag
hulp
zorg
steun
ondersteuning
veiligheid
gezondheid
participatie
zelfredzaamheid
welzijn
straat straten
plein pleinen
huizen huis
buurthuis buurthuizen
school scholen
speeltuin speeltuinen
flat flats
portiek portieken
galerij galerijen
complex complexen
tuin tuinen
groen
afval
zwerfafval
verkeer
jongerenwerk
jongerenwerker jongerenwerkers
wijkteam wijkteams
sociale sociaal
kwetsbare kwetsbaar
laagdrempelig laagdrempelige
eenzame eenzaam
actieve actief
lokale lokaal
nieuwe nieuw
oude oud
vaste vast
structureel structurele
gezamenlijke gezamenlijk
kleine klein
grote groot
taal talen
taallessen taalles
taalmaatje taalmaatjes
nieuwkomers nieuwkomer
statushouders statushouder
inburgering
werk
banen baan
inkomen
uitkering uitkeringen
energie
energierekening energierekeningen
energiearmoede
isolatie
vocht
schimmel
onderhoud
renovatie renovaties
sloop
herstructurering
verhuizing verhuizingen
buren
buurvrouw buurman
contact contacten
vertrouwen
verbinding verbindingen
betrokkenheid
initiatieven initiatief
bewonersinitiatief bewonersinitiatieven
bewonerscommissie bewonerscommissies
buurtbudget
subsidie subsidies
budget
kosten
signalen signaal
signalering
preventie
vroegsignalering
zorgmijders zorgmijder
verwarde verward
gedrag
conflicten conflict
buurtbemiddeling
bemiddelaars bemiddelaar
ruzie ruzies
geluidsoverlast
drugs
criminaliteit
inbraken inbraak
vandalisme
handhaving
handhavers handhaver
politie
veiligheidsgevoel
sport
bewegen beweging
moestuin moestuinen
koffieochtend koffieochtenden
maaltijden maaltijd
buurtmaaltijd buurtmaaltijden
kookclub kookclubs
wandelingen wandeling
wandelgroep wandelgroepen
feest feesten
buurtfeest buurtfeesten
cursus cursussen
trainingen training
workshops workshop
spreekuur spreekuren
inloopspreekuur
loket loketten
formulieren formulier
administratie
brieven brief
geldzorgen
budgetcoach budgetcoaches
thuisadministratie
voedselbank voedselbanken
kledingbank
kinderarmoede
laaggeletterdheid
digitale digitaal
telefoon
ervaringen ervaring
resultaten resultaat
effecten effect
evaluatie evaluaties
monitoring
metingen meting
cijfers cijfer
onderzoek
professionals professional
wijkverpleegkundige wijkverpleegkundigen
huisarts huisartsen
welzijnswerk
welzijnswerker welzijnswerkers
buurtwerker buurtwerkers
sleutelfiguren sleutelfiguur
buurtambassadeurs buurtambassadeur
maatjes maatje
coach coaches
begeleiding
eigenaarschap
regie
wijkraad
wijkcentrum wijkcentra
huurdersvereniging huurdersverenigingen
verhuurder verhuurders
woonconsulent woonconsulenten
leefstijl
opvoeding
ouders ouder
moeders moeder
vaders vader
tieners tiener
basisschool basisscholen
huiswerkbegeleiding
stage stages
dementie
dagbesteding
respijtzorg
thuiszorg
valpreventie
voorzieningen voorziening
bereik
toegankelijkheid
diversiteit
cultuur culturen
vereniging verenigingen
sportvereniging sportverenigingen
zomer
winter
avond avonden
ochtend ochtenden
week weken
maand maanden
jaar jaren
periode
fase fasen
organiseren organiseert georganiseerd
ontmoeten ontmoet
versterken versterkt
bereiken bereikt
ondersteunen ondersteunt ondersteund
begeleiden begeleidt begeleid
signaleren signaleert gesignaleerd
verbeteren verbetert verbeterd
verminderen vermindert verminderd
voorkomen voorkomt
aanpakken aangepakt
samenwerken samengewerkt
betrekken betrekt betrokken
activeren activeert geactiveerd
helpen helpt geholpen
leren leert geleerd
delen deelt gedeeld
opzetten opgezet
starten start gestart
koken kookt gekookt
wandelen wandelt
praten praat gepraat
luisteren luistert
bezoeken bezoekt bezocht
aanbellen aangebeld
doorverwijzen doorverwezen
uitvoeren uitgevoerd
evalueren geëvalueerd
meten gemeten
ervaren ervaart
merken merkt gemerkt
voelen voelt gevoeld
wonen woont
verhuizen verhuist verhuisd
betalen betaalt betaald
besparen bespaart bespaard
isoleren geïsoleerd
opruimen ruimt opgeruimd
kennismaken kennisgemaakt
investeren investeert geïnvesteerd
""".strip().splitlines()

COMPOUND_HEADS = """
team teams
coach coaches
huis huizen
tuin tuinen
plek plekken
centrum centra
avond avonden
ochtend ochtenden
middag middagen
project projecten
aanpak aanpakken
budget budgetten
overleg overleggen
netwerk netwerken
groep groepen
café cafés
kamer kamers
punt punten
werker werkers
consulent consulenten
app apps
krant kranten
schouw schouwen
gesprek gesprekken
bezoek bezoeken
spreekuur spreekuren
fonds fondsen
plan plannen
activiteit activiteiten
bijeenkomst bijeenkomsten
maatje maatjes
les lessen
training trainingen
raad raden
commissie commissies
winkel winkels
markt markten
beleid
programma
""".strip().splitlines()

COMPOUND_PREFIXES = _words("""
buurt wijk bewoners jongeren ouderen kinder taal energie schuld huur woon zorg welzijns straat
speel groen veiligheids gezondheids armoede eenzaamheids sport beweeg ontmoetings vrijwilligers
mantelzorg opvoed werk inloop preventie participatie leefbaarheids portiek flat galerij school
huis gezins signalerings netwerk
""")


@dataclass
class Vocabulary:
    """Zipf-ranked word entries (each a tuple of forms) with cumulative weights for drawing."""

    entries: list[tuple[str, ...]]
    is_function: list[bool]
    forms: list[str] = field(default_factory=list)
    cum_weights: list[float] = field(default_factory=list)
    content_forms: list[str] = field(default_factory=list)
    content_cum: list[float] = field(default_factory=list)
    query_entries: list[tuple[str, ...]] = field(default_factory=list)
    query_cum: list[float] = field(default_factory=list)

    def distinct_words(self) -> int:
        return len({form for entry in self.entries for form in entry})


def _weighted_forms(entries: list[tuple[str, ...]], exponent: float) -> tuple[list[str], list]:
    """Every form with its weight: the entry's 1/rank^s, 60 % to its first form, the rest
    shared by the others."""
    forms: list[str] = []
    weights: list[float] = []
    for rank, entry in enumerate(entries, start=1):
        weight = 1.0 / rank**exponent
        if len(entry) == 1:
            forms.append(entry[0])
            weights.append(weight)
            continue
        forms.append(entry[0])
        weights.append(weight * 0.6)
        for form in entry[1:]:
            forms.append(form)
            weights.append(weight * 0.4 / (len(entry) - 1))
    return forms, list(accumulate(weights))


def build_vocabulary(seed: int) -> Vocabulary:
    rng = random.Random(f"vocabulary-{seed}")
    domain = [tuple(line.split()) for line in DOMAIN_WORDS]
    known = {form for entry in domain for form in entry}
    compounds: list[tuple[str, ...]] = []
    for prefix in COMPOUND_PREFIXES:
        for head_line in COMPOUND_HEADS:
            head = head_line.split()
            forms = tuple(prefix + form for form in head)
            if forms[0] not in known:
                compounds.append(forms)
                known.update(forms)
    rng.shuffle(compounds)
    # Ranks: two function words for every domain word at the top, then one to one until the
    # function words run out, then the remaining domain words, then the compounds.
    ranked: list[tuple[str, ...]] = []
    is_function: list[bool] = []
    functions = [(word,) for word in FUNCTION_WORDS]
    f_i = d_i = 0
    while f_i < len(functions):
        take = 2 if len(ranked) < 30 else 1
        for _ in range(take):
            if f_i < len(functions):
                ranked.append(functions[f_i])
                is_function.append(True)
                f_i += 1
        ranked.append(domain[d_i])
        is_function.append(False)
        d_i += 1
    for entry in domain[d_i:] + compounds:
        ranked.append(entry)
        is_function.append(False)
    vocabulary = Vocabulary(ranked, is_function)
    vocabulary.forms, vocabulary.cum_weights = _weighted_forms(ranked, 1.0)
    content = [entry for entry, func in zip(ranked, is_function, strict=True) if not func]
    vocabulary.content_forms, vocabulary.content_cum = _weighted_forms(content, 1.0)
    vocabulary.query_entries = content
    vocabulary.query_cum = list(accumulate(1.0 / r**0.8 for r in range(1, len(content) + 1)))
    return vocabulary


# --- text ------------------------------------------------------------------------------------


def _sentences(rng: random.Random, vocabulary: Vocabulary, words: int) -> list[str]:
    drawn = rng.choices(vocabulary.forms, cum_weights=vocabulary.cum_weights, k=words)
    sentences = []
    start = 0
    while start < words:
        length = min(rng.randint(7, 16), words - start)
        if words - start - length < 4:  # no stub sentence at the end
            length = words - start
        chunk = drawn[start:start + length]
        sentences.append(chunk[0].capitalize() + " " + " ".join(chunk[1:]) + ".")
        start += length
    return sentences


def paragraph(rng: random.Random, vocabulary: Vocabulary, low: int, high: int) -> str:
    return " ".join(_sentences(rng, vocabulary, rng.randint(low, high)))


def approach_text(rng: random.Random, vocabulary: Vocabulary) -> str:
    """60-140 words; a quarter of them Markdown with a list of steps, as workers write them."""
    words = rng.randint(60, 140)
    sentences = _sentences(rng, vocabulary, words)
    if rng.random() < 0.25 and len(sentences) >= 4:
        cut = rng.randint(1, 2)
        intro = " ".join(sentences[:cut])
        items = "\n".join(f"- {s}" for s in sentences[cut:])
        return f"{intro}\n\n{items}"
    if rng.random() < 0.15:
        first = sentences[0].split(" ", 2)
        if len(first) == 3:
            sentences[0] = f"**{first[0]} {first[1]}** {first[2]}"
    return " ".join(sentences)


def title_text(rng: random.Random, vocabulary: Vocabulary) -> str:
    count = rng.randint(4, 9)
    words = rng.choices(vocabulary.content_forms, cum_weights=vocabulary.content_cum, k=count)
    # Titles read like "Taalcafé voor ouderen in de wijk": a linking word now and then.
    for position in range(1, count - 1):
        if rng.random() < 0.2:
            words[position] = rng.choice(("voor", "in", "met", "en", "tegen", "van"))
    return (words[0].capitalize() + " " + " ".join(words[1:]))[:200]


def make_queries(seed: int, vocabulary: Vocabulary, count: int) -> list[str]:
    """1-3 content words (35/40/25 %), ∝ 1/rank^0.8, 30 % of words in another form."""
    rng = random.Random(f"queries-{seed}")
    queries: list[str] = []
    while len(queries) < count:
        length = rng.choices((1, 2, 3), weights=(35, 40, 25))[0]
        entries = rng.choices(vocabulary.query_entries, cum_weights=vocabulary.query_cum,
                              k=length)
        words = []
        for entry in entries:
            form = entry[0] if len(entry) == 1 or rng.random() < 0.7 else rng.choice(entry[1:])
            if form not in words:
                words.append(form)
        queries.append(" ".join(words))
    return queries


# --- areas and organisations -----------------------------------------------------------------

_PLACE_START = _words("""
Ber Hel Zand Wester Ooster Noord Zuid Maas Rijn Lek Vecht Eem Dinkel Hoog Laag Groen Broek Veen
Hout Steen Mol Kam Val Ren Wolder Alm Dor Lin Gel Hard Ouder Nieuw Wage Brede Emmel Ter Zwa Aal
""")
_PLACE_END = _words("""
dorp veen hoven wijk burg dam rode meer beek horst lo sum ingen um recht stein haven zijl kerk
broek dijk hout ven
""")
_DISTRICT_NAMES = _words("""
Centrum Noord Oost Zuid West Buitengebied Stadshart Binnenstad Dorpskern Haven Kanaalzone
Parkwijk Tuinstad Bloemenwijk Schilderswijk Vogelwijk Bomenbuurt Heuvel Velden Akkers
""")
_HOOD_START = _words("""
Vlied Schot Brak Hoef Linde Eiken Beuken Berken Wilgen Kooi Donk Beemd Heide Weide Akker Molen
Kerk Sluis Haven Dijk Park Bos Veld Burg Hof Straat Poort Water Zand Klei Riet Vaart Hoeve
""")
_HOOD_END = _words("""
berg akker hof veld wijk kwartier laan park rijk hoek kamp hoeve dreef singel erf
""")
_ORG_PATTERNS = {
    "housing": ("Woonstichting {p}", "{p} Wonen", "Woningcorporatie {p}", "Wooncoöperatie {p}"),
    "welfare": ("Welzijn {p}", "Stichting Buurtwerk {p}", "Sociaal Werk {p}", "Wijkwerk {p}",
                "Stichting Ontmoeting {p}"),
    "health": ("GGD {p}", "Zorggroep {p}", "Wijkzorg {p}", "Thuiszorg {p}"),
    "other": ("Bewonersvereniging {p}", "Huurdersvereniging {p}", "Stichting Samen {p}",
              "Buurtcoöperatie {p}", "Sportservice {p}"),
}
ORG_KIND_COUNTS = {"municipality": 40, "housing": 45, "welfare": 60, "health": 25, "other": 30}


@dataclass
class AreaRow:
    id: int
    code: str
    name: str
    level: str
    parent_id: int | None


@dataclass
class Geography:
    areas: list[AreaRow]
    municipalities: list[AreaRow]
    # municipality id -> its districts -> each district's neighbourhoods
    districts: dict[int, list[AreaRow]]
    neighbourhoods: dict[int, list[AreaRow]]


def build_geography(seed: int, municipality_count: int = 40) -> Geography:
    """About 3,000 areas: 40 gemeenten, their wijken and buurten, coded as CBS codes them."""
    rng = random.Random(f"areas-{seed}")
    names: set[str] = set()
    while len(names) < municipality_count:
        names.add(rng.choice(_PLACE_START) + rng.choice(_PLACE_END))
    numbers = sorted(rng.sample(range(1, 1999), municipality_count))
    geo = Geography([], [], {}, {})
    next_id = 1
    for number, name in zip(numbers, sorted(names), strict=True):
        municipality = AreaRow(next_id, f"GM{number:04d}", name, "municipality", None)
        next_id += 1
        geo.areas.append(municipality)
        geo.municipalities.append(municipality)
        geo.districts[municipality.id] = []
        district_names = rng.sample(_DISTRICT_NAMES, rng.randint(4, 9))
        for d_index, d_name in enumerate(district_names, start=1):
            district = AreaRow(next_id, f"WK{number:04d}{d_index:02d}",
                               f"{name}-{d_name}" if rng.random() < 0.3 else d_name,
                               "district", municipality.id)
            next_id += 1
            geo.areas.append(district)
            geo.districts[municipality.id].append(district)
            geo.neighbourhoods[district.id] = []
            for n_index in range(1, rng.randint(8, 14) + 1):
                hood_name = rng.choice(_HOOD_START) + rng.choice(_HOOD_END)
                if rng.random() < 0.2:
                    hood_name += rng.choice(("-Noord", "-Zuid", "-Oost", "-West"))
                elif rng.random() < 0.1:
                    hood_name = "De " + hood_name
                hood = AreaRow(next_id, f"BU{number:04d}{d_index:02d}{n_index:02d}", hood_name,
                               "neighbourhood", district.id)
                next_id += 1
                geo.areas.append(hood)
                geo.neighbourhoods[district.id].append(hood)
    return geo


@dataclass
class OrgRow:
    id: int
    name: str
    kind: str
    municipality_ids: list[int]


def build_organisations(seed: int, geo: Geography) -> list[OrgRow]:
    """200 organisations of five kinds, each working in one to four municipalities. Their order
    is their Zipf rank: the first describes the most interventions."""
    rng = random.Random(f"organisations-{seed}")
    municipalities = geo.municipalities
    orgs: list[tuple[str, str, list[int]]] = []
    used: set[str] = set()
    for kind, count in ORG_KIND_COUNTS.items():
        for index in range(count):
            if kind == "municipality":
                home = municipalities[index % len(municipalities)]
                orgs.append((f"Gemeente {home.name}", kind, [home.id]))
                used.add(orgs[-1][0])
                continue
            spread = {"housing": 4, "welfare": 2, "health": 3, "other": 1}[kind]
            homes = rng.sample(municipalities, rng.randint(1, spread))
            name = ""
            while not name or name in used:
                pattern = rng.choice(_ORG_PATTERNS[kind])
                place = rng.choice((homes[0].name, rng.choice(_PLACE_START) + rng.choice(
                    _PLACE_END)))
                name = pattern.format(p=place)
            used.add(name)
            orgs.append((name, kind, [m.id for m in homes]))
    rng.shuffle(orgs)
    return [OrgRow(i, name, kind, ids) for i, (name, kind, ids) in enumerate(orgs, start=1)]


# --- interventions ---------------------------------------------------------------------------

STATUS_WEIGHTS = {"idea": 8, "running": 52, "finished": 32, "stopped": 8}
VISIBILITY_WEIGHTS = {"community": 55, "public": 30, "organisation": 15}
RECOGNITION_WEIGHTS = {
    "none": 80, "well_described": 10, "well_founded": 5, "first_indications": 3,
    "good_indications": 1.5, "strong_indications": 0.5,
}
DRAFT_SHARE = 0.05
ARCHETYPE_EVERY = 200  # ids 8, 208, 408, ... are archetypes
ARCHETYPE_OFFSET = 8
NOW = datetime(2025, 12, 31, tzinfo=UTC)


@cache
def zipf_cum(count: int, exponent: float = 1.0) -> list[float]:
    return list(accumulate(1.0 / r**exponent for r in range(1, count + 1)))


@dataclass
class Catalogue:
    """The fixed parts of a synthetic catalogue; interventions are made on demand."""

    seed: int
    vocabulary: Vocabulary
    geo: Geography
    organisations: list[OrgRow]
    themes: list[str]
    target_groups: list[str]
    effects: list[str]
    org_cum: list[float] = field(default_factory=list)

    def theme_weights(self) -> list[float]:
        return [1.0 / r for r in range(1, len(self.themes) + 1)]


def build_catalogue(seed: int, themes: list[str], target_groups: list[str],
                    effects: list[str]) -> Catalogue:
    """The vocabulary, areas and organisations; the taxonomy keys are shuffled into a Zipf
    order so some themes are common and others rare."""
    rng = random.Random(f"taxonomy-{seed}")
    themes, target_groups, effects = list(themes), list(target_groups), list(effects)
    for keys in (themes, target_groups, effects):
        rng.shuffle(keys)
    geo = build_geography(seed)
    catalogue = Catalogue(seed, build_vocabulary(seed), geo, build_organisations(seed, geo),
                          themes, target_groups, effects)
    catalogue.org_cum = zipf_cum(len(catalogue.organisations))
    return catalogue


def _pick_distinct(rng: random.Random, keys: list[str], cum: list[float], count: int) -> list:
    chosen: list[str] = []
    while len(chosen) < count:
        key = keys[bisect_left(cum, rng.random() * cum[-1])]
        if key not in chosen:
            chosen.append(key)
    return chosen


@dataclass
class InterventionRows:
    """One intervention as rows for the ``intervention``, ``intervention_tag`` and
    ``intervention_area`` tables."""

    intervention: dict
    tags: list[dict]
    area_ids: list[int]


def make_intervention(catalogue: Catalogue, number: int) -> InterventionRows:
    """Intervention ``number`` (1-based); it depends only on the seed and the number."""
    rng = random.Random(catalogue.seed * 1_000_003 + number)
    vocabulary = catalogue.vocabulary
    org = catalogue.organisations[
        bisect_left(catalogue.org_cum, rng.random() * catalogue.org_cum[-1])
    ]
    is_archetype = number % ARCHETYPE_EVERY == ARCHETYPE_OFFSET
    archetype_id = None
    earlier = (number - ARCHETYPE_OFFSET - 1) // ARCHETYPE_EVERY + 1 if number > 8 else 0
    if not is_archetype and earlier > 0 and rng.random() < 0.04:
        archetype_id = rng.randrange(earlier) * ARCHETYPE_EVERY + ARCHETYPE_OFFSET

    status = rng.choices(list(STATUS_WEIGHTS), weights=list(STATUS_WEIGHTS.values()))[0]
    year = rng.randint(2010, 2025)
    start = date(year, rng.randint(1, 12), rng.randint(1, 28))
    end = None
    if status in ("finished", "stopped"):
        end = min(start + timedelta(days=rng.randint(60, 1500)), date(2025, 12, 31))
    created = min(datetime(year, 1, 1, tzinfo=UTC) + timedelta(days=rng.randint(0, 700),
                                                                seconds=rng.randint(0, 86399)),
                  NOW - timedelta(days=1))
    recognition = rng.choices(list(RECOGNITION_WEIGHTS),
                              weights=list(RECOGNITION_WEIGHTS.values()))[0]
    budget = None if rng.random() < 0.3 else rng.randint(5, 2500) * 100_000

    row = {
        "id": number,
        "organisation_id": org.id,
        "kind": "archetype" if is_archetype else "practice",
        "title": title_text(rng, vocabulary),
        "summary": paragraph(rng, vocabulary, 25, 45),
        "problem": paragraph(rng, vocabulary, 35, 80),
        "approach": approach_text(rng, vocabulary),
        "budget_cents": budget,
        "start_date": start,
        "end_date": end,
        "status": status,
        "visibility": rng.choices(list(VISIBILITY_WEIGHTS),
                                  weights=list(VISIBILITY_WEIGHTS.values()))[0],
        "is_draft": rng.random() < DRAFT_SHARE,
        "contact_name": "",
        "contact_email": "",
        "recognition_level": recognition,
        "recognition_date": None if recognition == "none" else date(
            rng.randint(max(year, 2016), 2025), rng.randint(1, 12), 1),
        "archetype_id": archetype_id,
        "version": 1,
        "created_at": created,
        "updated_at": created,
    }
    tags = []
    for vocabulary_name, keys, low, high in (
        ("theme", catalogue.themes, 1, 3),
        ("target_group", catalogue.target_groups, 1, 4),
        ("effect", catalogue.effects, 1, 4),
    ):
        cum = zipf_cum(len(keys))
        for key in _pick_distinct(rng, keys, cum, rng.randint(low, high)):
            tags.append({"intervention_id": number, "vocabulary": vocabulary_name, "key": key})

    municipality_id = rng.choice(org.municipality_ids)
    districts = catalogue.geo.districts[municipality_id]
    where = rng.random()
    if where < 0.03:
        area_ids = [municipality_id]
    elif where < 0.10:
        area_ids = [rng.choice(districts).id]
    else:
        # Neighbourhoods Zipf-like within the municipality: a few get most of the work.
        district = districts[min(int(rng.paretovariate(1.2)) - 1, len(districts) - 1)]
        hoods = catalogue.geo.neighbourhoods[district.id]
        count = 1 if where < 0.75 else rng.randint(2, min(4, len(hoods)))
        area_ids = [a.id for a in rng.sample(hoods, count)]
    return InterventionRows(row, tags, area_ids)


def make_theme_filters(catalogue: Catalogue, count: int) -> list[str]:
    """Theme keys to filter by, as often as the themes occur (Zipf)."""
    rng = random.Random(f"filters-{catalogue.seed}")
    cum = zipf_cum(len(catalogue.themes))
    return [catalogue.themes[bisect_left(cum, rng.random() * cum[-1])] for _ in range(count)]
