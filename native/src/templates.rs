//! Templates of known widgets and forms (`textclean/data/boilerplate_templates.txt` and the
//! plugins' and users' own), matched against whole folded lines.
//!
//! A template is a folded line in which `%s` stands for any text (possibly empty) and `%d`
//! for a number; spaces and the brackets `()[]` of its literal text are optional, and it may
//! be followed by spaces and `.:!`. Templates are indexed by the first letters of their
//! literal start ([`bucket`]); a bucket's templates are tried most specific (longest literal
//! text) first, each only on a line whose [`Shape`] fits it (its literal pieces in order,
//! the optional characters dropped: a comparison of a few bytes), so most lines of a bucket
//! are matched against none. Templates that start with a placeholder are tried only on lines that
//! contain their needle (their longest literal word that stands as a whole word) or, without
//! a word, their longest literal piece. Patterns are checked when the set is built and read
//! as pieces ([`Matcher`]) that match as the regex would, with no regex compiled for them.

use foldhash::{HashMap, HashMapExt};
use std::cell::OnceCell;

use aho_corasick::AhoCorasick;
#[cfg(test)]
use regex::Regex;

use crate::pystr;

/// Lines longer than this (folded, in characters) are never matched against templates.
pub const MAX_LINE: usize = 400;

/// What is known of one template, from its folded text.
#[derive(Debug, Clone, PartialEq)]
pub struct TemplateInfo {
    /// Characters of literal (non-placeholder) text.
    pub literal: usize,
    /// The longest literal word that stands as a whole word in every line the template
    /// matches (a word glued to a placeholder only when there is no other); "" for none.
    pub needle: String,
    /// The whole-line regular expression.
    pub pattern: String,
}

fn placeholders(folded: &str) -> (Vec<&str>, Vec<&str>) {
    let (mut parts, mut kinds) = (Vec::new(), Vec::new());
    let mut last = 0;
    let b = folded.as_bytes();
    let mut i = 0;
    while i + 1 < b.len() {
        if b[i] == b'%' && (b[i + 1] == b's' || b[i + 1] == b'd') {
            parts.push(&folded[last..i]);
            kinds.push(&folded[i..i + 2]);
            i += 2;
            last = i;
        } else {
            i += 1;
        }
    }
    parts.push(&folded[last..]);
    (parts, kinds)
}

/// The regex of a literal piece: spaces and brackets optional.
fn loose(literal: &str, out: &mut String) {
    for c in literal.chars() {
        match c {
            ' ' => out.push_str(" ?"),
            '(' | ')' | '[' | ']' => {
                out.push('\\');
                out.push(c);
                out.push('?');
            }
            _ => out.push_str(&regex::escape(c.encode_utf8(&mut [0u8; 4]))),
        }
    }
}

/// The matches of the regex `\w+` in `s` (the runs of Unicode word characters), as
/// `(start, word)`. Written out, not a regex: on lines it had not seen, the regex's lazy DFA
/// built states for their characters, some 18k instructions a line.
fn words(s: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut start = None;
    s.char_indices().chain(std::iter::once((s.len(), ' '))).filter_map(move |(i, c)| {
        if i < s.len() && regex_syntax::is_word_character(c) {
            start.get_or_insert(i);
            None
        } else {
            start.take().map(|b| (b, &s[b..i]))
        }
    })
}

/// What a template's folded text says of it.
pub fn template_info(folded: &str) -> TemplateInfo {
    let (parts, kinds) = placeholders(folded);
    let mut rx = String::new();
    loose(if kinds.is_empty() { pystr::strip(parts[0]) } else { parts[0] }, &mut rx);
    for (kind, lit) in kinds.iter().zip(&parts[1..]) {
        rx.push_str(if *kind == "%s" { ".*?" } else { r"\d[\d,.]*" });
        loose(lit, &mut rx);
    }
    // (a leading optional space of the literal becomes a lazy one after the first: the same
    // lines match)
    let pattern = format!(" ?{}[ .:!]*", pystr::strip(&rx));
    let literal = parts.iter().map(|p| pystr::len(pystr::strip(p))).sum();
    let (mut bounded, mut anywhere) = (Vec::new(), Vec::new());
    let last = parts.len() - 1;
    for (i, part) in parts.iter().enumerate() {
        for (start, w) in words(part) {
            anywhere.push(w);
            if (start > 0 || i == 0) && (start + w.len() < part.len() || i == last) {
                bounded.push(w);
            }
        }
    }
    let pool = if bounded.is_empty() { anywhere } else { bounded };
    // the first of the longest, as Python's max() picks it
    let needle = pool.iter().fold("", |best, w| if pystr::len(w) > pystr::len(best) { w } else { best });
    TemplateInfo { literal, needle: needle.to_string(), pattern }
}

