"""Load a large generated data set into PostgreSQL, for timing the project report (bench/run.py).

A million participants is what a county-wide installation gathers over some years: many
projects, a few dozen organisations, a thousand or so coordinators, and for every enrolment a
few progression measurements of ten answers each (tens of millions of answer rows). Written
through the ORM this takes hours; here every row is generated as a line of PostgreSQL's COPY
text format and streamed with psycopg's ``cursor.copy()``.

The world (organisations, projects, need groups, staff and roles) is made through the ordinary
actions, as an administrator would. One project, the *target*, gets exactly
``--target-participants`` persons (10,000 by default); the others share the rest. The target's
participants are spread at random over the whole id range, as a real project's rows are
interleaved with everybody else's, so the benchmark does not profit from rows that happen to lie
together on disk.

With ``--fast`` (the default for the benchmark database) the unique constraints, secondary
indexes and foreign keys of the loaded tables are dropped before COPY and created again after it,
which validates every row once at the end instead of row by row; the database is then vacuumed
and analysed. Without it (the tests) rows are written with every constraint in place.

Safety: the script only touches a PostgreSQL database whose name contains "bench", creates it
when missing and, with ``--reset``, drops and recreates it.

Usage (from the repository root)::

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/stegvis_bench \\
        .venv/bin/python bench/large_dataset.py --reset          # 1,000,000 participants
    ... bench/large_dataset.py --participants 100000 --reset       # a smaller try
"""

import argparse
import bisect
import datetime
import itertools
import json
import os
import random
import sys
import tempfile
import time
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stegvis.settings")

from stegvis.participants.ages import age_on  # noqa: E402

TARGET_CODE = "vagval"
NULL = "\\N"  # NULL in COPY's text format
EMAIL_LETTERS = str.maketrans({"å": "a", "ä": "a", "ö": "o", "é": "e", " ": "", "'": ""})
EMPTY_EXIT = f"{NULL}\t\t\t\t{NULL}"  # end date, reason, income, occupation, extent of no exit
DEFAULT_URL_HINT = "postgres://postgres@127.0.0.1:5432/stegvis_bench"

# Owners and partners of the projects; the target project's owner comes first.
MUNICIPALITIES = [
    "Göteborg",
    "Borås",
    "Trollhättan",
    "Uddevalla",
    "Alingsås",
    "Kungälv",
    "Lerum",
    "Partille",
    "Mölndal",
    "Kungsbacka",
    "Varberg",
    "Falkenberg",
    "Halmstad",
    "Laholm",
    "Växjö",
    "Alvesta",
    "Ljungby",
    "Älmhult",
    "Värnamo",
    "Jönköping",
    "Skövde",
    "Lidköping",
    "Mariestad",
    "Falköping",
    "Karlstad",
    "Kristinehamn",
    "Arvika",
    "Örebro",
    "Norrköping",
    "Linköping",
    "Västerås",
    "Eskilstuna",
    "Uppsala",
    "Gävle",
    "Sundsvall",
    "Östersund",
    "Umeå",
    "Luleå",
    "Malmö",
    "Helsingborg",
]
OTHER_ORGANIZATIONS = [
    ("af", "Arbetsförmedlingen", "af"),
    ("fk", "Försäkringskassan", "fk"),
    ("sf-vast", "Samordningsförbundet Väst", "samordningsforbund"),
    ("sf-syd", "Samordningsförbundet Syd", "samordningsforbund"),
    ("region-vast", "Region Väst", "region"),
    ("fhsk-vast", "Västra folkhögskolan", "folkhogskola"),
]
PROJECT_NAMES = [
    "Vägval",
    "Steg framåt",
    "Nya vägar",
    "Rätt stöd",
    "Framtidsspåret",
    "Jobbsteget",
    "Brobygget",
    "Hela vägen",
    "Kompassen",
    "Startlinjen",
    "Vidga vyerna",
    "Arbetslyftet",
    "Samsyn",
    "Nästa steg",
    "Trappan",
    "Växtkraft",
    "Ljuspunkten",
    "Bryggan",
    "Tillsammans",
    "Nyckeln",
    "Motivation",
    "Vändpunkten",
]
NEED_GROUPS = [
    "långtidsarbetslösa",
    "sammansatt problematik",
    "unga utanför arbete och studier",
    "nyanlända",
    "psykisk ohälsa",
    "långtidssjukskrivna",
    "utrikes födda kvinnor",
    "unga med aktivitetsersättning",
]
LANGUAGE_PROFILES = [
    {"sv": 60, "ar": 14, "so": 9, "prs": 7, "ti": 6, "sw": 4},
    {"sv": 25, "ar": 30, "prs": 18, "so": 13, "ti": 9, "sw": 5},
    {"sv": 75, "ar": 8, "so": 7, "prs": 5, "ti": 3, "sw": 2},
]
REFERRER_PROFILES = [
    {"af": 35, "fk": 20, "forsorjningsstod": 25, "socialtjanst": 7, "vard": 6, "egenremiss": 5, "annan": 2},
    {"af": 45, "forsorjningsstod": 30, "socialtjanst": 8, "egenremiss": 10, "vard": 4, "annan": 3},
    {"fk": 35, "af": 20, "forsorjningsstod": 20, "vard": 15, "egenremiss": 10},
]
# Participant measurements per enrolment (before the enrolment's length cuts them short).
MEASUREMENTS_PER_ENROLMENT = {0: 10, 1: 25, 2: 30, 3: 20, 4: 15}
STAFF_CARD_SHARE = 0.25  # enrolments where the coordinator also fills in the staff card
SOURCES = {"meeting": 70, "paper": 15, "self_link": 15}
CASELOAD = 500  # persons per coordinator over a project's life; sets how many coordinators there are
LEVELS_PER_STEP = 4  # score patterns per point on the 1..10 scale
PATTERNS_PER_LEVEL = 64


