//! Python's string predicates, so that the core measures text exactly as the Python it
//! replaced did: `str.isspace`/`str.strip`/`str.split` whitespace and the `\w` of `re`.

/// `str.isspace()`: Unicode White_Space plus the four information separators U+001C..U+001F,
/// which Python counts as whitespace (bidirectional class B or S) and Rust does not.
#[inline]
pub fn is_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// `re`'s `\w` on a `str`: a letter, a digit or other number, or `_`.
#[inline]
pub fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// `str.strip()`.
pub fn strip(s: &str) -> &str {
    s.trim_matches(is_space)
}

/// `not s.strip()`: empty, or whitespace only.
pub fn is_blank(s: &str) -> bool {
    s.chars().all(is_space)
}

/// `str.split()`: the runs of non-whitespace characters.
pub fn split(s: &str) -> impl Iterator<Item = &str> {
    s.split(is_space).filter(|t| !t.is_empty())
}

/// `len(s)`: the number of code points.
#[inline]
pub fn len(s: &str) -> usize {
    if s.is_ascii() {
        s.len()
    } else {
        s.chars().count()
    }
}

/// The byte offset of code point `n` of `s` (`s.len()` when `s` is shorter).
pub fn byte_of_char(s: &str, n: usize) -> usize {
    if s.len() <= n {
        return s.len(); // (no more code points than bytes: nothing to count)
    }
    if s.is_ascii() {
        return n.min(s.len());
    }
    s.char_indices().nth(n).map_or(s.len(), |(i, _)| i)
}

/// Byte offsets of code points of one text, asked in any order: the offset of every 64th
/// code point, so that each question walks at most 63 characters (a check asked at many
/// points of a long page walked from its start each time).
pub struct CharIndex {
    ascii: bool,
    marks: Vec<usize>,
    /// The number of code points (`len(text)`).
    pub chars: usize,
}

const CHAR_INDEX_STEP: usize = 64;

impl CharIndex {
    pub fn new(text: &str) -> Self {
        if text.is_ascii() {
            return CharIndex { ascii: true, marks: Vec::new(), chars: text.len() };
        }
        let mut marks = Vec::with_capacity(text.len() / CHAR_INDEX_STEP + 1);
        let mut chars = 0;
        for (n, (i, _)) in text.char_indices().enumerate() {
            if n % CHAR_INDEX_STEP == 0 {
                marks.push(i);
            }
            chars = n + 1;
        }
        CharIndex { ascii: false, marks, chars }
    }

    /// The byte offset of code point `n` of `text` (the text this index was made of);
    /// `text.len()` at or past its end.
    pub fn byte(&self, text: &str, n: usize) -> usize {
        if self.ascii {
            return n.min(text.len());
        }
        if n >= self.chars {
            return text.len();
        }
        let at = self.marks[n / CHAR_INDEX_STEP];
        text[at..].char_indices().nth(n % CHAR_INDEX_STEP).map_or(text.len(), |(i, _)| at + i)
    }
}

/// Code-point offsets (Python's) of byte offsets into one text, asked in increasing order:
/// each call counts only the characters since the last one.
pub struct CharOffsets<'a> {
    text: &'a [u8],
    byte: usize,
    chars: usize,
}

impl<'a> CharOffsets<'a> {
    pub fn new(text: &'a str) -> Self {
        CharOffsets { text: text.as_bytes(), byte: 0, chars: 0 }
    }

    /// The code-point offset of `byte` (a character boundary, not before the last one asked).
    pub fn at(&mut self, byte: usize) -> usize {
        debug_assert!(byte >= self.byte);
        // (a character is counted at its first byte: every byte but a continuation byte;
        // by chunks, which the compiler turns into vector instructions)
        let span = &self.text[self.byte..byte];
        let first = |b: &u8| u8::from((b & 0xc0) != 0x80);
        let chunks = span.chunks_exact(64);
        let tail: usize = chunks.remainder().iter().map(|b| usize::from(first(b))).sum();
        self.chars += chunks.map(|c| c.iter().map(first).sum::<u8>() as usize).sum::<usize>() + tail;
        self.byte = byte;
        self.chars
    }
}

