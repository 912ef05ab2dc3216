"""What the reports app may read from the interventions app: its public query surface.

The reports app is built above this app: it reads interventions through this module only, and
this app never imports reports (it registers nothing there). Keeping the surface in one small
module says which names other layers depend on, so the rest of the app can change freely.

- :func:`with_intervention_flags`, :func:`combination_conditions`: per enrolment, which kinds of
  intervention it had by ``on`` and whether a job-oriented one ran in parallel with competence
  or health (:mod:`stegvis.interventions.figures` defines them);
- :func:`with_integration_support`, :data:`INTEGRATION_AREAS`: per enrolment, whether it took part
  in a language course, civic orientation or other integration support in the report's window
  (the AMIF figures);
- :func:`placement_outcomes`: placement outcomes by workplace type, counted in the database;
  :func:`placement_groupings` the same by workplace type, employer and industry, in one query;
- :class:`Outcome`, :class:`WorkplaceType`, :class:`Industry` (the employer's SNI section): the
  codes those figures are keyed by, with their Swedish labels.
"""

from stegvis.employers.models import Industry
from stegvis.interventions.figures import (
    ALL,
    INTEGRATION_AREAS,
    NO_EMPLOYER,
    NO_INDUSTRY,
    combination_conditions,
    placement_groupings,
    placement_outcomes,
    with_integration_support,
    with_intervention_flags,
)
from stegvis.interventions.models import IntegrationSupport, Outcome, WorkplaceType

__all__ = [
    "ALL",
    "INTEGRATION_AREAS",
    "IntegrationSupport",
    "NO_EMPLOYER",
    "NO_INDUSTRY",
    "Industry",
    "Outcome",
    "WorkplaceType",
    "combination_conditions",
    "placement_groupings",
    "placement_outcomes",
    "with_integration_support",
    "with_intervention_flags",
]
