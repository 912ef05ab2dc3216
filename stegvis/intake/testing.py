"""Test helpers: a self-referral page of Kungsbacka for Helhetslyftet, and requests sent through it."""

from stegvis.intake import actions

REQUEST = {
    "name": "Nora Nilsson",
    "contact_method": "sms",
    "phone": "070-123 45 67",
    "best_time": "afternoon",
    "age_group": "16_19",
    "message": "Vill gärna prata om praktik.",
}


def make_page(world, slug="kba-intag", organization="kungsbacka", project="helhetslyftet", **fields):
    from stegvis.intake.models import IntakePage

    existing = IntakePage.objects.filter(slug=slug).first()
    if existing is not None:
        return existing
    return actions.create_page(
        None,
        organization=world.orgs[organization],
        project=world.projects[project] if project else None,
        slug=slug,
        name=fields.pop("name", "Ungdomsintaget"),
        contact=fields.pop("contact", "Kungsbacka kommun, 0300-83 40 00"),
        **fields,
    )


def make_request(world, page=None, **fields):
    return actions.submit_request(page or make_page(world), **{**REQUEST, **fields})


def public_kwargs(world):
    return {"slug": make_page(world).slug}


def page_kwargs(world):
    return {"pk": make_page(world).pk}


def request_kwargs(world):
    return {"pk": make_request(world).pk}
