"""Build ``textclean/data/typos_words.txt`` and ``typos_rare.txt``: the vocabulary supplement
of the ``typos`` cleaner.

symspellpy's frequency dictionary (``textclean.cleaners.lexicon.unigrams``) is mostly British and lacks
many American spellings ("favorite", "offense", "traveling"), which a spelling corrector
would then "fix". This script adds the lower-case words of SCOWL's size-50 American and
British lists (Debian packages ``wamerican`` and ``wbritish``; SCOWL's licence allows
redistribution with its copyright notice, kept in the output's header) that the frequency
dictionary lacks. ``typos_words.txt`` holds SCOWL size 70 (``-large`` lists), which the
cleaner treats as known words; ``typos_rare.txt`` the further words of sizes 80 and 95
(``-huge``, ``-insane``: rare and specialised words, loanwords such as *annum*, *noir*, *prix*)
that only make the cleaner more reluctant to change a token (they include many common
misspellings, so they are not trusted as words).

    apt-get install wamerican-large wbritish-large wamerican-huge wamerican-insane
    python scripts/build_typos_words.py
"""

from __future__ import annotations

import re
from pathlib import Path

from textclean.cleaners.lexicon import unigrams

KNOWN = ("/usr/share/dict/american-english-large", "/usr/share/dict/british-english-large")
RARE = ("/usr/share/dict/american-english-huge", "/usr/share/dict/american-english-insane")
DATA = Path(__file__).resolve().parents[1] / "textclean" / "data"
HEADER = """\
# Vocabulary supplement for textclean's typos cleaner: the lower-case words of SCOWL (%s,
# Debian wamerican/wbritish 2020.12.07) missing from symspellpy's frequency dictionary%s.
# Built by scripts/build_typos_words.py.
# SCOWL: Copyright 2000-2019 by Kevin Atkinson. Permission to use, copy, modify, distribute
# and sell these word lists, the associated software, and this documentation for any purpose
# is hereby granted without fee, provided that the above copyright notice appears in all
# copies and that both that copyright notice and this permission notice appear in supporting
# documentation. Kevin Atkinson makes no representations about the suitability of this array
# for any purpose. It is provided "as is" without express or implied warranty.
"""


def _words(sources: tuple[str, ...]) -> set[str]:
    words: set[str] = set()
    for src in sources:
        with open(src, encoding="utf-8") as f:
            for line in f:
                w = line.strip()
                if re.fullmatch(r"[a-z]{2,}", w):
                    words.add(w)
    return words


def _write(name: str, words: set[str], header: str) -> None:
    out = DATA / name
    out.write_text(header + "\n".join(sorted(words)) + "\n", encoding="utf-8")
    print(f"wrote {len(words)} words to {out}")


def main() -> None:
    dictionary = set(unigrams())
    known = _words(KNOWN) - dictionary
    rare = _words(RARE) - dictionary - known
    _write("typos_words.txt", known, HEADER % ("size 70, en_US and en_GB", ""))
    _write("typos_rare.txt", rare, HEADER % ("sizes 80 and 95, en_US", " and from size 70"))


if __name__ == "__main__":
    main()
