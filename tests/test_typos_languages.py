"""The ``typos`` cleaner acts on English prose only (issue 18): words and phrases of other
languages inside English text, identifiers and technical tokens, and the vocabulary of
current English that the dictionary lacks all pass through byte for byte, while real
misspellings around them are still corrected.

The cleaner is called directly with the language the host would give it (``"en"`` for an
English document, ``""`` where the host could not tell), so that these tests exercise its own
guards and do not depend on the host's language identification of short strings."""

from __future__ import annotations

import pytest

import textclean
from textclean import Context
from textclean.cleaners.typos import (
    ENGLISH,
    OPTIONS,
    fix_typos,
    setup_typos,
    textclean_register_cleaners,
    usage,
)
from textclean.cleaners.typos.decision import Option, Reading, not_a_slip
from textclean.core.fixes import apply_fixes
from textclean.core.records import PROSE

STATE = setup_typos(Context(options=OPTIONS))


def fixed(text: str, language: str = "en") -> str:
    return apply_fixes(text, fix_typos(text, Context(options=OPTIONS, state=STATE, language=language)))


def changed(text: str, language: str = "en") -> list[tuple[str, str]]:
    return [(text[f.start:f.end], f.replacement)
            for f in fix_typos(text, Context(options=OPTIONS, state=STATE, language=language))]


# -- the contract with the host ------------------------------------------------------------------

def test_declares_english_prose():
    cleaner, = textclean_register_cleaners()
    assert cleaner.languages == ENGLISH == frozenset({"en"})
    assert cleaner.kinds == PROSE


def test_another_language_is_not_touched_even_when_called():
    text = "Die Regierung hat die neue Regelung beschlossen, sagte der Minister gestern."
    assert changed(text, language="de") == []
    assert changed("The goverment said so.", language="fr") == []


def test_unknown_language_still_runs_on_short_english():
    assert fixed("The goverment said so.", language="") == "The government said so."


def test_pipeline_with_english_forced_still_corrects():
    pipeline = textclean.Pipeline({"only": ["typos"], "language": "en"})
    assert pipeline.clean("Armenian Prime Miister, Nikol Pashinyan") == "Armenian Prime Minister, Nikol Pashinyan"


# -- words and phrases of other languages inside English text ------------------------------------

@pytest.mark.parametrize("text, kept, typo", [
    # German
    ("The sign on the door said Willkommen bei Freunden, and we recieved a warm welcome.",
     ["bei"], ("recieved", "received")),
    ("Our guide kept saying ganz neu about every building, which became a runing joke.",
     ["ganz", "neu"], ("runing", "running")),
    ("Prices are 20 EUR inkl. MwSt, and the goverment checks them every year.",
     ["inkl"], ("goverment", "government")),
    ("The cafe menu said Kaffee und Kuchen, jeden Tag frisch gebacken, and the goverment inspector liked it.",
     ["und"], ("goverment", "government")),
    # French
    ("She closed the letter with « Cette information est importante, et ne change pas » and signed it.",
     ["importante"], None),
    # Spanish
    ("The poster read Vacaciones con perro en Altea, and the agent recomended the beach house.",
     ["perro"], ("recomended", "recommended")),
    # Italian
    ("The menu listed pasta fatta in casa and a dolce della nonna, and the goverment inspector ate both.",
     ["fatta", "casa", "dolce", "della", "nonna"], ("goverment", "government")),
])
def test_foreign_words_in_english_are_left_alone(text, kept, typo):
    out = fixed(text)
    for word in kept:
        assert f" {word}" in out, (word, out)
    if typo is not None:
        wrong, right = typo
        assert (wrong, right) in changed(text)
        assert out == text.replace(wrong, right)
    else:
        assert out == text


@pytest.mark.parametrize("text", [
    "In Dutch the phrase is heel erg bedankt voor alles, which he repeated at the farewell dinner.",
    "The Portuguese sign said obrigado pela visita volte sempre, and we smiled at the shopkeeper.",
    "Our Swedish colleague wrote tack så mycket för hjälpen in the chat after the meeting ended.",
    "Our Swedish host said välkommen hem and välkommen tillbaka, then offered fika with kanelbullar.",
    "Op het bord stond: verboden toegang voor onbevoegden, which our guide translated for us.",
])
def test_phrases_of_other_languages_pass_through(text):
    assert fixed(text) == text


def test_a_line_in_another_language_inside_an_english_document():
    text = ("The minister spoke for an hour.\n\n"
            "Wie gut sind meine Chancen? Ohne Anmeldung geht es nicht.\n\n"
            "Afterwards the goverment published the speech.\n")
    assert changed(text) == [("goverment", "government")]


