"""Deterministic generator of article libraries for the benchmarks.

Benchmarks need libraries far bigger than the bundled seeds (10,000 articles, a 1 MB article),
and they must be the same on every machine and every run so numbers can be compared: everything
here comes from ``random.Random`` seeded with strings (stable across processes, unlike ``hash``),
and nothing touches the network.

Each article is seeded from ``(seed, index)`` alone, so article 42 is the same whether the library
holds 100 or 10,000 articles; later benchmarks (fuzzy search) can rely on that. Real words such as
``Kazakhstan``, ``protest`` and ``treaty`` are mixed into the synthetic vocabulary so searches have
realistic targets.

Command line::

    python benchmarks/genlib.py OUT_DIR --count N [--seed S]
    python benchmarks/genlib.py --big FILE [--size BYTES] [--seed S]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import sys
from collections.abc import Sequence
from functools import cache
from pathlib import Path

GENERATOR_VERSION = 1
SHARD_SIZE = 1_000
MIN_WORDS = 300
MAX_WORDS = 1_500
SYNTHETIC_WORDS = 3_000
MARKER_NAME = ".genlib-marker.json"
SHARD_PATTERN = re.compile(r"^shard-\d{3,}$")

#: First words of the big article's body: distinctive, short enough not to wrap in a narrow pane,
#: and absent from its title, so seeing it on screen proves the body was drawn.
BIG_ARTICLE_MARKER = "Quillon harbour ledger opens"
BIG_ARTICLE_TITLE = "Big article: one megabyte of harbour ledgers"
#: The same article as Markdown (``--big FILE.md``), titled apart so both can share a library.
BIG_MARKDOWN_TITLE = "Big Markdown article: the ledgers marked up"


def _wordlist(text: str) -> tuple[str, ...]:
    """Split a whitespace-separated word list (easier to read and edit than quoted literals)."""
    return tuple(text.split())


#: Real words mixed into the vocabulary, ranked right after the function words so that most
#: articles contain several of them.
REAL_WORDS: tuple[str, ...] = _wordlist(
    """
    Kazakhstan protest treaty Ukraine Russia government minister election parliament border
    economy market energy pipeline sanctions president troops talks summit agreement crisis
    city river winter harvest railway harbour museum library archive newspaper reporter
    journal history science climate drought flood village mountain valley bridge factory
    workers union strike court judge lawyer police army navy Almaty Astana Kyiv Moscow Geneva
    Brussels Tokyo Nairobi Lima coalition budget inflation currency bank loan debt export
    import festival theatre novel poet painter orchestra stadium football hospital doctor
    vaccine school teacher student university research satellite telescope ocean island forest
    desert glacier volcano
    """
)

#: Short function words, given the highest frequencies so the prose reads like prose.
FUNCTION_WORDS: tuple[str, ...] = _wordlist(
    """
    the of and to in a that is was for on with as by at from it were its but not or after over
    which their
    """
)

_ONSETS = _wordlist("b br c ch cl d dr f fl g gr h j k l m n p pl pr qu r s sh sl st t th tr v w z")
_VOWELS = _wordlist("a e i o u ai ea ee oa ou io")
_CODAS = ("", "", "", *_wordlist("n r s t l m nd st rk ng x"))  # most syllables end open


@cache
def vocabulary(seed: int = 0) -> tuple[str, ...]:
    """Return the word list, most frequent first: function words, real words, synthetic words.

    Synthetic words are pronounceable syllable chains, so text looks English-ish without copying
    any corpus; their order is shuffled deterministically so the frequency ranks are arbitrary.
    """
    rng = random.Random(f"genlib-vocabulary:{seed}")
    taken = {w.lower() for w in (*FUNCTION_WORDS, *REAL_WORDS)}
    synthetic: list[str] = []
    while len(synthetic) < SYNTHETIC_WORDS:
        syllables = rng.choice((1, 1, 2, 2, 2, 3))
        word = "".join(
            rng.choice(_ONSETS) + rng.choice(_VOWELS) + rng.choice(_CODAS) for _ in range(syllables)
        )
        if 3 <= len(word) <= 10 and word not in taken:
            taken.add(word)
            synthetic.append(word)
    real = list(REAL_WORDS)
    rng.shuffle(real)
    return (*FUNCTION_WORDS, *real, *synthetic)


@cache
def _cumulative_weights(seed: int) -> tuple[float, ...]:
    """Zipf-like cumulative weights over :func:`vocabulary`: a few words dominate, as in prose."""
    total = 0.0
    out: list[float] = []
    for rank in range(len(vocabulary(seed))):
        total += 1.0 / (rank + 2.7)
        out.append(total)
    return tuple(out)


def _words(rng: random.Random, k: int, seed: int) -> list[str]:
    return rng.choices(vocabulary(seed), cum_weights=_cumulative_weights(seed), k=k)


def _sentence(words: list[str], rng: random.Random) -> str:
    if len(words) > 8 and rng.random() < 0.4:
        cut = rng.randrange(3, len(words) - 3)
        words[cut] += ","
    first = words[0]
    words[0] = first[:1].upper() + first[1:]
    return " ".join(words) + ("?" if rng.random() < 0.08 else ".")


def _body(rng: random.Random, total_words: int, seed: int) -> list[str]:
    """Return paragraphs holding exactly ``total_words`` words, sentences of 6 to 22 words."""
    paragraphs: list[str] = []
    remaining = total_words
    while remaining > 0:
        sentences: list[str] = []
        for _ in range(rng.randint(3, 7)):
            if remaining <= 0:
                break
            n = min(rng.randint(6, 22), remaining)
            remaining -= n
            sentences.append(_sentence(_words(rng, n, seed), rng))
        paragraphs.append(" ".join(sentences))
    return paragraphs


def article_title(index: int, seed: int = 0, digits: int = 5) -> str:
    """Return the unique title of article ``index``: ``Article 01234: <a few words>``."""
    rng = random.Random(f"genlib-title:{seed}:{index}")
    words = [w for w in _words(rng, 12, seed) if w not in FUNCTION_WORDS][: rng.randint(3, 6)]
    return f"Article {index:0{digits}d}: " + " ".join(w[:1].upper() + w[1:] for w in words)


def article_text(index: int, seed: int = 0, digits: int = 5) -> str:
    """Return the full file text of article ``index``: title, blank line, paragraphs."""
    rng = random.Random(f"genlib-article:{seed}:{index}")
    paragraphs = _body(rng, rng.randint(MIN_WORDS, MAX_WORDS), seed)
    return article_title(index, seed, digits) + "\n\n" + "\n\n".join(paragraphs) + "\n"


def article_path(out_dir: Path, index: int, digits: int = 5) -> Path:
    """Return where article ``index`` lives: ``shard-NNN/article-NNNNN.txt``, 1,000 per shard."""
    return out_dir / f"shard-{index // SHARD_SIZE:03d}" / f"article-{index:0{digits}d}.txt"


def _digits(count: int) -> int:
    return max(5, len(str(max(count - 1, 0))))


def _marker(count: int, seed: int) -> dict[str, int]:
    return {"generator_version": GENERATOR_VERSION, "count": count, "seed": seed}


def is_generated(out_dir: Path, count: int, seed: int = 0) -> bool:
    """True if ``out_dir`` already holds exactly this library (its marker file matches)."""
    try:
        found = json.loads((out_dir / MARKER_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return bool(found == _marker(count, seed))


def generate_library(out_dir: Path | str, count: int, seed: int = 0) -> Path:
    """Write ``count`` articles under ``out_dir`` unless its marker says they are already there.

    The marker is written last, so an interrupted run is redone rather than trusted. Shard
    folders left from a different library are removed first (only ``shard-NNN`` folders: the
    generator never deletes anything it did not name).
    """
    out = Path(out_dir)
    if is_generated(out, count, seed):
        return out
    out.mkdir(parents=True, exist_ok=True)
    (out / MARKER_NAME).unlink(missing_ok=True)
    for child in out.iterdir():
        if child.is_dir() and SHARD_PATTERN.match(child.name):
            shutil.rmtree(child)
    digits = _digits(count)
    for index in range(count):
        path = article_path(out, index, digits)
        if index % SHARD_SIZE == 0:
            path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(article_text(index, seed, digits), encoding="utf-8")
    (out / MARKER_NAME).write_text(json.dumps(_marker(count, seed)) + "\n", encoding="utf-8")
    return out


def big_article_text(size_bytes: int = 1_000_000, seed: int = 0) -> str:
    """Return an article of at most ``size_bytes`` UTF-8 bytes (within one word of it).

    Its body starts with :data:`BIG_ARTICLE_MARKER`, so a benchmark can tell when the reading
    pane shows it.
    """
    rng = random.Random(f"genlib-big:{seed}")
    head = f"{BIG_ARTICLE_TITLE}\n\n{BIG_ARTICLE_MARKER} "
    parts = [head]
    size = len(head.encode("utf-8"))
    while size < size_bytes:
        paragraph = " ".join(_body(rng, rng.randint(60, 180), seed))
        if len(parts) == 1:
            paragraph = paragraph[:1].lower() + paragraph[1:]
        piece = paragraph + "\n\n"
        parts.append(piece)
        size += len(piece.encode("utf-8"))
    text = "".join(parts).encode("utf-8")[: size_bytes - 2].decode("utf-8", "ignore")
    return text.rsplit(" ", 1)[0].rstrip(",.?\n") + ".\n"


def big_markdown_text(size_bytes: int = 1_000_000, seed: int = 0) -> str:
    """Return the big article as Markdown of at most ``size_bytes`` UTF-8 bytes, marked up as
    long reads are: a styled word in about forty (emphasis, strong, code, links), a heading every
    ten paragraphs, list items, quotes, a small table and a footnote every so often.

    The first paragraph is left plain, so :data:`BIG_ARTICLE_MARKER` is its first words.
    """
    rng = random.Random(f"genlib-big-md:{seed}")
    paragraphs = big_article_text(size_bytes, seed).split("\n\n")[1:]
    parts = [f"# {BIG_MARKDOWN_TITLE}\n\n{paragraphs[0]}"]
    size = len(parts[0].encode("utf-8")) + 2
    notes: list[str] = []
    for index, paragraph in enumerate(paragraphs[1:], start=1):
        piece = _marked_up(paragraph, index, rng, notes)
        size += len(piece.encode("utf-8")) + 2
        if size > size_bytes - 200 * (len(notes) + 1):
            break
        parts.append(piece)
    parts += [f"[^{n}]: Note {n} on the ledgers." for n in range(1, len(notes) + 1)]
    return "\n\n".join(parts).rstrip() + "\n"


def _marked_up(paragraph: str, index: int, rng: random.Random, notes: list[str]) -> str:
    words = paragraph.split(" ")
    for at in range(rng.randrange(5, 40), len(words) - 1, 40):
        word, style = words[at], rng.random()
        if word[-1:].isalpha():
            words[at] = (
                f"*{word}*"
                if style < 0.4
                else f"**{word}**"
                if style < 0.7
                else f"`{word}`"
                if style < 0.85
                else f"[{word}](https://example.org/ledger/{index})"
            )
    text = " ".join(words)
    if index % 25 == 0:
        notes.append(str(index))
        table = "| Ship | Cargo | Tons |\n|---|---|--:|\n| Quillon | salt | 40 |"
        text += f"[^{len(notes)}]\n\n{table}"
    if index % 10 == 5:
        return "## " + " ".join(words[:6]).strip("*`[],.?") + "\n\n" + text
    return {7: "- ", 8: "> "}.get(index % 10, "") + text


def write_big_article(path: Path | str, size_bytes: int = 1_000_000, seed: int = 0) -> Path:
    """Write the big article to ``path`` (creating folders); skip if it is already identical.

    A ``.md`` path gets the Markdown version (:func:`big_markdown_text`)."""
    target = Path(path)
    markdown = target.suffix.lower() == ".md"
    text = big_markdown_text if markdown else big_article_text
    data = text(size_bytes, seed).encode("utf-8")
    if target.is_file() and target.stat().st_size == len(data) and target.read_bytes() == data:
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return target


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", nargs="?", type=Path, help="folder to fill with articles")
    parser.add_argument("--count", type=int, help="number of articles to generate")
    parser.add_argument("--seed", type=int, default=0, help="generator seed (default 0)")
    parser.add_argument("--big", type=Path, metavar="FILE", help="write one big article to FILE")
    parser.add_argument("--size", type=int, default=1_000_000, help="size of --big in bytes")
    args = parser.parse_args(argv)
    if args.out_dir is None and args.big is None:
        parser.error("give OUT_DIR --count N, or --big FILE")
    if args.out_dir is not None:
        if args.count is None or args.count < 0:
            parser.error("OUT_DIR needs --count N (N >= 0)")
        generate_library(args.out_dir, args.count, args.seed)
        print(f"{args.out_dir}: {args.count} articles (seed {args.seed})")
    if args.big is not None:
        write_big_article(args.big, args.size, args.seed)
        print(f"{args.big}: {args.size} bytes (seed {args.seed})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
