"""Boilerplate removal from the naive text of whole pages, as ``score.py boilerplate-sh`` measures it.

``score.py boilerplate-sh`` (held out: scraped pages this project does not have) puts the
naive text of each page -- its HTML flattened by a scraper that keeps every menu, footer and
comment -- through the default pipeline, and scores the output by bag-of-words token F1
against the page's article body, averaged over pages. This is the same measure on the
L3S-GN1 development pages (``../shared/data/boilerplate/l3s-gn1-dev-html/``, flattened by
BeautifulSoup's ``get_text()`` with scripts and styles dropped, as
:func:`run.load_html_pages` does), against the text of their blocks labelled ``headline``
or ``fulltext``:

* ``keep-all``: the naive text as it is;
* ``textclean``: ``textclean.clean(text)``, the default pipeline (what ``boilerplate-sh``
  runs); ``textclean boilerplate``: ``only=["boilerplate"]``;
* for reference, from the HTML instead of the naive text: ``trafilatura.extract`` and
  jusText's English paragraphs (what ``boilerplate-sh --peers`` prints beside textclean).

Each row gives precision, recall and F1 averaged over pages, and F1 on the even and odd
halves of the pages (by index) as a check of stability. The rules of the ``boilerplate``
cleaner were written looking at these pages (as text and as HTML), so its rows are
in-sample; ``score.py boilerplate-sh`` is the held-out figure.

Then the same measure on a second source of pages: the HTML pages of ``score.py extract``
(``../shared/data/extraction/extraction-dev.jsonl.gz``: CleanEval and Mozilla Readability's
test pages, with their gold text), flattened the same way, keep-all against the default
pipeline, by source. And on a third kind, documentation: the mdBook pages of the Rust
toolchain's documentation installed on the machine (``~/.rustup/toolchains/*/share/doc/rust/
html``: the Rust book, the reference, the rustc and cargo books...; read where it is found,
never copied), 120 of them in a fixed shuffled order, each with at least 2,000 characters in
its ``<main>``, whose text is the gold (the page's table of contents, menus and help around it
are not); the same pages from their HTML too (``textclean.clean_html`` beside
``trafilatura.extract``), and how many of their code blocks ``clean_html`` keeps whole. And
the Rust standard library's API reference pages from their HTML (:func:`api_reference_pages`).

Run from the repository root: ``python benchmarks/boilerplate_naive.py [--no-peers]``
(skips with a message when the data is absent; nothing from it is copied).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from boilerplate_html import DATA, report, summary, token_f1  # noqa: E402  (the same measure and data)


def pages() -> list[tuple[str, str, str]]:
    """(naive text, HTML, gold) of each development page that has its HTML, in file order."""
    import warnings

    from bs4 import BeautifulSoup

    warnings.filterwarnings("ignore", module="bs4")
    gold = {}
    with open(DATA / "l3s-gn1-dev.jsonl", encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            gold[d["id"]] = "\n".join(b["text"] for b in d["blocks"] if b["label"] in ("headline", "fulltext"))
    out = []
    for path in sorted((DATA / "l3s-gn1-dev-html").glob("*.html")):
        if path.stem not in gold:
            continue
        raw = path.read_bytes()
        soup = BeautifulSoup(raw, "html.parser")
        for tag in soup(["script", "style", "noscript"]):
            tag.decompose()
        out.append((soup.get_text(), raw.decode("utf-8", "replace"), gold[path.stem]))
    return out


def systems(peers: bool) -> dict:
    """name -> function of (naive text, HTML) giving the text kept."""
    import textclean

    out = {
        "keep-all": lambda text, html: text,
        "textclean": lambda text, html: textclean.clean(text),
        "textclean boilerplate": lambda text, html: textclean.clean(text, only=["boilerplate"]),
    }
    if peers:
        try:
            import trafilatura

            out["trafilatura (from HTML)"] = lambda text, html: trafilatura.extract(html) or ""
        except ImportError:
            pass
        try:
            import justext

            out["jusText (from HTML)"] = lambda text, html: "\n".join(
                p.text for p in justext.justext(html.encode("utf-8"), justext.get_stoplist("English"))
                if not p.is_boilerplate)
        except ImportError:
            pass
    return out


def run(peers: bool = True) -> dict:
    """Scores by system: {name: {"P", "R", "F1", "F1_even", "F1_odd", "pages", "seconds"}}."""
    if not (DATA / "l3s-gn1-dev.jsonl").exists() or not (DATA / "l3s-gn1-dev-html").is_dir():
        return {"skipped": f"no L3S-GN1 development pages at {DATA}"}
    docs = pages()
    results = {}
    for name, fn in systems(peers).items():
        t0 = time.perf_counter()
        scores = [token_f1(fn(text, html), gold) for text, html, gold in docs]
        results[name] = summary(scores, time.perf_counter() - t0)
    return results


def other_source() -> dict:
    """{(source, "keep-all" | "textclean"): (P, R, F1, pages)} on the extraction pages as naive
    text (empty where they are absent)."""
    import gzip
    import warnings

    from bs4 import BeautifulSoup

    import textclean

    path = DATA.parent / "extraction" / "extraction-dev.jsonl.gz"
    if not path.exists():
        return {}
    warnings.filterwarnings("ignore", module="bs4")
    scores: dict = {}
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for row in f:
            page = json.loads(row)
            soup = BeautifulSoup(page["html"], "html.parser")
            for tag in soup(["script", "style", "noscript"]):
                tag.decompose()
            text = soup.get_text()
            for name, out in (("keep-all", text), ("textclean", textclean.clean(text))):
                scores.setdefault((page["source"], name), []).append(token_f1(out, page["gold_text"]))
    return {k: tuple(sum(s[i] for s in v) / len(v) for i in range(3)) + (len(v),) for k, v in scores.items()}


def documentation_pages(limit: int = 120) -> dict:
    """{"keep-all" | "textclean": (P, R, F1, pages)} on the Rust toolchain's mdBook pages as
    naive text against the text of their ``<main>`` (empty where none is installed), and the
    pages where textclean kept least of it."""
    import glob
    import random
    import warnings

    from bs4 import BeautifulSoup

    import textclean

    warnings.filterwarnings("ignore", module="bs4")
    files = sorted(glob.glob(str(Path.home() / ".rustup/toolchains/*/share/doc/rust/html/*/**/*.html"),
                             recursive=True))
    random.Random(7).shuffle(files)
    scores: dict = {"keep-all": [], "textclean": [], "textclean from HTML": []}
    try:
        import trafilatura
        scores["trafilatura from HTML"] = []
    except ImportError:
        trafilatura = None
    worst = []
    code = [0, 0]  # code blocks of the pages, and those every line of which clean_html kept
    for path in files:
        raw = Path(path).read_text(encoding="utf-8", errors="replace")
        if "<main>" not in raw or "mdbook" not in raw.lower():
            continue
        soup = BeautifulSoup(raw, "html.parser")
        for tag in soup(["script", "style", "noscript"]):
            tag.decompose()
        main = soup.find("main")
        if main is None or len(main.get_text()) < 2000:
            continue
        gold, text = main.get_text(), soup.get_text()
        scores["keep-all"].append(token_f1(text, gold))
        scores["textclean"].append(token_f1(textclean.clean(text), gold))
        from_html = textclean.clean_html(raw)
        scores["textclean from HTML"].append(token_f1(from_html, gold))
        if trafilatura is not None:
            scores["trafilatura from HTML"].append(token_f1(trafilatura.extract(raw) or "", gold))
        for pre in main.find_all("pre"):
            lines = [line.rstrip() for line in pre.get_text().split("\n") if line.strip()]
            code[0] += 1
            code[1] += all(line in from_html for line in lines)
        worst.append((scores["textclean"][-1][1], path.split("/html/", 1)[1]))
        if len(worst) >= limit:
            break
    out = _averaged(scores, worst)
    if out:
        out["code blocks"] = tuple(code)
    return out


def _averaged(scores: dict, worst: list) -> dict:
    """{system: (P, R, F1, pages)} averaged over pages, and the three pages kept least of
    (empty where no page was found)."""
    if not worst:
        return {}
    out = {k: tuple(sum(s[i] for s in v) / len(v) for i in range(3)) + (len(v),) for k, v in scores.items()}
    out["least kept"] = sorted(worst)[:3]
    return out


def api_reference_pages(limit: int = 60) -> dict:
    """{"textclean" | "trafilatura": (P, R, F1, pages)} from the HTML of the Rust standard
    library's API reference (rustdoc pages under ``std/``, 60 in a fixed shuffled order, each
    with at least 1,500 characters in its ``<main>``, whose text is the gold), and the pages
    where textclean kept least of it. An API page is short code-like lines (signatures, ``impl
    Eq for Foo``, ``where T: Eq,``) around little prose: what a news-page heuristic takes for
    furniture."""
    import glob
    import random

    import textclean
    from textclean.io.html import parse

    files = sorted(glob.glob(str(Path.home() / ".rustup/toolchains/*/share/doc/rust/html/std/**/*.html"),
                             recursive=True))
    random.Random(3).shuffle(files)
    try:
        import trafilatura
    except ImportError:
        trafilatura = None
    scores: dict = {"textclean": [], "trafilatura": []} if trafilatura else {"textclean": []}
    worst = []
    for path in files:
        raw = Path(path).read_text(encoding="utf-8", errors="replace")
        main = parse(raw).css_first("main")
        if main is None:
            continue
        for tag in main.css("script, style, noscript"):
            tag.decompose()
        gold = main.text(separator=" ")
        if len(gold) < 1500:
            continue
        scores["textclean"].append(token_f1(textclean.clean_html(raw), gold))
        if trafilatura is not None:
            scores["trafilatura"].append(token_f1(trafilatura.extract(raw) or "", gold))
        worst.append((scores["textclean"][-1][1], path.split("/html/", 1)[1]))
        if len(worst) >= limit:
            break
    return _averaged(scores, worst)


if __name__ == "__main__":
    report(run(peers="--no-peers" not in sys.argv[1:]), 24)
    other = other_source()
    if other:
        print("\nthe extraction pages as naive text (token F1 against their gold, by source):")
        for (source, name), (p, r, f1, n) in sorted(other.items()):
            print(f"  {source:14s} {name:10s} P={p:.3f} R={r:.3f} F1={f1:.3f}  {n} pages")
    docs = documentation_pages()
    if docs:
        print("\nthe Rust toolchain's mdBook pages as naive text, and from their HTML (token F1 against their <main>):")
        for name in ("keep-all", "textclean", "textclean from HTML", "trafilatura from HTML"):
            if name in docs:
                p, r, f1, n = docs[name]
                print(f"  {name:22s} P={p:.3f} R={r:.3f} F1={f1:.3f}  {n} pages")
        print("  textclean kept least of: " + ", ".join(f"{page} (R={r:.2f})" for r, page in docs["least kept"]))
        print("  code blocks that textclean.clean_html kept whole (every line): %d of %d"
              % (docs["code blocks"][1], docs["code blocks"][0]))
    api = api_reference_pages()
    if api:
        print("\nthe Rust standard library's API reference from its HTML (token F1 against <main>):")
        for name in ("textclean", "trafilatura"):
            if name in api:
                p, r, f1, n = api[name]
                print(f"  {name:12s} P={p:.3f} R={r:.3f} F1={f1:.3f}  {n} pages")
        print("  textclean kept least of: " + ", ".join(f"{page} (R={r:.2f})" for r, page in api["least kept"]))
