"""The daily review (`V`): today's highlights one at a time, graded for FSRS to bring back.

`context` holds what the review needs from the app (store, writer, settings, clock), `launch`
is what the main screen composes (opening the review, coming back to it after a jump to a
passage), `screen` the review itself, `items` what it shows of a highlight and how a day's round
is gathered, `card` how a highlight is drawn, `editing` its note and tags, `tag_input` the small
dialog naming a tag. The rules (what comes up, what a grade does) are in `reader.core.review`.
"""
