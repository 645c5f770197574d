"""Allows `python -m reader`, the same as the `reader` console script."""

from reader.cli.main import main

raise SystemExit(main())
