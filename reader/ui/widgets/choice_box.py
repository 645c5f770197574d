"""Choose one of many by typing a few letters: tags, views, sorts.

A box with a line to type in and the choices below it, matched fuzzily (rapidfuzz, so `lngrd`
finds `longreads` among 5,000 tags at once); `up`/`down` (and `tab`/`shift+tab`) move among them
while the keyboard stays in the line, `enter` takes the highlighted one, `escape` closes without
a choice. Given `create`, the box also offers to make what was typed (a new tag, a new name).
Names are the user's, so every option is drawn as `Content`, never markup.

The box only answers (`ChoiceBox.Answered`); who shows it decides what closing means: a dialog
of its own (`ui/screens/chooser.py`) or a menu drawn on the main screen (`ui/widgets/menu.py`).
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
from textual.message import Message
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


@dataclass(frozen=True, slots=True)
class Offer:
    """What a box offers: its title, the choices, the hint in the empty line, and `create`,
    which turns typed text into a choice offered first when nothing already there is called so
    (`Choice("New tag “x”", "+x")`), or None when it cannot be."""

    title: str
    choices: Sequence[Choice]
    placeholder: str = "type to narrow"
    create: Callable[[str], Choice | None] | None = None


class ChoiceBox(Vertical):
    """Posts `Answered` with the value of the choice taken, or None (`escape`).

    | Key | Does |
    |---|---|
    | letters | narrow the choices |
    | `up`, `down` (`shift+tab`, `tab`) | move among them |
    | `enter` | take the highlighted one |
    | `escape` | close, choosing nothing |
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "move(1)", "Next", show=False),
        Binding("up", "move(-1)", "Previous", show=False),
        Binding("tab", "move(1)", "Next", show=False),
        Binding("shift+tab", "move(-1)", "Previous", show=False),
        Binding("escape", "close", "Close", show=False),
    ]

    DEFAULT_CSS = """
    ChoiceBox {
        width: 60;
        max-width: 100%;
        height: auto;
        max-height: 80%;
        border: round $accent;
        border-title-color: $accent;
        background: $surface;
        padding: 0 1;
    }
    ChoiceBox > OptionList { height: auto; max-height: 20; border: none; }
    """

    class Answered(Message):
        """The choice taken (its value), or None: closed without one."""

        def __init__(self, value: str | None) -> None:
            super().__init__()
            self.value = value

    def __init__(self, offer: Offer, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._offer = offer
        self._shown: list[Choice] = []
        #: The text the choices shown were matched for (None: to be matched again).
        self._matched: str | None = None
        #: A matching of what is typed is asked for (once the letters queued now are in).
        self._catching_up = False
        #: The labels of the offer's choices, as the matcher takes them (made once an offer).
        self._labels: list[str] | None = None
        #: A choice was taken (or none, `escape`): letters matched late change nothing now.
        self._answered = False

    def compose(self) -> ComposeResult:
        yield Input(placeholder=self._offer.placeholder, id="chooser-input")
        yield OptionList(id="chooser-list")

    def on_mount(self) -> None:
        self.border_title = self._offer.title
        self._fill("")

    @property
    def line(self) -> Input:
        """The line typed into (focused by whoever shows the box)."""
        return self.query_one(Input)

    def offer(self, offer: Offer) -> None:
        """The box again, for another question: its line emptied, every choice shown."""
        self._offer, self._labels, self._answered = offer, None, False
        self.border_title = offer.title
        line = self.line
        line.placeholder = offer.placeholder
        with line.prevent(Input.Changed):
            line.value = ""
        self._fill("")

    def matches(self, text: str) -> list[Choice]:
        """The choices for `text`: all of them (the first ones) when empty; else those whose
        label holds the typed letters in order (`lngrd`: `longreads`), best first, then the
        offer to make it (`create`), then the near misses (a typo: `longraeds`)."""
        choices, create = self._offer.choices, self._offer.create
        typed = sanitize_line(text).strip()
        if not typed:
            return list(choices[:SHOWN_AT_MOST])
        from rapidfuzz import fuzz, process  # loaded with the first menu, not at start-up

        if self._labels is None:
            self._labels = [choice.label for choice in choices]
        found = process.extract(
            typed, self._labels, scorer=fuzz.WRatio, limit=SHOWN_AT_MOST, score_cutoff=50
        )
        ranked = [choices[index] for _label, _score, index in found]
        completing = [choice for choice in ranked if _in_order(typed, choice.label)]
        near = [choice for choice in ranked if not _in_order(typed, choice.label)]
        made = None
        if create is not None and not any(
            choice.label.casefold() == typed.casefold() for choice in choices
        ):
            made = create(typed)
        return [*completing, *([made] if made is not None else []), *near]

    def _fill(self, text: str) -> None:
        self._shown, self._matched = self.matches(text), text
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
        """The choices follow the line once the letters typed in the same burst are in: the
        line is drawn first, and what it matches after that frame, so a name pasted or typed
        ahead (`c`, `#Tag 3`, `enter`) is matched once, not once a letter (a matching among
        5,000 tags takes 2 to 15 ms), and an `enter` right behind it matches it without the
        choices drawn (`_submitted`)."""
        event.stop()
        if not self._catching_up:
            self._catching_up = True
            self.call_after_refresh(self._catch_up)

    def _catch_up(self) -> None:
        self._catching_up = False
        self._matched_now()

    def _matched_now(self) -> None:
        """The choices shown are those of the line as it is (a key acting on them came before
        the matching asked for)."""
        if not self._answered and self._matched != (typed := self.line.value):
            self._fill(typed)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        """`enter`: the highlighted choice; letters typed just before it and not matched yet
        (`c`, `#Tag 3`, `enter` in one burst) take the best match, the one a matching would
        highlight, without the choices drawn first for a box about to close."""
        event.stop()
        typed = self.line.value
        if self._matched != typed and (found := self.matches(typed)):
            self._answer(found[0].value)
            return
        self._matched_now()
        index = self.query_one(OptionList).highlighted
        if index is not None and index < len(self._shown):
            self._answer(self._shown[index].value)

    def _answer(self, value: str | None) -> None:
        self._answered = True
        self.post_message(self.Answered(value))

    @on(OptionList.OptionSelected)
    def _clicked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_index < len(self._shown):
            self._answer(self._shown[event.option_index].value)

    def action_move(self, step: int) -> None:
        self._matched_now()
        options = self.query_one(OptionList)
        if self._shown:
            now = options.highlighted if options.highlighted is not None else -step
            options.highlighted = max(0, min(len(self._shown) - 1, now + step))

    def action_close(self) -> None:
        self._answer(None)