@dataclass(frozen=True)
class Spec:
    """What to generate. The defaults are the benchmark's data set."""

    participants: int = 1_000_000
    target_participants: int = 10_000
    projects: int = 20
    seed: int = 2026
    today: datetime.date = field(default_factory=datetime.date.today)
    target_threshold: Decimal = Decimal("0.25")

    def __post_init__(self):
        if not 0 < self.target_participants <= self.participants:
            raise ValueError("target_participants must be between 1 and participants")
        if self.projects < 2:
            raise ValueError("at least two projects: the target and one more")


# --- The database --------------------------------------------------------------------------------


class Refused(Exception):
    """The database is not one this script may write to; the message says why."""


def bench_database(url):
    """The parsed settings of ``url`` when it is a PostgreSQL database meant for benchmarks."""
    import dj_database_url

    if not url:
        raise Refused(f"DATABASE_URL is not set. Use e.g. DATABASE_URL={DEFAULT_URL_HINT}")
    config = dj_database_url.parse(url)
    if config["ENGINE"] != "django.db.backends.postgresql":
        raise Refused(f"DATABASE_URL must point at PostgreSQL, not {config['ENGINE']}.")
    if "bench" not in (config.get("NAME") or ""):
        raise Refused(
            f"The database name {config.get('NAME')!r} does not contain 'bench'. This script drops and "
            "fills whole databases, so it only works on one named for it, e.g. stegvis_bench."
        )
    return config


def _server_connection(config):
    """A connection to the server's maintenance database, for CREATE/DROP DATABASE."""
    import psycopg

    return psycopg.connect(
        dbname="postgres",
        host=config.get("HOST") or None,
        port=config.get("PORT") or None,
        user=config.get("USER") or None,
        password=config.get("PASSWORD") or None,
        autocommit=True,
    )


def ensure_database(config, reset=False):
    """Create the bench database if it is missing; with ``reset`` drop it first. True if created."""
    from psycopg import sql

    name = config["NAME"]
    with _server_connection(config) as server:
        exists = server.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and reset:
            server.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))
            exists = None
        if not exists:
            server.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            return True
    return False


def write_metadata(metadata):
    """Keep the load's figures with the data (a comment on the database), for run.py to report."""
    from django.db import connection
    from psycopg import sql

    text = json.dumps(metadata, sort_keys=True)
    with connection.cursor() as cursor:
        cursor.execute(
            sql.SQL("COMMENT ON DATABASE {} IS {}")
            .format(sql.Identifier(connection.settings_dict["NAME"]), sql.Literal(text))
            .as_string(cursor.connection)
        )


def read_metadata():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = current_database()"
        )
        row = cursor.fetchone()
    try:
        return json.loads(row[0]) if row and row[0] else {}
    except ValueError:
        return {}


# --- Drawing -------------------------------------------------------------------------------------


class Weighted:
    """Draws a key of ``weights`` in proportion to its weight (cumulative table made once)."""

    def __init__(self, weights):
        self.keys = list(weights)
        self.cumulative = list(itertools.accumulate(weights[k] for k in self.keys))
        self.total = self.cumulative[-1]

    def __call__(self, rng):
        return self.keys[bisect.bisect_right(self.cumulative, rng.random() * self.total)]


def _iso_cache():
    """``iso(ordinal)`` -> 'YYYY-MM-DD', memoised: the same few thousand days come up millions of times."""
    cache = {}

    def iso(ordinal):
        text = cache.get(ordinal)
        if text is None:
            text = cache[ordinal] = datetime.date.fromordinal(ordinal).isoformat()
        return text

    return iso


# --- The world: organisations, projects, staff ----------------------------------------------------


@dataclass
class ProjectPlan:
    """One project and what its participants are drawn from (ids of the rows made by the actions)."""

    id: int
    code: str
    owner_id: int
    start: int  # date ordinals
    end: int
    women: float
    languages: Weighted
    referrers: Weighted
    enrolling: list  # [(organization_id, weight)]
    coordinators: dict  # organization_id -> [user ids]
    need_groups: Weighted  # need group id (None for none registered)
    weight: float  # expected persons, for drawing which project a person joins
    pick_org: Weighted = None

    def __post_init__(self):
        self.pick_org = Weighted(dict(self.enrolling))


@dataclass
class World:
    target: ProjectPlan
    others: list
    org_prefix: dict  # organization id -> reference prefix
    org_municipality: dict  # organization id -> kommunkod of its municipality ("" for agencies)
    instrument_id: int
    item_ids: list
    leader_ids: dict = field(default_factory=dict)


