"""An import file's highlights and bookmarks, read as claims to check rather than facts.

Anyone can write an export by hand, so nothing in it is trusted as it stands:

- offsets and statuses hold only when the article is here, in the very version exported from,
  and the quote stands at those offsets; otherwise the highlight waits to be re-attached by its
  quote and context (`orphaned`, with no `content_hash`), which the next load of its article
  does, so untrusted offsets never paint a single character;
- timestamps are parsed (ISO 8601): one that cannot be read is unknown and never wins, one in the
  future is taken as now, and they are compared as times, never as strings (`is_later`);
- ids are checked against their article by `Highlights.merge` (an id that belongs to another
  article here is given a new one);
- review state (`claimed_review`) is checked field by field: a stage FSRS knows, a memory state
  within FSRS's bounds, grades 1-4; a due time no later than FSRS's longest interval from now.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta
from typing import Any

from reader.core.annotate.anchor import Status, normalise
from reader.core.annotate.highlight import Highlight
from reader.core.review.cards import MAXIMUM_INTERVAL, Stage
from reader.core.shelf import Location, clean_tag
from reader.core.text.sanitize import sanitize
from reader.store.bookmarks import Bookmark
from reader.store.errors import StoreError

#: The places an import may name.
LOCATIONS = ", ".join(str(place) for place in Location)


class ExchangeError(StoreError):
    """An import file that is not a reader export (the message says what is wrong)."""


def parse_time(text: str, now: datetime | None = None) -> datetime | None:
    """An ISO 8601 timestamp as a UTC time, None if it cannot be read (unknown).

    A time without a zone is taken as UTC; one later than `now` (default: this moment) is `now`,
    since no clock has written the future and a claim to it must not win every comparison.
    """
    try:
        when = datetime.fromisoformat(text.strip())
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        when = when.astimezone(UTC)
    except (ValueError, TypeError, OverflowError):
        return None
    return min(when, now or datetime.now(UTC))


def is_later(claimed: str, than: str) -> bool:
    """Whether timestamp `claimed` is later than `than`; an unknown `claimed` never is."""
    now = datetime.now(UTC)
    when = parse_time(claimed, now)
    if when is None:
        return False
    other = parse_time(than, now)
    return other is None or when > other


def claimed_time(text: str) -> str:
    """A timestamp as it is stored: parsed and written back in one form, future ones as now.

    One that cannot be read is kept as it is (sanitised): it stays unknown and never wins.
    """
    when = parse_time(text)
    return when.isoformat() if when is not None else text


def claimed_highlight(
    raw: object, article_id: str, exported_hash: str, body: str | None
) -> Highlight:
    """A highlight from an import file; `body` is the article's text when it is here in the
    version exported from (`exported_hash`), else None."""
    if not isinstance(raw, dict):
        raise ExchangeError("a highlight is not an object")
    quote = text_of(raw, "quote", required=True)
    start, end = int_of(raw, "start"), int_of(raw, "end")
    status = _status(text_of(raw, "status"))
    verified = (
        body is not None
        and start is not None
        and end is not None
        and _stands_at(body, start, end, quote)
    )
    digest = exported_hash
    if not verified:
        # The claimed start is kept only as a hint of where to look first.
        start = start if start is not None and start >= 0 else 0
        end = start + len(quote)
        if status.attached or body is None:  # its quote and context decide at the next load
            status = Status.ORPHANED if status.attached else status
            digest = ""
    suggestion = raw.get("suggestion") if isinstance(raw.get("suggestion"), dict) else None
    hint = _suggestion(suggestion, body if digest else None)
    created = text_of(raw, "created", required=True)
    return Highlight(
        id=text_of(raw, "id", required=True),
        article_id=article_id,
        quote=quote,
        original=text_of(raw, "original") or quote,
        prefix=text_of(raw, "prefix"),
        suffix=text_of(raw, "suffix"),
        start=start if start is not None else 0,
        end=end if end is not None else 0,
        note=text_of(raw, "note"),
        color=text_of(raw, "color") or "yellow",
        status=status,
        score=100.0 if status.attached else 0.0,
        suggestion=hint[0],
        suggestion_start=hint[1],
        suggestion_end=hint[2],
        content_hash=digest,
        created=created,
        updated=claimed_time(text_of(raw, "updated") or created),
        revision=1,
    )


def claimed_review(raw: dict[str, Any]) -> dict[str, Any] | None:
    """A highlight's review state from an import file (`{"card", "log"}`, as
    `Reviews.export` writes it), each field checked; None when the highlight has none."""
    review = raw.get("review")
    if review is None:
        return None
    if not isinstance(review, dict):
        raise ExchangeError('"review" must be an object')
    card = review.get("card")
    if card is not None and not isinstance(card, dict):
        raise ExchangeError('"review.card" must be an object')
    log = [_claimed_grade(entry) for entry in list_of(review, "log")]
    return {"card": _claimed_card(card) if card is not None else None, "log": log}


def _claimed_card(card: dict[str, Any]) -> dict[str, Any]:
    stage = _claimed_stage(card.get("stage"))
    stability = _number(card, "stability", 0.001, float(MAXIMUM_INTERVAL))
    difficulty = _number(card, "difficulty", 1.0, 10.0)
    if stage is not Stage.NEW and (stability is None or difficulty is None):
        stage = Stage.NEW  # nothing to schedule from: reviewed again as new
    now = datetime.now(UTC)
    due = parse_time(text_of(card, "due"), now + timedelta(days=MAXIMUM_INTERVAL))
    step = int_of(card, "step")
    return {
        "stage": str(stage),
        "step": step if step is not None and step >= 0 else None,
        "stability": stability,
        "difficulty": difficulty,
        "due": None if stage is Stage.NEW else _stamp(due or now),
        "last_review": _stamp(parse_time(text_of(card, "last_review"))),
        "reps": max(0, int_of(card, "reps") or 0),
        "lapses": max(0, int_of(card, "lapses") or 0),
        "stopped": _stamp(parse_time(text_of(card, "stopped"))),
        "updated": _stamp(parse_time(text_of(card, "updated"))) or "",
    }


def _claimed_grade(entry: object) -> dict[str, Any]:
    if not isinstance(entry, dict):
        raise ExchangeError("a review log entry is not an object")
    grade = int_of(entry, "grade")
    if grade is None or not 1 <= grade <= 4:
        raise ExchangeError(f'"grade" must be 1, 2, 3 or 4, got {entry.get("grade")!r}'[:200])
    when = parse_time(text_of(entry, "reviewed", required=True))
    if when is None:
        raise ExchangeError(f'"reviewed" is not a time: {entry.get("reviewed")!r}'[:200])
    return {
        "id": text_of(entry, "id", required=True),
        "grade": grade,
        "prior": str(_claimed_stage(entry.get("prior"))),
        "reviewed": _stamp(when),
    }


def _claimed_stage(value: object) -> Stage:
    try:
        return Stage(str(value or "new"))
    except ValueError:
        stages = ", ".join(str(stage) for stage in Stage)
        raise ExchangeError(f'a review "stage" must be one of {stages}') from None


def _number(data: dict[str, Any], key: str, low: float, high: float) -> float | None:
    """A finite number within [low, high] (clamped), None when absent."""
    value = data.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ExchangeError(f'"{key}" must be a number, got {value!r}'[:200])
    return min(high, max(low, float(value)))


def _stamp(when: datetime | None) -> str | None:
    return when.isoformat(timespec="seconds") if when is not None else None


def claimed_bookmark(raw: object, article_id: str) -> Bookmark:
    if not isinstance(raw, dict):
        raise ExchangeError("a bookmark is not an object")
    return Bookmark(
        text_of(raw, "id", required=True),
        article_id,
        max(0, int_of(raw, "position") or 0),
        text_of(raw, "label"),
        text_of(raw, "created", required=True),
    )


def claimed_state(entry: dict[str, Any]) -> dict[str, Any]:
    """An article's library state from an import file: only the fields it has, each checked
    (`ExchangeError` names the field and the article); `updated` as a claimed time."""
    state: dict[str, Any] = {}
    where = f" (article {text_of(entry, 'id')!r})"
    if "location" in entry:
        try:
            state["location"] = str(Location(text_of(entry, "location")))
        except ValueError:
            raise ExchangeError(f'"location" must be one of {LOCATIONS}{where}') from None
    if "read" in entry:
        if not isinstance(entry["read"], bool):
            raise ExchangeError(f'"read" must be true or false{where}')
        state["read"] = int(entry["read"])
    for key, top in (("progress", 100), ("position", None)):
        if key in entry:
            value = int_of(entry, key)
            if value is None or value < 0 or (top is not None and value > top):
                raise ExchangeError(f'"{key}" must be a whole number from 0{where}'[:200])
            state[key] = value
    if entry.get("updated"):
        state["updated"] = claimed_time(text_of(entry, "updated"))
    return state


def claimed_tags(data: dict[str, Any]) -> list[str]:
    """The tag names of an article or highlight in an import file (cleaned; `ExchangeError`
    for one that is not a name)."""
    names = []
    for raw in list_of(data, "tags"):
        if not isinstance(raw, str):
            raise ExchangeError(f"a tag must be a string, got {raw!r}"[:200])
        try:
            names.append(clean_tag(sanitize(raw)))
        except ValueError as error:
            raise ExchangeError(str(error)) from None
    return names


def list_of(entry: dict[str, Any], key: str) -> list[Any]:
    value = entry.get(key, [])
    if not isinstance(value, list):
        raise ExchangeError(f'"{key}" must be a list')
    return value


def text_of(data: dict[str, Any], key: str, required: bool = False) -> str:
    value = data.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value):
        raise ExchangeError(f'"{key}" must be a non-empty string, got {value!r}'[:200])
    return sanitize(value)  # an import file is untrusted text like any article


def int_of(data: dict[str, Any], key: str) -> int | None:
    value = data.get(key)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _status(text: str) -> Status:
    try:
        return Status(text or "orphaned")
    except ValueError:
        return Status.ORPHANED


def _stands_at(body: str, start: int, end: int, quote: str) -> bool:
    """Whether `quote` is what `body` says at [start, end), after normalisation."""
    if not 0 <= start < end <= len(body):
        return False
    return normalise(body[start:end]).text == normalise(quote).text


def _suggestion(
    raw: dict[str, Any] | None, body: str | None
) -> tuple[str | None, int | None, int | None]:
    """A suggestion for an orphan, kept only if its text stands at its offsets in `body`."""
    if raw is None or body is None:
        return None, None, None
    text, start, end = text_of(raw, "text"), int_of(raw, "start"), int_of(raw, "end")
    if not text or start is None or end is None or not _stands_at(body, start, end, text):
        return None, None, None
    return text, start, end
