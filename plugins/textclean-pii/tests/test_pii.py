"""Tests for textclean-pii, loaded the way users load it: through its installed entry point."""

import subprocess
import sys

import pytest

import textclean
from textclean.plugins.manager import plugin_set


def test_registered_through_entry_point():
    info = plugin_set(autoload=True).info
    assert info["pii"].source == "entry point"
    assert info["pii"].version == "0.1.0"


def test_off_by_default_on_when_enabled():
    assert "pii" not in textclean.Pipeline({"autoload": True}).names
    p = textclean.Pipeline({"autoload": True, "enable": ["pii"], "only": None})
    assert "pii" in p.names
    out, edits = p.explain("Contact jane@example.org today.\n")
    assert out == "Contact [EMAIL] today.\n"
    assert [(e.cleaner, e.before, e.reason) for e in edits] == [("pii", "jane@example.org", "pii: email")]


def test_options_and_kinds():
    p = textclean.Pipeline({"autoload": True, "only": ["pii"],
                            "options": {"pii": {"kinds": ["ip"], "ip": "<ip>"}}})
    assert p.clean("mail a@b.org from 10.0.0.1") == "mail a@b.org from <ip>"


def test_unknown_kind_is_an_error():
    with pytest.raises(ValueError, match="unknown kinds"):
        textclean.Pipeline({"autoload": True, "only": ["pii"], "options": {"pii": {"kinds": ["ssn"]}}})


@pytest.mark.parametrize("text", [
    "Russia has deployed 1,960 peacekeepers since 2020-11-10.",
    "Version 1.2.3 shipped; call it v10.4.",
    "Scores were 3-2 and 202-55 in the 1990s.",
])
def test_leaves_figures_alone(text):
    p = textclean.Pipeline({"autoload": True, "only": ["pii"]})
    assert p.clean(text) == text


def test_cli_enable(tmp_path):
    src = tmp_path / "a.txt"
    src.write_text("Call +1 202-555-0143 now.\n")
    out = subprocess.run([sys.executable, "-m", "textclean", "clean", str(src), "--enable", "pii",
                          "--only", "pii", "--isolated"], capture_output=True, text=True, check=True)
    assert out.stdout == "Call [PHONE] now.\n"
