"""``stegvis reset-two-factor USERNAME``: the administrator's reset, for when no administrator can log in."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from stegvis.accounts.actions import reset_two_factor
from stegvis.core.errors import ActionError


class Command(BaseCommand):
    help = (
        "Remove a user's authenticator app and recovery codes (e.g. after a lost phone), as an "
        "administrator does on the account's page. The user logs in with the password next time and, "
        "where two-factor login is required, sets up a new app first. Written to the audit log."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--reason", default="", help="why, for the audit log")

    def handle(self, *args, **options):
        account = get_user_model().objects.filter(username=options["username"]).first()
        if account is None:
            raise CommandError(f"Användaren '{options['username']}' finns inte.")
        try:
            reset_two_factor(None, account, reason=options["reason"])
        except ActionError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(f"Tvåfaktorsinloggningen för {account.username} är återställd.")
