//! Per-line features that tell article prose from page furniture (the measurements behind
//! `textclean.cleaners.boilerplate.features.line_features_many`): length in characters and
//! words, stop words, capitalised words, sentence end, separators, URLs, letter share, and the
//! two judgements drawn from them (`prose`, `menu_like`). One pass over each line's bytes.
//!
//! Words are counted on a byte mapping of the line's first [`HEAD`] characters: ASCII letters
//! (lower-cased) and every byte of a non-ASCII character are letters, inner apostrophes stay,
//! general punctuation (curly quotes, dashes, bullets, Latin-1 symbols) and everything else
//! separates words. Byte counts (not characters) make the letter share, as they always did.

use foldhash::HashSet;

use crate::pystr;

/// Characters of a long line that are analysed word by word; the rest is only counted.
pub const HEAD: usize = 400;

/// What closes a sentence after its full stop (quotes, brackets), skipped to find the end.
const CLOSERS: &[char] =
    &['"', '\'', '\u{201d}', '\u{2019}', '\u{bb}', ')', ']', '\u{300d}', '\u{300f}', '\u{ff09}', '\u{3011}'];
/// Sentence ends: Latin, and the full stops and question marks of other scripts (CJK,
/// Arabic, Urdu, Devanagari, Armenian, Ethiopic, Burmese).
const ENDS: &[char] = &[
    '.', '!', '?', '\u{2026}', ':', ';', '\u{3002}', '\u{ff01}', '\u{ff1f}', '\u{ff61}', '\u{61f}',
    '\u{6d4}', '\u{964}', '\u{965}', '\u{589}', '\u{1362}', '\u{104b}',
];
/// Separators of menus and link rows, between spaces.
const SEPARATORS: &[char] = &['|', '\u{bb}', '\u{203a}', '\u{2022}', '\u{b7}', '/', '>'];

/// A language's stop words as the tokenizer produces them (ASCII lower-cased bytes), and how
/// densities are read with them.
pub struct StopWords {
    words: HashSet<Vec<u8>>,
    /// The (first byte, last byte, length) of the words, hashed to a bit each: most words of
    /// a text are no stop word, and are told so here without hashing them whole.
    shapes: Box<[u64; SHAPE_WORDS]>,
    /// What a density is multiplied by (1.0 for English).
    pub scale: f64,
    /// "l'équipage": a word whose part before the apostrophe is a stop word counts.
    pub elision: bool,
    /// False for the empty list of a language without evidence: prose is then judged by the
    /// shape of a sentence alone.
    pub known: bool,
}

/// 64-bit words of [`StopWords::shapes`] (4096 bits).
const SHAPE_WORDS: usize = 64;

/// The bit of a word's shape in [`StopWords::shapes`] (a word is not empty).
#[inline]
fn shape_bit(w: &[u8]) -> usize {
    let (first, last) = (w[0] as usize, w[w.len() - 1] as usize);
    (first.wrapping_mul(31) ^ last.wrapping_mul(131) ^ w.len().wrapping_mul(1009)) % (SHAPE_WORDS * 64)
}

impl StopWords {
    pub fn new(words: impl IntoIterator<Item = Vec<u8>>, scale: f64, elision: bool, known: bool) -> Self {
        let words: HashSet<Vec<u8>> = words.into_iter().collect();
        let mut shapes = Box::new([0u64; SHAPE_WORDS]);
        for w in words.iter().filter(|w| !w.is_empty()) {
            let bit = shape_bit(w);
            shapes[bit / 64] |= 1 << (bit % 64);
        }
        StopWords { words, shapes, scale, elision, known }
    }

    /// Whether the word `w` (not empty) may be in the set: false for most words that are not.
    #[inline]
    fn may_hold(&self, w: &[u8]) -> bool {
        let bit = shape_bit(w);
        self.shapes[bit / 64] & (1 << (bit % 64)) != 0
    }

    fn contains(&self, w: &[u8]) -> bool {
        if !w.is_empty() && self.may_hold(w) && self.words.contains(w) {
            return true;
        }
        if self.elision {
            if let Some(p) = w.iter().position(|&b| b == b'\'') {
                return (p == 0 || self.may_hold(&w[..p])) && self.words.contains(&w[..p]);
            }
        }
        false
    }
}

/// The measurements of one line, in the field order of the Python `LineFeatures`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LineFeatures {
    pub chars: usize,
    pub words: usize,
    pub stop_words: usize,
    pub capitalised: usize,
    pub terminal: bool,
    pub separators: usize,
    pub urls: usize,
    pub letters: f64,
    pub stop_density: f64,
    pub cap_share: f64,
    pub prose: bool,
    pub menu_like: bool,
}

