"""The daily review of highlights: spaced repetition with FSRS, without the store or Textual.

`cards` holds a highlight's review state, `spacing` moves it on with the `fsrs` scheduler,
`days` reads the local day from a clock, `queue` picks today's highlights, `session` walks
through them with undo, `stats` says how the review is going and `settings` holds the config's
`[review]` table. The store keeps the cards (`reader.store.reviews`); the UI and the command
line ask these modules what to show. Import the modules themselves: this package loads
nothing, and only `spacing` loads `fsrs` (at the first grade, not at start-up).
"""
