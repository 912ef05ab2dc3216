#!/usr/bin/env python
"""Django's usual entry point; ``stegvis`` (see stegvis/cli.py) does the same."""

from stegvis.cli import main

if __name__ == "__main__":
    main()