/// The byte the tokenizer sees for `c`, pushed onto `out`.
#[inline]
fn map_char(c: char, out: &mut Vec<u8>) {
    let u = c as u32;
    if u < 0x80 {
        out.push(u as u8);
    } else if u == 0x2018 || u == 0x2019 {
        out.push(b'\'');
    } else if (0x2000..=0x2017).contains(&u)
        || (0x201a..=0x203f).contains(&u)
        || ((0x80..=0xbf).contains(&u) && u != 0xaa && u != 0xb5 && u != 0xba)
    {
        out.push(0x1f); // punctuation: neither a letter nor whitespace
    } else {
        let mut buf = [0u8; 4];
        out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
    }
}

/// The kinds of a byte of the mapped line ([`BYTE_KINDS`]): a letter (ASCII, or any byte of a
/// non-ASCII character), an upper-case ASCII letter, an apostrophe.
const LETTER: u8 = 1;
const UPPER: u8 = 2;
const APOSTROPHE: u8 = 4;

static BYTE_KINDS: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = if c.is_ascii_uppercase() {
            LETTER | UPPER
        } else if c.is_ascii_lowercase() || c >= 0x80 {
            LETTER
        } else if c == b'\'' {
            APOSTROPHE
        } else {
            0
        };
        b += 1;
    }
    table
};

/// Counts of the mapped head of a line: (words, stop words, capitalised words, letter bytes,
/// width in bytes without ASCII whitespace at the ends).
fn count_words(m: &[u8], stops: &StopWords) -> (usize, usize, usize, usize, usize) {
    let n = m.len();
    let ascii_ws = |b: &u8| matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r');
    let width = match (m.iter().position(|b| !ascii_ws(b)), m.iter().rposition(|b| !ascii_ws(b))) {
        (Some(a), Some(b)) => b + 1 - a,
        _ => 0,
    };
    // a word byte at j: a letter, or an apostrophe with word bytes (letters or apostrophes)
    // on both sides (one opening or closing a word is a quote)
    let word_byte = |j: usize| BYTE_KINDS[m[j] as usize] & (LETTER | APOSTROPHE) != 0;
    let kept = |j: usize| -> bool {
        let k = BYTE_KINDS[m[j] as usize];
        k & LETTER != 0 || (k & APOSTROPHE != 0 && j > 0 && j + 1 < n && word_byte(j - 1) && word_byte(j + 1))
    };
    // (every letter is inside a word: the letters are counted with the words' bytes)
    let (mut words, mut stop, mut caps, mut letters) = (0, 0, 0, 0);
    let mut token: Vec<u8> = Vec::with_capacity(32);
    let mut j = 0;
    while j < n {
        if !kept(j) {
            j += 1;
            continue;
        }
        if m[j].is_ascii_uppercase() {
            caps += 1;
        }
        let start = j;
        let mut kinds = 0;
        while j < n && kept(j) {
            let k = BYTE_KINDS[m[j] as usize];
            kinds |= k;
            letters += usize::from(k & LETTER);
            j += 1;
        }
        words += 1;
        // (a word in lower case already is looked up where it stands)
        let word = if kinds & UPPER != 0 {
            token.clear();
            token.extend(m[start..j].iter().map(u8::to_ascii_lowercase));
            &token[..]
        } else {
            &m[start..j]
        };
        if stops.contains(word) {
            stop += 1;
        }
    }
    (words, stop, caps, letters, width)
}

/// How many separator matches `s` has: a separator character between two spaces, or a bare
/// `|` (leftmost first, not overlapping, as `re.findall` counts them).
fn separators(s: &str) -> usize {
    // (the separators are `|`, `/`, `>` and characters led by the bytes 0xC2 and 0xE2)
    let b = s.as_bytes();
    if (memchr::memchr3(b'|', b'/', b'>', b).is_none() && memchr::memchr2(0xc2, 0xe2, b).is_none())
        || !s.contains(SEPARATORS)
    {
        return 0;
    }
    let c: Vec<char> = s.chars().collect();
    let (mut i, mut count) = (0, 0);
    while i < c.len() {
        if i + 2 < c.len()
            && pystr::is_space(c[i])
            && SEPARATORS.contains(&c[i + 1])
            && pystr::is_space(c[i + 2])
        {
            count += 1;
            i += 3;
        } else {
            if c[i] == '|' {
                count += 1;
            }
            i += 1;
        }
    }
    count
}

/// `c` matches the lower-case ASCII letter `p` ignoring case, as `re.I` does (`ſ` is an `s`).
#[inline]
fn ci(c: char, p: u8) -> bool {
    c.to_ascii_lowercase() == p as char || (p == b's' && c == '\u{17f}')
}

fn ci_at(c: &[char], i: usize, lit: &[u8]) -> bool {
    i + lit.len() <= c.len()
        && lit.iter().enumerate().all(|(k, &p)| {
            if p.is_ascii_alphabetic() {
                ci(c[i + k], p)
            } else {
                c[i + k] == p as char
            }
        })
}

