//! What the lines of one document say together: the [`Document`] record.
//!
//! Where the article body is (the run of lines that maximises prose against furniture),
//! which line is its headline, where a comment section starts, whether the text is a *raw
//! page* on which position counts, which lines repeat or are truncated copies of others,
//! which runs of lines look like a related-links list. [`super::rules`] reads it; nothing
//! here decides.

use std::collections::BTreeSet;

use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};
use std::sync::OnceLock;

use regex::Regex;

use super::line::{sentence_like, Line};
use crate::evidence::{PRICE_LINE, SIGNED};

/// A comment heading that names comments may follow a short article; a vaguer one
/// ("Discussion", "Have your say") must come after most of the prose, or it is a subheading.
const COMMENTS_AFTER: usize = 400; // least characters of prose before a comment section
const NAMED_SHARE: f64 = 0.15; // least share of the prose before it (heading naming comments)
const VAGUE_SHARE: f64 = 0.3; // (a vaguer heading)

fn names_comments(text: &str) -> bool {
    static R: OnceLock<Regex> = OnceLock::new();
    let r = R.get_or_init(|| {
        Regex::new(r"(?i)\bcomments?\b|\brepl(?:y|ies)\b|\bresponses?\b").expect("a valid regex")
    });
    r.is_match(&text.replace(['\u{130}', '\u{131}'], "i"))
}

/// The options of the cleaner that the document and the rules read (see the Python
/// `OPTIONS` for their meaning), and what the cleaner found of the document as a whole.
#[derive(Debug, Clone)]
pub struct Options {
    pub structure: bool,
    pub keep_unsure_prose: bool,
    pub trail_prose: bool,
    pub keep_numbered: bool,
    pub page_nav_share: f64,
    pub menu_run: f64,
    pub outside_prose: f64,
    pub max_posts: f64,
    /// The document is documentation: only templates spelt out remove a line.
    pub documentation: bool,
    /// The lines' stop-word evidence is in the document's language (without it there is no
    /// prose evidence, so no article body).
    pub prose_evidence: bool,
    /// Lines that are prose in the language the host named (another list judges them).
    pub named_prose: HashSet<String>,
    /// Keep image captions and photo credits (the short lines naming a photo inside the body).
    pub keep_captions: bool,
    /// The lines are an HTML page's text blocks as its markup wrote them (format "html"): a
    /// paragraph printed twice is the page's text twice, not a seam of a scraper.
    pub markup: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            structure: true,
            keep_unsure_prose: true,
            trail_prose: true,
            keep_numbered: true,
            page_nav_share: 0.3,
            menu_run: 5.0,
            outside_prose: 1.0,
            max_posts: 3.0,
            documentation: false,
            prose_evidence: true,
            named_prose: HashSet::new(),
            keep_captions: false,
            markup: false,
        }
    }
}

/// The run of lines maximising the summed weight (Kadane); None when nothing is prose.
pub fn body_span(lines: &[&Line]) -> Option<(usize, usize)> {
    let (mut best, mut best_span) = (0.0, None);
    let (mut run, mut run_start) = (0.0, 0);
    for (i, line) in lines.iter().enumerate() {
        let w = line.weight;
        if run <= 0.0 {
            (run, run_start) = (w, i);
        } else {
            run += w;
        }
        if run > best {
            (best, best_span) = (run, Some((run_start, i)));
        }
    }
    best_span
}

