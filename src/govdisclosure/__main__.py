"""`python -m govdisclosure`: the command line, as the `govdisclosure` script runs it."""

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
