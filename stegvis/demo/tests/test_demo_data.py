import datetime
import importlib
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db.models import Count, Q, Sum

from stegvis.audit.models import AuditEntry
from stegvis.demo import content
from stegvis.demo.generator import DemoGenerator, PersonnummerSource, luhn_check_digit
from stegvis.demo.models import DemoDataset
from stegvis.organizations.actions import save_organization
from stegvis.organizations.models import Organization, Role, StaffRole
from stegvis.participants import personnummer as pnr
from stegvis.participants.models import CoordinatorAssignment, Enrollment, Person
from stegvis.progression.models import Measurement
from stegvis.progression.scoring import stale_scores

TODAY = datetime.date(2026, 11, 23)
command_module = importlib.import_module("stegvis.demo.management.commands.demo-data")


def demo(*args, **options):
    out = StringIO()
    call_command("demo-data", *args, today=TODAY, verbosity=0, stdout=out, **options)
    return out.getvalue()


def figures():
    """What both writers must agree on, computed in the database."""
    return {
        "persons": Person.objects.count(),
        "genders": dict(Person.objects.values_list("gender").annotate(n=Count("pk")).order_by("gender")),
        "anonymous": Person.objects.filter(personnummer__isnull=True, protected_identity=False).count(),
        "protected": Person.objects.filter(protected_identity=True).count(),
        "enrolments": Enrollment.objects.count(),
        "exited": Enrollment.objects.filter(end_date__isnull=False).count(),
        "reasons": dict(
            Enrollment.objects.exclude(exit_reason="")
            .values_list("exit_reason")
            .annotate(n=Count("pk"))
            .order_by()
        ),
        "by_coordinator": dict(
            Enrollment.objects.values_list("coordinator__username").annotate(n=Count("pk")).order_by()
        ),
        "history": CoordinatorAssignment.objects.count(),
        "versions": Enrollment.objects.aggregate(total=Sum("version"))["total"],
        "audit": {
            (object_type, action): n
            for object_type, action, n in AuditEntry.objects.filter(object_type__startswith="participants.")
            .values_list("object_type", "action")
            .annotate(n=Count("pk"))
            .order_by()
        },
    }


@pytest.mark.django_db
def test_small_demo_has_people_enrolments_exits_and_every_role():
    out = demo(participants=60)
    assert "60 deltagare" in out

    assert Person.objects.count() == 60
    enrolments = Enrollment.objects.count()
    assert enrolments > 60  # some people come back: unique persons < enrolments
    assert Person.objects.annotate(n=Count("enrollments")).filter(n__gte=2).exists()
    exited = Enrollment.objects.filter(end_date__isnull=False)
    assert 0.4 < exited.count() / enrolments < 0.8
    assert not exited.filter(exit_reason="").exists()
    assert not Enrollment.objects.filter(end_date__isnull=True).exclude(exit_reason="").exists()
    assert Enrollment.objects.filter(end_date__isnull=True).exists()
    assert not exited.filter(end_date__gt=TODAY).exists()
    # Coordinator changes: more history rows than enrolments.
    assert CoordinatorAssignment.objects.count() > enrolments
    # Every measurement carries its score, as the reports read it.
    assert Measurement.objects.filter(answered_count__gt=0).exists()
    assert not stale_scores().exists()
    # Cohorts: several people start on the same day.
    assert Enrollment.objects.values("start_date").annotate(n=Count("pk")).filter(n__gte=2).exists()
    # Written through the actions: every person and enrolment has its audit entry.
    assert AuditEntry.objects.filter(object_type="participants.person", action="create").count() == 60
    assert (
        AuditEntry.objects.filter(object_type="participants.enrollment", action="create").count()
        == enrolments
    )

    User = get_user_model()
    expected = {
        "admin": (Role.ADMINISTRATOR, None, None),
        "projektledare": (Role.PROJECT_LEADER, None, "helhetslyftet"),
        "projektledare.spik": (Role.PROJECT_LEADER, None, "spik"),
        "koordinator": (Role.COORDINATOR, "kungsbacka", "helhetslyftet"),
        "koordinator.molndal": (Role.COORDINATOR, "molndal", "helhetslyftet"),
        "koordinator.vaxjo": (Role.COORDINATOR, "vaxjo", None),
        "utvardare": (Role.EVALUATOR, None, "helhetslyftet"),
    }
    for username, (role, org, project) in expected.items():
        user = User.objects.get(username=username)
        assert user.check_password(content.DEMO_PASSWORD)
        assert user.first_name and user.last_name
        assert StaffRole.objects.filter(
            user=user, role=role, organization__code=org, project__code=project
        ).exists(), username
    dataset = DemoDataset.objects.get()
    assert dataset.complete and dataset.participants == 60


