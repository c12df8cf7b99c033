//! The shapes of one line that `boilerplate` tests once per line, out of context: a date
//! stamp, a numbered item, no letter or digit, a comment heading, an image caption, a menu
//! row, a line of markup, a signature, a shop's price line, and the text before a final
//! ellipsis (`boilerplate::line::Line::new` reads them).
//!
//! The patterns are those the Python cleaner had (`re`, Unicode): `\w`, `\d`, `\s` and the
//! letter classes are Python's (letters and numbers of any script; Python's whitespace),
//! case-insensitive matching is Unicode simple case folding as in `re.I`, which also takes
//! the Turkish dotted and dotless i (`İ`, `ı`) for an `i`: those are mapped to `i` before a
//! case-insensitive pattern sees the text.

use std::sync::OnceLock;

use regex::Regex;

use crate::features::LineFeatures;
use crate::pystr::is_space;

/// Bits of the flags (`boilerplate.evidence`'s constants).
pub const NO_ALNUM: u32 = 1;
pub const COMMENT_HEADING: u32 = 2;
pub const MEDIA_CAPTION: u32 = 4;
pub const MENU_ROW: u32 = 8;
pub const MARKUP: u32 = 16;
pub const SIGNED: u32 = 32;
pub const PRICE_LINE: u32 = 64;
pub const LINK_ROW: u32 = 128;

/// Python's `\w` and `\W` in a character class (letters and numbers of any script, `_`).
#[cfg(test)]
const W: &str = r"\p{L}\p{N}_";
/// Python's `\s` (its whitespace includes U+001C..U+001F).
const S: &str = r"\s\x{1c}-\x{1f}";

/// What one line's text shows on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Facts {
    pub flags: u32,
    /// A date/time or "posted by" line.
    pub stamp: bool,
    /// An item of a numbered list ("1. Preheat the oven").
    pub numbered: bool,
    /// The code-point length of the folded line before a final ellipsis ("... read more"),
    /// where the line is a truncated paragraph.
    pub stem: Option<usize>,
}

/// One lazily compiled pattern (each on first use: a short document needs few of them,
/// and the Unicode classes make each a millisecond or more to compile).
macro_rules! pattern {
    ($name:ident, $source:expr) => {
        fn $name() -> &'static Regex {
            static R: OnceLock<Regex> = OnceLock::new();
            R.get_or_init(|| Regex::new(&$source).expect("a valid regex"))
        }
    };
}

#[cfg(test)]
pattern!(
    stamp,
    format!(
        r"(?i)\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?[{S}]+\d{{1,2}}(?:st|nd|rd|th)?,?[{S}]+\d{{4}}|\b\d{{1,2}}:\d{{2}}[{S}]*(?:[ap]\.?m\b|pm|am)|\b\d{{1,2}}/\d{{1,2}}/\d{{2,4}}\b|^[^{W}]*(?:posted|comment|submitted)[{S}]+by\b|\bwrote:[{S}]*$"
    )
);
#[cfg(test)]
pattern!(numbered, format!(r"^[^{W}]{{0,3}}\d+(?:[.,/]\d+)?[.)]?[{S}]+[[{W}]--\d]"));
#[cfg(test)]
pattern!(
    comment_head,
    format!(
        r"(?i)^[^{W}]*(?:\d+[{S}]+)?(?:(?:reader|user|your|latest|article|recent|view|show|all|read)[{S}]+)?comments?\b|\bpost[{S}]+a[{S}]+comment\b|\bleave[{S}]+a[{S}]+(?:comment|reply)\b|\bdiscuss[{S}]+this\b|\btell[{S}]+us[{S}]+what[{S}]+you[{S}]+think\b|\bhave[{S}]+your[{S}]+say\b|\bcomments?[{S}]*(?:\(\d+\)|so[{S}]+far)"
    )
);
#[cfg(test)]
pattern!(
    media,
    format!(
        r"(?i)\b(?:map|maps|photo|photos|picture|pic|image|images|graphic|chart|video|gallery|infographic|illustration)[^{W}]*$"
    )
);
#[cfg(test)]
pattern!(
    signature,
    format!(
        r"(?i)^[^{W}]*(?:posted|submitted|written|comment(?:ed)?)[{S}]+by\b|^[^{W}]*by[{S}]+[^{S}].{{0,40}}[{S}](?:at|on)[{S}]"
    )
);
pattern!(
    markup_only,
    format!(
        r"^(?:[{S}]*(?:<[^<>\n]*>[{S}]*)+$|[{S}]*\[\[[^\[\]\n]*\]\][{S}]*$|[{S}]*\{{\{{[^{{}}\n]*\}}\}}[{S}]*$)"
    )
);
#[cfg(test)]
pattern!(
    ellipsis,
    format!(r"(?i)[{S}]*(?:\.\.\.|…)[^{W}]{{0,3}}(?:(?:read|continue|more)\b[{W} ]{{0,12}}[^{W}]{{0,3}})?$")
);
pattern!(item_split, format!(r"[{S}]*(?:\||»|›|•|·|[{S}]/[{S}])[{S}]*"));
#[cfg(test)]
pattern!(
    cap_item_regex,
    format!(r"^(?:[[\p{{L}}\p{{N}}]--\d][{W}'&.-]*)(?:[{S}]+(?:&|[A-Z0-9][{W}'&.-]*)){{0,2}}$")
);
crate::uclass::class!(
    /// `[\p{L}\p{N}]`: a letter or a number of any script.
    alnum,
    r"[\p{L}\p{N}]"
);
crate::uclass::class!(decimal, r"\d");

/// The nouns that end a media caption ("Nagorno map", "Photo:"), in lower case.
const MEDIA: [&str; 14] = [
    "map",
    "maps",
    "photo",
    "photos",
    "picture",
    "pic",
    "image",
    "images",
    "graphic",
    "chart",
    "video",
    "gallery",
    "infographic",
    "illustration",
];

