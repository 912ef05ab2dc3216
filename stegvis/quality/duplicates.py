"""Likely duplicate persons: pairs found by the database with one self-join, never a loop in Python.

Two persons (neither merged away nor anonymised) are a likely pair when

- they have the **same birth date** and **similar names**, or
- both are **anonymous** (no personnummer, no protected identity: SUS-style registrations with a
  birth year only), have the **same birth year** and the **same name** (as normalised below,
  first and last name also taken the other way round), unless both have a birth date and the
  dates differ.

Names are compared **normalised**: case folded, the accents of Swedish and the common European
letters stripped (å ä á à â ã → a, ö ó ò ô ø õ → o, é è ê ë → e, ü ú ù û → u, í ì î ï → i,
ç → c, ñ → n, ý → y), and hyphens, spaces, apostrophes and full stops removed, so
"Anna-Karin Öberg" and "annakarin oberg" are the same. Two names are **similar** when

1. first and last name written together are equal ("Anna Karin | Öberg" and "Anna | Karin Öberg"), or
2. they are equal with first and last name swapped, or
3. one part is equal and the other part of one is the beginning of the other's ("Anna | Berg" and
   "Anna-Karin | Berg", or "Ali | Hassan" and "Ali | Hassan Ahmed"; an initial counts).

A name with neither part given is never similar to anything. A one-letter typo ("Mohamed",
"Mohammed") is not caught: edit distance has no portable SQL (SQLite has none), and a rule that
differs between the test database and production would be worse than a narrower one.

The persons compared are only those of the enrolments given (one project's, or those a user
may see), so the join is over one birth date (or birth year) group of a project at a time.
The pair is ordered (the lower id first) and counted once.
"""

from django.db import connections
from django.db.models import Case, IntegerField, Q, Subquery, Value, When
from django.db.models.functions import Lower

from stegvis.core.sql import compiled_sql
from stegvis.participants.models import Person

_PLAIN = {
    "a": "åäáàâã",
    "o": "öóòôøõ",
    "e": "éèêë",
    "u": "üúùû",
    "i": "íìîï",
    "c": "ç",
    "n": "ñ",
    "y": "ý",
}
_REMOVED = "- '."


def _replacements():
    """``(from, to)`` pairs, in order: accented letters in both cases (SQLite's ``lower`` folds
    only ASCII letters), then the separators removed."""
    pairs = [(letter, plain) for plain, accented in _PLAIN.items() for letter in accented + accented.upper()]
    return pairs + [(separator, "") for separator in _REMOVED]


# Replacements per step: SQLite's parser refuses a few dozen nested calls, so the names are
# normalised in steps, one CTE each, a few ``REPLACE`` deep.
_STEP = 8


def _normalising_steps():
    """``(sql, params)`` of the CTEs ``n1``.. that normalise ``nf`` and ``nl`` of ``n0``, ending in ``c``."""
    pairs = _replacements()
    steps = [pairs[i : i + _STEP] for i in range(0, len(pairs), _STEP)]
    parts, params = [], []
    for number, step in enumerate(steps, start=1):
        columns = []
        for column in ("nf", "nl"):
            expression = column
            for old, new in step:
                expression = f"REPLACE({expression}, %s, %s)"
                params += [old, new]
            columns.append(f"{expression} AS {column}")
        name = "c" if number == len(steps) else f"n{number}"
        parts.append(
            f"{name} AS (SELECT id, birth_date, birth_year, {columns[0]}, {columns[1]}, anon FROM n{number - 1})"
        )
    return ",\n".join(parts), params


def _candidates(enrollments):
    """The persons of ``enrollments`` with their normalised names, as the columns the join reads."""
    return (
        Person.objects.filter(
            pk__in=Subquery(enrollments.order_by().values("person_id")),
            merged_into__isnull=True,
            anonymised_at__isnull=True,
        )
        .annotate(
            _nf=Lower("first_name"),
            _nl=Lower("last_name"),
            _anon=Case(
                When(Q(personnummer__isnull=True) & Q(protected_identity=False), then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            ),
        )
        .order_by()
        .values("pk", "birth_date", "birth_year", "_nf", "_nl", "_anon")
    )


_FULL_A, _FULL_B = "(a.nf || a.nl)", "(b.nf || b.nl)"
_SAME_NAME = f"({_FULL_A} = {_FULL_B} OR {_FULL_A} = (b.nl || b.nf))"


def _starts(longer, shorter):
    return f"(LENGTH({shorter}) > 0 AND SUBSTR({longer}, 1, LENGTH({shorter})) = {shorter})"


def _prefix(part):
    return f"({_starts(f'a.{part}', f'b.{part}')} OR {_starts(f'b.{part}', f'a.{part}')})"


_SIMILAR = f"({_SAME_NAME} OR (a.nl = b.nl AND {_prefix('nf')}) OR (a.nf = b.nf AND {_prefix('nl')}))"

_PAIRS = f"""
WITH n0 (id, birth_date, birth_year, nf, nl, anon) AS ({{candidates}}),
{{steps}}
SELECT a.id AS first_id, b.id AS second_id
  FROM c a JOIN c b ON a.birth_date = b.birth_date AND a.id < b.id
 WHERE {_FULL_A} <> '' AND {_FULL_B} <> '' AND {_SIMILAR}
UNION
SELECT a.id AS first_id, b.id AS second_id
  FROM c a JOIN c b ON a.birth_year = b.birth_year AND a.id < b.id
 WHERE a.anon = 1 AND b.anon = 1 AND {_FULL_A} <> '' AND {_SAME_NAME}
   AND (a.birth_date IS NULL OR b.birth_date IS NULL OR a.birth_date = b.birth_date)
"""


class DuplicatePairs:
    """The likely pairs among the persons of ``enrollments``: counted, or read a page at a time.

    Behaves as a list for Django's ``Paginator`` (``count()`` and slicing), each slice one query
    of ``(first_id, second_id)`` ordered by the ids.
    """

    def __init__(self, enrollments):
        candidates = _candidates(enrollments)
        self._db = candidates.db
        compiled = compiled_sql(candidates)
        steps, step_params = _normalising_steps()
        self._sql = None if compiled is None else _PAIRS.format(candidates=compiled[0], steps=steps)
        self._params = () if compiled is None else (*compiled[1], *step_params)

    def _fetch(self, sql, params):
        with connections[self._db].cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def count(self):
        if self._sql is None:
            return 0
        return self._fetch(f"SELECT COUNT(*) FROM ({self._sql}) pairs", self._params)[0][0]

    def __len__(self):
        return self.count()

    def __getitem__(self, window):
        if not isinstance(window, slice) or window.step is not None or window.stop is None:
            raise TypeError("DuplicatePairs takes a slice with an end and no step")
        if self._sql is None:
            return []
        start = window.start or 0
        sql = f"SELECT first_id, second_id FROM ({self._sql}) pairs ORDER BY first_id, second_id LIMIT %s OFFSET %s"
        return self._fetch(sql, (*self._params, max(window.stop - start, 0), start))
