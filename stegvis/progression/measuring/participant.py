"""This part's context for the progression section of the participant page."""


def measuring_context(user, person, enrollments):
    return {}
