//! The `typos` cleaner's line checks: what a whitespace-delimited chunk of text is to them
//! (a known or unknown English word, a word of another language, or other), and whether a
//! token stands in a cluster of unknown words or on a line that is mostly not English
//! (`textclean/cleaners/typos/vetoes.py`, `LineCheck.crowded`, has the reasons).
//!
//! Both read Python strings as Python does (code-point offsets, `str.split()` whitespace,
//! `str.strip` of the listed punctuation, `str.isalpha`), so that they give what the Python
//! they replaced gave. The vocabulary and the table of foreign words stay the caller's: they
//! come in as closures.

use crate::pystr::CharIndex;

/// A chunk's part in the line checks (`vetoes.ChunkKind`, the same numbers).
pub const OTHER: u8 = 0;
pub const KNOWN: u8 = 1;
pub const UNKNOWN: u8 = 2;
pub const FOREIGN: u8 = 3;
pub const FOREIGN_KNOWN: u8 = 4;
pub const FOREIGN_UNKNOWN: u8 = 5;
pub const FOREIGN_NAME: u8 = 6;

/// What each kind is to the cluster and line checks, which judge English words
/// (`vetoes.AS_ENGLISH`): a foreign word the vocabulary knows is known, a foreign name other.
pub fn as_english(kind: u8) -> u8 {
    match kind {
        FOREIGN_KNOWN => KNOWN,
        FOREIGN_UNKNOWN => UNKNOWN,
        FOREIGN_NAME => OTHER,
        k => k,
    }
}

/// The punctuation stripped from a chunk's ends (`vetoes._PUNCT`).
const PUNCT: &str = "()[]{}\"'\u{201c}\u{2018}\u{ab}\u{201d}\u{2019}\u{bb}*.,;:!?";

crate::uclass::class!(
    /// `str.isalpha()` of one character: general category L.
    letter,
    r"\p{L}"
);

/// What the vocabulary and the foreign-word table say of a lower-case ASCII word.
pub trait Lexicon {
    /// The vocabulary has the word.
    fn known(&self, word: &str) -> bool;
    /// It is a word of another language the vocabulary lacks or that English rarely uses
    /// (`usage.foreign`).
    fn foreign(&mut self, word: &str) -> bool;
    /// A word of the vocabulary that is a word of another language all the same
    /// (`usage.foreign_in_vocabulary`).
    fn foreign_known(&self, word: &str) -> bool;
    /// An article or preposition of another language (`vetoes.FOREIGN_FUNCTION_WORDS`).
    fn function_word(&self, word: &str) -> bool;
}

/// The kind of a chunk (`vetoes.chunk_kind`, whose docstring says why each is what it is).
pub fn kind(chunk: &str, lex: &mut impl Lexicon) -> u8 {
    let mut core = chunk.trim_matches(|c| PUNCT.contains(c));
    if let Some(rest) = core.strip_suffix("'s").or_else(|| core.strip_suffix("\u{2019}s")) {
        core = rest;
    }
    if !core.is_ascii() {
        return if core.chars().any(|c| !c.is_ascii() && letter(c)) { FOREIGN } else { OTHER };
    }
    let b = core.as_bytes();
    if b.is_empty() || !b.iter().all(u8::is_ascii_alphabetic) {
        return OTHER;
    }
    let low = core.to_ascii_lowercase();
    if b.len() < 5 && lex.function_word(&low) {
        return FOREIGN;
    }
    if b[0].is_ascii_uppercase() {
        // (`core[1:].islower()`: a letter after the first, none of them upper case)
        let rest_lower = b.len() > 1 && b[1..].iter().all(u8::is_ascii_lowercase);
        if rest_lower && !lex.known(&low) && lex.foreign(&low) {
            return FOREIGN_NAME;
        }
        return OTHER;
    }
    if !b.iter().all(u8::is_ascii_lowercase) {
        return OTHER;
    }
    if lex.known(core) {
        return if lex.foreign_known(core) { FOREIGN_KNOWN } else { KNOWN };
    }
    if lex.foreign(core) {
        FOREIGN_UNKNOWN
    } else {
        UNKNOWN
    }
}

/// How far the line checks read around a token, and what makes its surroundings crowded
/// (`vetoes.LINE_LIMIT`, `CLUSTER_WINDOW`, `DENSE_UNKNOWN`).
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    pub line: usize,
    pub cluster: usize,
    pub dense: usize,
}

