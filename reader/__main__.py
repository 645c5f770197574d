"""Allows `python -m reader`, the same as the `reader` console script."""

from reader.cli import main

raise SystemExit(main())
