//! A guard in front of the HTML parser: nesting too deep to be a real page is flattened, a
//! `title` or `textarea` never closed is closed at the next tag, and a tag with more attributes
//! than a real page writes loses the surplus, before the page is parsed.
//!
//! An HTML5 tree builder checks the stack of open elements at every block start tag ("is a
//! `p` element in button scope?"), so a page of thousands of unclosed `<div>` or `<li>` costs
//! time quadratic in its depth: lexbor takes 3 s on 20,000 `<ul><li>x`, minutes on a
//! megabyte, inside C, where no time budget can stop it. Real pages nest a few dozen levels.
//! So one pass over the tags tracks an upper bound of the depth (start tags of elements that
//! have content, minus end tags); where it would pass the limit, start tags are dropped (and
//! the end tags that close them), keeping every character of text. A page that stays under
//! the limit is not copied.
//!
//! lexbor also checks each attribute of a tag against the ones before it (HTML keeps the first
//! of a duplicated name), so one tag with 30,000 attributes took 1.4 s and a megabyte of them
//! minutes. Past `max_attributes` in one tag, attributes are dropped, except `class` and `id`,
//! the only ones the extraction reads.
//!
//! The scan reads tags as the HTML tokenizer does, roughly: `<name ...>` and `</name ...>`
//! (quoted attribute values may hold `>`), comments, doctypes and processing instructions
//! skipped, and the raw text of `script`, `style`, `textarea`, `title` and the like skipped up
//! to their end tag. Where it misreads, the cost is only a page flattened that did not need it
//! (and only past the limit) or a deep page parsed slowly, never lost text.

/// Elements that never have content (their start tags do not nest).
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "keygen", "link", "meta", "param", "source",
    "track", "wbr", "basefont", "bgsound", "frame",
];
/// Elements that start a block of text: dropped, they leave a `<br>`, so that their text stays
/// a block of its own.
const BLOCK: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "center",
    "dd",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "li",
    "main",
    "menu",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
];
/// Elements of escapable raw text that a broken page leaves open.
const RCDATA: &[&str] = &["title", "textarea"];
/// Elements whose content is raw text up to their end tag.
const RAW: &[&str] =
    &["script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript"];

struct Tag {
    start: usize,
    end: usize,
    closing: bool,
    name: String,
    /// Spans of the attributes past the limit (other than `class` and `id`), to drop.
    surplus: Vec<(usize, usize)>,
}

fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | 0x0C)
}

/// Reads the attributes of a tag from `i` (just after its name) as the HTML tokenizer does:
/// returns where its `>` is (None for an unfinished tag) and the spans of the attributes past
/// `max_attributes`, except `class` and `id`.
fn attributes(b: &[u8], mut i: usize, max_attributes: usize) -> (Option<usize>, Vec<(usize, usize)>) {
    let mut count = 0usize;
    let mut surplus = Vec::new();
    loop {
        // before an attribute name
        while i < b.len() && (is_space(b[i]) || b[i] == b'/') {
            i += 1;
        }
        if i >= b.len() {
            return (None, surplus);
        }
        if b[i] == b'>' {
            return (Some(i), surplus);
        }
        let start = i;
        i += 1; // a name may begin with '=' (a parse error, but part of the name)
        while i < b.len() && !(is_space(b[i]) || matches!(b[i], b'/' | b'>' | b'=')) {
            i += 1;
        }
        let name = &b[start..i];
        let mut j = i;
        while j < b.len() && is_space(b[j]) {
            j += 1;
        }
        if j < b.len() && b[j] == b'=' {
            j += 1;
            while j < b.len() && is_space(b[j]) {
                j += 1;
            }
            match b.get(j) {
                Some(&q) if q == b'"' || q == b'\'' => match b[j + 1..].iter().position(|&c| c == q) {
                    Some(k) => i = j + 1 + k + 1,
                    None => return (None, surplus),
                },
                Some(b'>') | None => i = j,
                Some(_) => {
                    i = j;
                    while i < b.len() && !(is_space(b[i]) || b[i] == b'>') {
                        i += 1;
                    }
                }
            }
        }
        count += 1;
        if count > max_attributes && !name.eq_ignore_ascii_case(b"class") && !name.eq_ignore_ascii_case(b"id")
        {
            surplus.push((start, i));
        }
    }
}

