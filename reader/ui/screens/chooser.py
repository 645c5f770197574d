"""Choose one of many by typing a few letters: tags, views, sorts.

A small dialog with a line to type in and the choices below it, matched fuzzily (rapidfuzz, so
`lngrd` finds `longreads` among 5,000 tags at once); `up`/`down` move among them while the
keyboard stays in the line, `enter` takes the highlighted one, `escape` closes without a choice.
Given `create`, the dialog also offers to make what was typed (a new tag, a new name). Names
are the user's, so every option is drawn as `Content`, never markup.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from reader.core.text.sanitize import sanitize_line

#: Choices listed at most (the best matches first).
SHOWN_AT_MOST = 60


@dataclass(frozen=True, slots=True)
class Choice:
    """One choice: what it says, what choosing it returns, and a hint beside it."""

    label: str
    value: str
    hint: str = ""


def _in_order(typed: str, label: str) -> bool:
    """Whether the letters of `typed` appear in `label` in the same order (case aside)."""
    rest = iter(label.casefold())
    return all(letter in rest for letter in typed.casefold())


class ChooserScreen(ModalScreen[str | None]):
    """Dismissed with the value of the choice taken, or None.

    `create(text)`, when given, turns typed text into a choice offered first when nothing
    already there is called so (`Choice("New tag “x”", "+x")`), or None when it cannot be.

    | Key | Does |
    |---|---|
    | letters | narrow the choices |
    | `up`, `down` | move among them |
    | `enter` | take the highlighted one |
    | `escape` | close, choosing nothing |
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "move(1)", "Next", show=False),
        Binding("up", "move(-1)", "Previous", show=False),
        Binding("escape", "close", "Close", show=False),
    ]

    DEFAULT_CSS = """
    ChooserScreen { align: center middle; }
    #chooser-body {
        width: 60;
        max-width: 100%;
        height: auto;
        max-height: 80%;
        border: round $accent;
        border-title-color: $accent;
        background: $surface;
        padding: 0 1;
    }
    #chooser-list { height: auto; max-height: 20; border: none; }
    """

    def __init__(
        self,
        title: str,
        choices: Sequence[Choice],
        *,
        create: Callable[[str], Choice | None] | None = None,
        placeholder: str = "type to narrow",
    ) -> None:
        super().__init__()
        self._title = title
        self._choices = list(choices)
        self._create = create
        self._placeholder = placeholder
        self._shown: list[Choice] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="chooser-body") as body:
            body.border_title = self._title
            yield Input(placeholder=self._placeholder, id="chooser-input")
            yield OptionList(id="chooser-list")

    def on_mount(self) -> None:
        self._fill("")
        # Focus now, not after the next refresh: letters typed right behind the key that
        # opened the dialog (`t` then `later`, in one burst) belong to the line.
        self.set_focus(self.query_one(Input))

    def matches(self, text: str) -> list[Choice]:
        """The choices for `text`: all of them (the first ones) when empty; else those whose
        label holds the typed letters in order (`lngrd`: `longreads`), best first, then the
        offer to make it (`create`), then the near misses (a typo: `longraeds`)."""
        typed = sanitize_line(text).strip()
        if not typed:
            return self._choices[:SHOWN_AT_MOST]
        from rapidfuzz import fuzz, process  # loaded with the first menu, not at start-up

        labels = [choice.label for choice in self._choices]
        found = process.extract(
            typed, labels, scorer=fuzz.WRatio, limit=SHOWN_AT_MOST, score_cutoff=50
        )
        ranked = [self._choices[index] for _label, _score, index in found]
        completing = [choice for choice in ranked if _in_order(typed, choice.label)]
        near = [choice for choice in ranked if not _in_order(typed, choice.label)]
        made = None
        if self._create is not None and not any(
            choice.label.casefold() == typed.casefold() for choice in self._choices
        ):
            made = self._create(typed)
        return [*completing, *([made] if made is not None else []), *near]

    def _fill(self, text: str) -> None:
        self._shown = self.matches(text)
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options(
            Option(Content.assemble(choice.label, (f"  {choice.hint}", "dim")), id=str(index))
            for index, choice in enumerate(self._shown)
        )
        if self._shown:
            options.highlighted = 0

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        self._fill(event.value)

    @on(Input.Submitted)
    def _submitted(self) -> None:
        index = self.query_one(OptionList).highlighted
        if self.is_active and index is not None and index < len(self._shown):
            self.dismiss(self._shown[index].value)

    @on(OptionList.OptionSelected)
    def _clicked(self, event: OptionList.OptionSelected) -> None:
        if self.is_active and event.option_index < len(self._shown):
            self.dismiss(self._shown[event.option_index].value)

    def action_move(self, step: int) -> None:
        options = self.query_one(OptionList)
        if self._shown:
            now = options.highlighted if options.highlighted is not None else -step
            options.highlighted = max(0, min(len(self._shown) - 1, now + step))

    def action_close(self) -> None:
        if self.is_active:
            self.dismiss(None)
