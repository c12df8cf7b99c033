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

import importlib.resources
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Mapping

from .features import fold

#: Lines longer than this (folded) are never matched against templates.
MAX_LINE = 320

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
    words = re.findall(r"\w+", " ".join(parts))
    needle = max(words, key=len) if words else ""
    return Template(text, reason, following, pattern, literal, needle)


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


def _key(folded: str) -> str:
    """Index key: the first word (up to 3 letters) of the literal text, '' when the line or
    template starts with a placeholder."""
    m = _KEY.match(folded)
    return m.group(0) if m else ""


class TemplateSet:
    """A set of templates compiled for fast whole-line lookup.

    Templates are bucketed by the first letters of their literal start (:func:`_key`); each
    bucket is compiled into ONE regular expression of named alternatives, tried in the
    templates' order, so a line costs one dictionary lookup and one ``fullmatch`` instead of a
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
            key = _key(folded)
            if not key or folded.startswith("%"):
                if t.needle:
                    self.wild.setdefault(t.needle, []).append((i, t))
                else:
                    self.wild_any.append(t)
            else:
                self.index.setdefault(key, []).append(i)
        self._compiled: dict[str, re.Pattern | None] = {}
        for key in self.index:  # compile now, once per pipeline, not on the first lines cleaned
            self._regex(key)

    def _regex(self, key: str) -> re.Pattern | None:
        try:
            return self._compiled[key]
        except KeyError:
            pass
        ids = self.index.get(key, [])
        rx = None
        if ids:
            rx = re.compile("|".join(f"(?P<t{i}>{self.templates[i].pattern.pattern})" for i in ids), re.S)
        self._compiled[key] = rx
        return rx

    def match(self, line: str, folded: str | None = None) -> Template | None:
        """The first template matching the whole ``line`` (or its precomputed ``folded``
        form), or ``None``."""
        folded = fold(line) if folded is None else folded
        if not folded or len(folded) > MAX_LINE:
            return None
        rx = self._regex(_key(folded))
        m = rx.fullmatch(folded) if rx is not None else None
        if m is not None:
            return self.templates[int(m.lastgroup[1:])]
        if self.wild:
            found = [it for w in set(_WORDS.findall(folded)) for it in self.wild.get(w, ())]
            if found:
                found.sort(key=lambda it: it[0])
                for _, t in found:
                    if t.pattern.fullmatch(folded):
                        return t
        for t in self.wild_any:
            if t.pattern.fullmatch(folded):
                return t
        return None
