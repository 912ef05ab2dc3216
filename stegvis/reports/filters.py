"""The report's filters: which enrolments a report counts, by organisation, referrer, coordinator...

``build_report(project, filters={KEY: VALUE})`` narrows the project's enrolments before anything
is counted, so every figure (and every section other apps add) is of the matching enrolments
only; several filters combine with AND. The page form, the command's ``--filter KEY=VALUE`` and
``build_report`` all check the values here, so a wrong one gets the same message everywhere.

What VALUE is for each key (docs/reports.md):

- ``organization``: the code of the enrolling organisation;
- ``referrer``, ``intake_channel``: the code (``af``, ``egen``...), or ``okand`` for none;
- ``need_group``: the name of one of the project's need groups (case does not matter), or ``okand``;
- ``coordinator``: the username of the enrolment's coordinator now;
- ``home_municipality``: a kommunkod or a municipality's name, or ``okand`` (no municipality, or
  a kept value that is no kommunkod); stored and shown as the kommunkod.
"""

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext as _

from stegvis.organizations.models import Organization
from stegvis.participants.models import Enrollment, IntakeChannel, Referrer
from stegvis.participants.municipalities import CODES, municipality_code
from stegvis.reports.counting import UNKNOWN

FILTER_KEYS = ("organization", "referrer", "intake_channel", "need_group", "coordinator", "home_municipality")


class FilterError(ValueError):
    """A filter key or value that names nothing; ``key`` is the filter it is about."""

    def __init__(self, key, message):
        super().__init__(message)
        self.key = key


def _unknown_value(key, value, known=""):
    message = _('Filtret %(key)s: "%(value)s" finns inte.') % {"key": key, "value": value}
    if known:
        message += " " + _("Möjliga värden: %(known)s.") % {"known": known}
    return FilterError(key, message)


def _choice(key, value, choices):
    code = value.strip().lower()
    if code == UNKNOWN:
        return code
    if code not in choices:
        raise _unknown_value(key, value, ", ".join([*choices, UNKNOWN]))
    return code


def _organization(project, value):
    enrolling = Enrollment.objects.filter(project=project).values("organization_id")
    codes = Organization.objects.filter(Q(pk__in=enrolling) | Q(pk__in=project.organizations().values("pk")))
    code = value.strip()
    known = sorted(codes.values_list("code", flat=True))
    if code not in known:
        raise _unknown_value("organization", value, ", ".join(known))
    return code


def _need_group(project, value):
    name = value.strip()
    if name.lower() == UNKNOWN:
        return UNKNOWN
    names = list(project.need_groups.order_by("name").values_list("name", flat=True))
    for known in names:
        if known.lower() == name.lower():
            return known
    raise _unknown_value("need_group", value, ", ".join([*names, UNKNOWN]))


def _coordinator(_project, value):
    username = value.strip()
    if not get_user_model().objects.filter(username=username).exists():
        raise _unknown_value("coordinator", value)
    return username


def _home_municipality(_project, value):
    if value.strip().lower() == UNKNOWN:
        return UNKNOWN
    code = municipality_code(value)
    if not code:
        raise FilterError(
            "home_municipality",
            _('Filtret home_municipality: "%(value)s" är ingen svensk kommun. Ange kommunkod eller namn.')
            % {"value": value},
        )
    return code


_CLEANERS = {
    "organization": _organization,
    "referrer": lambda _project, value: _choice("referrer", value, Referrer.values),
    "intake_channel": lambda _project, value: _choice("intake_channel", value, IntakeChannel.values),
    "need_group": _need_group,
    "coordinator": _coordinator,
    "home_municipality": _home_municipality,
}


def parse_filter_options(values):
    """``["KEY=VALUE", …]`` (the command's repeated ``--filter``) as ``{KEY: VALUE}``.

    Raises :class:`FilterError` for an option without ``=`` or a key given twice (two values of
    one key combined with AND would match nothing).
    """
    filters = {}
    for option in values or ():
        key, sep, value = option.partition("=")
        key = key.strip()
        if not sep or not key:
            raise FilterError(
                option, _('"%(option)s" ska skrivas NYCKEL=VÄRDE, t.ex. referrer=af.') % {"option": option}
            )
        if key in filters:
            raise FilterError(key, _("Filtret %(key)s är angivet två gånger.") % {"key": key})
        filters[key] = value
    return filters


def clean_filters(project, filters):
    """``filters`` (``{KEY: VALUE}``) checked and written the one way: a name as its code etc.

    Raises :class:`FilterError` naming the first unknown key or value. Empty values are no filter.
    """
    cleaned = {}
    for key, value in (filters or {}).items():
        if key not in _CLEANERS:
            raise FilterError(
                key,
                _('Okänt filter "%(key)s". Möjliga filter: %(known)s.')
                % {"key": key, "known": ", ".join(FILTER_KEYS)},
            )
        if value is None or not str(value).strip():
            continue
        cleaned[key] = _CLEANERS[key](project, str(value))
    return {key: cleaned[key] for key in FILTER_KEYS if key in cleaned}


def _q(key, value):
    if key == "organization":
        return Q(organization__code=value)
    if key in ("referrer", "intake_channel"):
        return Q(**{key: "" if value == UNKNOWN else value})
    if key == "need_group":
        return Q(need_group__isnull=True) if value == UNKNOWN else Q(need_group__name=value)
    if key == "coordinator":
        return Q(coordinator__username=value)
    if value == UNKNOWN:  # home_municipality
        return ~Q(person__home_municipality__in=CODES)
    return Q(person__home_municipality=value)


def filter_enrollments(enrollments, filters):
    """``enrollments`` narrowed to those matching every one of the (cleaned) ``filters``."""
    for key, value in filters.items():
        enrollments = enrollments.filter(_q(key, value))
    return enrollments
