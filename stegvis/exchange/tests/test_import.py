import datetime
import io
import zipfile

import pytest

from stegvis.audit.models import AuditAction, AuditEntry
from stegvis.exchange import readers
from stegvis.exchange.importer import import_sources
from stegvis.exchange.tests.helpers import (
    ORGS,
    PROJECTS,
    basic_files,
    csv_file,
    enrollments,
    participants,
    xlsx_file,
)
from stegvis.organizations.models import Organization, Project
from stegvis.participants.models import Enrollment, ParticipantRef, Person


def snapshot():
    """Everything an import could write, to compare before and after."""
    return (
        Organization.objects.count(),
        Project.objects.count(),
        Person.objects.count(),
        Enrollment.objects.count(),
        ParticipantRef.objects.count(),
        AuditEntry.objects.count(),
        list(Person.objects.order_by("pk").values_list("version", flat=True)),
        list(Enrollment.objects.order_by("pk").values_list("version", flat=True)),
    )


def counts(result):
    return {name: (c.created, c.updated, c.unchanged) for name, c in result.counts.items()}


def errors(result):
    return [(p.file, p.line, p.column) for p in result.errors]


# --- readers ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("delimiter,bom", [(",", False), (";", False), (";", True), (",", True)])
def test_csv_reader_detects_delimiter_and_bom(delimiter, bom):
    tables, errs, warns = readers.read_tables(
        [
            csv_file(
                "organizations.csv",
                ORGS + 'af,"Arbetsförmedlingen, Halland",af\n',
                delimiter=delimiter,
                bom=bom,
            )
        ]
    )
    assert not errs and not warns
    table = tables["organizations"]
    assert table.header == ["code", "name", "kind"]
    rows = dict((line, cells["code"]) for line, cells in table.rows)
    assert rows == {2: "kungsbacka", 3: "af"}
    assert table.rows[1][1]["name"] == f"Arbetsförmedlingen{delimiter} Halland"  # a quoted delimiter stays


def test_xlsx_reader_turns_numbers_and_dates_into_text():
    upload = xlsx_file(
        "projects.xlsx",
        [
            ["code", "name", "owner", "start_date", "end_date", "funder"],
            ["p1", "Projekt", "kungsbacka", datetime.datetime(2023, 1, 2), None, "esf"],
            [None, None, None, None, None, None],
        ],
    )
    tables, errs, _warns = readers.read_tables([upload])
    assert not errs
    assert tables["projects"].rows == [
        (
            2,
            {
                "code": "p1",
                "name": "Projekt",
                "owner": "kungsbacka",
                "start_date": "2023-01-02",
                "end_date": None,
                "funder": "esf",
            },
        )
    ]


def test_zip_with_a_folder_inside_is_read(tmp_path):
    path = tmp_path / "export.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("projekt/organizations.csv", ORGS)
        archive.writestr("projekt/projects.csv", PROJECTS)
        archive.writestr("__MACOSX/projekt/._organizations.csv", "junk")
    names = [name for name, _content in readers.sources_from_path(path)]
    assert sorted(names) == ["organizations.csv", "projects.csv"]


def test_non_utf8_csv_and_unknown_file_are_reported():
    tables, errs, warns = readers.read_tables(
        [
            ("organizations.csv", "code,name,kind\nmalmo,Malmö,kommun\n".encode("latin-1")),
            ("anteckningar.txt", b"hej"),
        ]
    )
    assert errs[0].file == "organizations.csv" and "UTF-8" in errs[0].message
    assert warns[0].file == "anteckningar.txt"


# --- a successful import ---------------------------------------------------------------------------


