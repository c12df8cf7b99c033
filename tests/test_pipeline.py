"""The host's pipeline: ordering, selection, options, provenance mapping, replay, errors."""

import dataclasses
import pickle

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import textclean
from textclean import Cleaner, CleanerError, Config, ConfigError, Fix, Pipeline, Stage, hookimpl, replay
from textclean.core.budget import TimeBudget, run_with_budget
from textclean.core.fixes import apply_fixes, check_fixes, fixes_from_string
from textclean.core.pipeline import select_cleaners
from textclean.plugins.manager import PluginError

SAMPLE = {"plugins": ["tc_sample"], "autoload": False}


def sample(**extra):
    return Pipeline({**SAMPLE, **extra})


def test_builtin_names_are_public_and_stable():
    names = Pipeline({"autoload": False}).names
    for name in ("mojibake", "line_breaks", "boilerplate", "typos", "whitespace"):
        assert name in names


def test_order_is_stage_then_name_not_registration_order():
    p = sample()
    stages = [(c.stage, c.name) for c in p.cleaners]
    assert stages == sorted(stages)
    assert p.names.index("drop_ads") < p.names.index("expand") < p.names.index("whitespace")


def test_order_does_not_depend_on_plugin_load_order():
    a = {c.name: c for c in sample().cleaners}
    shuffled = dict(reversed(list(a.items())))
    assert [c.name for c in select_cleaners(shuffled, Config())] == [c.name for c in select_cleaners(a, Config())]


def test_explicit_order_overrides_stages():
    p = sample(order=["whitespace", "expand"])
    assert p.names == ["whitespace", "expand"]


def test_only_disable_enable():
    assert sample(only=["expand", "whitespace"]).names == ["expand", "whitespace"]
    assert "expand" not in sample(disable=["expand"]).names
    assert "shout" not in sample().names
    assert "shout" in sample(enable=["shout"]).names


@pytest.mark.parametrize("key", ["only", "disable", "enable", "order"])
def test_unknown_names_list_the_valid_ones(key):
    with pytest.raises(ConfigError, match=r"unknown cleaner\(s\) in %s: nope; valid names: .*whitespace" % key):
        sample(**{key: ["nope"]})


def test_unknown_option_and_bad_type():
    with pytest.raises(ConfigError, match="has no option 'colour'; its options: marker"):
        sample(options={"drop_ads": {"colour": 1}})
    with pytest.raises(ConfigError, match="must be str"):
        sample(options={"drop_ads": {"marker": 3}})
    with pytest.raises(ConfigError, match="unknown cleaner"):
        sample(options={"nope": {}})


def test_duplicate_cleaner_names_name_both_plugins():
    with pytest.raises(PluginError, match="two cleaners are named 'whitespace'.*'whitespace'.*'tc_dupe'"):
        Pipeline({"plugins": ["tc_dupe"], "autoload": False})


def test_options_reach_the_cleaner():
    p = sample(only=["drop_ads"], options={"drop_ads": {"marker": "PROMO"}})
    assert p.clean("PROMO buy\nkeep AD: this\n") == "keep AD: this\n"


def test_rule_data_reaches_cleaners():
    p = sample(only=["shout"])
    assert p.clean("a loud noise") == "a LOUD noise"


def test_provenance_spans_refer_to_the_input():
    src = "AD: buy now\nsalt & pepper\n\n\n\nend  of  story\n"
    out, edits = sample(only=["drop_ads", "expand", "whitespace"]).explain(src)
    assert out == "salt and pepper\n\nend of story\n"
    by_reason = {e.reason: e for e in edits}
    amp = by_reason["ampersand"]
    assert src[amp.start:amp.end] == " & " and amp.before == " & " and amp.after == " and "
    ad = by_reason["ad line"]
    assert src[ad.start:ad.end] == "AD: buy now\n"
    for e in edits:
        if e.cleaner == "whitespace":
            assert src[e.start:e.end] == e.before
    assert replay(src, edits) == out


def test_string_returning_cleaner_gets_edits_derived():
    out, edits = sample(only=["shout"]).explain("so loud here\nquiet\n")
    assert out == "so LOUD here\nquiet\n"
    assert [(e.start, e.end, e.before, e.after) for e in edits] == [(3, 7, "loud", "LOUD")]