/// Whether a whitespace-free token carries a URL or e-mail tell-tale: `http(s)://`, `www.`
/// not after a word character or slash, `x@y.z`, or a dot before `com`, `org`, `net`, `htm`,
/// `html` or `php` ending a word (not `www.com`).
pub fn url_token(tok: &str) -> bool {
    // (every tell-tale holds one of these, in ASCII letters of either case: most tokens with
    // a dot are the last word of a sentence, done here)
    let b = tok.as_bytes();
    // (one pass, looking on only at the bytes the tell-tales start with)
    let at = |i: usize, lit: &[u8]| b.get(i..i + lit.len()).is_some_and(|w| w.eq_ignore_ascii_case(lit));
    let tell = b.iter().enumerate().any(|(i, &x)| match x {
        b'@' => true,
        b'h' | b'H' => at(i, b"http"),
        b'w' | b'W' => at(i, b"www."),
        b'.' => [&b".com"[..], b".org", b".net", b".htm", b".php"].iter().any(|l| at(i, l)),
        _ => false,
    });
    if !tell {
        return false;
    }
    let c: Vec<char> = tok.chars().collect();
    let n = c.len();
    for i in 0..n {
        match c[i] {
            'h' | 'H' if ci_at(&c, i, b"http://") || ci_at(&c, i, b"https://") => return true,
            'w' | 'W'
                if ci_at(&c, i, b"www.") && (i == 0 || (c[i - 1] != '/' && !pystr::is_word(c[i - 1]))) =>
            {
                return true
            }
            '@' if i > 0 && pystr::is_word(c[i - 1]) => {
                let mut k = i + 1;
                while k < n && pystr::is_word(c[k]) {
                    k += 1;
                }
                if k > i + 1 && k + 1 < n && c[k] == '.' && pystr::is_word(c[k + 1]) {
                    return true;
                }
            }
            '.' if !(i >= 3 && ci_at(&c, i - 3, b"www")) => {
                for suffix in [&b"com"[..], b"org", b"net", b"html", b"htm", b"php"] {
                    let end = i + 1 + suffix.len();
                    if ci_at(&c, i + 1, suffix) && (end == n || !pystr::is_word(c[end])) {
                        return true;
                    }
                }
            }
            _ => {}
        }
    }
    false
}

/// How many whitespace-separated tokens of `s` are URLs ([`url_token`]).
fn urls(s: &str) -> usize {
    // Only a token with a `.`, `@` or `:` can be one: each is taken around the first such
    // byte found in it (an ASCII byte, so never inside a character), and the rest of the
    // line is not split.
    let b = s.as_bytes();
    let mut count = 0;
    let mut next = 0; // (where the last token taken ended)
    for p in memchr::memchr3_iter(b'.', b'@', b':', b) {
        if p < next {
            continue;
        }
        let start = s[..p]
            .char_indices()
            .rev()
            .find(|&(_, c)| pystr::is_space(c))
            .map_or(0, |(i, c)| i + c.len_utf8());
        let end = s[p..].char_indices().find(|&(_, c)| pystr::is_space(c)).map_or(s.len(), |(i, _)| p + i);
        if url_token(&s[start..end]) {
            count += 1;
        }
        next = end;
    }
    count
}

/// The bytes of `b` that are a space (counted by chunks, which the compiler turns into
/// vector instructions: the rest of a long paragraph is only counted).
fn count_spaces(b: &[u8]) -> usize {
    let chunks = b.chunks_exact(64);
    let tail = chunks.remainder().iter().filter(|&&x| x == b' ').count();
    chunks.map(|c| c.iter().map(|&x| u8::from(x == b' ')).sum::<u8>() as usize).sum::<usize>() + tail
}

/// Python's `round()`: half to even.
#[inline]
fn round_half_even(x: f64) -> usize {
    x.round_ties_even() as usize
}