def _slug(text):
    return text.lower().translate(str.maketrans({"å": "a", "ä": "a", "ö": "o", "é": "e", " ": "-"}))


def _municipality_name(town):
    return f"{town} kommun" if town.endswith("s") else f"{town}s kommun"


def _month_start(day, months_back):
    month0 = day.year * 12 + day.month - 1 - months_back
    return datetime.date(month0 // 12, month0 % 12 + 1, 1)


def build_world(spec, rng):
    """Organisations, projects (with partners, need groups, threshold), coordinators and leaders."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    from stegvis.organizations.actions import (
        add_need_group,
        grant_role,
        save_organization,
        save_project,
        update_project_settings,
    )
    from stegvis.participants.actions import add_project_partner
    from stegvis.participants.municipalities import municipality_code
    from stegvis.progression.defaults import PROGRESSIONSKORT
    from stegvis.progression.models import Instrument

    orgs, prefix, municipality = {}, {}, {}
    for name in MUNICIPALITIES:
        code = _slug(name)
        orgs[code], _c, _ch = save_organization(None, code=code, name=_municipality_name(name), kind="kommun")
        prefix[orgs[code].pk], municipality[orgs[code].pk] = code[:3].upper(), municipality_code(name)
    for code, name, kind in OTHER_ORGANIZATIONS:
        orgs[code], _c, _ch = save_organization(None, code=code, name=name, kind=kind)
        prefix[orgs[code].pk], municipality[orgs[code].pk] = code.upper().replace("-", ""), ""
    kommuner = [orgs[_slug(name)] for name in MUNICIPALITIES]

    # Persons per project: the target's fixed number, the rest by weight among the others.
    weights = [rng.randint(1, 4) for _ in range(spec.projects - 1)]
    rest = spec.participants - spec.target_participants
    expected = [spec.target_participants] + [rest * w / sum(weights) for w in weights]

    User = get_user_model()
    unusable = make_password(None)
    staff_names = Weighted({name: 1 for name in _staff_first_names()})
    plans = []
    for index in range(spec.projects):
        name = PROJECT_NAMES[index % len(PROJECT_NAMES)] + ("" if index < len(PROJECT_NAMES) else f" {index}")
        code = (
            TARGET_CODE if index == 0 else _slug(name) + ("" if index < len(PROJECT_NAMES) else f"-{index}")
        )
        owner = kommuner[index % len(kommuner)]
        if index == 0:  # running: started 30 months ago, ends in half a year
            start = _month_start(spec.today, 30)
            end = _month_start(spec.today, -7) - datetime.timedelta(days=1)
        else:  # some ended long ago, some run on
            start = _month_start(spec.today, rng.randint(12, 84))
            end = _month_start(start, -rng.randint(24, 48)) - datetime.timedelta(days=1)
        project, _c, _ch = save_project(
            None,
            code=code,
            name=name,
            owner=owner,
            start_date=start,
            end_date=end,
            funder=rng.choice(["esf", "amif", "finsam", "kommun"]),
        )
        partners = rng.sample([k for k in kommuner if k != owner], rng.randint(1, 3))
        partners += [orgs[code] for code in ("af", "fk", "sf-vast") if rng.random() < 0.4]
        for partner in partners:
            add_project_partner(None, project, organization=partner)
        groups = {}
        for group_name in rng.sample(NEED_GROUPS, 3):
            groups[add_need_group(None, project, name=group_name).pk] = rng.randint(2, 6)
        groups[None] = 1  # a few enrolments without a need group
        if index == 0:
            update_project_settings(None, project, progression_threshold=spec.target_threshold)
        enrolling = [(owner.pk, 6)] + [(p.pk, rng.randint(1, 4)) for p in partners]
        total_weight = sum(w for _pk, w in enrolling)
        coordinators = {}
        for org_id, weight in enrolling:
            count = max(2, round(expected[index] * weight / total_weight / CASELOAD))
            users = User.objects.bulk_create(
                [
                    User(
                        username=f"{code}.{org_id}.{n + 1}",
                        first_name=staff_names(rng),
                        last_name="Handläggare",
                        password=unusable,
                    )
                    for n in range(count)
                ]
            )
            org = next(o for o in orgs.values() if o.pk == org_id)
            for user in users:
                grant_role(None, user, role="coordinator", organization=org, project=project)
            coordinators[org_id] = [u.pk for u in users]
        leader = User.objects.create(
            username=f"{code}.projektledare", first_name="Projektledare", last_name=name, password=unusable
        )
        grant_role(None, leader, role="project_leader", project=project)
        plans.append(
            ProjectPlan(
                id=project.pk,
                code=code,
                owner_id=owner.pk,
                start=start.toordinal(),
                end=end.toordinal(),
                women=rng.uniform(0.38, 0.58),
                languages=Weighted(rng.choice(LANGUAGE_PROFILES)),
                referrers=Weighted(rng.choice(REFERRER_PROFILES)),
                enrolling=enrolling,
                coordinators=coordinators,
                need_groups=Weighted(groups),
                weight=expected[index],
            )
        )
    instrument = Instrument.objects.get(code=PROGRESSIONSKORT["code"], version=1)
    item_ids = list(instrument.items.order_by("position").values_list("pk", flat=True))
    return World(
        target=plans[0],
        others=plans[1:],
        org_prefix=prefix,
        org_municipality=municipality,
        instrument_id=instrument.pk,
        item_ids=item_ids,
    )


def _staff_first_names():
    from stegvis.demo import content

    return content.NAMES["sv"]["K"] + content.NAMES["sv"]["M"]


# --- COPY text ----------------------------------------------------------------------------------


def _copy_text(value):
    """One value in COPY's text format (the generated strings hold no tab, newline or backslash)."""
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, (dict, list)):
        return json.dumps(value)
    return str(value)


