//! The word scans of the `typos` fast path: the distinct words of a text that could be
//! misspellings (three ASCII letters or more, lower case or capitalised) and the short
//! lower-case tokens after a space, both in one pass over the bytes ([`scan`]), so that
//! Python sees only the distinct forms (and, with a word map, only the unknown ones).
//!
//! Both patterns are ASCII, so a byte scan of UTF-8 finds exactly what Python's `re` finds
//! in the `str`: a byte of a multi-byte character is never an ASCII letter.

use foldhash::{HashMap, HashMapExt};

use crate::pystr;

/// The matches of `[A-Za-z][a-z]{2,}` (`typos.text.FORM`), as `re.findall` finds them, each
/// once, in the order of their first match.
///
/// ```
/// # use _native::spots::forms;
/// assert_eq!(forms("The cat saw McDonald and the CAT."), vec!["The", "cat", "saw", "Donald", "and", "the"]);
/// ```
pub fn forms(text: &str) -> Vec<&str> {
    distinct_forms(text).0.into_iter().map(|(w, _)| w).collect()
}

/// [`forms`] with the byte offset of the first match of each, and how many times each form
/// is matched (to ask which forms have a [`case_twin`] among them, and which occur more than
/// once). Each whole-word occurrence of a form, between characters that are not letters,
/// digits or `_`, is one of its matches: so none is before its first match.
///
/// ```
/// # use _native::spots::distinct_forms;
/// let (list, times) = distinct_forms("the The cat the thesis");
/// assert_eq!(list, vec![("the", 0), ("The", 4), ("cat", 8), ("thesis", 16)]);
/// assert_eq!((times["the"], times["The"], times.get("he")), (2, 1, None));
/// ```
pub fn distinct_forms(text: &str) -> (Vec<(&str, usize)>, HashMap<&str, u32>) {
    let found = scan(text, false);
    (found.forms, found.times)
}

/// What [`scan`] finds in a text: its forms as [`distinct_forms`] gives them, and (when
/// asked) its short tokens as [`short_forms`] gives them.
pub struct Scan<'a> {
    pub forms: Vec<(&'a str, usize)>,
    pub times: HashMap<&'a str, u32>,
    pub shorts: Vec<(&'a str, usize, usize)>,
}

/// The forms of `text` and, with `short`, its short tokens, in one pass over its bytes.
///
/// A short token is a run of letters too: one that follows a space, is all lower case and
/// is one or two letters long, and is not followed by a digit or `_` (nor by a letter: the
/// run would go on). A run that is not a form is passed over whole (a run that begins
/// inside it is shorter still, and no short token begins inside it either).
pub fn scan(text: &str, short: bool) -> Scan<'_> {
    let b = text.as_bytes();
    // (sized for a page's distinct words at once: growing the map rehashed it several times)
    let mut times: HashMap<&str, u32> = HashMap::with_capacity(b.len() / 16);
    let mut forms = Vec::new();
    let mut shorts: Vec<(&str, usize, usize)> = Vec::new();
    // (a short token is at most two letters of 26: a slot per possible token, `u32::MAX` for
    // one not seen yet, instead of hashing each of the many short tokens of a page)
    let mut slots = [u32::MAX; 27 * 27];
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_alphabetic() {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < b.len() && b[j].is_ascii_lowercase() {
            j += 1;
        }
        let w = &text[i..j];
        if j - i > 2 {
            let n = times.entry(w).or_insert(0);
            if *n == 0 {
                forms.push((w, i));
            }
            *n += 1;
        } else if short
            && i > 0
            && b[i - 1] == b' '
            && b[i].is_ascii_lowercase()
            && !b.get(j).is_some_and(|&c| c.is_ascii_alphanumeric() || c == b'_')
        {
            let letter = |c: u8| usize::from(c - b'a') + 1;
            let slot = letter(b[i]) * 27 + if j - i == 2 { letter(b[i + 1]) } else { 0 };
            match slots[slot] {
                u32::MAX => {
                    slots[slot] = shorts.len() as u32;
                    shorts.push((w, 1, i));
                }
                at => shorts[at as usize].1 += 1,
            }
        }
        i = j;
    }
    Scan { forms, times, shorts }
}