/// The index key of a folded line or template: its first letters (up to 3), `#` when it
/// starts with a digit or `%d`, else its first character; None for a template that starts
/// with `%s` or an optional bracket (it may match lines that start anywhere).
pub fn bucket(folded: &str) -> Option<String> {
    bucket_of(folded).map(String::from)
}

/// [`bucket`] as a slice of `folded` (every key but `#` is a prefix of it): a line's lookup
/// allocates nothing.
fn bucket_of(folded: &str) -> Option<&str> {
    let c = folded.chars().next()?;
    let first = &folded[..c.len_utf8()];
    if c.is_ascii() {
        // (the common case, without a regex: ASCII letters, digits and punctuation)
        if c.is_ascii_digit() || folded.starts_with("%d") {
            return Some("#");
        }
        if c.is_ascii_alphabetic() {
            let end = folded
                .char_indices()
                .take(3)
                .take_while(|(_, c)| c.is_ascii_alphabetic() || (!c.is_ascii() && is_letter(*c)))
                .last()
                .map_or(0, |(i, c)| i + c.len_utf8());
            return Some(&folded[..end]);
        }
        return if "()[]%".contains(c) { None } else { Some(first) };
    }
    // (`\A\d` and `\A[^\W\d_]{1,3}`, read a character at a time)
    if folded.starts_with("%d") || crate::evidence::is_decimal(c) {
        return Some("#");
    }
    let end: usize = folded.chars().take(3).take_while(|&c| is_letter(c)).map(char::len_utf8).sum();
    if end > 0 {
        return Some(&folded[..end]);
    }
    if "()[]%".contains(c) {
        return None;
    }
    Some(first)
}

crate::uclass::class!(
    /// A character of `[^\W\d_]` (a word character that is neither a digit nor `_`).
    is_letter,
    r"[^\W\d_]"
);

/// Whether a template's pattern may leave `c` of its literal text out of a line it matches:
/// spaces and brackets are optional there, and whitespace at its ends is stripped.
fn optional(c: char) -> bool {
    matches!(c, '(' | ')' | '[' | ']') || pystr::is_space(c)
}

/// `s` without the characters a match may leave out ([`optional`]).
fn skeleton(s: &str) -> String {
    s.chars().filter(|&c| !optional(c)).collect()
}

/// What every line that a template matches shows once the [`optional`] characters are
/// dropped from both (its skeleton): the skeleton of the template's literal start (`head`)
/// first, then those of its literal pieces between placeholders (`middle`), in order, and,
/// once the `.:!` at its end are dropped too, the skeleton of its literal end without its
/// own final `.:!` (`tail`) last; a template without a placeholder (`whole`) is then the
/// whole skeleton. A line that does not fit cannot match: the regex needs no more.
#[derive(Debug, Clone, PartialEq)]
pub struct Shape {
    head: String,
    middle: Vec<String>,
    tail: String,
    whole: bool,
}

/// The trailing `.:!` a pattern's `[ .:!]*` takes after the literal end.
fn trim_stops(s: &str) -> &str {
    s.trim_end_matches(['.', ':', '!'])
}

impl Shape {
    fn of(folded: &str) -> Shape {
        let (parts, kinds) = placeholders(folded);
        let (first, last) = (parts[0], parts[parts.len() - 1]);
        let inner = if parts.len() > 2 { &parts[1..parts.len() - 1] } else { &[][..] };
        Shape {
            head: skeleton(first),
            middle: inner.iter().map(|p| skeleton(p)).filter(|p| !p.is_empty()).collect(),
            tail: trim_stops(&skeleton(last)).to_string(),
            whole: kinds.is_empty(),
        }
    }

    /// Whether the skeleton of `key` starts with `head` (read from the key itself: most
    /// lines of a bucket differ from a template within a few characters, and need no
    /// skeleton of their own).
    fn head_fits(&self, key: &str) -> bool {
        let mut line = key.chars().filter(|&c| !optional(c));
        self.head.chars().all(|h| line.next() == Some(h))
    }