def test_import_creates_persons_refs_and_enrolments(world):
    result = import_sources(basic_files(), user=world.users["admin"])
    assert result.ok, result.errors
    assert counts(result) == {"participants.csv": (2, 0, 0), "enrollments.csv": (2, 0, 0)}
    p1 = Person.objects.get(refs__ref="P-1", refs__organization__code="kungsbacka")
    assert p1.personnummer == "199003150209" and p1.gender == "K" and p1.interpreter_needed is True
    assert p1.education_level == 2 and p1.language == "ar" and p1.registered_by.code == "kungsbacka"
    p2 = Person.objects.get(refs__ref="P-2")
    assert p2.personnummer is None and p2.birth_year == 1988 and p2.birth_date is None
    ended = Enrollment.objects.get(person=p1)
    assert (ended.end_date, ended.exit_reason, ended.referrer, ended.need_group.name) == (
        datetime.date(2023, 12, 31),
        "arbete",
        "af",
        "nyanlanda",
    )
    assert Enrollment.objects.get(person=p2).is_active
    # Writes went through the actions (audited), plus one entry for the import itself.
    assert AuditEntry.objects.filter(person=p1, action=AuditAction.CREATE).exists()
    entry = AuditEntry.objects.get(action=AuditAction.IMPORT)
    assert entry.user == world.users["admin"]
    assert entry.changes["files"] == ["participants.csv", "enrollments.csv"]
    assert entry.changes["counts"]["participants.csv"]["created"] == 2


def test_second_import_changes_nothing(world):
    files = [csv_file("organizations.csv", ORGS), *basic_files()]
    first = import_sources(files)
    assert first.ok, first.errors
    before = snapshot()
    second = import_sources(files)
    assert second.ok
    assert counts(second) == {
        "organizations.csv": (0, 0, 1),
        "participants.csv": (0, 0, 2),
        "enrollments.csv": (0, 0, 2),
    }
    after = snapshot()
    assert after[:5] == before[:5] and after[6:] == before[6:]
    assert after[5] == before[5] + 1  # only the import's own audit entry


def test_changed_cells_update_and_empty_cells_keep(world):
    assert import_sources(basic_files()).ok
    changed = [
        participants("P-1,19900315-0209,,K,Göteborg,,,,", "P-2,,1988,M,,so,nej,,"),
        enrollments(
            "P-1,helhetslyftet,kungsbacka,,,2023-02-01,2023-12-31,arbete,",
            "P-2,helhetslyftet,kungsbacka,,,2023-03-01,2024-01-31,studier,",
        ),
    ]
    result = import_sources(changed)
    assert result.ok, result.errors
    assert counts(result) == {"participants.csv": (0, 1, 1), "enrollments.csv": (0, 1, 1)}
    p1 = Person.objects.get(refs__ref="P-1")
    # The name is stored as its kommunkod; an empty cell keeps the language.
    assert p1.home_municipality == "1480" and p1.language == "ar"
    exit_ = Enrollment.objects.get(person__refs__ref="P-2")
    assert (exit_.end_date, exit_.exit_reason) == (datetime.date(2024, 1, 31), "studier")


def test_enrolment_of_a_person_already_in_stegvis_by_ref(world):
    anna = world.persons["anna"]
    result = import_sources([enrollments("KBA-1,spik,kungsbacka,af,,2021-05-01,2021-09-30,flytt,")])
    assert result.ok, result.errors
    assert Enrollment.objects.filter(
        person=anna, project__code="spik", organization__code="kungsbacka"
    ).exists()
    # Kungsbacka was not in SPiK: it is added as partner, and the summary says so.
    assert world.projects["spik"].partners.filter(code="kungsbacka").exists()
    assert any("samverkanspart" in note for note in result.notes)


def test_coordinator_is_a_username(world):
    files = basic_files(
        extra_participants=["P-3,,1979,X,,,,,"],
        extra_enrollments=["P-3,helhetslyftet,kungsbacka,af,,2023-04-01,,,coord_kba"],
    )
    result = import_sources(files)
    assert result.ok, result.errors
    enrollment = Enrollment.objects.get(person__refs__ref="P-3")
    assert enrollment.coordinator == world.users["coord_kba"]
    assert enrollment.coordinator_history.get().coordinator == world.users["coord_kba"]


def test_unknown_column_is_a_warning(world):
    files = [csv_file("organizations.csv", "code,name,kind,kommentar\nkalmar,Kalmar kommun,kommun,ny\n")]
    result = import_sources(files)
    assert result.ok
    assert [(w.file, w.line, w.column) for w in result.warnings] == [("organizations.csv", 1, "kommentar")]
    assert Organization.objects.filter(code="kalmar").exists()


# --- same person, protected identity ---------------------------------------------------------------