@pytest.mark.django_db
def test_coordinators_only_see_their_own_organisation():
    demo(participants=80)
    User = get_user_model()
    koordinator = User.objects.get(username="koordinator")
    visible = Enrollment.objects.restrict(koordinator, "view")
    assert visible.exists()
    assert set(visible.values_list("organization__code", flat=True)) == {"kungsbacka"}
    assert set(visible.values_list("project__code", flat=True)) == {"helhetslyftet"}
    assert not Enrollment.objects.restrict(User.objects.get(username="utvardare"), "view").exists()


@pytest.mark.django_db
def test_second_run_without_reset_changes_nothing():
    demo(participants=30)
    before = (Person.objects.count(), Enrollment.objects.count(), AuditEntry.objects.count())
    out = demo(participants=50)
    assert "finns redan" in out
    assert (Person.objects.count(), Enrollment.objects.count(), AuditEntry.objects.count()) == before


@pytest.mark.django_db
def test_reset_replaces_the_demo():
    demo(participants=40, seed=1)
    demo("--reset", participants=25, seed=2)
    assert Person.objects.count() == 25
    assert DemoDataset.objects.get().seed == 2
    assert AuditEntry.objects.filter(action="delete", object_type="demo.demodataset").count() == 1
    assert get_user_model().objects.filter(username="admin").count() == 1


@pytest.mark.django_db
def test_reset_refuses_when_the_database_holds_anything_else():
    demo(participants=20)
    save_organization(None, code="riktig-kommun", name="En riktig kommun", kind="kommun")
    with pytest.raises(CommandError, match="riktig-kommun"):
        demo("--reset", participants=20)
    assert Person.objects.count() == 20
    assert Organization.objects.filter(code="riktig-kommun").exists()


@pytest.mark.django_db
def test_refuses_to_load_into_or_reset_a_database_that_is_not_a_demo(world):
    with pytest.raises(CommandError, match="inte är demodata"):
        demo(participants=20)
    with pytest.raises(CommandError, match="inte en demodatabas"):
        demo("--reset", participants=20)
    assert Person.objects.count() == 3
    assert not DemoDataset.objects.exists()


@pytest.mark.django_db
def test_an_unfinished_load_asks_for_reset():
    DemoDataset.objects.create(seed=1, participants=10, as_of=TODAY)
    with pytest.raises(CommandError, match="--reset"):
        demo(participants=10)


@pytest.mark.django_db
def test_same_seed_gives_the_same_data():
    demo(participants=50, seed=7)
    first = figures()
    names = sorted(Person.objects.values_list("first_name", "last_name", "personnummer"))
    demo("--reset", participants=50, seed=7)
    assert figures() == first
    assert sorted(Person.objects.values_list("first_name", "last_name", "personnummer")) == names
    demo("--reset", participants=50, seed=8)
    assert sorted(Person.objects.values_list("first_name", "last_name", "personnummer")) != names


def test_generator_is_deterministic_and_balanced():
    rows = list(DemoGenerator(2000, seed=3, today=TODAY))
    assert rows == list(DemoGenerator(2000, seed=3, today=TODAY))
    women = sum(1 for r in rows if r["person"]["gender"] == "K") / len(rows)
    assert 0.40 < women < 0.50
    enrolments = [e for r in rows for e in r["enrollments"]]
    exited = [e for e in enrolments if e["exit"]]
    assert 0.5 < len(exited) / len(enrolments) < 0.7
    to_work = sum(1 for e in exited if e["exit"]["exit_reason"] == "arbete") / len(exited)
    assert 0.12 < to_work < 0.28
    assert any(len({e["project"] for e in r["enrollments"]}) == 2 for r in rows)
    ages = [e["start_date"].year - r["person"]["birth_year"] for r in rows for e in r["enrollments"][:1]]
    assert min(ages) >= 17 and max(ages) <= 66
    assert {r["person"]["language"] for r in rows} == {"sv", "ar", "prs", "so", "ti", "sw"}
    referrers = {e["referrer"] for e in enrolments}
    assert {"af", "fk", "forsorjningsstod", "kaa", "egenremiss", "vard"} <= referrers


def test_personnummer_are_valid_and_unique_at_volume():
    source = PersonnummerSource()
    seen = set()
    day = datetime.date(1990, 5, 17)
    # Far more people on one birth date than serial numbers exist: samordningsnummer, then the next day.
    for i in range(2500):
        number, birth = source.next(day, "K" if i % 2 else "M")
        parsed = pnr.parse(number)
        assert parsed.number == number
        assert (int(number[10]) % 2 == 0) == (i % 2 == 1)  # even serial digit for women
        assert number not in seen
        seen.add(number)
    assert any(pnr.parse(n).is_coordination_number for n in seen)
    assert luhn_check_digit("811218987") == "6"  # 811218-9876 is the textbook example


