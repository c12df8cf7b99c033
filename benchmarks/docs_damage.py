"""What the default pipeline does to real project documentation (issue 18).

    python benchmarks/docs_damage.py [--limit N] [--show typos|removed|blocks|docs ...]
                                     [--max-show N] [--json out.json]

The set is built at run time from what is installed on the machine and is never copied into
the repository:

* the long descriptions (READMEs) of installed distributions: the body of every
  ``*.dist-info/METADATA`` (and ``*.egg-info/PKG-INFO``) after its headers; the format comes
  from ``Description-Content-Type`` (``text/markdown`` -> md, ``text/plain`` -> plain,
  ``text/x-rst`` or none -> rst, the core-metadata default);
* every ``*.md`` / ``*.markdown`` / ``*.rst`` file under the site-packages folders: this
  interpreter's (``site.getsitepackages()``), its base interpreter's, and
  ``/usr/lib/python3/dist-packages`` / ``/usr/local/lib/python3*/dist-packages``;
* ``/usr/share/doc/*/README*`` (``.gz`` decompressed; md/rst from the extension, else plain).

Texts that are not UTF-8 are skipped; line endings are normalised to ``\\n`` and a BOM is
dropped before cleaning (so that CRLF normalisation does not count as damage). Documents are
deduplicated by the SHA-256 of that text (the recorded source is the first path in sorted
order) and processed in the order of that hash, a deterministic shuffle, so that ``--limit N``
is a sample of the whole set rather than its first folder.

Each document goes through ``textclean.clean_and_explain(text)`` (the default pipeline) and
the script measures:

* code: Markdown fenced blocks (``` and ~~~, fence lines included; a line of ``~`` right under
  a line of text is a reST title underline, not a fence), reST literal blocks (a
  paragraph ending in ``::``, then the indented body) and the bodies of code directives
  (``.. code-block::``, ``.. code::``, ``.. sourcecode::``, ``.. doctest::`` ...). A block is
  *identical* if its text is found in the output as whole lines, searching in document order;
* tables: the rows of Markdown (GFM) tables, rule rows included, and for reference the lines
  of reST grid tables and simple tables, and reST section titles with their adornment lines
  (``====`` under a title), each a unit found or not found in the output the same way;
* removal: the characters of edits whose ``after`` is empty (``before`` is what the cleaner
  saw), as a share of the input characters, by cleaner and reason; and the net change in
  length;
* typos: edits of the ``typos`` cleaner per 10,000 words (whitespace-separated), with where
  they fall: prose, inline code (between backticks), a code block or a table;
* per cleaner and reason (numbers and quoted words in reasons folded): edits, characters
  removed, edits that overlap a code block / table row / heading, and the units they damaged
  (a damaged unit is blamed on every edit whose input span overlaps it).

Printed: the summary, rows per format and per source, the reasons ranked by the units they
damage, and on request (``--show``) every typos edit, every removal, every damaged block, or
the list of documents. ``--json`` writes the figures and the per-document records.
"""

from __future__ import annotations

import argparse
import bisect
import collections
import datetime
import glob
import gzip
import hashlib
import json
import os
import re
import site
import sys
import sysconfig
import time
from dataclasses import dataclass, field
from email.parser import HeaderParser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import textclean

MAX_BYTES = 2_000_000  # a larger file is not documentation (none were, when written)

# --------------------------------------------------------------------------------------------
# The set


@dataclass
class Doc:
    source: str
    fmt: str  # md | rst | plain
    kind: str  # metadata | package-file | usr-share-doc
    package: str
    text: str
    sha: str
    duplicates: list[str] = field(default_factory=list)


def _site_roots() -> list[str]:
    roots: list[str] = []
    try:
        roots += site.getsitepackages()
    except AttributeError:  # pragma: no cover - old virtualenv
        pass
    base = sysconfig.get_paths(vars={"base": sys.base_prefix, "platbase": sys.base_exec_prefix})
    roots += [base["purelib"], base["platlib"]]
    roots += ["/usr/lib/python3/dist-packages"] + sorted(glob.glob("/usr/local/lib/python3*/dist-packages"))
    roots += sorted(glob.glob("/usr/local/lib/python3*/site-packages"))
    out, seen = [], set()
    for r in roots:
        if os.path.isdir(r):
            real = os.path.realpath(r)
            if real not in seen:
                seen.add(real)
                out.append(r)
    return out


