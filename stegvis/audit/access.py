"""Who may read audit entries, as a row rule (registered in ``AuditConfig.ready``).

An entry names the person whose data was read or changed, so it is personal data itself. Only
administrators read the audit log (its page has ``Rule.ADMIN``); the row rule says the same, so
a query through ``restrict`` can never show entries to anyone else.
"""

from django.db.models import Q

from stegvis.core.access import NOTHING, UserScope, register_rule


def audit_entry_rule(scope: UserScope, action: str) -> Q:
    return Q() if scope.is_admin else NOTHING


def register() -> None:
    register_rule("audit.AuditEntry", audit_entry_rule)
