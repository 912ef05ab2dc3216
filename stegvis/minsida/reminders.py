"""The daily reminder's line about participants who asked, on Min sida, to withdraw a consent."""

from stegvis.minsida.participant import open_requests


def withdrawal_requests_waiting(user, today):
    """Open requests on enrolments the user coordinates (as the other reminders count): one query."""
    return open_requests(user).filter(consent__enrollment__coordinator=user).count()
