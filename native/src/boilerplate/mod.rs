//! The `boilerplate` cleaner's decision: the evidence of each line ([`line`]), what the
//! lines of a document say together ([`document`]) and the rules that remove lines
//! ([`rules`]). Python keeps the cleaner's face: its options, the choice of the stop list,
//! the templates' data files and hooks, the corpus model and the opt-in learned model
//! (asked through callbacks), the fixes it returns.
//!
//! A [`Judge`] is made once per pipeline: the compiled templates and a cache of line
//! evidence (menus recur across pages, and the host cleans its own output again), bounded
//! by [`CACHE_LINES`] and emptied when full.

pub mod document;
pub mod line;
pub mod rules;

use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};
use std::sync::{Arc, Mutex};

use crate::features::StopWords;
use crate::pystr::CharOffsets;
pub use line::{fold, Line, Template, Templates};

/// Bound on the cache of line evidence (lines of every stop list together).
pub const CACHE_LINES: usize = 200_000;

/// The sentence-sized lines of a document as a stop list's fit reads them: their words,
/// stop words and characters, and the characters of those that read as sentences (a
/// stop-word density of 0.15 or more).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct FitCounts {
    pub words: usize,
    pub stop_words: usize,
    pub chars: usize,
    pub read: usize,
}

/// One document's non-blank lines, each with its evidence, and where each starts.
pub struct Page {
    pub lines: Vec<Arc<Line>>,
    /// Where each line starts (code points of the text).
    pub starts: Vec<usize>,
    /// The text's length in code points.
    pub total: usize,
}

impl Page {
    pub fn refs(&self) -> Vec<&Line> {
        self.lines.iter().map(|l| l.as_ref()).collect()
    }

    /// The counts of [`FitCounts`] over lines of `sentence_words` words or more.
    pub fn fit_counts(&self, sentence_words: usize) -> FitCounts {
        let mut c = FitCounts::default();
        for l in self.lines.iter().map(|l| &l.f).filter(|f| f.words >= sentence_words) {
            c.words += l.words;
            c.stop_words += l.stop_words;
            c.chars += l.chars;
            if l.stop_density >= 0.15 {
                c.read += l.chars;
            }
        }
        c
    }

    /// The marks of documentation of the lines added up and their underlined titles
    /// (`kinds::evidence`), from the marks each line keeps.
    pub fn doc_evidence(&self) -> (usize, usize) {
        crate::kinds::marked_evidence(self.lines.iter().map(|l| (l.text.as_str(), l.doc_mark)))
    }

    /// [`lines_hash`] of the lines that are not `removed`.
    pub fn kept_hash(&self, removed: &[bool]) -> u64 {
        lines_hash(self.lines.iter().zip(removed).filter(|(_, &r)| !r).map(|(l, _)| l.text.as_str()))
    }

    /// The deletions of the removed lines (see [`rules::deletions`]).
    pub fn deletions(&self, removed: &[bool]) -> Vec<(usize, usize, usize)> {
        let lens: Vec<usize> = self.lines.iter().map(|l| crate::pystr::len(&l.text)).collect();
        rules::deletions(&self.starts, &lens, self.total, removed)
    }
}

/// A hash of a sequence of lines (the same in every process: foldhash with a fixed seed), by
/// which the cleaner recognises its own outputs. (SipHash, the standard hasher, cost four
/// times as much on every version of every page. Its key was fixed and known too, so
/// neither resists a crafted collision, whose only effect is a page left as it is: content
/// kept, never removed.)
pub fn lines_hash<'a>(lines: impl IntoIterator<Item = &'a str>) -> u64 {
    use std::hash::{BuildHasher, Hash, Hasher};
    let mut h = foldhash::quality::FixedState::with_seed(0x7465_7874_636c_6e21).build_hasher();
    for l in lines {
        l.hash(&mut h);
    }
    h.finish()
}

/// `text.split('\n')`, the newlines found by memchr (a page has hundreds of lines).
fn parts(text: &str) -> impl Iterator<Item = &str> {
    let mut start = 0;
    memchr::memchr_iter(b'\n', text.as_bytes()).map(Some).chain(std::iter::once(None)).map(move |nl| {
        let end = nl.unwrap_or(text.len());
        let part = &text[start..end];
        start = end + 1;
        part
    })
}

