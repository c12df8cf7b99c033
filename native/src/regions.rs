//! The scans of `textclean/core/regions.py` that run over every character of every text
//! version the host checks: inline code spans and URLs, and the lines that may start a block
//! region. (The block rules themselves, which look only at those lines, stay in Python.)
//! Offsets are in code points.

use regex::Regex;

/// Where each character of `text` starts, in bytes, and the text's length last: code-point
/// offsets from byte offsets.
struct CharIndex(Vec<usize>);

impl CharIndex {
    fn new(text: &str) -> Self {
        let mut v: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        v.push(text.len());
        CharIndex(v)
    }

    fn of(&self, byte: usize) -> usize {
        self.0.partition_point(|&b| b < byte)
    }
}

/// The longest an inline code span's content may be, in characters.
const SPAN_MAX: usize = 1000;

/// Inline code spans: a run of backticks, then up to [`SPAN_MAX`] characters on the same line
/// not ending in a backtick, then a run of the same length (neither run touching another
/// backtick). Found left to right, each search resuming after the last match; a match that
/// starts inside a longer run of backticks, and a two-backtick span holding `''` (TeX
/// quotation marks), is found but not kept.
fn code_spans(chars: &[char], out: &mut Vec<(usize, usize, &'static str)>) {
    let n = chars.len();
    let mut p = 0;
    while p < n {
        if chars[p] != '`' {
            p += 1;
            continue;
        }
        let mut q = p;
        while q < n && chars[q] == '`' {
            q += 1;
        }
        let run = q - p;
        let mut found = None;
        // content chars[q..r]: at least one character, no newline, not ending in a backtick
        let mut r = q;
        while r < n && r - q < SPAN_MAX && chars[r] != '\n' {
            r += 1;
            let closes = chars[r - 1] != '`'
                && r + run <= n
                && chars[r..r + run].iter().all(|&c| c == '`')
                && chars.get(r + run) != Some(&'`');
            if closes {
                found = Some(r + run);
                break;
            }
        }
        match found {
            Some(end) => {
                let inside_run = p > 0 && chars[p - 1] == '`';
                let tex = run == 2 && chars[p..end].windows(2).any(|w| w == ['\'', '\'']);
                if !inside_run && !tex {
                    out.push((p, end, "code"));
                }
                p = end;
            }
            None => p += 1,
        }
    }
}

fn url_patterns() -> &'static [Regex; 2] {
    static URLS: std::sync::OnceLock<[Regex; 2]> = std::sync::OnceLock::new();
    URLS.get_or_init(|| {
        // (\s as Python's: whitespace and the information separators U+001C..U+001F)
        let body = r#"[^\s\x1c-\x1f<>"'`]*[^\s\x1c-\x1f<>"'`.,;:!?)\]]"#;
        [
            Regex::new(&format!("(?:https?|ftp)://{body}")).expect("a valid regex"),
            Regex::new(&format!(r"www\.{body}")).expect("a valid regex"),
        ]
    })
}

/// The inline regions of `text`: code spans, then URLs by scheme, then URLs by `www.`, each
/// kind in order, as `(start, end, kind)`.
pub fn inline_spans(text: &str) -> Vec<(usize, usize, &'static str)> {
    let mut out = Vec::new();
    let has_tick = text.contains('`');
    let keys = [text.contains("://"), text.contains("www.")];
    if !has_tick && !keys[0] && !keys[1] {
        return out;
    }
    if has_tick {
        let chars: Vec<char> = text.chars().collect();
        code_spans(&chars, &mut out);
    }
    if keys[0] || keys[1] {
        let index = CharIndex::new(text);
        for (rx, key) in url_patterns().iter().zip(keys) {
            if key {
                out.extend(rx.find_iter(text).map(|m| (index.of(m.start()), index.of(m.end()), "url")));
            }
        }
    }
    out
}

/// The hint chars of a trigger line after its indentation.
const HINTS: &[char] = &['`', '~', '.', '+', '|', ':', '-', '=', '^', '"', '\'', '#', '*'];

/// Where the lines after the first that may be trigger lines start: after a `\n`, spaces or
/// tabs, then one of the characters a trigger line can start with. (The full trigger pattern
/// is tried only there; the first line is tried in Python.)
pub fn trigger_hints(text: &str) -> Vec<usize> {
    let mut out = Vec::new();
    let mut chars = 0;
    let mut last = 0;
    for (i, _) in text.match_indices('\n') {
        let rest = &text[i + 1..];
        let after = rest.trim_start_matches([' ', '\t']);
        if after.starts_with(HINTS) {
            chars += text[last..i + 1].chars().count();
            last = i + 1;
            out.push(chars);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_spans_as_commonmark_and_the_python_rules_find_them() {
        assert_eq!(inline_spans("Run `pip  install` now."), vec![(4, 18, "code")]);
        assert_eq!(inline_spans("``a ` b`` and ```x```"), vec![(0, 9, "code"), (14, 21, "code")]);
        assert!(inline_spans("``quoted'' and ``more''").is_empty());
        assert!(inline_spans("a ` lone tick\nb `").is_empty());
        assert!(inline_spans("``").is_empty());
    }

    #[test]
    fn urls_without_their_final_punctuation() {
        assert_eq!(inline_spans("See https://x.org/a. Or www.y.com!"), vec![(4, 19, "url"), (24, 33, "url")]);
        assert_eq!(inline_spans("\u{e9} http://x.y"), vec![(2, 12, "url")]);
    }

    #[test]
    fn hints_in_code_points() {
        assert_eq!(trigger_hints("\u{e9}t\u{e9}\n  ---\nplain\n\t| a |\n"), vec![4, 16]);
        assert!(trigger_hints("no hints\nhere\n").is_empty());
    }
}