class Table:
    """One table being written: the columns the generator fills, then every other column's default.

    Other apps may add columns to these models at any time; they get their field's default
    (or NULL, or an empty string) here, so the loader keeps working without knowing them.
    ``fixed`` gives some of those columns another value, the same for every row.
    """

    def __init__(self, model, columns, folder, now, fixed=None):
        self.model = model
        self.name = model._meta.db_table
        fields = [f for f in model._meta.concrete_fields if f.attname in columns or not f.primary_key]
        by_name = {f.attname: f for f in fields}
        missing = [c for c in columns if c not in by_name]
        if missing:
            raise ValueError(f"{self.name} has no columns {missing}")
        rest = [f for f in fields if f.attname not in columns]
        self.columns = list(columns) + [f.column for f in rest]
        fixed = fixed or {}
        self.tail = (
            "".join(
                "\t" + _copy_text(fixed[f.attname] if f.attname in fixed else self._default(f, now))
                for f in rest
            )
            + "\n"
        )
        self.path = Path(folder) / f"{self.name}.copy"
        self.file = open(self.path, "w", encoding="utf-8", buffering=1 << 20)
        self.rows = 0

    @staticmethod
    def _default(f, now):
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            return now
        if f.has_default():
            return f.get_default()
        if f.null:
            return None
        if f.empty_strings_allowed:
            return ""
        raise ValueError(f"{f.model._meta.db_table}.{f.column} needs a value from the generator")

    def row(self, text):
        """Write one row: ``text`` holds the generator's columns, tab-separated."""
        self.file.write(text + self.tail)
        self.rows += 1

    def close(self):
        self.file.close()

    def copy_into(self, cursor, progress=None):
        """Stream the file into the table with COPY."""
        statement = f"COPY {self.name} ({', '.join(self.columns)}) FROM STDIN"
        with open(self.path, "rb") as source, cursor.copy(statement) as copy:
            while chunk := source.read(1 << 20):
                copy.write(chunk)
                if progress is not None:
                    progress.update(len(chunk))


def _next_id(cursor, model):
    cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {model._meta.db_table}")
    return cursor.fetchone()[0]


# --- The generator ------------------------------------------------------------------------------