def test_same_personnummer_in_two_rows_is_one_person_with_two_refs(world):
    files = [
        participants("K-7,19900315-0209,,K,,,,,", "M-7,9003150209,,K,,ar,,,"),
        enrollments(
            "K-7,helhetslyftet,kungsbacka,af,,2023-02-01,2023-12-31,flytt,",
            "M-7,helhetslyftet,molndal,af,,2024-02-01,,,",
        ),
    ]
    result = import_sources(files)
    assert result.ok, result.errors
    person = Person.objects.get(personnummer="199003150209")
    assert set(person.refs.values_list("organization__code", "ref")) == {
        ("kungsbacka", "K-7"),
        ("molndal", "M-7"),
    }
    assert person.enrollments.count() == 2
    assert counts(result)["participants.csv"] == (1, 0, 0)


def test_same_personnummer_with_conflicting_columns_is_an_error(world):
    files = [
        participants("K-7,19900315-0209,,K,,,,,", "M-7,19900315-0209,,M,,,,,"),
        enrollments(
            "K-7,helhetslyftet,kungsbacka,af,,2023-02-01,,,", "M-7,helhetslyftet,molndal,af,,2024-02-01,,,"
        ),
    ]
    before = snapshot()
    result = import_sources(files)
    assert errors(result) == [("participants.csv", 3, "gender")]
    assert "Samma personnummer som på rad 2" in result.errors[0].message
    assert snapshot() == before


def test_protected_identity_keeps_only_the_birth_date(world):
    files = [
        participants("S-1,19750505-0026,,K,,,,,ja"),
        enrollments("S-1,helhetslyftet,kungsbacka,af,,2023-02-01,,,"),
    ]
    result = import_sources(files)
    assert result.ok, result.errors
    person = Person.objects.get(refs__ref="S-1")
    assert person.protected_identity and person.personnummer is None
    assert person.birth_date == datetime.date(1975, 5, 5)
    logged = str(list(AuditEntry.objects.values_list("changes", "detail")))
    assert "7505050026" not in logged and "0026" not in logged
    # Importing the same file again matches by reference and changes nothing.
    again = import_sources(files)
    assert counts(again) == {"participants.csv": (0, 0, 1), "enrollments.csv": (0, 0, 1)}


def test_existing_person_found_by_personnummer_gets_the_new_ref(world):
    anna = world.persons["anna"]
    files = [participants("NY-1,198501010204,,K,,,,,"), enrollments("NY-1,spik,vaxjo,fk,,2021-04-01,,,")]
    result = import_sources(files)
    assert result.ok, result.errors
    assert ParticipantRef.objects.get(organization__code="vaxjo", ref="NY-1").person == anna
    assert counts(result)["participants.csv"] == (0, 1, 0)


