"""The daily review (`V`): today's highlights one at a time, graded for FSRS to bring back.

`context` holds what the review needs from the app (store, writer, settings, clock), `launch`
is what the main screen composes (opening the review, coming back to it after a jump to a
passage), `day` today's round gathered ahead of `V`, `screen` the review itself, `items` what
it shows of a highlight and how a day's round is gathered, `card` how a highlight is drawn,
`editing` its note and tags (tags in the app's tag picker, `reader.ui.screens.tag_picker`).
The rules (what comes up, what a grade does) are in `reader.core.review`.
"""
