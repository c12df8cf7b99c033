//! The evidence about each line on its own: the [`Line`] record, and how it is filled.
//!
//! A `Line` is one distinct line of text (a paragraph, or a block when a scraper wrote one
//! block per line) with everything that is known about it out of context: its measurements
//! ([`LineFeatures`]), its folded key, the widget template it matches, its share of corpus
//! documents (given by the caller: the corpus model stays in Python), the shapes tested
//! once per line ([`crate::evidence::facts`]: the flags, a date stamp, a numbered item, the
//! text before a final ellipsis) and its weight for the article-body search. Where a line
//! stands and whether it goes are in [`super::document`] and [`super::rules`].

use unicode_normalization::{is_nfkc_quick, IsNormalized, UnicodeNormalization};

use crate::evidence::{self, COMMENT_HEADING};
use crate::features::{line_features, LineFeatures, StopWords, HEAD};
use crate::pystr;
use crate::templates::TemplateSet;

/// Characters of literal template text from which a match is trusted anywhere, even inside
/// a paragraph of prose or between two paragraphs of the article (a short generic template
/// such as "Labels: %s" is not).
pub const VERBATIM: usize = 60;

/// Widgets that sit inside an article (a caption, an ad slot, an "Also read:" link) do not
/// end it; the others (comment forms, share rows, footers) are where it ends.
const INLINE: [&str; 3] = ["image caption", "advertisement", "related-links line"];
/// Template kinds that a table cell of their own may hold ("|Back to top |", "| Print |"):
/// links and controls, never a sentence, so the cell's pipes do not make them content.
const CELL_KINDS: [&str; 3] = ["navigation", "related-links line", "share widget"];
const CELL_WORDS: usize = 5;

/// A line folded for matching: NFKC, curly quotes and dashes to ASCII (a soft hyphen
/// dropped), every run of whitespace to one space, lower case, stripped (Python's
/// `features.fold`, whose whitespace and lower case are `str.split` and `str.lower`).
pub fn fold(line: &str) -> String {
    if line.is_ascii() {
        // (Python's whitespace in ASCII: \t \n \v \f \r, the separators \x1c-\x1f, space)
        let ws = |b: u8| matches!(b, b'\t'..=b'\r' | 0x1c..=0x1f | b' ');
        let b = line.as_bytes();
        let (Some(first), Some(last)) = (b.iter().position(|&x| !ws(x)), b.iter().rposition(|&x| !ws(x)))
        else {
            return String::new();
        };
        let inner = &b[first..=last];
        // Most lines have no whitespace but single spaces inside: their key is their bytes in
        // lower case (whole-slice passes, without a decision per byte).
        static DOUBLE: std::sync::OnceLock<memchr::memmem::Finder<'static>> = std::sync::OnceLock::new();
        let double = DOUBLE.get_or_init(|| memchr::memmem::Finder::new(b"  "));
        if !inner.iter().any(|&x| x < b' ') && double.find(inner).is_none() {
            return String::from_utf8(inner.to_ascii_lowercase()).expect("ASCII in, ASCII out");
        }
        // (else one pass over the bytes, runs of whitespace to one space)
        let mut out = Vec::with_capacity(line.len());
        let mut gap = false;
        for &b in line.as_bytes() {
            if matches!(b, b'\t'..=b'\r' | 0x1c..=0x1f | b' ') {
                gap = !out.is_empty();
            } else {
                if gap {
                    out.push(b' ');
                    gap = false;
                }
                out.push(b.to_ascii_lowercase());
            }
        }
        return String::from_utf8(out).expect("ASCII in, ASCII out");
    }
    let mut out = String::with_capacity(line.len());
    // The spaces NFKC makes a plain space become one first (a no-break space in every line
    // of a scraped page would otherwise send it through the normaliser): they are starters
    // that compose with nothing, so NFKC of the rest is unchanged.
    let spaced = || {
        line.chars().map(|c| match c {
            '\u{a0}' | '\u{2000}'..='\u{200a}' | '\u{202f}' | '\u{205f}' | '\u{3000}' => ' ',
            c => c,
        })
    };
    let quote = |c: char| match c {
        '\u{2018}' | '\u{2019}' => '\'',
        '\u{201c}' | '\u{201d}' => '"',
        '\u{2013}' | '\u{2014}' => '-',
        c => c,
    };
    // (a line already in NFKC, the most, is mapped, split into words and lower-cased in one
    // pass, without copies; but for a capital sigma, which lower-cases by what follows it)
    if !line.contains('\u{3a3}') && is_nfkc_quick(spaced()) == IsNormalized::Yes {
        let mut gap = false;
        for c in spaced().filter(|&c| c != '\u{ad}').map(quote) {
            if pystr::is_space(c) {
                gap = !out.is_empty();
            } else {
                if gap {
                    out.push(' ');
                    gap = false;
                }
                if c.is_ascii() {
                    out.push(c.to_ascii_lowercase());
                } else {
                    out.extend(c.to_lowercase());
                }
            }
        }
        return out;
    }
    let quoted: String = if is_nfkc_quick(spaced()) == IsNormalized::Yes {
        spaced().filter(|&c| c != '\u{ad}').map(quote).collect()
    } else {
        let norm: String = spaced().nfkc().collect();
        norm.chars().filter(|&c| c != '\u{ad}').map(quote).collect()
    };
    push_words(&quoted, &mut out);
    out.to_lowercase()
}

