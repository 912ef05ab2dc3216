"""The daily snapshot job and the trend read from it."""

import datetime

import pytest
from django.utils import timezone

from stegvis.notifications.periodic import periodic_job
from stegvis.quality.models import QualitySnapshot
from stegvis.quality.snapshots import take_snapshots, trends
from stegvis.reports.project_report import build_report

pytestmark = pytest.mark.django_db

D = datetime.date


def test_the_job_is_registered_and_stores_the_reports_counts_once_a_day(world):
    assert periodic_job("quality.snapshots").every == datetime.timedelta(days=1)
    now = timezone.now()
    assert take_snapshots(now) == {"projects": 2}
    take_snapshots(now)  # a repeated run overwrites the day's row
    snapshot = QualitySnapshot.objects.get(project=world.projects["helhetslyftet"])
    section = build_report(world.projects["helhetslyftet"], on=timezone.localdate(now))["data_quality"]
    assert {kind: getattr(snapshot, kind) for kind in section} == section
    assert snapshot.total == sum(section.values()) and snapshot.total > 0


def test_trend_takes_the_last_snapshot_of_each_past_month(world):
    project = world.projects["spik"]
    for day, total in [(D(2024, 1, 5), 9), (D(2024, 1, 31), 8), (D(2024, 3, 15), 4), (D(2024, 4, 2), 1)]:
        QualitySnapshot.objects.create(project=project, taken_on=day, total=total)
    assert trends([project], D(2024, 4, 10), months=3)[project.pk] == [
        (D(2024, 1, 31), 8),
        (D(2024, 2, 29), None),
        (D(2024, 3, 31), 4),
    ]
