"""Which areas of the life situation a project's mappings use.

A project that never chose uses every active area; :func:`areas_by_project` answers for many
projects at once in two queries, so the participant page stays at a fixed number of queries.
"""

from collections.abc import Iterable
from typing import TYPE_CHECKING

from stegvis.casework.models import LifeArea, ProjectCasework

if TYPE_CHECKING:
    from stegvis.organizations.models import Project


def active_areas() -> list[LifeArea]:
    return list(LifeArea.objects.filter(is_active=True).order_by("order", "code"))


def areas_by_project(project_ids: Iterable[int]) -> dict[int, list[LifeArea]]:
    """``{project_id: [LifeArea, ...]}`` in area order, for every id in ``project_ids``.

    A project's choice always holds at least one area (the action refuses none), so a project
    without chosen areas is one that never chose.
    """
    project_ids = set(project_ids)
    everything = list(LifeArea.objects.order_by("order", "code"))
    active = [area for area in everything if area.is_active]
    by_pk = {area.pk: area for area in everything}
    chosen: dict[int, set[int]] = {}
    through = ProjectCasework.areas.through.objects.filter(projectcasework__project_id__in=project_ids)
    for project_id, area_id in through.values_list("projectcasework__project_id", "lifearea_id"):
        chosen.setdefault(project_id, set()).add(area_id)
    result: dict[int, list[LifeArea]] = {}
    for project_id in project_ids:
        ids = chosen.get(project_id)
        if ids:
            result[project_id] = [area for pk, area in by_pk.items() if pk in ids]
        else:
            result[project_id] = active
    return result


def project_areas(project: "Project") -> list[LifeArea]:
    return areas_by_project([project.pk])[project.pk]
