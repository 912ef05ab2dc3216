"""Test helpers of the employer register, used by its own tests, the URL walk and other apps' tests."""

import datetime

from stegvis.employers import actions
from stegvis.employers.models import AgreementKind, Channel, Employer


def employer(world, org="kungsbacka", name="Förskolan Solrosen", **fields):
    """An employer in the register of ``org`` of the test world, made through the action.

    Asked again for the same name, it is the same employer (a page walk fills several addresses
    from one world).
    """
    existing = Employer.objects.filter(organization=world.orgs[org], name=name).first()
    if existing is not None:
        return existing
    fields.setdefault("industry", "P")
    return actions.create_employer(None, organization=world.orgs[org], name=name, **fields)


def kba_employer_kwargs(world):
    return {"pk": employer(world).pk}


def kba_contact_kwargs(world):
    contact = actions.add_contact_person(None, employer(world), name="Maria Lind", role="Rektor")
    return {"pk": contact.pk}


def kba_agreement_kwargs(world):
    agreement = actions.add_agreement(
        None, employer(world), kind=AgreementKind.PRAKTIK, valid_from=datetime.date(2023, 1, 1)
    )
    return {"pk": agreement.pk}


def log_entry(world, emp, **fields):
    fields = {
        "date": datetime.date(2024, 3, 1),
        "channel": Channel.TELEFON,
        "note": "Pratade om praktik.",
        **fields,
    }
    return actions.log_contact(None, emp, **fields)