/// The next tag at or after `pos`: (tag, where to go on), skipping comments and the like.
fn next_tag(b: &[u8], mut pos: usize, max_attributes: usize) -> Option<Tag> {
    while pos < b.len() {
        let lt = pos + b[pos..].iter().position(|&c| c == b'<')?;
        let rest = &b[lt + 1..];
        if rest.starts_with(b"!--") {
            pos = match find(b, lt + 4, b"-->") {
                Some(i) => i + 3,
                None => return None,
            };
            continue;
        }
        if matches!(rest.first(), Some(b'!' | b'?')) {
            pos = match b[lt..].iter().position(|&c| c == b'>') {
                Some(i) => lt + i + 1,
                None => return None,
            };
            continue;
        }
        let closing = rest.first() == Some(&b'/');
        let name_start = lt + 1 + usize::from(closing);
        if !b.get(name_start).is_some_and(|c| c.is_ascii_alphabetic()) {
            pos = lt + 1;
            continue;
        }
        let mut i = name_start;
        while i < b.len() && !matches!(b[i], b' ' | b'\t' | b'\n' | b'\r' | 0x0C | b'/' | b'>') {
            i += 1;
        }
        let name = String::from_utf8_lossy(&b[name_start..i]).to_ascii_lowercase();
        let (end, surplus) = attributes(b, i, max_attributes);
        // an unfinished tag: the rest is text to the parser
        let i = end?;
        return Some(Tag { start: lt, end: i + 1, closing, name, surplus });
    }
    None
}

fn find(b: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    b.get(from..)?.windows(needle.len()).position(|w| w == needle).map(|i| from + i)
}

/// The end of the raw text of a `name` element whose start tag ends at `from`: where its end
/// tag begins (ASCII case-insensitively), or the end of the page.
fn raw_end(b: &[u8], from: usize, name: &str) -> usize {
    let mut pos = from;
    while let Some(i) = find(b, pos, b"</") {
        let n = name.len();
        if b.len() >= i + 2 + n && b[i + 2..i + 2 + n].eq_ignore_ascii_case(name.as_bytes()) {
            return i;
        }
        pos = i + 2;
    }
    b.len()
}

