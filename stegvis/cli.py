"""The ``stegvis`` command: Django's management commands plus the project's own.

It is a thin wrapper so that a newcomer types ``stegvis migrate`` or ``stegvis import``
instead of ``python manage.py ...`` and never has to set DJANGO_SETTINGS_MODULE.
"""

import os
import sys


def main(argv=None):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stegvis.settings")
    from django.core.management import execute_from_command_line

    argv = list(sys.argv if argv is None else argv)
    argv[0] = "stegvis"
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