/// Index of the headline among the few lines before the body start `a`: the line of 2-30
/// words sharing most words with the first paragraphs of the body, if enough.
pub fn headline(lines: &[&Line], a: usize) -> Option<usize> {
    // The candidates' words first: of the body's words (long paragraphs) only those are
    // looked up, and none when there is no candidate.
    let candidates: Vec<(usize, Vec<&str>)> = (a.saturating_sub(8)..a)
        .rev()
        .filter(|&i| {
            let (line, f) = (lines[i], &lines[i].f);
            !(line.template.is_some() || f.menu_like || !(2..=30).contains(&f.words) || f.letters < 0.6)
        })
        .map(|i| (i, lines[i].headline_words()))
        .filter(|(_, words)| !words.is_empty())
        .collect();
    if candidates.is_empty() {
        return None;
    }
    let wanted: HashSet<&str> = candidates.iter().flat_map(|(_, words)| words.iter().copied()).collect();
    // (a body word is looked up only when its first and last byte and length are those of a
    // wanted word: the paragraphs' hundreds of words, mostly not wanted, are not hashed)
    let shape = |w: &str| {
        let b = w.as_bytes();
        ((usize::from(b[0]) * 31) ^ (usize::from(b[b.len() - 1]) * 131) ^ (b.len() * 1009)) % 256
    };
    let mut shapes = [0u64; 4];
    for w in &wanted {
        shapes[shape(w) / 64] |= 1 << (shape(w) % 64);
    }
    let body: HashSet<&str> = lines[a..(a + 6).min(lines.len())]
        .iter()
        .flat_map(|l| l.headline_word_iter())
        .filter(|w| shapes[shape(w) / 64] & (1 << (shape(w) % 64)) != 0 && wanted.contains(w))
        .collect();
    let (mut best, mut best_i) = (0.0, None);
    for (i, words) in candidates {
        let f = &lines[i].f;
        let overlap = words.iter().filter(|w| body.contains(*w)).count() as f64 / words.len() as f64;
        let score = overlap + 0.3 * f64::from(u8::from(f.words >= 4)) - 0.05 * (a - 1 - i) as f64;
        if score > best {
            (best, best_i) = (score, Some(i));
        }
    }
    if best >= 0.35 {
        best_i
    } else {
        None
    }
}

/// Where the comments after the article start, if they do: `(index, template, signed)`.
///
/// A comment heading at or after the body start `a` opens them once enough of the
/// document's prose (`prose`: characters per line) stands before it (`template`: the
/// heading's template, if it has one); without a heading, a run of two or more comment
/// signatures ("Posted by: Ann | Jan 10, 2008 4:49 PM") after the body start does.
pub fn comment_section(lines: &[&Line], a: usize, prose: &[usize]) -> (Option<usize>, Option<usize>, bool) {
    let total: usize = prose.iter().sum();
    let links = post_links(lines, a, prose);
    let mut before = 0;
    let mut j = 0;
    for (i, line) in lines.iter().enumerate().skip(a) {
        if !line.heading || links.contains(&i) {
            continue;
        }
        before += prose[j..i].iter().sum::<usize>();
        j = i;
        let share = if names_comments(&line.text) { NAMED_SHARE } else { VAGUE_SHARE };
        if before as f64 >= (COMMENTS_AFTER as f64).max(share * total as f64) {
            return (Some(i), line.template, false);
        }
    }
    let signed: Vec<usize> = (a + 1..lines.len()).filter(|&i| lines[i].flags & SIGNED != 0).collect();
    if signed.len() >= 2
        && prose[..signed[0]].iter().sum::<usize>() as f64
            >= (COMMENTS_AFTER as f64).max(NAMED_SHARE * total as f64)
    {
        return (Some(signed[0]), None, true);
    }
    (None, None, false)
}

/// The shape of a comment heading, to tell the same link repeated: its folded text without
/// digits, the first 16 characters ("view/add comments (6) | category: x" and "(9) |
/// category: y" are one shape, "3 comments" and "leave a reply" two).
fn heading_shape(line: &Line) -> String {
    line.key.chars().filter(|c| !c.is_ascii_digit()).take(16).collect()
}