/// A form with the case of its first letter changed: the lower-case form of a capitalised
/// one, the capitalised form of a lower-case one (what `str.lower()` and `str.capitalize()`
/// make of a form of [`forms`], whose other letters are lower case).
///
/// ```
/// # use _native::spots::case_twin;
/// assert_eq!((case_twin("Miister"), case_twin("recieve")), ("miister".to_string(), "Recieve".to_string()));
/// ```
pub fn case_twin(form: &str) -> String {
    let mut b = form.as_bytes().to_vec();
    if let Some(c) = b.first_mut() {
        if c.is_ascii_alphabetic() {
            *c ^= 0x20; // (ASCII: the case bit)
        }
    }
    String::from_utf8(b).unwrap_or_else(|_| form.to_string())
}

/// The tokens of one or two lower-case ASCII letters after a space and not followed by an
/// ASCII letter, digit or `_` (`typos.text.SHORT_FORM`, as `re.findall` finds them), with
/// how many times each occurs and the byte offset of the first, in the order of their first
/// occurrence.
///
/// ```
/// # use _native::spots::short_forms;
/// assert_eq!(short_forms("we go ot the a1 ab_ ot."), vec![("go", 1, 3), ("ot", 2, 6)]);
/// ```
pub fn short_forms(text: &str) -> Vec<(&str, usize, usize)> {
    scan(text, true).shorts
}

/// Whether `text` has `ic]`, `ic)`, `IC]` or `IC)` in it: the literal test before the
/// `typos` cleaner's case-blind search for a `[sic]` (one pass over the bytes; Python's
/// `in` made one pass of the text per literal).
///
/// ```
/// # use _native::spots::sic_marker;
/// assert!(sic_marker("as written (sic) here") && sic_marker("[SIC]"));
/// assert!(!sic_marker("[sIc] basic ] ic ]"));
/// ```
pub fn sic_marker(text: &str) -> bool {
    let b = text.as_bytes();
    // (the byte at `i` is where a match could end; what it is tells where the next one could:
    // a byte that is no letter of the literals is in none of the three that end at or after it)
    let mut i = 2;
    while i < b.len() {
        match b[i] {
            b']' | b')' => {
                if &b[i - 2..i] == b"ic" || &b[i - 2..i] == b"IC" {
                    return true;
                }
                i += 3;
            }
            b'i' | b'I' => i += 2,
            b'c' | b'C' => i += 1,
            _ => i += 3,
        }
    }
    false
}

/// How far a chunk may reach either side of a word (`typos.text.CHUNK_LIMIT`), and the gap
/// of whitespace a neighbour may be across.
pub const CHUNK_LIMIT: usize = 64;
/// Punctuation a token may open with (`typos.text._LEAD`) and close with (`_TRAIL`).
const OPENERS: &[char] = &['(', '[', '{', '"', '\'', '\u{201c}', '\u{2018}', '\u{ab}', '*'];
const CLOSERS: &[char] =
    &[')', ']', '}', '"', '\'', '\u{201d}', '\u{2019}', '\u{bb}', '*', '.', ',', ';', ':', '!', '?'];

/// A whitespace-delimited chunk `chunk.0..chunk.1` as the `typos` fixers read it
/// (`typos.text.Token`; code points): its core at `start..end`, after the punctuation that
/// leads it and before the punctuation that trails it, `plain` when the core is ASCII
/// letters (a possessive `'s` left in the trail), and `line` 1 when a line break separates
/// it from the token it neighbours. (Offsets only: the caller slices its own string.)
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub chunk: (usize, usize),
    pub start: usize,
    pub end: usize,
    pub plain: bool,
    pub line: u8,
}

