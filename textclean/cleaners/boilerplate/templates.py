"""Templates of known widgets and forms: printf-style line patterns with a reason.

The built-in templates live in ``textclean/data/boilerplate_templates.txt`` (its header
explains the format); plugins add their own through the ``textclean_boilerplate_templates``
hook, whose answers arrive in ``ctx.rules["boilerplate_templates"]`` as strings or dicts
``{"template": ..., "reason": ..., "extend": "following"}``.

A template matches a *whole line* after :func:`~.features.fold`: ``%s`` stands for any text
(possibly empty), ``%d`` for a number. Matching is indexed by the template's first literal
letters, and each bucket is compiled into a single regular expression, so a line costs one
lookup and one match; a line longer than :data:`MAX_LINE` characters is never a widget and is
not tried at all (this also bounds the cost of the lazy ``%s`` wildcards).
"""

from __future__ import annotations

import bisect
import importlib.resources
import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate
from typing import Iterable, Mapping

from textclean.cleaners.boilerplate.features import fold

#: Lines longer than this (folded) are never matched against templates.
MAX_LINE = 400

_PLACEHOLDER = re.compile(r"%[sd]")


@dataclass(frozen=True)
class Template:
    """One compiled template."""

    text: str
    reason: str
    following: bool
    pattern: re.Pattern
    literal: int  # characters of literal (non-placeholder) text
    needle: str = ""  # longest literal word: a cheap test before the regex

    def matches(self, folded: str) -> bool:
        """Whether a folded line matches the whole template.

        >>> t = compile_template("You are commenting using your %s account. ( Log Out / Change )", "x")
        >>> t.matches(fold("You are commenting using your Twitter account. Log\\u00a0Out\\u00a0/\\u00a0 Change\\u00a0)"))
        True
        """
        return self.needle in folded and self.pattern.fullmatch(folded) is not None


def _punct_loose(literal: str) -> str:
    """Regex for a literal piece where spaces and brackets/punctuation around them are
    optional, so "( Log Out / Change )" also matches "Log Out / Change )"."""
    out = []
    for ch in literal:
        if ch == " ":
            out.append(" ?")
        elif ch in "()[]":
            out.append(re.escape(ch) + "?")
        else:
            out.append(re.escape(ch))
    return "".join(out)


def compile_template(text: str, reason: str, following: bool = False) -> Template:
    """Compile a printf-style template into a whole-line matcher.

    >>> t = compile_template("Related Posts", "related-links heading")
    >>> t.matches("related posts"), t.matches("related posts and more")
    (True, False)
    >>> compile_template("%d Comments", "c").matches("37 comments")
    True
    """
    folded = fold(text)
    parts = _PLACEHOLDER.split(folded)
    kinds = _PLACEHOLDER.findall(folded)
    rx = [_punct_loose(parts[0].strip() if not kinds else parts[0])]
    for kind, lit in zip(kinds, parts[1:]):
        rx.append(r".*?" if kind == "%s" else r"\d[\d,.]*")
        rx.append(_punct_loose(lit))
    pattern = re.compile(" ?" + "".join(rx).strip() + r"[ .:!]*", re.S)
    literal = sum(len(p.strip()) for p in parts)
    return Template(text, reason, following, pattern, literal, _needle(parts))


def _needle(parts: list[str]) -> str:
    """The longest literal word of a template that stands as a whole word in every line it
    matches: a word glued to a placeholder (``playlist`` in ``... to a playlist%s``) may run
    into the text that fills it ("playlistSign in"), so it is chosen only when no other is.

    >>> _needle(["want to watch this video ", " add it to a playlist", ""])
    'watch'
    """
    bounded, anywhere = [], []
    last = len(parts) - 1
    for i, part in enumerate(parts):
        for m in re.finditer(r"\w+", part):
            anywhere.append(m.group())
            if (m.start() > 0 or i == 0) and (m.end() < len(part) or i == last):
                bounded.append(m.group())
    words = bounded or anywhere
    return max(words, key=len) if words else ""