def _decode(data: bytes) -> str | None:
    if b"\x00" in data[:8192]:
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    text = text.removeprefix("\ufeff")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _metadata_doc(path: str) -> tuple[str, str] | None:
    with open(path, "rb") as f:
        data = f.read(MAX_BYTES + 1)
    text = _decode(data)
    if text is None:
        return None
    head, _, body = text.partition("\n\n")
    headers = HeaderParser().parsestr(head + "\n")
    if not body.strip() and headers.get("Description"):
        # old style: the description as a folded header, continuation lines "       |"
        desc = headers.get("Description", "")
        body = "\n".join(re.sub(r"^ {7}\|", "", line) for line in desc.split("\n"))
    ctype = (headers.get("Description-Content-Type") or "").lower()
    if "markdown" in ctype:
        fmt = "md"
    elif "plain" in ctype:
        fmt = "plain"
    else:
        fmt = "rst"
    return body, fmt


def _file_fmt(path: str) -> str:
    name = path.lower().removesuffix(".gz")
    if name.endswith((".md", ".markdown")):
        return "md"
    if name.endswith(".rst"):
        return "rst"
    return "plain"


def _package_of(path: str, root: str) -> str:
    rel = os.path.relpath(path, root)
    top = rel.split(os.sep)[0]
    top = re.sub(r"\.(dist|egg)-info$", "", top)
    top = re.sub(r"-\d[^-]*$", "", top)  # name-1.2.3 -> name
    return top.lower().replace("_", "-")


def collect(verbose: bool = False) -> tuple[list[Doc], dict]:
    """Build the set: (documents in hash order, statistics of the collection)."""
    found: list[tuple[str, str, str, str, str]] = []  # (source, fmt, kind, package, text)
    stats = collections.Counter()
    roots = _site_roots()
    for root in roots:
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
            in_info = dirpath.endswith((".dist-info", ".egg-info"))
            for name in sorted(filenames):
                path = os.path.join(dirpath, name)
                if in_info and name in ("METADATA", "PKG-INFO"):
                    got = _metadata_doc(path)
                    if got is None:
                        stats["skipped: not UTF-8"] += 1
                        continue
                    body, fmt = got
                    found.append((path, fmt, "metadata", _package_of(path, root), body))
                elif name.lower().endswith((".md", ".markdown", ".rst")):
                    try:
                        if os.path.getsize(path) > MAX_BYTES:
                            stats["skipped: larger than 2 MB"] += 1
                            continue
                        with open(path, "rb") as f:
                            text = _decode(f.read())
                    except OSError:
                        stats["skipped: unreadable"] += 1
                        continue
                    if text is None:
                        stats["skipped: not UTF-8"] += 1
                        continue
                    found.append((path, _file_fmt(path), "package-file", _package_of(path, root), text))
    for path in sorted(glob.glob("/usr/share/doc/*/README*")):
        if not os.path.isfile(path):
            continue
        try:
            if path.endswith(".gz"):
                with gzip.open(path, "rb") as f:
                    data = f.read(MAX_BYTES + 1)
            else:
                with open(path, "rb") as f:
                    data = f.read(MAX_BYTES + 1)
        except (OSError, EOFError):
            stats["skipped: unreadable"] += 1
            continue
        if len(data) > MAX_BYTES:
            stats["skipped: larger than 2 MB"] += 1
            continue
        text = _decode(data)
        if text is None:
            stats["skipped: not UTF-8"] += 1
            continue
        found.append((path, _file_fmt(path), "usr-share-doc", "debian:" + path.split("/")[4], text))

    by_sha: dict[str, Doc] = {}
    for source, fmt, kind, package, text in sorted(found, key=lambda x: x[0]):
        if not text.strip():
            stats["skipped: empty"] += 1
            continue
        sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
        if sha in by_sha:
            by_sha[sha].duplicates.append(source)
            stats["skipped: duplicate content"] += 1
            continue
        by_sha[sha] = Doc(source, fmt, kind, package, text, sha)
    docs = [by_sha[s] for s in sorted(by_sha)]
    stats["candidates"] = len(found)
    return docs, {"roots": roots + ["/usr/share/doc/*/README*"], **dict(stats)}


