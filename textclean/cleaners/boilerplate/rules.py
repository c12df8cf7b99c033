"""The rules of the ``boilerplate`` cleaner: what removes a line, and what keeps it, in order.

:data:`RULES` is read from top to bottom for each line of a document; the first rule that
holds for the line decides (:mod:`.decision` applies them): a rule with a reason removes the line
with that reason, a rule whose reason is :data:`KEEP` keeps it, and a line that no rule
decides is kept. A test is ``test(doc, i, line)`` on the :class:`~.document.Document`, the
line's index and its :class:`~.evidence.Line`; a reason is a string or a function of the
same arguments that writes one. Adding a rule is adding an entry where it belongs.

A rule may also name a condition on the whole document, ``when(doc)``: the rule holds for a
line when ``when`` holds for its document and ``test`` for the line. It is checked once per
document (a document has hundreds of lines, decided in two or three rounds), so that, say,
the comment rules cost nothing in a document without comments. ``plain=False`` only saves
work too: it says that the test needs evidence of the line's own (a template, a corpus
share, a flag), which a line without any (``Line.plain``) lacks, so such lines skip it.

The table reads as the cleaner's policy:

1. the **comment section** after the article goes, all of it;
2. **positive evidence** counts anywhere: a widget template, corpus recurrence, a line
   repeated just above, a line without letters, a menu row, markup residue, a shop's price
   lines, a truncated copy of another paragraph;
3. without an article body nothing else can be said: keep;
4. **inside the body**, only a related-links list or a caption goes;
5. outside the body, **position** counts only on a raw page (see
   :func:`~.document.page_shape`): the headline, standfirsts and numbered items stay; prose
   goes only as a teaser after the article's end (or when ``keep_unsure_prose`` is off);
   date stamps go, and so does what is shaped like furniture.
"""

from __future__ import annotations

from typing import Callable, NamedTuple, Union

from textclean.cleaners.boilerplate.document import Document
from textclean.cleaners.boilerplate.evidence import (
    MARKUP, MEDIA_CAPTION, MENU_ROW, NO_ALNUM, PRICE_LINE, VERBATIM, Line, sentence_like)

Test = Callable[[Document, int, Line], object]
Reason = Union[str, Callable[[Document, int, Line], str], None]

#: The reason of a rule that keeps the line it decides.
KEEP = None

#: Price lines that make a document a shop listing.
SHOP_LINES = 3
# Template reasons that stand even between two prose lines inside the body (a generic
# one-word heading like "Discussion" between prose is more likely an article subheading).
_STRONG = ("image caption", "advertisement", "related-links line", "teaser link", "comment form",
           "comment system", "cookie notice", "plugin template", "user template")


# Template reasons that stand in documentation too, where the line is mostly their text.
_DOC_STRONG = ("comment form", "comment system", "cookie notice", "share widget", "plugin template",
               "user template")


class Rule(NamedTuple):
    """One entry of :data:`RULES` (see the module docstring)."""

    name: str
    test: Test
    reason: Reason
    #: the condition on the document (None: any document)
    when: Callable[[Document], object] | None = None
    #: whether ``test`` can hold for a line without evidence of its own
    plain: bool = True


# (the ``when`` tests)
def _has_comments(d: Document) -> bool:
    return d.comments_from is not None


def _has_body(d: Document) -> bool:
    return bool(d.span)


def _every_line(d: Document, i: int, line: Line) -> bool:
    return True


def _not_docs(d: Document) -> bool:
    return not d.docs


# --- the comment section ---------------------------------------------------------------------

def _in_comments(d: Document, i: int, line: Line) -> bool:
    return d.comments_from is not None and i > d.comments_from


def _comments_opener(d: Document) -> str:
    if d.comments_signed:
        return "comment signatures ('posted by ... date')"
    t = d.comments_template
    return t.reason if t is not None else "comment-section heading"


def _template_reason(d: Document, i: int, line: Line) -> str:
    t = line.template
    return f"{t.reason}: template {t.text!r}"


def _comment_reason(d: Document, i: int, line: Line) -> str:
    if line.template is not None:
        return _template_reason(d, i, line)
    return f"comment section after {_comments_opener(d)}"


def _opens_comments_by_heading(d: Document, i: int, line: Line) -> bool:
    # (a heading with a template of its own is decided by the template rule)
    return i == d.comments_from and not d.comments_signed and d.comments_template is None


def _opens_comments_by_signature(d: Document, i: int, line: Line) -> bool:
    return i == d.comments_from and d.comments_signed


# --- positive evidence -------------------------------------------------------------------------

def _template_stands(d: Document, i: int, line: Line) -> bool:
    """The line matches a widget template, and the match is trusted where it stands: a
    generic template (a one-word heading such as "Discussion") between two prose lines
    inside the body is more likely a subheading; a widget spelt out at length ("Only
    subscribers are eligible to post comments. Please subscribe or login...") is that
    widget wherever it stands."""
    t = line.template
    if t is None:
        return False
    verbatim = t.literal >= VERBATIM and t.literal >= 0.7 * line.chars
    if d.docs:
        # documentation: a licence notice is content, and a short generic template ("Tags:
        # %s", "Read more") is a heading or a sentence of the manual; a widget spelt out stays
        return verbatim or (t.reason.startswith(_DOC_STRONG) and t.literal >= 0.7 * line.chars)
    generic = not t.reason.startswith(_STRONG) and not verbatim
    if not generic or not d.a <= i <= d.z:
        return True
    lines = d.lines
    return not (0 < i < d.n - 1 and lines[i - 1].prose and lines[i + 1].prose)


