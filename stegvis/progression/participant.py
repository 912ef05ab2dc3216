"""The progression section of the participant page: each part adds its own context and partial.

The participant view calls :func:`section_context`; the template
``progression/participant/section.html`` includes one partial per part.
"""


def section_context(user, person, enrollments, query=None):
    """Context for the section; ``enrollments`` are the person's enrolments the user may see.

    ``query`` (the page's GET parameters) chooses which measurements the charts draw.
    """
    from stegvis.progression.measuring.participant import measuring_context
    from stegvis.progression.selfassessment.participant import self_link_context
    from stegvis.progression.statistics.participant import chart_context

    context = {}
    for part in (measuring_context, self_link_context):
        context.update(part(user, person, enrollments))
    context.update(chart_context(user, person, enrollments, query))
    return context
