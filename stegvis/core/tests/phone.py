"""The phone the browser tests of public pages use, and the check that a page fits its screen.

Participants open self-referral forms, surveys and self-assessments on their own phones, so
those pages are tested in a phone-sized, touch-screen tab (the ``phone`` fixture in
``conftest.py``, which uses :data:`PHONE` unless a test module overrides ``phone_screen``).
"""

PHONE = {
    "viewport": {"width": 390, "height": 844},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
}


def fits_the_screen(tab):
    """True when nothing sticks out sideways, so the participant never has to scroll left and right."""
    return tab.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
