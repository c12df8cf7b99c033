"""The ``boilerplate`` cleaner: remove what is not the article from scraped plain text.

It removes whole lines (a line is a paragraph when paragraphs are separated by blank lines,
a block when a scraper wrote one block per line) and never cuts inside a line. A line goes
only on positive evidence, and each removal records the evidence that decided it:

* **templates** of known widgets and forms, printf-style (``You are commenting using your
  %s account. ( Log Out / Change )``), matched against the whole line after every kind of
  Unicode whitespace is folded: comment forms of WordPress, WordPress.com/Jetpack, Disqus and
  Facebook, Akismet notices, share and like widgets, "Related Posts" headings and "Also read:
  ..." lines, newsletter and login calls, cookie notices, copyright and footer lines, image
  captions and photo credits, "Advertisement", review widgets ("12 of 15 people found this
  helpful"), tag lists and metadata-only bylines. The templates ship as
  ``textclean/data/boilerplate_templates.txt``; plugins add more through the
  ``textclean_boilerplate_templates`` hook;
* **comment sections**: a comment heading ("Leave a Reply", "37 Comments") after the
  article's prose removes everything after it (not a link to a post's comments that recurs
  between posts, "Comments (6)" under each post of a blog's front page); so does a run of
  comment signatures ("Posted by: Ann | Jan 10, 2008 4:49 PM") after it;
* **shapes that are never text**: a row of capitalised menu items between separators
  ("Home | News | Sport"), a row of six or more short links between separators whatever
  their case ("Terms of Service | Privacy Policy | ... | Jobs | TV Ratings", "del.icio.us |
  Digg it | Reddit | ..."), a line without letters or digits, a line of markup only
  (``<br/>``, ``[[Category:X]]``), a truncated copy of another paragraph of the document
  ("The council said on Monday that..."), a line repeated within the four lines above (a
  paragraph only when it occurs exactly twice: three copies are a comparison view; in an
  HTML page's blocks, format ``html``, never a paragraph: the page wrote it twice), a short
  line naming a map or photo inside the article, the price lines of a listing (three or more
  lines that are not sentences and quote prices the way a shop does: "Insulated Tote EUR
  53.86", "€2.54"; a sum in the news, "$124 Million Deal", is not a price);
* **position**, only on a *raw page*: text as a naive scraper writes a web page, with a site
  menu (a run of capitalised one-to-three-word items, many short lines) around ONE article
  (the run of lines that maximises prose against furniture; not more prose outside it than
  in it, no thread of posts around it). There, short, menu-like and link-like lines before
  the article go (not its headline, standfirst or dateline), and so do those after it,
  teaser paragraphs included; numbered list items stay, and so does a long paragraph whose
  head a scraper spoilt (metadata or link texts glued to it; prose in its next 400
  characters): position never removes it. On text that an extractor already
  reduced to the content -- or a forum thread, a shop or a list page -- lines outside the
  detected body are list items, titles and field values, and position is no evidence;
* **corpus evidence** (option ``model``): a :class:`~.corpus.CorpusModel` fitted on many
  documents of the same corpus knows which lines recur across documents; such a line is
  removed with a reason like "corpus: recurs in 37% of documents" (numbers count as equal
  only in lines shaped like furniture: a sentence must recur word for word);
* **a learned line model** (opt-in, option ``line_model``; see :mod:`.learned`): a logistic
  regression over the line's features, its neighbours' and the document's, shipped as
  ``textclean/data/boilerplate_linemodel.json`` and trained by
  ``scripts/train_boilerplate.py``. It speaks last, only on the lines the rules keep and
  only once they have nothing more to decide, and removes a line only above a high
  probability, with a reason like "line model: p=0.98 (few words, little prose around, doc
  prose share low)". It is off by default: cross-validated by document halves it removed
  boilerplate on one half only, and refitted on all the development data it removes nothing
  there at the chosen threshold (figures in ``docs/cleaners/boilerplate.md``).

**Languages and documentation** (issue 18). Prose evidence (stop-word density, and with it
the article body and position) is judged with the stop list of the document's language,
``ctx.language`` (:mod:`.stoplists`: English's own list, 38 more from ``wordfreq``, plugin lists
from the ``textclean_stop_words`` hook). A language without a list, a list that does not fit
the document's lines (a mixed or misidentified text), or a document whose language the host
could not name ("") and whose own lines fit no list, gets **no prose evidence**: no body, no
position, so only the language-independent evidence above (templates, separator rows, price
lines, repeats, truncated copies, corpus) removes a line there. When the host could not name
the language, or named one whose list does not fit, the list the document's own running text
fits (if one does) is used, and the lines that read as prose in the language named stay. The
shapes written with English words (comment headings, "... photo" captions) count in English
documents only. **Documentation** (``ctx.format`` "markdown"/"rst", or text with the marks of
one: :mod:`.kinds`) loses only widgets spelt out; a line of brackets (``}``, ``],``) is never
a separator or a repeat, and a table row (``|a|b|``) is never a menu or link row.

What it does NOT do: it never edits inside a line, never removes a line for being outside a
detected body unless the text is a raw page, never removes a line of prose inside the
article body unless a template or a comment section names it, does not judge a document's
quality or language (a whole shop page or a German page stays), and does not parse HTML (use
:func:`textclean.io.html.html_to_text` first, which uses markup evidence).
Content recall comes first: when in doubt a line is kept.

Options (defaults in ``OPTIONS``):

* ``aggressiveness`` (``1``): the one knob that trades content recall for boilerplate
  removed, 0 to 3 (:data:`AGGRESSIVENESS`: 0, templates, comment sections and shapes only;
  1, the default, content recall 0.99 or more on every development corpus; 2 and 3, more
  removed with the learned line model, recall 0.98-0.99). It sets ``structure``,
  ``keep_unsure_prose``, ``keep_numbered``, ``line_model`` and ``line_threshold``; any of
  those set to another value than its default takes precedence;
* ``templates`` (``True``): use the built-in widget/form templates;
* ``structure`` (``True``): use the article body and position at all;
* ``keep_unsure_prose`` (``True``): keep prose lines before the body and, when
  ``trail_prose`` is off, after it (``False``: remove them too, on raw pages);
* ``trail_prose`` (``True``): on a raw page, prose after the article's end is a teaser;
* ``keep_numbered`` (``True``): on a raw page, keep numbered list items outside the body;
* ``page_nav_share`` (``0.3``): share of short non-sentence lines that marks a raw page;
* ``menu_run`` (``5``): least run of menu items a raw page must have;
* ``outside_prose`` (``1.0``): most prose outside the body, relative to the body's, for
  position to count;
* ``max_posts`` (``3``): paragraphs of 2+ sentences outside the body from which the text is
  taken for a thread of posts (position does not count);
* ``model`` (``""``): path of a fitted corpus model (JSON), loaded once in ``setup``;
* ``corpus_share`` (``0.0``): overrides the model's own removal threshold (share of corpus
  documents a line must recur in) when > 0;
* ``extra_templates`` (``[]``): more templates (strings) from the user's config;
* ``line_model`` (``False``): use the learned line model;
* ``line_model_path`` (``""``): a model file of one's own (from ``scripts/train_boilerplate.py``)
  instead of the shipped one;
* ``line_threshold`` (``0.0``): overrides the model's own probability threshold when > 0;
* ``keep_captions`` (``False``): keep image captions and photo credits ("Photo: Reuters",
  "Nagorno map", an HTML page's ``<figcaption>`` and ``class="caption"`` blocks): the
  ``image caption`` templates and the short-line rule are not used, and ``clean_html`` and
  the CLI keep those blocks of the markup;
* ``keep_bylines`` (``False``): keep metadata-only bylines ("By Ann Lee | May 3, 2024",
  "Posted by Ann on Monday", "Updated: 10:40"): the ``byline metadata`` templates are not
  used. (A byline in a page's markup is never dropped by the markup.)

The package, along its seams: the options, the stop list a document is judged with and the
fixes are here, in Python, with what is known about each line from data and hooks
(:mod:`.features`, :mod:`.stoplists`, :mod:`.templates`, :mod:`.corpus`), the kind of text
(:mod:`.kinds`), the learned line model (:mod:`.learned`) and the ``textclean fit`` command
(:mod:`.command`). The decision is the native core's (``native/src/boilerplate``): the
evidence of each line out of context (``line.rs``), what the lines of a document say
together (``document.rs``: body, headline, comment section, raw page, repeats), the rules
that remove or keep a line, in order, and the decision that applies them until nothing more
goes (``rules.rs``). :mod:`.evidence` gives a document's lines to the core and read-only
views of them back.
"""