/// The lines of `text` as `str.splitlines()` finds them: `(start, end of the line's text, end
/// with its line end)` in bytes. A line ends at `\n`, `\r`, `\r\n`, `\x0b`, `\x0c`,
/// `\x1c`-`\x1e`, `\x85`, `\u2028` or `\u2029`; text after the last end is a line too.
///
/// Read as bytes, not decoded: each break is one ASCII byte but `\x85` (the bytes C2 85) and
/// `\u2028`/`\u2029` (E2 80 A8/A9), found at their last byte (C2 and E2 are lead bytes,
/// never inside another character). The bytes between breaks are passed over eight at a time
/// ([`maybe_breaks`]), then looked up in [`BREAK_BYTES`]: on a page's text (a break every 15
/// bytes) decoding each character cost several times as much.
pub fn line_spans(text: &str) -> Vec<(usize, usize, usize)> {
    let b = text.as_bytes();
    let n = b.len();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < n {
        if let Some(word) = b.get(i..i + 8) {
            let found = maybe_breaks(u64::from_le_bytes(word.try_into().expect("eight bytes")));
            if found == 0 {
                i += 8;
                continue;
            }
            i += (found.trailing_zeros() / 8) as usize; // the first byte that may end a line
        }
        if !BREAK_BYTES[b[i] as usize] {
            i += 1;
            continue;
        }
        let (at, end) = match b[i] {
            b'\r' => (i, if b.get(i + 1) == Some(&b'\n') { i + 2 } else { i + 1 }),
            0x85 if i >= 1 && b[i - 1] == 0xc2 => (i - 1, i + 1),
            0xa8 | 0xa9 if i >= 2 && b[i - 1] == 0x80 && b[i - 2] == 0xe2 => (i - 2, i + 1),
            0x85 | 0xa8 | 0xa9 => {
                i += 1; // a byte inside another character
                continue;
            }
            _ => (i, i + 1),
        };
        out.push((start, at, end));
        start = end;
        i = end;
    }
    if start < n {
        out.push((start, n, n));
    }
    out
}

/// A mask of the bytes of `word` (eight bytes, the first lowest) that may end a line break:
/// the high bit of each byte under 0x1F (the ASCII breaks among other control characters) or
/// equal to 0x85, 0xA8 or 0xA9; zero where none does. Bits above the first byte marked may be
/// set wrongly (a borrow), never below it: the lowest is a true candidate, and no byte before
/// it is one.
#[inline]
fn maybe_breaks(word: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let zero = |v: u64| v.wrapping_sub(ONES) & !v & HIGH;
    (word.wrapping_sub(ONES * 0x1f) & !word & HIGH)
        | zero(word ^ (ONES * 0x85))
        | zero(word ^ (ONES * 0xa8))
        | zero(word ^ (ONES * 0xa9))
}

/// The bytes that can be the last byte of a line break ([`line_spans`]): `\n`, `\r`, `\x0b`,
/// `\x0c`, `\x1c`-`\x1e`, and 85, A8, A9 (the last bytes of `\x85`, `\u2028`, `\u2029`).
static BREAK_BYTES: [bool; 256] = {
    let mut table = [false; 256];
    let mut c = 0;
    while c < 256 {
        table[c] = matches!(c as u8, b'\n' | b'\r' | 0x0b | 0x0c | 0x1c..=0x1e | 0x85 | 0xa8 | 0xa9);
        c += 1;
    }
    table
};

/// Where the lines of `text` start, as `str.splitlines()` cuts them ([`line_spans`]), in code
/// points, then the length of `text`: line `i` is `starts[i]..starts[i + 1]` with its line end.
pub fn line_starts(text: &str) -> Vec<u64> {
    let spans = line_spans(text);
    let mut starts = Vec::with_capacity(spans.len() + 2);
    starts.push(0);
    if text.is_ascii() {
        // (a byte is a code point: nothing to count)
        starts.extend(spans.iter().map(|&(_, _, end)| end as u64));
    } else {
        let mut at = CharOffsets::new(text);
        starts.extend(spans.iter().map(|&(_, _, end)| at.at(end) as u64));
    }
    starts
}