class Generator:
    """Draws persons, enrolments, coordinator history, measurements with answers and language levels.

    Everything comes from one ``random.Random(seed)``, so the same arguments on the same day give
    the same data. Rows are written as COPY text to one file per table.
    """

    def __init__(self, spec, world, tables, first_ids):
        from stegvis.demo import content
        from stegvis.demo.generator import PersonnummerSource
        from stegvis.demo.generator import _exit_weights as exit_weights

        self.spec, self.world, self.t = spec, world, tables
        self.content = content
        self.numbers = PersonnummerSource()
        self.rng = random.Random(spec.seed + 1)
        self.iso = _iso_cache()
        self.horizon = (spec.today - datetime.timedelta(days=7)).toordinal()
        self.person_id, self.enrollment_id, self.measurement_id = first_ids
        self.pick_other = Weighted({i: plan.weight for i, plan in enumerate(world.others)})
        self.age_band = Weighted({(lo, hi): w for lo, hi, w in content.AGE_BANDS})
        self.education = {True: Weighted(content.EDUCATION_SV), False: Weighted(content.EDUCATION_OTHER)}
        self.contact = Weighted(content.CONTACT_PREFERENCES)
        self.channel = Weighted(content.INTAKE_CHANNELS)
        self.occupation = Weighted(content.OCCUPATION_START)
        self.income = {ref: Weighted(w) for ref, w in content.INCOME_BY_REFERRER.items()}
        # The demo's leanings: studies for the young, care for those sent by FK or healthcare.
        self.exit_reason = {
            (young, health): Weighted(exit_weights(young, health))
            for young in (False, True)
            for health in (False, True)
        }
        self.exit_status = {
            reason: (Weighted(incomes) if incomes else None, occupation, extents)
            for reason, (incomes, occupation, extents) in content.STATUS_AT_EXIT.items()
        }
        self.measurement_count = Weighted(MEASUREMENTS_PER_ENROLMENT)
        self.source = Weighted(SOURCES)
        self.patterns, self.blank_pattern = self._answer_patterns()
        self.enrol_education = any(
            f.attname == "education_level_start" for f in tables["enrollment"].model._meta.concrete_fields
        )

    def _answer_patterns(self):
        """COPY text of ten answers for every score level, ``\\x00`` where the measurement id goes.

        A measurement's answers are then one ``str.replace``: the generator draws a level per
        measurement, not a value per answer, which keeps tens of millions of answers cheap. Each
        item leans a little above or below the person's level, and about one answer in 25 is
        "vet inte / vill inte svara" (NULL).
        """
        rng = random.Random(self.spec.seed + 2)
        tail = self.t["answer"].tail
        bias = [rng.gauss(0, 0.6) for _ in self.world.item_ids]
        patterns = []
        for step in range(9 * LEVELS_PER_STEP + 1):
            level = 1 + step / LEVELS_PER_STEP
            variants = []
            for _v in range(PATTERNS_PER_LEVEL):
                parts, answered = [], []
                for item_id, lean in zip(self.world.item_ids, bias, strict=False):
                    if rng.random() < 0.04:
                        value = "\\N"
                    else:
                        answered.append(min(10, max(1, round(level + lean + rng.gauss(0, 1.0)))))
                        value = str(answered[-1])
                    parts.append(f"\x00{item_id}\t{value}{tail}")
                variants.append(("".join(parts), sum(answered), len(answered)))
            patterns.append(variants)
        blank = ("".join(f"\x00{item_id}\t\\N{tail}" for item_id in self.world.item_ids), 0, 0)
        return patterns, blank

    def run(self, progress=None):
        spec, rng = self.spec, self.rng
        target_indices = set(rng.sample(range(spec.participants), spec.target_participants))
        for index in range(spec.participants):
            if index in target_indices:
                plan = self.world.target
            else:
                plan = self.world.others[self.pick_other(rng)]
            self._person(index, plan)
            if progress is not None and index % 10_000 == 9_999:
                progress.update(10_000)
        if progress is not None:
            progress.update(spec.participants % 10_000)

    # --- one person ----------------------------------------------------------------------------

    def _person(self, index, plan):
        rng, _iso, content = self.rng, self.iso, self.content
        pid = self.person_id
        self.person_id += 1
        org_id = plan.pick_org(rng)
        last = min(plan.end, self.horizon)
        start = plan.start + rng.randrange(max(1, last - plan.start + 1))
        gender = "K" if rng.random() < plan.women else "M"
        if rng.random() < 0.004:
            gender = "X"
        lo, hi = self.age_band(rng)
        age = rng.randint(lo, hi)
        birth = datetime.date.fromordinal(start - 365 * age - rng.randint(1, 364))
        language = plan.languages(rng)
        kind = rng.random()
        protected, anonymous = kind < 0.01, 0.01 <= kind < 0.09
        number = NULL
        if not protected and not anonymous:
            # Numbers are handed out per legal gender digit (odd for men); X shares the even ones.
            number, birth = self.numbers.next(birth, "M" if gender == "M" else "K")
        names = content.NAMES[language]
        first = rng.choice(names[gender] if gender != "X" else names["K"] + names["M"])
        surname = rng.choice(names["last"])
        education = self.education[language == "sv"](rng)
        contact, phone, email = self.contact(rng), "", ""
        if anonymous:
            first = surname = contact = ""
        elif contact in ("sms", "phone"):
            phone = f"070-{rng.randint(content.FICTION_PHONE_FIRST, content.FICTION_PHONE_LAST)}"
        elif contact == "email":
            email = f"{first}.{surname}@example.org".lower().translate(EMAIL_LETTERS)
        interpreter = "f" if language == "sv" else ("t" if rng.random() < 0.6 else "f")
        home = self.world.org_municipality[org_id] or self.world.org_municipality[plan.owner_id]
        education_text = NULL if education is None else str(education)
        birth_text = NULL if anonymous else birth.isoformat()
        self.t["person"].row(
            f"{pid}\t{number}\t{'t' if protected else 'f'}\t{first}\t{surname}\t{birth_text}\t{birth.year}\t"
            f"{gender}\t{home}\t{language}\t{interpreter}\t{contact}\t{phone}\t{email}\t{education_text}\t{org_id}"
        )
        self.t["ref"].row(f"{pid}\t{org_id}\t{self.world.org_prefix[org_id]}-{pid:08d}")
        born = (None if anonymous else birth, birth.year)
        end, reason = self._enrollment(pid, plan, org_id, gender, start, age, born, language, education_text)
        if end is not None:
            again = None
            if reason in content.RE_ENROL_AFTER and rng.random() < 0.25:
                again = (plan, org_id, end + rng.randint(30, 200))
            elif reason == "flytt" and rng.random() < 0.35:
                other = self.world.others[self.pick_other(rng)]
                if other is not plan:
                    again = (other, other.owner_id, end + rng.randint(20, 120))
            if again is not None:
                other, other_org, day = again
                if other.start <= day <= min(other.end, self.horizon):
                    self._enrollment(pid, other, other_org, gender, day, age, born, language, education_text)
        if language != "sv" and rng.random() < 0.25:
            self._language_levels(pid, start)

    def _enrollment(self, pid, plan, org_id, gender, start, age, born, language, education_text):
        """One enrolment with its coordinator history and measurements. Returns (end, reason).

        ``age`` is the age drawn for the person; ``born`` (birth date or None, birth year) gives
        the age on this enrolment's start as Stegvis stores it.
        """
        rng, iso = self.rng, self.iso
        eid = self.enrollment_id
        self.enrollment_id += 1
        referrer = plan.referrers(rng)
        if age < 20 and rng.random() < 0.7:
            referrer = "kaa"
        channel = "egenremiss" if referrer == "egenremiss" else self.channel(rng)
        income = self.income[referrer](rng)
        if rng.random() < 0.02:
            referrer = ""
        if rng.random() < 0.03:
            channel = ""
        occupation = self.occupation(rng)
        extent = str(rng.choice([25, 25, 50])) if occupation == "arbete" else NULL
        group = plan.need_groups(rng)
        coordinators = plan.coordinators[org_id]
        coordinator = rng.choice(coordinators)
        end = start + 30 + int(rng.gammavariate(2.0, 120.0))
        closes = min(plan.end, self.horizon)
        reason = ""
        if end > closes:
            end = plan.end if plan.end <= self.horizon else None  # the project ended: everyone leaves
        if end is not None:
            reason = self.exit_reason[age < 25, referrer in ("fk", "vard")](rng)
        exit_cols = EMPTY_EXIT
        if end is not None:
            incomes, exit_occupation, extents = self.exit_status[reason]
            exit_income = incomes(rng) if incomes else income
            exit_extent = str(rng.choice(extents)) if extents else NULL
            exit_cols = f"{iso(end)}\t{reason}\t{exit_income}\t{exit_occupation}\t{exit_extent}"
        # Coordinator history: the first at the start, sometimes one or two changes later.
        last_day = end if end is not None else self.horizon
        history = [(start, coordinator)]
        draw = rng.random()
        changes = 2 if draw < 0.03 else 1 if draw < 0.15 else 0
        if changes and len(coordinators) > 1 and last_day - start > 30:
            for day in sorted(rng.sample(range(start + 14, last_day - 1), changes)):
                history.append((day, rng.choice([c for c in coordinators if c != history[-1][1]])))
        group_text = NULL if group is None else group
        extra = f"\t{education_text}" if self.enrol_education else ""
        # Columns as ENROLLMENT_COLUMNS; the exit's end date and reason sit between the start and the
        # status at start, so the exit's five values are split around it.
        end_text, reason_text, exit_status = exit_cols.split("\t", 2)
        self.t["enrollment"].row(
            f"{eid}\t{pid}\t{plan.id}\t{org_id}\t{gender}\t{age_on(*born, datetime.date.fromordinal(start))}\t"
            f"{referrer}\t{channel}\t{group_text}\t"
            f"{history[-1][1]}\t{iso(start)}\t{end_text}\t{reason_text}\t{income}\t{occupation}\t{extent}\t"
            f"{exit_status}{extra}"
        )
        assignments = self.t["assignment"]
        for day, user in history:
            assignments.row(f"{eid}\t{user}\t{iso(day)}\t{NULL}")
        self._measurements(eid, start, end, last_day, coordinator, language)
        return end, reason

    def _measurements(self, eid, start, end, last_day, coordinator, language):
        rng, _iso = self.rng, self.iso
        count = self.measurement_count(rng)
        days = []
        day = start + rng.randint(0, 14)
        while len(days) < count and day <= last_day:
            days.append(day)
            day += rng.randint(70, 110)
        if end is not None and rng.random() < 0.01 and end + 10 <= self.horizon:
            days.append(min(end + rng.randint(10, 40), self.horizon))  # registered after the exit
        if not days:
            return
        level = rng.uniform(2.0, 7.5)
        staff = rng.random() < STAFF_CARD_SHARE
        staff_lean = rng.gauss(-0.3, 0.7)
        for n, day in enumerate(days):
            if n:
                level = min(10.0, max(1.0, level + rng.gauss(0.5, 1.0)))
            self._card(eid, day, "deltagare", level, coordinator, language)
            if staff:
                self._card(eid, day, "handlaggare", min(10.0, max(1.0, level + staff_lean)), coordinator, "")

    def _card(self, eid, day, respondent, level, coordinator, language):
        rng = self.rng
        mid = self.measurement_id
        self.measurement_id += 1
        source = "meeting" if respondent == "handlaggare" else self.source(rng)
        registered_by = NULL if source == "self_link" else coordinator
        card_language = language if source == "self_link" else ""
        if rng.random() < 0.003:
            pattern = self.blank_pattern  # every answer "vet inte": the rule skips such a card
        else:
            pattern = self.patterns[int((level - 1) * LEVELS_PER_STEP + 0.5)][
                rng.randrange(PATTERNS_PER_LEVEL)
            ]
        pattern, answered_sum, answered_count = pattern
        self.t["measurement"].row(
            f"{mid}\t{eid}\t{self.world.instrument_id}\t{respondent}\t{self.iso(day)}\t{source}\t"
            f"{registered_by}\t{card_language}\t{answered_sum}\t{answered_count}"
        )
        answers = self.t["answer"]
        answers.file.write(pattern.replace("\x00", f"{mid}\t"))
        answers.rows += len(self.world.item_ids)

    def _language_levels(self, pid, start):
        rng, iso = self.rng, self.iso
        rank = rng.randint(0, 2)
        day = start + rng.randint(0, 30)
        for _n in range(rng.randint(2, 3)):
            if day > self.horizon:
                return
            self.t["language"].row(f"{pid}\t{iso(day)}\tsfi\t{'ABCD'[rank]}\t{NULL}")
            if rank < 3 and rng.random() < 0.5:
                rank += 1
            day += rng.randint(120, 200)


