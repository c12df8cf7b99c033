"""Bytes of unknown encoding to text: the one place textclean guesses an encoding.

Decoding tries, in order: a byte-order mark (UTF-8/16/32), strict UTF-8, UTF-8 with a few bad
bytes (replaced, with a warning), UTF-16 without a BOM (recognised by its NUL pattern), then
a legacy encoding chosen by charset-normalizer's candidates and a letter-statistics judge
(cp1252, cp1251, Shift-JIS...). Input that is not text (NUL bytes, mostly control characters,
undecodable) raises :class:`NotTextError`.
"""

from __future__ import annotations
import codecs
import collections
import functools
import re
import unicodedata
from dataclasses import dataclass

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Control characters that real text does not contain (tab, LF, FF, CR and ESC are allowed).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f]")


class NotTextError(ValueError):
    """The bytes are not text in any encoding we can trust; the message says why."""


@dataclass(frozen=True)
class Decoded:
    """Decoded text, the encoding it was read as, and how many bytes were not valid in it.

    ``replaced`` is nonzero only for UTF-8 with a few bad bytes (a truncated last character,
    a stray byte): each bad sequence became one U+FFFD, and :attr:`warning` says so.
    """

    text: str
    encoding: str
    replaced: int = 0

    def __repr__(self) -> str:
        extra = f", replaced={self.replaced}" if self.replaced else ""
        return f"Decoded(text={self.text!r}, encoding={self.encoding!r}{extra})"

    @property
    def warning(self) -> str | None:
        """One line for the user when bytes were replaced, else None.

        >>> Decoded("caf\\ufffd", "utf-8", replaced=1).warning
        '1 invalid UTF-8 byte replaced with U+FFFD'
        """
        if not self.replaced:
            return None
        return f"{self.replaced} invalid UTF-8 byte{'s' if self.replaced != 1 else ''} replaced with U+FFFD"


def _control_share(text: str) -> float:
    if not text:
        return 0.0
    sample = text[:100_000]
    # Counted by the regex engine: a loop over characters here cost more than cleaning.
    return len(_CONTROL.findall(sample)) / len(sample)


# UTF-16 without a BOM is a guess from the NUL pattern alone, and a few bytes of binary with a
# NUL can fit that pattern by chance (``abc\0def`` read as UTF-16-LE is three CJK characters).
# So the guess needs evidence: enough code units to show a pattern, NULs in most high bytes
# (ASCII-range and Latin-1 text has one in nearly every one) and almost none in the low bytes,
# and decoded text that is plausible. Text in another script (Cyrillic, Greek, CJK) has NULs
# in the high bytes of its spaces, digits and ASCII punctuation (and in the low bytes of the
# few characters U+xx00, one in a hundred or so of Chinese or Hangul): with NULs four times
# as often in the high bytes as in the low, it is taken if it is twice the least length and
# reads as text (see :func:`_oddness`).
_UTF16_MIN_UNITS = 8
# The most :func:`_oddness` per character that such text may show (real text: about 0).
_UTF16_MAX_ODDNESS = 0.25
# Controls in decoded UTF-16: C0 (but tab, LF, FF, CR), DEL and C1; real text has next to none.
_UTF16_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


