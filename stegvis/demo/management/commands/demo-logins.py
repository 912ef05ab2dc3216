"""``stegvis demo-logins``: where the demo runs and how to log in to it, one account per role.

With ``--min-sida`` it also makes and prints links to Min sida for a few demo participants.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from stegvis.demo import content, loader
from stegvis.minsida import actions as minsida
from stegvis.organizations.models import StaffRole
from stegvis.participants.models import Enrollment

#: The languages of the participants whose Min sida the demo shows (one each, if there is one).
MINSIDA_LANGUAGES = ("sv", "ar", "so")


def minsida_links(base_url):
    """``[(language, reference, url)]``: a new link to Min sida for one ongoing participant per language.

    Kungsbacka's participants in Helhetslyftet, the demo coordinator's own caseload first.
    """
    today = timezone.localdate()
    ongoing = (
        Enrollment.objects.filter(
            project__code="helhetslyftet",
            organization__code="kungsbacka",
            start_date__lte=today,
            person__refs__organization__code="kungsbacka",
        )
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
        .select_related("person")
        .order_by("pk")
    )
    links = []
    for language in MINSIDA_LANGUAGES:
        of_language = ongoing.filter(person__language=language)
        enrollment = of_language.filter(coordinator__username="koordinator").first() or of_language.first()
        if enrollment is None:
            continue
        ref = (
            enrollment.person.refs.filter(organization__code="kungsbacka")
            .values_list("ref", flat=True)
            .first()
        )
        _link, raw = minsida.create_link(None, enrollment, language=language)
        links.append((language, ref or "", base_url.rstrip("/") + reverse("minsida:landing", args=[raw])))
    return links


def role_text(staff_role):
    scope = staff_role.project or staff_role.organization
    if staff_role.organization and staff_role.project:
        scope = f"{staff_role.organization}, {staff_role.project}"
    elif staff_role.organization:
        scope = _("%(org)s, alla dess projekt") % {"org": staff_role.organization}
    label = staff_role.get_role_display()
    return f"{label} ({scope})" if scope else label


class Command(BaseCommand):
    help = "Print the demo's address, its login accounts (one per role) and the shared demo password."

    def add_arguments(self, parser):
        parser.add_argument("--url", default="http://127.0.0.1:8000/", help="the address the server runs on")
        parser.add_argument("--all", action="store_true", help="also list the colleagues' accounts")
        parser.add_argument(
            "--min-sida",
            action="store_true",
            help="also make and print links to Min sida for a few participants (new links each time, valid 7 days)",
        )

    def handle(self, *args, **options):
        if loader.current_dataset() is None:
            self.stdout.write(_("Ingen demodata finns i databasen. Kör 'stegvis demo-data' först."))
            return
        specs = [spec for spec in content.USERS if options["all"] or spec.get("login")]
        usernames = [spec["username"] for spec in specs]
        present = set(
            get_user_model().objects.filter(username__in=usernames).values_list("username", flat=True)
        )
        roles = {}
        for staff_role in StaffRole.objects.filter(user__username__in=usernames).select_related(
            "user", "organization", "project"
        ):
            roles.setdefault(staff_role.user.username, []).append(role_text(staff_role))
        rows = [
            (
                spec["username"],
                f"{spec['first_name']} {spec['last_name']}",
                "; ".join(roles.get(spec["username"], [])),
                str(spec["sees"]),
            )
            for spec in specs
            if spec["username"] in present
        ]
        header = (_("Användarnamn"), _("Namn"), _("Roll"), _("Ser"))
        widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(3)]

        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(_("Stegvis demo: %(url)s") % {"url": options["url"]}))
        self.stdout.write("")
        line = "  ".join(f"{header[i]:<{widths[i]}}" for i in range(3)) + f"  {header[3]}"
        self.stdout.write(line)
        self.stdout.write("-" * min(len(line) + 30, 160))
        for row in rows:
            self.stdout.write("  ".join(f"{row[i]:<{widths[i]}}" for i in range(3)) + f"  {row[3]}")
        self.stdout.write("")
        self.stdout.write(
            _("Lösenord för alla demokonton: %(password)s") % {"password": content.DEMO_PASSWORD}
        )
        if not options["all"]:
            self.stdout.write(_("Fler handläggarkonton (samma lösenord): stegvis demo-logins --all"))
        if options["min_sida"]:
            self.stdout.write("")
            self.stdout.write(_("Min sida för några deltagare (länkarna gäller i 7 dagar):"))
            for language, ref, url in minsida_links(options["url"]):
                self.stdout.write(f"  {language}  {ref}  {url}")
        self.stdout.write("")
