"""How often the decoder reads bytes of unknown encoding back as the text that was written.

Real text in many languages, encoded in the encodings it is found in on the web, at several
lengths, is decoded by ``textclean.decode`` and, as the reference, by plain
``charset_normalizer.from_bytes(data).best()``. A decode is right if the text comes back
exactly: an encoding that decodes the bytes to the same text (gbk for gb18030 bytes, cp1252
for latin-1 bytes without C1 controls) is right too. For "utf-8 with bad bytes" (a truncated
last character, a stray byte, a lost continuation byte: 1 to 3 bad spots) it is right if every
good character is intact and each bad spot is one U+FFFD, which is what
``bytes.decode("utf-8", "replace")`` gives. Every sample holds at least one non-ASCII
character (pure ASCII decodes the same in every encoding tried here).

    python benchmarks/decoding.py                 # the table: textclean / charset-normalizer
    python benchmarks/decoding.py --samples 20    # more samples per cell (default 12)
    python benchmarks/decoding.py --errors        # also list what each wrong decode was read as

The texts, all read at run time, none copied into the repository, and a row is skipped
(and said so) where its source is absent:

- English: the seed articles (``seeds/inputs``) and the L3S-GN1 news pages
  (``../shared/data/boilerplate/l3s-gn1-dev.jsonl``);
- German, French, Spanish: TurkuNLP web documents (``../shared/data/boilerplate/
  turku-multi-dev.jsonl``) and the system's gettext catalogs;
- every other language: the translated messages of the gettext catalogs installed with the
  system (``/usr/share/locale/LANG/LC_MESSAGES/*.mo``: coreutils, apt, dpkg, glib, GTK, bash,
  PostgreSQL...), real sentences written by translators. Untranslated messages and, for
  non-Latin scripts, messages that are mostly Latin letters are left out; format directives
  (``%s``), markup and runs of whitespace are removed.

Samples are cut at word boundaries (at a character, for text without spaces) from the
language's messages shuffled with a fixed seed, so runs are repeatable.

``run()`` returns the figures as a dict for a benchmark suite; rows without text are listed
under ``"skipped"``.
"""

from __future__ import annotations

import argparse
import collections
import gettext
import json
import random
import re
import sys
import time
import unicodedata
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "boilerplate"
SEEDS = ROOT / "seeds" / "inputs"
LOCALE = Path("/usr/share/locale")

LENGTHS = (15, 30, 100, 300, 1000, 5000)

#: (row label, languages, how the text is encoded). "utf-8-bad" is UTF-8 with 1-3 bad spots.
CASES = [
    ("utf-8", "en de fr es pl ru el tr he ar ja zh_CN zh_TW ko", "utf-8"),
    ("utf-8 + 1-3 bad bytes", "en de fr es pl ru el tr he ar ja zh_CN zh_TW ko", "utf-8-bad"),
    ("utf-16 (BOM)", "en de ru el he ar ja zh_CN ko", "utf-16"),
    ("utf-16-le (no BOM)", "en de ru el he ar ja zh_CN ko", "utf-16-le"),
    ("cp1252 en", "en", "cp1252"),
    ("cp1252 de", "de", "cp1252"),
    ("cp1252 fr", "fr", "cp1252"),
    ("cp1252 es", "es", "cp1252"),
    ("latin-1 de", "de", "latin-1"),
    ("latin-1 fr", "fr", "latin-1"),
    ("cp1250 pl", "pl", "cp1250"),
    ("cp1250 cs", "cs", "cp1250"),
    ("cp1250 hu", "hu", "cp1250"),
    ("cp1251 ru", "ru", "cp1251"),
    ("koi8-r ru", "ru", "koi8-r"),
    ("cp1253 el", "el", "cp1253"),
    ("cp1254 tr", "tr", "cp1254"),
    ("cp1255 he", "he", "cp1255"),
    ("cp1256 ar", "ar", "cp1256"),
    ("shift_jis ja", "ja", "shift_jis"),
    ("euc-jp ja", "ja", "euc-jp"),
    ("gb18030 zh-Hans", "zh_CN", "gb18030"),
    ("big5 zh-Hant", "zh_TW", "big5"),
    ("euc-kr ko", "ko", "euc-kr"),
]