/// The whitespace-delimited chunk around `t[s..e]` (code points), or None when it reaches
/// further than [`CHUNK_LIMIT`] either side (too long to be a word with punctuation).
///
/// ```
/// # use _native::spots::chunk_bounds;
/// let t: Vec<char> = "a (word), b".chars().collect();
/// assert_eq!(chunk_bounds(&t, 3, 7), Some((2, 9)));
/// ```
pub fn chunk_bounds(t: &[char], s: usize, e: usize) -> Option<(usize, usize)> {
    let (lo, hi) = (s.saturating_sub(CHUNK_LIMIT), (e + CHUNK_LIMIT).min(t.len()));
    let (mut a, mut b) = (s, e);
    while a > lo && !pystr::is_space(t[a - 1]) {
        a -= 1;
    }
    while b < hi && !pystr::is_space(t[b]) {
        b += 1;
    }
    if (a == lo && a > 0 && !pystr::is_space(t[a - 1])) || (b == hi && b < t.len() && !pystr::is_space(t[b]))
    {
        return None;
    }
    Some((a, b))
}

/// The chunk `t[a..b]` as a [`Token`] (`typos.text.peel`).
///
/// ```
/// # use _native::spots::peel;
/// let t: Vec<char> = "(Smith\u{2019}s),".chars().collect();
/// let tok = peel(&t, 0, t.len(), 0);
/// assert_eq!((tok.start, tok.end, tok.plain), (1, 6, true)); // "(" "Smith" "’s),"
/// ```
pub fn peel(t: &[char], a: usize, b: usize, line: u8) -> Token {
    let chunk = &t[a..b];
    let n = chunk.len();
    let x = chunk.iter().take_while(|c| OPENERS.contains(c)).count();
    // the closers that end the chunk, none of them before `x`, and at least one (as `re`'s
    // `$` reads the end: before a final line feed too)
    let end = if chunk.last() == Some(&'\n') { n - 1 } else { n };
    let run = chunk[..end].iter().rev().take_while(|c| CLOSERS.contains(c)).count();
    let mut y = if run > 0 && (end - run).max(x) < end { (end - run).max(x) } else { n };
    let letters = |w: &[char]| !w.is_empty() && w.iter().all(|c| c.is_ascii_alphabetic());
    let mut plain = letters(&chunk[x..y]);
    if !plain {
        // a possessive: letters, an apostrophe, "s"
        let core = &chunk[x..y];
        let k = core.len();
        if k >= 3 && core[k - 1] == 's' && matches!(core[k - 2], '\'' | '\u{2019}') && letters(&core[..k - 2])
        {
            y = x + k - 2;
            plain = true;
        }
    }
    Token { chunk: (a, b), start: a + x, end: a + y, plain, line }
}

/// The chunk before (`forward` false) or after the chunk `t[a..b]` (`typos.text.neighbour`):
/// None at the edge of the text, or across more than [`CHUNK_LIMIT`] characters of
/// whitespace, or where that chunk is too long; its `line` is 1 when the whitespace between
/// holds a line feed.
pub fn neighbour(t: &[char], a: usize, b: usize, forward: bool) -> Option<Token> {
    let n = t.len();
    let mut k = if forward { b } else { a };
    let (mut gap, mut newline) = (0, false);
    while if forward { k < n } else { k > 0 } {
        let ch = if forward { t[k] } else { t[k - 1] };
        if !pystr::is_space(ch) {
            break;
        }
        newline |= ch == '\n';
        if forward {
            k += 1;
        } else {
            k -= 1;
        }
        gap += 1;
        if gap > CHUNK_LIMIT {
            return None;
        }
    }
    if (forward && k == n) || (!forward && k == 0) {
        return None;
    }
    let (lo, hi) = if forward { chunk_bounds(t, k, k + 1)? } else { chunk_bounds(t, k - 1, k)? };
    Some(peel(t, lo, hi, u8::from(newline)))
}

