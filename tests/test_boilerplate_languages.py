"""The ``boilerplate`` cleaner in other languages and on documentation (issue 18).

Prose evidence (stop-word density) is judged with the stop list of the document's language
(``textclean/cleaners/boilerplate/stoplists.py``); a language without a list gets none, so
only language-independent evidence removes a line there. Documentation (Markdown, reST,
plain-text manuals, JSON and shell outside fences) loses only widgets spelt out. The fixtures
are written for these tests; each failed with the English-only cleaner.
"""

from __future__ import annotations

import pytest

import textclean
from textclean import Context
from textclean.cleaners.boilerplate import OPTIONS, fix_boilerplate, setup
from textclean.cleaners.boilerplate.stoplists import UNKNOWN, guess, languages, stop_list
from textclean.core.fixes import apply_fixes


def clean(text: str, language: str | None = None, format: str | None = None) -> str:
    return textclean.clean(text, only=["boilerplate"], language=language, format=format)


def kept(text: str, out: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip() and line in out.splitlines()]


MENU_TOP = ["Home", "World", "Politics", "Business", "Sport", "Culture", "Travel", "Contact"]
MENU_BOTTOM = ["About Us", "Jobs", "Advertise", "Privacy", "Terms", "Help", "Sitemap"]


def raw_page(headline: str, paragraphs: list[str]) -> str:
    """A page as a naive scraper writes it: a site menu, the article, a footer menu."""
    return "\n".join(MENU_TOP + [headline] + paragraphs + MENU_BOTTOM) + "\n"


# An article with one quoted English sentence: with the English list alone, that quote was
# the only prose of the page, became the "article body", and the paragraphs around it were
# removed as a menu ("no stop words").
QUOTE = ("\u00ab We are very happy with the result and we will go on with the work that we have "
         "started \u00bb, he said.")