# The script most letters of each language are in (None: Latin, where an untranslated
# English message cannot be told from a translated one by its letters).
_SCRIPT = {"ru": "CYRILLIC", "el": "GREEK", "he": "HEBREW", "ar": "ARABIC", "ja": "CJK HIRAGANA KATAKANA",
           "zh_CN": "CJK", "zh_TW": "CJK", "ko": "HANGUL"}
_FORMAT = re.compile(r"%(?:\d+\$)?[-#0 +'I]*(?:\d+|\*)?(?:\.\d+)?(?:hh|h|ll|l|L|q|j|z|t)?[a-zA-Z%]"
                     r"|\$\{?\w+\}?|\{[^{}]*\}|<[^<>]*>|`[^`']*'|\[[^\]]*\]|&\w+;|_(?=\w)")

_EMPTY = re.compile(r"""(?:(?<=\s)|^)["'«„“‘‚「『（(\[]\s*["'»“”’‘」』）)\]](?=\s|$|[,.:;])""")


def _script_share(text: str, script: str) -> float:
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 0.0
    names = script.split()
    return sum(any(n in unicodedata.name(c, "") for n in names) for c in letters) / len(letters)


def gettext_messages(lang: str) -> list[str]:
    """The translated messages of the system's gettext catalogs for ``lang``, as sentences."""
    folder = LOCALE / lang / "LC_MESSAGES"
    out = []
    for path in sorted(folder.glob("*.mo")) if folder.is_dir() else []:
        if path.name.startswith("iso_"):  # country and language names: lists, not sentences
            continue
        try:
            with open(path, "rb") as f:
                catalog = gettext.GNUTranslations(f)._catalog  # type: ignore[attr-defined]
        except (OSError, UnicodeDecodeError, ValueError):
            continue
        for key, value in catalog.items():
            msgid = key[0] if isinstance(key, tuple) else key
            if not msgid or not isinstance(value, str) or value == msgid:
                continue
            text = " ".join(_FORMAT.sub(" ", value).split())
            text = _EMPTY.sub("", text)  # the quotes or brackets a directive stood in
            text = " ".join(re.sub(r"\s+([,.;:!?、。，：])", r"\1", text).split())
            if len(text) < 20 or sum(c.isalpha() for c in text) < 0.6 * len(text.replace(" ", "")):
                continue
            script = _SCRIPT.get(lang)
            if script and _script_share(text, script) < 0.7:
                continue
            out.append(text)
    return sorted(set(out))


def _jsonl(path: Path, key: str, keep) -> list[str]:
    if not path.exists():
        return []
    with open(path, encoding="utf-8") as f:
        return ["\n".join(b["text"] for b in d[key] if keep(b)) for d in map(json.loads, f)]


def corpus(lang: str) -> tuple[list[str], list[str]]:
    """Paragraphs of real text in ``lang``, and the sources they came from."""
    texts, sources = [], []
    if lang == "en":
        seeds = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
        news = _jsonl(DATA / "l3s-gn1-dev.jsonl", "blocks", lambda b: b["label"] in ("headline", "fulltext"))
        for name, found in (("seed articles", seeds), ("L3S-GN1 pages", news)):
            if found:
                texts += found
                sources.append(name)
    if lang in ("de", "fr", "es"):
        path = DATA / "turku-multi-dev.jsonl"
        if path.exists():
            with open(path, encoding="utf-8") as f:
                web = ["\n".join(x["text"] for x in d["lines"] if not x["boilerplate"])
                       for d in map(json.loads, f) if d["lang"] == lang]
            texts += [t for t in web if t]
            sources.append("TurkuNLP web documents")
    if lang != "en":
        messages = gettext_messages(lang)
        if messages:
            random.Random(lang).shuffle(messages)
            # Messages as sentences, six to a paragraph, in documents of about 8,000 characters.
            doc: list[str] = []
            for i in range(0, len(messages), 6):
                doc.append(" ".join(messages[i:i + 6]))
                if sum(map(len, doc)) > 8000:
                    texts.append("\n".join(doc))
                    doc = []
            if doc:
                texts.append("\n".join(doc))
            sources.append(f"gettext catalogs ({len(messages)} messages)")
    # Text that already holds mojibake ("Ã©") is left out: encoded in cp1252 it is valid UTF-8.
    from ftfy.badness import is_bad

    return [t for t in texts if not is_bad(t)], sources


