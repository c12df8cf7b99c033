//! The rules of the `boilerplate` cleaner: what removes a line, and what keeps it, in order;
//! and the decision that applies them until nothing more goes.
//!
//! [`rule`] reads as the cleaner's policy, from top to bottom; the first rule that holds
//! for a line decides (a reason removes the line, a keep keeps it), and a line that no
//! rule decides is kept -- **when in doubt, keep**:
//!
//! 1. the **comment section** after the article goes, all of it;
//! 2. **positive evidence** counts anywhere: a widget template, corpus recurrence, a line
//!    repeated just above, a line without letters, a menu row, markup residue, a shop's
//!    price lines, a truncated copy of another paragraph;
//! 3. without an article body nothing else can be said: keep (and so is a line that is
//!    prose in the language the host named, where another list judges the document);
//! 4. **inside the body**, only a related-links list or a caption goes;
//! 5. outside the body, **position** counts only on a raw page (see
//!    [`super::document::page_shape`]): the headline, standfirsts and numbered items stay;
//!    prose goes only as a teaser after the article's end (or when `keep_unsure_prose` is
//!    off); date stamps go, and so does what is shaped like furniture.
//!
//! Decisions depend on context (the article body, the share of short lines), which
//! changes once lines go; [`settle`] decides again on what is left until nothing more goes,
//! which makes the cleaner idempotent: its own output is a fixed point.

use super::document::{body_span, Document, Options};
use super::line::{sentence_like, Line, Templates, VERBATIM};
use crate::evidence::{LINK_ROW, MARKUP, MEDIA_CAPTION, MENU_ROW, NO_ALNUM, PRICE_LINE};

/// Price lines that make a document a shop listing.
pub const SHOP_LINES: usize = 3;
/// Upper bound on decide-again rounds (two or three are the rule).
pub const MAX_ROUNDS: usize = 8;

/// Template kinds that stand even between two prose lines inside the body (a generic
/// one-word heading like "Discussion" between prose is more likely an article subheading).
const STRONG: [&str; 9] = [
    "image caption",
    "advertisement",
    "related-links line",
    "teaser link",
    "comment form",
    "comment system",
    "cookie notice",
    "plugin template",
    "user template",
];
/// Template kinds that stand in documentation too, where the line is mostly their text.
const DOC_STRONG: [&str; 6] =
    ["comment form", "comment system", "cookie notice", "share widget", "plugin template", "user template"];