ARTICLES = {
    "fr": ("Le pont du port rouvre apr\u00e8s six mois de travaux", [
        "Le vieux pont du port a rouvert samedi matin \u00e0 la circulation, apr\u00e8s six mois de "
        "travaux qui ont co\u00fbt\u00e9 pr\u00e8s de quatre millions d'euros \u00e0 la ville.",
        QUOTE,
        "Pendant la fermeture, les automobilistes devaient faire un d\u00e9tour de plus de vingt "
        "minutes, et les commer\u00e7ants du quartier se plaignaient d'une baisse de leur chiffre.",
        "Le maire a promis que le pont serait d\u00e9sormais inspect\u00e9 chaque ann\u00e9e par les "
        "services de la ville et que les r\u00e9sultats seraient publi\u00e9s.",
    ]),
    "de": ("Hafenbr\u00fccke nach sechs Monaten wieder offen", [
        "Die alte Hafenbr\u00fccke ist am Samstagmorgen nach sechs Monaten Bauzeit wieder f\u00fcr den "
        "Verkehr freigegeben worden, die Arbeiten haben die Stadt fast vier Millionen Euro gekostet.",
        QUOTE,
        "W\u00e4hrend der Sperrung mussten die Autofahrer einen Umweg von mehr als zwanzig Minuten "
        "fahren, und die H\u00e4ndler im Viertel klagten \u00fcber sinkende Ums\u00e4tze.",
        "Der B\u00fcrgermeister versprach, dass die Br\u00fccke von nun an jedes Jahr gepr\u00fcft wird "
        "und dass die Ergebnisse ver\u00f6ffentlicht werden.",
    ]),
    "ru": ("\u041c\u043e\u0441\u0442 \u0432 \u043f\u043e\u0440\u0442\u0443 \u0441\u043d\u043e\u0432\u0430 "
           "\u043e\u0442\u043a\u0440\u044b\u0442", [
        "\u0421\u0442\u0430\u0440\u044b\u0439 \u043c\u043e\u0441\u0442 \u0432 \u043f\u043e\u0440\u0442\u0443 "
        "\u0431\u044b\u043b \u0441\u043d\u043e\u0432\u0430 \u043e\u0442\u043a\u0440\u044b\u0442 \u0434\u043b\u044f "
        "\u0434\u0432\u0438\u0436\u0435\u043d\u0438\u044f \u0432 \u0441\u0443\u0431\u0431\u043e\u0442\u0443, "
        "\u043f\u043e\u0441\u043b\u0435 \u0442\u043e\u0433\u043e \u043a\u0430\u043a \u0440\u0430\u0431\u043e\u0442\u044b "
        "\u0448\u043b\u0438 \u0448\u0435\u0441\u0442\u044c \u043c\u0435\u0441\u044f\u0446\u0435\u0432.",
        QUOTE,
        "\u0412\u043e \u0432\u0440\u0435\u043c\u044f \u0440\u0435\u043c\u043e\u043d\u0442\u0430 "
        "\u0432\u043e\u0434\u0438\u0442\u0435\u043b\u044f\u043c \u043f\u0440\u0438\u0445\u043e\u0434\u0438\u043b\u043e\u0441\u044c "
        "\u0435\u0437\u0434\u0438\u0442\u044c \u0432 \u043e\u0431\u044a\u0435\u0437\u0434, \u0438 \u044d\u0442\u043e "
        "\u0437\u0430\u043d\u0438\u043c\u0430\u043b\u043e \u0431\u043e\u043b\u044c\u0448\u0435 \u0434\u0432\u0430\u0434\u0446\u0430\u0442\u0438 "
        "\u043c\u0438\u043d\u0443\u0442.",
        "\u041c\u044d\u0440 \u0441\u043a\u0430\u0437\u0430\u043b, \u0447\u0442\u043e \u0442\u0435\u043f\u0435\u0440\u044c "
        "\u043c\u043e\u0441\u0442 \u0431\u0443\u0434\u0443\u0442 \u043f\u0440\u043e\u0432\u0435\u0440\u044f\u0442\u044c "
        "\u043a\u0430\u0436\u0434\u044b\u0439 \u0433\u043e\u0434, \u0438 \u0447\u0442\u043e \u044d\u0442\u043e "
        "\u0431\u0443\u0434\u0435\u0442 \u0441\u0434\u0435\u043b\u0430\u043d\u043e \u0434\u043b\u044f "
        "\u0431\u0435\u0437\u043e\u043f\u0430\u0441\u043d\u043e\u0441\u0442\u0438 \u0432\u0441\u0435\u0445.",
    ]),
    "ar": ("\u0625\u0639\u0627\u062f\u0629 \u0641\u062a\u062d \u062c\u0633\u0631 \u0627\u0644\u0645\u064a\u0646\u0627\u0621", [
        "\u0623\u0639\u064a\u062f \u0641\u062a\u062d \u062c\u0633\u0631 \u0627\u0644\u0645\u064a\u0646\u0627\u0621 "
        "\u0627\u0644\u0642\u062f\u064a\u0645 \u0623\u0645\u0627\u0645 \u062d\u0631\u0643\u0629 \u0627\u0644\u0633\u064a\u0631 "
        "\u064a\u0648\u0645 \u0627\u0644\u0633\u0628\u062a \u0628\u0639\u062f \u0633\u062a\u0629 \u0623\u0634\u0647\u0631 "
        "\u0645\u0646 \u0627\u0644\u0623\u0634\u063a\u0627\u0644 \u0627\u0644\u062a\u064a \u0643\u0627\u0646\u062a "
        "\u0641\u064a \u0627\u0644\u0645\u062f\u064a\u0646\u0629.",
        QUOTE,
        "\u0648\u0642\u0627\u0644 \u0631\u0626\u064a\u0633 \u0627\u0644\u0628\u0644\u062f\u064a\u0629 \u0625\u0646 "
        "\u0627\u0644\u062c\u0633\u0631 \u0633\u064a\u062a\u0645 \u0641\u062d\u0635\u0647 \u0643\u0644 \u0639\u0627\u0645 "
        "\u0645\u0646 \u0627\u0644\u0622\u0646 \u0641\u0635\u0627\u0639\u062f\u0627\u060c \u0648\u0625\u0646 "
        "\u0627\u0644\u0646\u062a\u0627\u0626\u062c \u0633\u062a\u0646\u0634\u0631 \u0639\u0644\u0649 "
        "\u0627\u0644\u0645\u0648\u0642\u0639.",
        "\u0648\u0643\u0627\u0646 \u0639\u0644\u0649 \u0627\u0644\u0633\u0627\u0626\u0642\u064a\u0646 \u0623\u0646 "
        "\u064a\u0633\u0644\u0643\u0648\u0627 \u0637\u0631\u064a\u0642\u0627 \u0623\u0637\u0648\u0644 \u0645\u0646 "
        "\u0639\u0634\u0631\u064a\u0646 \u062f\u0642\u064a\u0642\u0629 \u0645\u0646\u0630 \u0623\u0646 "
        "\u0623\u063a\u0644\u0642 \u0627\u0644\u062c\u0633\u0631 \u0641\u064a \u0627\u0644\u0631\u0628\u064a\u0639.",
    ]),
}


