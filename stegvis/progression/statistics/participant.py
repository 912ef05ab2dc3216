"""This part's context for the progression section of the participant page."""


def chart_context(user, person, enrollments):
    return {}