/// The comment headings at or after `a` that are links of a list of posts, not the opening of
/// a comment section: a link to a post's comments ("Comments (6)", "3 comments", "Leave a
/// comment"; not the label of one comment of a thread, "Comment No. 1034545") of one shape
/// ([`heading_shape`]) that recurs with a paragraph's worth of prose (`COMMENTS_AFTER`
/// characters) between two of its occurrences, as a blog's front page puts one under each
/// of its posts. Taken for the opening of the comments, the first of them removed every post
/// after it. Leaving a heading out can only open the comments later or not at all: an article
/// with its comment count under its headline and again above its comments keeps its
/// comments, a line kept where in doubt.
fn post_links(lines: &[&Line], a: usize, prose: &[usize]) -> HashSet<usize> {
    let mut out = HashSet::new();
    let link = |l: &Line| ["comments", "a comment", "add comment"].iter().any(|w| l.key.contains(w));
    let heads: Vec<usize> = (a..lines.len()).filter(|&i| lines[i].heading && link(lines[i])).collect();
    if heads.len() < 2 {
        return out;
    }
    let mut last: HashMap<String, usize> = HashMap::new();
    for &i in &heads {
        let shape = heading_shape(lines[i]);
        if let Some(&k) = last.get(&shape) {
            if prose[k + 1..i].iter().sum::<usize>() >= COMMENTS_AFTER {
                out.insert(k);
                out.insert(i);
            }
        }
        last.insert(shape, i);
    }
    out
}

/// Indices of lines that end in an ellipsis and repeat the start of a longer line of the
/// same document: the snippets of a teaser list, a search result or a "read more" box.
pub fn truncated_copies(lines: &[&Line]) -> Option<HashSet<usize>> {
    if lines.iter().all(|l| l.stem.is_none()) {
        return None;
    }
    let keys: Vec<&str> = lines.iter().map(|l| l.key.as_str()).collect::<BTreeSet<_>>().into_iter().collect();
    let mut out = HashSet::new();
    for (i, line) in lines.iter().enumerate() {
        let Some(n) = line.stem else { continue };
        let stem = &line.key[..n];
        let least = crate::pystr::len(stem) + 3;
        let from = keys.partition_point(|k| *k < stem);
        for k in keys[from..].iter().take_while(|k| k.starts_with(stem)) {
            if *k != line.key && crate::pystr::len(k) > least {
                out.insert(i);
                break;
            }
        }
    }
    (!out.is_empty()).then_some(out)
}

/// Indices of the lines repeated within the four lines above them (equal folded keys). A
/// paragraph of prose counts only when it occurs exactly twice in the document: printed
/// twice within a few lines it is a scraping artefact (a teaser and its article, a quote
/// box), but three or more copies are a comparison or diff view, where which copy is the
/// text is unknown. In an HTML page's blocks (`markup`) no paragraph of prose counts: its
/// markup wrote it twice, and only the short lines a page repeats (a "Photo" label, a
/// byline over each teaser) are furniture.
pub fn repeats(lines: &[&Line], markup: bool) -> HashSet<usize> {
    // (the copies of a key are counted only for a paragraph with a copy above it: a line
    // with one occurs twice at least, and most lines have none, found by comparing a few
    // neighbours rather than hashing every line of every page)
    let mut copies: Option<HashMap<&str, usize>> = None;
    let mut out = HashSet::new();
    for (i, l) in lines.iter().enumerate() {
        let k = l.key.as_str();
        if markup && l.f.prose {
            continue;
        }
        let back = if l.f.prose { 2 } else { 4 };
        if !lines[i.saturating_sub(back)..i].iter().any(|x| x.key == k) {
            continue;
        }
        if l.f.prose {
            let copies = copies.get_or_insert_with(|| {
                let mut c: HashMap<&str, usize> = HashMap::new();
                for l in lines {
                    *c.entry(l.key.as_str()).or_default() += 1;
                }
                c
            });
            if copies[k] != 2 {
                continue;
            }
        }
        if !crate::kinds::code_punctuation(k) {
            out.insert(i);
        }
    }
    out
}