/// Whether `c` is the ASCII lower-case letter `x` as `(?i)` reads it (Unicode simple case
/// folding: its capital, and the long s and the Kelvin sign for `s` and `k`).
fn folds_to(c: char, x: char) -> bool {
    c == x || c == x.to_ascii_uppercase() || (x == 's' && c == '\u{17f}') || (x == 'k' && c == '\u{212a}')
}

/// A character that `(?i)[^\p{L}\p{N}_]` does not take: a letter, a number, `_`, and the
/// combining ypogegrammeni, whose case folding is a letter (ι).
fn media_word(c: char) -> bool {
    is_word(c) || c == '\u{345}'
}

/// Whether the line (with `turkish_i_folded`) ends with a media noun and nothing but
/// non-word characters after it (`"Nagorno map"`, `"PHOTO: "`): the pattern
/// `(?i)\b(?:map|maps|...|illustration)[^\w]*$` (`\w` letters, numbers and `_`, but
/// Unicode's `\w` at the `\b`). Written out, not a regex: read backwards from the end with
/// Unicode classes, the lazy DFA built new states on nearly every line it was asked of, a
/// third of a million instructions each (tested against the regex).
fn media_caption(folded: &str) -> bool {
    // the noun's last letter is the line's last word character: what follows it is none
    let Some(end) = folded.char_indices().rev().find(|&(_, c)| media_word(c)).map(|(i, c)| i + c.len_utf8())
    else {
        return false;
    };
    let head = &folded[..end];
    MEDIA.iter().any(|noun| {
        let mut before = head.chars().rev();
        noun.chars().rev().all(|x| before.next().is_some_and(|c| folds_to(c, x)))
            && before.next().is_none_or(|c| !regex_syntax::is_word_character(c))
    })
}

/// `s` with `İ` and `ı` as `i` (one character for one), for the case-insensitive patterns.
fn turkish_i_folded(s: &str) -> std::borrow::Cow<'_, str> {
    // (both are led by the byte 0xC4: most lines have none, found without decoding them)
    if memchr::memchr(0xc4, s.as_bytes()).is_some() && s.contains(['\u{130}', '\u{131}']) {
        s.replace(['\u{130}', '\u{131}'], "i").into()
    } else {
        s.into()
    }
}

/// Python's and the regex crate's `\d` for one character: a decimal digit of any script.
pub fn is_decimal(c: char) -> bool {
    c.is_ascii_digit() || (!c.is_ascii() && decimal(c))
}

/// Python's `\w` for one character.
fn is_word(c: char) -> bool {
    c == '_' || c.is_ascii_alphanumeric() || (!c.is_ascii() && alnum(c))
}

/// A row of three or more menu items between separators, each one to three capitalised
/// words (`boilerplate.evidence.menu_row`); a row of a table (`|` first and last) is not one.
pub fn menu_row(text: &str) -> bool {
    let Some(items) = row_items(text) else { return false };
    items.len() >= 3
        && items.iter().all(|x| {
            let first = x.chars().next().unwrap_or(' ');
            is_upper(first) && cap_item(x)
        })
}

/// A row of six links or more between separators, whatever their case: nine items in ten
/// of one to three words, none of more than six (a sentence), three with a lower-case
/// letter (not a row of numerals, "I • II • III"), the first and last not `|` (a table's
/// row). A site's footer or a section's menu ("Terms of Service | Privacy Policy | Blogging
/// Policy | Feedback | Jobs | ...", "del.icio.us | Digg it | Reddit | ..."), which
/// [`menu_row`] leaves for one item not capitalised. On the development corpora (news
/// pages, web text in four languages) no line of content has this shape.
pub fn link_row(text: &str) -> bool {
    let Some(items) = row_items(text) else { return false };
    if items.len() < 6 {
        return false;
    }
    let words: Vec<usize> =
        items.iter().map(|x| x.split(is_space).filter(|w| !w.is_empty()).count()).collect();
    let short = words.iter().filter(|&&n| (1..=3).contains(&n)).count();
    short * 10 >= items.len() * 9
        && words.iter().all(|&n| n <= 6)
        && items.iter().filter(|x| x.chars().any(char::is_lowercase)).count() >= 3
}

/// The items of a row between separators ([`menu_row`], [`link_row`]); None for a table's
/// row (`|` first and last).
fn row_items(text: &str) -> Option<Vec<&str>> {
    let t = text.trim_matches(is_space);
    if t.starts_with('|') && t.ends_with('|') {
        return None;
    }
    Some(item_split().split(t).filter(|x| !x.is_empty()).collect())
}

/// Python's `str.isupper()` for one character: upper case (a title-case letter is not).
fn is_upper(c: char) -> bool {
    c.is_uppercase()
}

/// A menu item of one to three capitalised words: the whole of `x` matches
/// `^(?:[[\p{L}\p{N}]--\d][\w'&.-]*)(?:\s+(?:&|[A-Z0-9][\w'&.-]*)){0,2}$` (Python's `\w`
/// and `\s`). Written out, not a regex: its classes took five milliseconds to compile, paid
/// by the first page with a row of links (tested against the regex). Every repetition is
/// read greedily, as each one ends where the next piece cannot start (a word's characters
/// are never spaces, and a word starts with none).
fn cap_item(x: &str) -> bool {
    let inner = |c: char| is_word(c) || matches!(c, '\'' | '&' | '.' | '-');
    let mut cs = x.chars().peekable();
    if !cs.next().is_some_and(|c| (c.is_ascii_alphabetic() || alnum(c)) && !is_decimal(c)) {
        return false;
    }
    while cs.next_if(|&c| inner(c)).is_some() {}
    for _ in 0..2 {
        if cs.peek().is_none() {
            return true;
        }
        if cs.next_if(|&c| is_space(c)).is_none() {
            return false;
        }
        while cs.next_if(|&c| is_space(c)).is_some() {}
        match cs.next() {
            Some('&') => {}
            Some(c) if c.is_ascii_uppercase() || c.is_ascii_digit() => {
                while cs.next_if(|&c| inner(c)).is_some() {}
            }
            _ => return false,
        }
    }
    cs.peek().is_none()
}

