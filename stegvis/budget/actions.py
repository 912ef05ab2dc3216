"""Every write to a project's budget, actual costs and co-financing rates: validate, write, audit.

Budget data is project data: administrators and the project's leaders change it
(``may(user, CHANGE, project)``, :func:`stegvis.budget.access.may_change`). ``user`` ``None`` is the
command line or the demo generator. Errors are :class:`~stegvis.core.errors.ActionError` keyed by
the form's field names, with Swedish messages naming the field; a row changed by someone else
since the page was opened is a :class:`~stegvis.core.errors.ConflictError`. Each action is all or
nothing: one bad cell and nothing is written.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any, TypeVar

from django.db import transaction
from django.utils.translation import gettext as _

from stegvis.audit.log import AuditAction, record, record_many
from stegvis.budget.access import may_change
from stegvis.budget.costfile import CostFileError, read_cost_file
from stegvis.budget.models import (
    COMPUTED,
    ActualCost,
    BudgetLine,
    CoFinancingRate,
    CostCategory,
    RateKind,
)
from stegvis.budget.periods import quarter_label
from stegvis.core.concurrency import parse_version
from stegvis.core.errors import ActionError, ConflictError, NotAllowed
from stegvis.organizations.models import Project

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from stegvis.core.access import Actor

MAX_AMOUNT = Decimal("9999999999.99")
NOTE_MAX = 500
Row = TypeVar("Row", BudgetLine, ActualCost)


@dataclass(frozen=True)
class AmountInput:
    """One cell of a form: the amount as typed and the row's version when the page was shown (0: none)."""

    version: int | str | None
    amount: str | Decimal | None
    note: str = ""


def parse_amount(raw: Any, label: "StrOrPromise", negative: bool = False) -> Decimal | None:
    """Kronor as typed (``12 345,50``, ``12345.5``, ``-300``), or ``None`` when empty.

    Raises :class:`ValueError` with the Swedish message naming ``label``.
    """
    if raw is None:
        return None
    if isinstance(raw, Decimal):
        number = raw
    else:
        text = str(raw).strip().replace("\u00a0", "").replace(" ", "").replace("kr", "").replace(",", ".")
        if not text:
            return None
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise ValueError(
                _("%(label)s: ange ett belopp i kronor, till exempel 12 500 eller 12 500,50.")
                % {"label": label}
            ) from None
    if not number.is_finite() or abs(number) > MAX_AMOUNT:
        raise ValueError(_("%(label)s: beloppet är för stort.") % {"label": label})
    if number < 0 and not negative:
        raise ValueError(_("%(label)s: beloppet kan inte vara negativt.") % {"label": label})
    if number != number.quantize(Decimal("0.01")):
        raise ValueError(_("%(label)s: högst två decimaler (ören).") % {"label": label})
    return number.quantize(Decimal("0.01"))


def _check_may_change(user: "Actor", project: Project) -> None:
    if not may_change(user, project):
        raise NotAllowed(_("Bara projektledare och administratörer kan ändra projektets budget."))


def budget_field(category: str, quarter: datetime.date) -> str:
    """The form field of one budget cell, which its errors are keyed by."""
    return f"b-{category}-{quarter:%Y-%m}"


def cost_field(category: str) -> str:
    return f"a-{category}"


def note_field(category: str) -> str:
    return f"n-{category}"


def _version(given: int | str | None) -> int:
    """The version a cell was shown with: 0 (or empty) for a cell that had no row."""
    return 0 if given in (None, "") else parse_version(given)