from __future__ import annotations

from dataclasses import replace

from textclean.plugins.hookspecs import hookimpl
from textclean.core.fixes import Checked
from textclean.core.records import Cleaner, Context, Fix, PROSE, Stage
from textclean.cleaners.boilerplate.evidence import page, views
from textclean.core.kinds import DOC_FORMATS, documentation_counts
from textclean.core.regions import UNMARKED_CODE
from textclean.cleaners.boilerplate.state import CACHE_LINES, State
from textclean.cleaners.boilerplate.stoplists import ENGLISH, GUESS_WORDS, SENTENCE_WORDS, StopList, fits, guess, plugin_words, prepare, stop_list
from textclean.cleaners.boilerplate.templates import TemplateSet, builtin_templates, plugin_templates
# The plugin's second hook: the `textclean fit` command, which learns the corpus model.
from textclean.cleaners.boilerplate.command import textclean_register_commands as textclean_register_commands

OPTIONS = {
    "aggressiveness": 1,
    "templates": True,
    "structure": True,
    "keep_unsure_prose": True,
    "model": "",
    "corpus_share": 0.0,
    "extra_templates": [],
    "page_nav_share": 0.3,
    "outside_prose": 1.0,
    "max_posts": 3,
    "keep_numbered": True,
    "trail_prose": True,
    "menu_run": 5,
    "line_model": False,
    "line_model_path": "",
    "line_threshold": 0.0,
    "keep_captions": False,
    "keep_bylines": False,
}