# --- position on a raw page ------------------------------------------------------------------

def _where(d: Document, i: int) -> str:
    return "leading " if i < d.a else "trailing "


def _standfirst(d: Document, i: int, line: Line) -> bool:
    """A standfirst or dateline between the headline and the body."""
    return i < d.a and d.head is not None and i > d.head and sentence_like(line.feats)


def _furniture(d: Document, i: int, line: Line) -> bool:
    f = line.feats
    return f.words <= 3 or f.menu_like or f.separators >= 2 or bool(f.urls) or d.run_len[i] >= 3


def _describe(d: Document, i: int, line: Line) -> str:
    """Why a line outside the body is furniture, in the words of its strongest feature."""
    f = line.feats
    run = d.run_len[i]
    where = "leading menu before article: " if i < d.a else "trailing run after article: "
    if f.separators >= 2 or f.urls:
        what = "link-like"
    elif f.menu_like:
        what = "menu-like, capitalised, no stop words"
    elif f.words <= 3:
        what = "short, no sentence"
    elif f.stop_words == 0:
        what = "no stop words"
    elif f.prose:
        what = "prose outside the article body"
    elif run >= 3:
        what = f"in a run of {run} lines that are not sentences"
    else:
        what = "not a sentence"
    return where + what


#: The rules, in the order they apply (see the module docstring).
RULES: tuple[Rule, ...] = (
    # 1. the comment section
    Rule("comment section", _in_comments, _comment_reason, _has_comments),
    Rule("comment-section heading", _opens_comments_by_heading,
         lambda d, i, line: f"comment-section heading: {line.text.strip()[:40]!r}", _has_comments),
    Rule("comment signature", _opens_comments_by_signature,
         lambda d, i, line: "comment signature: " + repr(line.text.strip()[:40]), _has_comments),
    # 2. positive evidence, anywhere
    Rule("widget template", _template_stands, _template_reason, plain=False),
    Rule("corpus recurrence", lambda d, i, line: line.corpus,
         lambda d, i, line: f"corpus: recurs in {line.corpus:.0%} of documents", plain=False),
    Rule("repeated line", lambda d, i, line: i in d.repeats, "repeats a line just above", lambda d: d.repeats),
    Rule("no letters", lambda d, i, line: line.flags & NO_ALNUM,
         "no letters or digits: separator or table rule", _not_docs, plain=False),
    Rule("menu row", lambda d, i, line: line.flags & MENU_ROW,
         "menu row: short capitalised items between separators", _not_docs, plain=False),
    Rule("markup", lambda d, i, line: line.flags & MARKUP,
         "markup residue: a line of tags or wiki markup only", _not_docs, plain=False),
    Rule("shop listing", lambda d, i, line: line.flags & PRICE_LINE,
         lambda d, i, line: f"shop listing: one of {d.shop} price lines",
         lambda d: d.shop >= SHOP_LINES, plain=False),
    Rule("truncated copy", lambda d, i, line: i in d.snippets,
         "truncated copy of a paragraph of the document (teaser)", lambda d: d.snippets is not None),
    # 3. no body: position says nothing
    Rule("no article body", _every_line, KEEP, lambda d: not d.span),
    Rule("prose in the language named", lambda d, i, line: line.text in d.named_prose, KEEP,
         lambda d: d.named_prose),
    # 4. inside the body
    Rule("related-links list", lambda d, i, line: d.a <= i <= d.z and d.teaser[i],
         "related-links list inside the page: run of headline-like lines", lambda d: d.teaser is not None),
    Rule("image caption", lambda d, i, line: d.a <= i <= d.z and line.flags & MEDIA_CAPTION,
         "image caption: short line naming a map/photo", _has_body, plain=False),
    Rule("article body", lambda d, i, line: d.a <= i <= d.z, KEEP, _has_body),
    # 5. outside the body: position, on a raw page only
    Rule("not a raw page", _every_line, KEEP, lambda d: not d.by_position),
    Rule("headline", lambda d, i, line: i == d.head, KEEP, lambda d: d.head is not None),
    Rule("teaser after the article", lambda d, i, line: line.prose and i > d.z,
         "trailing run after article: teaser paragraph after the article's end",
         lambda d: d.trail_prose),
    Rule("prose outside the body", lambda d, i, line: line.prose,
         lambda d, i, line: _where(d, i) + "prose outside the article body",
         lambda d: not d.keep_prose),
    Rule("other prose", lambda d, i, line: line.prose, KEEP),
    Rule("date stamp", lambda d, i, line: line.stamp,
         lambda d, i, line: _where(d, i) + "metadata line: date/time or 'posted by'"),
    Rule("standfirst", _standfirst, KEEP),
    Rule("numbered item", lambda d, i, line: line.numbered, KEEP, lambda d: d.keep_numbered),
    Rule("furniture", _furniture, _describe),
)