def _write_cells(
    user: "Actor",
    existing: dict[Any, Row],
    wanted: dict[Any, tuple[int, Decimal | None, str]],
    make: Callable[[Any, Decimal, str], Row],
    detail: str,
) -> int:
    """Create, change or delete rows so each key holds its wanted amount (``None``: no row).

    ``wanted`` maps a key to (version shown, amount, note). A version that no longer matches
    is a conflict for the whole save. Returns how many rows changed.
    """
    created: list[Row] = []
    updated: list[tuple[Row, dict[str, list[Any]]]] = []
    deleted: list[Row] = []
    for key, (version, amount, note) in wanted.items():
        row = existing.get(key)
        if row is None:
            if version != 0:
                raise ConflictError()
            if amount is not None:
                created.append(make(key, amount, note))
            continue
        if amount is None:
            if version != row.version:
                raise ConflictError()
            deleted.append(row)
            continue
        before = {"amount": str(row.amount), "note": getattr(row, "note", "")}
        if row.amount == amount and before["note"] == note:
            continue
        row.amount = amount
        fields = ["amount"]
        if isinstance(row, ActualCost):
            row.note = note
            fields.append("note")
        row.save_versioned(version, fields)
        changes = {"amount": [before["amount"], str(amount)]}
        if isinstance(row, ActualCost) and before["note"] != note:
            changes["note"] = [before["note"], note]
        updated.append((row, changes))
    if deleted:
        record_many(user, AuditAction.DELETE, deleted, detail=detail)
        type(deleted[0]).objects.filter(pk__in=[r.pk for r in deleted]).delete()
    if created:
        model = type(created[0])
        model.objects.bulk_create(created)  # ids come back on PostgreSQL and SQLite 3.35+
        record_many(
            user,
            AuditAction.CREATE,
            created,
            detail=detail,
            changes=[{"amount": [None, str(r.amount)]} for r in created],
        )
    if updated:
        record_many(
            user,
            AuditAction.UPDATE,
            [r for r, _c in updated],
            detail=detail,
            changes=[c for _r, c in updated],
        )
    return len(created) + len(updated) + len(deleted)


def save_budget(user: "Actor", project: Project, inputs: dict[tuple[str, datetime.date], AmountInput]) -> int:
    """Save budget cells (category, quarter) at once: all or nothing. An empty cell removes its line.

    Returns how many lines changed.
    """
    _check_may_change(user, project)
    errors: dict[str, list[str]] = {}
    wanted: dict[tuple[str, datetime.date], tuple[int, Decimal | None, str]] = {}
    for (category, quarter), given in inputs.items():
        field = budget_field(category, quarter)
        if category not in CostCategory.values or quarter.month not in (1, 4, 7, 10) or quarter.day != 1:
            errors[field] = [_("Budgetcellen finns inte (okänt kostnadsslag eller kvartal).")]
            continue
        label = _("Budget för %(category)s %(quarter)s") % {
            "category": CostCategory(category).label,
            "quarter": quarter_label(quarter),
        }
        try:
            wanted[(category, quarter)] = (_version(given.version), parse_amount(given.amount, label), "")
        except ValueError as exc:
            errors[field] = [str(exc)]
    if errors:
        raise ActionError(errors)
    with transaction.atomic():
        existing = {
            (row.category, row.quarter): row
            for row in BudgetLine.objects.select_for_update().filter(
                project=project, quarter__in={q for _c, q in wanted}
            )
        }
        return _write_cells(
            user,
            existing,
            wanted,
            lambda key, amount, _note: BudgetLine(
                project=project, category=key[0], quarter=key[1], amount=amount
            ),
            _("Budget %(project)s") % {"project": project.code},
        )


def _month_label(month: datetime.date) -> str:
    return f"{month:%Y-%m}"


def _entered_category(category: str) -> str | None:
    """The Swedish reason ``category`` cannot take an entered actual cost, or ``None`` when it can."""
    if category not in CostCategory.values:
        return _("okänt kostnadsslag. Giltiga: %(codes)s.") % {"codes": ", ".join(_entered_codes())}
    if category in COMPUTED:
        return _("%(category)s beräknas från tidrapporterna och kan inte anges som utfall.") % {
            "category": CostCategory(category).label
        }
    return None


def _entered_codes() -> list[str]:
    return [c for c in CostCategory.values if c not in COMPUTED]