def _utf16_without_bom(data: bytes) -> str | None:
    """Text, if ``data`` is very probably UTF-16 without a BOM, else None.

    >>> _utf16_without_bom("Grüße aus München\\n".encode("utf-16-le"))
    'Grüße aus München\\n'
    >>> _utf16_without_bom(b"abc\\x00def\\x00") is None  # too short to show a pattern
    True
    >>> _utf16_without_bom("".join(map(chr, range(1, 9))).encode("utf-16-le")) is None  # controls
    True
    >>> _utf16_without_bom("Открытый ключ не найден.".encode("utf-16-be"))  # NULs in spaces
    'Открытый ключ не найден.'
    """
    # An odd length is not UTF-16 (a file with a UTF-16 BOM and an odd length is refused too).
    if len(data) % 2 or len(data) < 2 * _UTF16_MIN_UNITS:
        return None
    sample = data[:20_000]
    even_nuls = sample[0::2].count(0) / (len(sample) // 2)
    odd_nuls = sample[1::2].count(0) / (len(sample) // 2)
    judge = False
    if odd_nuls > 0.5 and even_nuls < 0.05:
        encoding = "utf-16-le"
    elif even_nuls > 0.5 and odd_nuls < 0.05:
        encoding = "utf-16-be"
    elif len(data) >= 4 * _UTF16_MIN_UNITS and odd_nuls > 4 * even_nuls and even_nuls < 0.05:
        encoding, judge = "utf-16-le", True
    elif len(data) >= 4 * _UTF16_MIN_UNITS and even_nuls > 4 * odd_nuls and odd_nuls < 0.05:
        encoding, judge = "utf-16-be", True
    else:
        return None
    try:
        text = data.decode(encoding)  # strict: a lone surrogate fails here
    except UnicodeDecodeError:
        return None
    head = text[:100_000]
    # Allowances grow with the length, so a short guess must be clean: one control character
    # in a thousand, one unassigned or private-use character in a hundred.
    if len(_UTF16_CONTROL.findall(head)) > len(head) // 1000:
        return None
    odd = [c for c in set(head) if unicodedata.category(c) in ("Cn", "Co", "Cs")]
    if sum(head.count(c) for c in odd) > len(head) // 100:
        return None
    if judge and _oddness(head[:20_000]) > _UTF16_MAX_ODDNESS * len(head[:20_000]):
        return None
    return text


def decode(data: bytes) -> Decoded:
    """Decode bytes of unknown encoding to text.

    >>> decode("Armenia’s".encode("utf-8"))
    Decoded(text='Armenia’s', encoding='utf-8')
    >>> decode(codecs.BOM_UTF8 + b"hi").text
    'hi'
    >>> decode("Armenia’s".encode("utf-16")).text
    'Armenia’s'
    >>> decode(b"caf\\xe9 au lait, na\\xefve r\\xe9sum\\xe9 of the d\\xe9j\\xe0 vu").encoding
    'cp1252'
    >>> decode(b"\\x00\\x01\\x02binary")
    Traceback (most recent call last):
    ...
    textclean.io.decode.NotTextError: binary data (NUL bytes)
    >>> decode(b"abc\\x00def")  # not UTF-16-LE "扡c敤": too little evidence
    Traceback (most recent call last):
    ...
    textclean.io.decode.NotTextError: binary data (NUL bytes)
    >>> decode("Grüße aus München,\\nzweite Zeile.\\n".encode("utf-16-be"))
    Decoded(text='Grüße aus München,\\nzweite Zeile.\\n', encoding='utf-16 (no BOM)')
    """
    if not data:
        return Decoded("", "utf-8")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data[len(bom):].decode(encoding), encoding)
            except UnicodeDecodeError:
                raise NotTextError(f"starts with a {encoding} byte-order mark but is not {encoding}") from None
    if b"\x00" in data:
        text = _utf16_without_bom(data)
        if text is not None:
            return Decoded(text, "utf-16 (no BOM)")
        raise NotTextError("binary data (NUL bytes)")
    replaced = 0
    try:
        text = data.decode("utf-8")
        encoding = "utf-8"
    except UnicodeDecodeError:
        mostly = _mostly_utf8(data)
        if mostly is not None:
            (text, replaced), encoding = mostly, "utf-8"
        else:
            text, encoding = _guess(data)
    if _control_share(text) > 0.05:
        raise NotTextError("binary data (control characters)")
    return Decoded(text, encoding, replaced)


#: A charset declared in the first bytes of a page: ``<meta charset="...">`` or
#: ``<meta http-equiv="Content-Type" content="text/html; charset=...">``.
_META_CHARSET = re.compile(rb"""<meta[^>]{0,512}?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]{1,40})""", re.IGNORECASE)
#: How far into a page a declared charset is looked for (the HTML standard's prescan: 1024
#: bytes; pages with long heads put it later, and a wrong find only costs a failed attempt).
_META_SCAN = 4096
#: Labels a page declares that the Web reads as another encoding (the WHATWG Encoding
#: Standard: "iso-8859-1" and "ascii" are windows-1252; "x-sjis" is Shift_JIS...).
_WEB_LABELS = {"iso-8859-1": "cp1252", "latin-1": "cp1252", "latin1": "cp1252", "ascii": "cp1252",
               "us-ascii": "cp1252", "iso8859-1": "cp1252", "iso-8859-9": "cp1254", "tis-620": "cp874",
               "x-sjis": "shift_jis", "gb2312": "gb18030", "gbk": "gb18030", "euc-kr": "cp949",
               "ks_c_5601-1987": "cp949", "utf8": "utf-8"}


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in a ``<meta>`` tag near its start, if any.

    >>> declared_charset(b'<html><head><meta charset="windows-1251"><title>x</title>')
    'windows-1251'
    >>> declared_charset(b'<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">')
    'ISO-8859-1'
    >>> declared_charset(b"<p>no declaration</p>") is None
    True
    """
    found = _META_CHARSET.search(data[:_META_SCAN])
    return found.group(1).decode("ascii") if found else None


def decode_html(data: bytes, declared: str | None = None) -> Decoded:
    """Decode an HTML page: a byte-order mark first; then strict UTF-8 (a page that decodes as
    UTF-8 is UTF-8, whatever it declares: declarations are often stale); then the charset
    the transport declared (``declared``, from an HTTP ``Content-Type`` header), else the one
    the page declares in a ``<meta>`` tag, read the way browsers read the label (ISO-8859-1 is
    windows-1252); and where neither decodes the page, the guess :func:`decode` makes for any
    bytes.

    >>> page = '<meta charset="windows-1251"><p>Привет, мир</p>'.encode("cp1251")
    >>> decode_html(page).text[-18:], decode_html(page).encoding
    ('<p>Привет, мир</p>', 'cp1251')
    >>> decode_html("<p>Café</p>".encode("utf-8"), declared="iso-8859-1").text
    '<p>Café</p>'
    >>> decode_html(b"<p>Caf\\xe9 \\x93quoted\\x94</p>", declared="ISO-8859-1").text
    '<p>Café “quoted”</p>'
    """
    if not data or any(data.startswith(bom) for bom, _ in _BOMS) or b"\x00" in data[:4096]:
        return decode(data)
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        # (decode reads valid UTF-8 as UTF-8 too, and judges binary data as for any file)
        return decode(data)
    for label in (declared, declared_charset(data)):
        if not label:
            continue
        name = _WEB_LABELS.get(label.strip().lower(), label.strip())
        codec = _codec_name(name)
        if codec is None or codec in ("utf-8", "utf-16", "utf-16-le", "utf-16-be", "utf-32"):
            continue  # (not UTF-8, as just seen; a page in UTF-16 has a BOM or NULs)
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if _control_share(text) <= 0.05:
            return Decoded(text, _canonical(codec))
    return decode(data)


# UTF-8 with a few bad bytes (a file cut inside its last character, a stray byte, a lost
# continuation byte) is still UTF-8: read in a legacy encoding instead, every multibyte
# character of it would come out as two or three wrong ones. But text in a legacy encoding
# is invalid UTF-8 at nearly every non-ASCII byte, so "a few" is judged against the evidence:
# at most a handful of bad spots (one more per 10 kB), and at least twice as many valid
# multibyte characters as bad spots, unless the one bad spot is a multibyte character cut
# off at the very end (a lead byte and a continuation byte: a cp1252 text rarely ends so),
# or the valid ones read as mojibake in cp1252.
_UTF8_MAX_BAD_SPOTS = 3
_UTF8_BAD_SPOT_EVERY = 10_000


def _mostly_utf8(data: bytes) -> tuple[str, int] | None:
    """The text and the number of bytes replaced, if ``data`` is UTF-8 but for a few bad
    bytes, each bad sequence replaced by one U+FFFD; else None.

    >>> _mostly_utf8(b"Caf\\xc3\\xa9 na\\xc3\\xafve \\xe2\\x80")  # cut inside the last character
    ('Café naïve \\ufffd', 2)
    >>> _mostly_utf8("“Quoted” and ".encode("utf-8") + b"\\xff stray")  # a stray byte
    ('“Quoted” and \\ufffd stray', 1)
    >>> _mostly_utf8("café, naïve, déjà vu".encode("cp1252")) is None  # no UTF-8 in it at all
    True
    """
    text = data.decode("utf-8", "replace")
    # Bad spots: the U+FFFD the decoder put in, less those the data held (EF BF BD is never
    # swallowed by a bad sequence before it, EF not being a continuation byte).
    spots = text.count("\ufffd") - data.count(b"\xef\xbf\xbd")
    if not 0 < spots <= _UTF8_MAX_BAD_SPOTS + len(data) // _UTF8_BAD_SPOT_EVERY:
        return None
    # Each replacement stands for 1-3 bad bytes and re-encodes as 3.
    replaced = len(data) - (len(text.encode("utf-8", "surrogatepass")) - 3 * spots)
    multibyte = len(text) - len(text.encode("ascii", "ignore")) - spots
    if multibyte >= 2 * spots or (spots == 1 and _cut_in_last_character(data)):
        return text, replaced
    # Weaker evidence (a bad spot for every good character or two) still settles it if the
    # good characters read in cp1252 are mojibake ("Ã©", "Ä±"), as ftfy's heuristics see it;
    # a cp1252 text that happens to hold a valid sequence ("Spaß“" is DF 93) is not.
    if multibyte:
        from ftfy.badness import is_bad

        if is_bad(data.decode("cp1252", "replace")):
            return text, replaced
    return None


def _cut_in_last_character(data: bytes) -> bool:
    """Whether ``data`` ends in a lead byte and at least one continuation byte of a UTF-8
    sequence that is cut short."""
    for size in (2, 3):
        tail = data[-size:]
        if len(tail) == size and 0xC2 <= tail[0] <= 0xF4 and all(0x80 <= b <= 0xBF for b in tail[1:]):
            needed = 2 if tail[0] < 0xE0 else 3 if tail[0] < 0xF0 else 4
            return size < needed
    return False


def _guess(data: bytes) -> tuple[str, str]:
    """Text and encoding of bytes that are not UTF-8: charset-normalizer's candidates and the
    web's common legacy encodings, each read and judged as text (see :func:`_oddness`).

    >>> _guess("Шифрование с открытым ключом".encode("cp1251"))[1]
    'cp1251'
    >>> _guess("שלום עולם, מה שלומך היום?".encode("cp1255"))  # not Cyrillic letters
    ('שלום עולם, מה שלומך היום?', 'cp1255')
    >>> _guess("Verwenden Sie --help für".encode("cp1252"))  # not "f黵" (valid GB18030)
    ('Verwenden Sie --help für', 'cp1252')
    """
    import charset_normalizer

    matches = charset_normalizer.from_bytes(data[:1_000_000])
    best = matches.best()
    if best is None:
        raise NotTextError("not text in any encoding charset-normalizer recognises")
    # Candidates in order of preference, which settles ties: the web's most common legacy
    # encoding first (a short text of accented Latin letters fits cp1250 and cp1252 alike),
    # then charset-normalizer's ranking, then the other common ones. charset-normalizer stops
    # at the first multibyte encoding short text happens to fit ("für" is valid GB18030) and
    # ranks a short text's encodings by little evidence, so every candidate is read and judged.
    names = ["cp1252", *(m.encoding for m in matches), *_WEB_LEGACY]
    # Judged on a sample from the first line with a byte that is not ASCII (a page's head of
    # markup says nothing of its encoding), or from 1,000 bytes before that byte if the line
    # is longer: every byte before it is ASCII, so a character starts there in any encoding
    # that keeps ASCII (and at an even offset, for UTF-16).
    first = _NOT_ASCII.search(data)
    start = max(data.rfind(b"\n", 0, first.start()) + 1, first.start() - 1000) & ~1 if first else 0
    sample = data[start:start + _JUDGE_BYTES]
    final = start + len(sample) == len(data)
    seen: set[str] = set()
    chosen, least = best.encoding, float("inf")
    byte_counts = collections.Counter(sample)
    for name in dict.fromkeys(filter(None, map(_codec_name, names))):
        try:
            text = codecs.getincrementaldecoder(name)().decode(sample, final=final)
        except UnicodeDecodeError:
            continue
        if text in seen:  # another name for the same reading, preferred already
            continue
        seen.add(text)
        counts = None
        table = _single_byte_table(name)
        if table is not None:  # count each byte once, not each reading's characters
            counts = collections.Counter()
            for byte, n in byte_counts.items():
                counts[table[byte]] += n
        # The common encodings are preferred to the exotic ones charset-normalizer also offers
        # (hp-roman8, cp775, mac-cyrillic...): those must be clearly better. A later candidate
        # must be strictly better than the best so far, so its judging stops once it cannot be.
        handicap = 0 if name in _WEB_LEGACY_NAMES else 1
        odd = _oddness(text, _LANGUAGE_OF_CJK_ENCODING.get(name), bound=least - handicap, counts=counts) + handicap
        if odd < least:
            chosen, least = name, odd
    encoding = chosen
    # The sample was judged; decode everything, and fall back to the web's de-facto default
    # rather than lose a file over one odd byte far down.
    for candidate in (encoding, "cp1252"):
        try:
            return data.decode(candidate), _canonical(candidate)
        except (UnicodeDecodeError, LookupError):
            continue
    return data.decode(encoding, errors="replace"), _canonical(encoding)


#: Legacy encodings common on the web, most common first (WHATWG's defaults by region).
_WEB_LEGACY = ("cp1252", "cp1250", "iso8859-2", "cp1251", "koi8-r", "koi8-u", "cp1253", "cp1254", "cp1255",
               "cp1256", "cp1257", "cp874", "shift_jis", "cp932", "euc-jp", "gb18030", "big5", "euc-kr",
               "cp949")
_WEB_LEGACY_NAMES = frozenset(codecs.lookup(n).name for n in _WEB_LEGACY)
_NOT_ASCII = re.compile(rb"[\x80-\xff]")
#: How much of a file is read in each candidate encoding to judge it.
_JUDGE_BYTES = 16_384

# The non-ASCII letters of the Latin-script languages (lower case, and Turkish İ): a text read
# in the right encoding uses the letters of one language; read in a wrong one, its accented
# letters are the same bytes in another code page, a set no language writes with ("pøíli¹"
# for "příliš"). With each, the cost of taking a text to be in that language at all, so that
# a language seldom found on the web must fit clearly better ("øádky" is Faroese letters,
# but "řádky" is Czech), and the languages of charset-normalizer's letter-frequency tables it
# stands for (which tell Hungarian "előnézeti" from Portuguese-looking "elõnézeti").
_LATIN_ALPHABETS = (
    ("", 0, ("English",)),
    ("äöüß", 0, ("German",)),
    ("àâçéèêëîïôœùûüÿ", 0, ("French",)),  # (æ: in a few Latin words only)
    ("áéíñóúü", 0, ("Spanish",)),
    ("àáâãçéêíóôõú", 0, ("Portuguese",)),
    ("àèéìíîòóùú", 0, ("Italian",)),
    ("áäéëíïóöúüèêàâô", 0, ("Dutch",)),
    ("ąćęłńóśźż", 0, ("Polish",)),
    ("áčďéěíňóřšťúůýž", 0, ("Czech",)),
    ("çğıİöşüâîû", 0, ("Turkish",)),
    ("áéíóöőúüű", 0, ("Hungarian",)),
    ("ăâîșțşţ", 0, ("Romanian",)),
    ("åäöéü", 0, ("Swedish",)),
    ("àçèéíïòóúü", 0.5, ()),  # Catalan
    ("æøåéóàô", 0.5, ("Danish", "Norwegian")),
    ("äöåšž", 0.5, ("Finnish",)),
    ("áäčďéíĺľňóôŕšťúýž", 0.5, ("Slovak",)),
    ("čšžćđ", 0.5, ("Slovene", "Croatian")),  # and Bosnian, Serbian
    ("äõöüšž", 0.5, ("Estonian",)),
    ("āčēģīķļņšūž", 0.5, ()),  # Latvian
    ("ąčęėįšųūž", 0.5, ("Lithuanian",)),
    ("áðéíóúýþæö", 1.5, ()),  # Icelandic
    ("áðíóúýæø", 1.5, ()),  # Faroese
    ("çəğıİöşü", 1.5, ()),  # Azerbaijani
    ("çë", 1.5, ()),  # Albanian
    ("áéíóú", 1.5, ()),  # Irish
    ("âêîôûŵŷáéíóúàèìòùäëïöü", 1.5, ()),  # Welsh
    ("ċġħżàèìòù", 1.5, ()),  # Maltese
    ("ĉĝĥĵŝŭ", 1.5, ()),  # Esperanto
)
_LATIN_ALPHABET_SETS = tuple((frozenset(letters), cost, names) for letters, cost, names in _LATIN_ALPHABETS)

# Letter classes, one character each, so that a text's classes are one str.translate away and
# patterns over them are regular expressions: lower and upper case of the bicameral scripts;
# Hebrew final forms and Greek final sigma apart, since they end words; Chinese characters
# (k), kana (j) and Hangul (K) apart, since each CJK encoding is written in some of them only.
_CLASS_OF_SCRIPT = {"LATIN": "aA", "CYRILLIC": "cC", "GREEK": "gG", "ARMENIAN": "xX", "GEORGIAN": "xX",
                    "HEBREW": "h", "ARABIC": "r", "THAI": "t", "CJK": "k", "FULLWIDTH": "k", "HIRAGANA": "j",
                    "KATAKANA": "j", "HANGUL": "K"}
# Combining marks belong to a script's letters: Thai (1), Hebrew (2), Arabic (3), any (m).
_MARK_OF_SCRIPT = {"THAI": "1", "HEBREW": "2", "ARABIC": "3"}
_LETTERS = "aAcCgGsxXhfrtjkKo"
# Letters that sit side by side within a word in real text.
_FAMILIES = ("aA", "cC", "gGs", "xX", "hf", "r", "t", "jk", "K", "o")
_SCRIPT = {c: family for family in _FAMILIES for c in family}
_SWITCH = re.compile("|".join(f"[{fam}](?=[{''.join(c for c in _LETTERS if c not in fam)}])"
                              for fam in _FAMILIES))
_CASE_FLIP = re.compile("aA|cC|gG|xX")
_SHORT_WORD = re.compile(f"(?<![{_LETTERS}])(?:"
                         + "|".join(f"[{fam}]{{1,2}}" for fam in _FAMILIES if fam != "aA")
                         + f")(?![{_LETTERS}])")
_ALL_CAPS = re.compile("(?<=[CGX])[CGX]")
_FINAL_INSIDE = re.compile("f(?=[hf])|s(?=[gGs])")
_STRAY_MARK = re.compile(f"(?:^|[^{_LETTERS}m])m|(?:^|[^t1])1|(?:^|[^hf2])2|(?:^|[^r3])3")
# The family of each letter class, for the letter-frequency models (Chinese, Japanese and
# Korean share one, so that their models compete for the same characters).
_FAMILY = {"a": "a", "A": "a", "c": "c", "C": "c", "g": "g", "G": "g", "s": "g", "x": "x", "X": "x",
           "h": "h", "f": "h", "r": "r", "t": "t", "j": "k", "k": "k", "K": "k", "o": "o"}
# The language each CJK encoding is written in (GB2312 and KS X 1001 have kana, and JIS X
# 0208 has Chinese characters enough for a Chinese text, but none is used so).
_LANGUAGE_OF_CJK_ENCODING = {
    **dict.fromkeys(("gb18030", "gbk", "gb2312", "hz", "big5", "big5hkscs", "cp950"), "Chinese"),
    **dict.fromkeys(("euc_jp", "shift_jis", "cp932", "euc_jis_2004", "euc_jisx0213", "shift_jis_2004",
                     "shift_jisx0213", "iso2022_jp"), "Japanese"),
    **dict.fromkeys(("euc_kr", "cp949", "johab", "iso2022_kr"), "Korean"),
}
# Punctuation and symbols but ASCII's are rarer than letters: a reading that turns letters
# into them ("Άκυρο" into "’κυρο") does not go free.
_PUNCTUATION = 0.25
# Points per nat by which a Latin-script language's letter frequencies fit worse than the
# best table's: few, as a few words are too few to tell languages apart by.
_LATIN_FIT = 0.25
# Symbols real text uses; other symbols, modifier letters and the like are rare in it.
_COMMON_SYMBOLS = frozenset("©®°™№€£¥¢±×−～ªºµ")
# Punctuation found inside words (don’t, カード・ゲーム); other punctuation and symbols
# between two letters of a script that spaces its words are a misread letter ("du¿y").
_WORD_JOINERS = frozenset("‐‑・‧′")
# Apostrophes (class "'") join words too (don’t), but do not open one ("’κυρο").
_APOSTROPHES = frozenset("’ʼ")
_OPENING_APOSTROPHE = re.compile(f"(?:^|(?<=[ p]))'(?=[{_LETTERS}])")
_INSIDE_WORD = re.compile("(?<=[aAcCgGsxXhfro])[p4$]+(?=[aAcCgGsxXhfro])")
# A currency sign stands apart from words ("5 €", "€5"), not against a letter ("дл€").
_CURRENCY_ON_WORD = re.compile(f"(?<=[{_LETTERS}])4|4(?=[{_LETTERS}])")
# Each pattern, the sets of classes one of each of which it needs to match, and its weight.
# (_SWITCH and _SHORT_WORD have conditions of their own; _INSIDE_WORD counts characters.)
_PATTERNS = ((_SWITCH, (), 1), (_SHORT_WORD, (), 1), (_CASE_FLIP, ("acgx", "ACGX"), 1),
             (_FINAL_INSIDE, ("fs",), 1), (_STRAY_MARK, ("m123",), 3), (_INSIDE_WORD, ("p4$",), 1),
             (_ALL_CAPS, ("CGX",), 0.5), (_CURRENCY_ON_WORD, ("4",), 1), (_OPENING_APOSTROPHE, ("'",), 1))


@functools.lru_cache(maxsize=65_536)
def _char_class(ch: str) -> str:
    """``ch``'s class: a letter class (see ``_CLASS_OF_SCRIPT``), a combining mark class,
    " " (space, ASCII digit and punctuation), "p" (other punctuation and digits, common
    symbol), "'" (apostrophe), "4" (currency sign), "$" (a rare symbol, format character or
    half-width katakana) or "!" (control, unassigned, private use, U+FFFD: not text)."""
    category = unicodedata.category(ch)
    if ch.isascii():
        if category == "Cc":
            return " " if ch in "\t\n\r\f\x1b" else "!"
        if ch.isalpha():
            return "A" if ch.isupper() else "a"
        return " "
    if category in ("Cc", "Cn", "Co", "Cs") or ch == "\ufffd":
        return "!"
    name = unicodedata.name(ch, "")
    script = name.split(" ", 1)[0]
    if category[0] == "M":
        return _MARK_OF_SCRIPT.get(script, "m")
    if category[0] == "L" and ch not in _COMMON_SYMBOLS:  # ª º µ: letters by category
        if name.startswith("HEBREW LETTER FINAL"):
            return "f"
        if ch == "ς":
            return "s"
        if script == "HALFWIDTH" or category == "Lm" and script not in ("HIRAGANA", "KATAKANA", "CJK"):
            return "$"
        classes = _CLASS_OF_SCRIPT.get(script)
        if classes is None:
            return "k" if ch in "々〆〇" else "o"
        return classes[1] if len(classes) == 2 and ch.isupper() else classes[0]
    if category in ("Zs", "Zl", "Zp") or ch in _WORD_JOINERS:
        return " "
    if ch in _APOSTROPHES:
        return "'"
    if category == "Sc" and ch != "¤":
        return "4"
    if category[0] == "P" or category == "Nd" or ch in _COMMON_SYMBOLS:
        return "p"
    return "$"


# A CJK character set's levels are a frequency list of a few thousand characters: for each
# language, a character set (codec), the lead bytes of its level of common characters and
# the last lead byte of its level of less common ones (GB 2312 levels 1 and 2, Big5's
# frequent and less frequent, JIS X 0208 levels 1 and 2, KS X 1001's 2,350 Hangul).
_CJK_LEVELS = {"Chinese": (("gb2312", 0xB0, 0xD7, 0xF7), ("big5", 0xA4, 0xC6, 0xF9)),
               "Japanese": (("euc_jp", 0xB0, 0xCF, 0xF4),),
               "Korean": (("euc_kr", 0xB0, 0xC8, 0xC8),)}
# The letters outside a model's frequent ones, by level: their share of a text and how many.
_CJK_UNLISTED = {"Chinese": ((0.85, 5000), (0.13, 7000), (0.02, 30_000)),
                 "Japanese": ((0.85, 2965), (0.13, 3390), (0.02, 30_000)),
                 "Korean": ((0.97, 2350), (0.0, 1), (0.03, 8822))}


@functools.lru_cache(maxsize=65_536)
def _cjk_level(ch: str, language: str) -> int:
    """0 if ``ch`` is among the common characters of ``language``, 1 if among the less common,
    else 2 (see ``_CJK_LEVELS``)."""
    level = 2
    for codec, first, common, less in _CJK_LEVELS[language]:
        try:
            lead = ch.encode(codec)[0]
        except UnicodeEncodeError:
            continue
        if first <= lead <= common:
            return 0
        if lead <= less:
            level = 1
    return level


def _letter_models() -> dict[str, list[tuple[str, str, dict[str, float], tuple[float, ...], float]]]:
    """Unigram models of the languages, by letter family ("a" for Latin): for
    each, its name, the letter classes it is written in, the cost (-ln p) of each frequent
    letter, the cost of any other letter of its classes (for CJK, by level: see
    :func:`_cjk_level`), and its entropy (the mean cost of text in the language).

    Built from charset-normalizer's tables of each language's most frequent letters, by rank.
    An alphabet's letter frequencies fall off geometrically (p ~ exp(-rank / 9) fits published
    Russian frequencies, and the tables' 26 letters hold ~97% of a text's letters); Chinese
    characters and Hangul syllables follow a Zipf law (p ~ 1 / (rank + 2)), the tables' 100
    and 26 holding about a third of a text, the rest mostly in the common level of the
    language's character set. Japanese's tables hold every kana, so about three quarters.
    """
    try:
        from charset_normalizer.constant import FREQUENCIES
    except ImportError:  # pragma: no cover - a charset-normalizer without the table
        return {}
    import math

    merged: dict[str, list[str]] = {}
    for language, letters in FREQUENCIES.items():
        if letters:
            merged.setdefault(language.rstrip("—"), []).append(letters)
    models: dict[str, list[tuple[str, str, dict[str, float], tuple[float, ...], float]]] = {}
    for language, lists in merged.items():
        found = collections.Counter(_char_class(c) for letters in lists for c in letters)
        classes = "".join(sorted(c for c in found if c in _FAMILY))
        family = _FAMILY[max(classes, key=found.__getitem__)] if classes else "o"
        if family == "k" and language in _CJK_UNLISTED:
            covered = 0.75 if "j" in classes else 0.3
            weights = {c: 1 / (rank + 2) for letters in lists for rank, c in enumerate(letters)}
            levels = _CJK_UNLISTED[language]
        else:  # an alphabet (English has a second table, in another order: the first will do)
            covered = 0.97
            weights = {c: math.exp(-rank / 9) for rank, c in enumerate(lists[0])}
            levels = ((1.0, 10),)
            classes += "".join(c.upper() for c in classes if c in "acgx")  # and the capitals
        total = sum(weights.values())
        cost = {c: -math.log(covered * w / total) for c, w in weights.items()}
        unlisted = tuple(-math.log((1 - covered) * share / size) if share else 99.0 for share, size in levels)
        entropy = (sum(math.exp(-v) * v for v in cost.values())
                   + sum((1 - covered) * share * u for (share, _), u in zip(levels, unlisted)))
        models.setdefault(family, []).append((language, classes, cost, unlisted, entropy))
    return models


_MODELS: dict[str, list[tuple[str, str, dict[str, float], tuple[float, ...], float]]] | None = None
# The excess cost of a letter its model's language is not written in (kana in Chinese).
_UNWRITTEN = 2.0


@functools.lru_cache(maxsize=64)
def _ascii_letter_excess(letters: tuple[tuple[str, int], ...]) -> dict[str, float]:
    """:func:`_letter_excess` of ASCII letters (letter, count) under each Latin model: the
    same in every single-byte reading of a text, so worked out once."""
    return {model[0]: _letter_excess(dict(letters), model) for model in (_MODELS or {}).get("a", ())}


def _letter_excess(letters: dict[str, int], model: tuple) -> float:
    """How many nats ``letters`` (letter -> count) cost under ``model`` beyond its entropy."""
    language, classes, cost, unlisted, entropy = model
    excess = 0.0
    for c, n in letters.items():
        if _char_class(c) not in classes:
            excess += n * _UNWRITTEN
        elif c in cost:
            excess += n * (cost[c] - entropy)
        else:
            excess += n * (unlisted[_cjk_level(c, language) if len(unlisted) > 1 else 0] - entropy)
    return excess


def _oddness(text: str, language: str | None = None, bound: float = float("inf"),
             counts: dict[str, int] | None = None) -> float:
    """How unlike written text ``text`` is: about one point for each character that a
    misread encoding would explain better than the writer did. ``language``: the language
    of the CJK encoding it was read in, if it was (see ``_LANGUAGE_OF_CJK_ENCODING``). Once
    the count reaches ``bound``, what is counted so far is returned (the rest only adds).
    ``counts``: how often each character occurs in ``text``, if known.

    Counted: controls, unassigned and private-use characters (3 each); rare symbols; a
    letter of one script right beside a letter of another ("f黵"); a word of one or two
    letters of another script in Latin text ("commande а envoyer": Cyrillic а), and any
    letter of a second script other than Latin (Hangul among Chinese characters); a
    lower-case letter right before an upper-case one ("пРИВЕТ"), and half a point for an
    upper-case Cyrillic, Greek or Armenian letter right after another (text is not written in
    capitals); a Hebrew final letter or Greek final sigma inside a word; a combining mark
    after no letter of its script (3); a quarter point for punctuation and symbols but
    ASCII's, and a point for each between two letters ("du¿y"); a currency sign against a
    letter ("дл€"); an apostrophe opening a word ("’κυρο"); accented Latin letters outside
    the alphabet of the language that fits the text best, plus that language's cost and a
    quarter point for each nat its letter frequencies fit worse than the best; and, for the
    letters of other scripts, half a point for each nat their cost exceeds the entropy of the
    language that fits best (a Hebrew text read as Cyrillic is full of ш, щ and ъ; a Korean
    one read as Chinese, of rare characters; a Japanese one read as Chinese has kana, which
    Chinese is not written in).

    >>> _oddness("Příliš žluťoučký kůň") < _oddness("Pøíli¹ ¾lu»ouèký kùò")
    True
    """
    global _MODELS
    if _MODELS is None:
        _MODELS = _letter_models()
    table: dict[int, str] = {}
    odd = 0.0
    latin: dict[str, int] = {}  # non-ASCII Latin letters, in lower case
    other: dict[str, dict[str, int]] = {}  # family -> letter -> count
    scripts: dict[str, int] = {}  # letters of each script (Chinese and kana one, "jk")
    for ch, n in (collections.Counter(text) if counts is None else counts).items():
        cls = _char_class(ch)
        table[ord(ch)] = cls
        if cls == "!":
            odd += 3 * n
        elif cls == "$":
            odd += n
        elif cls in "p'":
            odd += _PUNCTUATION * n
        elif cls in _FAMILY:
            family = _FAMILY[cls]
            scripts[_SCRIPT[cls]] = scripts.get(_SCRIPT[cls], 0) + n
            low = ch.lower() if ch != "İ" else ch
            letters = other.setdefault(family, {})
            letters[low] = letters.get(low, 0) + n
            if family == "a" and not ch.isascii():
                latin[low] = latin.get(low, 0) + n
    if "a" in other:
        # The language that best explains the Latin letters: accented letters outside its
        # alphabet, its cost, and how much worse its letter frequencies fit them than the
        # best table's (a language without a table, by a point). Only that difference
        # counts: Latin letters as such cost nothing, or a reading that turns accented letters
        # into another script's ("á" into Thai "แ") would gain.
        letters = other.pop("a")
        plain = _ascii_letter_excess(tuple(sorted((c, n) for c, n in letters.items() if c.isascii())))
        excess = {m[0]: _LATIN_FIT * (plain[m[0]] + _letter_excess(latin, m)) for m in _MODELS.get("a", ())}
        floor = min(excess.values(), default=0.0)
        odd += min(sum(n for c, n in latin.items() if c not in alphabet) + cost
                   + min((excess[name] for name in names if name in excess), default=floor + 1) - floor
                   for alphabet, cost, names in _LATIN_ALPHABET_SETS)
    # Text in a legacy encoding is written in Latin and at most one other script (a CJK
    # encoding has Cyrillic, Greek, kana and Hangul, but no text mixes them): the letters of
    # any other are stray, a point each, and no language model's say.
    latin_letters = scripts.pop("aA", 0)
    stray = set()
    if scripts:
        main = max(scripts, key=scripts.__getitem__)
        stray = {script for script in scripts if script != main}
        odd += sum(scripts[script] for script in stray)
    # In Latin text (nine letters in ten), a word of one or two letters of another script is
    # an accented letter misread ("commande а envoyer"; a quoted word is longer), and the few
    # letters of another script are too few for its language model to judge.
    latin_text = bool(scripts) and latin_letters * 10 >= 9 * (latin_letters + sum(scripts.values()))
    if latin_text:
        stray.update(scripts)
    for family, letters in other.items():
        letters = {c: n for c, n in letters.items() if _SCRIPT.get(_char_class(c)) not in stray}
        models = [m for m in _MODELS.get(family, ()) if language is None or m[0] == language]
        if models and letters:
            odd += 0.5 * min(_letter_excess(letters, model) for model in models)
    if odd >= bound:
        return odd
    # Patterns over the classes, each only where the classes it looks for are present.
    present = set(table.values())
    classes = text.translate(table)
    for pattern, needs, weight in _PATTERNS:
        if pattern is _SWITCH:
            if len({_SCRIPT[c] for c in present if c in _SCRIPT}) > 1:
                odd += len(pattern.findall(classes))
        elif pattern is _SHORT_WORD:
            if latin_text:
                odd += sum(map(len, pattern.findall(classes)))
        elif all(present.intersection(need) for need in needs):
            found = pattern.findall(classes)
            odd += weight * (sum(map(len, found)) if pattern is _INSIDE_WORD else len(found))
    return odd


@functools.lru_cache(maxsize=None)
def _single_byte_table(name: str) -> str | None:
    """The character of each byte in a single-byte encoding, else None."""
    try:
        table = bytes(range(256)).decode(name, "replace")
        pairs = b"\xc3\xa9\x82\xa0\xa4\xa2".decode(name, "replace")  # é in UTF-8, あ in SJIS and EUC
    except (LookupError, UnicodeError):
        return None
    return table if len(table) == 256 and len(pairs) == 6 else None


def _codec_name(encoding: str) -> str | None:
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        return None


def _canonical(encoding: str) -> str:
    try:
        return codecs.lookup(encoding).name.replace("_", "-")
    except LookupError:
        return encoding