/// The chunks around the token at code points `[s, e)` of `text` that the line checks read:
/// those before it on its line and those after (up to `limit` characters either side, a
/// chunk cut there left out, and the token's own punctuation left out). `index`: the text's.
pub fn around<'t>(
    text: &'t str,
    index: &CharIndex,
    s: usize,
    e: usize,
    limit: usize,
) -> (Vec<&'t str>, Vec<&'t str>) {
    let [from, bs, be, to] =
        [s.saturating_sub(limit), s, e, e.saturating_add(limit)].map(|n| index.byte(text, n));
    let bytes = text.as_bytes();
    // the line's start: after the last newline in reach, else where the reach ends
    let (ls, cut_before) = match memchr::memrchr(b'\n', &bytes[from..bs]) {
        Some(p) => (from + p + 1, false),
        None => (from, s >= limit),
    };
    let (le, cut_after) = match memchr::memchr(b'\n', &bytes[be..to]) {
        Some(p) => (be + p, false),
        None => (to, e.saturating_add(limit) <= index.chars),
    };
    let mut before: Vec<&str> = crate::pystr::split(&text[ls..bs]).collect();
    if cut_before && !before.is_empty() {
        before.remove(0); // cut off mid-word
    }
    let mut after: Vec<&str> = crate::pystr::split(&text[be..le]).collect();
    if cut_after {
        after.pop();
    }
    if !after.is_empty() && !text[be..].chars().next().is_some_and(crate::pystr::is_space) {
        after.remove(0); // the token's own trailing punctuation
    }
    if !before.is_empty() && !text[..bs].chars().next_back().is_some_and(crate::pystr::is_space) {
        before.pop();
    }
    (before, after)
}

/// Whether the token at code points `[s, e)` stands in a cluster of unknown words or on a
/// line that is mostly not English (`vetoes.LineCheck.crowded`), with `kind_of` giving each
/// chunk's kind and `index` the text's.
pub fn crowded(
    text: &str,
    index: &CharIndex,
    s: usize,
    e: usize,
    lim: Limits,
    mut kind_of: impl FnMut(&str) -> u8,
) -> bool {
    let (before, after) = around(text, index, s, e, lim.line);
    let near = before[before.len().saturating_sub(lim.cluster)..]
        .iter()
        .chain(after.iter().take(lim.cluster))
        .filter(|c| as_english(kind_of(c)) >= UNKNOWN)
        .count();
    if near >= 2 {
        return true;
    }
    let (mut words, mut foreign, mut known) = (0usize, 0usize, 0usize);
    for c in before.iter().chain(&after) {
        match as_english(kind_of(c)) {
            OTHER => continue,
            FOREIGN => foreign += 1,
            KNOWN => known += 1,
            _ => {}
        }
        words += 1;
    }
    let unknown = words - foreign - known;
    // mostly not English, or English with many words we do not know around the token: a
    // passage of another language, transliterated speech, jargon or a list of names
    words >= 3
        && (foreign * 4 >= words || known * 2 < words || (unknown >= lim.dense && unknown * 5 >= words))
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Words;

    impl Lexicon for Words {
        fn known(&self, w: &str) -> bool {
            ["the", "receive", "sind", "said", "minister", "we", "met", "in", "of"].contains(&w)
        }
        fn foreign(&mut self, w: &str) -> bool {
            ["bei", "sind", "woche"].contains(&w)
        }
        fn foreign_known(&self, w: &str) -> bool {
            w == "sind"
        }
        fn function_word(&self, w: &str) -> bool {
            ["des", "der", "la"].contains(&w)
        }
    }

    #[test]
    fn kinds_of_chunks() {
        let got: Vec<u8> = [
            "the,",
            "recieve",
            "f\u{fc}r",
            "des",
            "Aliyev",
            "Woche",
            "sind",
            "bei",
            "(1999)",
            "",
            "\u{2019}s",
            "NATO",
            "minister's",
        ]
        .iter()
        .map(|c| kind(c, &mut Words))
        .collect();
        assert_eq!(
            got,
            [
                KNOWN,
                UNKNOWN,
                FOREIGN,
                FOREIGN,
                OTHER,
                FOREIGN_NAME,
                FOREIGN_KNOWN,
                FOREIGN_UNKNOWN,
                OTHER,
                OTHER,
                UNKNOWN,
                OTHER,
                KNOWN
            ]
        );
        // a non-ASCII chunk is foreign only with a letter beyond ASCII
        assert_eq!(kind("\u{2014}", &mut Words), OTHER);
        assert_eq!(kind("na\u{ef}ve", &mut Words), FOREIGN);
    }

    #[test]
    fn chunks_around_a_token() {
        let t = "one two\nthree four, token. five six\nseven";
        let s = t.find("token").unwrap();
        let ix = CharIndex::new(t);
        let (b, a) = around(t, &ix, s, s + 5, 250);
        assert_eq!((b, a), (vec!["three", "four,"], vec!["five", "six"]));
        // cut at the limit: the chunk cut mid-word is left out
        let (b, a) = around(t, &ix, s, s + 5, 8);
        assert_eq!((b, a), (vec!["four,"], vec!["five"]));
        // code points, not bytes
        let t = "\u{e9}\u{e9} ab token cd \u{e9}";
        let (b, a) = around(t, &CharIndex::new(t), 6, 11, 250);
        assert_eq!((b, a), (vec!["\u{e9}\u{e9}", "ab"], vec!["cd", "\u{e9}"]));
    }

    #[test]
    fn the_char_index_is_a_walk_from_the_start() {
        let long: String = "a\u{e9}b \u{1f600}\n".repeat(40);
        for t in ["", "abc", "\u{e9}", long.as_str()] {
            let ix = CharIndex::new(t);
            assert_eq!(ix.chars, t.chars().count());
            for n in 0..ix.chars + 3 {
                assert_eq!(ix.byte(t, n), crate::pystr::byte_of_char(t, n), "{t:?} {n}");
            }
        }
    }
}
