"""A dialog of its own for choosing one of many by typing a few letters: the tags (`t`, the
review's `t`), a tag's new name or the tag it joins, a saved search's name.

The box itself (the line, the choices, the fuzzy matching) is `ui/widgets/choice_box.py`'s
`ChoiceBox`; this screen shows it over the screen below and is dismissed with its answer. The
views and sorts menus (`c`, `S`) show the same box on the main screen instead
(`ui/widgets/menu.py`): closing a dialog draws the whole screen again, twice.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from textual import on
from textual.app import ComposeResult
from textual.screen import ModalScreen

from reader.ui.widgets.choice_box import Choice, ChoiceBox, Offer

__all__ = ["Choice", "ChooserScreen"]


class ChooserScreen(ModalScreen[str | None]):
    """Dismissed with the value of the choice taken, or None (see `ChoiceBox` for its keys).

    `create(text)`, when given, turns typed text into a choice offered first when nothing
    already there is called so (`Choice("New tag “x”", "+x")`), or None when it cannot be.
    """

    DEFAULT_CSS = "ChooserScreen { align: center middle; }"

    def __init__(
        self,
        title: str,
        choices: Sequence[Choice],
        *,
        create: Callable[[str], Choice | None] | None = None,
        placeholder: str = "type to narrow",
    ) -> None:
        super().__init__()
        self._offer = Offer(title, list(choices), placeholder, create)

    def compose(self) -> ComposeResult:
        yield ChoiceBox(self._offer, id="chooser-body")

    def on_mount(self) -> None:
        # Focus now, not after the next refresh: letters typed right behind the key that
        # opened the dialog (`t` then `later`, in one burst) belong to the line.
        self.set_focus(self.query_one(ChoiceBox).line)

    def matches(self, text: str) -> list[Choice]:
        """The choices offered for `text` (see `ChoiceBox.matches`)."""
        return self.query_one(ChoiceBox).matches(text)

    @on(ChoiceBox.Answered)
    def _answered(self, event: ChoiceBox.Answered) -> None:
        if self.is_active:
            self.dismiss(event.value)
