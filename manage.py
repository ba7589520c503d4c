#!/usr/bin/env python3
"""Django's command-line utility; `samenkracht` (samenkracht.cli) is the same with a shorter name."""

import sys

from samenkracht.cli import main

if __name__ == "__main__":
    sys.exit(main(sys.argv))