/// An item of a numbered list ("1. Preheat the oven", "(2) Stir"): the start of `text`
/// matches `^[^\w]{0,3}\d+(?:[.,/]\d+)?[.)]?\s+[\w--\d]` (Python's `\w`, `\d` and `\s`).
/// Written out, not a regex: its classes took six milliseconds to compile, paid by the first
/// page with a number at the start of a line (tested against the regex). A run of digits
/// or spaces is read whole (what follows it cannot be one); the one choice is whether a
/// point after the number opens its decimals or ends it.
fn numbered_item(text: &str) -> bool {
    // (what follows the number: `[.)]?\s+[\w--\d]`)
    let after = |mut cs: std::iter::Peekable<std::str::Chars>| {
        cs.next_if(|&c| c == '.' || c == ')');
        if cs.next_if(|&c| is_space(c)).is_none() {
            return false;
        }
        while cs.next_if(|&c| is_space(c)).is_some() {}
        cs.next().is_some_and(|c| is_word(c) && !is_decimal(c))
    };
    let mut cs = text.chars().peekable();
    for _ in 0..3 {
        if cs.next_if(|&c| !is_word(c)).is_none() {
            break;
        }
    }
    if cs.next_if(|&c| is_decimal(c)).is_none() {
        return false;
    }
    while cs.next_if(|&c| is_decimal(c)).is_some() {}
    let mut decimals = cs.clone();
    if decimals.next_if(|&c| matches!(c, '.' | ',' | '/')).is_some()
        && decimals.next_if(|&c| is_decimal(c)).is_some()
    {
        while decimals.next_if(|&c| is_decimal(c)).is_some() {}
        if after(decimals) {
            return true;
        }
    }
    after(cs)
}

/// Where the price at `i` (a character index into `cs`) ends, if one starts there: a
/// currency sign or code next to an amount (`$25`, `EUR 12.53`) that is not a sum in the
/// news (`$124 million`, `£1m`, `$3B`), or an amount before a euro sign or `EUR`
/// (`3,50 €`). (`boilerplate.evidence._PRICE`, whose negative look-ahead the regex crate
/// has not: the amount is taken whole, and what follows it checked.)
fn price_at(cs: &[char], i: usize) -> Option<usize> {
    let n = cs.len();
    let code_at = |j: usize| -> bool {
        j + 3 <= n && {
            let s: String = cs[j..j + 3].iter().collect();
            matches!(s.as_str(), "EUR" | "USD" | "GBP" | "CAD" | "AUD" | "CHF")
        }
    };
    let word_end = |j: usize| j >= n || !is_word(cs[j]);
    // a currency first
    let mut j = None;
    if matches!(cs[i], '$' | '€' | '£' | '¥') {
        j = Some(i + 1);
    } else if code_at(i) && (i == 0 || !is_word(cs[i - 1])) {
        j = Some(i + 3);
    }
    if let Some(mut k) = j {
        if k < n && is_space(cs[k]) && k + 1 < n && is_decimal(cs[k + 1]) {
            k += 1;
        }
        if k < n && is_decimal(cs[k]) {
            k += 1;
            while k < n && (is_decimal(cs[k]) || cs[k] == ',') {
                k += 1;
            }
            if k + 1 < n && cs[k] == '.' && is_decimal(cs[k + 1]) {
                k += 2;
                while k < n && is_decimal(cs[k]) {
                    k += 1;
                }
            }
            // not followed by a magnitude: [\d,.]*\s?(?:[mMbBkK]n?|tn|thousand|million|...)\b
            let mut q = k;
            while q < n && (is_decimal(cs[q]) || cs[q] == ',' || cs[q] == '.') {
                q += 1;
            }
            let magnitude_at = |q: usize| -> bool {
                if q >= n {
                    return false;
                }
                if matches!(cs[q], 'm' | 'M' | 'b' | 'B' | 'k' | 'K') {
                    let after = if q + 1 < n && cs[q + 1] == 'n' { q + 2 } else { q + 1 };
                    if word_end(after) || word_end(q + 1) {
                        return true;
                    }
                }
                for w in ["tn", "thousand", "million", "billion", "trillion", "Million", "Billion"] {
                    let l = w.chars().count();
                    if q + l <= n && cs[q..q + l].iter().copied().eq(w.chars()) && word_end(q + l) {
                        return true;
                    }
                }
                false
            };
            let magnitude = magnitude_at(q) || (q < n && is_space(cs[q]) && magnitude_at(q + 1));
            if !magnitude {
                return Some(k);
            }
        }
        return None;
    }
    // an amount before a euro sign or code
    if is_decimal(cs[i]) {
        let mut k = i + 1;
        while k < n && (is_decimal(cs[k]) || cs[k] == '.' || cs[k] == ',') {
            k += 1;
        }
        for s in [k, k + 1] {
            if s == k + 1 && !(k < n && is_space(cs[k])) {
                continue;
            }
            if s < n && cs[s] == '€' {
                return Some(s + 1);
            }
            if s + 3 <= n && cs[s..s + 3] == ['E', 'U', 'R'] && word_end(s + 3) {
                return Some(s + 3);
            }
        }
    }
    None
}

/// A line that quotes prices the way a shop listing does: two of them, or one at its end
/// (`boilerplate.evidence.price_line`).
pub fn price_line(text: &str) -> bool {
    let cs: Vec<char> = text.chars().collect();
    let mut found = 0;
    let mut last_end = 0;
    let mut i = 0;
    while i < cs.len() {
        match price_at(&cs, i) {
            Some(end) => {
                found += 1;
                if found >= 2 {
                    return true;
                }
                last_end = end;
                i = end.max(i + 1);
            }
            None => i += 1,
        }
    }
    found == 1 && cs[last_end..].iter().all(|c| matches!(c, ' ' | '.' | ',' | ';' | ':' | ')' | '*'))
}

