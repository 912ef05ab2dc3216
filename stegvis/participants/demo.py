"""Demo exits as projects describe them (see :mod:`stegvis.demo.extensions`).

SPiK keeps its own list of exit reasons, as the samordningsförbund projects do ("åter till
Försäkringskassan"), and every demo exit gets the next actor its reason suggests; some who left
for part-time work were studying too. Only what an exit says besides its standard reason is
written, so every other demo figure stays as it was.
"""

from django.db.models import Case, CharField, Q, Value, When

from stegvis.audit.log import AuditAction, record_many
from stegvis.organizations.models import Project
from stegvis.participants.models import Enrollment, ExitOutcome, ProjectExitReason

#: Before the apps that read exits (follow-ups after exit run at 20).
DEMO_ORDER = 5

# SPiK's own reasons: (code, label, the standard reason it counts as, exits it takes over).
SPIK_REASONS = (
    ("ater-fk", "Åter till Försäkringskassan", "annat", Q(referrer="fk")),
    ("annan-insats-kommun", "Till annan insats i kommunen", "annan_insats", Q()),
    ("ater-af", "Åter till Arbetsförmedlingen", "arbetsformedlingen", Q()),
    ("vard-behandling", "Vård eller behandling", "sjukdom_vard", Q()),
)

# Who takes over after an exit with each reason, for the demo.
NEXT_ACTOR = {
    "arbete": "arbetsgivare",
    "studier": "utbildning",
    "arbetsmarknadsutbildning": "af",
    "annan_insats": "annan_insats",
    "arbetsformedlingen": "af",
    "sjukdom_vard": "vard",
    "foraldraledighet": "fk",
    "ingen_kontakt": "socialtjanst",
}


def demo_data(dataset, rng):
    exits = Enrollment.objects.filter(project__code__in=dataset.projects, end_date__isnull=False)
    exits.update(
        next_actor=Case(
            When(Q(exit_reason="annat") & Q(referrer="fk"), then=Value("fk")),
            *[When(exit_reason=reason, then=Value(actor)) for reason, actor in NEXT_ACTOR.items()],
            default=Value(""),
            output_field=CharField(),
        )
    )
    spik = Project.objects.filter(code="spik", code__in=dataset.projects).first()
    if spik is not None:
        reasons = ProjectExitReason.objects.bulk_create(
            [
                ProjectExitReason(project=spik, code=code, label=label, standard_reason=standard, position=n)
                for n, (code, label, standard, _which) in enumerate(SPIK_REASONS)
            ]
        )
        record_many(None, AuditAction.CREATE, reasons, detail="demodata")
        for reason, (_code, _label, standard, which) in zip(reasons, SPIK_REASONS, strict=True):
            exits.filter(which, project=spik, exit_reason=standard, project_exit_reason=None).update(
                project_exit_reason=reason
            )
    # Part-time work and studies: every other exit to work under full time.
    part_time = (
        exits.filter(exit_reason="arbete", work_extent_exit__lt=100)
        .order_by("pk")
        .values_list("pk", "person_id")
    )
    chosen = [row for n, row in enumerate(part_time.iterator()) if n % 2 == 0]
    outcomes = ExitOutcome.objects.bulk_create(
        [ExitOutcome(enrollment_id=pk, outcome="studier") for pk, _person in chosen], batch_size=1000
    )
    record_many(
        None, AuditAction.CREATE, outcomes, detail="demodata", person_ids=[person for _pk, person in chosen]
    )
