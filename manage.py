#!/usr/bin/env python3
"""Django's command-line utility for a development checkout; `samenkracht` is the same command.

In a checkout where `python3 dev.py run` made development secrets in var/, they are used when the
environment does not set its own (exactly as dev.py does); production sets everything in the environment.
"""

import os
import sys
from pathlib import Path

from samenkracht.cli import main

VAR = Path(__file__).resolve().parent / "var"
DEV_SECRETS = {
    "SAMENKRACHT_SECRET_KEY": "dev-secret-key",
    "SAMENKRACHT_FIELD_KEYS": "dev-field-key",
    "SAMENKRACHT_HASH_KEY": "dev-hash-key",
}

if __name__ == "__main__":
    if all((VAR / name).exists() for name in DEV_SECRETS.values()):
        os.environ.setdefault("SAMENKRACHT_DEBUG", "true")
        for variable, name in DEV_SECRETS.items():
            if variable not in os.environ and f"{variable}_FILE" not in os.environ:
                os.environ[f"{variable}_FILE"] = str(VAR / name)
    sys.exit(main(sys.argv))
