"""The daily review of highlights: spaced repetition with FSRS, without the store or Textual.

`cards` wraps the `fsrs` scheduler (a grade to a card's next state), `queue` picks today's
highlights from a clock passed in, `session` walks through them with undo, `stats` says how the
review is going and `settings` holds the config's `[review]` table. The store keeps the cards
(`reader.store.reviews`); the UI and the command line ask these modules what to show. Import
the modules themselves: this package loads nothing, so reading the config never loads `fsrs`.
"""
