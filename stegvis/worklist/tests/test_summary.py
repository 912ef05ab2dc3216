"""The start page's summary of the worklist (rendered here; the start page includes it)."""

import datetime

import pytest
from django.template.loader import render_to_string

from stegvis.casework.testing import anna_step
from stegvis.worklist.summary import worklist_summary

ON = datetime.date(2023, 3, 25)


@pytest.mark.django_db
def test_summary_counts_the_own_worklist_in_six_queries(world, django_assert_num_queries):
    anna_step(world, due_date=datetime.date(2023, 4, 1))
    # Five counts and the decisions about measurements, plus the user's roles for the access rule.
    with django_assert_num_queries(6 + 1):
        summary = worklist_summary(world.users["coord_kba"], ON)
    assert summary["counts"] == {
        "no_contact": 1,
        "steps": 1,
        "measurements": 1,
        "placements": 0,
        "follow_ups": 0,
    }
    assert summary["total"] == 3 and summary["weeks"] == 3
    assert worklist_summary(world.users["leader"], ON)["total"] == 0  # coordinates nobody
    html = render_to_string("worklist/_summary.html", {"summary": summary})
    assert 'href="/arbetslista/?kinds=steps"' in html and "utan kontakt på 3 veckor" in html