fn push_words(s: &str, out: &mut String) {
    for (k, w) in pystr::split(s).enumerate() {
        if k > 0 {
            out.push(' ');
        }
        out.push_str(w);
    }
}

/// What the cleaner knows of one template besides its pattern: its kind (the reason as
/// written in the data file), the reason a removal gives, whether it also opens what
/// follows, and its characters of literal text.
#[derive(Debug, Clone)]
pub struct Template {
    pub kind: String,
    pub shown: String,
    pub following: bool,
    pub literal: usize,
}

impl Template {
    pub fn kind_is(&self, kinds: &[&str]) -> bool {
        kinds.iter().any(|k| self.kind.starts_with(k))
    }
}

/// The compiled templates and what is known of each.
pub struct Templates {
    pub set: TemplateSet,
    pub meta: Vec<Template>,
}

impl Templates {
    /// The template of a folded line, and the one of a line that is only table cells
    /// (`||Back to top ||`, as scrapers flatten a layout table) when that is a short
    /// navigation, link or share control (other templates inside cells stay unmatched: a
    /// cell can hold anything).
    pub fn find(&self, key: &str) -> Option<usize> {
        if let Some(t) = self.set.find(key) {
            return Some(t);
        }
        if !(key.starts_with('|') && key.ends_with('|')) {
            return None;
        }
        let inner = key.replace('|', " ");
        let mut folded = String::new();
        push_words(&inner, &mut folded);
        let t = self.set.find(&folded)?;
        let words = folded.matches(' ').count();
        (CELL_KINDS.contains(&self.meta[t].kind.as_str()) && words < CELL_WORDS).then_some(t)
    }
}

/// Whether a line reads like a sentence, if not quite like prose (a standfirst, a
/// dateline): six or more words, some function words, mostly letters, not menu-like.
pub fn sentence_like(f: &LineFeatures) -> bool {
    f.words >= 6 && f.stop_density >= 0.15 && f.letters >= 0.7 && !f.menu_like
}

