"""``stegvis audit verify``: check that the audit log is whole and unaltered."""

import sys

from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS
from django.utils import timezone
from django.utils.translation import gettext as _

from stegvis.audit.verify import verify


def _when(value):
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M:%S") if value else "-"


class Command(BaseCommand):
    help = (
        "The audit log. 'audit verify' walks the hash chain of the whole log and exits 0 when every "
        "entry is as it was written and none is missing (entries thinned by the retention job are "
        "accepted); otherwise it names the first broken entry (id and time) and exits 1."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="command", required=True)
        check = sub.add_parser("verify", help="Check the hash chain of the audit log.")
        check.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, **options):
        outcome = verify(options["database"])
        if outcome.broken is not None:
            broken = outcome.broken
            self.stderr.write(
                _("Granskningsloggen är bruten vid post %(id)s (%(at)s): %(reason)s.")
                % {"id": broken.entry_id, "at": _when(broken.at), "reason": broken.reason}
            )
            self.stderr.write(
                _("%(count)s poster före den är hela. Allt från och med denna post kan vara ändrat.")
                % {"count": outcome.entries}
            )
            sys.exit(1)
        self.stdout.write(
            _(
                "Granskningsloggen är hel: %(entries)s poster kontrollerade (%(first)s – %(last)s); "
                "%(redacted)s med värden borttagna och %(removed)s borttagna genom gallring."
            )
            % {
                "entries": outcome.entries,
                "first": _when(outcome.first_at),
                "last": _when(outcome.last_at),
                "redacted": outcome.redacted,
                "removed": outcome.removed,
            }
        )