@pytest.mark.parametrize("lang", sorted(ARTICLES))
def test_an_article_in_its_language_is_kept_whole(lang):
    headline, paras = ARTICLES[lang]
    text = raw_page(headline, paras)
    out = clean(text, language=lang)
    for para in paras:
        assert para in out, (lang, para[:40])
    assert clean(out, language=lang) == out  # a fixed point


@pytest.mark.parametrize("lang", sorted(ARTICLES))
def test_the_host_identifies_the_language(lang):
    """Without a language given, the host's identifier names it, with the same outcome."""
    headline, paras = ARTICLES[lang]
    text = raw_page(headline, paras)
    assert clean(text) == clean(text, language=lang)


def test_the_site_menu_still_goes_in_another_language():
    """Knowing the language keeps the article *and* finds it: the menu around it goes."""
    headline, paras = ARTICLES["fr"]
    out = clean(raw_page(headline, paras), language="fr")
    assert "Politics\n" not in out and "Sitemap" not in out
    assert headline in out


# A language without a stop list: no prose evidence, so no article body and no position; an
# exact widget template, a separator row and a price list still count.
GEORGIAN = ("\u10eb\u10d5\u10d4\u10da\u10d8 \u10ee\u10d8\u10d3\u10d8 \u10d9\u10d5\u10da\u10d0\u10d5 "
            "\u10d2\u10d0\u10d8\u10ee\u10e1\u10dc\u10d0 \u10db\u10dd\u10eb\u10e0\u10d0\u10dd\u10d1\u10d8\u10e1"
            "\u10d7\u10d5\u10d8\u10e1 \u10d4\u10e5\u10d5\u10e1\u10d8 \u10d7\u10d5\u10d8\u10e1 "
            "\u10e1\u10d0\u10db\u10e3\u10e8\u10d0\u10dd\u10d4\u10d1\u10d8\u10e1 \u10e8\u10d4\u10db\u10d3\u10d4\u10d2.")


def test_a_language_without_a_stop_list_loses_nothing_on_prose_evidence():
    paras = [GEORGIAN, QUOTE, GEORGIAN.replace(".", " \u10d3\u10e6\u10d4\u10e1.")]
    text = "\n".join(MENU_TOP + ["\u10db\u10d7\u10d0\u10d5\u10d0\u10e0\u10d8"] + paras + MENU_BOTTOM
                     + ["Share this:", "* * *"]) + "\n"
    out, edits = textclean.clean_and_explain(text, only=["boilerplate"], language="ka")
    assert all(p in out for p in paras)
    assert "Politics" in out and "Travel" in out  # no position without prose evidence ...
    assert {e.before.strip() for e in edits} >= {"* * *", "Share this:", "Home", "Privacy"}
    reasons = [e.reason for e in edits]  # ... only templates and a separator row
    assert all("template" in r or r.startswith("no letters") for r in reasons), reasons


def test_unknown_language_short_text_is_left_alone():
    """``ctx.language`` "" (the host could not tell) and too few words of running text for the
    document's own evidence to name a list: no prose evidence, nothing goes."""
    menu = ["World", "Politics", "Business", "Sport", "Culture", "Travel"]
    text = "\n".join(menu + ["\u05e9\u05dc\u05d5\u05dd \u05dc\u05db\u05d5\u05dd", QUOTE] + menu) + "\n"
    ctx = Context(options=OPTIONS, state=setup(Context(options=OPTIONS)), language="")
    assert fix_boilerplate(text, ctx) == []
    assert fix_boilerplate(text, Context(options=OPTIONS, state=ctx.state, language="en"))  # English: a page