#: The built-in templates each ``keep_`` option leaves out (by their section in
#: ``textclean/data/boilerplate_templates.txt``).
KEPT_SECTIONS = {"keep_captions": "image caption", "keep_bylines": "byline metadata"}


#: What each level of ``aggressiveness`` sets, from the most cautious to the most thorough
#: (the operating points, measured on the development corpora, are in
#: ``docs/cleaners/boilerplate.md``): 0, no position evidence (templates, comment sections
#: and shapes only); 1, the default; 2, prose outside the body of a raw page removed too,
#: and the learned line model at p >= 0.7; 3, the line model at p >= 0.5 and numbered
#: items outside the body removed too.
AGGRESSIVENESS: tuple[dict, ...] = (
    {"structure": False},
    {},
    {"keep_unsure_prose": False, "line_model": True, "line_threshold": 0.7},
    {"keep_unsure_prose": False, "line_model": True, "line_threshold": 0.5, "keep_numbered": False},
)


def effective(options) -> dict:
    """``options`` with the settings of their ``aggressiveness`` level, except those left
    at another value than their default (an option set on its own takes precedence).

    >>> effective({**OPTIONS, "aggressiveness": 2})["keep_unsure_prose"]
    False
    >>> effective({**OPTIONS, "aggressiveness": 2, "line_threshold": 0.9})["line_threshold"]
    0.9
    >>> effective({**OPTIONS, "aggressiveness": 5})
    Traceback (most recent call last):
    ...
    ValueError: boilerplate.aggressiveness must be 0, 1, 2 or 3, not 5
    """
    opts = dict(options)
    level = opts.get("aggressiveness", 1)
    if isinstance(level, bool) or level not in range(len(AGGRESSIVENESS)):
        raise ValueError(f"boilerplate.aggressiveness must be 0, 1, 2 or 3, not {level!r}")
    for key, value in AGGRESSIVENESS[level].items():
        if opts.get(key, OPTIONS[key]) == OPTIONS[key]:
            opts[key] = value
    return opts


def setup(ctx: Context) -> State:
    """Compile the templates (built-in, plugin, user) and load the corpus model once.

    >>> st = setup(Context(options=OPTIONS, rules={"boilerplate_templates": ["Brought to you by %s"]}))
    >>> st.templates.match("Brought to you by ACME").reason
    'plugin template'
    """
    opts = effective({**OPTIONS, **dict(ctx.options)})
    kept = {section for option, section in KEPT_SECTIONS.items() if opts.get(option)}
    temps = [t for t in builtin_templates() if t.reason not in kept] if opts["templates"] else []
    temps = plugin_templates((ctx.rules or {}).get("boilerplate_templates", [])) + temps
    user = plugin_templates(list(opts.get("extra_templates") or []))
    user = [replace(t, reason="user template") for t in user]
    model = None
    if opts.get("model"):
        from textclean.cleaners.boilerplate.corpus import CorpusModel

        model = CorpusModel.load(opts["model"])
    share = float(opts.get("corpus_share") or 0.0)
    line_model = None
    if opts.get("line_model"):
        from textclean.cleaners.boilerplate.learned import load

        line_model = load(str(opts.get("line_model_path") or ""))
    stop_words = plugin_words((ctx.rules or {}).get("stop_words", ()))
    prepare(stop_words)  # (the index of every stop list, read by guess)
    return State(TemplateSet(user + temps), model, share, opts, line_model=line_model, stop_words=stop_words)


