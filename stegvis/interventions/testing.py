"""Test helpers of the interventions app, used by its own tests and the URL walk."""

import datetime

from stegvis.interventions import actions
from stegvis.interventions.models import Category, Intervention, Kind


def catalogue_entry(
    world,
    name="Praktik",
    category=Category.ARBETSINRIKTAD,
    kind=Kind.PRAKTIK,
    project="helhetslyftet",
    **fields,
):
    """An entry in a project's catalogue of the test world (provided by the project's owner).

    Asked again for the same name, it is the same entry (a page walk fills several addresses
    from one world).
    """
    project = world.projects[project]
    existing = Intervention.objects.filter(project=project, name=name).first()
    if existing is not None:
        return existing
    fields.setdefault("provider_organization", project.owner)
    return actions.create_intervention(None, project, name=name, category=category, kind=kind, **fields)


def anna_praktik(world, start=datetime.date(2023, 3, 1), end=None):
    """anna's praktik (Helhetslyftet), registered through the action."""
    entry = catalogue_entry(world)
    return actions.add_participant_intervention(
        None, world.enrollments["anna"], intervention=entry, start_date=start, end_date=end
    )


def anna_placement(world, **fields):
    """anna's praktik at a förskola, with a supervisor."""
    fields = {
        "workplace_name": "Förskolan Solrosen",
        "workplace_type": "forskola",
        "supervisor_name": "Maria Lind",
        "supervisor_phone": "070-123 45 67",
        "supervisor_email": "maria.lind@example.se",
        **fields,
    }
    return actions.add_placement(None, anna_praktik(world), **fields)


def catalogue_kwargs(world):
    return {"code": world.projects["helhetslyftet"].code}


def catalogue_entry_kwargs(world):
    return {"pk": catalogue_entry(world, name="Min Hälsa", category=Category.HALSA, kind=Kind.KURS).pk}


def anna_praktik_kwargs(world):
    return {"pk": anna_praktik(world).pk}


def anna_placement_kwargs(world):
    return {"pk": anna_placement(world).pk}