# --------------------------------------------------------------------------------------------
# Units: code blocks, table rows, headings


@dataclass
class Unit:
    kind: str
    start: int
    end: int  # exclusive, without the last line's newline
    line: int  # 1-based line of start

    group = property(lambda self: UNIT_GROUP[self.kind])


UNIT_GROUP = {
    "md-fence": "code",
    "rst-literal": "code",
    "rst-directive": "code",
    "md-table-row": "md-table",
    "rst-grid-row": "rst-table",
    "rst-simple-row": "rst-table",
    "rst-heading": "heading",
}

FENCE = re.compile(r"^(\s*)(`{3,}|~{3,})(.*)$")
CODE_DIRECTIVE = re.compile(
    r"^(\s*)\.\.\s+(?:code-block|code|sourcecode|highlight-block|ipython|doctest|testcode|"
    r"testoutput|parsed-literal|jupyter-execute|prompt|console)::")
ANY_DIRECTIVE = re.compile(r"^\s*\.\.\s+\S")
MD_RULE = re.compile(r"^\s*\|?\s*:?-{1,}:?\s*(\|\s*:?-{1,}:?\s*)*\|?\s*$")
GRID_BORDER = re.compile(r"^\s*\+(?:[-=]+\+)+\s*$")
SIMPLE_BORDER = re.compile(r"^\s*=+(?: +=+)+\s*$")
ADORNMENT = re.compile(r"^([=\-`:'\"~^_*+#<>.])\1{2,}\s*$")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" \t"))