/// `(by_position, raw_page)`: whether lines outside the article body may go on shape and
/// position alone, and whether the text looks like a page as a naive scraper saw it.
///
/// Text that an extractor already reduced to the main content -- or a forum thread, a shop
/// or a list page -- has short lines that are list items, titles and field values, not
/// menus; removing them for lying outside a detected "body" loses content. So position is
/// evidence only on a *raw page* (at least `page_nav_share` of the lines are short
/// non-sentences) that has a site menu (a run of `menu_run` distinct capitalised
/// one-to-three-word items) and ONE article: no more prose outside the body than
/// `outside_prose` times the body's, and fewer than `max_posts` paragraphs of two or more
/// sentences outside it (posts of a thread, reviews).
pub fn page_shape(
    lines: &[&Line],
    span: Option<(usize, usize)>,
    cut_from: Option<usize>,
    o: &Options,
    prose: &[usize],
) -> (bool, bool) {
    let n = lines.len();
    let nav = lines.iter().filter(|l| l.nav).count();
    let raw_page = nav as f64 >= o.page_nav_share * n as f64;
    let Some((a, z)) = span else { return (false, raw_page) };
    if !raw_page {
        return (false, raw_page);
    }
    // the longest run of distinct menu items: a site menu names each place once, a
    // flattened table of prices or fields ("Adults", "Reduced", "Adults", "Reduced")
    // repeats its labels
    let mut best = 0;
    let mut run: HashMap<&str, usize> = HashMap::new();
    let mut start = 0;
    for (i, l) in lines.iter().enumerate() {
        if l.menu_item {
            if let Some(&seen) = run.get(l.key.as_str()) {
                if seen >= start {
                    start = seen + 1;
                }
            }
            run.insert(&l.key, i);
            best = best.max(i + 1 - start);
        } else {
            start = i + 1;
        }
    }
    if (best as f64) < o.menu_run {
        return (false, raw_page);
    }
    let end = cut_from.unwrap_or(n).max(z + 1);
    let body: usize = prose[a..=z].iter().sum();
    let outside: usize = prose[..a].iter().sum::<usize>() + prose[z + 1..end].iter().sum::<usize>();
    if outside as f64 > o.outside_prose * body as f64 {
        return (false, raw_page);
    }
    let (mut posts, mut run) = (0usize, 0usize);
    for l in lines[..a].iter().chain(&lines[z + 1..end]).map(Some).chain(std::iter::once(None)) {
        if l.is_some_and(|l| l.f.prose) {
            run += 1;
        } else {
            posts += usize::from(run >= 2);
            run = 0;
        }
    }
    ((posts as f64) < o.max_posts, raw_page)
}

/// Lines in a run of 3+ headline-like lines (3-14 words, no sentence end, capitalised): the
/// shape of a related-stories or most-read list.
pub fn teaser_runs(lines: &[&Line]) -> Vec<bool> {
    let mut out = vec![false; lines.len()];
    let mut run = 0;
    for (i, l) in lines.iter().enumerate() {
        if l.teaser {
            run += 1;
            if run == 3 {
                out[i - 2] = true;
                out[i - 1] = true;
            }
            if run >= 3 {
                out[i] = true;
            }
        } else {
            run = 0;
        }
    }
    out
}

/// Most lines a list introduced by a sentence may run to (a longer run of short lines is
/// more likely the page's furniture after it than one list).
pub const LISTED_MAX: usize = 60;

/// Whether `line` introduces a list: a line shaped like a sentence ([`sentence_like`]: six
/// words or more, stop words among them), not written in capitals the way a heading is,
/// that ends with a colon ("Rust divides keywords into three categories:", "Les entités
/// suivantes sont déclarées :"; not a widget's "Find your new car:" or "Submit Your
/// Comments About This Article:").
fn introduces(line: &Line) -> bool {
    sentence_like(&line.f)
        && line.f.cap_share < 0.6
        && line.template.is_none()
        && !line.heading
        && line.text.trim_end_matches(crate::pystr::is_space).ends_with([':', '\u{ff1a}'])
}

