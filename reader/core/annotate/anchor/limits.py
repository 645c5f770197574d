"""The numbers the anchoring rules are made of, in one place, each with what it stands for.

Lengths are in normalised characters, similarities are rapidfuzz's normalised Indel ratio (0-100)
over normalised text.
"""

from __future__ import annotations

#: Context kept on each side of a quote at first; doubled until quote and context are unique.
CONTEXT_MIN = 32
CONTEXT_MAX = 1024

#: An exact run of the old context this long, outward from the quote, agrees clearly on its side
#: (three or four words: more than "in Ukraine." shared by chance).
CLEAR_RUN = 16
#: A quote with fewer words, or fewer characters, is short: it needs clear agreement on both sides.
SHORT_WORDS = 3
SHORT_CHARS = 12
#: The least exact context, both sides together, that lets a short quote move: more than one
#: stored side (a short quote carries little evidence of its own).
SHORT_CONTEXT = 40

#: Least similarity between a quote and the words it is attached to (`fuzzy`); below it a
#: highlight is orphaned, whatever the context.
QUOTE_THRESHOLD = 80.0
#: Least similarity for `fuzzy` when only one side agrees clearly: the quote is nearly identical.
NEAR_IDENTICAL = 90.0
#: Least similarity of one side's old and new text for it to agree rather than contradict.
CONTEXT_AGREE = 60.0
#: A changed word is rare in the article (so distinctive) when the text holds it this often or less.
RARE = 1

#: Candidates whose scores (words and context) differ by less than this are indistinguishable.
AMBIGUITY_MARGIN = 5.0
#: Exact candidates whose verbatim context runs differ by fewer characters are indistinguishable.
RUN_MARGIN = 8
#: How far from its old offset a quote may be found and still be where it was, edited around;
#: further than this it moved, and must have brought all its context along on one side.
NEAR_OLD = 32

#: Least quote similarity for text offered to the user as a suggestion for an orphan.
SUGGEST_MIN = 60.0
#: Least mean context similarity that makes a place worth suggesting however unlike its words are.
SUGGEST_CONTEXT = 80.0
#: How many places an ambiguous highlight offers, and how many candidates an orphan keeps.
MAX_OFFERED = 100
MAX_KEPT = 5

#: How many verbatim occurrences of a quote are examined (a one-word quote can be everywhere).
MAX_EXACT = 2000
#: How many places the fuzzy search looks at, and how many of those it refines.
MAX_WINDOWS = 24
MAX_REFINED = 3
#: Length of the pieces of quote and context looked up verbatim to find where a quote went.
SEED = 16