def find_units(text: str) -> list[Unit]:
    """The code blocks, table rows and headings of a document (any format: all detectors run,
    code first, so a mislabelled README is still measured)."""
    lines = text.split("\n")
    starts = [0]
    for ln in lines[:-1]:
        starts.append(starts[-1] + len(ln) + 1)
    n = len(lines)
    used = [False] * n
    units: list[Unit] = []

    def add(kind: str, a: int, b: int) -> None:  # lines a..b inclusive
        units.append(Unit(kind, starts[a], starts[b] + len(lines[b]), a + 1))

    # Markdown fences (any indentation: fences inside list items)
    i = 0
    while i < n:
        m = FENCE.match(lines[i])
        # a line of "~" right under a line of text is that line's underline, as reST titles
        # write it, not a fence (and so is a line of backticks as long as the text above,
        # with a blank line after it: an opening fence after a short line, "are:", has its
        # code right after it)
        underline = (m is not None and i > 0 and lines[i - 1].strip() != ""
                     and lines[i].strip() == m.group(2)
                     and (m.group(2)[0] == "~"
                          or (abs(len(lines[i].strip()) - len(lines[i - 1].strip())) <= 2
                              and (i + 1 >= n or lines[i + 1].strip() == ""))))
        if m and not underline and not (m.group(2)[0] == "`" and "`" in m.group(3)):
            ch, size = m.group(2)[0], len(m.group(2))
            close = re.compile(r"^\s*" + re.escape(ch) + "{" + str(size) + r",}\s*$")
            j = i + 1
            while j < n and not close.match(lines[j]):
                j += 1
            j = min(j, n - 1)
            add("md-fence", i, j)
            for k in range(i, j + 1):
                used[k] = True
            i = j + 1
        else:
            i += 1

    # reST literal blocks and code directives
    i = 0
    while i < n:
        if used[i]:
            i += 1
            continue
        line = lines[i]
        stripped = line.rstrip()
        directive = CODE_DIRECTIVE.match(line)
        literal = (not directive and stripped.endswith("::") and not ANY_DIRECTIVE.match(line)
                   and stripped.strip() not in ("", "::") or stripped.strip() == "::")
        if not (directive or literal):
            i += 1
            continue
        base = _indent(line)
        j = i + 1
        if directive:  # options (":linenos:") directly below the directive
            while j < n and lines[j].strip().startswith(":") and _indent(lines[j]) > base:
                j += 1
        if j < n and lines[j].strip():  # reST needs a blank line before the body
            i += 1
            continue
        while j < n and not lines[j].strip():
            j += 1
        if j >= n or used[j] or _indent(lines[j]) <= base:
            i += 1
            continue
        first, last = j, j
        while j < n and not used[j] and (not lines[j].strip() or _indent(lines[j]) > base):
            if lines[j].strip():
                last = j
            j += 1
        add("rst-directive" if directive else "rst-literal", first, last)
        for k in range(i, last + 1):
            used[k] = True
        i = last + 1

    # Markdown (GFM) tables: a header row with "|", a rule row, then rows with "|"
    i = 0
    while i < n - 1:
        if (not used[i] and not used[i + 1] and "|" in lines[i] and "|" in lines[i + 1]
                and "-" in lines[i + 1] and MD_RULE.match(lines[i + 1]) and lines[i].strip()):
            j = i
            while j < n and not used[j] and lines[j].strip() and "|" in lines[j]:
                add("md-table-row", j, j)
                used[j] = True
                j += 1
            i = j
        else:
            i += 1

    # reST grid tables: +---+ borders and | rows
    i = 0
    while i < n:
        if not used[i] and GRID_BORDER.match(lines[i]):
            j = i
            while j < n and not used[j] and lines[j].strip()[:1] in ("+", "|"):
                j += 1
            if j - i >= 3:
                for k in range(i, j):
                    add("rst-grid-row", k, k)
                    used[k] = True
            i = max(j, i + 1)
        else:
            i += 1

    # reST simple tables: ===  === borders (three of them, or two with a header)
    i = 0
    while i < n:
        if not used[i] and SIMPLE_BORDER.match(lines[i]):
            j = i + 1
            borders = [i]
            while j < n and not used[j] and (lines[j].strip() or (j + 1 < n and lines[j + 1].strip())):
                if SIMPLE_BORDER.match(lines[j]):
                    borders.append(j)
                    if len(borders) == 3 or (j + 1 >= n or not lines[j + 1].strip()):
                        break
                j += 1
            if len(borders) >= 2:
                end = borders[-1]
                for k in range(i, end + 1):
                    if lines[k].strip():
                        add("rst-simple-row", k, k)
                    used[k] = True
                i = end + 1
                continue
        i += 1

    # reST section titles: title + underline (and optional overline) of one punctuation char
    for i in range(1, n):
        if used[i] or used[i - 1]:
            continue
        m = ADORNMENT.match(lines[i])
        title = lines[i - 1].strip()
        if (m and title and not ADORNMENT.match(lines[i - 1]) and _indent(lines[i - 1]) == 0
                and len(lines[i].rstrip()) >= len(title) - 1):
            a = i - 1
            if i >= 2 and lines[i - 2].rstrip() == lines[i].rstrip() and not used[i - 2]:
                a = i - 2
            add("rst-heading", a, i)
            for k in range(a, i + 1):
                used[k] = True
    units.sort(key=lambda u: u.start)
    return units


def _find_lines(out: str, needle: str, start: int) -> int:
    """Where ``needle`` occurs in ``out`` at or after ``start`` as whole lines, or -1."""
    pos = out.find(needle, start)
    while pos != -1:
        if (pos == 0 or out[pos - 1] == "\n") and (pos + len(needle) == len(out) or out[pos + len(needle)] == "\n"):
            return pos
        pos = out.find(needle, pos + 1)
    return -1


def check_units(text: str, out: str, units: list[Unit]) -> list[bool]:
    """For each unit (in document order) whether its text is in the output, in order."""
    cursor = 0
    ok = []
    for u in units:
        pos = _find_lines(out, text[u.start:u.end], cursor)
        if pos == -1:
            ok.append(False)
        else:
            ok.append(True)
            cursor = pos + (u.end - u.start)
    return ok


# --------------------------------------------------------------------------------------------
# Edits


