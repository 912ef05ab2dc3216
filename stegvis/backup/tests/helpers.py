"""Running the commands in tests as the shell would see them."""

import io

from django.core.management import call_command


def run(*arguments):
    """``(exit code, stdout, stderr)`` of a command, as the shell would see them."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command(*arguments, stdout=out, stderr=err)
    except SystemExit as exc:
        return exc.code, out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()
