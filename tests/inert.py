"""What "inert" text is: nothing a terminal or the bidi algorithm would act on, nothing
unencodable. Shared by the property tests and the adversarial-library test."""

from __future__ import annotations

import re

#: C0 (but tab and newline), DEL, C1, bidi controls, BOM, line/paragraph separators, surrogates.
NOT_INERT = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
    "\u2028\u2029\ufeff\ud800-\udfff]"
)


def is_inert(text: str) -> bool:
    return NOT_INERT.search(text) is None
