"""What a register extract gathers: one section per kind of record Stegvis holds about a person.

The fields are the ones the apps' actions write (their ``*_FIELDS``), so a field added to an
action reaches the extract too. Each section is one query (with a fixed number of prefetches), however many rows the person
has, so an extract costs the same for a person with three contacts as for one with three
hundred. A new kind of personal data is added here, as one more :class:`Section`; the renderers
need no change. Anonymous survey answers are not here because they cannot be tied to anyone;
named answers are.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from stegvis.casework.actions import ENTRY_FIELDS, GOAL_FIELDS, STEP_FIELDS
from stegvis.casework.models import MappingEntry, PlanGoal, PlanStep
from stegvis.cohorts.models import Attendance, CohortMember
from stegvis.consent.actions import GIVEN_FIELDS, WITHDRAWN_FIELDS
from stegvis.consent.models import Consent
from stegvis.contacts.actions import CONTACT_FIELDS, FOLLOW_UP_FIELDS, MEETING_FIELDS, PERIOD_FIELDS
from stegvis.contacts.models import Contact, NetworkMeeting, SupportFollowUp, SupportPeriod
from stegvis.core.languages import staff_name
from stegvis.intake.actions import REQUEST_CLOSE_FIELDS
from stegvis.intake.models import SUBMITTED_FIELDS, IntakeRequest
from stegvis.interventions.actions import PARTICIPATION_FIELDS, PLACEMENT_FIELDS
from stegvis.interventions.models import ParticipantIntervention, Placement, PlacementFollowUp
from stegvis.outcomes.models import ExitFollowUp
from stegvis.participants.actions import ENROLLMENT_FIELDS, EXIT_FIELDS, PERSON_FIELDS
from stegvis.participants.models import CoordinatorAssignment, Enrollment, ParticipantRef, Person
from stegvis.privacy.extract.values import Field, fields, model_field, text
from stegvis.progression.models import LanguageLevel, Measurement, SelfAssessmentLink
from stegvis.surveys.models import Mode, SurveyLink, SurveyResponse
from stegvis.timereports.models import MonthReport
from stegvis.transfers.actions import TRANSFER_FIELDS
from stegvis.transfers.models import CaseTransfer
from stegvis.worklist.models import ItemDecision

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class Section:
    """One kind of record: its title, the rows of one person, the heading and fields of a row."""

    key: str
    title: "StrOrPromise"
    intro: "StrOrPromise"
    rows: Callable[[Person], "QuerySet[Any]"]
    heading: Callable[[Any], str]
    fields: list[Field]


def _without_order(names: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(name for name in names if name != "order")


def _in_project(enrollment: Enrollment) -> str:
    return f"{enrollment.project.name}, {enrollment.start_date:%Y-%m-%d}"


def _enrollment_field() -> Field:
    return Field("enrollment", _("Inskrivning"), lambda row: _in_project(row.enrollment))


def _by_enrollment(
    model: Any, path: str = "enrollment", *related: str
) -> Callable[[Person], "QuerySet[Any]"]:
    """Rows of ``model`` whose enrolment (reached through ``path``) is the person's."""

    def rows(person: Person) -> "QuerySet[Any]":
        return model._default_manager.filter(**{f"{path}__person": person}).select_related(
            f"{path}__project", *related
        )

    return rows


def _answers(measurement: Measurement) -> list[str]:
    return [
        f"{answer.item.dimension}: {answer.value if answer.value is not None else _('vet inte')}"
        for answer in sorted(measurement.answers.all(), key=lambda a: a.item.position)
    ]


def _draft_answers(link: SelfAssessmentLink) -> list[str]:
    """The answers kept on a link but not sent, question by question (the card's own order)."""
    kept = link.draft_answers or {}
    return [
        f"{item.dimension}: {kept[item.code] if kept[item.code] is not None else _('vet inte')}"
        for item in sorted(link.instrument.items.all(), key=lambda i: i.position)
        if item.code in kept
    ]


def _survey_answers(response: SurveyResponse) -> list[str]:
    result = []
    for answer in sorted(response.answers.all(), key=lambda a: a.question.position):
        if answer.text:
            given = answer.text
        elif answer.dont_know:
            given = str(_("vet inte"))
        else:
            given = f"{answer.value} {_('av 5')}" if answer.value is not None else ""
        result.append(f"{answer.question.text}: {given}")
    return result


def _contact_staff(contact: Contact) -> list[str]:
    return [text(user) or "" for user in contact.staff.all()]


IDENTITY_FIELDS = [
    Field("personnummer", _("Personnummer"), lambda p: p.personnummer_display),
    *fields(Person, "protected_identity", *PERSON_FIELDS, "registered_by"),
    model_field(Person, "created_at", _("Registrerad i Stegvis")),
    model_field(Person, "updated_at", _("Senast ändrad")),
]