/// Python's `surrogatepass` UTF-8 (a lone surrogate as the three bytes `ED A0..BF xx`) as
/// text, each surrogate replaced by U+FFFD.
pub fn surrogates_replaced(b: &[u8]) -> String {
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == 0xed && i + 2 < b.len() && (0xa0..=0xbf).contains(&b[i + 1]) {
            out.extend_from_slice("\u{fffd}".as_bytes());
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whitespace_is_pythons() {
        assert!(is_space('\u{1f}') && is_space('\u{a0}') && is_space('\u{3000}'));
        assert!(!is_space('\u{200b}') && !is_space('x'));
        assert_eq!(strip("\u{a0} a b \u{1c}"), "a b");
        assert_eq!(split(" a\u{2003}b  c ").collect::<Vec<_>>(), ["a", "b", "c"]);
    }

    #[test]
    fn surrogates_become_one_replacement_character_each() {
        assert_eq!(surrogates_replaced(b"caf\xed\xb3\xa9 x"), "caf\u{fffd} x");
        assert_eq!(surrogates_replaced("d\u{e9}j\u{e0}".as_bytes()), "d\u{e9}j\u{e0}");
    }

    #[test]
    fn char_offsets_count_code_points() {
        let t = "a\u{e9}b\u{1f600}c";
        let mut o = CharOffsets::new(t);
        assert_eq!((o.at(0), o.at(1), o.at(3), o.at(4), o.at(8), o.at(t.len())), (0, 1, 2, 3, 4, 5));
        // spans longer than a chunk, at every character boundary
        let t = "\u{e9}t\u{e9} \u{1f600} x".repeat(30);
        let mut o = CharOffsets::new(&t);
        for (n, (i, _)) in t.char_indices().enumerate().step_by(7) {
            assert_eq!(o.at(i), n);
        }
        assert_eq!(o.at(t.len()), t.chars().count());
    }

    #[test]
    fn code_points() {
        assert_eq!(len("naïve"), 5);
        assert_eq!(byte_of_char("naïve", 3), 4);
        assert_eq!(byte_of_char("ab", 5), 2);
    }

    #[test]
    fn line_spans_as_splitlines_cuts() {
        assert_eq!(
            line_spans("a\r\nb\rc\n\nd\u{2028}e\u{85}f\u{2029}"),
            [(0, 1, 3), (3, 4, 5), (5, 6, 7), (7, 7, 8), (8, 9, 12), (12, 13, 15), (15, 16, 19)]
        );
        // characters whose UTF-8 holds the bytes 85, A8 or A9 without being a break
        assert_eq!(line_spans("\u{105}\u{2085}\u{2128}\u{e9}\u{a9}\u{3029}"), [(0, 15, 15)]);
        assert_eq!(line_spans("x\r"), [(0, 1, 2)]);
        assert_eq!(line_spans("\x0b\x0c\x1c\x1d\x1e").len(), 5);
    }

    #[test]
    fn line_breaks_at_every_place_of_a_word() {
        // (a break, or a character holding a break's last byte, at each place of the
        // eight-byte words passed over, and tabs and control characters that are no break)
        for brk in ["\n", "\r\n", "\x0b", "\x1e", "\u{85}", "\u{2028}", "\u{2029}"] {
            for p in 0..20 {
                let text = format!("{}{brk}\tb\x1f\u{2085}\u{aa9}{}", "a".repeat(p), "c".repeat(p % 7));
                let spans = line_spans(&text);
                assert_eq!(spans.len(), 2, "{text:?}");
                assert_eq!(spans[0], (0, p, p + brk.len()), "{text:?}");
            }
            assert_eq!(line_spans(&"\u{2085}\t\x1f\u{aa9}".repeat(5)).len(), 1);
        }
    }

    #[test]
    fn line_starts_in_code_points_as_splitlines_cuts() {
        assert_eq!(line_starts(""), [0]);
        assert_eq!(line_starts("x"), [0, 1]);
        assert_eq!(line_starts("\u{e9}\r\nb\rc\n\nd\u{2028}e\n"), [0, 3, 5, 7, 8, 10, 12]);
        assert_eq!(line_starts("a\n\u{1f600}"), [0, 2, 3]);
    }
}
