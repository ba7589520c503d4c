"""The `samenkracht` console command: Django's management commands under the project's name.

    samenkracht migrate | demo | runserver | compilemessages | token | openapi | ...
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samenkracht.settings")
    from django.core.management import execute_from_command_line

    argv = list(sys.argv if argv is None else argv)
    argv[0] = "samenkracht"
    execute_from_command_line(argv)
    return 0