/// The non-blank lines of `text` (split on `\n` only; a line of whitespace is blank).
pub fn nonblank_lines(text: &str) -> impl Iterator<Item = &str> {
    parts(text).filter(|part| !crate::pystr::is_blank(part))
}

/// The non-blank lines of `text` ([`nonblank_lines`]), where each starts (code points) and
/// the text's length in code points.
pub fn split_lines(text: &str) -> (Vec<&str>, Vec<usize>, usize) {
    let mut offsets = CharOffsets::new(text);
    let (mut lines, mut starts) = (Vec::new(), Vec::new());
    let mut at = 0;
    for part in parts(text) {
        if !crate::pystr::is_blank(part) {
            starts.push(offsets.at(at));
            lines.push(part);
        }
        at += part.len() + 1;
    }
    let total = offsets.at(text.len());
    (lines, starts, total)
}

/// A line of the cache, found by its text (the line holds it: the cache keeps no copy).
#[derive(Clone)]
struct Cached(Arc<Line>);

impl std::borrow::Borrow<str> for Cached {
    fn borrow(&self) -> &str {
        &self.0.text
    }
}

impl PartialEq for Cached {
    fn eq(&self, other: &Self) -> bool {
        self.0.text == other.0.text
    }
}

impl Eq for Cached {}

impl std::hash::Hash for Cached {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        // (as the text hashes: the set is searched with a &str)
        self.0.text.as_str().hash(state)
    }
}

/// The cache of line evidence: for each stop list's name, its lines.
type Cache = HashMap<String, HashSet<Cached>>;

/// The templates and the cache of line evidence of one pipeline.
pub struct Judge {
    pub templates: Templates,
    cache: Mutex<Cache>,
}

impl Judge {
    pub fn new(templates: Templates) -> Self {
        Judge { templates, cache: Mutex::new(HashMap::new()) }
    }

    fn cache(&self) -> std::sync::MutexGuard<'_, Cache> {
        // (a panic while the lock was held left nothing half-done that a reader could see:
        // entries are inserted whole)
        self.cache.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The distinct lines of `lines` whose evidence with the stop list named `list` is not
    /// cached, in order.
    pub fn missing(&self, list: &str, lines: &[&str]) -> Vec<String> {
        let cache = self.cache();
        let known = cache.get(list);
        let mut seen = HashSet::new();
        lines
            .iter()
            .filter(|t| !known.is_some_and(|k| k.contains(**t)) && seen.insert(**t))
            .map(|t| t.to_string())
            .collect()
    }