def test_a_document_that_reads_as_another_language_gets_nothing_when_its_language_is_unknown():
    text = ("Réalisateur : Charles Grosvenor\n\nBande originale : Michael Tavera\n\n"
            "- Frank Capra III - second réalisateur asistant\n\n"
            "- Ralph McQuarrie - consultant visuel\n\n"
            "Cette information est importante, et ne change pas à moins que vous ne la modifiez.\n")
    assert changed(text, language="") == []


# -- other scripts, and their transliterations ---------------------------------------------------

@pytest.mark.parametrize("text, typo", [
    # Greek and Russian
    ("The Greek motto Μολών λαβέ is written molon labe, and the goverment put it on a monument.",
     ("goverment", "government")),
    ("Москва встречает гостей, said the banner, and the guide added spasibo bolshoe at the end.", None),
    ("The Russian word слово is written slovo in Latin letters, and it was recieved well.",
     ("recieved", "received")),
    # Hebrew and Arabic
    ("The card said תודה רבה and below it toda raba in Latin letters.", None),
    ("The shop sign said בוקר טוב and the owner greeted us with boker tov every morning.", None),
    ("The banner said أهلا وسهلا and the guide repeated ahlan wa sahlan to the group.", None),
    ("In Arabic سلام means peace, and the goverment used the word in its statement.",
     ("goverment", "government")),
])
def test_other_scripts_and_transliterations(text, typo):
    if typo is None:
        assert fixed(text) == text
    else:
        assert changed(text) == [typo]


# -- identifiers and technical tokens ------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Run `sudo make instal` to finish, then read the docs.",   # an inline code span
    "See ``setup_tols`` and `configre` in the reference.",
    "For details run uname -a and ulimit -c unlimited in your shell.",   # before an option
    "  $ sudo make install\n",   # after a shell prompt
    "  aws rds create-db-instance --master-user-password mypassword \\\n",   # a continued command
    '                "Name": "myservice",\n',   # a value on a line of JSON
    "  sys\t\t\tbuiltin\n  heapq\t\t\tmodule\n",   # a table laid out with tabs
    "  pevent        A library for reading event records\n",   # columns of spaces
    "You may need to run gmake on BSD systems, and link with pthread.",
    "Call fsync before closing, and link against glibc; icmp packets are dropped.",
    "My minix 1.5 did not have this file, so build MINIX from source.",   # written again, any case
    "Import heapq first; heapq.py lives in the standard library.",
])
def test_identifiers_and_technical_tokens_are_left_alone(text):
    assert fixed(text) == text


def test_prose_around_identifiers_is_still_corrected():
    text = "Run `pip install textclean` and the goverment data is cleaned with uname -a printed."
    assert changed(text) == [("goverment", "government")]


# -- current English --------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "We moved the backend to a new server, compressed the logs with gzip and passed the params to glibc.",
    "Install certifi first, then check udp traffic, fsync the files and configure the vlan with our utils.",
    "Customers who enable autopay receive a discount, and the backend sends a receipt by email.",
    "Write the output to stdout instead, or to stderr when it fails, and check the inode count.",
    "The frontend talks to the backend over gzip, and sudo is needed to restart cron.",
])
def test_current_english_vocabulary_is_known(text):
    assert fixed(text) == text


def test_misspellings_among_current_vocabulary_are_still_corrected():
    text = "We moved the backend to a new server and the logs were recieved with gzip."
    assert changed(text) == [("recieved", "received")]


@pytest.mark.parametrize("wrong, right", [
    ("The accident occured on the motorway last night.", "The accident occurred on the motorway last night."),
    ("Keep the two groups seperate from now on.", "Keep the two groups separate from now on."),
    ("We are lookin forward to the game.", "We are looking forward to the game."),
    ("He said hte game was over.", "He said the game was over."),
    ("The goverment will recieve the report.", "The government will receive the report."),
])
def test_common_misspellings_that_the_web_also_uses_are_still_corrected(wrong, right):
    assert fixed(wrong) == right


@pytest.mark.parametrize("text", [
    # an item of a list of tool names, across a hard line break
    "It automates interactive applications such as ssh, ftp,\npasswd, telnet, etc.",
    "The build needs gcc, gmake, libtool and autoconf, in that order.",
    # a dictionary word that is another word plus a suffix ("quickie" spelt with -y)
    "This is a quicky package to enable unattended installs.",
    # an -ing word is not corrected to a word that is not one (maintaining, not maintains)
    "Thanks to the team for maintaing\nit over the years.",
])
def test_names_derived_words_and_endings_are_kept(text):
    assert fixed(text) == text


