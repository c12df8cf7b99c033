"""The HTML report in a real browser: headless Chromium (Debian's ``chromium`` package) driven
by Playwright opens the report of the seeds and checks what a person would: every edit is
highlighted with its reason, the filter and the before/after toggle work, keyboard navigation
moves between edits, untrusted text is shown and never run, 10,000 documents stay usable.

The edits checked by name (the comment forms, ``¬†``, "Miister") are looked up in the
pipeline's output at test time, so the test follows the cleaners as they improve but fails if
the report hides an edit the pipeline made. Screenshots land in ``tests/artifacts/``.

Needs /usr/bin/chromium and the ``playwright`` Python package (no browser download: Playwright
drives the system Chromium); skipped with a message when either is missing.
"""

import json
import warnings
from pathlib import Path

import pytest

from textclean import Edit
from textclean.report import PAGE_SIZE, ReportDocument, cleaner_colour, write_report
from test_report import seed_documents  # the same seed report the unit tests check

try:
    from playwright.sync_api import expect, sync_playwright
except ImportError:  # the fixture below skips with a message
    expect = sync_playwright = None

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds" / "inputs"
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"no Chromium at {CHROMIUM} (Debian package 'chromium'; .ci/run installs it)")
    if sync_playwright is None:
        pytest.skip("the Python package 'playwright' is not installed (pip install playwright; "
                    "it drives the system Chromium, no browser download)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def page(browser):
    """A page that may load only file: URLs; page errors and outside requests fail the test."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = context.new_page()
    problems = []
    pg.on("pageerror", lambda exc: problems.append(f"page error: {exc}"))
    pg.on("console", lambda m: m.type == "error" and problems.append(f"console error: {m.text}"))

    def guard(route):
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            problems.append(f"request to {route.request.url}")
            route.abort()

    pg.route("**/*", guard)
    yield pg
    context.close()
    assert not problems, problems


@pytest.fixture(scope="module")
def seeds(tmp_path_factory):
    docs = seed_documents()
    path = tmp_path_factory.mktemp("report") / "seeds.html"
    write_report(path, docs, title="textclean report: seeds")
    return path, docs


def norm(s):
    return " ".join(s.split())


def open_doc(pg, i):
    pg.locator(f'#rows a[data-i="{i}"]').click()
    # (locator waits, not wait_for_function: the page's CSP forbids the eval that uses)
    expect(pg.locator("#rows a[aria-current=true]")).to_have_attribute("data-i", str(i))


def edit_order(doc):
    """Edit indices in the order the page lists them (by position, then pipeline order)."""
    def u16(pos):
        return len(doc.original[:pos].encode("utf-16-le")) // 2
    return sorted(range(len(doc.edits)), key=lambda k: (u16(doc.edits[k].start), k))


def test_every_edit_of_every_seed_is_listed_and_marked(page, seeds):
    path, docs = seeds
    page.goto(path.as_uri())
    assert page.locator("#rows a").count() == len(docs)
    for i, doc in enumerate(docs):
        open_doc(page, i)
        assert page.locator("#vpath").inner_text() == doc.path
        if doc.error:
            assert doc.error in page.locator("#verror").inner_text()
            continue
        listed = page.locator("#elist button").all_inner_texts()
        assert listed_edits(listed) == len(doc.edits)  # (a run of identical edits is one line, ×N)
        for edit in doc.edits:
            assert any(norm(edit.reason) in norm(t) for t in listed), edit
        # every edit is anchored in the text itself
        assert anchored(page) == set(range(len(doc.edits)))
        # the cleaned side is exactly the pipeline's output
        shown = page.evaluate("document.getElementById('text-c').textContent")
        assert shown == doc.cleaned


def listed_edits(texts: list[str]) -> int:
    """How many edits the lines of the edit list stand for (a line "... ×N" for N)."""
    import re

    return sum(int(m.group(1)) if (m := re.search(r"\u00d7(\d+)", t.split("\n")[0])) else 1 for t in texts)


def anchored(pg):
    """The edit indices anchored in the marked text."""
    tokens = pg.evaluate("Array.from(document.querySelectorAll('#text-o [data-anchor]'))"
                         ".map(a => a.getAttribute('data-anchor')).join(' ')")
    return {int(t) for t in tokens.split()}


def anchor(pg, k):
    return pg.locator(f'#text-o [data-anchor~="{k}"]')


def focused_edits(pg):
    """The edits anchored on the focused element."""
    return [int(t) for t in (pg.evaluate("document.activeElement.getAttribute('data-anchor')") or "").split()]


def named_targets(docs):
    """(label, doc index, edit index) for the edits the issue names, as the pipeline made them."""
    found, missing = [], []
    checks = [
        ("comment form", lambda d, e: "comment form" in e.reason.lower()),
        ("¬†", lambda d, e: "¬†" in e.before or "¬†" in d.original[e.start:e.end]),
        ("Miister", lambda d, e: "Miister" in e.before or "Miister" in d.original[e.start:e.end]),
    ]
    for label, pred in checks:
        hits = [(i, k) for i, d in enumerate(docs) for k, e in enumerate(d.edits) if pred(d, e)]
        if hits:
            # the first and the last of each kind (a comment form has many lines)
            found += [(label, i, k) for i, k in sorted({hits[0], hits[-1]})]
        else:
            missing.append(label)
    return found, missing


def test_named_edits_are_visible_with_their_reasons(page, seeds):
    path, docs = seeds
    found, missing = named_targets(docs)
    for label in missing:
        warnings.warn(f"the pipeline made no edit for {label!r} on the seeds; not checked")
    assert any(label == "comment form" for label, _, _ in found), "no comment-form edit at all"
    page.goto(path.as_uri())
    for label, i, k in found:
        edit = docs[i].edits[k]
        open_doc(page, i)
        mark = anchor(page, k)
        mark.scroll_into_view_if_needed()
        assert mark.is_visible(), (label, edit)
        box = mark.bounding_box()
        assert box and box["width"] > 0 and box["height"] > 0
        cls = mark.get_attribute("class")
        ci = page.evaluate("JSON.parse(document.getElementById('tc-index').textContent).cleaners")
        assert f"c{ci.index(edit.cleaner)}" in cls
        if label in ("¬†", "Miister"):
            assert label in mark.inner_text()
        if edit.after.strip():  # the replacement is shown beside the original
            assert norm(edit.after) in norm(page.locator(f'#text-o ins[data-e="{k}"]').inner_text())
        # the reason shows on hover...
        mark.hover()
        tip = page.locator("#tip")
        tip.wait_for(state="visible")
        assert norm(edit.reason) in norm(tip.inner_text()), (label, edit.reason, tip.inner_text())
        page.mouse.move(0, 0)
        # ...and on keyboard focus
        mark.focus()
        tip.wait_for(state="visible")
        assert norm(edit.reason) in norm(tip.inner_text())
    label, i, k = found[-1]
    anchor(page, k).hover()
    page.locator("#tip").wait_for(state="visible")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "report-edit-reason.png"))


def test_filter_by_cleaner_and_before_after_toggle(page, seeds):
    path, docs = seeds
    # the document with the most kinds of edits
    i = max(range(len(docs)), key=lambda n: (len({e.cleaner for e in docs[n].edits}), len(docs[n].edits)))
    doc = docs[i]
    cleaners = sorted({e.cleaner for e in doc.edits}, key=lambda c: -sum(e.cleaner == c for e in doc.edits))
    assert cleaners, "no edits on the seeds"
    hidden = cleaners[0]
    n_hidden = sum(e.cleaner == hidden for e in doc.edits)
    page.goto(path.as_uri())
    open_doc(page, i)
    chip = page.locator(f"#chips .chip:has-text('{hidden}')")
    assert chip.get_attribute("aria-pressed") == "true"
    chip.click()
    assert chip.get_attribute("aria-pressed") == "false"
    assert listed_edits(page.locator("#elist button").all_inner_texts()) == len(doc.edits) - n_hidden
    kept = page.locator("#elist .cl").all_inner_texts()
    assert hidden not in kept
    assert len(anchored(page)) == len(doc.edits) - n_hidden
    chip.click()
    assert listed_edits(page.locator("#elist button").all_inner_texts()) == len(doc.edits)

    # the document list filters by cleaner too
    page.select_option("#filter", label=f"edited by {hidden}")
    expected = sum(any(e.cleaner == hidden for e in d.edits) for d in docs)
    assert page.locator("#rows a").count() == expected
    page.select_option("#filter", value="all")

    toggle = page.locator("#toggle-sbs")
    assert page.locator("#pane-c").is_hidden()
    toggle.click()
    assert toggle.get_attribute("aria-pressed") == "true"
    before, after = page.locator("#pane-o").bounding_box(), page.locator("#pane-c").bounding_box()
    assert page.locator("#pane-c").is_visible()
    assert after["x"] >= before["x"] + before["width"] - 1 and abs(after["y"] - before["y"]) < 5
    assert page.evaluate("document.getElementById('text-c').textContent") == doc.cleaned
    ARTIFACTS.mkdir(exist_ok=True)
    page.locator("#documents").scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "report-before-after.png"))
    toggle.click()
    assert page.locator("#pane-c").is_hidden()

    page.screenshot(path=str(ARTIFACTS / "report-seeds.png"), full_page=True)


def test_keyboard_moves_between_edits_and_documents(page, seeds):
    path, docs = seeds
    i = next(n for n, d in enumerate(docs) if len(d.edits) >= 2)
    order = edit_order(docs[i])
    page.goto(path.as_uri())
    open_doc(page, i)
    page.locator("body").click(position={"x": 5, "y": 5})
    page.keyboard.press("j")
    assert order[0] in focused_edits(page)
    page.keyboard.press("j")
    assert order[1] in focused_edits(page)
    assert norm(docs[i].edits[order[1]].reason) in norm(page.locator("#tip").inner_text())
    assert page.locator("#editpos").inner_text() == f"2 / {len(order)}"
    page.keyboard.press("k")
    assert order[0] in focused_edits(page)
    page.keyboard.press("]")
    if i + 1 < len(docs):
        assert page.locator("#vpath").inner_text() == docs[i + 1].path


def test_overlapping_edits_all_stay_reachable(page, tmp_path):
    original = "Intro. Leave a Reply Log\xa0Out \u00ac\u2020 now.\nEnd 😀 of text.\n"
    s0 = original.index("Leave")
    moj = original.index("\u00ac")
    gap = original.index("now")
    end = original.index("\nEnd")
    edits = [
        Edit("markup", s0, s0 + 7, "Leave a", "Leave  a", "markup: same start as the removal", (s0, s0 + 7)),
        Edit("mojibake", moj, moj + 2, "\u00ac\u2020", "\xa0", "mojibake: nested in the removal", (moj, moj + 2)),
        Edit("line_breaks", gap, gap, "", "\n", "insertion inside the removal", (gap, gap)),
        Edit("boilerplate", s0, end, "...", "", "comment form: covers the others", (s0, end)),
        Edit("whitespace", end - 3, end + 4, "...", " ", "partly overlaps the removal", (0, 0)),
        Edit("typos", end + 5, end + 7, "😀", "", "after an astral character", (0, 0)),
    ]
    cleaned = "Intro. End of text.\n"
    path = tmp_path / "overlap.html"
    write_report(path, [ReportDocument("overlap.txt", original, cleaned, edits)])
    page.goto(path.as_uri())
    assert anchored(page) == set(range(len(edits)))
    for k, e in enumerate(edits):
        anchor(page, k).hover()
        page.locator("#tip").wait_for(state="visible")
        assert e.reason in page.locator("#tip").inner_text(), e
        page.mouse.move(0, 0)
    assert "😀" in anchor(page, 5).inner_text()
    assert "of text" not in anchor(page, 5).inner_text()
    # the superseded insertions are shown faded, the nested mojibake fix too
    assert "sup" in page.locator('#text-o ins[data-e="1"]').get_attribute("class")
    for n in range(len(edits)):
        page.keyboard.press("j")
    assert page.locator("#editpos").inner_text() == f"{len(edits)} / {len(edits)}"


def test_a_plugin_cleaner_is_drawn_in_its_own_colour(page, tmp_path):
    text = "the colour red  here\n"
    edits = [Edit("us_spelling", 4, 10, "colour", "color", "us spelling", (4, 10)),
             Edit("whitespace", 14, 16, "  ", " ", "repeated spaces", (14, 16))]
    path = tmp_path / "plugin.html"
    write_report(path, [ReportDocument("a.txt", text, "the color red here\n", edits)])
    page.goto(path.as_uri())
    for k, e in enumerate(edits):
        colour = cleaner_colour(e.cleaner)
        rgb = "rgb({}, {}, {})".format(*(int(colour[i:i + 2], 16) for i in (1, 3, 5)))
        assert anchor(page, k).evaluate("el => getComputedStyle(el).borderBottomColor") == rgb
        dot = page.locator(f"#chips .chip:has-text('{e.cleaner}') .dot")
        assert dot.evaluate("el => getComputedStyle(el).backgroundColor") == rgb


EVIL = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2"></textarea>'


def test_untrusted_text_is_shown_never_run(page, tmp_path):
    text = f"Before. {EVIL} After https://example.com/x.js\n"
    s = text.index("<script>")
    e = s + len(EVIL)
    doc = ReportDocument(
        EVIL, text, text[:s] + text[e:],
        [Edit("markup", s, e, EVIL, "", f"markup: {EVIL}", (s, e))])
    path = tmp_path / "evil.html"
    write_report(path, [doc, ReportDocument("x", "", "", [], error=EVIL)], title=EVIL)
    page.goto(path.as_uri())
    page.wait_for_timeout(200)
    assert page.evaluate("window.__pwned") is None
    assert page.title() == EVIL
    assert page.locator("#vpath").inner_text() == EVIL
    assert EVIL in page.locator("#text-o").inner_text()
    anchor(page, 0).hover()
    assert EVIL in page.locator("#tip").inner_text()
    open_doc(page, 1)
    assert EVIL in page.locator("#verror").inner_text()
    assert page.evaluate("document.querySelectorAll('img, #text-o script').length") == 0


def test_ten_thousand_documents_stay_usable(page, tmp_path):
    n = 10_000
    docs = []
    for i in range(n):
        original = f"Document {i} says hello  world.\nLeave a Reply\n"
        s = original.index("Leave")
        w = original.index("  ")
        docs.append(ReportDocument(
            f"crawl/{i:05d}.txt", original, original[:s].replace("  ", " "),
            [Edit("whitespace", w, w + 2, "  ", " ", "repeated spaces", (w, w + 2)),
             Edit("boilerplate", s, len(original), original[s:], "", "comment form (WordPress)", (s, len(original)))]))
    path = tmp_path / "big.html"
    write_report(path, docs)
    page.goto(path.as_uri())
    assert page.locator("#rows a").count() == PAGE_SIZE
    assert page.locator("#count").inner_text() == "10,000 of 10,000 documents"
    page.click("#pg-next")
    assert page.locator("#rows a").first.get_attribute("data-i") == str(PAGE_SIZE)
    # the DOM holds one page of the list and one document, not 10,000 (the data blocks are
    # inert <script type="application/json"> elements, parsed only when a document opens)
    assert page.evaluate("document.querySelectorAll('body *:not(script)').length") < 3000
    page.fill("#q", "Document 9876 says")
    expect(page.locator("#rows a")).to_have_count(1)
    assert page.locator("#vpath").inner_text() == "crawl/09876.txt"
    assert "comment form (WordPress)" in page.locator("#elist").inner_text()
    assert page.locator("#text-o mark").first.inner_text().lower() == "document 9876 says"
    # reasons are searchable too
    page.fill("#q", "repeated spaces")
    expect(page.locator("#count")).to_have_text("10,000 of 10,000 documents")
    page.fill("#q", "no such reason or text")
    expect(page.locator("#count")).to_have_text("0 of 10,000 documents")
    data = json.loads(page.evaluate("document.getElementById('d9876').textContent"))
    assert data["o"] == docs[9876].original
    page.fill("#q", "")
    expect(page.locator("#count")).to_have_text("10,000 of 10,000 documents")
    page.locator('#rows a[data-i="9"]').click()
    page.keyboard.press("j")
    assert page.locator("#editpos").inner_text() == "1 / 2"


def test_runs_long_names_and_line_endings_read_right_at_both_widths(browser, tmp_path):
    long_name = "crawl-2024-05-01/part-0001/a-very-long-document-name-from-a-crawl.txt"
    docs = [ReportDocument("blanks.txt", "One.\n\n\n\nTwo.\n\n\n\nThree.\n", "One.\n\nTwo.\n\nThree.\n",
                           [Edit("whitespace", 5, 7, "\n\n", "", "extra blank lines", (5, 7)),
                            Edit("whitespace", 12, 14, "\n\n", "", "extra blank lines", (12, 14))]),
            ReportDocument(long_name, "Line one.\r\nLine two.\r\n", "Line one.\nLine two.\n",
                           [Edit("whitespace", 9, 11, "\r\n", "\n", "line ending", (9, 11)),
                            Edit("whitespace", 20, 22, "\r\n", "\n", "line ending", (20, 22))])]
    path = tmp_path / "r.html"
    write_report(path, docs)
    ARTIFACTS.mkdir(exist_ok=True)
    for width, height, name in ((1400, 1000, "wide"), (390, 844, "phone")):
        context = browser.new_context(viewport={"width": width, "height": height})
        pg = context.new_page()
        pg.goto(path.as_uri())
        # the overview fills the width: no large empty area right of the cards
        gap = pg.evaluate("(() => { const c = document.querySelector('.cards'); const last = c.lastElementChild;"
                          " return c.getBoundingClientRect().right - last.getBoundingClientRect().right; })()")
        assert gap < 40, f"{name}: {gap}px empty right of the cards"
        pg.screenshot(path=str(ARTIFACTS / f"report-overview-{name}.png"))
        context.close()
    pg = browser.new_page(viewport={"width": 1400, "height": 1000})
    pg.goto(path.as_uri())
    names = pg.locator("#rows .nm").all_inner_texts()
    assert names[0] == "blanks.txt"
    assert "\u2026" in names[1] and names[1].endswith("crawl.txt") and names[1].startswith("crawl-2024")
    open_doc(pg, 0)
    assert pg.locator("#elist button").all_inner_texts()[0].split("\n")[0].endswith("\u00d72")
    open_doc(pg, 1)
    assert "CR\u21b5 \u2192 \u21b5" in pg.locator("#elist button").all_inner_texts()[0]
    pg.screenshot(path=str(ARTIFACTS / "report-line-endings.png"))
    pg.close()
