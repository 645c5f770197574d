"""The `reader` command line: one module per group of sub-commands; `main` is the entry point."""