def _window(text: str, length: int, rng: random.Random) -> str | None:
    """About ``length`` characters of ``text`` from a random place, cut at word boundaries."""
    if len(text) < length:
        return None
    start = rng.randrange(0, len(text) - length + 1)
    if start and not text[start - 1].isspace():
        space = text.find(" ", start, start + length // 4)
        if space != -1:
            start = space + 1
    piece = text[start:start + length]
    cut = piece.rfind(" ", int(len(piece) * 0.75))
    if cut > 0 and start + length < len(text):
        piece = piece[:cut]
    return piece.strip() or None


def _corrupt(data: bytes, rng: random.Random) -> bytes:
    """UTF-8 bytes with 1-3 bad spots: a truncated last character, a stray byte, or a lost
    continuation byte."""
    kinds = rng.sample(["truncate", "stray", "lose"], rng.randint(1, 3))
    out = bytearray(data)
    for kind in kinds:
        starts = [i for i, b in enumerate(out) if b >= 0xC2 and i + 1 < len(out) and 0x80 <= out[i + 1] < 0xC0]
        if kind == "truncate" and starts:
            last = starts[-1]
            out = out[:last + 1]  # the lead byte alone, or with some continuation bytes
            while len(out) < len(data) and 0x80 <= data[len(out)] < 0xC0 and rng.random() < 0.5 \
                    and len(out) + 1 < last + (2 if data[last] < 0xE0 else 3 if data[last] < 0xF0 else 4):
                out.append(data[len(out)])
        elif kind == "lose" and starts:
            i = rng.choice(starts)
            del out[i + 1]
        else:
            i = rng.randrange(len(out) + 1)
            while 0 < i < len(out) and 0x80 <= out[i] < 0xC0:  # at a character boundary
                i -= 1
            out[i:i] = bytes([rng.choice((0xFF, 0xFE, 0xC0, 0x80, 0xA0, 0xBF, 0xF5))])
    return bytes(out)


def make_samples(samples: int) -> tuple[list[tuple[str, int, bytes, str]], dict[str, str]]:
    """(row, length, bytes, expected text) for every cell, and the rows skipped, with why."""
    cases, skipped = [], {}
    corpora = {}
    for row, langs, encoding in CASES:
        langs = langs.split()
        for lang in langs:
            if lang not in corpora:
                corpora[lang] = corpus(lang)
        wire = {"utf-8-bad": "utf-8", "utf-16-le": "utf-16-le"}.get(encoding, encoding)
        pools = []
        for lang in langs:
            texts, _ = corpora[lang]
            pool = []
            for t in texts:
                try:
                    t.encode(wire)
                except UnicodeEncodeError:
                    # Keep the paragraph's encodable lines: a web page in cp1252 has no emoji.
                    t = "\n".join(line for line in t.split("\n") if _encodes(line, wire))
                if t:
                    pool.append(t)
            if pool:
                pools.append((lang, pool))
        if not pools:
            skipped[row] = f"no {'/'.join(langs)} text found offline"
            continue
        rng = random.Random(zlib.crc32(row.encode()))
        for length in LENGTHS:
            made = 0
            for attempt in range(samples * 200):
                if made == samples:
                    break
                lang, pool = pools[(made + attempt) % len(pools)]
                text = rng.choice(pool)
                piece = _window(text, length, rng)
                if piece is None or piece.isascii() or not _encodes(piece, wire):
                    continue
                data = piece.encode(wire)
                expected = piece
                if encoding == "utf-8-bad":
                    data = _corrupt(data, rng)
                    expected = data.decode("utf-8", "replace")
                    if "\ufffd" not in expected:
                        continue
                cases.append((row, length, data, expected))
                made += 1
    return cases, skipped


def _encodes(text: str, encoding: str) -> bool:
    try:
        text.encode(encoding)
        return True
    except UnicodeEncodeError:
        return False


def textclean_decode(data: bytes) -> tuple[str | None, str]:
    from textclean.io.decode import NotTextError, decode

    try:
        d = decode(data)
    except NotTextError as exc:
        return None, f"NotTextError({exc})"
    return d.text, d.encoding


def charset_normalizer_decode(data: bytes) -> tuple[str | None, str]:
    import charset_normalizer

    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        return None, "None"
    return str(best), best.encoding


DECODERS = {"textclean": textclean_decode, "charset-normalizer": charset_normalizer_decode}


def run(samples: int = 12) -> dict:
    """Score each decoder on every sample: right counts by row and length, and the misreads."""
    cases, skipped = make_samples(samples)
    right = {name: collections.Counter() for name in DECODERS}
    total = collections.Counter()
    wrong: dict[str, dict[str, collections.Counter]] = {name: collections.defaultdict(collections.Counter)
                                                         for name in DECODERS}
    seconds = dict.fromkeys(DECODERS, 0.0)
    for row, length, data, expected in cases:
        total[row, length] += 1
        for name, fn in DECODERS.items():
            t0 = time.perf_counter()
            text, label = fn(data)
            seconds[name] += time.perf_counter() - t0
            if text == expected:
                right[name][row, length] += 1
            else:
                wrong[name][row][label] += 1
    return {"cases": len(cases), "total": total, "right": right, "wrong": wrong, "seconds": seconds,
            "skipped": skipped, "sources": {lang: corpus(lang)[1] for lang in _languages()}}


def _languages() -> list[str]:
    seen: dict[str, None] = {}
    for _, langs, _ in CASES:
        seen.update(dict.fromkeys(langs.split()))
    return list(seen)


def _pct(right: int, total: int) -> str:
    return f"{100 * right / total:3.0f}" if total else "  -"


def report(result: dict, errors: bool = False) -> str:
    total, right = result["total"], result["right"]
    rows = [row for row, _, _ in CASES if row not in result["skipped"]]
    names = list(DECODERS)
    width = max(len(r) for r in rows + ["overall"])
    head = f"{'encoding':<{width}} | " + " | ".join(f"{n:>9}" for n in [*map(str, LENGTHS), "all"])
    lines = ["% right, textclean / charset-normalizer (samples per cell: "
             f"{max(total.values()) if total else 0}; a cell with fewer had too little text)", "",
             head, "-" * len(head)]

    def cell(keys) -> str:
        t = sum(total[k] for k in keys)
        return " / ".join(_pct(sum(right[n][k] for k in keys), t) for n in names)

    for row in rows:
        lines.append(f"{row:<{width}} | " + " | ".join(
            [cell([(row, n)]) for n in LENGTHS] + [cell([(row, n) for n in LENGTHS])]))
    lines.append("-" * len(head))
    lines.append(f"{'overall':<{width}} | " + " | ".join(
        [cell([(r, n) for r in rows]) for n in LENGTHS] + [cell([(r, n) for r in rows for n in LENGTHS])]))
    legacy = [r for r in rows if not r.startswith("utf")]
    lines.append(f"{'legacy only':<{width}} | " + " | ".join(
        [cell([(r, n) for r in legacy]) for n in LENGTHS] + [cell([(r, n) for r in legacy for n in LENGTHS])]))
    lines.append("")
    lines.append(f"{result['cases']} samples; decoding time: "
                 + ", ".join(f"{n} {s:.1f} s" for n, s in result["seconds"].items()))
    for lang, sources in result["sources"].items():
        lines.append(f"  text {lang}: {', '.join(sources) if sources else 'none found offline'}")
    for row, why in result["skipped"].items():
        lines.append(f"  skipped {row}: {why}")
    if errors:
        for name in names:
            lines.append(f"\nmisread by {name} (row: read as x count):")
            for row in rows:
                if result["wrong"][name].get(row):
                    lines.append(f"  {row}: " + ", ".join(f"{label} x{c}" for label, c in
                                                         result["wrong"][name][row].most_common(6)))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--samples", type=int, default=12, help="samples per encoding and length")
    parser.add_argument("--errors", action="store_true", help="list what the wrong decodes were read as")
    args = parser.parse_args(argv)
    print(report(run(args.samples), errors=args.errors))
    return 0


if __name__ == "__main__":
    sys.exit(main())
