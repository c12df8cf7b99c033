"""The evidence that the lines of one document give together: the :class:`Document` record.

Where the article body is (the run of lines that maximises prose against furniture), which
line is its headline, where a comment section starts, whether the text is a *raw page* on
which position counts, which lines repeat or are truncated copies of others, which runs of
lines look like a related-links list. :mod:`.rules` reads it; nothing here decides.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from typing import Mapping

from textclean.cleaners.boilerplate.evidence import PRICE_LINE, SIGNED, Line
from textclean.core.kinds import code_punctuation
from textclean.cleaners.boilerplate.templates import Template

# A comment heading that names comments may follow a short article; a vaguer one
# ("Discussion", "Have your say") must come after most of the prose, or it is a subheading.
_NAMES_COMMENTS = re.compile(r"\bcomments?\b|\brepl(?:y|ies)\b|\bresponses?\b", re.I)
_COMMENTS_AFTER = 400  # least characters of prose before a comment section
_NAMED_SHARE, _VAGUE_SHARE = 0.15, 0.3  # least share of the prose before it (named, vague heading)


def body_span(lines: list[Line]) -> tuple[int, int] | None:
    """The run of lines maximising the summed weight (Kadane); None when nothing is prose.

    >>> from textclean.cleaners.boilerplate.evidence import document_lines
    >>> body_span(document_lines("Home\\nThe mayor said on Friday that the bridge will reopen in May.\\n")[0])
    (1, 1)
    """
    best, best_span = 0.0, None
    run, run_start = 0.0, 0
    for i, line in enumerate(lines):
        w = line.weight
        if run <= 0:
            run, run_start = w, i
        else:
            run += w
        if run > best:
            best, best_span = run, (run_start, i)
    return best_span


def headline(lines: list[Line], a: int) -> int | None:
    """Index of the headline among the few lines before the body start ``a``: the line of 2-30
    words sharing most words with the first paragraphs of the body, if enough."""
    body_words: set[str] = set()
    for line in lines[a:a + 6]:
        body_words.update(line.headline_words())
    best, best_i = 0.0, None
    for i in range(a - 1, max(-1, a - 9), -1):
        line = lines[i]
        f = line.feats
        if line.template is not None or f.menu_like or not (2 <= f.words <= 30) or f.letters < 0.6:
            continue
        words = line.headline_words()
        if not words:
            continue
        overlap = sum(w in body_words for w in words) / len(words)
        score = overlap + 0.3 * (f.words >= 4) - 0.05 * (a - 1 - i)
        if score > best:
            best, best_i = score, i
    return best_i if best >= 0.35 else None


def comment_section(lines: list[Line], a: int, prose: list[int]) -> tuple[int | None, Template | None, bool]:
    """Where the comments after the article start, if they do: ``(index, template, signed)``.

    A comment heading at or after the body start ``a`` opens them once enough of the
    document's ``prose`` (characters per line) stands before it (``template``: the heading's
    template, if it has one); without a heading, a run of two or more comment signatures
    ("Posted by: Ann | Jan 10, 2008 4:49 PM") after the body start does (``signed``).
    """
    prose_total = sum(prose)
    heads = [i for i, line in enumerate(lines) if line.heading and i >= a]
    prose_before = 0
    j = 0
    for i in heads:
        prose_before += sum(prose[j:i])
        j = i
        share = _NAMED_SHARE if _NAMES_COMMENTS.search(lines[i].text) else _VAGUE_SHARE
        if prose_before >= max(_COMMENTS_AFTER, share * prose_total):
            return i, lines[i].template, False
    signed = [i for i, line in enumerate(lines) if i > a and line.flags & SIGNED]
    if len(signed) >= 2 and sum(prose[:signed[0]]) >= max(_COMMENTS_AFTER, _NAMED_SHARE * prose_total):
        return signed[0], None, True
    return None, None, False


def truncated_copies(lines: list[Line]) -> set[int] | None:
    """Indices of lines that end in an ellipsis and repeat the start of a longer line of the
    same document: the snippets of a teaser list, a search result or a "read more" box.

    >>> from textclean.cleaners.boilerplate.evidence import document_lines
    >>> lines, _ = document_lines("A long paragraph about the harbour bridge and its repairs.\\n"
    ...                           "A long paragraph about the...\\n")
    >>> truncated_copies(lines)
    {1}
    """
    cands = [(i, line.stem) for i, line in enumerate(lines) if line.stem]
    if not cands:
        return None
    keys = sorted({line.key for line in lines})
    out = set()
    for i, stem in cands:
        j = bisect.bisect_left(keys, stem)
        while j < len(keys) and keys[j].startswith(stem):
            if keys[j] != lines[i].key and len(keys[j]) > len(stem) + 3:
                out.add(i)
                break
            j += 1
    return out or None


def repeats(lines: list[Line]) -> set[int]:
    """Indices of the lines repeated within the four lines above them (equal folded keys). A
    paragraph of prose counts only when it occurs exactly twice in the document: printed
    twice within a few lines it is a scraping artefact (a teaser and its article, a quote
    box), but three or more copies are a comparison or diff view, where which copy is the
    text is unknown.

    >>> from textclean.cleaners.boilerplate.evidence import evidence_of
    >>> p = "The mayor said on Friday that the bridge will reopen in May."
    >>> sorted(repeats(evidence_of(["Home", "News", "Home", p, p, "Top", p, p, p], None)))
    [2]
    """
    keys = [line.key for line in lines]
    copies = Counter(keys)
    if len(copies) == len(keys):
        return set()
    return {i for i, k in enumerate(keys) if copies[k] > 1
            and k in keys[max(0, i - (2 if lines[i].prose else 4)):i]
            and (not lines[i].prose or copies[k] == 2) and not code_punctuation(k)}


def page_shape(lines: list[Line], span: tuple[int, int] | None, cut_from: int | None,
               opts: Mapping, prose: list[int]) -> tuple[bool, bool]:
    """``(by_position, raw_page)``: whether lines outside the article body may go on shape
    and position alone, and whether the text looks like a page as a naive scraper saw it.

    Text that an extractor already reduced to the main content -- or a forum thread, a shop
    or a list page -- has short lines that are list items, titles and field values, not
    menus; removing them for lying outside a detected "body" loses content. So position is
    evidence only on a *raw page* (at least ``page_nav_share`` of the lines are short
    non-sentences) that has a site menu (a run of ``menu_run`` distinct capitalised
    one-to-three-word items) and ONE article: no more prose outside the body than ``outside_prose`` times the
    body's, and fewer than ``max_posts`` paragraphs of two or more sentences outside it
    (posts of a thread, reviews).
    """
    n = len(lines)
    nav_items = sum(line.nav for line in lines)
    raw_page = nav_items >= opts.get("page_nav_share", 0.3) * n
    if not span or not raw_page:
        return False, raw_page
    # the longest run of distinct menu items: a site menu names each place once, a flattened
    # table of prices or fields ("Adults", "Reduced", "Adults", "Reduced") repeats its labels
    best = 0
    run: dict[str, int] = {}
    start = 0
    for i, line in enumerate(lines):
        if line.menu_item:
            seen = run.get(line.key)
            if seen is not None and seen >= start:
                start = seen + 1
            run[line.key] = i
            if i - start + 1 > best:
                best = i - start + 1
        else:
            start = i + 1
    if best < opts.get("menu_run", 5):
        return False, raw_page
    a, z = span
    end = cut_from if cut_from is not None else n
    body_prose = sum(prose[a:z + 1])
    outside = lines[:a] + lines[z + 1:end]
    if sum(prose[:a]) + sum(prose[z + 1:end]) > opts.get("outside_prose", 1.0) * body_prose:
        return False, raw_page
    posts = run = 0
    for line in outside + [None]:  # type: ignore[list-item]
        if line is not None and line.prose:
            run += 1
        else:
            posts += run >= 2
            run = 0
    return posts < opts.get("max_posts", 3), raw_page


def teaser_runs(lines: list[Line]) -> list[bool]:
    """Lines in a run of 3+ headline-like lines (3-14 words, no sentence end, capitalised):
    the shape of a related-stories or most-read list."""
    out = [False] * len(lines)
    run = 0
    for i, line in enumerate(lines):
        if line.teaser:
            run += 1
            if run == 3:
                out[i - 2] = out[i - 1] = True
            if run >= 3:
                out[i] = True
        else:
            run = 0
    return out


def nonprose_runs(lines: list[Line]) -> list[int]:
    """For each line, the length of the run of consecutive non-prose lines it belongs to."""
    out = [0] * len(lines)
    start = 0
    for i, line in enumerate(lines):
        if line.prose:
            if i > start:
                out[start:i] = [i - start] * (i - start)
            start = i + 1
    n = len(lines)
    if n > start:
        out[start:n] = [n - start] * (n - start)
    return out


#: Keys the cleaner adds to the options of one document: whether it is documentation, whether
#: its stop list is in its language, and the lines that are prose in the language the host
#: named when the document is judged with another list (see ``fix_boilerplate``).
DOCUMENTATION, PROSE_EVIDENCE, NAMED_PROSE = "_documentation", "_prose_evidence", "_named_prose"


class Document:
    """What the lines of one document say together, for the rules of :mod:`.rules`.

    ``a`` and ``z`` are the first and last index of the article body (``span``; without a
    body, ``a = n`` and ``z = n - 1``, so no index is inside it; option ``structure`` off: no
    body). ``comments_from`` is where a comment section starts (opened by the heading
    template ``comments_template``, by a heading without one, or by signatures when
    ``comments_signed``). The option values the rules read are fields too.

    >>> from textclean.cleaners.boilerplate.evidence import document_lines
    >>> doc = Document(document_lines("Home\\nThe mayor said on Friday that the bridge will reopen in May.\\n")[0], {})
    >>> doc.span, doc.raw_page, doc.by_position, doc.has_evidence
    ((1, 1), True, False, True)
    """

    def __init__(self, lines: list[Line], opts: Mapping):
        n = self.n = len(lines)
        self.lines = lines
        #: documentation (see :mod:`.kinds`): only templates spelt out remove a line
        self.docs = docs = bool(opts.get(DOCUMENTATION))
        #: whether the lines' stop-word evidence is in the document's language (see
        #: :mod:`.stoplists`); without it there is no prose evidence, so no article body
        self.prose_evidence = known = opts.get(PROSE_EVIDENCE, True)
        #: lines that are prose in the language the host named (another list judges them)
        self.named_prose = opts.get(NAMED_PROSE) or frozenset()
        structure = opts.get("structure", True) and known and not docs
        span = self.span = body_span(lines) if structure else None
        self.a, self.z = a, z = span if span else (n, n - 1)
        prose = [line.chars if line.prose else 0 for line in lines]
        self.comments_from, self.comments_template, self.comments_signed = comment_section(lines, a, prose)
        self.by_position, self.raw_page = page_shape(lines, span, self.comments_from, opts, prose)
        self.repeats = repeats(lines) if not docs else set()
        self.snippets = truncated_copies(lines) if not docs else None
        self.head = headline(lines, a) if span else None
        self.keep_prose = opts.get("keep_unsure_prose", True)
        self.trail_prose = opts.get("trail_prose", True)
        self.keep_numbered = opts.get("keep_numbered", True)
        self.run_len = nonprose_runs(lines) if self.by_position else None
        self.shop = sum(1 for line in lines if line.flags & PRICE_LINE) if not docs else 0
        self.teaser = teaser_runs(lines) if self.raw_page and self.by_position else None

    @property
    def has_evidence(self) -> bool:
        """Whether any rule may remove a line: there is a body, a comment section, a truncated
        copy, a repeated line or a line with evidence of its own (otherwise every line is
        kept)."""
        return bool(self.span or self.comments_from is not None or self.snippets is not None
                    or bool(self.repeats) or not all(line.plain for line in self.lines))