def save_actual_costs(
    user: "Actor", project: Project, month: datetime.date, inputs: dict[str, AmountInput]
) -> int:
    """Save one month's actual costs per category: all or nothing; an empty amount removes the row.

    Amounts may be negative (a credit note). Returns how many rows changed.
    """
    _check_may_change(user, project)
    if month.day != 1:
        raise ActionError({"month": [_("Månad: ange en hel månad, till exempel 2024-03.")]})
    errors: dict[str, list[str]] = {}
    wanted: dict[str, tuple[int, Decimal | None, str]] = {}
    for category, given in inputs.items():
        problem = _entered_category(category)
        if problem:
            errors[cost_field(category)] = [_("Kostnadsslag: %(problem)s") % {"problem": problem}]
            continue
        label = _("Utfall för %(category)s") % {"category": CostCategory(category).label}
        note = (given.note or "").strip()
        if len(note) > NOTE_MAX:
            errors[note_field(category)] = [_("Anteckning: högst %(n)s tecken.") % {"n": NOTE_MAX}]
        try:
            amount = parse_amount(given.amount, label, negative=True)
        except ValueError as exc:
            errors[cost_field(category)] = [str(exc)]
            continue
        wanted[category] = (_version(given.version), amount, note)
    if errors:
        raise ActionError(errors)
    with transaction.atomic():
        existing = {
            row.category: row
            for row in ActualCost.objects.select_for_update().filter(project=project, month=month)
        }
        return _write_cells(
            user,
            existing,
            wanted,
            lambda category, amount, note: ActualCost(
                project=project, category=category, month=month, amount=amount, note=note
            ),
            _("Utfall %(project)s %(month)s") % {"project": project.code, "month": _month_label(month)},
        )


@dataclass
class ImportResult:
    rows: int  # lines of the file
    cells: int  # month and category pairs written
    months: list[datetime.date]


class ImportFailed(ActionError):
    """A cost file with errors; ``problems`` are (line, column, message), nothing was written."""

    def __init__(self, problems: list[tuple[int | None, str, str]]) -> None:
        self.problems = problems
        super().__init__({"file": [self.describe(p) for p in problems]})

    @staticmethod
    def describe(problem: tuple[int | None, str, str]) -> str:
        line, column, message = problem
        if line is None:
            return message
        if column:
            return _("Rad %(line)s, kolumn %(column)s: %(message)s") % {
                "line": line,
                "column": column,
                "message": message,
            }
        return _("Rad %(line)s: %(message)s") % {"line": line, "message": message}


def import_actual_costs(user: "Actor", project: Project, content: bytes) -> ImportResult:
    """Import a month's (or several months') actual costs from the finance system's CSV.

    Columns ``month``, ``category``, ``amount``, ``note`` (Swedish names ``månad``, ``kostnadsslag``,
    ``belopp``, ``anteckning`` too). All or nothing: every line is checked first, and one bad line
    means nothing is written; the errors name the line and the column. The lines of one month
    and category are added together and replace what that month and category held; months and
    categories the file does not name are left alone.
    """
    _check_may_change(user, project)
    try:
        lines = read_cost_file(content)
    except CostFileError as exc:
        raise ImportFailed([(exc.line, exc.column, exc.message)]) from None
    problems: list[tuple[int | None, str, str]] = []
    totals: dict[tuple[str, datetime.date], Decimal] = {}
    notes: dict[tuple[str, datetime.date], list[str]] = {}
    for line in lines:
        if line.month is None:
            problems.append((line.number, "month", _("ange månaden som ÅÅÅÅ-MM, till exempel 2024-03.")))
        elif not _in_project(project, line.month):
            problems.append((line.number, "month", _("månaden ligger utanför projektets period.")))
        problem = _entered_category(line.category)
        if problem:
            problems.append((line.number, "category", problem))
        try:
            amount = parse_amount(line.amount, _("beloppet"), negative=True)
            if amount is None:
                problems.append((line.number, "amount", _("beloppet saknas.")))
        except ValueError as exc:
            problems.append((line.number, "amount", str(exc)))
            amount = None
        if len(line.note) > NOTE_MAX:
            problems.append((line.number, "note", _("högst %(n)s tecken.") % {"n": NOTE_MAX}))
        if (problems and problems[-1][0] == line.number) or line.month is None:
            continue
        key = (line.category, line.month)
        totals[key] = totals.get(key, Decimal("0")) + (amount or Decimal("0"))
        if line.note:
            notes.setdefault(key, []).append(line.note)
    if not lines:
        problems.append((None, "", _("Filen har inga rader under rubrikraden.")))
    if problems:
        raise ImportFailed(problems)
    months = sorted({m for _c, m in totals})
    written = 0
    with transaction.atomic():
        for month in months:
            existing = {
                row.category: row
                for row in ActualCost.objects.select_for_update().filter(
                    project=project, month=month, category__in={c for c, m in totals if m == month}
                )
            }
            inputs = {
                category: AmountInput(
                    version=existing[category].version if category in existing else 0,
                    amount=totals[(category, m)],
                    note="; ".join(notes.get((category, m), []))[:NOTE_MAX],
                )
                for category, m in totals
                if m == month
            }
            written += save_actual_costs(user, project, month, inputs)
        record(
            user,
            AuditAction.IMPORT,
            project,
            detail=_("Utfall importerat: %(rows)s rader, %(months)s")
            % {"rows": len(lines), "months": ", ".join(_month_label(m) for m in months)},
        )
    return ImportResult(rows=len(lines), cells=written, months=months)