def test_hebrew_article_with_a_hebrew_stop_list():
    para = ("\u05d4\u05d2\u05e9\u05e8 \u05d4\u05d9\u05e9\u05df \u05d1\u05e0\u05de\u05dc \u05e0\u05e4\u05ea\u05d7 "
            "\u05de\u05d7\u05d3\u05e9 \u05dc\u05ea\u05e0\u05d5\u05e2\u05d4 \u05d1\u05e9\u05d1\u05ea \u05d0\u05d7\u05e8\u05d9 "
            "\u05e9\u05d4\u05e2\u05d1\u05d5\u05d3\u05d5\u05ea \u05e9\u05dc \u05d4\u05e2\u05d9\u05e8 \u05e2\u05dc \u05d4\u05d2\u05e9\u05e8 "
            "\u05e0\u05de\u05e9\u05db\u05d5 \u05e9\u05d9\u05e9\u05d4 \u05d7\u05d5\u05d3\u05e9\u05d9\u05dd \u05d5\u05d4\u05d5\u05d0 "
            "\u05d0\u05de\u05e8 \u05e9\u05d6\u05d4 \u05d9\u05d4\u05d9\u05d4 \u05d8\u05d5\u05d1 \u05dc\u05db\u05dc \u05d4\u05e2\u05d9\u05e8.")
    text = raw_page("\u05d4\u05d2\u05e9\u05e8 \u05e0\u05e4\u05ea\u05d7", [para, QUOTE, para.replace("\u05d4\u05d2\u05e9\u05e8 ", "\u05d4\u05d3\u05e8\u05da ")])
    out = clean(text, language="he")
    assert para in out and QUOTE in out
    assert stop_list("he").known


def test_english_is_judged_as_before():
    """English keeps its hand-written list; a document whose language the host could not name
    is judged by the list its own lines fit (here English)."""
    text = raw_page("Harbour bridge reopens after six months of repairs", [
        "The old harbour bridge reopened to traffic on Saturday morning after six months of work.",
        "During the closure, drivers faced a detour of more than twenty minutes each way.",
        "Officials said the bridge would now be inspected every year by the city engineers.",
    ])
    assert clean(text, language="en") == clean(text, language="")
    assert "Politics\n" not in clean(text, language="en")
    assert stop_list("en").name == "en" and stop_list("en").scale == 1.0


def test_a_list_that_does_not_fit_is_not_trusted():
    """The host names English for a Russian text (a misidentification): the English list
    explains none of it, so the cleaner judges it with the list its own lines fit."""
    headline, paras = ARTICLES["ru"]
    text = raw_page(headline, paras)
    out = clean(text, language="en")
    assert all(p in out for p in paras)


def test_stop_lists_cover_thirty_languages():
    langs = languages()
    assert len(langs) >= 30
    for lang in ("de", "fr", "es", "ru", "el", "ar", "he", "tr", "fi", "pl", "hi", "vi"):
        assert stop_list(lang).known, lang
    for lang in ("zh", "ja", "ko", "th", "xx", ""):
        assert stop_list(lang) is UNKNOWN, lang
    # as the tokenizer sees them: capitalised Cyrillic and Greek, the final sigma
    assert "\u042d\u0442\u043e".encode() in stop_list("ru").words
    assert "\u03c4\u03b7\u03c2".encode() in stop_list("el").words


def test_guess_names_the_language_of_running_text_only():
    _, paras = ARTICLES["de"]
    assert guess(paras).name == "de"
    assert guess(MENU_TOP) is UNKNOWN


def test_set_up_loads_the_index_of_every_stop_list():
    # (on a first run the index is built, half a second: in the set-up, not in a document)
    from textclean.cleaners.boilerplate import stoplists

    stoplists._index.cache_clear()
    setup(Context(options=OPTIONS))
    assert stoplists._index.cache_info().currsize == 1
    guess(ARTICLES["de"][1])
    assert stoplists._index.cache_info().misses == 1