# --- errors ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "participant,enrollment,expected,words",
    [
        ("P-9,19900315-0200,,K,,,,,", None, ("participants.csv", 4, "personnummer"), "kontrollsiffra"),
        ("P-9,,,K,,,,,", None, ("participants.csv", 4, "birth_year"), "födelseår"),
        ("P-9,,1899,K,,,,,", None, ("participants.csv", 4, "birth_year"), "mellan 1900 och i år"),
        (
            f"P-9,,{datetime.date.today().year + 1},K,,,,,",
            None,
            ("participants.csv", 4, "birth_year"),
            "mellan 1900 och i år",
        ),
        ("P-9,,19x0,K,,,,,", None, ("participants.csv", 4, "birth_year"), "mellan 1900 och i år"),
        ("P-9,,1990,Kvinna,,,,,", None, ("participants.csv", 4, "gender"), "Tillåtna värden: K, M, X"),
        ("P-9,,1990,K,,,kanske,,", None, ("participants.csv", 4, "interpreter_needed"), "ja, nej"),
        ("P-9,,1990,K,,,,9,", None, ("participants.csv", 4, "education_level"), "ISCED"),
        (
            "P-9,,1990,K,,,,,",
            "P-9,helhetslyftet,kungsbacka,af,,2023-02-01,2023-05-01,,",
            ("enrollments.csv", 4, "exit_reason"),
            "Avslutsorsak saknas",
        ),
        (
            "P-9,,1990,K,,,,,",
            "P-9,helhetslyftet,kungsbacka,polisen,,2023-02-01,,,",
            ("enrollments.csv", 4, "referrer"),
            "Okänt värde",
        ),
        (
            "P-9,,1990,K,,,,,",
            "P-9,helhetslyftet,kungsbacka,af,,1/2 2023,,,",
            ("enrollments.csv", 4, "start_date"),
            "ÅÅÅÅ-MM-DD",
        ),
        (
            "P-9,,1990,K,,,,,",
            "P-9,helhetslyftet,kungsbacka,af,,2023-02-01,,,nisse",
            ("enrollments.csv", 4, "coordinator"),
            'användarnamnet "nisse"',
        ),
        (
            "P-9,,1990,K,,,,,",
            "P-9,finns-inte,kungsbacka,af,,2023-02-01,,,",
            ("enrollments.csv", 4, "project"),
            "finns varken",
        ),
        (
            "P-9,,1990,K,,,,,",
            "P-9,helhetslyftet,okand-kommun,af,,2023-02-01,,,",
            ("enrollments.csv", 4, "organization"),
            "finns varken",
        ),
        # Refused by the action (before the project started): the action's field names the column.
        (
            "P-9,,1990,K,,,,,",
            "P-9,helhetslyftet,kungsbacka,af,,2021-02-01,,,",
            ("enrollments.csv", 4, "start_date"),
            "före projektets start",
        ),
        # The last line is wrong: nothing of the first lines is written either.
        (
            None,
            "P-1,helhetslyftet,kungsbacka,af,,2023-06-01,,,",
            ("enrollments.csv", 4, "start_date"),
            "redan inskriven",
        ),
    ],
)
def test_each_error_names_file_line_and_column_and_nothing_is_written(
    world, participant, enrollment, expected, words
):
    files = basic_files(
        extra_participants=[participant] if participant else [],
        extra_enrollments=[enrollment] if enrollment else ["P-9,helhetslyftet,kungsbacka,af,,2023-02-01,,,"],
    )
    before = snapshot()
    result = import_sources(files)
    assert errors(result) == [expected], result.errors
    assert words in result.errors[0].message
    assert snapshot() == before


def test_all_errors_are_collected_not_only_the_first(world):
    files = [
        participants("A,,,K,,,,,", "B,,1990,Q,,,,,", "C,19900315-0200,,K,,,,,"),
        enrollments("A,helhetslyftet,kungsbacka,af,,2023-01-01,,,", "B,nej,kungsbacka,af,,2023-01-01,,,"),
    ]
    result = import_sources(files)
    assert errors(result) == [
        ("participants.csv", 2, "birth_year"),
        ("participants.csv", 3, "gender"),
        ("participants.csv", 4, "personnummer"),
        ("enrollments.csv", 3, "project"),
    ]


def test_missing_required_column_is_reported_once(world):
    files = [csv_file("participants.csv", "participant_ref,birth_year\nA,1990\nB,1991\n")]
    result = import_sources(files)
    assert errors(result) == [("participants.csv", 1, "gender")]
    assert "saknas i rubrikraden" in result.errors[0].message


def test_duplicate_ref_and_participant_without_enrolment(world):
    files = [
        participants("A,,1990,K,,,,,", "A,,1991,M,,,,,", "B,,1992,M,,,,,"),
        enrollments("A,helhetslyftet,kungsbacka,af,,2023-01-01,,,"),
    ]
    result = import_sources(files)
    assert errors(result) == [
        ("participants.csv", 3, "participant_ref"),
        ("participants.csv", 4, "participant_ref"),
    ]
    assert "finns redan på rad 2" in result.errors[0].message
    assert "ingen rad i enrollments-filen" in result.errors[1].message


def test_exit_in_file_differs_from_exit_in_stegvis(world):
    assert import_sources(basic_files()).ok
    files = [enrollments("P-1,helhetslyftet,kungsbacka,af,,2023-02-01,2023-11-30,flytt,")]
    result = import_sources(files)
    assert errors(result) == [("enrollments.csv", 2, "end_date")]
    assert "redan avslutad" in result.errors[0].message


def test_non_admin_user_is_refused_row_by_row(world):
    result = import_sources(
        [csv_file("organizations.csv", "code,name,kind\nnew,Ny,kommun\n")], user=world.users["coord_kba"]
    )
    assert errors(result) == [("organizations.csv", 2, "")]
    assert "behörighet" in result.errors[0].message
    assert not Organization.objects.filter(code="new").exists()


# --- dry run ---------------------------------------------------------------------------------------