def norm_reason(cleaner: str, reason: str) -> str:
    if cleaner == "typos":
        return "typo: run-together" if "run-together" in reason else "typo: misspelt word"
    r = re.sub(r"'[^']*'", "'…'", reason)
    r = re.sub(r"<[^>]*>(?: <[^>]*>)*", "<…>", r)
    r = re.sub(r"\d+", "N", r)
    return r.replace("html tags <", "html tag <")


def _overlaps(e, u: Unit) -> bool:
    if e.start == e.end:  # an insertion damages a unit only strictly inside it
        return u.start < e.start < u.end
    return e.start < u.end and e.end > u.start


INLINE_CODE = re.compile(r"(`+)(?!`)(.+?)(?<!`)\1")


def _in_inline_code(text: str, pos: int) -> bool:
    a = text.rfind("\n", 0, pos) + 1
    b = text.find("\n", pos)
    b = len(text) if b == -1 else b
    return any(m.start() <= pos < m.end() for m in INLINE_CODE.finditer(text, a, b))


def _context(text: str, start: int, end: int, width: int = 40) -> str:
    a, b = max(0, start - width), min(len(text), end + width)
    return (("…" if a else "") + text[a:start] + "⟦" + text[start:end] + "⟧" + text[end:b]
            + ("…" if b < len(text) else "")).replace("\n", "⏎")


def _short(s: str, n: int = 60) -> str:
    s = repr(s)
    return s if len(s) <= n else s[: n - 1] + "…"


# --------------------------------------------------------------------------------------------
# Measuring


def new_agg() -> dict:
    return {"docs": 0, "chars": 0, "bytes": 0, "words": 0, "edits": 0, "removed": 0, "net": 0,
            "typos": 0, "seconds": 0.0,
            "units": collections.Counter(), "identical": collections.Counter(),
            "untouched": collections.Counter()}


def add_agg(agg: dict, rec: dict) -> None:
    agg["docs"] += 1
    for k in ("chars", "bytes", "words", "edits", "removed", "net", "typos", "seconds"):
        agg[k] += rec[k]
    for k in ("units", "identical", "untouched"):
        agg[k].update(rec[k])


def measure(doc: Doc, reasons: dict, samples: dict) -> dict:
    text = doc.text
    t0 = time.perf_counter()
    out, edits = textclean.clean_and_explain(text)
    seconds = time.perf_counter() - t0
    units = find_units(text)
    ok = check_units(text, out, units)
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def line_of(pos: int) -> int:
        return bisect.bisect_right(line_starts, pos)

    rec = {"source": doc.source, "format": doc.fmt, "kind": doc.kind, "package": doc.package,
           "sha256": doc.sha, "duplicates": len(doc.duplicates),
           "chars": len(text), "bytes": len(text.encode("utf-8")), "words": len(text.split()),
           "edits": len(edits), "removed": 0, "net": len(out) - len(text), "typos": 0,
           "seconds": seconds,
           "units": collections.Counter(), "identical": collections.Counter(),
           "untouched": collections.Counter(), "damaged": []}
    starts = [u.start for u in units]
    touched_by: dict[int, list] = collections.defaultdict(list)
    for e in edits:
        key = (e.cleaner, norm_reason(e.cleaner, e.reason))
        r = reasons.setdefault(key, {"edits": 0, "removed": 0, "code": 0, "md-table": 0,
                                     "rst-table": 0, "heading": 0, "units": 0, "docs": set(),
                                     "example": None, "unit_examples": {}})
        r["edits"] += 1
        r["docs"].add(doc.sha)
        if e.after == "":
            r["removed"] += len(e.before)
            rec["removed"] += len(e.before)
        # units this edit overlaps (units are sorted and do not overlap)
        hit = []
        k = max(0, bisect.bisect_right(starts, e.start) - 1)
        while k < len(units) and units[k].start <= max(e.end, e.start):
            if _overlaps(e, units[k]):
                hit.append(k)
            k += 1
        where = units[hit[0]].group if hit else ("inline code" if _in_inline_code(text, e.start) else "prose")
        for g in {units[k].group for k in hit}:
            r[g] += 1
        for k in hit:
            touched_by[k].append(e)
        item = {"source": doc.source, "line": line_of(e.start), "cleaner": e.cleaner,
                "reason": e.reason, "before": e.before, "after": e.after, "where": where,
                "context": _context(text, e.start, e.end)}
        if r["example"] is None:
            r["example"] = item
        if hit and not ok[hit[0]] and len(r["unit_examples"]) < 8:
            r["unit_examples"].setdefault(doc.package, item)  # the first of each package
        if e.cleaner == "typos":
            rec["typos"] += 1
            samples["typos"].append(item)
        if e.after == "":
            samples["removed"].append(item)
    for k, u in enumerate(units):
        rec["units"][u.kind] += 1
        if ok[k]:
            rec["identical"][u.kind] += 1
        if k not in touched_by:
            rec["untouched"][u.kind] += 1
        if not ok[k]:
            blamed = sorted({(e.cleaner, norm_reason(e.cleaner, e.reason)) for e in touched_by.get(k, [])})
            for key in blamed:
                reasons[key]["units"] += 1
            rec["damaged"].append({"kind": u.kind, "line": u.line,
                                   "blamed": [f"{c}: {r}" for c, r in blamed]})
            samples["blocks"].append({"source": doc.source, "kind": u.kind, "line": u.line,
                                      "text": text[u.start:u.end],
                                      "edits": [(e.cleaner, e.reason, e.before, e.after)
                                                for e in touched_by.get(k, [])]})
    return rec