/// The case-insensitive (`(?i)`) ASCII literal `lit` at `i` of `cs`: where it ends.
fn ci_lit(cs: &[char], i: usize, lit: &str) -> Option<usize> {
    let end = i + lit.len();
    let fits =
        |(&c, x): (&char, u8)| if x.is_ascii_alphabetic() { folds_to(c, x as char) } else { c == x as char };
    (end <= cs.len() && cs[i..end].iter().zip(lit.bytes()).all(fits)).then_some(end)
}

/// The end of the run of characters of `class` from `i`.
fn run_of(cs: &[char], mut i: usize, class: impl Fn(char) -> bool) -> usize {
    while i < cs.len() && class(cs[i]) {
        i += 1;
    }
    i
}

/// `[\s\x1c-\x1f]+` from `i`: where it ends, if there is one.
fn spaces1(cs: &[char], i: usize) -> Option<usize> {
    let j = run_of(cs, i, is_space);
    (j > i).then_some(j)
}

/// The regex crate's `\b` before a word character at `i`, and after one ending at `j`.
fn bound_before(cs: &[char], i: usize) -> bool {
    i == 0 || !regex_syntax::is_word_character(cs[i - 1])
}

fn bound_after(cs: &[char], j: usize) -> bool {
    j == cs.len() || !regex_syntax::is_word_character(cs[j])
}

/// Where `^[^\w]*` ends, as `(?i)` reads the class.
fn nonword_prefix(cs: &[char]) -> usize {
    run_of(cs, 0, |c| !media_word(c))
}

/// The words of `phrase`, each case-insensitive, separated by runs of whitespace, at `i`:
/// where they end.
fn ci_phrase(cs: &[char], i: usize, phrase: &[&str]) -> Option<usize> {
    let mut at = ci_lit(cs, i, phrase[0])?;
    for w in &phrase[1..] {
        at = ci_lit(cs, spaces1(cs, at)?, w)?;
    }
    Some(at)
}

/// A date, a time or a byline (the characters of the line, `turkish_i_folded`): a match of
///
/// `(?i)\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}`
/// `|\b\d{1,2}:\d{2}\s*(?:[ap]\.?m\b|pm|am)|\b\d{1,2}/\d{1,2}/\d{2,4}\b`
/// `|^[^\w]*(?:posted|comment|submitted)\s+by\b|\bwrote:\s*$`
///
/// (Python's `\w`, `\s` and `\d`; Unicode's `\w` at the `\b`). Written out, not a regex, as
/// are [`comment_heading`] and [`signed`]: the three took five milliseconds to compile, paid
/// by the first page with a date, and a search cost some 9k instructions (tested against the
/// regexes). Each repetition is read whole where what follows cannot continue it; where it
/// could (an optional suffix, a phrase's alternatives), every way is tried.
fn stamp_match(cs: &[char]) -> bool {
    const MONTHS: [&str; 12] =
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    let n = cs.len();
    let digits = |i: usize| run_of(cs, i, is_decimal);
    // (?i)[a-z]: the ASCII letters, the long s and the Kelvin sign
    let az = |c: char| c.is_ascii_alphabetic() || c == '\u{17f}' || c == '\u{212a}';
    let p = nonword_prefix(cs);
    let byline = ["posted", "comment", "submitted"]
        .iter()
        .any(|kw| ci_phrase(cs, p, &[kw, "by"]).is_some_and(|e| bound_after(cs, e)));
    if byline {
        return true;
    }
    (0..n).filter(|&i| bound_before(cs, i)).any(|i| {
        // a month ("sept" is "sep" and a letter), a day and a year (only at a letter)
        let dated = az(cs[i])
            && MONTHS.iter().filter_map(|m| ci_lit(cs, i, m)).any(|e| {
                let mut j = run_of(cs, e, az);
                j += usize::from(cs.get(j) == Some(&'.'));
                let Some(j) = spaces1(cs, j) else { return false };
                let d = digits(j);
                if !(1..=2).contains(&(d - j)) {
                    return false;
                }
                let mut k = d;
                if ["st", "nd", "rd", "th"].iter().any(|x| ci_lit(cs, k, x).is_some()) {
                    k += 2;
                }
                k += usize::from(cs.get(k) == Some(&','));
                spaces1(cs, k).is_some_and(|k| digits(k) - k >= 4)
            });
        if dated {
            return true;
        }
        let d = digits(i);
        if !(1..=2).contains(&(d - i)) {
            return ci_lit(cs, i, "wrote:").is_some_and(|e| run_of(cs, e, is_space) == n);
        }
        // a time: 4:49 pm, 4:49 p.m.
        if cs.get(d) == Some(&':') && digits(d + 1) == d + 3 {
            let s = run_of(cs, d + 3, is_space);
            let ap = |c: &char| folds_to(*c, 'a') || folds_to(*c, 'p');
            if cs.get(s).is_some_and(ap)
                && (ci_lit(cs, s + 1, "m").is_some()
                    || (cs.get(s + 1) == Some(&'.')
                        && ci_lit(cs, s + 2, "m").is_some_and(|e| bound_after(cs, e))))
            {
                return true;
            }
        }
        // a date: 3/5/2008
        if cs.get(d) == Some(&'/') {
            let e = digits(d + 1);
            if (1..=2).contains(&(e - d - 1)) && cs.get(e) == Some(&'/') {
                let y = digits(e + 1);
                return (2..=4).contains(&(y - e - 1)) && bound_after(cs, y);
            }
        }
        false
    })
}

