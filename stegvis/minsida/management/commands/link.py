"""``stegvis link min-sida PROJECT PARTICIPANT_REF``: print a link to a participant's Min sida.

PARTICIPANT_REF names the participant within the project as the exchange format does
(``participant_ref``, docs/exchange.md): the person's reference in the organisation that made
their enrolment in the project, or the ``stegvis-<id>`` an export writes for a person without
one. The link opens Min sida for the person's ongoing enrolment in the project. The command line
acts as the system: the audit log says the link was made by the system, not by a staff member.
"""

import re
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from stegvis.core.errors import ActionError
from stegvis.minsida import actions
from stegvis.organizations.models import Project
from stegvis.participants.models import Enrollment, ParticipantRef
from stegvis.participants.onetime_links import QR

EXPORTED_REF = re.compile(r"stegvis-(\d+)")


def ongoing_enrollment(project_code: str, ref: str) -> Enrollment:
    """The participant's ongoing enrolment in the project, or a :class:`CommandError` that says why."""
    project = Project.objects.filter(code=project_code).first()
    if project is None:
        raise CommandError(f"Projektet {project_code} finns inte.")
    named = Q(
        Exists(
            ParticipantRef.objects.filter(
                person_id=OuterRef("person_id"), organization_id=OuterRef("organization_id"), ref=ref
            )
        )
    )
    exported = EXPORTED_REF.fullmatch(ref)
    if exported:
        named |= Q(person_id=int(exported.group(1)))
    enrollments = list(
        Enrollment.objects.filter(named, project=project)
        .select_related("person", "organization")
        .order_by("-start_date", "-pk")
    )
    if not enrollments:
        raise CommandError(f"Ingen deltagare med referensen {ref} är inskriven i projektet {project_code}.")
    if len({e.person_id for e in enrollments}) > 1:
        raise CommandError(
            f"Referensen {ref} används av flera deltagare i projektet {project_code} "
            "(i olika organisationer). Ta fram länken på deltagarsidan i stället."
        )
    today = timezone.localdate()
    ongoing = [
        e for e in enrollments if e.start_date <= today and (e.end_date is None or e.end_date >= today)
    ]
    if not ongoing:
        raise CommandError(f"Deltagaren {ref} har ingen pågående inskrivning i projektet {project_code}.")
    return ongoing[0]


class Command(BaseCommand):
    help = "Make a participant link: min-sida PROJECT PARTICIPANT_REF prints a link to the participant's Min sida."

    def add_arguments(self, parser: CommandParser) -> None:
        subparsers = parser.add_subparsers(dest="kind", required=True, metavar="KIND")
        minsida = subparsers.add_parser(
            "min-sida",
            help="a link to the participant's Min sida (printed, not sent)",
            description=(
                "Print a link that opens the participant's Min sida for their ongoing enrolment in "
                "the project. Only a hash of the link is stored; the link is shown this once."
            ),
        )
        minsida.add_argument("project", metavar="PROJECT", help="the project's code")
        minsida.add_argument(
            "participant_ref",
            metavar="PARTICIPANT_REF",
            help="the participant's reference in the organisation that enrolled them (as in the exchange format)",
        )
        codes = [code for code, _name in settings.PARTICIPANT_LANGUAGES]
        minsida.add_argument(
            "--language",
            choices=codes,
            help="the page's language (default: the person's preferred language if it is one of these, else sv)",
        )
        minsida.add_argument(
            "--days",
            type=int,
            default=settings.MINSIDA_LINK_DAYS,
            help=f"days the link opens Min sida (1 to {actions.MAX_VALID_DAYS}; default {settings.MINSIDA_LINK_DAYS})",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        enrollment = ongoing_enrollment(options["project"], options["participant_ref"])
        codes = [code for code, _name in settings.PARTICIPANT_LANGUAGES]
        language = options.get("language") or (
            enrollment.person.language if enrollment.person.language in codes else settings.LANGUAGE_CODE
        )
        try:
            link, raw = actions.create_link(
                None, enrollment, language=language, valid_days=options["days"], channel=QR
            )
        except ActionError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        url = settings.STEGVIS_BASE_URL.rstrip("/") + reverse("minsida:landing", args=[raw])
        expires = timezone.localtime(link.expires_at).strftime("%Y-%m-%d %H:%M")
        self.stdout.write(url)
        self.stderr.write(f"Språk: {language}. Länken öppnar Min sida till {expires}. Den visas bara nu.")