# --------------------------------------------------------------------------------------------
# Report


def pct(a: int, b: int) -> str:
    return f"{100 * a / b:.1f}%" if b else "-"


def _groups(c: collections.Counter) -> collections.Counter:
    g = collections.Counter()
    for kind, v in c.items():
        g[UNIT_GROUP[kind]] += v
    return g


def row(name: str, agg: dict) -> list[str]:
    u, i = _groups(agg["units"]), _groups(agg["identical"])
    return [name, str(agg["docs"]), f"{agg['bytes'] / 1e6:.2f}",
            f"{i['code']}/{u['code']} ({pct(i['code'], u['code'])})",
            f"{i['md-table']}/{u['md-table']} ({pct(i['md-table'], u['md-table'])})",
            f"{i['rst-table']}/{u['rst-table']} ({pct(i['rst-table'], u['rst-table'])})",
            f"{i['heading']}/{u['heading']} ({pct(i['heading'], u['heading'])})",
            f"{100 * agg['removed'] / max(1, agg['chars']):.3f}%",
            f"{100 * agg['net'] / max(1, agg['chars']):+.3f}%",
            f"{agg['typos']} ({1e4 * agg['typos'] / max(1, agg['words']):.2f})"]


HEAD = ["", "docs", "MB", "code blocks identical", "md table rows identical",
        "rst table rows identical", "rst headings identical", "chars removed", "net length",
        "typos edits (/10k words)"]


def table(rows: list[list[str]], head: list[str]) -> str:
    w = [max(len(r[k]) for r in [head] + rows) for k in range(len(head))]
    fmt = lambda r: "  ".join(c.ljust(w[k]) if k == 0 else c.rjust(w[k]) for k, c in enumerate(r))
    return "\n".join([fmt(head), fmt(["-" * x for x in w])] + [fmt(r) for r in rows])


