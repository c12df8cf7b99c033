"""Templates of known widgets and forms: printf-style line patterns with a reason.

The built-in templates live in ``textclean/data/boilerplate_templates.txt`` (its header
explains the format); plugins add their own through the ``textclean_boilerplate_templates``
hook, whose answers arrive in ``ctx.rules["boilerplate_templates"]`` as strings or dicts
``{"template": ..., "reason": ..., "extend": "following"}``.

A template matches a *whole line* after :func:`~.features.fold`: ``%s`` stands for any text
(possibly empty), ``%d`` for a number; spaces and the brackets ``()[]`` of its literal text are
optional, and it may be followed by spaces and ``.:!``. Among the templates that match a
line, the most specific (longest literal text) wins. A line longer than 400 characters
(folded) is never a widget and is not tried at all.

Matching is the native core's (``native/src/templates.rs``): templates indexed by the first
letters of their literal start, each tried only on the lines that show its literal pieces in
order (spaces and brackets aside), each pattern matched piece by piece as its regular
expression would be, without compiling one; templates that start with a placeholder are tried
only on lines that contain their needle word.
"""

from __future__ import annotations

import importlib.resources
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Mapping

from textclean import _native
from textclean.cleaners.boilerplate.features import fold, fold_many


@dataclass(frozen=True)
class Template:
    """One template: its text (as written), the reason a matching line is boilerplate,
    whether it also takes what follows (``following``), and what the core reads from it:
    ``literal``, the characters of literal (non-placeholder) text, and ``needle``, its longest
    literal word that stands as a whole word in every line it matches."""

    text: str
    reason: str
    following: bool
    literal: int
    needle: str = ""

    @property
    def shown(self) -> str:
        """The reason a line removed by this template gives.

        >>> compile_template("Share this:", "share widget").shown
        "share widget: template 'Share this:'"
        """
        return f"{self.reason}: template {self.text!r}"

    def matches(self, folded: str) -> bool:
        """Whether a folded line matches the whole template.

        >>> t = compile_template("You are commenting using your %s account. ( Log Out / Change )", "x")
        >>> t.matches(fold("You are commenting using your Twitter account. Log\u00a0Out\u00a0/\u00a0 Change\u00a0)"))
        True
        """
        return _alone(self.text).match_many([folded])[0] is not None


@lru_cache(maxsize=1024)
def _alone(text: str) -> _native.Boilerplate:
    return _native.Boilerplate([fold(text)], [("", "", False, 0)])


def compile_template(text: str, reason: str, following: bool = False) -> Template:
    """A :class:`Template` of the printf-style ``text``. (It is compiled with the others of
    its :class:`TemplateSet`, where one that cannot be is a ``ValueError`` naming it.)

    >>> t = compile_template("Related Posts", "related-links heading")
    >>> t.matches("related posts"), t.matches("related posts and more")
    (True, False)
    >>> compile_template("%d Comments", "c").matches("37 comments")
    True
    >>> compile_template("Want to watch this video %s add it to a playlist%s", "x").needle
    'watch'
    """
    literal, needle = _native.template_info(fold(text))
    return Template(text, reason, following, literal, needle)


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


class TemplateSet:
    """A set of templates compiled for fast whole-line lookup, and the cleaner's native
    judge that holds them (``judge``: ``native/src/boilerplate``, with its cache of line
    evidence). A line of table cells (``||Back to top ||``) matches the template of its
    cells' text when that is a short navigation, link or share control.

    >>> ts = TemplateSet(builtin_templates())
    >>> ts.match("Leave a Reply").reason
    'comment form (WordPress)'
    >>> ts.match("The minister said so.") is None
    True
    """

    def __init__(self, templates: Iterable[Template]):
        self.templates = list(templates)
        self.judge = _native.Boilerplate(
            fold_many([t.text for t in self.templates]),
            [(t.reason, t.shown, t.following, t.literal) for t in self.templates])

    def match(self, line: str, folded: str | None = None) -> Template | None:
        """The template matching the whole ``line`` (or its precomputed ``folded`` form), or
        ``None``."""
        return self.match_many([fold(line) if folded is None else folded])[0]

    def match_many(self, keys: list[str]) -> list[Template | None]:
        """:meth:`match` of each folded line of ``keys``.

        >>> TemplateSet(builtin_templates()).match_many(["share this:", "a (reuters)", "no"])[1].reason
        'image caption'
        """
        templates = self.templates
        return [None if i is None else templates[i] for i in self.judge.match_many(keys)]