# --- Loading -------------------------------------------------------------------------------------

PERSON_COLUMNS = (
    "id",
    "personnummer",
    "protected_identity",
    "first_name",
    "last_name",
    "birth_date",
    "birth_year",
    "gender",
    "home_municipality",
    "language",
    "interpreter_needed",
    "contact_preference",
    "phone",
    "email",
    "education_level",
    "registered_by_id",
)
ENROLLMENT_COLUMNS = (
    "id",
    "person_id",
    "project_id",
    "organization_id",
    "gender",
    "age_at_start",
    "referrer",
    "intake_channel",
    "need_group_id",
    "coordinator_id",
    "start_date",
    "end_date",
    "exit_reason",
    "income_source_start",
    "occupation_start",
    "work_extent_start",
    "income_source_exit",
    "occupation_exit",
    "work_extent_exit",
)


def _tables(folder, now):
    from stegvis.participants.models import CoordinatorAssignment, Enrollment, ParticipantRef, Person
    from stegvis.progression.models import Answer, LanguageLevel, Measurement

    enrollment_columns = ENROLLMENT_COLUMNS
    if any(f.attname == "education_level_start" for f in Enrollment._meta.concrete_fields):
        enrollment_columns += ("education_level_start",)
    # Every generated person has an enrolment (written with them), so none is "not yet enrolled":
    # the flag is False as the actions would leave it, and the coordinators' intake index is as
    # small as in real use.
    person_fixed = {"not_yet_enrolled": False}
    specs = {
        "person": (Person, PERSON_COLUMNS),
        "ref": (ParticipantRef, ("person_id", "organization_id", "ref")),
        "enrollment": (Enrollment, enrollment_columns),
        "assignment": (
            CoordinatorAssignment,
            ("enrollment_id", "coordinator_id", "from_date", "assigned_by_id"),
        ),
        "measurement": (
            Measurement,
            (
                "id",
                "enrollment_id",
                "instrument_id",
                "respondent",
                "date",
                "source",
                "registered_by_id",
                "language",
                "answered_sum",
                "answered_count",
            ),
        ),
        "answer": (Answer, ("measurement_id", "item_id", "value")),
        "language": (LanguageLevel, ("person_id", "date", "framework", "level", "registered_by_id")),
    }
    # Insertion order: every table after the ones it refers to.
    fixed = {"person": {k: v for k, v in person_fixed.items() if hasattr(Person, k)}}
    return {
        key: Table(model, columns, folder, now, fixed.get(key)) for key, (model, columns) in specs.items()
    }