/// A comment heading (the characters of the line, `turkish_i_folded`): a match of
///
/// `(?i)^[^\w]*(?:\d+\s+)?(?:(?:reader|user|your|latest|article|recent|view|show|all|read)\s+)?comments?\b`
/// `|\bpost\s+a\s+comment\b|\bleave\s+a\s+(?:comment|reply)\b|\bdiscuss\s+this\b`
/// `|\btell\s+us\s+what\s+you\s+think\b|\bhave\s+your\s+say\b|\bcomments?\s*(?:\(\d+\)|so\s+far)`
///
/// (see [`stamp_match`]).
fn comment_heading(cs: &[char]) -> bool {
    const OPENERS: [&str; 10] =
        ["reader", "user", "your", "latest", "article", "recent", "view", "show", "all", "read"];
    // "comment" or "comments" at `i`: where each may end
    let comment_ends = |i: usize| -> Vec<usize> {
        let Some(e) = ci_lit(cs, i, "comment") else { return Vec::new() };
        if cs.get(e).is_some_and(|&c| folds_to(c, 's')) {
            vec![e, e + 1]
        } else {
            vec![e]
        }
    };
    let heading_at = |i: usize| comment_ends(i).into_iter().any(|e| bound_after(cs, e));
    let p = nonword_prefix(cs);
    let mut starts = vec![p];
    if let Some(s) =
        spaces1(cs, run_of(cs, p, is_decimal)).filter(|_| cs.get(p).is_some_and(|&c| is_decimal(c)))
    {
        starts.push(s);
    }
    for &st in &starts {
        if heading_at(st)
            || OPENERS.iter().filter_map(|w| ci_lit(cs, st, w)).filter_map(|e| spaces1(cs, e)).any(heading_at)
        {
            return true;
        }
    }
    const PHRASES: [&[&str]; 6] = [
        &["post", "a", "comment"],
        &["leave", "a", "comment"],
        &["leave", "a", "reply"],
        &["discuss", "this"],
        &["tell", "us", "what", "you", "think"],
        &["have", "your", "say"],
    ];
    (0..cs.len()).filter(|&i| bound_before(cs, i)).any(|i| {
        PHRASES.iter().any(|ph| ci_phrase(cs, i, ph).is_some_and(|e| bound_after(cs, e)))
            || comment_ends(i).into_iter().any(|e| {
                let s = run_of(cs, e, is_space);
                let counted = cs.get(s) == Some(&'(') && {
                    let d = run_of(cs, s + 1, is_decimal);
                    d > s + 1 && cs.get(d) == Some(&')')
                };
                counted || ci_phrase(cs, s, &["so", "far"]).is_some()
            })
    })
}

/// A comment's signature (the characters of the line, `turkish_i_folded`): a match of
/// `(?i)^[^\w]*(?:posted|submitted|written|comment(?:ed)?)\s+by\b|^[^\w]*by\s+[^\s].{0,40}\s(?:at|on)\s`
/// (see [`stamp_match`]; `.` is any character but `\n`).
fn signed(cs: &[char]) -> bool {
    let p = nonword_prefix(cs);
    let byline = ["posted", "submitted", "written", "commented", "comment"]
        .iter()
        .any(|kw| ci_phrase(cs, p, &[kw, "by"]).is_some_and(|e| bound_after(cs, e)));
    if byline {
        return true;
    }
    let Some(s) = ci_lit(cs, p, "by").and_then(|e| spaces1(cs, e)) else { return false };
    if s >= cs.len() {
        return false;
    }
    // (the first character of the name, then up to 40 more before a space and "at"/"on")
    for j in s + 1..=(s + 41).min(cs.len()) {
        if cs.get(j).is_some_and(|&c| is_space(c))
            && ["at", "on"].iter().any(|w| ci_lit(cs, j + 1, w).is_some())
            && cs.get(j + 3).is_some_and(|&c| is_space(c))
        {
            return true;
        }
        if cs.get(j) == Some(&'\n') {
            return false; // (`.` stops at a newline)
        }
    }
    false
}

/// What the folded line must contain for the date-stamp pattern to match its text: "by",
/// "wrote", or a digit before three more digits (a year) or before a `:` or `/` and a digit
/// (a time, a date).
fn may_be_stamp(key: &str) -> bool {
    if contains_any(key, &["by", "wrote"]) {
        return true;
    }
    if key.is_ascii() {
        let b = key.as_bytes();
        let d = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
        return (0..b.len()).any(|i| {
            d(i) && ((d(i + 1) && d(i + 2) && d(i + 3))
                || (matches!(b.get(i + 1), Some(b':' | b'/')) && d(i + 2)))
        });
    }
    let cs: Vec<char> = key.chars().collect();
    (0..cs.len()).any(|i| {
        is_decimal(cs[i])
            && ((i + 3 < cs.len() && cs[i + 1..i + 4].iter().all(|&c| is_decimal(c)))
                || (i + 2 < cs.len() && matches!(cs[i + 1], ':' | '/') && is_decimal(cs[i + 2])))
    })
}

/// What a line must contain to name a price: a currency sign or code.
fn may_name_a_price(text: &str) -> bool {
    text.contains(['$', '€', '£', '¥']) || contains_any(text, &["EUR", "USD", "GBP", "CAD", "AUD", "CHF"])
}

/// Whether `text` contains one of the (short, ASCII) `needles`, in one pass.
fn contains_any(text: &str, needles: &[&str]) -> bool {
    let b = text.as_bytes();
    if let [x, y] = needles {
        // (two needles: only where one could start, found by memchr)
        let (x, y) = (x.as_bytes(), y.as_bytes());
        return memchr::memchr2_iter(x[0], y[0], b).any(|i| b[i..].starts_with(x) || b[i..].starts_with(y));
    }
    let firsts: u128 = needles.iter().fold(0, |m, n| m | 1u128 << (n.as_bytes()[0] & 0x7f));
    (0..b.len()).any(|i| {
        b[i] < 0x80
            && firsts & (1u128 << b[i]) != 0
            && needles.iter().any(|n| b[i..].starts_with(n.as_bytes()))
    })
}

/// Characters at the end of a line that hold the dots of a final ellipsis and all that may
/// follow them: the dots (3), `[^\w]{0,3}`, "continue" (8), `[\w ]{0,12}` and `[^\w]{0,3}`.
const ELLIPSIS_TAIL: usize = 29;