/// `html` with the start tags that would nest deeper than `limit` dropped (a block element's
/// replaced by `<br>`) with the end tags that would close them, a `title` or `textarea` never
/// closed closed at the next tag, and the attributes of a tag past `max_attributes` (but
/// `class` and `id`) dropped; `None` where there is nothing to do (the common case).
pub fn guard(html: &str, limit: usize, max_attributes: usize) -> Option<String> {
    let b = html.as_bytes();
    let mut depth = 0usize;
    let mut pos = 0;
    // (start, end, what replaces html[start..end])
    let mut drops: Vec<(usize, usize, &'static str)> = Vec::new();
    let mut dropped_open = 0usize; // start tags dropped and not yet closed
    while let Some(tag) = next_tag(b, pos, max_attributes) {
        pos = tag.end;
        let name = tag.name.as_str();
        let surplus_at = drops.len();
        drops.extend(tag.surplus.iter().map(|&(s, e)| (s, e, "")));
        if VOID.contains(&name) {
            continue;
        }
        if tag.closing {
            if dropped_open > 0 {
                dropped_open -= 1;
                drops.truncate(surplus_at); // the whole tag goes, its attributes with it
                drops.push((tag.start, tag.end, ""));
            } else {
                depth = depth.saturating_sub(1);
            }
            continue;
        }
        let dropped = depth >= limit;
        if dropped {
            dropped_open += 1;
            drops.truncate(surplus_at); // the whole tag goes, its attributes with it
            drops.push((tag.start, tag.end, if BLOCK.contains(&name) { "<br>" } else { "" }));
        } else {
            depth += 1;
        }
        if RAW.contains(&name) && !dropped {
            let end = raw_end(b, pos, name);
            if end == b.len() && RCDATA.contains(&name) {
                // never closed: the parser would take the rest of the page as its text (a
                // title left open by a broken page swallows the whole body); closed at the
                // next tag instead, as parsers before HTML5 read it
                depth -= 1;
                let next = b[pos..].iter().position(|&c| c == b'<').map_or(b.len(), |i| pos + i);
                let close = if name == "title" { "</title>" } else { "</textarea>" };
                drops.push((next, next, close));
                continue;
            }
            pos = end;
        }
    }
    if drops.is_empty() {
        return None;
    }
    let mut out = String::with_capacity(html.len());
    let mut at = 0;
    for (s, e, replacement) in drops {
        out.push_str(&html[at..s]);
        out.push_str(replacement);
        at = e;
    }
    out.push_str(&html[at..]);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_within_the_limit_is_not_copied() {
        assert_eq!(guard("<div><p>a <b>b</b></p><br><img src=x></div>", 3, 64), None);
        assert_eq!(guard("plain text", 1, 64), None);
    }

    #[test]
    fn deep_nesting_is_flattened_keeping_the_text() {
        let page = "<div>a<div>b<div>c</div>d</div>e</div>f";
        assert_eq!(guard(page, 2, 64).as_deref(), Some("<div>a<div>b<br>cd</div>e</div>f"));
        assert_eq!(guard("<b><i>x<u>y</u></i></b>", 1, 64).as_deref(), Some("<b>xy</b>"));
        let deep = "<ul><li>x".repeat(1000);
        let flat = guard(&deep, 100, 64).unwrap();
        assert_eq!(flat.matches("<li>").count() + flat.matches("<ul>").count(), 100);
        assert_eq!(flat.matches('x').count(), 1000);
    }

    #[test]
    fn a_title_never_closed_does_not_take_the_page() {
        let page = "<html><head><title>News<div><p>The article.</p></div>";
        let closed = "<html><head><title>News</title><div><p>The article.</p></div>";
        assert_eq!(guard(page, 512, 64).as_deref(), Some(closed));
        assert_eq!(guard("<textarea>x", 512, 64).as_deref(), Some("<textarea>x</textarea>"));
        assert_eq!(guard("<title>a</TITLE><p>b</p>", 512, 64), None);
    }

    #[test]
    fn raw_text_quotes_and_comments_are_not_tags() {
        let page = "<script>if (a<b) { '<div>' }</script><p title='a>b'>t</p><!-- <div><div> -->";
        assert_eq!(guard(page, 1, 64), None);
        assert_eq!(guard("<SCRIPT>x</Script><div>", 1, 64), None);
        assert_eq!(guard("<div><div", 1, 64), None); // an unfinished tag is text
    }

    #[test]
    fn a_dropped_end_tag_takes_its_surplus_attributes_with_it() {
        // (an end tag with an attribute past the limit, closing a start tag that was dropped)
        let out = guard("<p><script></div</script>", 1, 0).unwrap();
        assert_eq!(out, "<p>");
    }

    #[test]
    fn attributes_past_the_limit_are_dropped_but_class_and_id() {
        let tag = |n: usize, extra: &str| {
            let attrs: Vec<String> = (0..n).map(|i| format!("a{i}=x")).collect();
            format!("<p {}{extra}>t</p>", attrs.join(" "))
        };
        assert_eq!(guard(&tag(3, ""), 64, 3), None);
        let cut = guard(&tag(5, " class='c d' ID=\"e>f\" b"), 64, 3).unwrap();
        assert_eq!(cut, "<p a0=x a1=x a2=x   class='c d' ID=\"e>f\" >t</p>");
        // an end tag's too (lexbor checks them as well); a dropped tag's are not dropped twice
        assert_eq!(guard("</p a b c d>", 64, 2).as_deref(), Some("</p a b  >"));
        assert_eq!(guard("<b><i a b c>x</i></b>", 1, 1).as_deref(), Some("<b>x</b>"));
        // quoted values hold '>' and spaces; an unquoted value ends at a space
        let page = "<p a='1 > 2' b=\"x y\" c=z d>t</p>";
        assert_eq!(guard(page, 64, 2).as_deref(), Some("<p a='1 > 2' b=\"x y\"  >t</p>"));
        assert_eq!(guard("<p a b c='unfinished>t", 64, 1), None);
    }
}