/// The token around `t[s..e]` and its neighbours before and after (`typos.text.context`),
/// or None where [`chunk_bounds`] is None.
pub fn context(t: &[char], s: usize, e: usize) -> Option<(Token, Option<Token>, Option<Token>)> {
    let (a, b) = chunk_bounds(t, s, e)?;
    Some((peel(t, a, b, 0), neighbour(t, a, b, false), neighbour(t, a, b, true)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_are_found_as_re_finds_them() {
        assert_eq!(
            forms("HELLO Hello hello x yy zzz Zz\u{e9}t\u{e9} caf\u{e9}"),
            vec!["Hello", "hello", "zzz", "caf"]
        );
        assert_eq!(forms("abcDef"), vec!["abc", "Def"]);
        assert!(forms("").is_empty());
        let (list, times) = distinct_forms("the The cat the");
        assert_eq!(list, vec![("the", 0), ("The", 4), ("cat", 8)]);
        assert!(list.iter().all(|(w, _)| times.contains_key(w)) && times.len() == list.len());
        assert_eq!(times["the"], 2);
    }

    #[test]
    fn case_twins_flip_the_first_letter() {
        assert_eq!(case_twin("Abc"), "abc");
        assert_eq!(case_twin("abc"), "Abc");
        assert_eq!(case_twin(""), "");
    }

    /// The short tokens as their own pass found them (the oracle of the one pass).
    fn short_forms_alone(text: &str) -> Vec<(&str, usize, usize)> {
        let b = text.as_bytes();
        let mut out: Vec<(&str, usize, usize)> = Vec::new();
        let mut i = 0;
        while i < b.len() {
            if b[i] == b' ' {
                let mut k = 0;
                while k < 3 && i + 1 + k < b.len() && b[i + 1 + k].is_ascii_lowercase() {
                    k += 1;
                }
                let after = b.get(i + 1 + k).copied();
                if (1..=2).contains(&k) && !after.is_some_and(|c| c.is_ascii_alphanumeric() || c == b'_') {
                    let w = &text[i + 1..i + 1 + k];
                    match out.iter_mut().find(|x| x.0 == w) {
                        Some(x) => x.1 += 1,
                        None => out.push((w, 1, i + 1)),
                    }
                    i += 1 + k;
                    continue;
                }
            }
            i += 1;
        }
        out
    }

    #[test]
    fn one_pass_finds_the_short_tokens_and_forms_of_separate_passes() {
        let mut next = crate::testrng::xorshift(0x2545_F491_4F6C_DD1Du64);
        let bits = [" ", " ", "a", "b", "z", "A", "Q", "1", "_", ".", "\u{e9}", "ab", "abc", "\n"];
        for _ in 0..5000 {
            let text: String = (0..next(30)).map(|_| bits[next(bits.len() as u64) as usize]).collect();
            let both = scan(&text, true);
            assert_eq!(both.shorts, short_forms_alone(&text), "{text:?}");
            let forms = scan(&text, false);
            assert!(forms.shorts.is_empty());
            assert_eq!((forms.forms, forms.times), (both.forms, both.times), "{text:?}");
        }
    }

    #[test]
    fn the_sic_marker_skip_finds_what_a_test_at_every_byte_finds() {
        let mut next = crate::testrng::xorshift(0x9E37_79B9_7F4A_7C15u64);
        let bits = ["i", "c", "I", "C", "]", ")", "ic", "x", " ", "\u{e9}"];
        let mut hits = 0;
        for _ in 0..20_000 {
            let text: String = (0..next(14)).map(|_| bits[next(bits.len() as u64) as usize]).collect();
            let every = ["ic]", "ic)", "IC]", "IC)"].iter().any(|m| text.contains(m));
            assert_eq!(sic_marker(&text), every, "{text:?}");
            hits += usize::from(every);
        }
        assert!(hits > 1000, "{hits}");
    }

    #[test]
    fn short_forms_are_found_as_re_finds_them() {
        // "ot" twice; "a1" and "ab_" are followed by a digit or an underscore; "abc" is long
        assert_eq!(
            short_forms(" ot x abc a1 ab_ ot. \u{e9} qz\u{e9}"),
            vec![("ot", 2, 1), ("x", 1, 4), ("qz", 1, 24)]
        );
        assert_eq!(short_forms("  a"), vec![("a", 1, 2)]);
        assert!(short_forms("a b").iter().all(|&(w, _, _)| w == "b"));
    }
}