@pytest.mark.parametrize("wrong, right", [
    ("We bought apples, pears, banannas and plums at the market.",
     "We bought apples, pears, bananas and plums at the market."),
    ("Perl interfaces exist for other widget sets, incluing GTK and Qt.",
     "Perl interfaces exist for other widget sets, including GTK and Qt."),
])
def test_lists_of_words_and_ing_words_are_still_corrected(wrong, right):
    assert fixed(wrong) == right


def test_not_a_slip():
    backed = Option(0.0, "backed", Reading.WORD, False)
    assert not_a_slip("backend", backed, False, False, 3.0)        # current English
    assert not not_a_slip("backend", backed, False, True, 3.0)     # alone on its line: a query
    assert not_a_slip("gmake", backed._replace(word="make"), False, True, 3.0)       # a letter in front
    assert not not_a_slip("aand", backed._replace(word="and"), False, False, 3.0)    # a doubled vowel
    assert not_a_slip("glibc", backed._replace(word="globe"), False, False, 3.0)     # un-English ending
    assert not not_a_slip("hte", backed._replace(word="the"), False, False, 3.0)     # a cheap slip


def test_usage_tables():
    assert usage.english_zipf("backend") > 2 and usage.english_zipf("xqzvw") == 0
    assert usage.attested("gzip", "grip", 1.0) and not usage.attested("recieve", "receive", 0.6)
    assert usage.foreign("bei") and not usage.foreign("recieve") and not usage.foreign("also")
    assert usage.unattested_foreign("inkl") and not usage.unattested_foreign("succes")
    assert [usage.english_shape(w) for w in ("strength", "gmake", "fsync", "icmp")] == [True, False, False, False]


# -- a document like package documentation --------------------------------------------------------

README = """\
# fastjson

A tiny JSON libary for Python, with a C backend.

## Install

```console
$ pip install fastjson
$ sudo make instal
```

Call `fastjson.loads(data)` to parse; the `utils` module has helpers such as `pretty_prnt`.
The parser is fast when avaliable memory is large, and gzip streams are decompressed on the fly.

| option    | meaning                  |
|-----------|--------------------------|
| `--fsync` | fsync the output file    |
| `--indnt` | indentation width        |

Bugs are tracked on GitHub; please recieve our thanks for reporting them. The manpages
and the docstrings say more; the reposiotry has the rest.
"""


def test_markdown_documentation():
    pipeline = textclean.Pipeline({"only": ["typos"], "language": "en"})
    out = pipeline.clean(README)
    # in documentation only what codespell lists, with the same fix: "manpages" and
    # "docstrings" (one slip from manages, doctrines) stay, and so does "reposiotry", which
    # codespell does not list
    assert out == (README.replace("libary", "library").replace("avaliable", "available")
                   .replace("recieve our", "receive our"))


NOTES = """Shadow passwords for Debian
---------------------------

The login and passwd programs read /etc/shadow; see shadow(5) and the
manpages of useradd(8) before you change it. Setting ENCRYPT_METHOD in
/etc/login.defs changes the hash, and systemd units pick it up at boot.
The scheme is explained in the docstring of the helper, and the
configuration is availible in the usual place.
"""


def test_plain_text_notes_are_documentation():
    # no Markdown or reST: paths, manual pages and variables mark the notes of a package
    from textclean.core.kinds import looks_like_documentation

    assert looks_like_documentation([x for x in NOTES.splitlines() if x.strip()])
    out = textclean.clean(NOTES, only=["line_breaks", "typos"], language="en")
    for word in ("passwd", "manpages", "systemd", "docstring"):
        assert word in out
    assert "available" in out and "availible" not in out


@pytest.mark.parametrize("text, kept", [
    ('A checker catches "adn" and "teh" in code.', ("adn", "teh")),  # words mentioned, not used
    ("It links java, javac, javah, etc. to the JDK.", ("javac", "javah")),  # fixed = a neighbour
])
def test_mentions_and_listed_names_are_left_alone(text, kept):
    out = textclean.clean(text, only=["typos"], language="en")
    assert all(k in out for k in kept), out


def test_without_codespell_nothing_is_corrected_in_documentation(monkeypatch):
    from textclean.cleaners.typos import listed

    monkeypatch.setattr(listed, "_location", lambda: None)
    listed.listed.cache_clear()
    try:
        pipeline = textclean.Pipeline({"only": ["typos"], "language": "en"})
        assert pipeline.clean(README) == README  # the safe side: no list, no correction
        # running text is still corrected: the list is asked in documentation only
        assert pipeline.clean("The goverment said so.") == "The government said so."
    finally:
        listed.listed.cache_clear()
