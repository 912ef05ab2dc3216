"""Small helpers shared by the participant page tests."""

import datetime
import re

from stegvis.participants import actions

# Cia's birth digits followed by any serial: must never appear for a protected identity.
CIA_NUMBER = re.compile(r"(19)?700202[-+]?\d{4}")


def add_enrolled_persons(world, count, start=0):
    """``count`` more persons enrolled by Kungsbacka in Helhetslyftet, coordinated by coord_kba."""
    persons = []
    for i in range(start, start + count):
        person = actions.register_person(
            None,
            organization=world.orgs["kungsbacka"],
            first_name=f"Person{i:03d}",
            last_name="Testsson",
            gender="K" if i % 2 else "M",
            birth_year=1960 + i % 40,
        )
        actions.enroll_participant(
            None,
            person,
            project=world.projects["helhetslyftet"],
            organization=world.orgs["kungsbacka"],
            start_date=datetime.date(2023, 1, 1) + datetime.timedelta(days=i),
            referrer="af",
            coordinator=world.users["coord_kba"],
        )
        persons.append(person)
    return persons


def names_in(response):
    """The participant names linked in a list page, in order."""
    return re.findall(r'<a href="/deltagare/\d+/">([^<]+)</a>', response.content.decode())