def test_fixes_from_string_roundtrip():
    old, new = "one\ntwo\nthree\n", "one\n2\nthree\nfour\n"
    assert apply_fixes(old, fixes_from_string(old, new, "r")) == new
    assert apply_fixes(old, fixes_from_string(old, new, "r", precise=True)) == new


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab \n\ré", max_size=40), st.text(alphabet="ab \n\ré", max_size=40))
def test_fixes_from_string_turns_any_text_into_any_other(old, new):
    for precise in (False, True):
        fixes = fixes_from_string(old, new, "r", precise=precise)
        assert apply_fixes(old, fixes) == new
        assert all(a.end <= b.start for a, b in zip(fixes, fixes[1:]))


@pytest.mark.parametrize("name, message", [("raises", "raised RuntimeError: boom"),
                                           ("returns_int", "returned int"),
                                           ("grows", "is not idempotent"),
                                           # a bug in the native core is a fault of the
                                           # cleaner that called it, never a crash of the run
                                           ("native_panic", "raised NativeError: _panic_for_tests: a panic on purpose"),
                                           ("native_panic_unguarded", "raised PanicException: a panic on purpose")])
def test_faulty_cleaner_is_named_with_its_plugin(name, message):
    p = Pipeline({"plugins": ["tc_faulty"], "autoload": False, "only": [name]})
    with pytest.raises(CleanerError, match=f"cleaner '{name}' \\(plugin 'tc_faulty'\\): {message}") as info:
        p.clean("text")
    assert info.value.plugin == "tc_faulty"


def test_bad_fixes_are_rejected():
    bad = Cleaner("bad", lambda t, c: [Fix(2, 1, "", "backwards")], Stage.WORDS, "bad")
    with pytest.raises(CleanerError, match="overlapping, unsorted or out-of-range"):
        check_fixes(bad, "abc", bad.fix("abc", None))


def test_time_budget_turns_a_runaway_cleaner_into_an_error():
    import re
    import threading
    import time
    slow = Cleaner("slow", lambda t, c: time.sleep(2) or [], Stage.WORDS, "sleeps")
    # A catastrophic regex: the alarm must interrupt the match itself.
    evil = Cleaner("evil", lambda t, c: re.match(r"(a+)+$", t) and [], Stage.WORDS, "backtracks")
    for cleaner, text in ((slow, "x"), (evil, "a" * 40 + "b")):
        t0 = time.perf_counter()
        with pytest.raises(CleanerError, match="exceeded the time budget of 0.2s"):
            run_with_budget(cleaner, text, None, 0.2)
        assert time.perf_counter() - t0 < 1.5
    box = {}
    def off_main():
        try:
            run_with_budget(slow, "x", None, 0.2)
        except CleanerError as exc:
            box["error"] = str(exc)
    t = threading.Thread(target=off_main)
    t.start(); t.join()
    assert "exceeded the time budget" in box["error"]


def test_one_alarm_per_document_still_gives_each_cleaner_its_own_budget(monkeypatch):
    import signal
    import sys
    import time
    import types
    nap = Cleaner("nap", lambda t, c: time.sleep(0.3) or [], Stage.WORDS, "sleeps 0.3 s")
    slow = Cleaner("slow", lambda t, c: time.sleep(2) or [], Stage.WORDS, "sleeps 2 s")
    with TimeBudget(0.5) as watch:
        for _ in range(3):  # 0.9 s in all, more than the budget, but each call stays within it
            assert watch.run(nap, "x", None) == []
        t0 = time.perf_counter()
        with pytest.raises(CleanerError, match="exceeded the time budget of 0.5s"):
            watch.run(slow, "x", None)
        assert time.perf_counter() - t0 < 1.5
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)  # nothing left armed
    # A document cleaned inside a cleaner of another keeps the outer budget in force.
    inner = Cleaner("inner", lambda t, c: TimeBudget(5).__enter__().__exit__() or time.sleep(2) or [],
                    Stage.WORDS, "runs a pipeline of its own, then sleeps")
    t0 = time.perf_counter()
    with TimeBudget(0.5) as watch, pytest.raises(CleanerError, match="exceeded the time budget of 0.5s"):
        watch.run(inner, "x", None)
    assert time.perf_counter() - t0 < 1.5
    # In a pipeline, a slow plugin's cleaner runs under the document's alarm too.
    plugin = types.ModuleType("tc_slow_for_budget")
    plugin.textclean_register_cleaners = hookimpl(lambda: [slow])
    monkeypatch.setitem(sys.modules, plugin.__name__, plugin)
    p = Pipeline({"autoload": False, "plugins": [plugin.__name__], "only": ["slow", "whitespace"],
                  "time_budget": 0.3})
    t0 = time.perf_counter()
    with pytest.raises(CleanerError, match="exceeded the time budget of 0.3s") as info:
        p.clean("x  y")
    assert info.value.cleaner == "slow" and time.perf_counter() - t0 < 1.5