class DroppedConstraints:
    """Drop the unique constraints, secondary indexes and foreign keys of ``tables``; put them back.

    Definitions are read from the catalogue (``pg_get_constraintdef``/``pg_get_indexdef``), so
    whatever the migrations made is restored exactly, with the same names. Check constraints
    and primary keys stay: they are cheap per row and catch a wrong row at once.
    """

    def __init__(self, cursor, tables):
        self.cursor, self.tables = cursor, list(tables)

    def drop(self):
        c = self.cursor
        c.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid), contype FROM pg_constraint "
            "WHERE conrelid = ANY(%s::regclass[]) AND contype IN ('f', 'u') ORDER BY contype DESC",
            [self.tables],
        )
        self.constraints = c.fetchall()
        c.execute(
            "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
            "WHERE i.indrelid = ANY(%s::regclass[]) AND NOT i.indisprimary "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)",
            [self.tables],
        )
        self.indexes = c.fetchall()
        for table, name, _definition, _type in self.constraints:
            c.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        for name, _definition in self.indexes:
            c.execute(f"DROP INDEX {name}")

    def restore(self, progress=None):
        c = self.cursor
        # Unique constraints (type 'u', sorted first) and plain indexes, then the foreign keys.
        steps = [
            (f'ALTER TABLE {t} ADD CONSTRAINT "{n}" {d}', n) for t, n, d, k in self.constraints if k == "u"
        ]
        steps += [(definition, name) for name, definition in self.indexes]
        steps += [
            (f'ALTER TABLE {t} ADD CONSTRAINT "{n}" {d}', n) for t, n, d, k in self.constraints if k == "f"
        ]
        for statement, name in steps:
            if progress is not None:
                progress.set_postfix_str(name[:40])
            c.execute(statement)
            if progress is not None:
                progress.update(1)
        return len(steps)