/// Lines of a list that a sentence introduces: after a line that [`introduces`] one, the
/// lines that are not prose up to the next prose line, line with a template or widget
/// evidence, or introduction, at most [`LISTED_MAX`] (what the sentence announces is content
/// wherever the body was found: a manual's "The following entities are implicitly
/// defined:" and its items).
pub fn listed(lines: &[&Line]) -> Vec<bool> {
    let n = lines.len();
    let mut out = vec![false; n];
    let mut i = 0;
    while i < n {
        if !introduces(lines[i]) {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < n
            && j - i <= LISTED_MAX
            && !lines[j].f.prose
            && lines[j].template.is_none()
            && lines[j].corpus == 0.0
            && !lines[j].stamp
            && !introduces(lines[j])
        {
            out[j] = true;
            j += 1;
        }
        i = j;
    }
    out
}

/// For each line, the length of the run of consecutive non-prose lines it belongs to.
pub fn nonprose_runs(lines: &[&Line]) -> Vec<usize> {
    let n = lines.len();
    let mut out = vec![0; n];
    let mut start = 0;
    for i in 0..=n {
        if i == n || lines[i].f.prose {
            out[start..i].fill(i - start);
            start = i + 1;
        }
    }
    out
}

/// What the lines of one document say together, for the rules.
///
/// `a` and `z` are the first and last index of the article body (`span`; without a body,
/// `a = n` and `z = n - 1` as signed indices, so no index is inside it). `comments_from` is
/// where a comment section starts (opened by the heading template `comments_template`, by a
/// heading without one, or by signatures when `comments_signed`).
pub struct Document<'a> {
    pub lines: Vec<&'a Line>,
    pub o: &'a Options,
    pub n: usize,
    pub span: Option<(usize, usize)>,
    pub a: usize,
    /// One past the body's last line (`z + 1`; `a` when there is no body).
    pub z1: usize,
    pub comments_from: Option<usize>,
    pub comments_template: Option<usize>,
    pub comments_signed: bool,
    pub by_position: bool,
    pub raw_page: bool,
    pub repeats: HashSet<usize>,
    pub snippets: Option<HashSet<usize>>,
    pub head: Option<usize>,
    pub run_len: Vec<usize>,
    pub shop: usize,
    pub teaser: Option<Vec<bool>>,
    /// Lines of a list a sentence introduces ([`listed`]; only on a page read by position).
    pub listed: Vec<bool>,
}

impl<'a> Document<'a> {
    pub fn new(lines: Vec<&'a Line>, o: &'a Options) -> Self {
        let n = lines.len();
        let docs = o.documentation;
        let structure = o.structure && o.prose_evidence && !docs;
        let span = if structure { body_span(&lines) } else { None };
        let (a, z1) = span.map_or((n, n), |(a, z)| (a, z + 1));
        let prose: Vec<usize> = lines.iter().map(|l| if l.f.prose { l.f.chars } else { 0 }).collect();
        let (comments_from, comments_template, comments_signed) = comment_section(&lines, a, &prose);
        let (by_position, raw_page) = page_shape(&lines, span, comments_from, o, &prose);
        let repeats = if docs { HashSet::new() } else { repeats(&lines, o.markup) };
        let snippets = if docs { None } else { truncated_copies(&lines) };
        let head = if span.is_some() { headline(&lines, a) } else { None };
        let run_len = if by_position { nonprose_runs(&lines) } else { Vec::new() };
        let shop = if docs { 0 } else { lines.iter().filter(|l| l.flags & PRICE_LINE != 0).count() };
        let teaser = (raw_page && by_position).then(|| teaser_runs(&lines));
        let listed = if by_position { listed(&lines) } else { Vec::new() };
        Document {
            lines,
            o,
            n,
            span,
            a,
            z1,
            comments_from,
            comments_template,
            comments_signed,
            by_position,
            raw_page,
            repeats,
            snippets,
            head,
            run_len,
            shop,
            teaser,
            listed,
        }
    }

    /// Whether line `i` is inside the article body.
    pub fn in_body(&self, i: usize) -> bool {
        self.a <= i && i < self.z1
    }