@pytest.mark.django_db
def test_stored_personnummer_are_valid_unique_and_absent_for_protected_identities():
    demo(participants=120)
    numbers = list(Person.objects.exclude(personnummer=None).values_list("personnummer", flat=True))
    assert len(numbers) == len(set(numbers)) > 100
    for number in numbers:
        pnr.parse(number)
    protected = Person.objects.filter(protected_identity=True)
    assert protected.exists()
    assert not protected.exclude(personnummer=None).exists()
    assert not protected.filter(birth_date=None).exists()
    anonymous = Person.objects.filter(personnummer=None, protected_identity=False)
    assert anonymous.exists()
    assert not anonymous.exclude(first_name="").exists()
    # Only fictional contact details.
    assert (
        not Person.objects.exclude(email="")
        .exclude(
            Q(email__endswith="@example.com")
            | Q(email__endswith="@example.org")
            | Q(email__endswith="@example.net")
        )
        .exists()
    )
    assert not Person.objects.exclude(phone="").exclude(phone__startswith="070-17406").exists()


@pytest.mark.django_db
def test_bulk_path_writes_the_same_data_as_the_actions():
    out = demo(participants=300, seed=11)
    assert "en rad i taget" in out
    by_actions = figures()
    people = sorted(
        Person.objects.values_list("personnummer", "first_name", "birth_year", "registered_by__code"), key=str
    )
    demo("--reset", "--bulk", participants=300, seed=11, batch_size=100)
    by_bulk = figures()
    assert by_bulk == by_actions
    assert (
        sorted(
            Person.objects.values_list("personnummer", "first_name", "birth_year", "registered_by__code"),
            key=str,
        )
        == people
    )
    assert by_bulk["persons"] == 300 and by_bulk["enrolments"] > 300
    assert (
        Person.objects.annotate(projects=Count("enrollments__project", distinct=True))
        .filter(projects=2)
        .exists()
    )
    assert (
        AuditEntry.objects.filter(
            object_type="participants.person", action="create", detail="demodata"
        ).count()
        == 300
    )
    assert (
        AuditEntry.objects.filter(object_type="participants.enrollment", detail="avslut").count()
        == by_bulk["exited"]
    )


@pytest.mark.django_db
def test_large_counts_switch_to_the_bulk_actions(monkeypatch):
    monkeypatch.setattr(command_module, "BULK_THRESHOLD", 40)
    out = demo(participants=60, batch_size=25)
    assert "massinläsning" in out
    assert Person.objects.count() == 60


@pytest.mark.django_db
def test_demo_logins_lists_every_role_and_the_password():
    out = StringIO()
    call_command("demo-logins", url="http://127.0.0.1:8123/", stdout=out)
    assert "demo-data" in out.getvalue()  # nothing loaded yet
    demo(participants=10)
    out = StringIO()
    call_command("demo-logins", url="http://127.0.0.1:8123/", stdout=out)
    text = out.getvalue()
    assert "http://127.0.0.1:8123/" in text
    assert content.DEMO_PASSWORD in text
    for username in (
        "admin",
        "projektledare",
        "projektledare.spik",
        "koordinator",
        "koordinator.molndal",
        "koordinator.vaxjo",
        "utvardare",
    ):
        assert f"\n{username} " in text
    assert "Utvärderare" in text and "Projektledare" in text
    assert "/min-sida/" not in text


@pytest.mark.django_db
def test_demo_logins_can_print_links_to_min_sida():
    from stegvis.minsida.models import MinSidaLink

    demo(participants=60)
    out = StringIO()
    call_command("demo-logins", url="http://127.0.0.1:8123/", min_sida=True, stdout=out)
    urls = [line.split()[-1] for line in out.getvalue().splitlines() if "/min-sida/" in line]
    assert urls and all(url.startswith("http://127.0.0.1:8123/min-sida/") for url in urls)
    assert MinSidaLink.objects.count() == len(urls)
    assert all(link.created_by is None for link in MinSidaLink.objects.all())


@pytest.mark.django_db
def test_a_day_in_the_future_is_refused():
    with pytest.raises(CommandError, match="framtiden"):
        call_command(
            "demo-data",
            participants=5,
            today=datetime.date.today() + datetime.timedelta(days=1),
            verbosity=0,
            stdout=StringIO(),
        )
    assert not DemoDataset.objects.exists()