    /// Whether a line whose skeleton is `skel` may match.
    fn fits(&self, skel: &str) -> bool {
        let trimmed = trim_stops(skel);
        if !skel.starts_with(&self.head) {
            return false;
        }
        if self.whole {
            return trimmed == self.tail;
        }
        if !trimmed.ends_with(&self.tail) {
            return false;
        }
        // the pieces between lie between the two ends (all the rest, when the literal end
        // is only stops, which trimming may have taken with more)
        let end = if self.tail.is_empty() { skel.len() } else { trimmed.len() - self.tail.len() };
        if end < self.head.len() {
            return false; // the ends overlap
        }
        let mut rest = &skel[self.head.len()..end];
        self.middle.iter().all(|p| match rest.find(p.as_str()) {
            Some(at) => {
                rest = &rest[at + p.len()..];
                true
            }
            None => false,
        })
    }
}

/// One piece of a template's pattern, as [`Matcher`] reads it.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Piece {
    /// A character of the literal text.
    Char(char),
    /// A space or bracket of the literal text, or the space before it: ` ?`, `\(?`.
    Optional(char),
    /// `%s`: `.*?` (any text, newlines too: `(?s)`).
    Any,
    /// `%d`: `\d[\d,.]*`.
    Number,
}

/// A template's whole-line pattern (`(?s)\A(?: ?...[ .:!]*)\z`, see [`template_info`]) read
/// as a sequence of [`Piece`]s, matched by the set of places in the line each prefix of it can
/// reach: what the regex matches, without compiling one per template (a fifth of a
/// millisecond each, for templates that each meet a line or two of a document).
#[derive(Debug, Clone, PartialEq)]
struct Matcher(Vec<Piece>);

impl Matcher {
    /// The pieces of a pattern made by [`TemplateSet::new`], None for text it does not make.
    fn parse(pattern: &str) -> Option<Matcher> {
        let body = pattern.strip_prefix(r"(?s)\A(?:")?.strip_suffix(r"[ .:!]*)\z")?;
        let mut cs = body.chars().peekable();
        let mut pieces = Vec::new();
        while let Some(c) = cs.next() {
            let piece = match c {
                ' ' => {
                    // (` ??`, lazy, where the literal's own space followed the pattern's)
                    (cs.next() == Some('?')).then_some(())?;
                    cs.next_if_eq(&'?');
                    Piece::Optional(' ')
                }
                '.' => {
                    (cs.next() == Some('*') && cs.next() == Some('?')).then_some(())?;
                    Piece::Any
                }
                '\\' => match cs.next()? {
                    'd' => {
                        let rest: String = cs.by_ref().take(7).collect();
                        (rest == r"[\d,.]*").then_some(())?;
                        Piece::Number
                    }
                    b @ ('(' | ')' | '[' | ']') if cs.peek() == Some(&'?') => {
                        cs.next();
                        Piece::Optional(b)
                    }
                    e if regex_syntax::is_meta_character(e) => Piece::Char(e),
                    _ => return None,
                },
                '?' | '*' | '+' | '(' | ')' | '[' | ']' | '{' | '}' | '|' | '^' | '$' => return None,
                c => Piece::Char(c),
            };
            if matches!(piece, Piece::Char(_)) && cs.peek() == Some(&'?') {
                return None; // (an optional character the pattern does not make)
            }
            pieces.push(piece);
        }
        Some(Matcher(pieces))
    }

