"""Test helpers of the transfers app, used by its own tests and the URL walk."""

from stegvis.transfers import actions


def anna_to_molndal(world, user=None, note="Flyttar till Mölndal och vill fortsätta där."):
    """A proposal that Mölndal takes over anna's enrolment (test world), made from the command line."""
    return actions.propose_transfer(
        user, world.enrollments["anna"], to_organization=world.orgs["molndal"], note=note
    )


def anna_transfer_kwargs(world):
    return {"pk": anna_to_molndal(world).pk}