def test_dry_run_reports_the_same_and_writes_nothing(world):
    files = [csv_file("organizations.csv", ORGS), *basic_files()]
    before = snapshot()
    dry = import_sources(files, dry_run=True)
    assert dry.ok and not dry.written
    assert snapshot() == before
    real = import_sources(files)
    assert counts(dry) == counts(real)
    assert dry.warnings == real.warnings and dry.notes == real.notes


def test_dry_run_finds_the_errors_a_real_run_finds(world):
    files = basic_files(extra_enrollments=["P-1,helhetslyftet,kungsbacka,af,,2023-06-01,,,"])
    assert import_sources(files, dry_run=True).errors == import_sources(files).errors


# --- a file of every kind, xlsx and zip ------------------------------------------------------------


def test_xlsx_and_csv_together_from_a_zip(world, tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("organizations.csv", "\ufeffcode;name;kind\nhalmstad;Halmstads kommun;kommun\n")
        archive.writestr(
            "projects.csv", "code,name,owner,start_date,end_date,funder\nnytt,Nytt,halmstad,2024-01-01,,esf\n"
        )
        name, content = xlsx_file(
            "participants.xlsx",
            [
                ["participant_ref", "personnummer", "birth_year", "gender"],
                ["H-1", None, 1990, "M"],
                ["H-2", "19900315-0209", None, "K"],
            ],
        )
        archive.writestr(name, content)
        archive.writestr(
            "enrollments.csv",
            "participant_ref,project,organization,start_date\nH-1,nytt,halmstad,2024-02-01\nH-2,nytt,halmstad,2024-02-01\n",
        )
    path = tmp_path / "import.zip"
    path.write_bytes(buffer.getvalue())
    from stegvis.exchange.importer import import_path

    result = import_path(path)
    assert result.ok, result.errors
    assert Person.objects.get(refs__ref="H-1").birth_year == 1990
    assert Enrollment.objects.filter(project__code="nytt").count() == 2


def test_marking_a_known_person_as_protected_drops_the_number(world):
    anna = world.persons["anna"]
    files = [
        participants("KBA-1,19850101-0204,,K,,,,,ja"),
        enrollments("KBA-1,helhetslyftet,kungsbacka,af,,2023-01-10,,,"),
    ]
    result = import_sources(files)
    assert result.ok, result.errors
    assert counts(result) == {"participants.csv": (0, 1, 0), "enrollments.csv": (0, 0, 1)}
    anna.refresh_from_db()
    assert anna.protected_identity and anna.personnummer is None
    assert anna.birth_date == datetime.date(1985, 1, 1)
    latest = AuditEntry.objects.filter(person=anna, action=AuditAction.UPDATE).first()
    assert "198501010204" not in str(latest.changes) and "0204" not in str(latest.changes)


def test_known_participant_without_enrolment_rows_is_updated_by_its_ref(world):
    result = import_sources([participants("KBA-1,,1985,K,Kungsbacka,sv,nej,3,")])
    assert result.ok, result.errors
    assert counts(result) == {"participants.csv": (0, 1, 0)}
    anna = Person.objects.get(pk=world.persons["anna"].pk)
    assert (anna.home_municipality, anna.language, anna.interpreter_needed, anna.education_level) == (
        "1384",
        "sv",
        False,
        3,
    )
    assert anna.personnummer == "198501010204"  # an empty cell keeps the number
    wrong_year = import_sources([participants("KBA-1,,1986,K,,,,,")])
    assert errors(wrong_year) == [("participants.csv", 2, "birth_year")]


def test_home_municipality_by_name_or_code_is_stored_as_the_code(world):
    result = import_sources([participants("KBA-1,,1985,K,  kungsBACKA ,,,,")])
    assert result.ok, result.errors
    assert Person.objects.get(pk=world.persons["anna"].pk).home_municipality == "1384"
    assert import_sources([participants("KBA-1,,1985,K,1481,,,,")]).ok
    assert Person.objects.get(pk=world.persons["anna"].pk).home_municipality == "1481"


def test_unknown_home_municipality_is_an_error_naming_the_column(world):
    result = import_sources([participants("KBA-1,,1985,K,Atlantis,,,,")])
    assert not result.ok
    assert errors(result) == [("participants.csv", 2, "home_municipality")]
    assert "Atlantis" in result.errors[0].message and "Hemkommun" in result.errors[0].message