    /// Whether the pattern matches the whole of `line`.
    fn matches(&self, line: &str) -> bool {
        let cs: Vec<char> = line.chars().collect();
        let n = cs.len();
        // (reach[p]: the pieces so far can end at character p; all the places reached lie in
        // lo..=hi, the first and the last, and a literal piece reads only those: after the
        // first characters of a template, one place or none)
        let mut reach = vec![false; n + 1];
        reach[0] = true;
        let (mut lo, mut hi) = (0, 0);
        for piece in &self.0 {
            match *piece {
                Piece::Char(c) => {
                    let (mut first, mut last) = (usize::MAX, 0);
                    for p in (lo..(hi + 1).min(n)).rev() {
                        reach[p + 1] = reach[p] && cs[p] == c;
                        if reach[p + 1] {
                            first = p + 1;
                            last = last.max(p + 1);
                        }
                    }
                    reach[lo] = false;
                    if first == usize::MAX {
                        return false;
                    }
                    (lo, hi) = (first, last);
                }
                Piece::Optional(c) => {
                    for p in (lo..(hi + 1).min(n)).rev() {
                        reach[p + 1] |= reach[p] && cs[p] == c;
                    }
                    if hi < n && reach[hi + 1] {
                        hi += 1;
                    }
                }
                Piece::Any => {
                    reach[lo..].fill(true);
                    hi = n;
                }
                Piece::Number => {
                    // a digit reached, then digits, commas and points
                    let mut run = false;
                    let mut before = reach[0];
                    reach[0] = false;
                    for p in 0..n {
                        let c = cs[p];
                        let digit = crate::evidence::is_decimal(c);
                        run = (before && digit) || (run && (digit || c == ',' || c == '.'));
                        before = reach[p + 1];
                        reach[p + 1] = run;
                    }
                    let Some(first) = reach.iter().position(|&r| r) else { return false };
                    (lo, hi) = (first, reach.iter().rposition(|&r| r).unwrap_or(first));
                }
            }
        }
        // then `[ .:!]*` to the end
        let tail = cs.iter().rev().take_while(|c| matches!(c, ' ' | '.' | ':' | '!')).count();
        reach[n - tail..].contains(&true)
    }
}

/// A set of templates compiled for whole-line lookup; a match is the template's index.
pub struct TemplateSet {
    #[cfg(test)]
    patterns: Vec<String>,
    matchers: Vec<Matcher>,
    shapes: Vec<Shape>,
    buckets: HashMap<String, Vec<usize>>,
    wild: HashMap<String, Vec<usize>>,
    wild_any: Vec<(usize, String)>,
    /// A searcher for each literal of `wild_any` (built once: a substring search set up for
    /// every line cost more than the search).
    wild_finders: Vec<memchr::memmem::Finder<'static>>,
    /// Every needle and every literal of `wild_any`: a line that has none of them is done
    /// after its bucket.
    hints: Option<AhoCorasick>,
}

impl TemplateSet {
    /// Compiles the templates (folded texts), in order: among equally specific templates the
    /// earlier wins.
    pub fn new(folded: &[String]) -> Result<Self, String> {
        let infos: Vec<TemplateInfo> = folded.iter().map(|f| template_info(f)).collect();
        let patterns: Vec<String> = infos.iter().map(|t| format!(r"(?s)\A(?:{})\z", t.pattern)).collect();
        let mut matchers = Vec::with_capacity(patterns.len());
        for (p, f) in patterns.iter().zip(folded) {
            // (a bad template is named here)
            regex_syntax::Parser::new()
                .parse(p)
                .map_err(|e| format!("template {f:?} does not compile: {e}"))?;
            matchers
                .push(Matcher::parse(p).ok_or_else(|| format!("template {f:?}: a pattern not read: {p:?}"))?);
        }
        let shapes = folded.iter().map(|f| Shape::of(f)).collect();
        let mut index: HashMap<String, Vec<usize>> = HashMap::new();
        let mut wild: HashMap<String, Vec<usize>> = HashMap::new();
        let mut wild_any = Vec::new();
        for (i, (f, t)) in folded.iter().zip(&infos).enumerate() {
            match bucket(f) {
                Some(key) => index.entry(key).or_default().push(i),
                None if !t.needle.is_empty() => wild.entry(t.needle.clone()).or_default().push(i),
                None => {
                    let (parts, _) = placeholders(f);
                    let lit = parts.iter().map(|p| pystr::strip(p)).fold("", |best, p| {
                        if pystr::len(p) > pystr::len(best) {
                            p
                        } else {
                            best
                        }
                    });
                    wild_any.push((i, lit.to_string()));
                }
            }
        }
        let mut buckets = HashMap::new();
        for (key, mut ids) in index {
            // the most specific template first: a widget spelt out in full must not lose to
            // a short template that matches only its opening words (a stable sort)
            ids.sort_by_key(|&i| std::cmp::Reverse(infos[i].literal));
            buckets.insert(key, ids);
        }
        let needles: Vec<&str> =
            wild.keys().map(String::as_str).chain(wild_any.iter().map(|p| p.1.as_str())).collect();
        let hints = if needles.is_empty() {
            None
        } else {
            Some(AhoCorasick::new(needles).expect("literal needles build an automaton"))
        };
        let wild_finders = wild_any
            .iter()
            .map(|(_, lit)| memchr::memmem::Finder::new(lit.as_bytes()).into_owned())
            .collect();
        Ok(TemplateSet {
            #[cfg(test)]
            patterns,
            matchers,
            shapes,
            buckets,
            wild,
            wild_any,
            wild_finders,
            hints,
        })
    }