/// The features of one line (no newline inside) with the stop words `stops`; `buf` is
/// scratch space reused between lines.
pub fn line_features(line: &str, stops: &StopWords, buf: &mut Vec<u8>) -> LineFeatures {
    let strip = pystr::strip(line);
    let size = pystr::len(strip);
    // a paragraph's first HEAD characters tell prose from furniture as well as all of it
    let head = if pystr::len(line) <= HEAD { line } else { &strip[..pystr::byte_of_char(strip, HEAD)] };
    // (ASCII maps to itself: most lines are counted in place)
    let mapped: &[u8] = if head.is_ascii() {
        head.as_bytes()
    } else {
        buf.clear();
        head.chars().for_each(|c| map_char(c, buf));
        buf
    };
    let (mut words, mut stop, mut caps, alpha, width) = count_words(mapped, stops);
    let terminal = strip.trim_end_matches(CLOSERS).chars().next_back().is_some_and(|c| ENDS.contains(&c));
    let seps = separators(strip);
    let url = urls(strip);
    if size > HEAD && words > 0 {
        // extrapolate the head's densities to the whole line
        let rest = &strip[pystr::byte_of_char(strip, HEAD)..];
        let total = words + count_spaces(rest.as_bytes());
        stop = round_half_even((stop * total) as f64 / words as f64);
        caps = round_half_even((caps * total) as f64 / words as f64);
        words = total;
    }
    let (scale, known) = (stops.scale, stops.known);
    let (w, s, cc) = (words as f64, stop as f64, caps as f64);
    let dens = if words == 0 {
        0.0
    } else if scale == 1.0 {
        s / w
    } else {
        scale * s / w
    };
    let cshare = if words == 0 { 0.0 } else { cc / w };
    let prose = if known {
        seps < 2
            && words >= 6
            && ((words >= 25 && dens >= 0.2) || (dens >= 0.25 && (terminal || words >= 12)))
    } else {
        // a language without a stop list: the shape of a sentence
        seps < 2 && ((terminal && (words >= 6 || size >= 40)) || words >= 12)
    };
    let menu =
        seps >= 2 || (url > 0 && words <= 6) || (words >= 5 && dens < 0.15 && cshare > 0.7 && !terminal);
    let letters = if size == 0 { 0.0 } else { alpha as f64 / (if width == 0 { 1 } else { width }) as f64 };
    LineFeatures {
        chars: size,
        words,
        stop_words: stop,
        capitalised: caps,
        terminal,
        separators: seps,
        urls: url,
        letters,
        stop_density: dens,
        cap_share: cshare,
        prose,
        menu_like: menu,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn feats(line: &str) -> LineFeatures {
        let words = ["the", "on", "that", "would", "in", "said"].map(|w| w.as_bytes().to_vec());
        line_features(line, &StopWords::new(words, 1.0, false, true), &mut Vec::new())
    }

    #[test]
    fn prose_and_menus() {
        let f = feats("The minister said on Tuesday that the talks would resume in May.");
        assert!(f.terminal && f.prose && !f.menu_like);
        assert_eq!((f.words, f.stop_words, f.capitalised), (12, 7, 3));
        let m = feats("Home | News | Sport | Weather | Contact us");
        assert_eq!(m.separators, 4);
        assert!(m.menu_like && !m.prose);
    }

    #[test]
    fn apostrophes_and_punctuation() {
        // a curly apostrophe inside a word is part of it; a dash separates words
        assert_eq!(feats("Don\u{2019}t stop \u{2014} now.").words, 3);
        // quotes opening or closing a word are not part of it
        assert_eq!(feats("'quoted' words").words, 2);
        assert_eq!(feats("").chars, 0);
        assert_eq!(feats("3 bay leaves").words, 2);
    }

    #[test]
    fn spaces_are_counted() {
        for n in [0, 1, 63, 64, 65, 200] {
            let s: String = (0..n).map(|i| if i % 3 == 0 { ' ' } else { 'x' }).collect();
            assert_eq!(count_spaces(s.as_bytes()), s.bytes().filter(|&b| b == b' ').count());
        }
        assert_eq!(count_spaces(&[b' '; 64]), 64);
    }

    #[test]
    fn url_tokens() {
        for yes in ["https://x.y", "WWW.example.org", "me@example.org", "page.html", "x.Com,"] {
            assert!(url_token(yes), "{yes}");
        }
        assert!(url_token("www.com") && url_token("http\u{17f}://a"));
        for no in ["a/www.b", "awww.com", "x.community", "x.htmlx", "@home", "e.g."] {
            assert!(!url_token(no), "{no}");
        }
    }

    #[test]
    fn urls_are_counted_by_token() {
        for line in [
            "see www.example.org or me@example.org: page.html",
            "\u{e9}t\u{e9}\u{a0}www.x.com\u{3000}http://a.b x.Com, e.g. a:b",
            "a.b.c.com  .com www.com.",
            "",
        ] {
            let split = pystr::split(line).filter(|t| t.contains(['.', '@', ':']) && url_token(t)).count();
            assert_eq!(urls(line), split, "{line}");
        }
        assert_eq!(urls("see www.example.org or me@example.org: page.html"), 3);
    }

    #[test]
    fn long_lines_extrapolate_from_their_head() {
        let line = "the word ".repeat(100);
        let f = feats(&line);
        assert_eq!(f.chars, 899);
        // 89 words in the first 400 characters, 45 of them "the"; 110 more spaces after
        assert_eq!(f.words, 199);
        assert_eq!(f.stop_words, 101); // round(45 * 199 / 89)
    }
}