SECTIONS: list[Section] = [
    Section(
        "identity",
        _("Uppgifter om dig"),
        _("Det som finns registrerat om vem du är och hur du vill bli kontaktad."),
        lambda person: Person.objects.filter(pk=person.pk).select_related("registered_by"),
        lambda person: person.display_name,
        IDENTITY_FIELDS,
    ),
    Section(
        "merged_records",
        _("Tidigare registreringar som slagits ihop med din"),
        _(
            "Om du har varit registrerad två gånger har registreringarna slagits ihop. Den gamla "
            "registreringen finns kvar som historik med det som stod i den."
        ),
        lambda person: Person.objects.filter(merged_into=person).select_related("registered_by"),
        lambda person: person.display_name,
        IDENTITY_FIELDS,
    ),
    Section(
        "references",
        _("Referenser hos organisationerna"),
        _("Den beteckning en organisation använder för dig i stället för personnumret."),
        lambda person: ParticipantRef.objects.filter(person=person).select_related("organization"),
        lambda ref: ref.organization.name,
        [model_field(ParticipantRef, "organization", _("Organisation")), model_field(ParticipantRef, "ref")],
    ),
    Section(
        "enrollments",
        _("Inskrivningar"),
        _(
            "De perioder du har varit inskriven i ett projekt, och det som registrerades vid start och avslut."
        ),
        lambda person: Enrollment.objects.filter(person=person).select_related(
            "project", "organization", "need_group", "coordinator"
        ),
        _in_project,
        fields(
            Enrollment, "project", "organization", "gender", "coordinator", *ENROLLMENT_FIELDS, *EXIT_FIELDS
        ),
    ),
    Section(
        "coordinators",
        _("Koordinatorer"),
        _("Vem som har varit din koordinator och från när."),
        _by_enrollment(CoordinatorAssignment, "enrollment", "coordinator"),
        lambda row: _in_project(row.enrollment),
        [
            _enrollment_field(),
            Field("coordinator", _("Koordinator"), lambda row: row.coordinator),
            model_field(CoordinatorAssignment, "from_date"),
        ],
    ),
    Section(
        "transfers",
        _("Överföringar mellan organisationer"),
        _(
            "Förslag om att en annan organisation i projektet skulle ta över din inskrivning, varför, "
            "och vad svaret blev."
        ),
        _by_enrollment(CaseTransfer, "enrollment", "from_organization", "to_organization"),
        lambda row: f"{row.from_organization.name} → {row.to_organization.name}",
        [_enrollment_field(), *fields(CaseTransfer, *TRANSFER_FIELDS)],
    ),
    Section(
        "consents",
        _("Samtycken"),
        _("Vad du har samtyckt till, när och hur, och om du har återkallat samtycket."),
        _by_enrollment(Consent, "enrollment", "actor_organization", "recorded_by", "withdrawn_recorded_by"),
        lambda row: f"{row.get_kind_display()}, {row.given_on:%Y-%m-%d}",
        [
            _enrollment_field(),
            *fields(Consent, "kind"),
            Field("actor", _("Aktör"), lambda row: row.actor_label),
            *fields(Consent, *GIVEN_FIELDS[2:], "recorded_by", *WITHDRAWN_FIELDS),
        ],
    ),
    Section(
        "mapping",
        _("Kartläggning"),
        _("Det du och din koordinator har skrivit om din livssituation, område för område."),
        _by_enrollment(MappingEntry, "mapping__enrollment", "area", "recorded_by"),
        lambda row: row.area.name,
        [
            Field("enrollment", _("Inskrivning"), lambda row: _in_project(row.mapping.enrollment)),
            *fields(MappingEntry, "area", *ENTRY_FIELDS, "recorded_by"),
        ],
    ),
    Section(
        "plan_goals",
        _("Planens mål"),
        _("Målen i din plan."),
        _by_enrollment(PlanGoal, "enrollment", "created_by"),
        lambda row: row.text[:80],
        [_enrollment_field(), *fields(PlanGoal, *_without_order(GOAL_FIELDS), "created_by")],
    ),
    Section(
        "plan_steps",
        _("Planens steg"),
        _("Stegen mot målen: vad som ska göras, av vem och när."),
        _by_enrollment(PlanStep, "goal__enrollment", "goal", "created_by"),
        lambda row: row.what[:80],
        [
            Field("goal", _("Mål"), lambda row: row.goal.text),
            *fields(PlanStep, *STEP_FIELDS, "created_by"),
        ],
    ),
    Section(
        "worklist_decisions",
        _("Påminnelser i koordinatorns arbetslista"),
        _(
            "När personalen har markerat en påminnelse om dig som klar, pausat den till ett datum eller "
            "avfärdat den, och varför."
        ),
        _by_enrollment(ItemDecision, "enrollment", "decided_by", "undone_by"),
        lambda row: f"{row.get_kind_display()}: {row.get_decision_display()}",
        [
            _enrollment_field(),
            *fields(ItemDecision, "kind", "ref_date", "decision", "snoozed_until", "reason", "decided_by"),
            *fields(ItemDecision, "created_at", "undone_at", "undone_by"),
        ],
    ),
    Section(
        "interventions",
        _("Insatser"),
        _("De insatser du har deltagit i."),
        _by_enrollment(ParticipantIntervention, "enrollment", "intervention", "recorded_by"),
        lambda row: row.intervention.name,
        [
            _enrollment_field(),
            *fields(ParticipantIntervention, *PARTICIPATION_FIELDS, "recorded_by"),
        ],
    ),
    Section(
        "placements",
        _("Praktik och arbetsträning"),
        _("Arbetsplatser där du har haft praktik eller arbetsträning."),
        _by_enrollment(Placement, "participation__enrollment", "participation__intervention"),
        lambda row: row.workplace_name,
        [
            Field("intervention", _("Insats"), lambda row: row.participation.intervention.name),
            *fields(Placement, *PLACEMENT_FIELDS),
        ],
    ),
    Section(
        "placement_follow_ups",
        _("Uppföljningar av praktik"),
        _("Anteckningar från uppföljningar av din praktik eller arbetsträning."),
        _by_enrollment(PlacementFollowUp, "placement__participation__enrollment", "placement", "recorded_by"),
        lambda row: f"{row.placement.workplace_name}, {row.date:%Y-%m-%d}",
        [
            Field("placement", _("Arbetsplats"), lambda row: row.placement.workplace_name),
            *fields(PlacementFollowUp, "date", "note", "recorded_by"),
        ],
    ),
    Section(
        "cohorts",
        _("Startgrupper"),
        _("Grupper du har varit med i."),
        _by_enrollment(CohortMember, "enrollment", "cohort"),
        lambda row: row.cohort.name,
        [_enrollment_field(), *fields(CohortMember, "cohort", "joined_on", "left_on")],
    ),
    Section(
        "attendance",
        _("Närvaro"),
        _("Om du var med på gruppens träffar."),
        _by_enrollment(Attendance, "member__enrollment", "session__cohort", "recorded_by"),
        lambda row: f"{row.session.cohort.name}, {row.session.date:%Y-%m-%d}",
        [
            Field("session", _("Träff"), lambda row: f"{row.session.date:%Y-%m-%d} {row.session.topic}"),
            *fields(Attendance, "status", "recorded_by"),
        ],
    ),
    Section(
        "time_reports",
        _("Tidrapporter"),
        _("Dina timmar i aktiviteterna per månad, och om månaden är attesterad och rapporterad."),
        lambda person: _by_enrollment(MonthReport, "enrollment", "signed_by")(person).annotate(
            hours=Sum("entries__hours")
        ),
        lambda row: f"{row.month:%Y-%m}",
        [
            _enrollment_field(),
            Field("hours", _("Timmar"), lambda row: row.hours),
            *fields(MonthReport, "status", "signed_by", "signed_at", "reported_at"),
        ],
    ),
    Section(
        "contacts",
        _("Kontakter"),
        _("Möten, samtal och andra kontakter med dig, med personalens anteckningar."),
        lambda person: _by_enrollment(Contact, "enrollment", "recorded_by")(person).prefetch_related("staff"),
        lambda row: f"{row.contact_date:%Y-%m-%d} {row.get_channel_display()}",
        [
            _enrollment_field(),
            *fields(Contact, *CONTACT_FIELDS, "recorded_by"),
            Field("staff", _("Personal som deltog"), _contact_staff),
        ],
    ),
    Section(
        "network_meetings",
        _("SIP och nätverksmöten"),
        _("Möten med flera aktörer om dig, och vad som beslutades."),
        lambda person: _by_enrollment(NetworkMeeting, "enrollment", "recorded_by")(person).prefetch_related(
            "actors"
        ),
        lambda row: f"{row.meeting_date:%Y-%m-%d} {row.get_kind_display()}",
        [
            _enrollment_field(),
            *fields(NetworkMeeting, *MEETING_FIELDS, "recorded_by"),
            Field("actors", _("Aktörer"), lambda row: [str(label) for label in row.actor_labels()]),
        ],
    ),
    Section(
        "support_periods",
        _("Stöd i arbete eller studier"),
        _("Stöd efter att du började arbeta eller studera."),
        _by_enrollment(SupportPeriod, "enrollment", "recorded_by"),
        lambda row: row.place,
        [
            _enrollment_field(),
            *fields(SupportPeriod, *PERIOD_FIELDS, "ended_on", "end_reason"),
        ],
    ),
    Section(
        "support_follow_ups",
        _("Uppföljningar av stödet"),
        _("Anteckningar från uppföljningar under stödet."),
        _by_enrollment(SupportFollowUp, "period__enrollment", "period", "recorded_by"),
        lambda row: f"{row.period.place}, {row.followed_up_on:%Y-%m-%d}",
        fields(SupportFollowUp, *FOLLOW_UP_FIELDS, "recorded_by"),
    ),
    Section(
        "measurements",
        _("Mätningar av stegförflyttning"),
        _("Dina svar och personalens bedömningar på progressionskortet, fråga för fråga."),
        lambda person: _by_enrollment(Measurement, "enrollment", "instrument", "registered_by")(
            person
        ).prefetch_related("answers__item"),
        lambda row: f"{row.instrument.name}, {row.date:%Y-%m-%d}",
        [
            _enrollment_field(),
            *fields(Measurement, "instrument", "respondent", "date", "source", "language"),
            Field("registered_by", _("Registrerad av"), lambda row: row.registered_by),
            Field("answers", _("Svar"), _answers),
        ],
    ),
    Section(
        "language_levels",
        _("Språknivåer i svenska"),
        _("Dina nivåer i svenska (SFI-kurs eller GERS-nivå)."),
        lambda person: LanguageLevel.objects.filter(person=person).select_related("registered_by"),
        lambda row: f"{row.get_framework_display()} {row.level}",
        [
            *fields(LanguageLevel, "date", "framework", "level"),
            Field("registered_by", _("Registrerad av"), lambda row: row.registered_by),
        ],
    ),
    Section(
        "self_assessment_links",
        _("Länkar till självskattning"),
        _(
            "Länkar du har fått för att svara på progressionskortet i din telefon, och svar du gav men inte skickade."
        ),
        lambda person: (
            SelfAssessmentLink.objects.filter(enrollment__person=person)
            .select_related("enrollment__project", "instrument")
            .prefetch_related("instrument__items")
        ),
        lambda row: f"{row.instrument.name}, {row.created_at:%Y-%m-%d}",
        [
            _enrollment_field(),
            *fields(SelfAssessmentLink, "created_at", "expires_at", "used_at"),
            Field("language", _("Språk"), lambda row: staff_name(row.language)),
            Field("draft_answers", _("Svar som inte är skickade"), _draft_answers),
        ],
    ),
    Section(
        "survey_links",
        _("Enkätlänkar"),
        _("Enkäter du har fått en länk till, och vilken månad du svarade."),
        _by_enrollment(SurveyLink, "enrollment", "survey"),
        lambda row: row.survey.name,
        [
            _enrollment_field(),
            *fields(SurveyLink, "survey", "mode", "occasion", "created_at", "answered_month"),
        ],
    ),
    Section(
        "survey_answers",
        _("Dina enkätsvar med namn"),
        _(
            "Svar du har lämnat i enkäter som projektet ställer med namn. Anonyma svar finns inte "
            "här: de går inte att koppla till dig."
        ),
        lambda person: (
            SurveyResponse.objects.filter(enrollment__person=person, mode=Mode.NAMED)
            .select_related("survey", "enrollment__project")
            .prefetch_related("answers__question")
        ),
        lambda row: f"{row.survey.name}, {row.month:%Y-%m}",
        [
            _enrollment_field(),
            Field("survey", _("Enkät"), lambda row: row.survey.name),
            Field("month", _("Månad"), lambda row: f"{row.month:%Y-%m}"),
            Field("answers", _("Svar"), _survey_answers),
        ],
    ),
    Section(
        "exit_follow_ups",
        _("Uppföljning efter avslut"),
        _("Din situation en, tre och sex månader efter att inskrivningen avslutades."),
        _by_enrollment(ExitFollowUp, "enrollment", "recorded_by"),
        lambda row: f"{row.get_months_display()}",
        [
            _enrollment_field(),
            *fields(
                ExitFollowUp,
                "months",
                "followed_up_on",
                "situation",
                "work_extent",
                "improved_situation",
                "note",
                "recorded_by",
            ),
        ],
    ),
    Section(
        "self_referrals",
        _("Egenremiss"),
        _("Det du skrev när du anmälde intresse själv, och vad som hände med anmälan."),
        _by_enrollment(IntakeRequest, "enrollment", "page", "closed_by"),
        lambda row: f"{row.submitted_at:%Y-%m-%d}",
        [
            _enrollment_field(),
            *fields(IntakeRequest, *SUBMITTED_FIELDS, "submitted_at", *REQUEST_CLOSE_FIELDS),
        ],
    ),
]