    /// Whether template `i` matches the whole `key`.
    fn matches(&self, i: usize, key: &str) -> bool {
        self.matchers[i].matches(key)
    }

    #[cfg(test)]
    fn regex(&self, i: usize) -> Regex {
        Regex::new(&self.patterns[i]).unwrap()
    }

    /// The template matching the whole folded line, if any.
    pub fn find(&self, key: &str) -> Option<usize> {
        if key.is_empty() || pystr::len(key) > MAX_LINE {
            return None;
        }
        if let Some(ids) = bucket_of(key).and_then(|b| self.buckets.get(b)) {
            // (a template at a time, and only where the line's shape fits: a set of the
            // bucket's patterns read every line of the bucket to its end, building lazy-DFA
            // states on text it had not seen, and was compiled whole for the first)
            let skel = OnceCell::new();
            let fits = |i: usize| {
                let shape = &self.shapes[i];
                shape.head_fits(key) && shape.fits(skel.get_or_init(|| skeleton(key)))
            };
            if let Some(&i) = ids.iter().find(|&&i| fits(i) && self.matches(i, key)) {
                return Some(i);
            }
        }
        if !self.hints.as_ref().is_some_and(|h| h.is_match(key)) {
            return None;
        }
        if !self.wild.is_empty() {
            // (in index order, each once; a sorted vector, not a tree: a line has few)
            let mut cands: Vec<usize> =
                words(key).filter_map(|(_, w)| self.wild.get(w)).flatten().copied().collect();
            cands.sort_unstable();
            cands.dedup();
            if let Some(i) = cands.into_iter().find(|&i| self.matches(i, key)) {
                return Some(i);
            }
        }
        self.wild_any
            .iter()
            .zip(&self.wild_finders)
            .find(|((i, _), lit)| lit.find(key.as_bytes()).is_some() && self.matches(*i, key))
            .map(|p| p.0 .0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(ts: &[&str]) -> TemplateSet {
        TemplateSet::new(&ts.iter().map(|s| s.to_string()).collect::<Vec<_>>()).unwrap()
    }

    #[test]
    fn whole_lines_only() {
        let s = set(&["related posts", "%d comments", "page %d of %d"]);
        assert_eq!(s.find("related posts"), Some(0));
        assert_eq!(s.find("related posts and more"), None);
        assert_eq!(s.find("37 comments"), Some(1));
        assert_eq!(s.find("page 2 of 10"), Some(2));
        assert_eq!(s.find("page two of ten"), None);
    }

    #[test]
    fn loose_spaces_and_brackets() {
        let s = set(&["you are commenting using your %s account. ( log out / change )"]);
        assert_eq!(s.find("you are commenting using your twitter account. log out / change )"), Some(0));
        assert_eq!(s.find("share this:"), None);
    }

    #[test]
    fn the_most_specific_wins_and_placeholders_first_are_found_by_their_needle() {
        let s = set(&["please wait%s", "please wait for %d seconds", "%s getty images", "%s (reuters)"]);
        assert_eq!(s.find("please wait for 5 seconds"), Some(1));
        assert_eq!(s.find("please wait a bit"), Some(0));
        assert_eq!(s.find("photo: getty images"), Some(2));
        assert_eq!(s.find("a (reuters)"), Some(3));
    }

    #[test]
    fn buckets_are_the_regexs() {
        // the oracle: the key of a line that does not start with ASCII, read by regexes
        let digit = Regex::new(r"\A\d").unwrap();
        let key = Regex::new(r"\A[^\W\d_]{1,3}").unwrap();
        let pieces = [
            "\u{e9}",
            "\u{663}",
            "\u{b2}",
            "\u{300}",
            "_",
            "a",
            "1",
            " ",
            "(",
            "%d",
            "\u{3b1}\u{3b2}",
            "\u{2163}",
            "x",
        ];
        let mut lcg = crate::testrng::Lcg::new(17);
        for _ in 0..20000 {
            let line = lcg.text(&pieces, 61, 1);
            let Some(c) = line.chars().next() else { continue };
            if c.is_ascii() {
                continue;
            }
            let want = if digit.is_match(&line) {
                Some("#")
            } else if let Some(m) = key.find(&line) {
                Some(m.as_str())
            } else {
                Some(&line[..c.len_utf8()])
            };
            assert_eq!(bucket_of(&line), want, "{line:?}");
        }
    }

    #[test]
    fn template_facts() {
        let t = template_info("want to watch this video %s add it to a playlist%s");
        assert_eq!(t.needle, "watch");
        assert_eq!(t.literal, 44);
        assert_eq!(t.pattern, " ?want ?to ?watch ?this ?video ?.*? ?add ?it ?to ?a ?playlist.*?[ .:!]*");
        assert_eq!(bucket("share this:").as_deref(), Some("sha"));
        assert_eq!(bucket("%d comments").as_deref(), Some("#"));
        assert_eq!(bucket("| report this").as_deref(), Some("|"));
        assert_eq!(bucket("%s getty images"), None);
    }

    /// The shipped templates, folded.
    fn shipped() -> Vec<String> {
        include_str!("../../textclean/data/boilerplate_templates.txt")
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#') && !l.starts_with('['))
            .map(crate::boilerplate::fold)
            .collect()
    }

    /// Lines near the templates: each filled in (placeholders as text, numbers, nothing),
    /// with its optional characters dropped or doubled, cut, extended and changed.
    fn near_lines(folded: &[String]) -> Vec<String> {
        let mut out = Vec::new();
        for f in folded {
            for (s, d) in [("x", "7"), ("", "12,5"), ("the end (again)", "3"), (" : ", "1.000")] {
                let line = f.replace("%s", s).replace("%d", d);
                let n = line.chars().count();
                let mut v = vec![
                    line.clone(),
                    line.replace(' ', ""),
                    line.replace(['(', ')', '[', ']'], ""),
                    line.replace(' ', "  "),
                    format!("{line} :!."),
                    format!("{line}:"),
                    format!("x {line}"),
                    format!("{line} x"),
                    format!("({line})"),
                    line.chars().rev().collect(),
                ];
                for k in [1, 2, n / 2, n.saturating_sub(1)] {
                    v.push(line.chars().take(k).collect());
                    v.push(line.chars().skip(k).collect());
                    let mut cs: Vec<char> = line.chars().collect();
                    if k < cs.len() {
                        cs[k] = if cs[k] == 'e' { 'a' } else { 'e' };
                        v.push(cs.iter().collect());
                        cs.remove(k);
                        v.push(cs.iter().collect());
                    }
                }
                out.extend(v);
            }
        }
        out
    }

    #[test]
    fn a_line_that_a_template_matches_fits_its_shape() {
        let folded = shipped();
        let set = TemplateSet::new(&folded).unwrap();
        // (every template that matches a line, in one pass)
        let all = regex::RegexSet::new(&set.patterns).unwrap();
        let mut matched = 0;
        for line in near_lines(&folded) {
            let skel = skeleton(&line);
            for i in all.matches(&line).iter() {
                matched += 1;
                assert!(set.shapes[i].fits(&skel), "{:?} matches {line:?} but does not fit", folded[i]);
            }
        }
        assert!(matched > 5000, "{matched}");
    }

    #[test]
    fn the_most_specific_matching_template_is_found() {
        // the oracle: each of a bucket's templates tried in turn, without the shapes
        let folded = shipped();
        let set = TemplateSet::new(&folded).unwrap();
        let regexes: Vec<Regex> = (0..folded.len()).map(|i| set.regex(i)).collect();
        let mut found = 0;
        for line in near_lines(&folded) {
            let expected = if line.is_empty() || pystr::len(&line) > MAX_LINE {
                None
            } else {
                bucket_of(&line)
                    .and_then(|b| set.buckets.get(b))
                    .and_then(|ids| ids.iter().copied().find(|&i| regexes[i].is_match(&line)))
            };
            let got = set.find(&line);
            if expected.is_some() {
                found += 1;
                assert_eq!(got, expected, "{line:?}");
            } else if let Some(i) = got {
                // (then only a template that starts with a placeholder)
                assert!(bucket(&folded[i]).is_none() && regexes[i].is_match(&line), "{line:?}");
            }
        }
        assert!(found > 3000, "{found}");
    }

    #[test]
    fn the_matchers_match_what_the_patterns_match() {
        let folded = shipped();
        let set = TemplateSet::new(&folded).unwrap();
        let all = regex::RegexSet::new(&set.patterns).unwrap();
        let mut matched = 0;
        for (k, mut line) in near_lines(&folded).into_iter().enumerate() {
            if k % 3 == 0 {
                line = line.replace(['1', '2', '3'], "\u{663}"); // (an Arabic-Indic digit)
            }
            let want = all.matches(&line);
            // every template on a sample of the lines, those of the line's bucket and those
            // that match on all of them
            let bucket = bucket_of(&line).and_then(|b| set.buckets.get(b)).cloned().unwrap_or_default();
            let ids: Vec<usize> = if k % 40 == 0 {
                (0..folded.len()).collect()
            } else {
                bucket.into_iter().chain(want.iter()).collect()
            };
            for i in ids {
                assert_eq!(set.matches(i, &line), want.matched(i), "{:?} on {line:?}", folded[i]);
                matched += usize::from(want.matched(i));
            }
        }
        assert!(matched > 5000, "{matched}");
        // the patterns' own corners: the lazy space, escapes, numbers, newlines in `%s`
        for (t, line, m) in [
            ("a %s b", "a \n\n b", true),
            ("%d+%d=%d", "1+1=2", true),
            ("%d+%d=%d", "1+1=", false),
            ("(x) [y]", "x y", true),
            ("(x) [y]", "(x)[y] :.!", true),
            ("(x) [y]", "((x) [y]", false),
            ("a\\b.c*", "a\\b.c*", true),
            ("a\\b.c*", "a\\bxc*", false),
            ("price %d.", "price 3,50..", true),
            ("price %d", "price ,5", false),
            (" a", "a", true),
        ] {
            let s = TemplateSet::new(&[t.to_string()]).unwrap();
            assert_eq!(s.matches(0, line), m, "{t:?} {line:?}");
            assert_eq!(s.regex(0).is_match(line), m, "{t:?} {line:?}");
        }
    }

    #[test]
    fn words_are_the_regexs() {
        let word = Regex::new(r"\w+").unwrap();
        for s in [
            "",
            " ",
            "a",
            "a b",
            "  h\u{e9}llo, w\u{f6}rld_2 \u{300}x\u{200d}y \u{663}\u{b2}-",
            "x.y",
            "\u{1f600}ab",
        ]
        .map(String::from)
        .into_iter()
        .chain(near_lines(&shipped()).into_iter().step_by(7))
        {
            let s = s.as_str();
            let want: Vec<(usize, &str)> = word.find_iter(s).map(|m| (m.start(), m.as_str())).collect();
            assert_eq!(words(s).collect::<Vec<_>>(), want, "{s:?}");
        }
    }

    #[test]
    fn shapes() {
        let s = Shape::of("you are commenting using your %s account. ( log out / change )");
        assert_eq!(
            (s.head.as_str(), s.tail.as_str(), s.whole),
            ("youarecommentingusingyour", "account.logout/change", false)
        );
        let s = Shape::of("%d - %d of %d results for %s");
        assert_eq!(
            (s.head.as_str(), s.middle.clone(), s.tail.as_str()),
            ("", vec!["-".into(), "of".into(), "resultsfor".into()], "")
        );
        assert!(
            s.fits(&skeleton("1 - 10 of 200 results for x"))
                && !s.fits(&skeleton("1 of 200 - results for x"))
        );
        assert!(!Shape::of("a %s a").fits("a") && Shape::of("a %s a").fits("aa"));
        let s = Shape::of("share this:");
        assert_eq!((s.head.as_str(), s.tail.as_str(), s.whole), ("sharethis:", "sharethis", true));
        assert!(s.fits(&skeleton("share this :!")) && !s.fits(&skeleton("share this")));
        assert!(Shape::of("%d comments").fits(&skeleton("37 comments.")));
    }

    #[test]
    fn long_lines_are_never_widgets() {
        let s = set(&["%s"]);
        assert_eq!(s.find(&"x".repeat(401)), None);
        assert_eq!(s.find("x"), Some(0));
    }
}
