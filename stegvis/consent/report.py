"""The report's ``consent`` section: how many enrolments in scope had each consent on the report date.

Per kind (``registrering``, ``sus``, ``kontakt``) every enrolment in scope is in exactly one of:

- ``active``: a consent of the kind in force on ``on`` (for contact: with at least one actor);
- ``withdrawn``: none in force, but one that had been withdrawn by ``on``;
- ``missing``: none given by ``on`` at all.

``active_share`` is ``active`` of all enrolments in scope. For SUS, ``withdrawn`` plus
``missing`` are the rows the SUS list of that date shows anonymously for lack of consent (persons
with a protected identity are anonymous there whatever they consented to). ``contact_consents``
counts the contact consents in force (one enrolment may have several actors).

One query whatever the number of enrolments: an aggregate over the enrolments with an ``EXISTS``
per kind and state and a subquery counting each enrolment's contact consents.
"""

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from stegvis.consent.active import in_force, in_force_q, withdrawn
from stegvis.consent.models import Consent, ConsentKind
from stegvis.reports.project_report import share
from stegvis.reports.tables import Table

KINDS = tuple(ConsentKind.values)


def consent_figures(project, enrollments, on):
    """The ``consent`` section for the enrolments in scope (``enrollments``) as of ``on``."""
    annotations, aggregates = {}, {"enrollments": Count("pk")}
    for kind in KINDS:
        annotations[f"_active_{kind}"] = in_force(kind, on)
        annotations[f"_withdrawn_{kind}"] = withdrawn(kind, on)
        aggregates[f"active_{kind}"] = Count("pk", filter=Q(**{f"_active_{kind}": True}))
        aggregates[f"withdrawn_{kind}"] = Count(
            "pk", filter=Q(**{f"_active_{kind}": False, f"_withdrawn_{kind}": True})
        )
    # Contact consents in force per enrolment, summed in the same query (one enrolment may name several actors).
    contacts = (
        Consent.objects.filter(in_force_q(on), enrollment_id=OuterRef("pk"), kind=ConsentKind.CONTACT)
        .order_by()
        .values("enrollment_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    annotations["_contacts"] = Coalesce(Subquery(contacts, output_field=IntegerField()), 0)
    aggregates["contact_consents"] = Sum("_contacts")
    row = enrollments.order_by().annotate(**annotations).aggregate(**aggregates)
    total = row["enrollments"]
    section = {"enrollments": total}
    for kind in KINDS:
        active, gone = row[f"active_{kind}"], row[f"withdrawn_{kind}"]
        section[kind] = {
            "active": active,
            "active_share": share(active, total),
            "withdrawn": gone,
            "missing": total - active - gone,
        }
    section["contact_consents"] = row["contact_consents"] or 0
    return section


def consent_tables(report):
    """The section as one export table: a row per kind of consent."""
    section = report.get("consent")
    if not section:
        return []
    labels = dict(ConsentKind.choices)
    return [
        Table(
            key="consent",
            title=_("Samtycken"),
            columns=[
                _("Samtycke till"),
                _("Samtycke gäller"),
                _("Andel med samtycke"),
                _("Återkallat"),
                _("Samtycke saknas"),
                _("Inskrivningar"),
            ],
            rows=[
                [
                    str(labels[kind]),
                    section[kind]["active"],
                    section[kind]["active_share"],
                    section[kind]["withdrawn"],
                    section[kind]["missing"],
                    section["enrollments"],
                ]
                for kind in KINDS
            ],
            percent_columns={2},
            note=_(
                "Inskrivningar i urvalet efter samtycke på rapportdagen. Återkallat: inget samtycke gäller, men ett "
                "har återkallats. Utan samtycke till SUS redovisas inskrivningen anonymt i SUS-listan. "
                "Kontakt med annan aktör: minst en aktör; %(n)s samtycken till kontakt gäller."
            )
            % {"n": section["contact_consents"]},
        )
    ]
