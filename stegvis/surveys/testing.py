"""Test helpers of the surveys app, used by its own tests and the URL walk."""

import datetime

from stegvis.participants.actions import register_exit

EXIT_DAY = datetime.date(2023, 6, 30)


def end_enrollment(enrollment, day=EXIT_DAY, reason="arbete"):
    return register_exit(None, enrollment, version=enrollment.version, end_date=day, exit_reason=reason)


def make_link(world, name="anna", *, language="sv", mode=None, **kwargs):
    """A link for ``name``'s enrolment in the test world, made by the coordinator who may: ``(link, raw)``."""
    from stegvis.surveys import actions

    enrollment = world.enrollments[name]
    if mode is not None:
        current = actions.settings_for(enrollment.project)
        actions.save_project_settings(
            None,
            enrollment.project,
            version=current.version,
            exit_survey=None,
            mode=mode,
            send_at_exit=current.send_at_exit,
            later_days=current.later_days,
        )
    return actions.create_link(None, enrollment, language=language, **kwargs)