def _in_project(project: Project, month: datetime.date) -> bool:
    if month < project.start_date.replace(day=1):
        return False
    return project.end_date is None or month <= project.end_date


def set_rate(
    user: "Actor",
    project: Project,
    kind: str,
    valid_from: datetime.date | None,
    amount: Any,
    basis: str = "",
    version: int | str | None = None,
) -> CoFinancingRate:
    """Set the rate of ``kind`` valid from ``valid_from`` (a new rate, or the one from that date).

    Changing the rate from a date that already has one needs the version the page showed
    (``version``), so two people changing it at once do not overwrite each other unseen.
    """
    _check_may_change(user, project)
    errors: dict[str, list[str]] = {}
    if kind not in RateKind.values:
        errors["kind"] = [_("Sats: välj vilken sats det gäller.")]
    if valid_from is None:
        errors["valid_from"] = [_("Gäller från: ange ett datum, till exempel 2024-01-01.")]
    try:
        number = parse_amount(amount, _("Belopp"))
        if number is None:
            errors["amount"] = [_("Belopp: ange satsen i kronor.")]
    except ValueError as exc:
        errors["amount"] = [str(exc)]
        number = None
    basis = (basis or "").strip()
    if len(basis) > 300:
        errors["basis"] = [_("Underlag: högst 300 tecken.")]
    if errors:
        raise ActionError(errors)
    assert valid_from is not None and number is not None
    with transaction.atomic():
        row = (
            CoFinancingRate.objects.select_for_update()
            .filter(project=project, kind=kind, valid_from=valid_from)
            .first()
        )
        if row is None:
            row = CoFinancingRate.objects.create(
                project=project, kind=kind, valid_from=valid_from, amount=number, basis=basis
            )
            record(
                user,
                AuditAction.CREATE,
                row,
                changes={"amount": [None, str(number)], "valid_from": [None, valid_from.isoformat()]},
                detail=_("Medfinansieringssats %(project)s") % {"project": project.code},
            )
            return row
        if version in (None, ""):
            raise ActionError(
                {
                    "valid_from": [
                        _(
                            "Gäller från: det finns redan en sats från %(day)s (%(amount)s kr). "
                            "Välj Ändra vid den i listan för att ändra den."
                        )
                        % {"day": valid_from.isoformat(), "amount": row.amount}
                    ]
                }
            )
        before = {"amount": str(row.amount), "basis": row.basis}
        row.amount, row.basis = number, basis
        row.save_versioned(version, ["amount", "basis"])
        record(
            user,
            AuditAction.UPDATE,
            row,
            changes={k: [v, str(getattr(row, k))] for k, v in before.items() if v != str(getattr(row, k))},
            detail=_("Medfinansieringssats %(project)s") % {"project": project.code},
        )
        return row