/// Why a line goes (the words are written by [`Reason::text`]; some need the line's text
/// or its template's).
#[derive(Debug, Clone, PartialEq)]
pub enum Reason {
    /// A fixed sentence.
    Fixed(&'static str),
    /// The line's widget template (its `shown` reason).
    Template(usize),
    /// Inside the comment section, opened by a heading template (its kind), a heading
    /// without one (None) or signatures.
    CommentSection { opener: Option<usize>, signed: bool },
    /// The heading that opens the comment section (its text, shown).
    CommentHeading,
    /// The first signature of a comment section without a heading.
    CommentSignature,
    /// The line recurs in this share of the corpus documents.
    Corpus(f64),
    /// One of this many price lines of a shop listing.
    Shop(usize),
    /// Outside the body on a raw page: `leading` (before it) or trailing, and why.
    Where { leading: bool, what: &'static str },
    /// Furniture outside the body: `leading`, and its strongest feature (a run's length).
    Furniture { leading: bool, what: &'static str, run: usize },
    /// The learned line model's reason (written in Python).
    Model(String),
}

/// How a [`Reason`] that needs Python's formatting is written: the caller's `repr` of a
/// string and its `{:.0%}` of a share.
pub trait Writer {
    fn repr(&mut self, s: &str) -> String;
    fn percent(&mut self, share: f64) -> String;
}

impl Reason {
    /// The reason as the edit gives it, for line `line` with the `templates`.
    pub fn text(&self, line: &Line, templates: &Templates, w: &mut dyn Writer) -> String {
        match self {
            Reason::Fixed(s) => s.to_string(),
            Reason::Template(t) => templates.meta[*t].shown.clone(),
            Reason::CommentSection { signed: true, .. } => {
                "comment section after comment signatures ('posted by ... date')".into()
            }
            Reason::CommentSection { opener: Some(t), .. } => {
                format!("comment section after {}", templates.meta[*t].kind)
            }
            Reason::CommentSection { opener: None, .. } => {
                "comment section after comment-section heading".into()
            }
            Reason::CommentHeading => format!("comment-section heading: {}", w.repr(head(&line.text))),
            Reason::CommentSignature => format!("comment signature: {}", w.repr(head(&line.text))),
            Reason::Corpus(s) => format!("corpus: recurs in {} of documents", w.percent(*s)),
            Reason::Shop(n) => format!("shop listing: one of {n} price lines"),
            Reason::Where { leading, what } => {
                format!("{}{what}", if *leading { "leading " } else { "trailing " })
            }
            Reason::Furniture { leading, what, run } => {
                let lead =
                    if *leading { "leading menu before article: " } else { "trailing run after article: " };
                if what.is_empty() {
                    format!("{lead}in a run of {run} lines that are not sentences")
                } else {
                    format!("{lead}{what}")
                }
            }
            Reason::Model(s) => s.clone(),
        }
    }
}

/// The first 40 characters of the stripped text (what a heading's reason shows).
fn head(text: &str) -> &str {
    let s = crate::pystr::strip(text);
    &s[..crate::pystr::byte_of_char(s, 40)]
}

/// The line matches a widget template, and the match is trusted where it stands: a
/// generic template (a one-word heading such as "Discussion") between two prose lines
/// inside the body is more likely a subheading; a widget spelt out at length ("Only
/// subscribers are eligible to post comments. Please subscribe or login...") is that
/// widget wherever it stands.
fn template_stands(d: &Document, i: usize, line: &Line, templates: &Templates) -> bool {
    let Some(t) = line.template.map(|t| &templates.meta[t]) else { return false };
    let chars = line.f.chars as f64;
    let verbatim = t.literal >= VERBATIM && t.literal as f64 >= 0.7 * chars;
    if d.o.documentation {
        // documentation: a licence notice is content, and a short generic template ("Tags:
        // %s", "Read more") is a heading or a sentence of the manual; a widget spelt out
        // stays
        return verbatim || (t.kind_is(&DOC_STRONG) && t.literal as f64 >= 0.7 * chars);
    }
    let generic = !t.kind_is(&STRONG) && !verbatim;
    if !generic || !d.in_body(i) {
        return true;
    }
    let l = &d.lines;
    !(0 < i && i + 1 < d.n && l[i - 1].f.prose && l[i + 1].f.prose)
}

/// Why a line outside the body is furniture, in the words of its strongest feature, or
/// None when it is not shaped like furniture.
fn furniture(d: &Document, i: usize, line: &Line) -> Option<Reason> {
    let f = &line.f;
    let run = d.run_len[i];
    if !(f.words <= 3 || f.menu_like || f.separators >= 2 || f.urls > 0 || run >= 3) {
        return None;
    }
    let what = if f.separators >= 2 || f.urls > 0 {
        "link-like"
    } else if f.menu_like {
        "menu-like, capitalised, no stop words"
    } else if f.words <= 3 {
        "short, no sentence"
    } else if f.stop_words == 0 {
        "no stop words"
    } else if f.prose {
        "prose outside the article body"
    } else if run >= 3 {
        "" // (the run's length is written)
    } else {
        "not a sentence"
    };
    Some(Reason::Furniture { leading: i < d.a, what, run })
}

/// The rule that decides line `i`: `Some(reason)` removes it, None keeps it (a rule that
/// keeps, or no rule at all).
pub fn rule(d: &Document, i: usize, templates: &Templates) -> Option<Reason> {
    let line = d.lines[i];
    let o = d.o;
    let f = &line.f;
    // 1. the comment section
    if let Some(c) = d.comments_from {
        if i > c {
            return Some(match line.template {
                Some(t) => Reason::Template(t),
                None => Reason::CommentSection { opener: d.comments_template, signed: d.comments_signed },
            });
        }
        if i == c && !d.comments_signed && d.comments_template.is_none() {
            return Some(Reason::CommentHeading);
        }
        if i == c && d.comments_signed {
            return Some(Reason::CommentSignature);
        }
    }
    // 2. positive evidence, anywhere
    if template_stands(d, i, line, templates) {
        return line.template.map(Reason::Template);
    }
    if line.corpus != 0.0 {
        return Some(Reason::Corpus(line.corpus));
    }
    if d.repeats.contains(&i) {
        return Some(Reason::Fixed("repeats a line just above"));
    }
    if !o.documentation {
        if line.flags & NO_ALNUM != 0 {
            return Some(Reason::Fixed("no letters or digits: separator or table rule"));
        }
        if line.flags & MENU_ROW != 0 {
            return Some(Reason::Fixed("menu row: short capitalised items between separators"));
        }
        if line.flags & LINK_ROW != 0 {
            return Some(Reason::Fixed("link row: six or more short items between separators"));
        }
        if line.flags & MARKUP != 0 {
            return Some(Reason::Fixed("markup residue: a line of tags or wiki markup only"));
        }
    }
    if d.shop >= SHOP_LINES && line.flags & PRICE_LINE != 0 {
        return Some(Reason::Shop(d.shop));
    }
    if d.snippets.as_ref().is_some_and(|s| s.contains(&i)) {
        return Some(Reason::Fixed("truncated copy of a paragraph of the document (teaser)"));
    }
    // 3. no body: position says nothing
    if d.span.is_none() || o.named_prose.contains(&line.text) {
        return None;
    }
    // 4. inside the body
    if d.in_body(i) {
        if d.teaser.as_ref().is_some_and(|t| t[i]) && !d.listed[i] {
            return Some(Reason::Fixed("related-links list inside the page: run of headline-like lines"));
        }
        if line.flags & MEDIA_CAPTION != 0 && !o.keep_captions {
            return Some(Reason::Fixed("image caption: short line naming a map/photo"));
        }
        return None;
    }
    // 5. outside the body: position, on a raw page only
    if !d.by_position || d.head == Some(i) {
        return None;
    }
    let leading = i < d.a;
    if d.listed[i] {
        // an item of a list a sentence introduces: position alone does not remove it
        return None;
    }
    if line.running {
        // a paragraph whose head a scraper spoilt (see `line::running_text`): position alone
        // does not remove it, wherever the body was found
        return None;
    }
    if f.prose {
        if o.trail_prose && i >= d.z1 {
            return Some(Reason::Fixed(
                "trailing run after article: teaser paragraph after the article's end",
            ));
        }
        if !o.keep_unsure_prose {
            return Some(Reason::Where { leading, what: "prose outside the article body" });
        }
        return None;
    }
    if line.stamp {
        return Some(Reason::Where { leading, what: "metadata line: date/time or 'posted by'" });
    }
    let standfirst = leading && d.head.is_some_and(|h| i > h) && sentence_like(f);
    if standfirst || (o.keep_numbered && line.numbered) {
        return None;
    }
    furniture(d, i, line)
}

/// The reason to remove each line (None: keep): the first rule that holds decides.
pub fn decide(lines: Vec<&Line>, o: &Options, templates: &Templates) -> Vec<Option<Reason>> {
    let d = Document::new(lines, o);
    if !d.has_evidence() {
        return vec![None; d.n]; // no rule can remove a line: nothing to decide
    }
    (0..d.n).map(|i| rule(&d, i, templates)).collect()
}

/// The learned line model as [`settle`] asks it: the indices of the lines the rules keep
/// and the body span among them, answered with a reason (or None) for each of them.
pub type Model<'m, E> = &'m mut dyn FnMut(&[usize], Option<(usize, usize)>) -> Result<Vec<Option<String>>, E>;

/// The reason to remove each line (None: keep), deciding again on what is left until
/// nothing more goes (at most [`MAX_ROUNDS`] rounds), and whether that point was reached.
///
/// `model` (the opt-in learned line model) speaks last: it is asked about the lines the
/// rules keep (their indices, and the body span among them when option `structure` is on)
/// once the rules have nothing more to decide; the rules then decide again on what is left.
pub fn settle<E>(
    lines: &[&Line],
    o: &Options,
    templates: &Templates,
    mut model: Option<Model<'_, E>>,
) -> Result<(Vec<Option<Reason>>, bool), E> {
    let mut fin: Vec<Option<Reason>> = vec![None; lines.len()];
    let mut active: Vec<usize> = (0..lines.len()).collect();
    for _ in 0..MAX_ROUNDS {
        let here: Vec<&Line> = active.iter().map(|&i| lines[i]).collect();
        let mut reasons = decide(here.clone(), o, templates);
        if reasons.iter().all(Option::is_none) {
            if let Some(m) = model.as_mut() {
                let span = if o.structure { body_span(&here) } else { None };
                reasons = m(&active, span)?
                    .into_iter()
                    .map(|r| r.filter(|s| !s.is_empty()).map(Reason::Model))
                    .collect();
            }
        }
        if reasons.iter().all(Option::is_none) {
            return Ok((fin, true));
        }
        let mut left = Vec::new();
        for (i, r) in active.into_iter().zip(reasons) {
            match r {
                Some(r) => fin[i] = Some(r),
                None => left.push(i),
            }
        }
        active = left;
        if active.is_empty() {
            break;
        }
    }
    Ok((fin, false))
}

/// One deletion per removed line, `(start, end, line)` in code points of the text: a line
/// goes with the blank lines after it; a removed tail takes the blank lines before it too.
/// `starts` are where the lines start, `lens` their lengths, `total` the text's length.
pub fn deletions(
    starts: &[usize],
    lens: &[usize],
    total: usize,
    removed: &[bool],
) -> Vec<(usize, usize, usize)> {
    let n = removed.len();
    let last_kept = (0..n).rev().find(|&i| !removed[i]);
    let mut out = Vec::new();
    for i in (0..n).filter(|&i| removed[i]) {
        let end = if i + 1 < n { starts[i + 1] } else { total };
        let mut start = starts[i];
        if last_kept.is_none_or(|k| i > k) && i > 0 && !removed[i - 1] {
            // the tail goes: take the blank lines before it too (from the end of the line
            // before, whose newline stays)
            start = start.min(starts[i - 1] + lens[i - 1] + 1);
        }
        out.push((start, end, i));
    }
    out
}
