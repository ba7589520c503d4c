"""The `samenkracht` console command: Django's management commands under the project's name.

    samenkracht migrate | demo | runserver | compiletranslations | token | openapi | ...
"""

from __future__ import annotations

import importlib
import os
import sys


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samenkracht.settings")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    # Load the settings first: Django would otherwise hide a configuration error behind an unrelated one.
    try:
        importlib.import_module(os.environ["DJANGO_SETTINGS_MODULE"])
    except ImproperlyConfigured as error:
        sys.stderr.write(f"samenkracht: configuration error: {error}\n(see docs/configuration.md)\n")
        return 2
    argv = list(sys.argv if argv is None else argv)
    argv[0] = "samenkracht"
    execute_from_command_line(argv)
    return 0