def parse_templates(lines: Iterable[str]) -> list[Template]:
    """Parse the data-file format (``[reason]`` / ``[reason | following]`` sections).

    >>> ts = parse_templates(["# c", "[share widget]", "Share this:", "[comments | following]", "Leave a Reply"])
    >>> [(t.text, t.reason, t.following) for t in ts]
    [('Share this:', 'share widget', False), ('Leave a Reply', 'comments', True)]
    """
    reason, following = "known widget", False
    out = []
    for raw in lines:
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            head, _, flag = line[1:-1].partition("|")
            reason, following = head.strip(), flag.strip() == "following"
            continue
        out.append(compile_template(line, reason, following))
    return out


@lru_cache(maxsize=1)
def builtin_templates() -> tuple[Template, ...]:
    """The templates shipped in ``textclean/data/boilerplate_templates.txt``.

    >>> len(builtin_templates()) > 300
    True
    """
    path = importlib.resources.files("textclean") / "data" / "boilerplate_templates.txt"
    return tuple(parse_templates(path.read_text(encoding="utf-8").splitlines()))


def plugin_templates(answers: Iterable[str | Mapping]) -> list[Template]:
    """Templates from the ``textclean_boilerplate_templates`` hook answers.

    >>> [t.reason for t in plugin_templates(["Posted by %s", {"template": "Subscribe to %s", "reason": "newsletter call"}])]
    ['plugin template', 'newsletter call']
    """
    out = []
    for a in answers or ():
        if isinstance(a, str):
            out.append(compile_template(a, "plugin template"))
        elif isinstance(a, Mapping) and isinstance(a.get("template"), str):
            out.append(compile_template(a["template"], str(a.get("reason") or "plugin template"),
                                        a.get("extend") == "following"))
        else:
            raise ValueError(f"boilerplate template must be a str or a dict with 'template': {a!r}")
    return out


_WORDS = re.compile(r"\w+")
_KEY = re.compile(r"[^\W\d_]{1,3}")


def _bucket(folded: str) -> str | None:
    """Index key of a folded line or template: its first letters (up to 3), "#" when it
    starts with a digit or ``%d``, else its first character; None for a template that starts
    with ``%s`` or an optional bracket (it may match lines that start anywhere).

    >>> [_bucket(x) for x in ("share this:", "%d comments", "37 comments", "| report this", "%s getty images")]
    ['sha', '#', '#', '|', None]
    """
    c = folded[:1]
    if c.isdigit() or folded.startswith("%d"):
        return "#"
    m = _KEY.match(folded)
    if m:
        return m.group(0)
    if c in "()[]%":
        return None
    return c