thread_local! {
    /// The characters of the line being read for marks of documentation (`kinds::doc_mark`),
    /// kept from line to line: a line with a bracket or a slash, many of a page, would
    /// otherwise allocate and grow a buffer of its own.
    static MARK_BUF: std::cell::RefCell<Vec<char>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// One distinct line and the evidence about it that does not depend on its context.
#[derive(Debug, Clone)]
pub struct Line {
    pub text: String,
    /// The line folded ([`fold`]): equal keys are the same line.
    pub key: String,
    pub f: LineFeatures,
    /// The widget template it matches (an index into [`Templates::meta`]).
    pub template: Option<usize>,
    /// Share of corpus documents it recurs in, when enough to count.
    pub corpus: f64,
    /// A date/time or "posted by" line.
    pub stamp: bool,
    /// An item of a numbered list ("1. Preheat the oven").
    pub numbered: bool,
    /// Opens a comment section (or what a "following" template names).
    pub heading: bool,
    /// Shapes tested once per line (`evidence::NO_ALNUM` ...).
    pub flags: u32,
    /// The bytes of `key` before a final ellipsis (see `document::truncated_copies`).
    pub stem: Option<usize>,
    /// No template, corpus share or flag: only position can remove it.
    pub plain: bool,
    /// Weight in the search for the article body.
    pub weight: f64,
    /// Short (three words or fewer), no sentence end.
    pub nav: bool,
    /// An item of a site menu: see [`Line::new`].
    pub menu_item: bool,
    /// Headline-like (3-14 words, capitalised, no sentence end): see `document::teaser_runs`.
    pub teaser: bool,
    /// Running text that its first [`HEAD`] characters do not show: see [`running_text`].
    pub running: bool,
    /// Its marks of documentation (`kinds::doc_mark`): kept with the line, which recurs
    /// across pages, for the document's evidence ([`super::Page::doc_evidence`]).
    pub doc_mark: usize,
}

/// Whether `text`, a line whose first [`HEAD`] characters are not prose, is a paragraph of
/// running text all the same: longer than that, and prose in the [`HEAD`] characters after
/// them, with 25 words or more. A naive scraper glues what stood before a paragraph onto it
/// (a feed's metadata, "Read comments", a byline), and a long paragraph counts separators
/// and addresses that a menu would have in a line of its own; judged by its head alone, the
/// article was removed as a line of links.
fn running_text(text: &str, stops: &StopWords, buf: &mut Vec<u8>) -> bool {
    let strip = pystr::strip(text);
    if pystr::len(strip) <= HEAD {
        return false;
    }
    let from = pystr::byte_of_char(strip, HEAD);
    let rest = &strip[from..];
    let window = &rest[..pystr::byte_of_char(rest, HEAD)];
    let w = line_features(window, stops, buf);
    w.prose && w.words >= 25
}

impl Line {
    /// The evidence of `text` (not blank) with the stop list `stops` (`english`: the
    /// shapes written with English words count), the templates (None: none) and its
    /// corpus share (`corpus`, with the share a line must reach, `threshold`; 0: no model).
    pub fn new(
        text: &str,
        stops: &StopWords,
        english: bool,
        templates: Option<&Templates>,
        corpus: (f64, f64),
        buf: &mut Vec<u8>,
    ) -> Line {
        let key = fold(text);
        let f = line_features(text, stops, buf);
        let facts = evidence::facts(text, &key, &f, english);
        let mut template = templates.and_then(|t| t.find(&key).map(|i| (i, &t.meta[i])));
        if let Some((_, t)) = template {
            if f.prose
                && f.words >= 12
                && (t.literal as f64) < 0.5 * f.chars as f64
                && t.literal < VERBATIM
                && !t.kind_is(&["image caption", "teaser link"])
            {
                template = None; // a real sentence that happens to start like a widget
            }
        }
        let (share, threshold) = corpus;
        // a recurring sentence of prose needs twice the evidence of a recurring menu item
        let corpus =
            if threshold > 0.0 && share >= threshold * if f.prose { 2.0 } else { 1.0 } { share } else { 0.0 };
        let flags = facts.flags;
        let running = !f.prose && running_text(text, stops, buf);
        let heading = template.is_some_and(|(_, t)| t.following) || flags & COMMENT_HEADING != 0;
        let stem = facts.stem.map(|n| pystr::byte_of_char(&key, n));
        let inline = template.map(|(_, t)| t.kind_is(&INLINE));
        let weight = match inline {
            Some(true) => -40.0,
            Some(false) => -200.0,
            None if corpus != 0.0 || facts.stamp => -200.0,
            None if f.prose || running => f.chars as f64,
            None if sentence_like(&f) => 0.3 * f.chars as f64,
            None => -(25.0f64.max(0.6 * f.chars as f64)),
        };
        let nav = !f.prose && !f.terminal && f.words <= 3;
        // an item of a site menu: one to three words, all capitalised, no sentence end, not
        // numbered, not continued by a comma ("World News", "Sport"; not "General dentistry",
        // "2 bay leaves" or "Judge Landau," in a list of names running over several lines)
        let menu_item = (1..=3).contains(&f.words)
            && f.capitalised == f.words
            && !f.terminal
            && !facts.numbered
            && !text.trim_end_matches(pystr::is_space).ends_with(',');
        let teaser = !f.prose
            && !f.terminal
            && (3..=14).contains(&f.words)
            && text.trim_start_matches(pystr::is_space).chars().next().is_some_and(char::is_uppercase);
        Line {
            text: text.to_string(),
            key,
            f,
            template: template.map(|(i, _)| i),
            corpus,
            stamp: facts.stamp,
            numbered: facts.numbered,
            heading,
            flags,
            stem,
            plain: template.is_none() && corpus == 0.0 && flags == 0,
            weight,
            nav,
            menu_item,
            teaser,
            running,
            doc_mark: MARK_BUF.with_borrow_mut(|buf| crate::kinds::doc_mark(text, buf)),
        }
    }

    /// The words of three or more letters of the folded line (for the headline).
    pub fn headline_words(&self) -> Vec<&str> {
        self.headline_word_iter().collect()
    }

    /// [`Line::headline_words`] one by one (the headline reads long paragraphs this way
    /// without a vector per line).
    pub fn headline_word_iter(&self) -> Box<dyn Iterator<Item = &str> + '_> {
        let key = self.key.as_str();
        if key.is_ascii() {
            // (the same words, without decoding: runs of ASCII letters, read byte by byte)
            let b = key.as_bytes();
            let mut i = 0;
            return Box::new(std::iter::from_fn(move || loop {
                while i < b.len() && !b[i].is_ascii_alphabetic() {
                    i += 1;
                }
                if i == b.len() {
                    return None;
                }
                let start = i;
                while i < b.len() && b[i].is_ascii_alphabetic() {
                    i += 1;
                }
                if i - start >= 3 {
                    return Some(&key[start..i]);
                }
            }));
        }
        let mut start = None;
        Box::new(key.char_indices().chain(std::iter::once((key.len(), ' '))).filter_map(move |(i, c)| {
            if is_letter(c) {
                start.get_or_insert(i);
                None
            } else {
                let s = start.take()?;
                (pystr::len(&key[s..i]) >= 3).then(|| &key[s..i])
            }
        }))
    }
}

