"""Demo employers: a dozen workplaces in the registers of the demo's organisations.

Named like the workplaces of the demo's praktik and arbetsträning (``stegvis/interventions/demo.py``),
so the interventions demo, which runs after this one, links its placements to them by name. Each
has a contact person or two, an agreement or two and a few entries in its contact log, dated
back from the demo's day. Deterministic with the extension's own random generator.
"""

import datetime

from stegvis.audit.log import AuditAction, record_many
from stegvis.employers.models import (
    Agreement,
    AgreementKind,
    Channel,
    ContactPerson,
    Employer,
    EmployerContact,
)
from stegvis.organizations.models import Organization

# (organisation code, name, industry (SNI section), kommunkod, postort)
EMPLOYERS = [
    ("kungsbacka", "Förskolan Solrosen", "P", "1384", "Kungsbacka"),
    ("kungsbacka", "Äldreboendet Vallmon", "Q", "1384", "Kungsbacka"),
    ("kungsbacka", "Nordlager AB", "H", "1384", "Kungsbacka"),
    ("kungsbacka", "ICA Kvantum", "G", "1384", "Kungsbacka"),
    ("molndal", "Förskolan Ekbacken", "P", "1481", "Mölndal"),
    ("molndal", "Logistikcentrum Syd", "H", "1481", "Mölndal"),
    ("molndal", "Restaurang Kryddan", "I", "1481", "Mölndal"),
    ("vaxjo", "Coop Forum", "G", "0780", "Växjö"),
    ("vaxjo", "Mekaniska verkstaden", "C", "0780", "Växjö"),
    ("vaxjo", "Städservice Glans", "N", "0780", "Växjö"),
    ("ljungby", "Café Gläntan", "I", "0781", "Ljungby"),
    ("skovde", "Snickerifabriken", "C", "1496", "Skövde"),
    ("skovde", "Hemtjänsten Centrum", "Q", "1496", "Skövde"),
]
CONTACTS = [
    ("Eva Johansson", "Verksamhetschef"),
    ("Omar Saleh", "Handledare"),
    ("Linda Persson", "HR-ansvarig"),
    ("Björn Åberg", "Platschef"),
    ("Nadia Karimi", "Enhetschef"),
    ("Tomas Lund", "Arbetsledare"),
]
NOTES = [
    "Presenterade projektet. Intresserade av att ta emot praktikanter under hösten.",
    "Uppföljning av pågående praktik; arbetsgivaren nöjd och kan ta emot en till.",
    "Pratade om möjlighet till anställning med lönestöd efter praktiken.",
    "Studiebesök med fyra deltagare. Visning av lagret och genomgång av skyddsregler.",
    "Arbetsgivaren har behov av personal till sommaren; skickar förslag på deltagare.",
]


#: Runs before the interventions demo (20), which links its placements to these employers.
DEMO_ORDER = 15


def demo_data(dataset, rng):
    """The demo employers of the organisations that exist in this demo, with contacts, agreements and log."""
    orgs = dict(Organization.objects.values_list("code", "pk"))
    today = dataset.as_of
    employers = [
        Employer(
            organization_id=orgs[code],
            name=name,
            industry=industry,
            municipality=municipality,
            city=city,
            postal_code=f"{rng.randint(400, 599)} {rng.randint(10, 99)}",
            street_address=f"{rng.choice(['Storgatan', 'Industrivägen', 'Skolgatan', 'Hamngatan'])} {rng.randint(1, 60)}",
        )
        for code, name, industry, municipality, city in EMPLOYERS
        if code in orgs
    ]
    Employer.objects.bulk_create(employers)
    contacts, agreements, log = [], [], []
    for employer in employers:
        chosen = rng.sample(CONTACTS, rng.randint(1, 2))
        for name, role in chosen:
            contacts.append(
                ContactPerson(
                    employer=employer,
                    name=name,
                    role=role,
                    phone=f"0{rng.randint(300, 799)}-{rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}",
                    email=name.lower().replace(" ", ".").replace("å", "a").replace("ä", "a").replace("ö", "o")
                    + "@arbetsgivare.example",
                )
            )
        start = today - datetime.timedelta(days=rng.randint(200, 900))
        agreements.append(
            Agreement(
                employer=employer,
                kind=AgreementKind.PRAKTIK,
                valid_from=start,
                note="Ramavtal om praktikplatser.",
            )
        )
        if rng.random() < 0.4:
            agreements.append(
                Agreement(
                    employer=employer,
                    kind=rng.choice(
                        [AgreementKind.ARBETSTRANING, AgreementKind.REKRYTERING, AgreementKind.SAMVERKAN]
                    ),
                    valid_from=start + datetime.timedelta(days=rng.randint(30, 120)),
                    valid_to=today + datetime.timedelta(days=rng.randint(-60, 365)),
                )
            )
        for n in range(rng.randint(0, 3)):
            day = today - datetime.timedelta(days=rng.randint(3, 180) + 60 * n)
            log.append(
                EmployerContact(
                    employer=employer,
                    date=day,
                    channel=rng.choice(Channel.values[:4]),
                    note=rng.choice(NOTES),
                    next_step_date=today + datetime.timedelta(days=rng.randint(7, 60)) if n == 0 else None,
                )
            )
    for row in (*contacts, *agreements, *log):
        row.employer_id = row.employer.pk
    ContactPerson.objects.bulk_create(contacts)
    Agreement.objects.bulk_create(agreements)
    EmployerContact.objects.bulk_create(log)
    for rows in (employers, contacts, agreements, log):
        record_many(None, AuditAction.CREATE, rows, detail="demodata")