/// Where the final ellipsis of `key` starts (a byte offset), with the whitespace before it:
/// the leftmost match of
/// `(?i)[\s\x1c-\x1f]*(?:\.\.\.|…)[^\w]{0,3}(?:(?:read|continue|more)\b[\w ]{0,12}[^\w]{0,3})?$`
/// (`\w` the letters, numbers and `_`, but Unicode's `\w` at the `\b`), as `boilerplate`
/// always read it. Written out, not a regex: the pattern's Unicode classes in counted
/// repetitions made the lazy DFA build new states on nearly every line it read, about 100k
/// instructions a line (tested against the regex).
fn ellipsis_start(key: &str) -> Option<usize> {
    let tail: Vec<(usize, char)> = key.char_indices().rev().take(ELLIPSIS_TAIL).collect();
    let tail: Vec<(usize, char)> = tail.into_iter().rev().collect();
    let cs: Vec<char> = tail.iter().map(|p| p.1).collect();
    // the leftmost dots after which the rest matches: the match starts at the run of
    // whitespace before them (dots further right start after those)
    let d = (0..cs.len()).find(|&d| {
        let after = if cs[d] == '\u{2026}' {
            d + 1
        } else if cs[d..].starts_with(&['.', '.', '.']) {
            d + 3
        } else {
            return false;
        };
        ellipsis_rest(&cs[after..])
    })?;
    let at = tail[d].0;
    Some(key[..at].char_indices().rev().take_while(|&(_, c)| is_space(c)).last().map_or(at, |(i, _)| i))
}

/// Whether what follows the dots is `[^\w]{0,3}(?:(?:read|continue|more)\b[\w ]{0,12}[^\w]{0,3})?`
/// to the end (case-insensitive: the keywords' letters have no other case variants than
/// their ASCII capitals).
fn ellipsis_rest(cs: &[char]) -> bool {
    let nonword_upto3 = |t: &[char]| t.len() <= 3 && t.iter().all(|&c| !is_word(c));
    for k in 0..=cs.len().min(3) {
        if k > 0 && is_word(cs[k - 1]) {
            break;
        }
        let r = &cs[k..];
        if r.is_empty() {
            return true;
        }
        for kw in ["read", "continue", "more"] {
            let n = kw.len();
            if r.len() < n || !r[..n].iter().zip(kw.chars()).all(|(c, k)| c.eq_ignore_ascii_case(&k)) {
                continue;
            }
            let after = &r[n..];
            if after.first().is_some_and(|&c| regex_syntax::is_word_character(c)) {
                continue; // no word boundary
            }
            for j in 0..=after.len().min(12) {
                if j > 0 && !(is_word(after[j - 1]) || after[j - 1] == ' ') {
                    break;
                }
                if nonword_upto3(&after[j..]) {
                    return true;
                }
            }
        }
    }
    false
}

/// Whether `text` holds `...` or `…` (found by memchr: most lines have neither, and a
/// substring search set up for each line cost more than the line's dots).
fn has_ellipsis(text: &str) -> bool {
    let b = text.as_bytes();
    memchr::memchr_iter(b'.', b).any(|i| b[i..].starts_with(b"..."))
        || memchr::memchr_iter(0xe2, b).any(|i| b[i..].starts_with("\u{2026}".as_bytes()))
}

