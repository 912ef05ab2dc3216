"""Who sees which import and export jobs (registered with ``core.access.register_rule``).

A job holds the summary and the error list of someone's files, so each user sees only the jobs
they started; administrators see every job (the import page itself is for administrators).
"""

from django.db.models import Q

from stegvis.core.access import UserScope


def job_rule(scope: UserScope, action: str) -> Q:
    if scope.is_admin:
        return Q()
    if scope.user_id is None:
        return Q(pk__in=[])
    return Q(user_id=scope.user_id)
