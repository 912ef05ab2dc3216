"""Forms for registering persons and their enrolments.

The forms only collect and shape input; validation that matters (personnummer, overlaps,
versions, access) lives in :mod:`stegvis.participants.actions`, and the views put an
action's :class:`~stegvis.core.errors.ActionError` back at the field it names. What the forms
do check early (the birth year, the need group) they ask :mod:`stegvis.participants.rules`, the
same rules the actions apply. Plain forms
rather than ModelForms: a ModelForm would validate and save the model itself, bypassing
the actions (and the stored personnummer is normalised, so its length rule would reject
numbers typed with a dash).
"""

import datetime
from typing import TYPE_CHECKING

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries import countries as django_countries

from stegvis.core.access import scope_of
from stegvis.core.forms import DateInput, SearchInput
from stegvis.core.languages import person_language_choices
from stegvis.organizations.access import worked_on_projects_q
from stegvis.organizations.models import NeedGroup, Organization, Project, Role, StaffRole
from stegvis.participants import rules, voluntary_consent
from stegvis.participants.actions import EXIT_STATUS_FIELDS, need_group_named
from stegvis.participants.models import (
    COUNTED_EXIT_REASONS,
    ESF_CONSENT_FIELDS,
    ESF_VOLUNTARY_FIELDS,
    ContactPreference,
    EducationLevel,
    ExitReason,
    Gender,
    IncomeSource,
    IntakeChannel,
    NextActor,
    Occupation,
    Referrer,
)
from stegvis.participants.municipalities import municipality_code, unknown_municipality_message
from stegvis.participants.tables import user_label

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    # (legend, description, field names) per group of fields on a page
    Fieldsets = tuple[tuple[StrOrPromise, StrOrPromise, tuple[str, ...]], ...]

OTHER_LANGUAGE = "annat"
# The languages by their Swedish names, from the one list (stegvis/core/languages.py).
LANGUAGE_CHOICES = [
    ("", _("Ej angivet")),
    *person_language_choices(),
    (OTHER_LANGUAGE, _("Annat språk (ange kod)")),
]
_KNOWN_LANGUAGES = {code for code, _label in LANGUAGE_CHOICES if code and code != OTHER_LANGUAGE}


