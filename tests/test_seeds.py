"""What must come out right on the seed articles, written by hand (independent of goldens).

Each seed lists the lines that are boilerplate and must go; every other line of the article
must survive, changed only by the in-line repairs listed in REPAIRS.
"""

import re
from pathlib import Path

import pytest

from textclean import Pipeline
from textclean.io.decode import decode

INPUTS = Path(__file__).resolve().parents[1] / "seeds" / "inputs"
COMMENT_FORM = ["Leave a Reply", "Your email address will not be published. Required fields are marked *"]
WPCOM = [
    "Fill in your details below or click an icon to log in: Logo",
    "Google photo", "Twitter picture", "Facebook photo", "Connecting to %s",
    "You are commenting using your account. Log Out / Change )",
    "You are commenting using your Google account. Log Out / Change )",
    "You are commenting using your Twitter account. Log Out / Change )",
    "You are commenting using your Facebook account. Log Out / Change )",
]
REMOVED = {
    "000": ["Related Posts", "Also read: Death toll rises as Armenia-Azerbaijan fighting enters second day",
            *COMMENT_FORM],
    "001": COMMENT_FORM,
    "002": ["Nagorno map", "Leave a Reply"],
    "003": ["File pic: Armenian soldier fires artillery on the front line on October 25, 2020",
            "Leave a Reply", *WPCOM],
    "004": [],
}
REPAIRS = [("\u00ac\u2020", " "), ("Prime Miister", "Prime Minister")]


def norm(line):
    for bad, good in REPAIRS:
        line = line.replace(bad, good)
    return re.sub(r"\s+", " ", line).strip()


@pytest.fixture(scope="module")
def pipeline():
    return Pipeline({"autoload": False})


@pytest.mark.parametrize("seed", sorted(REMOVED))
def test_boilerplate_goes_and_every_article_line_stays(seed, pipeline):
    path = next(INPUTS.glob(f"{seed}_*.txt"))
    text = decode(path.read_bytes()).text
    out = pipeline.clean(text)
    out_lines = [norm(l) for l in out.splitlines() if l.strip()]
    removed = {norm(l) for l in REMOVED[seed]}
    for line in removed:
        assert line not in out_lines, f"{seed}: boilerplate survived: {line!r}"
    kept = [norm(l) for l in text.splitlines() if l.strip() and norm(l) not in removed]
    missing = [l for l in kept if l not in out_lines]
    assert not missing, f"{seed}: article lines lost or altered: {missing[:3]}"
    assert out_lines == kept, f"{seed}: order or extra lines differ"


def test_mojibake_and_typo_repaired(pipeline):
    out3 = pipeline.clean(decode(next(INPUTS.glob("003_*.txt")).read_bytes()).text)
    assert "foreign ministry, Azerbaijani forces" in out3 and "\u00ac" not in out3 and "\u00a0" not in out3
    out4 = pipeline.clean(decode(next(INPUTS.glob("004_*.txt")).read_bytes()).text)
    assert "Armenian Prime Minister Nikol Pashinyan" in out4 and "Miister" not in out4


def test_single_newline_paragraphs_become_blank_line_separated(pipeline):
    text = decode(next(INPUTS.glob("004_*.txt")).read_bytes()).text
    out = pipeline.clean(text)
    paragraphs = [p for p in out.split("\n\n") if p.strip()]
    assert len(paragraphs) == len([l for l in text.splitlines() if l.strip()])
    assert all("\n" not in p.strip() for p in paragraphs)
    assert out.endswith("\n") and not out.endswith("\n\n")


@pytest.mark.parametrize("name", ["Pashinyan", "Aliyev", "Klaar", "Klar", "Jermuk", "Eyvazov", "Aghajanyan",
                                  "Gegharkunik", "Syunik", "Nakhichevan", "Zangazur", "Kalbajar", "Cavusoglu"])
def test_names_survive(name, pipeline):
    texts = [decode(p.read_bytes()).text for p in sorted(INPUTS.glob("*.txt"))]
    before = sum(len(re.findall(rf"\b{name}\b", t)) for t in texts)
    after = sum(len(re.findall(rf"\b{name}\b", pipeline.clean(t))) for t in texts)
    assert before and after == before