def _example(v: dict, avoid: str) -> dict:
    """An edit of a reason that damaged a unit, from another package than ``avoid`` if any."""
    units = v["unit_examples"]
    for pkg, item in units.items():
        if pkg != avoid:
            return item
    return next(iter(units.values()), v["example"])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--limit", type=int, default=0, help="the first N documents (hash order)")
    ap.add_argument("--show", action="append", default=[],
                    choices=["typos", "removed", "blocks", "docs"], help="print these lists")
    ap.add_argument("--max-show", type=int, default=300, help="at most N items per list (0: all)")
    ap.add_argument("--top", type=int, default=15, help="reasons to list")
    ap.add_argument("--json", metavar="PATH", help="write figures and per-document records")
    ap.add_argument("--quiet", action="store_true", help="no progress on stderr")
    args = ap.parse_args(argv)

    t0 = time.perf_counter()
    docs, cstats = collect()
    if args.limit:
        docs = docs[: args.limit]
    if not docs:
        print("no documents found", file=sys.stderr)
        return 1
    textclean.clean_and_explain("Warm up: the Prime Miister said so.\n")  # load dictionaries
    t_load = time.perf_counter() - t0

    reasons: dict = {}
    samples = {"typos": [], "removed": [], "blocks": []}
    total, by_fmt, by_kind, by_pkg = new_agg(), {}, {}, {}
    records = []
    for n, doc in enumerate(docs, 1):
        rec = measure(doc, reasons, samples)
        records.append(rec)
        add_agg(total, rec)
        add_agg(by_fmt.setdefault(doc.fmt, new_agg()), rec)
        add_agg(by_kind.setdefault(doc.kind, new_agg()), rec)
        add_agg(by_pkg.setdefault(doc.package, new_agg()), rec)
        if not args.quiet and (n % 200 == 0 or n == len(docs)):
            print(f"  {n}/{len(docs)} documents, {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    wall = time.perf_counter() - t0

    mb = total["bytes"] / 1e6
    fmts = collections.Counter(d.fmt for d in docs)
    print(f"textclean {textclean.__version__ if hasattr(textclean, '__version__') else ''} default pipeline on "
          f"{len(docs)} documents, {mb:.2f} MB, {total['words']} words "
          f"({', '.join(f'{k} {v}' for k, v in sorted(fmts.items()))}); "
          f"collection: {', '.join(f'{k} {v}' for k, v in sorted(cstats.items()) if k != 'roots')}")
    print(f"cleaning {total['seconds']:.1f} s ({mb / max(total['seconds'], 1e-9):.2f} MB/s), wall {wall:.0f} s "
          f"(set + dictionaries {t_load:.0f} s)\n")
    # one package can dominate the set (awscli ships thousands of example pages): the rest too
    rest_rows = []
    top_pkg, top_agg = max(by_pkg.items(), key=lambda kv: kv[1]["docs"])
    if top_agg["docs"] * 4 > total["docs"]:
        rest = new_agg()
        for rec in records:
            if rec["package"] != top_pkg:
                add_agg(rest, rec)
        rest_rows = [row(f"only {top_pkg}", top_agg), row(f"all but {top_pkg}", rest)]
    print(table([row("all", total)] + rest_rows
                + [row(f"format {k}", v) for k, v in sorted(by_fmt.items())]
                + [row(f"source {k}", v) for k, v in sorted(by_kind.items())], HEAD))

    u, i, t = total["units"], total["identical"], total["untouched"]
    print("\nunits by kind: identical in the output / untouched by any edit (a cross-check)")
    for kind in UNIT_GROUP:
        if u[kind]:
            print(f"  {kind:15} {i[kind]:6}/{u[kind]:<6} {pct(i[kind], u[kind]):>6}   untouched {t[kind]:6} {pct(t[kind], u[kind]):>6}")

    big = sorted(by_pkg.items(), key=lambda kv: -kv[1]["bytes"])[:12]
    print("\nthe largest sources (package or /usr/share/doc folder)")
    print(table([row(k, v) for k, v in big], ["package"] + HEAD[1:]))

    def score(kv):
        r = kv[1]
        return (r["units"], r["code"] + r["md-table"] + r["rst-table"] + r["heading"], r["removed"])

    ranked = sorted(reasons.items(), key=score, reverse=True)
    print("\nreasons, by units damaged (code blocks, table rows, headings that are not identical and "
          "that the reason's edits overlap); chars removed as a share of all input")
    rows = []
    for (c, r), v in ranked[: args.top]:
        rows.append([f"{c}: {r}", str(v["edits"]), str(len(v["docs"])), str(v["units"]),
                     str(v["code"]), str(v["md-table"] + v["rst-table"]), str(v["heading"]),
                     f"{v['removed']} ({100 * v['removed'] / max(1, total['chars']):.3f}%)"])
    print(table(rows, ["reason", "edits", "docs", "units damaged", "in code", "in tables",
                       "in headings", "chars removed"]))
    print("\nan example of each (a damaged unit where there is one):")
    for (c, r), v in ranked[: args.top]:
        ex = _example(v, top_pkg)
        print(f"  {c}: {r}\n      {ex['source']}:{ex['line']} [{ex['where']}] "
              f"{_short(ex['before'])} -> {_short(ex['after'])}\n      {ex['context'][:160]}")
    by_removed = sorted(reasons.items(), key=lambda kv: -kv[1]["removed"])[: args.top]
    print("\nreasons, by characters removed (edits whose `after` is empty)")
    print(table([[f"{c}: {r}", str(v["edits"]), f"{v['removed']}",
                  f"{100 * v['removed'] / max(1, total['chars']):.3f}%"] for (c, r), v in by_removed if v["removed"]],
                ["reason", "edits", "chars removed", "of input"]))
    by_cleaner = collections.defaultdict(lambda: [0, 0, 0])
    for (c, _), v in reasons.items():
        by_cleaner[c][0] += v["edits"]
        by_cleaner[c][1] += v["removed"]
        by_cleaner[c][2] += v["units"]
    print("\nby cleaner")
    print(table([[c, str(a), f"{b} ({100 * b / max(1, total['chars']):.3f}%)", str(d)]
                 for c, (a, b, d) in sorted(by_cleaner.items(), key=lambda kv: -kv[1][0])],
                ["cleaner", "edits", "chars removed", "units damaged"]))
    where = collections.Counter(s["where"] for s in samples["typos"])
    print(f"\ntypos edits by place: {dict(where)}")

    cap = args.max_show or None
    if "docs" in args.show:
        print("\n## documents (hash order)")
        for d, rec in zip(docs, records):
            print(f"{d.sha[:12]} {d.fmt:5} {d.kind:13} {rec['bytes']:8} {d.source}"
                  + (f" (+{len(d.duplicates)} identical)" if d.duplicates else ""))
    if "typos" in args.show:
        print(f"\n## typos edits ({len(samples['typos'])})")
        for s in samples["typos"][:cap]:
            print(f"{s['before']} -> {s['after']}  [{s['where']}]  {s['source']}:{s['line']}\n    {s['context']}")
    if "removed" in args.show:
        print(f"\n## removals ({len(samples['removed'])})")
        for s in samples["removed"][:cap]:
            print(f"{s['cleaner']}: {s['reason']}  [{s['where']}]  {s['source']}:{s['line']}\n    {_short(s['before'], 200)}")
    if "blocks" in args.show:
        print(f"\n## damaged units ({len(samples['blocks'])})")
        for s in samples["blocks"][:cap]:
            body = s["text"] if len(s["text"]) < 400 else s["text"][:400] + "…"
            print(f"--- {s['kind']} {s['source']}:{s['line']}")
            print("    " + body.replace("\n", "\n    "))
            for c, r, b, a in s["edits"][:8]:
                print(f"  * {c}: {r}: {_short(b)} -> {_short(a)}")
            if not s["edits"]:
                print("  * (no edit overlaps it: found out of order, or next to an edit)")

    if args.json:
        def jsonable(v):
            if isinstance(v, collections.Counter):
                return dict(v)
            if isinstance(v, set):
                return len(v)
            return v
        data = {
            "date": datetime.date.today().isoformat(),
            "command": "python benchmarks/docs_damage.py " + " ".join(argv if argv is not None else sys.argv[1:]),
            "collection": cstats,
            "total": {k: jsonable(v) for k, v in total.items()},
            "by_format": {f: {k: jsonable(v) for k, v in a.items()} for f, a in by_fmt.items()},
            "by_source": {f: {k: jsonable(v) for k, v in a.items()} for f, a in by_kind.items()},
            "by_package": {f: {k: jsonable(v) for k, v in a.items()} for f, a in by_pkg.items()},
            "reasons": [{"cleaner": c, "reason": r, **{k: jsonable(v) for k, v in d.items()}}
                        for (c, r), d in ranked],
            "typos": samples["typos"],
            "documents": [{k: jsonable(v) for k, v in rec.items()} for rec in records],
        }
        Path(args.json).write_text(json.dumps(data, indent=1, ensure_ascii=False), encoding="utf-8")
        print(f"\nwrote {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
