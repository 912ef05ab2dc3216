"""Who may open the worklist and its decision pages (merged into the URL walk)."""

from stegvis.core.tests.roles import PERSONAL_DATA_PAGES, statuses

NOT_ALLOWED = 405
# Forms that only take POST: a GET is 405 for those who may open the worklist at all.
POST_FORM = statuses(default=NOT_ALLOWED, norole=403, evaluator=403)


def some_pk(w):
    return {"pk": 1}


EXPECTED = {
    # Everyone with personal-data access has a worklist (their own enrolments by default); evaluators do not.
    "worklist:index": (None, PERSONAL_DATA_PAGES),
    "worklist:decisions": (None, PERSONAL_DATA_PAGES),
    "worklist:decide": (None, POST_FORM),
    "worklist:undo": (some_pk, POST_FORM),
}