def test_plugin_stop_words_give_a_language_evidence():
    eo = ["la", "kaj", "de", "en", "estas", "al", "ke", "por", "kun", "ne", "sed", "ili", "li", "\u011di"]
    st = setup(Context(options=OPTIONS, rules={"stop_words": ({"language": "eo", "words": eo},)}))
    assert stop_list("eo", st.stop_words).known and not stop_list("eo").known
    para = ("La malnova ponto de la haveno estas denove malfermita al la trafiko post ses monatoj "
            "da laboro, kaj la urbestro diris ke \u011di estos kontrolata \u0109iujare.")
    text = "\n".join(MENU_TOP + ["Ponto denove malfermita", para, para.replace("La malnova", "Nova"),
                                 para.replace("haveno", "rivero")] + MENU_BOTTOM) + "\n"
    ctx = Context(options=OPTIONS, state=st, language="eo")
    out = apply_fixes(text, fix_boilerplate(text, ctx))
    assert para in out and "Sitemap" not in out
    bare = Context(options=OPTIONS, state=setup(Context(options=OPTIONS)), language="eo")
    out = apply_fixes(text, fix_boilerplate(text, bare))
    assert "Politics" in out and "Sitemap" not in out  # no list: templates only, no position


def test_french_question_is_not_a_comment_heading():
    """English-word shapes ("Comment ...", "... images") are evidence in English only."""
    from textclean.cleaners.boilerplate.evidence import evidence_of

    body = ARTICLES["fr"][1]
    question = "Comment me sentir mieux dans mon quartier"
    text = "\n".join([body[0], body[2], body[3], question, body[0].replace("samedi", "dimanche"),
                      "Observer : couleurs et images"]) + "\n"
    assert clean(text, language="fr") == text
    st = setup(Context(options=OPTIONS))
    assert evidence_of([question], st)[0].heading  # (in English it would open the comments)
    assert not evidence_of([question], st, stops=stop_list("fr"))[0].heading


# --- documentation ---------------------------------------------------------------------------

README = """\
# fastwidget

A small library that renders widgets. Install it with `pip install fastwidget`.

Configuration is a JSON file:

{
  "name": "demo",
  "size": 3,
  "tags": [
    "a",
    "b"
  ],
  "nested": {
    "x": 1
  }
}

It prints:

    }
    }

----

| Option | Default |
|Name||Date||Notes|

Copyright (c) 2024 The fastwidget authors. All rights reserved.
"""


@pytest.mark.parametrize("fmt", [None, "markdown", "text"])
def test_documentation_loses_nothing(fmt):
    assert clean(README, language="en", format=fmt) == README


RST = """\
Usage
=====

Run the tool::

    $ tool --input data.json \\
        --output out.json

The output is::

    {
        "ok": true
    }

Options
-------

--verbose
    Print more.

Copyright 2020 ACME
"""


def test_rst_manual_loses_nothing():
    assert clean(RST, language="en") == RST
    assert clean(RST, language="en", format="rst") == RST


def test_braces_outside_code_are_not_separators():
    """Outside documentation too, a line of brackets is code, not a separator row."""
    para = "The council published the figures as a JSON object, which reads as follows."
    text = "\n".join([para, "{", "}", para.replace("figures", "results"), "* * *"]) + "\n"
    out, edits = textclean.clean_and_explain(text, only=["boilerplate"], language="en")
    assert [e.before.strip() for e in edits] == ["* * *"]


def test_a_table_row_is_not_a_menu_row():
    para = ("Das Gericht hat am Dienstag entschieden, dass die Beschwerde zul\u00e4ssig ist und dass "
            "der Beschluss aufgehoben wird.")
    text = para + "\n|Vo\u00dfkuhle||L\u00fcbbe-Wolff||Gerhardt|\n|Landau||Huber||Hermanns|\n" + para + "\n"
    assert clean(text, language="de") == text


def test_a_web_page_is_not_documentation():
    from textclean.core.kinds import looks_like_documentation

    headline, paras = ARTICLES["fr"]
    assert not looks_like_documentation(raw_page(headline, paras).splitlines())
    assert looks_like_documentation(README.splitlines())
    assert looks_like_documentation(RST.splitlines())
