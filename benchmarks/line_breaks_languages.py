"""Line-break repair in languages other than English: the share of synthetically hard-wrapped
documents that ``line_breaks`` restores exactly, and what it does with each hyphen at a line end.

The prose is read at run time and never stored:

* **de, es, fr**: the content lines (not boilerplate) of the TurkuNLP web documents in
  ``../shared/data/boilerplate/turku-multi-dev.jsonl``, each line of at least 10 words a
  paragraph (the benchmark exits 0 with a message where ``../shared/data`` is absent);
* **other languages and scripts**, where found on the machine: the text of the web pages and
  feeds that chardet keeps as test files (a ``chardet/tests`` folder with one sub-folder per
  encoding: Greek, Russian, Bulgarian, Hebrew, Arabic, Turkish, Polish, Czech, Hungarian,
  Chinese, Japanese, Korean, Thai). Tags are stripped; a line of text is a paragraph when it
  is long enough and mostly in the folder's script. Skipped with a message where absent.

Each source document (up to six paragraphs) is hard-wrapped at a width between 60 and 80
columns, greedily: a word that does not fit goes to the next line, or is broken after a hyphen
it contains (``Baden-|Württemberg``, which must stay hyphenated), or, in 60% of the documents,
at a syllable with an added hyphen (``Bundes-|regierung``, which must be joined), using
`pyphen <https://pypi.org/project/pyphen/>`_'s hyphenation dictionary for the language when
pyphen is installed (``pip install pyphen``: a benchmark-only need; without it no syllable is
broken and a line says so). Chinese and Japanese are wrapped between any two characters at
the width in display columns (a wide character is two), never putting closing punctuation at
the start of a line; Thai, Korean, Arabic and Hebrew at spaces only. Paragraphs are separated
by a blank line (70% of documents) or a single newline. The gold is one paragraph a line.

Figures, per language (restored is what ``score.py linebreaks`` counts: the output's
paragraphs, blanks folded, equal to the gold's):

* ``docs``: documents; ``exact``: share restored exactly; ``paras``: share of gold paragraphs
  found as a paragraph of the output;
* hyphens at line ends: ``syl`` syllable breaks (gold joins them) joined right / ``syl-kept``
  left hyphenated (a flaw left); ``cmp`` hyphens of the text kept right / ``cmp-joined``
  joined (a word changed: the damage that counts most). A hyphen at a line end followed by a
  conjunction (``Ein- und``) counts as a compound hyphen;
* ``spaced``: spaces the output puts between two characters of a script written without
  spaces (Chinese, Japanese, Thai) where the gold has none.

Measured on 2026-12-02 (1,818 documents; de/es/fr from the TurkuNLP set, the rest from
chardet's pages; pyphen 0.18.1), share restored exactly, before (the cleaner of commit
bbafda9, English evidence for every language) -> after (the document's language given)::

    fr 399 docs  0.654 -> 0.724      ru  92 docs  0.761 -> 0.750
    de 236 docs  0.657 -> 0.754      bg  33 docs  0.818 -> 0.848
    es 131 docs  0.763 -> 0.779      he  63 docs  0.810 -> 0.794
    hu 154 docs  0.721 -> 0.701      ko 165 docs  0.788 -> 0.812
    ja 348 docs  0.000 -> 0.555      th  32 docs  0.688 -> 0.031 (wraps left alone)
    zh 141 docs  0.007 -> 0.574      all 1,818    0.521 -> 0.688

Hyphens at line ends, before -> after: syllable breaks joined 3,585 -> 3,633, left
hyphenated 135 -> 87; hyphens of the text kept 76 -> 102, joined (words changed) 49 -> 23.
Spaces put inside Chinese, Japanese and Thai text: 5,157 -> 0. With the language not given
(``--lang ""``: text that is clearly not English gets no dictionary), 0.486 exact: 2,711
syllable hyphens left, 7 compounds joined. Paragraph cuts in single-newline documents now
see Greek, Cyrillic, accented and caseless capitals, which moves a few ambiguous cuts either
way (he, tr, ru).

Run: ``python benchmarks/line_breaks_languages.py [--baseline FILE] [--lang ""]``.
``--baseline FILE`` measures another version of the cleaner module (a file such as
``git show HEAD:textclean/cleaners/line_breaks.py > /tmp/old.py``) instead of the installed
one; ``--lang X`` passes ``X`` as the document language instead of the true one (``--lang ""``:
the language unknown, as before the host identifies it).
"""

from __future__ import annotations

import argparse
import html
import importlib.util
import json
import random
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TURKU = ROOT.parent / "shared" / "data" / "boilerplate" / "turku-multi-dev.jsonl"
CHARDET_GLOBS = ["/usr/lib/google-cloud-sdk/platform/gsutil/third_party/chardet/tests",
                 "/usr/lib/python3*/*-packages/chardet/tests",
                 "/usr/share/doc/python3-chardet/tests"]