def test_a_budgeted_pipeline_loads_before_its_first_document_not_when_built():
    import time
    loads = []
    # A built-in cleaner whose first call loads something slow (as typos loads its model):
    # the pipeline calls it once outside the budget, before the first document, and only then.
    def fix(text, ctx):
        if not loads:
            loads.append(text)
            time.sleep(0.5)
        return []
    p = Pipeline({"autoload": False, "only": ["whitespace"], "time_budget": 0.3})
    cleaner, ctx = p._steps[0]
    p._steps[0] = (dataclasses.replace(cleaner, fix=fix), ctx)
    assert loads == []  # built (as the main process of --jobs N builds it): nothing loaded
    assert p.clean("a  b") == "a  b"  # the load took longer than the budget, outside it
    assert len(loads) == 1 and loads[0] != "a  b"  # on the warm-up sample
    p.clean("c  d")
    assert len(loads) == 1


def _speculative_pipeline(monkeypatch, calls, name):
    """A pipeline of one speculative English cleaner that corrects "teh" (and records the
    language it was called with); with language "" it corrects nothing in text that has "ist"."""
    import sys
    import types

    def fix(text, ctx):
        calls.append(ctx.language)
        if ctx.language not in ("", "en") or (ctx.language == "" and "ist" in text.split()):
            return []
        i = text.find("teh")
        return [Fix(i, i + 3, "the", "teh -> the")] if i >= 0 else []
    cleaner = Cleaner("spec", fix, Stage.WORDS, "speculative", languages=frozenset({"en"}), speculative=True)
    plugin = types.ModuleType(name)  # (a name of its own: plugin sets are cached by name)
    plugin.textclean_register_cleaners = hookimpl(lambda: [cleaner])
    monkeypatch.setitem(sys.modules, plugin.__name__, plugin)
    return Pipeline({"autoload": False, "plugins": [plugin.__name__], "only": ["spec"]})


def test_a_speculative_cleaner_is_asked_before_the_language_is_identified(monkeypatch):
    from textclean.core import pipeline as module

    calls, identified = [], []
    real = module.language_of
    monkeypatch.setattr(module, "language_of", lambda text: identified.append(text) or real(text))
    p = _speculative_pipeline(monkeypatch, calls, "tc_speculative_asked")
    english = "The committee met on Tuesday and agreed to publish the report next week. " * 3
    # nothing to change: the document is never identified
    assert p.clean(english) == english and identified == [] and calls == ["en"]
    # a change: identified (its input), English, the change kept
    assert p.clean(english + "See teh end.") == english + "See the end." and len(identified) == 1
    # another language: identified, the change dropped, as identifying first does
    german = "Der Ausschuss hat sich am Dienstag getroffen und den Bericht beschlossen, teh. " * 3
    calls.clear()
    assert p.clean(german) == german == p.run(german).text and calls == ["en"]
    # a short text of unknown language: the cleaner asked again as such (a pipeline that has
    # not met another language yet)
    calls = []
    p = _speculative_pipeline(monkeypatch, calls, "tc_speculative_short")
    assert p.clean("ist teh") == p.run("ist teh").text == "ist teh" and calls[:2] == ["en", ""]
    assert p.clean("so teh") == "so the"


def test_speculation_stops_where_documents_are_in_another_language(monkeypatch):
    calls = []
    p = _speculative_pipeline(monkeypatch, calls, "tc_speculative_stops")
    german = "Der Ausschuss hat sich am Dienstag getroffen und den Bericht beschlossen, teh. " * 3
    for _ in range(4):
        p.clean(german)
    # the first was asked as English, then identified; after it, the documents are
    # identified first and the cleaner is not called on them at all
    assert calls == ["en"]
    english = "The committee met on Tuesday and agreed to publish the report next week. " * 3
    for _ in range(20):
        p.clean(english)
    assert calls[-1] == "en"  # English documents identified first: asked as English


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["teh", "recieve", "the", "Der", "und", "ist", "Miister", "Prime", "das",
                                 "le", "chat", "\n", ".", "goverment", "said"]), max_size=40).map(" ".join))
def test_typos_alone_cleans_as_it_explains(text):
    # clean() identifies a document only when typos proposes a change; run() identifies first
    p = Pipeline({"autoload": False, "only": ["typos"]})
    assert p.clean(text) == p.run(text).text == p.explain(text).text