    /// Whether any rule may remove a line: there is a body, a comment section, a truncated
    /// copy, a repeated line or a line with evidence of its own (otherwise every line is
    /// kept).
    pub fn has_evidence(&self) -> bool {
        self.span.is_some()
            || self.comments_from.is_some()
            || self.snippets.is_some()
            || !self.repeats.is_empty()
            || self.lines.iter().any(|l| !l.plain)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::StopWords;

    /// [`repeats`] as it counted every key first: the oracle.
    fn repeats_counted(lines: &[&Line]) -> HashSet<usize> {
        let mut copies: HashMap<&str, usize> = HashMap::new();
        for l in lines {
            *copies.entry(l.key.as_str()).or_default() += 1;
        }
        let mut out = HashSet::new();
        for (i, l) in lines.iter().enumerate() {
            let k = l.key.as_str();
            let c = copies[k];
            if c < 2 || (l.f.prose && c != 2) {
                continue;
            }
            let back = if l.f.prose { 2 } else { 4 };
            if lines[i.saturating_sub(back)..i].iter().any(|x| x.key == k)
                && !crate::kinds::code_punctuation(k)
            {
                out.insert(i);
            }
        }
        out
    }

    #[test]
    fn repeats_are_those_the_counts_give() {
        let stops = StopWords::new(
            ["the", "of", "and", "on", "a", "to", "in", "that", "said"].map(|w| w.as_bytes().to_vec()),
            1.0,
            false,
            true,
        );
        let texts = [
            "Home",
            "HOME",
            "}",
            "Share this",
            "The mayor said on Friday that the bridge will reopen in May and that the road is safe.",
            "the mayor said on friday that the bridge will reopen in may and that the road is safe.",
            "A short line of text.",
            "News",
        ];
        let pool: Vec<Line> =
            texts.iter().map(|t| Line::new(t, &stops, true, None, (0.0, 0.0), &mut Vec::new())).collect();
        let mut lcg = crate::testrng::Lcg::new(5);
        let mut found = 0;
        for _ in 0..3000 {
            let doc = lcg.sample(&pool, 59, 1);
            let want = repeats_counted(&doc);
            assert_eq!(repeats(&doc, false), want);
            // an HTML page's repeated paragraphs are its text: only the short lines go
            let short: HashSet<usize> = want.iter().copied().filter(|&i| !doc[i].f.prose).collect();
            assert_eq!(repeats(&doc, true), short);
            found += want.len();
        }
        assert!(found > 1000, "{found}");
    }
    #[test]
    fn a_list_runs_from_its_sentence_to_the_next_prose_or_its_bound() {
        let stops = StopWords::new(
            ["the", "of", "and", "on", "a", "to", "in", "that", "are", "into", "is"]
                .map(|w| w.as_bytes().to_vec()),
            1.0,
            false,
            true,
        );
        let line = |t: &str| Line::new(t, &stops, true, None, (0.0, 0.0), &mut Vec::new());
        let prose = "The mayor said on Friday that the bridge will reopen in May and that the road is safe.";
        let texts = [
            "Rust divides the keywords of the language into three categories:",
            "strict",
            "reserved",
            "weak",
            prose,
            "Type aliases",
            "Find Out More About The Keywords In This Book:", // (capitals: a heading)
            "Type aliases",
        ];
        let lines: Vec<Line> = texts.iter().map(|t| line(t)).collect();
        let refs: Vec<&Line> = lines.iter().collect();
        assert_eq!(listed(&refs), [false, true, true, true, false, false, false, false]);
        // a run longer than LISTED_MAX is the page's furniture after the sentence
        let mut long = vec![line(texts[0])];
        long.extend((0..LISTED_MAX + 10).map(|i| line(&format!("E{i:04}"))));
        let refs: Vec<&Line> = long.iter().collect();
        assert_eq!(listed(&refs).iter().filter(|&&b| b).count(), LISTED_MAX);
    }
}