# chardet test folder -> (language, codec)
FOLDERS = {
    "iso-8859-7-greek": ("el", "iso-8859-7"),
    "windows-1251-russian": ("ru", "windows-1251"),
    "KOI8-R": ("ru", "koi8-r"),
    "iso-8859-5-russian": ("ru", "iso-8859-5"),
    "windows-1251-bulgarian": ("bg", "windows-1251"),
    "windows-1255-hebrew": ("he", "windows-1255"),
    "windows-1256-arabic": ("ar", "windows-1256"),
    "iso-8859-6-arabic": ("ar", "iso-8859-6"),
    "iso-8859-9-turkish": ("tr", "iso-8859-9"),
    "windows-1250-polish": ("pl", "windows-1250"),
    "windows-1250-czech": ("cs", "windows-1250"),
    "windows-1250-hungarian": ("hu", "windows-1250"),
    "GB2312": ("zh", "gb18030"),
    "Big5": ("zh", "big5"),
    "EUC-JP": ("ja", "euc-jp"),
    "SHIFT_JIS": ("ja", "shift_jis"),
    "EUC-KR": ("ko", "euc-kr"),
    "TIS-620": ("th", "tis-620"),
}
# the letters each language's lines must mostly be made of
SCRIPTS = {
    "el": "\u0370-\u03ff\u1f00-\u1fff", "ru": "\u0400-\u04ff", "bg": "\u0400-\u04ff",
    "he": "\u0590-\u05ff", "ar": "\u0600-\u06ff", "th": "\u0e00-\u0e7f",
    "ko": "\uac00-\ud7a3\u1100-\u11ff", "zh": "\u4e00-\u9fff", "ja": "\u3040-\u30ff\u4e00-\u9fff",
    "tr": "A-Za-z\u00c0-\u024f", "pl": "A-Za-z\u00c0-\u024f", "cs": "A-Za-z\u00c0-\u024f",
    "hu": "A-Za-z\u00c0-\u024f", "de": "A-Za-z\u00c0-\u024f", "es": "A-Za-z\u00c0-\u024f",
    "fr": "A-Za-z\u00c0-\u024f",
}
PYPHEN_LANG = {"el": "el_GR", "de": "de_DE", "pt": "pt_PT"}
NO_SPACES = {"zh", "ja"}  # wrapped between characters
SPACES_ONLY = {"th", "ko", "ar", "he"}  # wrapped at spaces, never hyphenated
NOSPACE_CHAR = re.compile(r"[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
CLOSERS = set("\u3001\u3002\uff0c\uff0e\uff01\uff1f\uff1a\uff1b\uff09\u300d\u300f\u3011\u300b\u3009"
              "\u30fc\u3041\u3043\u3045\u3047\u3049\u3063\u30e3\u30e5\u30e7\u30c3)]}.,!?:;")


def turku_docs() -> list[tuple[str, str, list[str]]]:
    """``(id, language, paragraphs)`` from the TurkuNLP de/es/fr documents."""
    docs = []
    with open(TURKU, encoding="utf-8") as f:
        for row in map(json.loads, f):
            paras = [" ".join(u["text"].split()) for u in row["lines"]
                     if not u["boilerplate"] and len(u["text"].split()) >= 10]
            for k in range(0, len(paras), 6):
                if paras[k:k + 6]:
                    docs.append((f"{row['id']}#{k}", row["lang"], paras[k:k + 6]))
    return docs


def chardet_folder() -> Path | None:
    for pattern in CHARDET_GLOBS:
        for p in sorted(Path("/").glob(pattern.lstrip("/"))):
            if p.is_dir() and (p / "iso-8859-7-greek").is_dir():
                return p
    return None


_TAG = re.compile(r"<[^>]*>")
_SKIP = re.compile(r"<(script|style)\b.*?</\1\s*>", re.S | re.I)


def _page_paragraphs(raw: str, lang: str) -> list[str]:
    text = _SKIP.sub("\n", raw)
    text = _TAG.sub("\n", text)
    text = html.unescape(html.unescape(text))  # feeds escape their HTML once more
    text = _TAG.sub("\n", text)
    text = unicodedata.normalize("NFC", text)
    script = re.compile(f"[{SCRIPTS[lang]}]")
    out = []
    for line in text.split("\n"):
        line = " ".join(line.split())
        letters = sum(1 for c in line if c.isalpha())
        if lang in NO_SPACES or lang == "th":
            long_enough = len(line) >= 40
        else:
            long_enough = len(line.split()) >= 10
        if long_enough and letters >= 0.6 * len(line) and len(script.findall(line)) >= 0.6 * letters:
            out.append(line)
    return out


def chardet_docs(folder: Path) -> list[tuple[str, str, list[str]]]:
    docs = []
    seen: set[str] = set()
    for name, (lang, codec) in FOLDERS.items():
        sub = folder / name
        if not sub.is_dir():
            continue
        for path in sorted(sub.iterdir()):
            raw = path.read_bytes().decode(codec, errors="replace")
            paras = [p for p in _page_paragraphs(raw, lang) if p not in seen]
            seen.update(paras)
            for k in range(0, len(paras), 6):
                if paras[k:k + 6]:
                    docs.append((f"{name}/{path.name}#{k}", lang, paras[k:k + 6]))
    return docs


# --- wrapping -------------------------------------------------------------------------------

def _cols(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


class Wrapper:
    def __init__(self, lang: str, hyphenate: bool):
        self.dic = None
        if hyphenate and lang not in NO_SPACES | SPACES_ONLY:
            try:
                import pyphen
            except ImportError:
                pyphen = None
            if pyphen is not None:
                code = PYPHEN_LANG.get(lang, lang)
                if code in pyphen.LANGUAGES:
                    self.dic = pyphen.Pyphen(lang=code)
        self.lang = lang
        # per break: (kind, joined form, gold form) for the hyphen decisions
        self.events: list[str] = []

    def _splits(self, word: str) -> list[tuple[str, str, str]]:
        """``(head, rest, kind)`` ways to break ``word``: after a hyphen it has (``cmp``), or
        at a syllable with an added hyphen (``syl``); head includes the hyphen."""
        out = []
        for m in re.finditer(r"(?<=[^\W\d_])-(?=[^\W\d_])", word):
            out.append((word[:m.end()], word[m.end():], "cmp"))
        if self.dic is not None:
            for m in re.finditer(r"[^\W\d_]{5,}", word):
                core = m.group(0)
                for pos in self.dic.positions(core):
                    if 2 <= pos <= len(core) - 2:
                        k = m.start() + pos
                        out.append((word[:k] + "-", word[k:], "syl"))
        return sorted(out, key=lambda s: len(s[0]))

    def wrap(self, para: str, width: int) -> str:
        if self.lang in NO_SPACES:
            return self._wrap_chars(para, width)
        lines: list[str] = []
        cur = ""
        words = para.split(" ")
        i = 0
        while i < len(words):
            w = words[i]
            cand = f"{cur} {w}" if cur else w
            if len(cand) <= width:
                cur = cand
                i += 1
                continue
            room = width - len(cur) - (1 if cur else 0)
            fits = [s for s in self._splits(w) if len(s[0]) <= room and len(s[1]) >= 2]
            if fits:
                head, rest, kind = fits[-1]
                lines.append(f"{cur} {head}" if cur else head)
                self.events.append(kind)
                words[i] = rest
                cur = ""
                continue
            if cur:
                lines.append(cur)
                cur = ""
            else:  # a word longer than the line: on a line of its own
                lines.append(w)
                i += 1
        if cur:
            lines.append(cur)
        return "\n".join(lines)

    def _wrap_chars(self, para: str, width: int) -> str:
        # units: a run of non-CJK non-space characters (a Latin word), a space, or one
        # character; a line never starts with a closer (it stays on the line before).
        units = re.findall(r"[^\s\u3000-\u9fff\uf900-\ufaff\uff00-\uffef]+|\s|.", para)
        lines: list[str] = []
        cur = ""
        for u in units:
            if u == " " and not cur:
                continue
            if cur and _cols(cur) + _cols(u) > width and u != " " and u[0] not in CLOSERS:
                lines.append(cur.rstrip(" "))
                cur = ""
                if u == " ":
                    continue
            cur += u
        if cur.strip():
            lines.append(cur.rstrip(" "))
        return "\n".join(lines)


# --- scoring --------------------------------------------------------------------------------

def _paragraphs(text: str) -> list[str]:
    return [re.sub(r"[ \t]+", " ", p).strip() for p in re.split(r"\n[ \t]*\n", text) if p.strip()]


_HYPHEN_END = re.compile(r"([^\W\d_]+)-\n[ \t]*(\S+)")
_CONJ = {"und", "oder", "bzw", "sowie", "et", "ou", "y", "e", "o", "u", "ni", "и", "или", "i", "a",
         "oraz", "lub", "és", "vagy", "ve", "veya", "και", "ή"}


def hyphen_outcomes(wrapped: str, gold: str, out: str) -> Counter:
    """For each ``x-`` at a line end of ``wrapped``: whether the gold has ``xy`` (a syllable
    break) or ``x-y`` / ``x- y`` (a hyphen of the text), and whether the output agrees."""
    res: Counter = Counter()
    gold_flat = " ".join(gold.split())
    out_flat = " ".join(out.split())
    for m in _HYPHEN_END.finditer(wrapped):
        x, nxt = m.group(1), m.group(2)
        y = re.match(r"[^\W\d_]*", nxt).group(0)
        if not y:
            continue
        joined, hyph, spaced = x + y, f"{x}-{y}", f"{x}- {y}"
        if f"{x}- {nxt}" in gold_flat and y.lower() in _CONJ:
            kind, want = "cmp", spaced
        elif re.search(rf"(?<![^\W\d_]){re.escape(joined)}", gold_flat) and hyph not in gold_flat:
            kind, want = "syl", joined
        else:
            kind, want = "cmp", hyph
        got = want in out_flat
        if kind == "syl":
            res["syl" if got else "syl-kept"] += 1
        else:
            res["cmp" if got else "cmp-joined"] += 1
    return res


def spaced_nospace(gold: str, out: str) -> int:
    """Spaces between two characters of a no-space script in ``out`` beyond those in ``gold``
    (a line break left in place is not counted)."""
    pat = re.compile(f"(?<={NOSPACE_CHAR.pattern}) (?={NOSPACE_CHAR.pattern})")
    return max(0, len(pat.findall(out)) - len(pat.findall(gold)))


def load_cleaner(baseline: str | None):
    if baseline is None:
        from textclean.cleaners import line_breaks
        return line_breaks
    spec = importlib.util.spec_from_file_location("line_breaks_baseline", baseline)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--baseline", help="a line_breaks module file to measure instead")
    ap.add_argument("--lang", default=None, help="document language to pass (default: the true one)")
    ap.add_argument("--show", type=int, default=0, help="print up to N wrong hyphen decisions")
    args = ap.parse_args(argv)

    if not TURKU.exists():
        print(f"skipped: {TURKU} is absent (the development data beside the repository)")
        return 0
    docs = turku_docs()
    folder = chardet_folder()
    if folder is None:
        print("note: no chardet test pages on this machine; only de/es/fr are measured")
    else:
        docs += chardet_docs(folder)
    try:
        import pyphen  # noqa: F401
    except ImportError:
        print("note: pyphen is not installed: no syllable is hyphenated (pip install pyphen)")

    from textclean import Context, apply_fixes

    lb = load_cleaner(args.baseline)
    state = lb.setup(Context(options=lb.OPTIONS))
    rng = random.Random(18)
    stats: dict[str, Counter] = defaultdict(Counter)
    shown = 0
    for doc_id, lang, paras in docs:
        width = rng.randint(60, 80)
        hyphenate = rng.random() < 0.6
        single = rng.random() < 0.3
        wrapper = Wrapper(lang, hyphenate)
        wrapped = ("\n" if single else "\n\n").join(wrapper.wrap(p, width) for p in paras) + "\n"
        gold = "\n\n".join(paras) + "\n"
        ctx = Context(options=lb.OPTIONS, state=state,
                      language=lang if args.lang is None else args.lang)
        out = apply_fixes(wrapped, lb.fix_line_breaks(wrapped, ctx))
        gp, op = _paragraphs(gold), _paragraphs(out)
        s = stats[lang]
        s["docs"] += 1
        s["exact"] += gp == op
        s["gold_paras"] += len(gp)
        s["paras"] += sum(1 for p in gp if p in set(op))
        hy = hyphen_outcomes(wrapped, gold, out)
        s.update(hy)
        s["spaced"] += spaced_nospace(gold, out)
        if args.show and shown < args.show and (hy["cmp-joined"] or hy["syl-kept"]):
            for m in _HYPHEN_END.finditer(wrapped):
                print(f"  {lang} {doc_id}: {m.group(0)!r}")
            shown += 1

    cols = ["docs", "exact", "paras", "syl", "syl-kept", "cmp", "cmp-joined", "spaced"]
    print(f"{'lang':6s}" + "".join(f"{c:>11s}" for c in cols))
    total: Counter = Counter()
    for lang in sorted(stats, key=lambda k: (-stats[k]["docs"], k)):
        s = stats[lang]
        total.update(s)
        print(_row(lang, s))
    print(_row("all", total))
    return 0


def _row(lang: str, s: Counter) -> str:
    exact = s["exact"] / max(s["docs"], 1)
    paras = s["paras"] / max(s["gold_paras"], 1)
    vals = [str(s["docs"]), f"{exact:.3f}", f"{paras:.3f}", str(s["syl"]), str(s["syl-kept"]),
            str(s["cmp"]), str(s["cmp-joined"]), str(s["spaced"])]
    return f"{lang:6s}" + "".join(f"{v:>11s}" for v in vals)


if __name__ == "__main__":
    sys.exit(main())