def fix_boilerplate(text: str, ctx: Context) -> list[Fix]:
    """Propose the removal of boilerplate lines, each with the evidence that decided it.

    >>> st = setup(Context(options=OPTIONS))
    >>> ctx = Context(options=OPTIONS, state=st)
    >>> t = ("Home | News | Sport\\n\\nTalks resume in Geneva\\n\\n"
    ...      "The two sides met on Monday and said that the talks would go on until a deal is done.\\n\\n"
    ...      "Leave a Reply\\n\\nYour email address will not be published.\\n")
    >>> from textclean.core.fixes import apply_fixes
    >>> print(apply_fixes(t, fix_boilerplate(t, ctx)), end="")
    Talks resume in Geneva
    <BLANKLINE>
    The two sides met on Monday and said that the talks would go on until a deal is done.
    >>> [f.reason for f in fix_boilerplate(t, ctx)]  # doctest: +NORMALIZE_WHITESPACE
    ['menu row: short capitalised items between separators',
     "comment form (WordPress): template 'Leave a Reply'",
     "comment form (WordPress): template 'Your email address will not be published.'"]

    Its own output is a fixed point, recognised without deciding again (blank lines do not
    matter):

    >>> once = apply_fixes(t, fix_boilerplate(t, ctx))
    >>> len(st.fixed), fix_boilerplate(once.replace("\\n", "\\n\\n"), ctx)
    (1, [])
    """
    st = ctx.state if isinstance(ctx.state, State) else setup(ctx)
    opts = effective({**st.options, **dict(ctx.options)})
    marked = _marked(ctx.hints)
    memo = st.fixed if opts == st.options and not marked else None
    if memo is not None:
        if len(memo) > CACHE_LINES:
            memo.clear()
        if (ctx.language, ctx.format, st.templates.judge.lines_hash(text)) in memo:
            return []  # this very sequence of lines is an output of ours: a fixed point
    if not text or text.isspace():
        return []  # (no line that is not blank)
    stops, named, lines = _judged_lines(text, ctx.language, st)
    model = None
    if opts.get("line_model") and st.line_model is not None:
        model = _model_asker(lines, st, opts)
    deletions, kept = lines.judge(
        structure=bool(opts.get("structure", True)),
        keep_unsure_prose=bool(opts.get("keep_unsure_prose", True)),
        trail_prose=bool(opts.get("trail_prose", True)),
        keep_numbered=bool(opts.get("keep_numbered", True)),
        page_nav_share=float(opts.get("page_nav_share", 0.3)),
        menu_run=float(opts.get("menu_run", 5)),
        outside_prose=float(opts.get("outside_prose", 1.0)),
        max_posts=float(opts.get("max_posts", 3)),
        documentation=ctx.format in DOC_FORMATS or documentation_counts(len(lines), *lines.doc_evidence()),
        prose_evidence=stops.known,
        named_prose=sorted(named),
        model=model,
        fix=Fix,  # (the Fix objects made natively, without a call of __init__ each)
        keep_captions=bool(opts.get("keep_captions", False)),
        markup=ctx.format == "html")
    if memo is not None and kept is not None and len(deletions) < len(lines):
        memo.add((ctx.language, ctx.format, kept))
    # (one deletion per removed line, each a whole non-blank line with the blank lines after
    # it, in order: native/src/boilerplate/rules.rs, deletions)
    if marked:
        return Checked(_markup_evidence(text, deletions, marked, lines.starts()))
    return Checked(deletions)


#: The reason of a line that the markup of its page put outside the main content.
OUTSIDE_REASON = "markup: short block outside the page's main content"
#: The reason of a line of a teaser list inside it.
TEASER_REASON = "markup: run of link-only teasers inside the page's main content"


def _marked(hints) -> dict[str, str]:
    """The lines an HTML page's markup marked (``hints`` ``outside_main`` and ``teasers``),
    each with the reason it gives."""
    if not hints:
        return {}
    marked = dict.fromkeys(hints.get("teasers") or (), TEASER_REASON)
    marked.update(dict.fromkeys(hints.get("outside_main") or (), OUTSIDE_REASON))
    return marked


