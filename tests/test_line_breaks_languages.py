"""The ``line_breaks`` cleaner in languages other than English, and around code.

Every fixture here is written for this file. A paragraph with one marked break point
(``Bundes|regierung``: a syllable, the wrapper adds a hyphen; an existing hyphen or a space
after ``Ein-`` is a break point too) is hard-wrapped greedily at the first width at which a
line ends exactly there, so that each case is one decision of the cleaner; the expected
output is the paragraph as written. English must come out exactly as before (the last tests).
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from textclean import Context, apply_fixes
from textclean.cleaners import line_breaks as lb

DATA = Path(__file__).resolve().parent / "data" / "line_breaks"
SEEDS = Path(__file__).resolve().parents[1] / "seeds" / "inputs"


@pytest.fixture(scope="module")
def state():
    return lb.setup(Context(options=lb.OPTIONS))


def fixes(text, state, language="", **options):
    ctx = Context(options={**lb.OPTIONS, **options}, state=state, language=language)
    return lb.fix_line_breaks(text, ctx)


def clean(text, state, language="", **options):
    return apply_fixes(text, fixes(text, state, language, **options))


def wrap(text: str, width: int) -> tuple[str, list[str]]:
    """Greedy wrap at ``width``; a word that does not fit is broken at its last break point
    that fits (``|``: a syllable, a hyphen added; ``-``: after the hyphen). Returns the
    wrapped text and the line ends made by breaking a word or after a word ending in ``-``."""
    words, lines, cur, ends = text.split(" "), [], "", []
    i = 0
    while i < len(words):
        w = words[i]
        plain = w.replace("|", "")
        if len(f"{cur} {plain}" if cur else plain) <= width:
            cur = f"{cur} {plain}" if cur else plain
            i += 1
            continue
        room = width - len(cur) - (1 if cur else 0)
        heads = [(w[:m.start()].replace("|", "") + "-", w[m.end():]) for m in re.finditer(r"\|", w)]
        heads += [(w[:m.end()].replace("|", ""), w[m.end():]) for m in re.finditer(r"(?<=\w)-(?=\w)", w)]
        heads = [h for h in heads if len(h[0]) <= room]
        if heads:
            head, rest = max(heads, key=lambda h: len(h[0]))
            lines.append(f"{cur} {head}" if cur else head)
            ends.append(head)
            words[i], cur = rest, ""
            continue
        lines.append(cur)
        if cur.endswith("-"):
            ends.append(cur.rsplit(" ", 1)[-1])
        cur = ""
    lines.append(cur)
    return "\n".join(lines), ends


def wrapped_at(paragraph: str, break_after: str) -> str:
    """``paragraph`` wrapped at the first width from 40 at which a line ends in
    ``break_after``, with the paragraph again after a blank line (more evidence of the
    width), as a document."""
    for width in range(40, 90):
        text, ends = wrap(paragraph, width)
        if any(e.endswith(break_after) for e in ends) and text.count("\n") >= 2:
            return text + "\n\n" + wrap(paragraph, width)[0] + "\n"
    raise AssertionError(f"no width breaks after {break_after!r}")


def written(paragraph: str) -> str:
    plain = paragraph.replace("|", "")
    return plain + "\n\n" + plain + "\n"


# (language, paragraph with its break point, where the line ends, the word as it must come out)
HYPHENS = [
    # German: a closed compound broken at its parts joins (dictionary); two words joined by a
    # hyphen keep it; a suspended hyphen before "und" gets its space back; a noun before the
    # hyphen and a lower-case word after it are a compound broken (German capitalises a noun
    # after a hyphen).
    ("de", "Am Mittwoch hat in Berlin nach einer langen Sitzung die Bundes|regierung einen "
           "Entwurf für das neue Gesetz beschlossen, das die Arbeit der Länder regeln soll.",
     "Bundes-", "Bundesregierung"),
    ("de", "Der Vorschlag, über den am Freitag abgestimmt wird, sieht vor, dass die "
           "deutsch-französischen Projekte in der Forschung weiter gefördert werden.",
     "deutsch-", "deutsch-französischen"),
    ("de", "Das Geld, das der Bund in diesem Jahr zur Verfügung stellt, ist für den Ein- und "
           "Ausbau der Netze bestimmt, die in allen Teilen des Landes erneuert werden müssen.",
     "Ein-", "Ein- und"),
    ("de", "Die Stadt muss den Plan für die neue Straße nach der Verwaltungsgerichts|entscheidung "
           "vom Montag noch einmal prüfen und den Anwohnern erklären.",
     "Verwaltungsgerichts-", "Verwaltungsgerichtsentscheidung"),
    ("de", "Am Dienstag ging es bei den Gesprächen im Nord-Süd-Dialog vor allem um die Frage, "
           "wie die Länder des Südens mehr von den Einnahmen aus dem Handel haben können.",
     "Nord-", "Nord-Süd-Dialog"),
    # French: syllable breaks join; compounds, "peut-être" and a verb with its pronoun keep the
    # hyphen (their closed forms are rare variants or no words at all).
    ("fr", "Après de longues discussions avec les syndicats, le gouverne|ment a présenté mardi "
           "un projet de loi qui doit simplifier la vie des petites entreprises.",
     "gouverne-", "gouvernement"),
    ("fr", "Le ministre a raconté devant les députés qu'il avait oublié son porte-monnaie à la "
           "maison le jour où il devait payer le déjeuner de toute son équipe.",
     "porte-", "porte-monnaie"),
    ("fr", "Pour connaître les effets réels de cette réforme sur l'emploi des jeunes et sur les "
           "salaires, il faudra peut-être attendre la fin de l'année, selon les économistes de "
           "la banque.",
     "peut-", "peut-être"),
    ("fr", "Nous attendrons la fin de la saison pour décider, dit-il encore en quittant la salle "
           "après une longue séance consacrée au budget de la ville et des écoles.",
     "dit-", "dit-il"),
    # Spanish
    ("es", "Según los expertos consultados por este diario, el desa|rrollo de la región depende "
           "de las inversiones que el gobierno prometió durante la campaña.",
     "desa-", "desarrollo"),
    ("es", "El curso tiene un enfoque teórico-práctico que combina las clases en el aula con "
           "visitas a las empresas de la zona durante todo el semestre.",
     "teórico-", "teórico-práctico"),
    # Russian: a syllable break joins; particles and prepositions written with a hyphen keep it
    # (their closed forms are misspellings).
    ("ru", "В четверг после долгого совещания в Москве прави|тельство объявило о новых мерах "
           "поддержки малого и среднего бизнеса, которые должны помочь компаниям.",
     "прави-", "правительство"),
    ("ru", "Эксперты, опрошенные нашей газетой на прошлой неделе, считают, что из-за высоких "
           "ставок многие предприятия сократили инвестиции и отложили открытие заводов.",
     "из-", "из-за"),
    ("ru", "На встрече с журналистами в пятницу министр сказал, что что-то в этой программе "
           "придется изменить, но пока никто не знает, когда будет принято решение.",
     "что-", "что-то"),
    # Greek
    ("el", "Μετά από μια μακρά συνεδρίαση την Τετάρτη η κυβέρ|νηση ανακοίνωσε νέα μέτρα για τη "
           "στήριξη των μικρών επιχειρήσεων και των νέων που αναζητούν εργασία.",
     "κυβέρ-", "κυβέρνηση"),
]


@pytest.mark.parametrize("language, paragraph, break_after, word", HYPHENS,
                         ids=[f"{c[0]}-{c[3]}" for c in HYPHENS])
def test_a_hyphen_at_a_line_end_is_decided_in_the_document_language(
        language, paragraph, break_after, word, state):
    src = wrapped_at(paragraph, break_after)
    out = clean(src, state, language)
    assert out == written(paragraph), (src, out)
    assert word in out


def test_reasons_name_the_language_evidence(state):
    src = wrapped_at(HYPHENS[0][1], "Bundes-")
    reasons = {f.reason for f in fixes(src, state, "de")}
    assert "dehyphenate: Bundes-regierung -> Bundesregierung (dictionary: de)" in reasons
    src = wrapped_at(HYPHENS[6][1], "porte-")
    reasons = {f.reason for f in fixes(src, state, "fr")}
    assert "unwrap: keep hyphen in porte-monnaie (compound: fr)" in reasons
    src = wrapped_at(HYPHENS[2][1], "Ein-")
    assert "unwrap: keep Ein- und (suspended hyphen)" in {f.reason for f in fixes(src, state, "de")}


def test_the_host_passes_the_language_it_identifies_or_is_given(state):
    import textclean

    src = wrapped_at(HYPHENS[6][1], "porte-")
    assert textclean.clean(src, only=["line_breaks"]) == written(HYPHENS[6][1])  # identified
    assert textclean.clean(src, only=["line_breaks"], language="fr") == written(HYPHENS[6][1])
    assert "portemonnaie" in textclean.clean(src, only=["line_breaks"], language="en")


# --- no evidence: the document's own spelling, else the hyphen stays -------------------------

GERMAN = HYPHENS[0][1]


def test_an_unknown_language_that_is_clearly_not_english_keeps_the_hyphen(state):
    src = wrapped_at(GERMAN, "Bundes-")
    out = clean(src, state, "")
    assert "Bundes-regierung" in out and "Bundesregierung" not in out
    assert "(no evidence, language unknown)" in " ".join(f.reason for f in fixes(src, state, ""))


def test_the_document_spelling_the_word_joined_is_evidence_in_any_language(state):
    src = wrapped_at(GERMAN, "Bundes-") + "Die Bundesregierung will am Freitag entscheiden.\n"
    for language in ("", "de", "eo"):
        out = clean(src, state, language)
        assert out.count("Bundesregierung") == 3, language


def test_a_language_without_word_frequencies_keeps_the_hyphen(state):
    esperanto = ("Post longa kunsido en la ĉefurbo la regis|taro anoncis hodiaŭ novajn regulojn "
                 "por la lernejoj de la lando, kiuj validos ekde la venonta jaro.")
    src = wrapped_at(esperanto, "regis-")
    out = clean(src, state, "eo")
    assert "regis-taro" in out
    assert out.replace("regis-taro", "registaro") == written(esperanto)


# --- scripts without spaces, right to left -----------------------------------------------------

CHINESE = ["北京时间周二上午，国务院召开常务会议，讨论了今年经济工作的主要任务和政策措施，会议强调要继续扩大内需，稳定就业，保障民生。",
           "会议指出，当前国际形势依然复杂多变，各地区各部门要增强忧患意识。",
           "专家认为，这些措施将有助于提振市场信心，但具体效果还要看各地的落实情况，有关部门将在下个月公布详细的实施方案和时间表。"]


def chars(paragraph: str, n: int) -> str:
    return "\n".join(paragraph[i:i + n] for i in range(0, len(paragraph), n))


def test_chinese_wrapped_between_characters_is_joined_without_spaces(state):
    src = "\n\n".join(chars(p, 24) for p in CHINESE) + "\n"
    out = clean(src, state, "zh")
    assert out == "\n\n".join(CHINESE) + "\n"
    assert all(f.replacement == "" for f in fixes(src, state, "zh"))
    assert clean(src, state, "") == out  # the script decides, not the language code


def test_chinese_paragraphs_one_a_line_are_not_run_together(state):
    src = "\n".join(CHINESE) + "\n"
    out = clean(src, state, "zh")
    assert [p for p in out.split("\n") if p] == CHINESE


def test_japanese_wrapped_in_columns_with_hanging_punctuation(state):
    text = ("昔々、ある所に子供のいない老夫婦が住んでいた。ある日、お婆さんが川で洗濯をしていると、"
            "大きな桃が流れて来たので、お爺さんと食べようと持ち帰った。二人で桃を割ると中から"
            "男の子が生まれたので、桃太郎と名付けて大事に育てた。")
    for n in range(15, 30):  # n characters (2n columns); a closing mark hangs past the end
        lines, cur = [], ""
        for ch in text:
            if len(cur) >= n and ch not in "、。":
                lines.append(cur)
                cur = ""
            cur += ch
        if any(len(line) > n for line in lines):
            break
    src = "\n".join(lines + [cur]) + "\n\n" + "\n".join(lines + [cur]) + "\n"
    assert clean(src, state, "ja") == text + "\n\n" + text + "\n"


def test_thai_wraps_are_left_alone(state):
    # Thai has no spaces between words: a wrap there may or may not have taken a space.
    thai = ("รัฐบาลประกาศมาตรการใหม่ เพื่อช่วยเหลือธุรกิจขนาดเล็ก ที่ได้รับผลกระทบจากราคาพลังงาน "
            "โดยจะเริ่มใช้ตั้งแต่เดือนหน้า และจะมีการประเมินผลทุกสามเดือน ตามที่รัฐมนตรีกล่าว")
    src = textwrap.fill(thai, 30) + "\n\n" + textwrap.fill(thai, 30) + "\n"
    assert src.count("\n") > 4
    assert fixes(src, state, "th") == []


ARABIC = ("أعلنت الحكومة يوم الأربعاء عن خطة جديدة لدعم الشركات الصغيرة والمتوسطة التي تضررت "
          "من ارتفاع أسعار الطاقة، وقال وزير الاقتصاد إن الخطة ستبدأ الشهر المقبل وستشمل "
          "قروضا ميسرة للشركات في جميع المحافظات.")


def test_arabic_is_unwrapped_with_spaces_and_otherwise_untouched(state):
    src = textwrap.fill(ARABIC, 50) + "\n\n" + textwrap.fill(ARABIC, 50) + "\n"
    assert clean(src, state, "ar") == ARABIC + "\n\n" + ARABIC + "\n"
    plain = ARABIC + "\n\n" + ARABIC + "\n"
    assert fixes(plain, state, "ar") == []


def test_a_hebrew_maqaf_at_a_line_end_joins_without_a_space(state):
    hebrew = ("הממשלה הודיעה היום על תוכנית חדשה לשיפוץ בית־הספר הישן בעיר, והשרה אמרה שהעבודות "
              "יתחילו בחודש הבא ויימשכו עד סוף השנה, כך שהתלמידים יחזרו לכיתות בספטמבר.")
    src = ("הממשלה הודיעה היום על תוכנית חדשה לשיפוץ בית־\n"
           "הספר הישן בעיר, והשרה אמרה שהעבודות יתחילו\n"
           "בחודש הבא ויימשכו עד סוף השנה, כך שהתלמידים\n"
           "יחזרו לכיתות בספטמבר.\n")
    assert clean(src, state, "he") == hebrew + "\n"


def test_greek_and_cyrillic_capitals_start_sentences(state):
    """In a single-newline document a full line that ends a sentence before a capital is
    weighed as a paragraph end (by the likely lengths of paragraphs), in Greek and Cyrillic as
    in Latin letters."""
    a = ("Правительство в четверг объявило о новых мерах поддержки малого бизнеса, которые "
         "должны помочь компаниям пережить трудный период до конца этого года, когда, по "
         "расчетам министерства, цены на энергию начнут снижаться.")
    b = ("Министр экономики заявил, что программа начнет работать уже в следующем месяце и "
         "охватит все регионы страны, включая самые отдаленные районы на севере, где "
         "предприятия пострадали больше всего.")
    c = ("Первые заявки компании смогут подать через сайт министерства.")
    for width in range(50, 80):
        la = textwrap.wrap(a, width)
        if len(la[-1]) + 1 + len(b.split()[0]) > width:  # a's last line is full: ambiguous
            break
    src = "\n".join(la + textwrap.wrap(b, width) + textwrap.wrap(c, width)) + "\n"
    assert clean(src, state, "ru") == a + "\n\n" + b + "\n\n" + c + "\n"


# --- code outside fences ---------------------------------------------------------------------

def test_shell_continuations_are_never_joined_or_split(state):
    src = ("To build the documentation on a fresh machine, install the tools first and then run\n"
           "the following command from the top folder of the repository, as the build user:\n"
           "docker run --rm --volume \"$PWD\":/src --workdir /src python:3.11 \\\n"
           "make html SPHINXOPTS=-W BUILDDIR=/src/build/documentation/html \\\n"
           "LANGUAGE=en PAPER=a4 JOBS=auto\n"
           "The pages are written to the build folder, one file for each page of the manual,\n"
           "and an index of all of them is written next to them at the end of the build.\n")
    out = clean(src, state, "en")
    assert ("\\\nmake html SPHINXOPTS=-W BUILDDIR=/src/build/documentation/html \\\n"
            "LANGUAGE=en PAPER=a4 JOBS=auto\n") in out
    assert "python:3.11 \\\nmake" in out


def test_json_lines_outside_fences_pass_through(state):
    block = ('{\n'
             '"name": "web front end that serves the public pages of the site",\n'
             '"description": "renders every page from the templates and the database",\n'
             '"workers": 4\n'
             '}\n')
    src = ("The configuration file of the service looks like this, with one entry for each\n"
           "of the services that the deployment starts on every machine of the cluster:\n"
           + block +
           "Each key is explained in the table below, together with its default value and\n"
           "the type of value that it takes, and the version that introduced it first.\n")
    out = clean(src, state, "en")
    assert block in out


# --- English: exactly as before --------------------------------------------------------------

ENGLISH = sorted(DATA.glob("*.txt")) + sorted(SEEDS.glob("*.txt"))


@pytest.mark.parametrize("path", ENGLISH, ids=[p.name for p in ENGLISH])
def test_english_is_decided_as_before_whether_the_language_is_given_or_not(path, state):
    text = path.read_text(encoding="utf-8")
    assert fixes(text, state, "en") == fixes(text, state, "")


def test_english_fixtures_are_restored_as_before_with_the_language_given(state):
    expected = (DATA / "article.expected.txt").read_text()
    for name in ("article.wrapped59.blank.txt", "article.wrapped69.single.txt"):
        assert clean((DATA / name).read_text(), state, "en") == expected
    assert clean((DATA / "memo.wrapped.txt").read_text(), state, "en") == \
        (DATA / "memo.expected.txt").read_text()


def test_english_hyphen_evidence_is_unchanged(state):
    t = ("The council said on Monday that the talks were a\n"
         "good example of how the new rules for the self-\n"
         "driving car industry should work, and that the well-\n"
         "known firms would follow them, as is the usual exam-\n"
         "ple for the others.\n")
    reasons = [f.reason for f in fixes(t, state, "en")]
    assert "unwrap: keep hyphen in self-driving (compound)" in reasons
    assert "unwrap: keep hyphen in well-known (compound)" in reasons
    assert "dehyphenate: exam-ple -> example (document)" in reasons  # "good example" above
    assert reasons == [f.reason for f in fixes(t, state, "")]


def test_an_english_suspended_hyphen_gets_its_space_back(state):
    paragraph = ("The rules apply to all the pre-war and post-war buildings in the old town, to the "
                 "short- and long-term leases of the shops, and to the owners of the houses in "
                 "the square and the streets that lead to it, as the council decided on Monday.")
    src = wrapped_at(paragraph, "short-")
    assert "short-\nand long-term" in src
    assert clean(src, state, "en") == written(paragraph)
