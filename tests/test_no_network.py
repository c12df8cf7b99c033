"""Cleaning never touches the network: every socket is refused while the seeds, an HTML page
with external resources and entities, and the whole default pipeline run."""

import socket
from pathlib import Path

import pytest

from textclean import Pipeline
from textclean.io.html import html_to_text
from textclean.io.decode import decode

SEEDS = sorted((Path(__file__).resolve().parents[1] / "seeds" / "inputs").glob("*.txt"))

HOSTILE_HTML = """<?xml version="1.0"?>
<!DOCTYPE html [<!ENTITY ext SYSTEM "http://203.0.113.1/secret">]>
<html><head><link rel="stylesheet" href="http://203.0.113.1/a.css">
<script src="http://203.0.113.1/a.js"></script></head>
<body><img src="http://203.0.113.1/pixel.gif"><iframe src="http://203.0.113.1/"></iframe>
<p>Talks resumed on Monday &ext; and went on.</p></body></html>"""


@pytest.fixture
def no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


def test_pipeline_and_html_never_open_a_socket(no_network):
    pipeline = Pipeline({"autoload": False})
    for path in SEEDS:
        pipeline.clean(decode(path.read_bytes()).text)
    text = html_to_text(HOSTILE_HTML)
    assert "Talks resumed on Monday" in text and "secret" not in text
    pipeline.clean(text)
