"""A staff member's working day as a load test (locust): the pages opened most, in their proportions.

Each simulated user logs in through the login form as one of the accounts the file
``STEGVIS_LOCUST_USERS`` lists (``username password role`` a line; ``bench/locust/run.py`` writes
it from the benchmark's data) and then, with a pause of one to five seconds between pages, opens:
the start page, the worklist, the participant list (a third of the time with a name or
personnummer search), a participant page from the list, and for project leaders the follow-up
page and the what-works page of their project. Everything but the login is a GET; a page that
does not answer 200 counts as a failure.

Run it with ``bench/locust/run.py`` (which prepares the accounts, starts ``stegvis serve`` and
writes the results), or by hand against a server you started::

    STEGVIS_LOCUST_USERS=users.txt .venv/bin/locust -f bench/locust/staff_day.py --headless \\
        -H http://127.0.0.1:8000 -u 50 -r 5 -t 2m
"""

import itertools
import os
import random
import re
import threading
from pathlib import Path

from locust import HttpUser, between, task

_lines = [
    line.split()
    for line in Path(os.environ.get("STEGVIS_LOCUST_USERS", "locust-users.txt")).read_text().splitlines()
    if line.strip() and not line.startswith("#")
]
_accounts = itertools.cycle(_lines)
_lock = threading.Lock()
PERSON_LINK = re.compile(r'href="(/deltagare/\d+/)"')
SEARCHES = os.environ.get("STEGVIS_LOCUST_SEARCHES", "Andersson|Johansson|Ali|Anna").split("|")


class StaffMember(HttpUser):
    wait_time = between(1, 5)

    def on_start(self):
        with _lock:
            self.username, password, self.role, *rest = next(_accounts)
        self.project = rest[0] if rest else ""
        self.people = []
        self.client.get("/logga-in/", name="login page")
        token = self.client.cookies.get("csrftoken", "")
        with self.client.post(
            "/logga-in/",
            data={"username": self.username, "password": password, "csrfmiddlewaretoken": token},
            headers={"Referer": f"{self.host}/logga-in/"},
            allow_redirects=False,
            name="log in",
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"{self.username} could not log in ({response.status_code})")

    def _get(self, url, name):
        with self.client.get(url, name=name, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"status {response.status_code}")
            return response

    @task(3)
    def start_page(self):
        self._get("/", "start page")

    @task(3)
    def worklist(self):
        self._get("/arbetslista/", "worklist")

    @task(4)
    def participant_list(self):
        response = self._get("/deltagare/", "participant list")
        self.people = PERSON_LINK.findall(response.text or "") or self.people

    @task(2)
    def search(self):
        response = self._get(f"/deltagare/?q={random.choice(SEARCHES)}", "participant list, search")
        self.people = PERSON_LINK.findall(response.text or "") or self.people

    @task(4)
    def participant_page(self):
        if self.people:
            self._get(random.choice(self.people), "participant page")

    @task(1)
    def report_pages(self):
        if self.role == "projektledare" and self.project:
            self._get(f"/projekt/{self.project}/uppfoljning/", "follow-up page")
            self._get(f"/projekt/{self.project}/vad-fungerar/", "what works page")