def _markup_evidence(text: str, deletions: list[Fix], marked: dict[str, str], starts: list[int]) -> list[Fix]:
    """``deletions`` and a deletion of each line that is one of the ``marked`` blocks of an
    HTML page (its text stripped, with its reason; :func:`textclean.io.html.html_document`)
    and that they keep: the markup's evidence, which the text's own did not see, decides
    those lines. Each new deletion is the line and the blank lines after it, up to the next
    deletion. ``starts``: where the document's non-blank lines start (its native ``Page``'s).

    >>> t = "Home\\n\\nThe council met on Monday.\\n\\nPrivacy\\n"
    >>> [(f.start, f.end, f.reason) for f in _markup_evidence(t, [], dict.fromkeys(["Privacy", "Home"], "x"), [0, 6, 34])]
    [(0, 6, 'x'), (34, 42, 'x')]
    """
    spans = [(f.start, f.end) for f in deletions]
    added: list[Fix] = []
    k = 0
    for i, start in enumerate(starts):
        end_of_line = text.find("\n", start)
        stripped = text[start:len(text) if end_of_line < 0 else end_of_line].strip()
        why = marked.get(stripped)
        if why is None:
            continue
        while k < len(spans) and spans[k][1] <= start:
            k += 1
        if k < len(spans) and spans[k][0] <= start:
            continue  # (removed already)
        end = starts[i + 1] if i + 1 < len(starts) else len(text)
        if k < len(spans):
            end = min(end, spans[k][0])
        added.append(Fix(start, end, "", why))
    if not added:
        return deletions
    return sorted([*deletions, *added], key=lambda f: f.start)


def _model_asker(lines, st: State, opts):
    """The learned line model as the native decision asks it: ``(indices, span)`` -> a
    reason or "" for each of those lines (see :func:`.learned.model_reasons`)."""
    from textclean.cleaners.boilerplate.learned import model_reasons

    def ask(indices: list[int], span):
        return model_reasons(views(lines, st, indices), st.line_model, opts, span)
    return ask


def _fit(lines, stops: StopList, min_words: int = 0) -> bool:
    return fits(lines.fit_counts(SENTENCE_WORDS), stops, min_words)


def _texts(text: str) -> list[str]:
    """The non-blank lines of ``text`` (those of its ``Page``)."""
    return [t for t in text.split("\n") if t and not t.isspace()]


def _judged_lines(text: str, language: str, st: State):
    """The stop list a document is judged with, the lines that are prose in the language the
    host named when another list judges them, and the document's lines (a native ``Page``)."""
    named: frozenset = frozenset()
    if not language:
        # the host could not name it: English if its list fits (the common case), else the
        # list the document's own running text fits, if one does
        lines = page(text, st, ENGLISH)
        if _fit(lines, ENGLISH, GUESS_WORDS):
            return ENGLISH, named, lines
        stops = guess(_texts(text), st.stop_words)
        if stops is ENGLISH:
            return ENGLISH, named, lines
        return stops, named, page(text, st, stops)
    stops = language_list(language, [], st)
    lines = page(text, st, stops)
    if stops.known and not _fit(lines, stops):
        # The list of the language named does not explain the text (a mixed or misidentified
        # document, another script): the list its own lines fit, if one does, else no prose
        # evidence. The lines that read as prose in the language named, and not by that
        # list, are kept wherever they stand.
        named = frozenset(lines.prose_texts())
        stops = guess(_texts(text), st.stop_words)
        lines = page(text, st, stops)
        named = named.difference(lines.prose_texts())
    return stops, named, lines


def language_list(language: str, texts: list[str], st: State) -> StopList:
    """The stop list that the prose evidence of a document uses (see :mod:`.stoplists`): the
    list of ``language`` (``ctx.language``) with the plugins' words, or, where the host could
    not name the language (""), the list that the document's own lines ``texts`` fit, if
    one fits well; :data:`~.stoplists.UNKNOWN` (no prose evidence) otherwise.

    >>> st = setup(Context(options=OPTIONS))
    >>> language_list("de", [], st).name, language_list("xx", [], st).known, language_list("", ["Home"], st).known
    ('de', False, False)
    """
    if language:
        return stop_list(language, st.stop_words)
    return guess(texts, st.stop_words)


@hookimpl
def textclean_register_cleaners():
    return [
        Cleaner(
            "boilerplate",
            fix_boilerplate,
            Stage.BOILERPLATE,
            "remove comment forms, menus, related links, captions and other non-article lines",
            options=OPTIONS,
            # code, tables and section markup pass through (core/regions.py); code pasted
            # without markup is judged by its lines' evidence, as every line is (a script a
            # scraper left in a page's text is boilerplate)
            kinds=PROSE | {UNMARKED_CODE},
            setup=setup,
        )
    ]