/// A character of Python's `[^\W\d_]`: a letter or a number that is not a decimal digit.
fn is_letter(c: char) -> bool {
    crate::uclass::class!(letter, r"[\p{L}\p{Nl}\p{No}]");
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    letter(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn english() -> StopWords {
        StopWords::new(
            ["the", "of", "and", "on", "a", "to", "in", "that", "said"].map(|w| w.as_bytes().to_vec()),
            1.0,
            false,
            true,
        )
    }

    #[test]
    fn folding() {
        assert_eq!(
            fold("You are commenting\u{a0}using  your \u{2018}X\u{2019} account. Log\u{a0}Out"),
            "you are commenting using your 'x' account. log out"
        );
        assert_eq!(fold("  A\u{a0} \u{201c}B\u{201d} "), "a \"b\"");
        assert_eq!(fold("\u{fb01}ne \u{2013} co\u{ad}operation"), "fine - cooperation");
        assert_eq!(fold(""), "");
        // ASCII lines, with and without runs of whitespace: the words in lower case, joined
        // by one space (a fixed pseudo-random sample)
        let pieces =
            ["A", "b", "Zz", ".", " ", "  ", "\t", "\x0b", "\x1c", "\x1f", "\x7f", "\x01", "\r\n", "'"];
        let mut lcg = crate::testrng::Lcg::new(19);
        for _ in 0..20000 {
            let line = lcg.text(&pieces, 60, 0);
            let want = pystr::split(&line).collect::<Vec<_>>().join(" ").to_lowercase();
            assert_eq!(fold(&line), want, "{line:?}");
        }
        // and lines of other scripts, cases, spaces and quotes: NFKC, the quotes mapped, the
        // words joined by one space, lower-cased
        let pieces = [
            "\u{c9}t\u{c9}",
            "\u{3a3}",
            "\u{3a3}\u{3a3}",
            "\u{391}",
            "x",
            " ",
            "\u{a0}",
            "\u{3000}",
            "\u{2009}",
            "\u{ad}",
            "\u{2019}",
            "\u{201c}",
            "\u{2014}",
            "\u{130}",
            "\u{fb01}",
            "e\u{301}",
            "\u{1e9e}",
            "\u{85}",
            "\u{2028}",
            "\u{1c}",
            ".",
        ];
        for _ in 0..20000 {
            let line = lcg.text(&pieces, 60, 0);
            let norm: String = line
                .nfkc()
                .filter(|&c| c != '\u{ad}')
                .map(|c| match c {
                    '\u{2018}' | '\u{2019}' => '\'',
                    '\u{201c}' | '\u{201d}' => '"',
                    '\u{2013}' | '\u{2014}' => '-',
                    c => c,
                })
                .collect();
            let want = pystr::split(&norm).collect::<Vec<_>>().join(" ").to_lowercase();
            assert_eq!(fold(&line), want, "{line:?}");
        }
    }

    #[test]
    fn menu_items_and_weights() {
        let s = english();
        let mut b = Vec::new();
        let l = Line::new("World News", &s, true, None, (0.0, 0.0), &mut b);
        assert!(l.menu_item && l.nav && !l.teaser);
        assert_eq!(l.weight, -25.0);
        let l = Line::new("May 3, 2008 4:49 PM", &s, true, None, (0.0, 0.0), &mut b);
        assert!(l.stamp && l.menu_item);
        assert_eq!(l.weight, -200.0);
        let l = Line::new("Judge Landau,", &s, true, None, (0.0, 0.0), &mut b);
        assert!(!l.menu_item);
        let p = "The mayor said on Friday that the bridge will reopen in May.";
        let l = Line::new(p, &s, true, None, (0.0, 0.0), &mut b);
        assert!(l.f.prose && l.plain);
        assert_eq!(l.weight, p.len() as f64);
        // a share below twice the threshold does not make prose a corpus line
        assert_eq!(Line::new(p, &s, true, None, (0.3, 0.2), &mut b).corpus, 0.0);
        assert_eq!(Line::new("Sport", &s, true, None, (0.3, 0.2), &mut b).corpus, 0.3);
    }

    #[test]
    fn headline_words() {
        let l = Line::new(
            "Talks in Geneva: 3rd round, x² résumé",
            &english(),
            true,
            None,
            (0.0, 0.0),
            &mut Vec::new(),
        );
        assert_eq!(l.headline_words(), vec!["talks", "geneva", "round", "résumé"]);
        let l = Line::new(
            "Talks in Geneva: 3rd round, x2 co-op's",
            &english(),
            true,
            None,
            (0.0, 0.0),
            &mut Vec::new(),
        );
        assert_eq!(l.headline_words(), vec!["talks", "geneva", "round"]);
        // ASCII keys: the runs of three letters or more, as a split on other bytes finds them
        for key in ["", "ab", "abc", "a1bcd-efg", "  the end.", "x.yz wxyz", "talks-in-geneva!!"] {
            let l = Line::new(key, &english(), true, None, (0.0, 0.0), &mut Vec::new());
            let want: Vec<&str> =
                l.key.split(|c: char| !c.is_ascii_alphabetic()).filter(|w| w.len() >= 3).collect();
            assert_eq!(l.headline_words(), want, "{key:?}");
        }
    }
}