class YesNoField(forms.TypedChoiceField):
    """A yes/no question that may be left unanswered: cleans to ``True``, ``False`` or ``None``.

    A select rather than a checkbox, because "not answered" (or "does not want to say") must
    stay different from "no".
    """

    _VALUES = {True: "ja", False: "nej"}

    def __init__(self, *, unanswered=None, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(
            choices=[("", unanswered or _("Ej angivet")), ("ja", _("Ja")), ("nej", _("Nej"))],
            coerce=lambda value: value == "ja",
            empty_value=None,
            **kwargs,
        )

    def prepare_value(self, value):
        return self._VALUES.get(value, value)


def _blank(choices, label=None):
    return [("", label or _("Ej angivet"))] + list(choices)


# --- What a user may choose ----------------------------------------------------------------------


def organizations_for(user):
    """Organisations a user may register persons for (the action checks the same)."""
    scope = scope_of(user)
    if scope.is_admin:
        return Organization.objects.all()
    q = Q(pk__in=scope.coordinator_organizations)
    if scope.leader_projects:
        q |= Q(owned_projects__in=scope.leader_projects) | Q(partner_projects__in=scope.leader_projects)
    return Organization.objects.filter(q).distinct()


def enrol_projects_for(user):
    """Projects a user may enrol people in: those they work on for some organisation."""
    scope = scope_of(user)
    if scope.is_admin:
        return Project.objects.all()
    return Project.objects.filter(worked_on_projects_q(scope)).distinct()


def enrol_organizations_for(user):
    scope = scope_of(user)
    if scope.is_admin:
        return Organization.objects.all()
    return organizations_for(user)


def coordinators_for(project_ids=None, organization_ids=None):
    """Users with a coordinator role, grouped by organisation, as select choices."""
    roles = StaffRole.objects.filter(role=Role.COORDINATOR, user__is_active=True).select_related(
        "user", "organization"
    )
    if organization_ids is not None:
        roles = roles.filter(organization_id__in=organization_ids)
    if project_ids is not None:
        roles = roles.filter(Q(project__isnull=True) | Q(project_id__in=project_ids))
    groups = {}
    for role in roles.order_by("organization__name", "user__first_name", "user__last_name"):
        options = groups.setdefault(role.organization.name, {})
        options[str(role.user_id)] = user_label(role.user)
    return [(org, sorted(options.items(), key=lambda item: item[1])) for org, options in groups.items()]


def is_coordinator_for(user, project, organization):
    return StaffRole.objects.filter(
        Q(project__isnull=True) | Q(project=project),
        user=user,
        role=Role.COORDINATOR,
        organization=organization,
    ).exists()


# --- Persons -------------------------------------------------------------------------------------


def group_fields(form, fieldsets, id_prefix="fieldset", exclude=()):
    """``fieldsets`` (``(legend, description, field names)``) as groups of bound fields for
    ``participants/_fieldset.html``; fields the form does not have (or ``exclude``) are left out, and so
    are empty groups."""
    groups = []
    for index, (legend, description, names) in enumerate(fieldsets, start=1):
        fields = [form[name] for name in names if name in form.fields and name not in exclude]
        if fields:
            groups.append(
                {"id": f"{id_prefix}-{index}", "legend": legend, "description": description, "fields": fields}
            )
    return groups


class FieldsetsMixin:
    """Named groups of fields (``fieldsets``: ``(legend, description, field names)``) for the templates."""

    fieldsets: "Fieldsets" = ()

    def grouped_fields(self):
        return group_fields(self, self.fieldsets)


# The person's details in the order every person form shows them (register, edit, self-referral conversion).
PERSON_FIELDSETS = (
    (_("Identitet"), "", ("organization", "personnummer", "birth_year", "gender", "protected_identity")),
    (
        _("Namn och kontakt"),
        "",
        ("first_name", "last_name", "phone", "email", "contact_preference", "home_municipality"),
    ),
    (
        _("Språk och utbildning"),
        "",
        ("language", "language_other", "interpreter_needed", "education_level", "ref"),
    ),
)

# Where and when an enrolment starts (enrol, self-referral conversion).
START_FIELDSETS = (
    (_("Projekt och start"), "", ("project", "organization", "start_date", "referrer", "intake_channel")),
)


class PersonFieldsForm(forms.Form):
    """The details shared by registering and editing a person."""

    personnummer = forms.CharField(
        label=_("Personnummer eller samordningsnummer"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
        help_text=_(
            "10 eller 12 siffror, t.ex. 19850101-1234. Lämna tomt om personen inte har lämnat samtycke: "
            "då registreras hen anonymt med födelseår."
        ),
    )
    birth_year = forms.IntegerField(
        label=_("Födelseår"),
        required=False,
        widget=forms.NumberInput(attrs={"min": rules.FIRST_BIRTH_YEAR}),
        help_text=_("Krävs när personnummer saknas."),
    )
    protected_identity = forms.BooleanField(
        label=_("Skyddade personuppgifter"),
        required=False,
        help_text=_(
            "Kryssa i om personen har skyddad identitet (sekretessmarkering, skyddad folkbokföring). "
            "Personnumret sparas då aldrig, visas aldrig och exporteras aldrig; bara födelsedatumet behålls."
        ),
    )
    first_name = forms.CharField(label=_("Förnamn"), required=False, max_length=100)
    last_name = forms.CharField(label=_("Efternamn"), required=False, max_length=100)
    gender = forms.ChoiceField(label=_("Kön"), choices=_blank(Gender.choices, _("Välj")))
    home_municipality = forms.CharField(label=_("Hemkommun"), required=False, max_length=100)
    language = forms.ChoiceField(label=_("Föredraget språk"), choices=LANGUAGE_CHOICES, required=False)
    language_other = forms.CharField(
        label=_("Annat språk: ISO 639-kod"),
        required=False,
        max_length=8,
        help_text=_("T.ex. tr för turkiska eller pl för polska."),
    )
    interpreter_needed = YesNoField(label=_("Behöver tolk"))
    contact_preference = forms.ChoiceField(
        label=_("Kontaktväg"), choices=_blank(ContactPreference.choices), required=False
    )
    phone = forms.CharField(
        label=_("Telefon"),
        required=False,
        max_length=32,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )
    email = forms.EmailField(
        label=_("E-post"), required=False, widget=forms.EmailInput(attrs={"autocomplete": "off"})
    )
    education_level = forms.TypedChoiceField(
        label=_("Utbildningsnivå"),
        choices=_blank(EducationLevel.choices),
        required=False,
        coerce=int,
        empty_value=None,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["birth_year"].widget.attrs["max"] = datetime.date.today().year

    def clean_home_municipality(self):
        """A name or a kommunkod, stored as the kommunkod."""
        value = self.cleaned_data.get("home_municipality", "")
        code = municipality_code(value)
        if code is None:
            raise forms.ValidationError(unknown_municipality_message(value.strip()))
        return code

    def clean_birth_year(self):
        year = self.cleaned_data.get("birth_year")
        message = rules.birth_year_error(year, has_number=True)
        if message:
            raise forms.ValidationError(message)
        return year

    def birth_year_required(self, data):
        """A birth year is required when no personnummer is typed (checked by the forms that register)."""
        if "birth_year" in self.errors:
            return
        typed = bool((data.get("personnummer") or "").strip())
        message = rules.birth_year_error(data.get("birth_year"), has_number=typed)
        if message:
            self.add_error("birth_year", message)

    def clean(self):
        data = super().clean()
        language = data.get("language")
        if language == OTHER_LANGUAGE:
            other = (data.get("language_other") or "").strip().lower()
            if not other:
                self.add_error("language_other", _("Ange språkets kod."))
            data["language"] = other
        return data

    def person_fields(self):
        """The cleaned values as keyword arguments for the person actions."""
        data = self.cleaned_data
        fields = {
            "first_name": data.get("first_name", "").strip(),
            "last_name": data.get("last_name", "").strip(),
            "gender": data.get("gender", ""),
            "home_municipality": data.get("home_municipality", ""),
            "language": data.get("language") or "",
            "interpreter_needed": data.get("interpreter_needed"),
            "contact_preference": data.get("contact_preference") or "",
            "phone": data.get("phone", "").strip(),
            "email": data.get("email", ""),
            "education_level": data.get("education_level"),
        }
        if data.get("birth_year"):
            fields["birth_year"] = data["birth_year"]
        return fields

    @staticmethod
    def initial_for(person):
        language = person.language or ""
        other = ""
        if language and language not in _KNOWN_LANGUAGES:
            language, other = OTHER_LANGUAGE, person.language
        return {
            "birth_year": person.birth_year,
            "protected_identity": person.protected_identity,
            "first_name": person.first_name,
            "last_name": person.last_name,
            "gender": person.gender,
            "home_municipality": person.home_municipality_name,
            "language": language,
            "language_other": other,
            "interpreter_needed": person.interpreter_needed,
            "contact_preference": person.contact_preference,
            "phone": person.phone,
            "email": person.email,
            "education_level": person.education_level,
            "version": getattr(person, "version", None),
        }

    def person_groups(self):
        return group_fields(self, PERSON_FIELDSETS, "person")


class RegisterPersonForm(PersonFieldsForm):
    organization = forms.ModelChoiceField(
        label=_("Registreras av organisation"),
        queryset=Organization.objects.none(),
        empty_label=None,
    )
    ref = forms.CharField(
        label=_("Egen referens (valfri)"),
        required=False,
        max_length=64,
        help_text=_("Organisationens eget ärende- eller deltagarnummer, om ni använder ett."),
    )

    field_order = [
        "organization",
        "personnummer",
        "birth_year",
        "protected_identity",
        "first_name",
        "last_name",
    ]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        organization = self.fields["organization"]
        organization.queryset = organizations_for(user).order_by("name")
        if len(organization.queryset) > 1:
            organization.empty_label = _("Välj organisation")

    def clean(self):
        data = super().clean()
        self.birth_year_required(data)
        return data


class EditPersonForm(PersonFieldsForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, person, **kwargs):
        super().__init__(*args, **kwargs)
        self.person = person
        number = self.fields["personnummer"]
        number.label = _("Nytt personnummer")
        if person.protected_identity:
            number.help_text = _("Personen har skyddad identitet: inget personnummer sparas.")
            number.disabled = True
        elif person.personnummer:
            number.help_text = _("Lämna tomt för att behålla det nuvarande numret.")
        if person.birth_date:
            birth_year = self.fields["birth_year"]
            birth_year.disabled = True
            birth_year.help_text = _("Kommer från födelsedatumet och ändras genom personnumret.")


# --- Enrolments ----------------------------------------------------------------------------------


class CoordinatorChoiceField(forms.TypedChoiceField):
    """A user id chosen among grouped coordinators; cleans to the user or ``None``."""

    def __init__(self, **kwargs):
        super().__init__(coerce=self._user, empty_value=None, **kwargs)

    @staticmethod
    def _user(value):
        user = get_user_model().objects.filter(pk=int(value), is_active=True).first()
        if user is None:
            raise ValueError(value)
        return user


VOLUNTARY_UNANSWERED = _("Inte besvarat / vill inte svara")
VOLUNTARY_LEGEND = _("Frivilliga uppgifter (ESF+)")
VOLUNTARY_DESCRIPTION = _(
    "Frågorna ställs bara om deltagaren vill svara. Välj ”Inte besvarat” om deltagaren inte vill svara eller "
    "inte har fått frågan. Svaren redovisas bara som sammanräknade antal till ESF+."
)
START_STATUS_LEGEND = _("Situation vid start")
START_STATUS_FIELDS = (
    "income_source_start",
    "occupation_start",
    "work_extent_start",
    "unemployed_months_start",
    "education_level_start",
)


# The voluntary ESF+ questions: (field, label, help text in plain words).
VOLUNTARY_QUESTIONS = (
    (
        "disability",
        _("Funktionsnedsättning"),
        _("Har deltagaren en fysisk, psykisk eller intellektuell funktionsnedsättning, enligt egen uppgift?"),
    ),
    (
        "third_country_national",
        _("Medborgare i land utanför EU/EES"),
        _("Medborgare i ett land utanför EU, EES och Schweiz (och inte samtidigt svensk medborgare)."),
    ),
    (
        "foreign_origin",
        _("Utländsk bakgrund"),
        _("Född utomlands, eller född i Sverige med två föräldrar som är födda utomlands."),
    ),
    (
        "minority",
        _("Tillhör en minoritet"),
        _(
            "T.ex. en nationell minoritet (judar, romer, samer, sverigefinnar, tornedalingar), enligt egen uppgift."
        ),
    ),
    (
        "housing_exclusion",
        _("Hemlös eller utestängd från bostadsmarknaden"),
        _("Saknar egen bostad: bor på gatan, härbärge eller akutboende, eller tillfälligt hos andra."),
    ),
    ("rural_area", _("Bor på landsbygden"), _("Bor på landsbygden eller i glesbygd, utanför tätort.")),
)
assert tuple(name for name, _label, _help in VOLUNTARY_QUESTIONS) == ESF_VOLUNTARY_FIELDS

# A form class holding one "yes / no / not answered" field per voluntary question. Made with
# type() so the fields come from the one list; type checkers see it as the plain form it is.
if TYPE_CHECKING:
    VoluntaryQuestionsForm = forms.Form
else:
    VoluntaryQuestionsForm = type(
        "VoluntaryQuestionsForm",
        (forms.Form,),
        {
            name: YesNoField(label=label, unanswered=VOLUNTARY_UNANSWERED, help_text=help_text)
            for name, label, help_text in VOLUNTARY_QUESTIONS
        },
    )


class StartStatusMixin(FieldsetsMixin, VoluntaryQuestionsForm):
    """Status at start as SUS asks it, plus what ESF+ needs beyond it (docs/sus-esf.md)."""

    income_source_start = forms.ChoiceField(
        label=_("Försörjning vid start"), choices=_blank(IncomeSource.choices), required=False
    )
    occupation_start = forms.ChoiceField(
        label=_("Sysselsättning vid start"),
        choices=_blank(Occupation.choices),
        required=False,
        help_text=_(
            "Arbete räknas som sysselsatt, arbetssökande som arbetslös, studier och ingen sysselsättning "
            "som utanför arbetskraften."
        ),
    )
    work_extent_start = forms.IntegerField(
        label=_("Arbetstid vid start (%)"),
        required=False,
        min_value=0,
        max_value=100,
        help_text=_("100 % motsvarar 40 timmar i veckan."),
    )
    unemployed_months_start = forms.IntegerField(
        label=_("Tid utan arbete vid start (månader)"),
        required=False,
        min_value=0,
        max_value=600,
        help_text=_(
            "Bara för arbetssökande: hela månader i följd utan arbete fram till starten. Mer än 12 månader "
            "(mer än 6 för den som är under 25 år) räknas som långtidsarbetslös."
        ),
    )
    education_level_start = forms.TypedChoiceField(
        label=_("Utbildningsnivå vid start"),
        choices=_blank(EducationLevel.choices),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_(
            "Högsta avslutade utbildning. Lämnas den tom vid inskrivningen tas nivån från deltagarens uppgifter."
        ),
    )
    country_of_birth = forms.ChoiceField(label=_("Födelseland"), required=False)
    citizenship = forms.ChoiceField(
        label=_("Medborgarskap"),
        required=False,
        help_text=_(
            "Avgör om deltagaren är medborgare i ett land utanför EU/EES när den frågan inte är besvarad."
        ),
    )
    voluntary_consent = forms.BooleanField(
        label=_("Deltagaren har samtyckt till att lämna de frivilliga uppgifterna"),
        required=False,
        help_text=_(
            "Krävs för att spara svaren. Samtycket registreras under Samtycken och kan återkallas; då tas svaren bort."
        ),
    )
    voluntary_consent_method = forms.ChoiceField(label=_("Hur samtycket lämnades"), required=False)
    fieldsets: "Fieldsets" = (
        (START_STATUS_LEGEND, "", START_STATUS_FIELDS),
        (
            VOLUNTARY_LEGEND,
            VOLUNTARY_DESCRIPTION,
            ESF_CONSENT_FIELDS + ("voluntary_consent", "voluntary_consent_method"),
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        countries = [("", VOLUNTARY_UNANSWERED), *[(code, name) for code, name in django_countries]]
        self.fields["country_of_birth"].choices = countries
        self.fields["citizenship"].choices = countries
        self.fields["voluntary_consent_method"].choices = _blank(voluntary_consent.methods())

    def drop_voluntary_consent_fields(self):
        """For an enrolment whose consent is already in force: nothing to ask."""
        del self.fields["voluntary_consent"]
        del self.fields["voluntary_consent_method"]

    def clean(self):
        data = super().clean()
        if "voluntary_consent" not in self.fields:
            return data
        changed = {name: data.get(name) for name in ESF_CONSENT_FIELDS if name in self.changed_data}
        if data.get("voluntary_consent") and not data.get("voluntary_consent_method"):
            self.add_error("voluntary_consent_method", _("Välj hur deltagaren lämnade samtycket."))
        elif voluntary_consent.answered(changed) and not data.get("voluntary_consent"):
            self.add_error(
                "voluntary_consent",
                _(
                    "De frivilliga uppgifterna sparas bara om deltagaren har samtyckt till att lämna dem. Kryssa i "
                    "samtycket, eller lämna uppgifterna obesvarade."
                ),
            )
        return data

    def start_status(self):
        """The cleaned status fields as keyword arguments for the enrolment actions."""
        fields = {name: self.cleaned_data.get(name) for name in START_STATUS_FIELDS + ESF_CONSENT_FIELDS}
        fields["income_source_start"] = fields["income_source_start"] or ""
        fields["occupation_start"] = fields["occupation_start"] or ""
        fields["country_of_birth"] = fields["country_of_birth"] or ""
        fields["citizenship"] = fields["citizenship"] or ""
        if self.cleaned_data.get("voluntary_consent"):
            fields["voluntary_consent_method"] = self.cleaned_data.get("voluntary_consent_method")
        return fields

    @staticmethod
    def start_status_initial(enrollment):
        return {name: getattr(enrollment, name) for name in START_STATUS_FIELDS + ESF_CONSENT_FIELDS}


class NeedGroupMixin(forms.Form):
    need_group = forms.ModelChoiceField(
        label=_("Behovsgrupp"), queryset=NeedGroup.objects.none(), required=False, empty_label=_("Ingen vald")
    )
    new_need_group = forms.CharField(
        label=_("Eller en ny behovsgrupp"),
        required=False,
        max_length=100,
        help_text=_("Skriv ett namn om gruppen inte finns i listan; den läggs till i projektet."),
    )

    def clean(self):
        data = super().clean()
        if data.get("need_group") and (data.get("new_need_group") or "").strip():
            self.add_error("new_need_group", _("Välj en behovsgrupp i listan eller skriv en ny, inte båda."))
        return data

    def chosen_need_group(self, project):
        """The need group picked in the list, or the one typed as new (added to ``project``)."""
        return self.cleaned_data.get("need_group") or need_group_named(
            project, self.cleaned_data.get("new_need_group")
        )


class EnrolForm(StartStatusMixin, NeedGroupMixin):
    project = forms.ModelChoiceField(
        label=_("Projekt"), queryset=Project.objects.none(), empty_label=_("Välj projekt")
    )
    organization = forms.ModelChoiceField(
        label=_("Inskrivande organisation"),
        queryset=Organization.objects.none(),
        empty_label=_("Välj organisation"),
    )
    start_date = forms.DateField(label=_("Startdatum"), widget=DateInput)
    referrer = forms.ChoiceField(label=_("Anvisare"), choices=_blank(Referrer.choices), required=False)
    intake_channel = forms.ChoiceField(
        label=_("Intagsväg"), choices=_blank(IntakeChannel.choices), required=False
    )
    coordinator = CoordinatorChoiceField(label=_("Koordinator"), required=False)

    field_order = [
        "project",
        "organization",
        "start_date",
        "referrer",
        "intake_channel",
        "need_group",
        "new_need_group",
        "coordinator",
    ]

    # The fields whose choices depend on the chosen project and organisation.
    dependent_fields = ("need_group", "new_need_group", "coordinator")

    def __init__(self, *args, user, refresh_url=None, **kwargs):
        super().__init__(*args, **kwargs)
        projects = enrol_projects_for(user).order_by("name")
        organizations = enrol_organizations_for(user).order_by("name")
        self.fields["project"].queryset = projects
        self.fields["organization"].queryset = organizations
        if len(projects) == 1:
            self.fields["project"].initial = projects[0].pk
        if len(organizations) == 1:
            self.fields["organization"].initial = organizations[0].pk
        project_ids = [p.pk for p in projects]
        organization_ids = [o.pk for o in organizations]
        if not self.is_bound:
            # Showing the form: narrow the lists to the project and organisation already chosen.
            chosen_project = self._chosen("project", project_ids)
            chosen_organization = self._chosen("organization", organization_ids)
            if chosen_project:
                project_ids = [chosen_project]
            if chosen_organization:
                organization_ids = [chosen_organization]
        self.fields["need_group"].queryset = NeedGroup.objects.filter(
            project_id__in=project_ids
        ).select_related("project")
        self.fields["need_group"].label_from_instance = lambda g: f"{g.project.name}: {g.name}"
        self.fields["coordinator"].choices = [("", _("Ingen ännu"))] + coordinators_for(
            project_ids=project_ids,
            organization_ids=organization_ids,
        )
        self.fields["coordinator"].help_text = _(
            "Personer med rollen koordinator i projektet och organisationen."
        )
        if refresh_url:
            # With JavaScript, choosing a project or organisation refreshes the dependent lists.
            for name in ("project", "organization"):
                self.fields[name].widget.attrs.update(
                    {
                        "hx-get": refresh_url,
                        "hx-trigger": "change",
                        "hx-target": "#enrol-dependent",
                        "hx-select": "#enrol-dependent",
                        "hx-swap": "outerHTML",
                        "hx-include": "[name='project'],[name='organization']",
                    }
                )

    def _chosen(self, name, allowed):
        value = self.initial.get(name) or self.fields[name].initial
        value = getattr(value, "pk", value)
        try:
            value = int(value)
        except (TypeError, ValueError):
            return None
        return value if value in allowed else None

    def clean(self):
        data = super().clean()
        project, organization, coordinator = (
            data.get("project"),
            data.get("organization"),
            data.get("coordinator"),
        )
        if (
            coordinator
            and project
            and organization
            and not is_coordinator_for(coordinator, project, organization)
        ):
            self.add_error(
                "coordinator", _("Den valda personen är inte koordinator i projektet för den organisationen.")
            )
        group = data.get("need_group")
        if group and project and (message := rules.need_group_error(group, project)):
            self.add_error("need_group", message)
        return data

    def start_groups(self):
        return group_fields(self, START_FIELDSETS, "start")


GAINED_QUALIFICATION_HELP = _(
    "Fick deltagaren under tiden i projektet ett betyg, intyg, certifikat eller en examen som visar nya kunskaper "
    "(t.ex. gymnasiebetyg, SFI-betyg, körkort eller truckkort)?"
)


class EditEnrollmentForm(StartStatusMixin, NeedGroupMixin):
    start_date = forms.DateField(label=_("Startdatum"), widget=DateInput)
    referrer = forms.ChoiceField(label=_("Anvisare"), choices=_blank(Referrer.choices), required=False)
    intake_channel = forms.ChoiceField(
        label=_("Intagsväg"), choices=_blank(IntakeChannel.choices), required=False
    )
    gained_qualification = YesNoField(label=_("Fick en kvalifikation"), help_text=GAINED_QUALIFICATION_HELP)
    version = forms.IntegerField(widget=forms.HiddenInput)

    fieldsets: "Fieldsets" = (
        (_("Inskrivning"), "", ("start_date", "referrer", "intake_channel", "need_group", "new_need_group")),
        *StartStatusMixin.fieldsets,
        (
            _("Efter avslut"),
            _("Kan rättas i efterhand, t.ex. när ett intyg kommer efter avslutet."),
            ("gained_qualification",),
        ),
    )

    def __init__(self, *args, enrollment, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["need_group"].queryset = NeedGroup.objects.filter(project_id=enrollment.project_id)
        if voluntary_consent.in_force(enrollment):
            self.drop_voluntary_consent_fields()
        if enrollment.end_date is None:
            # Known only once the enrolment has ended; the exit form asks it then.
            del self.fields["gained_qualification"]

    def enrollment_fields(self):
        """The cleaned values as keyword arguments for ``update_enrollment`` (need group aside)."""
        fields = self.start_status()
        data = self.cleaned_data
        fields.update(
            start_date=data["start_date"],
            referrer=data.get("referrer") or "",
            intake_channel=data.get("intake_channel") or "",
        )
        if "gained_qualification" in self.fields:
            fields["gained_qualification"] = data.get("gained_qualification")
        return fields

    @staticmethod
    def initial_for(enrollment):
        return {
            "start_date": enrollment.start_date,
            "referrer": enrollment.referrer,
            "intake_channel": enrollment.intake_channel,
            "need_group": enrollment.need_group_id,
            **StartStatusMixin.start_status_initial(enrollment),
            "gained_qualification": enrollment.gained_qualification,
            "version": enrollment.version,
        }


class ChangeCoordinatorForm(forms.Form):
    coordinator = CoordinatorChoiceField(label=_("Ny koordinator"), required=False)
    from_date = forms.DateField(label=_("Från och med"), widget=DateInput)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, enrollment, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["coordinator"].choices = [("", _("Ingen koordinator"))] + coordinators_for(
            project_ids=[enrollment.project_id], organization_ids=[enrollment.organization_id]
        )


PROJECT_REASON_PREFIX = "projekt:"


class ExitForm(FieldsetsMixin, forms.Form):
    """Register or correct an exit: the reason (the project's own or a standard one) and what follows.

    A project's own reasons come first, each showing the standard reason it counts as; the
    value of one is ``projekt:CODE`` and ``exit_fields`` hands the action the reason itself.
    """

    end_date = forms.DateField(label=_("Slutdatum"), widget=DateInput)
    exit_reason = forms.ChoiceField(label=_("Avslutsorsak"))
    other_outcomes = forms.MultipleChoiceField(
        label=_("Andra utfall"),
        required=False,
        choices=[(value, label) for value, label in ExitReason.choices if value in COUNTED_EXIT_REASONS],
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Om avslutet ledde till mer än en sak, till exempel deltidsarbete och studier. "
            "Avslutsorsaken är det viktigaste utfallet; här väljs de andra."
        ),
    )
    next_actor = forms.ChoiceField(
        label=_("Nästa aktör"),
        choices=_blank(NextActor.choices),
        required=False,
        help_text=_("Vem som tar över stödet efter avslutet."),
    )
    income_source_exit = forms.ChoiceField(
        label=_("Försörjning vid avslut"), choices=_blank(IncomeSource.choices), required=False
    )
    occupation_exit = forms.ChoiceField(
        label=_("Sysselsättning vid avslut"),
        choices=_blank(Occupation.choices),
        required=False,
        help_text=_(
            "Till ESF+ räknas arbete som i arbete, studier som i utbildning och arbetssökande som "
            "arbetssökande vid avslut."
        ),
    )
    work_extent_exit = forms.IntegerField(
        label=_("Arbetstid vid avslut (%)"),
        required=False,
        min_value=0,
        max_value=100,
        help_text=_("100 % motsvarar 40 timmar i veckan."),
    )
    gained_qualification = YesNoField(label=_("Fick en kvalifikation"), help_text=GAINED_QUALIFICATION_HELP)
    version = forms.IntegerField(widget=forms.HiddenInput)

    fieldsets: "Fieldsets" = (
        (_("Avslut"), "", ("end_date", "exit_reason", "other_outcomes", "next_actor")),
        (
            _("Situation vid avslut"),
            "",
            ("income_source_exit", "occupation_exit", "work_extent_exit", "gained_qualification"),
        ),
    )

    def __init__(self, *args, enrollment, **kwargs):
        super().__init__(*args, **kwargs)
        own = enrollment.project.exit_reasons.filter(
            Q(active=True) | Q(pk=enrollment.project_exit_reason_id or 0)
        )
        self._own = {PROJECT_REASON_PREFIX + r.code: r for r in own}
        standard = list(ExitReason.choices)
        if self._own:
            counted_as = dict(ExitReason.choices)
            own_choices = [
                (
                    key,
                    _("%(label)s (räknas som %(standard)s)")
                    % {"label": r.label, "standard": str(counted_as[r.standard_reason]).lower()},
                )
                for key, r in self._own.items()
            ]
            choices = [
                ("", _("Välj orsak")),
                (_("Projektets orsaker"), own_choices),
                (_("Standardorsaker"), standard),
            ]
        else:
            choices = _blank(standard, _("Välj orsak"))
        self.fields["exit_reason"].choices = choices

    @staticmethod
    def initial_for(enrollment):
        """The form filled in with an ended enrolment's exit, for a correction."""
        reason = enrollment.exit_reason
        if enrollment.project_exit_reason_id:
            reason = PROJECT_REASON_PREFIX + enrollment.project_exit_reason.code
        return {
            "end_date": enrollment.end_date,
            "exit_reason": reason,
            "other_outcomes": list(enrollment.other_outcomes.values_list("outcome", flat=True)),
            "next_actor": enrollment.next_actor,
            **{name: getattr(enrollment, name) for name in EXIT_STATUS_FIELDS},
            "version": enrollment.version,
        }

    def exit_fields(self):
        """The cleaned values as keyword arguments for ``register_exit`` and ``correct_exit``."""
        data = self.cleaned_data
        own = self._own.get(data["exit_reason"])
        return {
            "end_date": data["end_date"],
            "exit_reason": None if own else data["exit_reason"],
            "project_exit_reason": own,
            "other_outcomes": data.get("other_outcomes") or [],
            "next_actor": data.get("next_actor") or "",
            "income_source_exit": data.get("income_source_exit") or "",
            "occupation_exit": data.get("occupation_exit") or "",
            "work_extent_exit": data.get("work_extent_exit"),
            "gained_qualification": data.get("gained_qualification"),
        }


class MergeSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Sök dubbletten"),
        required=False,
        widget=SearchInput(),
        help_text=_("Namn, personnummer eller referens."),
    )