class TemplateSet:
    """A set of templates compiled for fast whole-line lookup.

    Templates are bucketed by the first letters of their literal start (:func:`_bucket`); each
    bucket is compiled into ONE regular expression of named alternatives, the most specific
    (longest literal text) first, so a line costs one dictionary lookup and one ``fullmatch`` instead of a
    loop over hundreds of patterns. Templates that start with a placeholder (``%s Getty
    Images``) are indexed by their longest literal word instead and tried only on lines that
    contain that word.

    >>> ts = TemplateSet(builtin_templates())
    >>> ts.match("Leave a Reply").reason
    'comment form (WordPress)'
    >>> ts.match("The minister said so.") is None
    True
    """

    def __init__(self, templates: Iterable[Template]):
        self.templates = list(templates)
        self.index: dict[str, list[int]] = {}
        self.wild: dict[str, list[tuple[int, Template]]] = {}  # needle word -> templates
        self.wild_any: list[Template] = []  # placeholder-first templates without a word
        for i, t in enumerate(self.templates):
            folded = fold(t.text)
            key = _bucket(folded)
            if key is None:
                if t.needle:
                    self.wild.setdefault(t.needle, []).append((i, t))
                else:
                    self.wild_any.append(t)
            else:
                self.index.setdefault(key, []).append(i)
        self.needles = sorted(self.wild, key=len, reverse=True)
        # the longest literal piece of a template without a word: a cheap test first
        self.wild_any_lit = [(t, max((p.strip() for p in _PLACEHOLDER.split(fold(t.text))), key=len))
                             for t in self.wild_any]
        self._compiled: dict[str, re.Pattern | None] = {}
        for key in self.index:  # compile now, once per pipeline, not on the first lines cleaned
            self._regex(key)

    def _regex(self, key: str) -> re.Pattern | None:
        try:
            return self._compiled[key]
        except KeyError:
            pass
        # the most specific template first: a widget spelt out in full must not lose to a
        # short template that matches only its opening words
        ids = sorted(self.index.get(key, []), key=lambda i: -self.templates[i].literal)
        rx = None
        if ids:
            rx = re.compile("|".join(f"(?P<t{i}>{self.templates[i].pattern.pattern})" for i in ids), re.S)
        self._compiled[key] = rx
        return rx

    def match(self, line: str, folded: str | None = None) -> Template | None:
        """The first template matching the whole ``line`` (or its precomputed ``folded``
        form), or ``None``."""
        return self.match_many([fold(line) if folded is None else folded])[0]

    def match_many(self, keys: list[str]) -> list[Template | None]:
        """:meth:`match` of each folded line of ``keys``. Templates that start with a
        placeholder are tried only on lines containing their needle word, and needles are
        first looked for in all the lines at once (most documents contain none).

        >>> TemplateSet(builtin_templates()).match_many(["share this:", "a (reuters)", "no"])[1].reason
        'image caption'
        """
        out: list[Template | None] = [None] * len(keys)
        templates = self.templates
        short = [i for i, k in enumerate(keys) if k and len(k) <= MAX_LINE]
        # (a line whose first three characters are letters that start no template is done)
        compiled = self._compiled
        heads = [keys[i][:3] for i in short]
        for i, head in zip(short, heads):
            if head in compiled:
                rx = compiled[head]
            elif head.isalpha():
                continue
            else:
                rx = compiled.get(_bucket(keys[i]))
            if rx is not None:
                m = rx.fullmatch(keys[i])
                if m is not None:
                    out[i] = templates[int(m.lastgroup[1:])]
        if not short or not (self.needles or self.wild_any_lit):
            return out
        # Templates that start with a placeholder: only lines that contain one of their
        # needles as a whole word (found by literal searches over all the lines at once) are
        # tried.
        blob = "\n".join(keys[i] for i in short)
        starts = list(accumulate([0] + [len(keys[i]) + 1 for i in short[:-1]]))
        lines: set[int] = set()
        present = []
        size = len(blob)
        for w in self.needles:
            pos = blob.find(w)
            found = False
            while pos != -1:
                end = pos + len(w)
                if (pos == 0 or not _word_char(blob[pos - 1])) and (end == size or not _word_char(blob[end])):
                    found = True
                    lines.add(bisect.bisect_right(starts, pos) - 1)
                    nl = blob.find("\n", end)
                    if nl == -1:
                        break
                    pos = blob.find(w, nl + 1)
                else:
                    pos = blob.find(w, pos + 1)
            if found:
                present.append(w)
        for _, lit in self.wild_any_lit:
            pos = blob.find(lit)
            while pos != -1:
                lines.add(bisect.bisect_right(starts, pos) - 1)
                nl = blob.find("\n", pos)
                if nl == -1:
                    break
                pos = blob.find(lit, nl + 1)
        for j in sorted(lines):
            i = short[j]
            if out[i] is not None:
                continue
            folded = keys[i]
            found = None
            hits = [w for w in present if w in folded]
            if hits:
                words = set(_WORDS.findall(folded))
                cands = sorted(it for w in hits if w in words for it in self.wild[w])
                for _, t in cands:
                    if t.pattern.fullmatch(folded):
                        found = t
                        break
            if found is None:
                for t, lit in self.wild_any_lit:
                    if lit in folded and t.pattern.fullmatch(folded):
                        found = t
                        break
            out[i] = found
        return out


def _word_char(c: str) -> bool:
    """Whether ``c`` is a character of a ``\\w`` word (the needles are whole words).

    >>> _word_char("a"), _word_char("_"), _word_char(" "), _word_char("\u00e9")
    (True, True, False, True)
    """
    return c.isalnum() or c == "_"