def load(spec, *, fast=False, progress=False, log=print):
    """Build the world and load the generated rows with COPY. Returns the load's figures (a dict).

    ``fast`` drops and restores constraints around COPY and vacuums afterwards: only for a
    database of its own (``main`` checks), never inside a transaction. ``progress`` shows tqdm
    bars.
    """
    from django.db import connection, transaction
    from django.utils import timezone
    from tqdm import tqdm

    timings = {}
    began = time.monotonic()
    rng = random.Random(spec.seed)
    with transaction.atomic():
        world = build_world(spec, rng)
    timings["world"] = time.monotonic() - began

    from stegvis.participants.models import Enrollment, Person
    from stegvis.progression.models import Measurement

    with tempfile.TemporaryDirectory(prefix="stegvis-bench-") as folder, connection.cursor() as cursor:
        tables = _tables(folder, timezone.now())
        first_ids = tuple(_next_id(cursor, model) for model in (Person, Enrollment, Measurement))
        generator = Generator(spec, world, tables, first_ids)
        started = time.monotonic()
        bar = tqdm(
            total=spec.participants, desc="generate", unit=" persons", disable=not progress, mininterval=2
        )
        generator.run(bar)
        bar.close()
        for table in tables.values():
            table.close()
        timings["generate"] = time.monotonic() - started

        dropped = None
        if fast:
            cursor.execute("SET maintenance_work_mem = '2GB'")
            dropped = DroppedConstraints(cursor, [t.name for t in tables.values()])
            dropped.drop()
        started = time.monotonic()
        total_bytes = sum(t.path.stat().st_size for t in tables.values())
        bar = tqdm(
            total=total_bytes, desc="copy", unit="B", unit_scale=True, disable=not progress, mininterval=2
        )
        for table in tables.values():
            bar.set_postfix_str(table.name)
            t0 = time.monotonic()
            with transaction.atomic():
                table.copy_into(cursor, bar)
            timings[f"copy {table.name}"] = time.monotonic() - t0
        bar.close()
        timings["copy"] = time.monotonic() - started
        log(f"copied {total_bytes / 1e6:.0f} MB in {timings['copy']:.0f} s")

        started = time.monotonic()
        if dropped is not None:
            count = len(dropped.constraints) + len(dropped.indexes)
            bar = tqdm(total=count, desc="constraints", disable=not progress)
            dropped.restore(bar)
            bar.close()
        else:
            # Foreign keys are deferred to the end of the transaction: check the new rows now.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        timings["constraints"] = time.monotonic() - started

        _reset_sequences(cursor, [t.model for t in tables.values()])
        started = time.monotonic()
        names = ", ".join(t.name for t in tables.values())
        cursor.execute(f"VACUUM (ANALYZE) {names}" if fast else f"ANALYZE {names}")
        if fast:
            cursor.execute("ANALYZE")  # the small tables of the world too
        timings["analyze"] = time.monotonic() - started
        rows = {t.name: t.rows for t in tables.values()}
    timings["total"] = time.monotonic() - began
    return {
        "participants": spec.participants,
        "target_project": TARGET_CODE,
        "target_participants": spec.target_participants,
        "projects": spec.projects,
        "seed": spec.seed,
        "today": spec.today.isoformat(),
        "rows": rows,
        "seconds": {k: round(v, 1) for k, v in timings.items()},
        "fast": fast,
    }


def _reset_sequences(cursor, models):
    from django.core.management.color import no_style
    from django.db import connection

    for statement in connection.ops.sequence_reset_sql(no_style(), models):
        cursor.execute(statement)


# --- Command line -------------------------------------------------------------------------------


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        description=(
            "Load a large generated data set into a PostgreSQL benchmark database with COPY. "
            "DATABASE_URL must name a PostgreSQL database whose name contains 'bench' "
            f"(e.g. {DEFAULT_URL_HINT}); it is created when missing."
        ),
    )
    parser.add_argument(
        "--participants", type=int, default=Spec.participants, help="persons in all (default 1000000)"
    )
    parser.add_argument(
        "--target-participants",
        type=int,
        default=Spec.target_participants,
        help=f"persons in the target project '{TARGET_CODE}' (default 10000)",
    )
    parser.add_argument(
        "--projects", type=int, default=Spec.projects, help="projects, the target included (default 20)"
    )
    parser.add_argument("--seed", type=int, default=Spec.seed)
    parser.add_argument("--reset", action="store_true", help="drop and recreate the bench database first")
    parser.add_argument(
        "--no-fast",
        action="store_true",
        help="keep every constraint and index during COPY (slower; the tests' way)",
    )
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    try:
        config = bench_database(os.environ.get("DATABASE_URL"))
    except Refused as refusal:
        sys.exit(f"large_dataset.py: {refusal}")
    spec = Spec(
        participants=args.participants,
        target_participants=args.target_participants,
        projects=args.projects,
        seed=args.seed,
    )
    created = ensure_database(config, reset=args.reset)
    print(f"database {config['NAME']}: {'created' if created else 'exists'}", flush=True)

    import django

    django.setup()
    from django.core.management import call_command

    started = time.monotonic()
    call_command("migrate", verbosity=0, interactive=False)
    migrate_seconds = time.monotonic() - started
    from stegvis.organizations.models import Project
    from stegvis.participants.models import Person

    if Person.objects.exists() or Project.objects.exists():
        sys.exit(f"large_dataset.py: {config['NAME']} already holds data; use --reset to start again.")
    figures = load(spec, fast=not args.no_fast, progress=True, log=lambda text: print(text, flush=True))
    figures["seconds"]["migrate"] = round(migrate_seconds, 1)
    figures["loaded_at"] = datetime.datetime.now().replace(microsecond=0).isoformat()
    write_metadata(figures)
    print(json.dumps(figures, indent=2, sort_keys=True))


if __name__ == "__main__":
    main()