    /// The page of `text` judged with the stop list `stops` (named `list`; `english`:
    /// the shapes written in English words count), computing the evidence of new lines;
    /// `shares` gives the corpus share of some of them, and `threshold` the share that
    /// counts (0: no corpus model).
    pub fn page(
        &self,
        text: &str,
        list: &str,
        stops: &StopWords,
        english: bool,
        shares: &HashMap<String, f64>,
        threshold: f64,
    ) -> Page {
        let (texts, starts, total) = split_lines(text);
        let mut found: Vec<Option<Arc<Line>>> = {
            let cache = self.cache();
            let known = cache.get(list);
            texts.iter().map(|t| known.and_then(|k| k.get(*t)).map(|c| c.0.clone())).collect()
        };
        let missing = found.iter().filter(|l| l.is_none()).count();
        if missing > 0 {
            // (sized at once: grown line by line, the map was rehashed a few times a page)
            let mut made: HashMap<&str, Arc<Line>> = HashMap::with_capacity(missing);
            let mut buf = Vec::new();
            for (t, slot) in texts.iter().zip(found.iter_mut()) {
                if slot.is_none() {
                    let line = made.entry(t).or_insert_with(|| {
                        let share = shares.get(*t).copied().unwrap_or(0.0);
                        Arc::new(Line::new(
                            t,
                            stops,
                            english,
                            Some(&self.templates),
                            (share, threshold),
                            &mut buf,
                        ))
                    });
                    *slot = Some(line.clone());
                }
            }
            let mut cache = self.cache();
            if cache.values().map(HashSet::len).sum::<usize>() + made.len() > CACHE_LINES {
                cache.clear();
            }
            let known = cache.entry(list.to_string()).or_default();
            known.extend(made.into_values().map(Cached));
        }
        Page { lines: found.into_iter().map(|l| l.expect("every line made")).collect(), starts, total }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::templates::TemplateSet;

    fn judge() -> Judge {
        let folded = vec!["share this:".to_string(), "leave a reply".to_string()];
        let meta = vec![
            Template {
                kind: "share widget".into(),
                shown: "share widget: template 'Share this:'".into(),
                following: false,
                literal: 11,
            },
            Template {
                kind: "comment form (WordPress)".into(),
                shown: "comment form (WordPress): template 'Leave a Reply'".into(),
                following: true,
                literal: 13,
            },
        ];
        Judge::new(Templates { set: TemplateSet::new(&folded).unwrap(), meta })
    }

    fn english() -> StopWords {
        let words = "the of and on a to in that said will is it was for with at by from".split(' ');
        StopWords::new(words.map(|w| w.as_bytes().to_vec()), 1.0, false, true)
    }

    #[test]
    fn parts_are_the_split_on_newlines() {
        for t in ["", "\n", "a", "a\n", "\na\n\nb", "\u{e9}\n\n"] {
            assert_eq!(parts(t).collect::<Vec<_>>(), t.split('\n').collect::<Vec<_>>());
        }
    }

    #[test]
    fn lines_and_offsets() {
        let (lines, starts, total) = split_lines("Home\n\n \u{e9}t\u{e9}\nThe end.\n");
        assert_eq!(lines, vec!["Home", " \u{e9}t\u{e9}", "The end."]);
        assert_eq!(starts, vec![0, 6, 11]);
        assert_eq!(total, 20);
    }

    #[test]
    fn decides_and_settles() {
        let j = judge();
        let text = "Home | News | Sport\n\nTalks resume in Geneva\n\nThe two sides met on Monday and said that the talks would go on until a deal is done.\n\nLeave a Reply\n\nShare this:\n";
        let page = j.page(text, "en", &english(), true, &HashMap::new(), 0.0);
        assert_eq!(page.lines.len(), 5);
        let o = document::Options::default();
        let (reasons, settled) = rules::settle::<()>(&page.refs(), &o, &j.templates, None).unwrap();
        assert!(settled);
        let removed: Vec<bool> = reasons.iter().map(Option::is_some).collect();
        assert_eq!(removed, vec![true, false, false, true, true]);
        assert_eq!(reasons[3], Some(rules::Reason::Template(1)));
        // the removed tail takes the blank line before it
        let d = page.deletions(&removed);
        assert_eq!(d[0], (0, 21, 0));
        let body_end = text.find("done.").unwrap() + 5;
        assert_eq!(d[1], (body_end + 1, text.find("Share").unwrap(), 3));
        assert_eq!(d[2].1, text.len());
        // the cache holds the lines
        assert!(j.missing("en", &["Leave a Reply", "New line"]) == vec!["New line".to_string()]);
    }

    #[test]
    fn the_documentation_evidence_is_that_of_the_lines() {
        let j = judge();
        let text = "Usage\n-----\n\nRun ``tool --help``::\n\n    $ tool --help\n{\n}\nHome\n=====\n\nUsage\n";
        let page = j.page(text, "en", &english(), true, &HashMap::new(), 0.0);
        let (lines, _, _) = split_lines(text);
        assert_eq!(page.doc_evidence(), crate::kinds::evidence(lines));
        assert!(page.doc_evidence().0 >= 3 && page.doc_evidence().1 == 2);
    }

    #[test]
    fn a_paragraph_glued_to_links_is_not_a_line_of_links() {
        // a naive scraper's page: a site menu, then the article as one line that starts with
        // what stood before it (a feed's address, link texts), then more menu
        let j = judge();
        let menu = ["Home", "News", "Sport", "Business", "Travel", "Motoring", "Weather", "Jobs", "Dating"];
        let sentence = "The two sides met on Monday and said that the talks would go on in the city until a deal is done. ";
        let article =
            format!("feed.example.com/2008/01/urn:newsml:x | Read comments | Print {}", sentence.repeat(9));
        let text = format!("{}\n{article}\n{}\n", menu.join("\n"), menu.join("\n"));
        let page = j.page(&text, "en", &english(), true, &HashMap::new(), 0.0);
        let i = menu.len();
        assert!(!page.lines[i].f.prose && page.lines[i].f.separators >= 2 && page.lines[i].running);
        let o = document::Options::default();
        let (reasons, _) = rules::settle::<()>(&page.refs(), &o, &j.templates, None).unwrap();
        assert_eq!(reasons[i], None);
        assert!(reasons[..i].iter().all(Option::is_some), "{reasons:?}");
        // a menu glued into one long line is no paragraph, nor a short line a long one
        let glued = menu.join("").repeat(12);
        let short = format!("Read comments | Print {sentence}");
        for line in [glued.as_str(), short.as_str()] {
            let l = Line::new(line, &english(), true, None, (0.0, 0.0), &mut Vec::new());
            assert!(!l.running, "{line}");
        }
    }

    #[test]
    fn a_blogs_front_page_is_posts_not_comments() {
        // each post followed by the link to its comments: no comment section opens there
        let j = judge();
        let para = "The two sides met on Monday and said that the talks would go on until a deal is done in the city.";
        let mut text = String::new();
        for (k, n) in [6, 5, 9].iter().enumerate() {
            text += &format!("Post number {k}\n{para}\n{para} Again.\n{para} Once more.\n{para} The end.\nComments ({n})\n");
        }
        let page = j.page(&text, "en", &english(), true, &HashMap::new(), 0.0);
        assert!(page.lines.iter().filter(|l| l.heading).count() == 3);
        let o = document::Options::default();
        let (reasons, _) = rules::settle::<()>(&page.refs(), &o, &j.templates, None).unwrap();
        for (line, reason) in page.lines.iter().zip(&reasons) {
            assert!(!line.f.prose || reason.is_none(), "{}: {reason:?}", line.text);
        }
        // the label of each comment of a thread is no link: the thread is a comment section
        let mut thread = format!("{para}\n{para} Again.\n{para} Once more.\n{para} The end.\n");
        for n in [1034545, 1034546, 1034547] {
            thread +=
                &format!("Comment No. {n}\n{para} Yes.\n{para} Quite.\n{para} Indeed so.\n{para} No.\n");
        }
        let page = j.page(&thread, "en", &english(), true, &HashMap::new(), 0.0);
        let (reasons, _) = rules::settle::<()>(&page.refs(), &o, &j.templates, None).unwrap();
        assert!(
            reasons[..4].iter().all(Option::is_none) && reasons[4..].iter().all(Option::is_some),
            "{reasons:?}"
        );
    }

    #[test]
    fn the_comment_section_is_decided_first() {
        let j = judge();
        let para = "The two sides met on Monday and said that the talks would go on until a deal is done in the city.";
        let text = format!("{para}\n{para} Again.\n{para} Once more.\n{para} And more.\n{para} The end.\nLeave a Reply\nGreat article!\nShare this:\n1. A numbered item\n");
        let page = j.page(&text, "en", &english(), true, &HashMap::new(), 0.0);
        let o = document::Options::default();
        let (reasons, _) = rules::settle::<()>(&page.refs(), &o, &j.templates, None).unwrap();
        assert!(reasons[..5].iter().all(Option::is_none));
        // the heading by its template, the lines after it as the comment section, a
        // template line in it by its template
        assert_eq!(reasons[5], Some(rules::Reason::Template(1)));
        let section = rules::Reason::CommentSection { opener: Some(1), signed: false };
        assert_eq!(reasons[6], Some(section.clone()));
        assert_eq!(reasons[7], Some(rules::Reason::Template(0)));
        assert_eq!(reasons[8], Some(section));
    }
}
