//! The window of a document that language identification reads (see
//! `textclean/core/language.py`): up to `window` characters in `pieces` pieces taken at evenly
//! spaced points of the document's characters, in lines of 30 characters or more where there
//! are any (so menus and headings weigh little), markup and URLs blanked out. Building it
//! walks every line of the document, which in Python cost as much as the model's call.

use regex::Regex;

use crate::pystr;

/// Lines at least this long are the ones pieces are taken from, where there are any.
const LONG_LINE: usize = 30;

fn noise() -> &'static Regex {
    static NOISE: std::sync::OnceLock<Regex> = std::sync::OnceLock::new();
    // URLs, e-mail addresses, runs of markup punctuation (\S as Python's: not whitespace, and
    // not the information separators U+001C..U+001F)
    NOISE.get_or_init(|| {
        let s = r"[^\s\x1c-\x1f]";
        Regex::new(&format!(r"https?://{s}+|www\.{s}+|{s}+@{s}+\.\w+|[`*_#>|\[\]{{}}()<>=\\/~^+]+"))
            .expect("a valid regex")
    })
}

/// `text` with URLs, e-mail addresses and runs of markup punctuation replaced by a space.
pub fn blank_noise(text: &str) -> String {
    noise().replace_all(text, " ").into_owned()
}

/// Markup and URLs blanked out, whitespace runs folded to one space, at most `limit` characters.
fn clean(text: &str, limit: usize) -> String {
    let blanked = noise().replace_all(text, " ");
    let mut out = String::new();
    for (n, w) in pystr::split(&blanked).enumerate() {
        if n > 0 {
            out.push(' ');
        }
        out.push_str(w);
    }
    if pystr::len(&out) > limit {
        out.truncate(pystr::byte_of_char(&out, limit));
    }
    out
}

/// The pieces of the window of `text` (see the module docs).
pub fn pieces(text: &str, window: usize, count: usize) -> Vec<String> {
    let spans = pystr::line_spans(text);
    // (the long lines and their lengths in one pass, without a vector of every line)
    let (mut long, mut lens) = (Vec::new(), Vec::new());
    for &(s, e, _) in &spans {
        let n = pystr::len(&text[s..e]);
        if n >= LONG_LINE {
            long.push(&text[s..e]);
            lens.push(n);
        }
    }
    if long.is_empty() {
        long = spans.iter().map(|&(s, e, _)| &text[s..e]).filter(|l| !pystr::is_blank(l)).collect();
        lens = long.iter().map(|l| pystr::len(l)).collect();
    }
    if long.is_empty() || count == 0 {
        return Vec::new();
    }
    let total: usize = lens.iter().sum();
    let size = window / count;
    if total <= window {
        let c = clean(&long.join(" "), usize::MAX);
        return if c.is_empty() { Vec::new() } else { vec![c] };
    }
    let mut picked = Vec::new();
    let (mut i, mut seen) = (0, 0);
    for k in 0..count {
        let point = (2 * k + 1) * total / (2 * count);
        while seen + lens[i] <= point {
            seen += lens[i];
            i += 1;
        }
        // (in code points, as Python counts; the line is read in place, not copied into a
        // vector of its characters: a paragraph of a page is one line of thousands)
        let (line, len) = (long[i], lens[i]);
        let want = (point - seen) as isize - (size / 2) as isize;
        let mut at = want.min(len as isize - size as isize).max(0) as usize;
        let mut from = pystr::byte_of_char(line, at);
        while let Some(c) = line[..from].chars().next_back().filter(|&c| !pystr::is_space(c)) {
            at -= 1; // start at a word
            from -= c.len_utf8();
        }
        let end = (at + size + size / 2).min(len);
        let to = from + pystr::byte_of_char(&line[from..], end - at);
        let c = clean(&line[from..to], size);
        if !c.is_empty() {
            picked.push(c);
        }
    }
    picked
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_text_is_one_piece_without_markup() {
        assert_eq!(pieces("# Title\n\nSee https://x.org/a or `code` now.", 300, 3), ["See or code now."]);
        assert!(pieces("\n \n", 300, 3).is_empty());
    }

    #[test]
    fn a_long_text_gives_pieces_from_its_long_lines() {
        let para = "word ".repeat(100);
        let text = format!("Menu\n{para}\nHome\n{para}\n");
        let p = pieces(&text, 300, 3);
        assert_eq!(p.len(), 3);
        assert!(p.iter().all(|x| x.starts_with("word") && pystr::len(x) <= 100));
    }
}
