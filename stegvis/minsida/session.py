"""The participant's Min sida session: who, which enrolments, which language, and for how long.

A session is opened by a link (:class:`~stegvis.minsida.models.MinSidaLink`, one enrolment) or by
e-legitimation (the person's ongoing enrolments in organisations that allow it). It lives in the
Django session under one key, apart from any staff login:

- Opening one first ends whatever the browser had (a staff login included): a participant on a
  shared computer must not inherit a coordinator's session, and a fresh session key means a key
  someone planted beforehand is worth nothing.
- It ends after :data:`settings.MINSIDA_SESSION_IDLE_MINUTES` (30) minutes without a request,
  when the participant logs out, when the browser closes (the session cookie), when the link
  expires or is revoked, and when the person's data is anonymised. Each request checks these on
  the server; nothing the browser says extends it.
- Only ids are kept: the person and the enrolments this session may show. Every page reads its
  rows through those ids (:mod:`stegvis.minsida.page`), never through anything the browser sends.

The language the participant chose outlives a logout (it is not personal data), so the page
that says "you are logged out" speaks it.
"""

import time
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import logout
from django.utils import timezone

from stegvis.minsida.models import MinSidaLink, Via
from stegvis.participants.models import Enrollment, Person

SESSION_KEY = "minsida"
LANGUAGE_KEY = "minsida_language"


@dataclass
class ParticipantSession:
    person: Person
    enrollment_ids: list[int]
    via: str
    link_id: int | None
    language: str

    def enrollments(self):
        """The enrolments of this session (a queryset: the page adds what it shows)."""
        return Enrollment.objects.filter(pk__in=self.enrollment_ids, person=self.person)


def idle_seconds() -> int:
    return int(settings.MINSIDA_SESSION_IDLE_MINUTES) * 60


def participant_language_codes() -> list[str]:
    return [code for code, _name in settings.PARTICIPANT_LANGUAGES]


def language_of(request, default: str = "") -> str:
    """The language the browser's participant chose, else ``default``, else Swedish."""
    codes = participant_language_codes()
    data = request.session.get(SESSION_KEY)
    chosen = data.get("language") if isinstance(data, dict) else None
    for code in (chosen, request.session.get(LANGUAGE_KEY), default):
        if code in codes:
            return code
    return settings.LANGUAGE_CODE


def set_language(request, language: str) -> None:
    if language not in participant_language_codes():
        return
    request.session[LANGUAGE_KEY] = language
    data = request.session.get(SESSION_KEY)
    if isinstance(data, dict):
        request.session[SESSION_KEY] = {**data, "language": language}


def start(request, *, person: Person, enrollment_ids: list[int], via: str, language: str, link=None) -> None:
    """Open a session for ``person`` showing ``enrollment_ids``, after ending whatever the browser had."""
    if request.user.is_authenticated:
        logout(request)  # flushes the session and gives it a new key
    else:
        request.session.flush()
    request.session[SESSION_KEY] = {
        "person": person.pk,
        "enrollments": sorted(enrollment_ids),
        "via": via,
        "link": link.pk if link is not None else None,
        "language": language if language in participant_language_codes() else settings.LANGUAGE_CODE,
        "seen": time.time(),
    }
    request.session[LANGUAGE_KEY] = request.session[SESSION_KEY]["language"]


def end(request) -> None:
    """End the participant's session; only their chosen language stays."""
    language = language_of(request)
    request.session.flush()
    request.session[LANGUAGE_KEY] = language


def _still_valid(data: dict) -> Person | None:
    """The person of a stored session if its link (if any) still works and the person is still there."""
    now = timezone.now()
    person_id, link_id = data.get("person"), data.get("link")
    if not isinstance(person_id, int):
        return None
    if data.get("via") == Via.LINK:
        if not isinstance(link_id, int):
            return None
        link = (
            MinSidaLink.objects.filter(
                pk=link_id, revoked_at__isnull=True, expires_at__gt=now, enrollment__person_id=person_id
            )
            .select_related("enrollment__person")
            .first()
        )
        person = link.enrollment.person if link is not None else None
    else:
        person = Person.objects.filter(pk=person_id).first()
    if person is None or person.anonymised_at is not None or person.merged_into_id is not None:
        return None
    return person


def current(request) -> ParticipantSession | None:
    """The open session of this request, or ``None`` (and the stale one ended) when there is none.

    Sets ``request.minsida_timed_out`` when a session ended here because it was idle too long,
    so the page can say why.
    """
    data = request.session.get(SESSION_KEY)
    if not isinstance(data, dict):
        return None
    now = time.time()
    seen = data.get("seen")
    if not isinstance(seen, (int, float)) or now - seen > idle_seconds():
        request.minsida_timed_out = True
        end(request)
        return None
    person = _still_valid(data)
    if person is None:
        end(request)
        return None
    data["seen"] = now
    request.session[SESSION_KEY] = data
    return ParticipantSession(
        person=person,
        enrollment_ids=[int(pk) for pk in data.get("enrollments", [])],
        via=data.get("via", ""),
        link_id=data.get("link"),
        language=language_of(request),
    )
