"""`SubCommand`: what a module of sub-commands hands to `reader.cli.main`.

Each module of a group (`library`, `search`, `annotations`, `ingest`) names its sub-commands in a
`SUBCOMMANDS` table of these; `main` imports the module only when one of them runs. A plain class
(not a dataclass or a `NamedTuple`): `reader --version` imports this module too, and should load
nothing it does not use.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import argparse


class SubCommand:
    """How one sub-command is set up (`configure`, `epilog`) and run (`run`, the exit status)."""

    __slots__ = ("checks_data_dir", "configure", "epilog", "nested", "run")

    def __init__(
        self,
        run: Callable[[argparse.Namespace], int],
        configure: Callable[[argparse.ArgumentParser], None] | None = None,
        epilog: str | None = None,
        nested: bool = False,
        checks_data_dir: bool = True,
    ) -> None:
        self.run = run
        self.configure = configure
        self.epilog = epilog
        #: Has sub-commands of its own (`reader feed add`): intermixed parsing cannot handle those.
        self.nested = nested
        #: Refuses a data folder another user could read or swap before running (see
        #: `reader.store.safety`); off only where the command says so itself (the app, `dirs`).
        self.checks_data_dir = checks_data_dir