/// The facts of one line: its text, its folded key (`features.fold`), its features, and
/// whether the document is in English (the shapes written with English words count only
/// there).
pub fn facts(text: &str, key: &str, f: &LineFeatures, english: bool) -> Facts {
    let mut out = Facts::default();
    let (words, prose, terminal) = (f.words, f.prose, f.terminal);
    let folded = turkish_i_folded(text); // (what the case-insensitive patterns see)
                                         // (each pattern behind a literal test that every match implies: most lines fail it)
    out.stamp =
        words <= 12 && !prose && may_be_stamp(key) && stamp_match(&folded.chars().collect::<Vec<_>>());
    // (a numbered item has a digit among its first four characters)
    out.numbered = !f.menu_like && text.chars().take(4).any(char::is_numeric) && numbered_item(text);
    let mut flags = 0;
    let ascii = text.is_ascii();
    if (words == 0 || !ascii) && !text.bytes().any(|b| b.is_ascii_alphanumeric()) && !text.chars().any(alnum)
    {
        if !crate::kinds::code_punctuation(text) {
            flags |= NO_ALNUM; // (a "}" or "]," is the structure of code)
        }
    } else if words <= 8 && !prose && english {
        // (a line that begins in lower case and ends a sentence is the tail of a wrapped
        // sentence, "...add a short\ncomment explaining the reason.", not a heading)
        let tail = terminal && text.chars().find(|c| c.is_alphabetic()).is_some_and(char::is_lowercase);
        if !tail
            && contains_any(key, &["comment", "repl", "discuss", "tell", "say"])
            && comment_heading(&folded.chars().collect::<Vec<_>>())
        {
            flags |= COMMENT_HEADING;
        }
        if words <= 4 && !terminal && media_caption(&folded) {
            flags |= MEDIA_CAPTION;
        }
    }
    if f.separators >= 2 && menu_row(text) {
        flags |= MENU_ROW;
    } else if f.separators >= 5 && link_row(text) {
        flags |= LINK_ROW;
    }
    if memchr::memchr3(b'<', b'[', b'{', text.as_bytes()).is_some()
        && (text.contains('<') || text.contains("[[") || text.contains("{{"))
        && markup_only().is_match(text)
    {
        flags |= MARKUP;
    }
    if out.stamp && signed(&folded.chars().collect::<Vec<_>>()) {
        flags |= SIGNED;
    }
    if !prose && !terminal && words <= 20 && may_name_a_price(text) && price_line(text) {
        flags |= PRICE_LINE;
    }
    out.flags = flags;
    if f.chars >= 25 && has_ellipsis(text) {
        let key = turkish_i_folded(key);
        if let Some(at) = ellipsis_start(&key) {
            let start = crate::pystr::len(&key[..at]);
            if start >= 20 {
                out.stem = Some(start);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::{line_features, StopWords};

    fn facts_of(text: &str) -> Facts {
        let stops = StopWords::new(
            ["the", "of", "and", "on", "a", "to", "in"].map(|w| w.as_bytes().to_vec()),
            1.0,
            false,
            true,
        );
        let f = line_features(text, &stops, &mut Vec::new());
        facts(text, &text.to_lowercase(), &f, true)
    }

    #[test]
    fn menu_rows() {
        assert!(menu_row("Home | News | Sport | Weather"));
        assert!(!menu_row("Joined: Apr 2000 | Posts: 209 | Location: here"));
        assert!(!menu_row("|Name||Date||Notes|"));
        assert!(!menu_row("Privacy \u{2022} Terms \u{2022} Contact us"));
    }

    #[test]
    fn link_rows() {
        for row in [
            "Terms of Service | Privacy Policy | Blogging Policy | Feedback | Jobs | TV Ratings | Advertise with Us",
            "del.icio.us | Digg it | Tailrank | Reddit | Newsvine | Now Public | Technorati",
            "Trust Music | Computer Programmer | flux rss | forum | nos statistiques | annonceurs | contact",
            "Startseite \u{b7} Nachrichten \u{b7} Aktienkurse Top/Flop \u{b7} Ad-hoc Mitteilungen \u{b7} Chartanalyse \u{b7} Forum",
        ] {
            assert!(link_row(row), "{row}");
        }
        for not_one in [
            "Home | News | Sport | Weather", // five items at least
            "I \u{2022} II \u{2022} III \u{2022} IV \u{2022} V \u{2022} VI", // numerals
            "|a|b|c|d|e|f|g|",               // a table's row
            "Mon | Tue | Wed | Thu | Fri | Sat | and on Sunday the shop will stay closed for the holidays",
            "Joined: Apr 2000 | Posts: 209 | Location: here",
        ] {
            assert!(!link_row(not_one), "{not_one}");
        }
    }

    #[test]
    fn prices() {
        assert!(price_line("Insulated Tote, Medium EUR 53.86"));
        assert!(price_line("\u{20ac}2.54"));
        assert!(price_line("3,50 \u{20ac} and 4,10 \u{20ac}"));
        assert!(!price_line("Caps' Ovechkin Signs $124 Million Deal"));
        assert!(!price_line("The $2,500 Nano is here"));
        assert!(!price_line("a $3bn deal and a $5.5m fee"));
        assert!(price_line("Now $25 was $40"));
    }

    #[test]
    fn the_final_ellipsis_is_the_patterns_match() {
        let long = "d\u{e9}j\u{e0} vu ".repeat(20);
        let mut keys = vec![
            format!("{long}and so on... read more"),
            format!("{long}and so on \u{2026}"),
            format!("{long}...{}... continue reading \u{bb}", " ".repeat(50)),
            format!("{long}... more ... more ... more ... more ..."),
            format!("{long}no dots here"),
            "short... read more".to_string(),
            "....".to_string(),
            "".to_string(),
        ];
        // every short string of these pieces (a fixed pseudo-random sample)
        let pieces = [
            "...", "\u{2026}", ".", " ", "\u{a0}", "\x1c", "read", "READ", "More", "continue", "Continu",
            "x", "\u{e9}", "\u{b2}", "_", "!", "\u{300}", "1", "\u{216b}", ":", "\u{bb}", "\u{2028}",
            "\u{200d}",
        ];
        let mut lcg = crate::testrng::Lcg::new(7);
        for _ in 0..4000 {
            keys.push(lcg.text(&pieces, 60, 1));
        }
        let mut found = 0;
        for key in keys {
            let want = ellipsis().find(&key).map(|m| m.start());
            assert_eq!(ellipsis_start(&key), want, "{key:?}");
            found += usize::from(want.is_some_and(|s| s > 0));
        }
        assert!(found > 300, "the sample has matches after text: {found}");
    }

    #[test]
    fn the_media_caption_is_the_patterns_match() {
        // the characters, each against the pattern's pieces, all of them
        let one = |p: &str| Regex::new(&format!(r"\A(?:{p})\z")).unwrap();
        let tail = one(&format!("(?i)[^{W}]"));
        let mut nouns: Vec<char> = MEDIA.concat().chars().collect();
        nouns.sort_unstable();
        nouns.dedup();
        let letters: Vec<(char, Regex)> = nouns.into_iter().map(|x| (x, one(&format!("(?i){x}")))).collect();
        let mut buf = [0u8; 4];
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            let s = c.encode_utf8(&mut buf);
            assert_eq!(media_word(c), !tail.is_match(s), "{c:?}");
            for (x, r) in &letters {
                assert_eq!(folds_to(c, *x), r.is_match(s), "{c:?} {x}");
            }
        }
        // and lines of the nouns, their cases and the characters around them (a fixed
        // pseudo-random sample)
        let pieces = [
            "map",
            "MAPS",
            "Photo",
            "photos",
            "pic",
            "Picture",
            "image",
            "imageS",
            "graphic",
            "info",
            "chart",
            "video",
            "gallery",
            "Illustration",
            "\u{17f}",
            "\u{212a}",
            " ",
            ":",
            ".",
            "_",
            "1",
            "x",
            "\u{e9}",
            "\u{345}",
            "\u{300}",
            "\u{200d}",
            "\u{2163}",
            "\u{b2}",
            "\u{bb}",
            "\u{a0}",
            "-",
            "(",
            "\u{130}",
        ];
        let mut lcg = crate::testrng::Lcg::new(11);
        let mut found = 0;
        for _ in 0..20000 {
            let k = lcg.text(&pieces, 61, 1);
            let want = media().is_match(&k);
            assert_eq!(media_caption(&k), want, "{k:?}");
            found += usize::from(want);
        }
        assert!(found > 2000, "the sample has captions: {found}");
    }

    #[test]
    fn numbered_items_and_menu_items_are_the_patterns_matches() {
        // lines of digits, points, spaces, words and the characters around them (a fixed
        // pseudo-random sample)
        let pieces = [
            "1",
            "23",
            "\u{663}",
            "\u{b2}",
            "\u{216b}",
            ".",
            ",",
            "/",
            ")",
            "(",
            "-",
            "&",
            "'",
            " ",
            "  ",
            "\u{a0}",
            "\x1c",
            "\t",
            "Home",
            "news",
            "A",
            "Z9",
            "\u{e9}t\u{e9}",
            "\u{c9}",
            "_",
            "\u{300}",
            "\u{2022}",
            "\u{ff10}",
            "x",
            "\u{3000}",
        ];
        let mut lcg = crate::testrng::Lcg::new(13);
        let (mut items, mut caps) = (0, 0);
        for _ in 0..40000 {
            let t = lcg.text(&pieces, 61, 1);
            let want = numbered().is_match(&t);
            assert_eq!(numbered_item(&t), want, "{t:?}");
            items += usize::from(want);
            let want = cap_item_regex().is_match(&t);
            assert_eq!(cap_item(&t), want, "{t:?}");
            caps += usize::from(want);
        }
        assert!(items > 300 && caps > 1000, "the sample has matches: {items} {caps}");
        for (t, n) in [
            ("1. Preheat", true),
            ("1.5 cups", true),
            ("1.5. Stir", true),
            ("(2) Stir", true),
            ("1.x", false),
        ] {
            assert_eq!(numbered_item(t), n, "{t:?}");
        }
        for (t, m) in
            [("World News", true), ("Arts & Culture", true), ("Home", true), ("Sport and Fun", false)]
        {
            assert_eq!(cap_item(t), m, "{t:?}");
        }
    }

    #[test]
    fn stamps_headings_and_signatures_are_the_patterns_matches() {
        // the case-insensitive letters, each against the pattern's
        let mut buf = [0u8; 4];
        for x in 'a'..='z' {
            let r = Regex::new(&format!(r"\A(?i:{x})\z")).unwrap();
            for c in (0..=0x10ffff).filter_map(char::from_u32) {
                assert_eq!(folds_to(c, x), r.is_match(c.encode_utf8(&mut buf)), "{c:?} {x}");
            }
        }
        // lines of the patterns' words, digits, spaces and the characters around them (a
        // fixed pseudo-random sample)
        let pieces = [
            "May",
            "SEPT",
            "jan",
            "\u{17f}ep",
            "ember",
            ".",
            " ",
            "  ",
            "\u{a0}",
            "\x1c",
            "\n",
            "3",
            "12",
            "2008",
            "123",
            "\u{663}",
            "st",
            "TH",
            ",",
            ":",
            "49",
            "/",
            "p",
            "a",
            "m",
            "P.M",
            "am",
            "posted",
            "Comment",
            "comments",
            "submitted",
            "written",
            "commented",
            "by",
            "BY",
            "wrote:",
            "x",
            "\u{e9}",
            "_",
            "\u{345}",
            "\u{300}",
            "\u{212a}",
            "-",
            "(",
            ")",
            "(7)",
            "so far",
            "post a comment",
            "leave a reply",
            "Leave A Comment",
            "discuss",
            "this",
            "tell us what you think",
            "have your say",
            "reader",
            "read",
            "all",
            "your",
            "at",
            "on",
            "Ann",
        ];
        let mut lcg = crate::testrng::Lcg::new(23);
        let mut found = [0usize; 3];
        // (the anchored alternatives need their words first: half the lines start with one)
        let openers = [
            "Posted by ",
            "by ",
            "- by  Ann",
            "Comment by",
            "\u{bb} commented BY",
            "May 3, 2008",
            "4:49 pm",
            "3/5/08",
            "12:30a.m.",
            "Sept. 1st, 2009",
            "Ann wrote:",
            "7 comments",
            "Read comments",
            "comments (3)",
            "by x",
        ];
        for k in 0..60000 {
            let head = if k % 2 == 0 { lcg.text(&openers, 63, 1) } else { String::new() };
            let t = head + &lcg.text(&pieces, 61, 0);
            let cs: Vec<char> = t.chars().collect();
            for (k, (got, want)) in [
                (stamp_match(&cs), stamp().is_match(&t)),
                (comment_heading(&cs), comment_head().is_match(&t)),
                (signed(&cs), signature().is_match(&t)),
            ]
            .into_iter()
            .enumerate()
            {
                assert_eq!(got, want, "{k} {t:?}");
                found[k] += usize::from(want);
            }
        }
        assert!(found.iter().all(|&f| f > 1000), "the sample has matches: {found:?}");
    }

    #[test]
    fn ellipses_are_found() {
        for t in ["", ".", "..", "a...", "a. .. .", "\u{2026}", "x\u{2019}\u{2026}", "\u{2019}", "..\u{2026}"]
        {
            assert_eq!(has_ellipsis(t), t.contains("...") || t.contains('\u{2026}'), "{t:?}");
        }
    }

    #[test]
    fn line_shapes() {
        assert!(facts_of("May 3, 2008 4:49 PM").stamp);
        assert!(facts_of("Posted by: Ann | Jan 10, 2008 4:49 PM").flags & SIGNED != 0);
        assert!(facts_of("1. Preheat the oven").numbered);
        assert!(facts_of("7 Comments \u{bb}").flags & COMMENT_HEADING != 0);
        // the tail of a wrapped sentence is not a heading; the same words as a heading are
        assert!(facts_of("comment explaining the reason.").flags & COMMENT_HEADING == 0);
        assert!(facts_of("comments (3)").flags & COMMENT_HEADING != 0);
        assert!(facts_of("Leave a comment.").flags & COMMENT_HEADING != 0);
        assert!(facts_of("Nagorno map").flags & MEDIA_CAPTION != 0);
        assert_eq!(facts_of("----------").flags, NO_ALNUM);
        assert_eq!(facts_of("<div class=\"x\"></div>").flags & MARKUP, MARKUP);
        assert_eq!(facts_of("}").flags, 0);
        assert!(facts_of("\u{130}mage gallery").flags & MEDIA_CAPTION != 0); // as re.I reads it
        let t = "The council met on Tuesday to discuss the water main... Read more";
        assert_eq!(facts_of(t).stem, Some(t.find("...").unwrap()));
    }
}
