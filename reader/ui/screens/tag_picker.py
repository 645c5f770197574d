"""The one way to pick a tag in the app: the library's `t` (articles, the highlight under the
caret) and the review's `t` open the same chooser.

Every tag the library has is offered; those already on what is tagged are marked ✓ and
choosing one takes it off; a name no tag has yet is offered as a new tag. The chooser answers
`+name` (put on) or `-name` (take off), which `picked` reads back.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from reader.core.shelf import clean_tag, tag_key
from reader.ui.screens.chooser import Choice, ChooserScreen


def new_tag_choice(typed: str) -> Choice | None:
    """What typing a name no tag has yet offers: to make it (None if it cannot be a tag)."""
    try:
        name = clean_tag(typed)
    except ValueError:
        return None
    return Choice(f"New tag “{name}”", f"+{name}", "create")


def tag_picker(title: str, names: Sequence[str], on: Collection[str]) -> ChooserScreen:
    """The chooser titled `title` over the tags `names`, those in `on` (what is tagged has
    them) marked to be taken off."""
    keys = {tag_key(name) for name in on}
    choices = [
        Choice(f"✓ {name}", f"-{name}", "take off")
        if tag_key(name) in keys
        else Choice(name, f"+{name}")
        for name in names
    ]
    return ChooserScreen(title, choices, create=new_tag_choice, placeholder="a tag")


def picked(value: str | None) -> tuple[str, bool] | None:
    """The tag the chooser answered and whether it goes on (False: it comes off); None when
    the chooser was closed without one."""
    if not value:
        return None
    return value[1:], value[0] == "+"