def test_the_code_patterns_are_compiled_before_the_first_document_where_a_cleaner_needs_them(monkeypatch):
    from textclean.core import pipeline as module
    calls = []
    monkeypatch.setattr(module, "prepare_unmarked", lambda: calls.append(1))
    # typos may not edit code without markup: the host looks for it, so it prepares for it,
    # once, when the first document comes, not when the pipeline is built
    p = Pipeline({"autoload": False, "only": ["typos"]})
    assert calls == []
    p.clean("One line.")
    p.clean("Another line.")
    assert calls == [1]
    # boilerplate may (it judges whole lines): nothing to prepare
    calls.clear()
    Pipeline({"autoload": False, "only": ["boilerplate"]}).clean("One line.")
    assert calls == []


def test_pipeline_pickles_as_plain_config():
    p = sample(disable=["expand"], options={"drop_ads": {"marker": "X"}})
    q = pickle.loads(pickle.dumps(p))
    assert q.names == p.names and q.config == p.config
    assert q.clean("X y\nz & w\n") == p.clean("X y\nz & w\n")


def test_text_must_be_str():
    with pytest.raises(TypeError, match="decode bytes first"):
        Pipeline({"autoload": False, "only": ["whitespace"]}).clean(b"bytes")


def test_clean_api_caches_pipelines():
    assert textclean.get_pipeline(only=["whitespace"]) is textclean.get_pipeline(only=["whitespace"])
    assert textclean.clean("a  b", only=["whitespace"], options={"whitespace": {"collapse_spaces": False}}) == "a  b"


_pieces = st.lists(st.sampled_from(["AD: x\n", "a & b", " ", "  ", "\n", "\n\n\n", "word", "\r\n", "é", "\t"]),
                   max_size=30).map("".join)


@settings(max_examples=300, deadline=None)
@given(_pieces)
def test_replay_and_span_invariants(src):
    p = sample(only=["drop_ads", "expand", "whitespace"])
    out, edits = p.explain(src)
    assert replay(src, edits) == out
    assert p.clean(src) == out
    first = [e for e in edits if e.cleaner == p.names[0]]
    for e in first:  # the first cleaner sees the input itself
        assert src[e.start:e.end] == e.before
    for e in edits:
        assert 0 <= e.start <= e.end <= len(src)


def test_code_pasted_into_prose_keeps_the_spaces_that_align_it():
    # (no fence, no Markdown: the host finds no region; the whitespace cleaner itself keeps
    # the alignment of indented code lines, and still collapses the prose around them)
    text = ("To install it, run the following commands in a terminal on your machine:\n\n"
            "for i in range(10):\n    x  =  compute(i)   # aligned\n    print(x,  i)\n\n"
            "Then restart  the service and check the log file for errors before going on.\n")
    out = textclean.clean(text)
    assert "    x  =  compute(i)   # aligned\n    print(x,  i)\n" in out
    assert "Then restart the service" in out
    # an indented line of scraped prose with brackets is collapsed as before
    assert textclean.clean("    Logitech  (News) said  so.\n") == "    Logitech (News) said so.\n"


def test_hints_reach_the_cleaners_of_that_document_only(monkeypatch):
    import sys
    import types

    seen = []

    def fix(text, ctx):
        seen.append(dict(ctx.hints))
        drop = ctx.hints.get("drop")
        i = text.find(drop) if drop else -1
        return [Fix(i, i + len(drop), "", f"hinted: {drop}")] if i >= 0 else []
    cleaner = Cleaner("hinted", fix, Stage.BOILERPLATE, "removes what the caller's hint names")
    plugin = types.ModuleType("tc_hinted")
    plugin.textclean_register_cleaners = hookimpl(lambda: [cleaner])
    monkeypatch.setitem(sys.modules, plugin.__name__, plugin)
    p = Pipeline({"autoload": False, "plugins": [plugin.__name__], "only": ["hinted"]})
    out = p.explain("keep this, drop that", hints={"drop": " drop that"})
    assert out.text == "keep this," and [e.reason for e in out.edits] == ["hinted:  drop that"]
    assert p.clean("keep this, drop that") == "keep this, drop that"  # another document: no hint
    assert p.clean("keep this, drop that", hints={"drop": ", drop that"}) == "keep this"
    assert {} in seen and {"drop": " drop that"} in seen
    # the shared contexts of the pipeline were not changed by a document's hints
    assert all(not ctx.hints for _, ctx in p._steps_for("en", "text"))
