"""Who sees which rows of the message log (registered with ``core.access.register_rule``).

A message to a participant is personal data: it is visible to exactly the staff who may see
that participant (the persons rule). A message without a participant (a reminder to a staff
member, say) is visible to administrators. On top of the rule, each user sees the messages sent
to themselves: :func:`visible_messages` is the one query every page uses.
"""

from stegvis.core.access import VIEW
from stegvis.notifications.models import MessageLog
from stegvis.participants.access import person_rule

message_rule = person_rule("person")


def visible_messages(user):
    """The log rows ``user`` may read: by the rule above, plus those addressed to ``user``."""
    return MessageLog.objects.restrict(user, VIEW) | MessageLog.objects.filter(recipient=user)
