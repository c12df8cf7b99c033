//! The `whitespace` cleaner's work (see `textclean/cleaners/whitespace.py` for what it
//! promises): line endings to `\n`, trailing spaces and tabs removed, runs of spaces between
//! words collapsed, runs of blank lines cut down, a final line break. Offsets are in code
//! points, as Python's `str` counts them.

use crate::pystr::{self, CharOffsets};

/// One proposed edit: `(start, end, replacement, reason)` in code points.
pub type Edit = (usize, usize, &'static str, String);

/// The options of the cleaner.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    pub max_blank: usize,
    pub collapse: bool,
    pub final_newline: bool,
    /// Markdown: two spaces or more at the end of a line inside a paragraph are a hard line
    /// break, part of what the document says, and are kept.
    pub hard_breaks: bool,
}

/// Whether the cleaner certainly has nothing to do on `text` (its fast path: substring tests
/// only). False means "go the long way", not "there is something to fix".
pub fn already_clean(text: &str, o: Options) -> bool {
    if text.is_empty() || text.contains('\r') || text.contains(" \n") || text.contains("\t\n") {
        return false;
    }
    if text.contains(&"\n".repeat(o.max_blank + 2)) || text.trim_start_matches([' ', '\t']).starts_with('\n')
    {
        return false;
    }
    let body = text.trim_end_matches([' ', '\t', '\n']);
    if text.len() - body.len() > 1 || (text.len() != body.len() && !text.ends_with('\n')) {
        return false; // blanks or blank lines at the end
    }
    if o.final_newline && text.len() == body.len() && text.contains('\n') {
        return false;
    }
    !(o.collapse && text.contains("  ") && has_inner_run(text.as_bytes(), text))
}

/// Whether a run of two or more spaces stands between two non-whitespace characters.
fn has_inner_run(b: &[u8], text: &str) -> bool {
    let mut i = 0;
    while let Some(k) = b[i..].windows(2).position(|w| w == b"  ") {
        let (s, mut e) = (i + k, i + k + 2);
        while e < b.len() && b[e] == b' ' {
            e += 1;
        }
        if inner(text, s, e, b.len()) {
            return true;
        }
        i = e;
    }
    false
}

/// Whether the space run `s..e` (bytes) has a non-whitespace character before it and one
/// (before `limit`) after it.
fn inner(text: &str, s: usize, e: usize, limit: usize) -> bool {
    let before = text[..s].chars().next_back();
    let after = text[e..limit].chars().next();
    before.is_some_and(|c| !pystr::is_space(c)) && after.is_some_and(|c| !pystr::is_space(c))
}

/// The longest line (in bytes, indentation included) taken for a line of code by
/// [`aligned_code`].
pub const CODE_LINE: usize = 120;

/// Whether a line reads as code whose spaces may align it (`    x  =  f(i)   # note`): it
/// is indented (two spaces or more, or a tab) and has program syntax in it that prose hardly
/// has: `=`, a brace, a `;` at its end, a name right before `(` (a call: `print(x,  i)`), or
/// a comment after a space (` //`, `/*`). Code pasted into prose without markup is not found
/// as a region by the host (`core/regions.py`), so this cleaner keeps the runs of spaces
/// inside such a line itself. (Brackets alone are not enough: indented lines of scraped
/// prose have them, `Logitech  (News)`.)
///
/// ```
/// # use _native::whitespace::aligned_code;
/// assert!(aligned_code(b"    x  =  compute(i)   # aligned"));
/// assert!(aligned_code(b"\tprint(x,  i)"));
/// assert!(aligned_code(b"\t\t}   //end of function"));
/// assert!(!aligned_code(b"The  cat = sat")); // not indented
/// assert!(!aligned_code(b"    Logitech  (News/Aktienkurs) (SWX:LOGN)"));
/// assert!(!aligned_code(b"    Home  |  News  |  Sport"));
/// ```
pub fn aligned_code(content: &[u8]) -> bool {
    let indented = content.starts_with(b"  ") || content.first() == Some(&b'\t');
    let body = content.trim_ascii_end();
    if !indented || body.len() > CODE_LINE {
        return false;
    }
    let call = body.windows(2).any(|w| w[1] == b'(' && (w[0].is_ascii_alphanumeric() || w[0] == b'_'));
    let comment = body.windows(3).any(|w| w == b" //") || body.windows(2).any(|w| w == b"/*");
    call || comment || body.ends_with(b";") || body.iter().any(|c| b"={}".contains(c))
}

/// The cleaner's edits on `text`, in order.
pub fn fixes(text: &str, o: Options, fast_path: bool) -> Vec<Edit> {
    if fast_path && already_clean(text, o) {
        return Vec::new();
    }
    // (start, content end, line end) in bytes; the line ending is content_end..line_end
    let b = text.as_bytes();
    let mut lines: Vec<(usize, usize, usize)> = Vec::new();
    let mut pos = 0;
    while pos < b.len() {
        let end = b[pos..].iter().position(|&c| c == b'\r' || c == b'\n').map_or(b.len(), |k| pos + k);
        let eol = if end == b.len() {
            0
        } else if b[end] == b'\r' && b.get(end + 1) == Some(&b'\n') {
            2
        } else {
            1
        };
        lines.push((pos, end, end + eol));
        pos = end + eol;
    }
    let blank: Vec<bool> =
        lines.iter().map(|&(s, e, _)| b[s..e].iter().all(|&c| c == b' ' || c == b'\t')).collect();
    let first = blank.iter().position(|x| !x).unwrap_or(lines.len());
    let last = blank.iter().rposition(|x| !x);
    let mut ch = CharOffsets::new(text);
    let mut out: Vec<Edit> = Vec::new();
    let mut drop_from: Option<usize> = None;
    let flush = |drop_from: &mut Option<usize>, upto: usize, out: &mut Vec<Edit>, ch: &mut CharOffsets| {
        if let Some(d) = drop_from.take() {
            let where_ = if d < first {
                "leading"
            } else if last.is_none_or(|l| d > l) {
                "trailing"
            } else {
                "extra"
            };
            let (s, e) = (ch.at(lines[d].0), ch.at(lines[upto - 1].2));
            out.push((s, e, "", format!("{where_} blank lines")));
        }
    };
    let mut run = 0;
    for (i, &(start, end, stop)) in lines.iter().enumerate() {
        if blank[i] {
            run += 1;
            if i < first || last.is_none_or(|l| i > l) || run > o.max_blank {
                drop_from.get_or_insert(i);
                continue;
            }
        } else {
            run = 0;
        }
        flush(&mut drop_from, i, &mut out, &mut ch);
        let content = &b[start..end];
        let kept = content.iter().rposition(|&c| c != b' ' && c != b'\t').map_or(0, |k| k + 1);
        if o.collapse && !aligned_code(content) {
            let mut j = 0;
            while let Some(k) = content[j..kept].windows(2).position(|w| w == b"  ") {
                let (s, mut e) = (j + k, j + k + 2);
                while e < kept && content[e] == b' ' {
                    e += 1;
                }
                if inner(text, start + s, start + e, start + kept) {
                    out.push((ch.at(start + s), ch.at(start + e), " ", "repeated spaces".into()));
                }
                j = e;
            }
        }
        let hard_break = o.hard_breaks
            && kept > 0
            && end - start - kept >= 2
            && content[kept..].iter().all(|&c| c == b' ')
            && i + 1 < lines.len()
            && !blank[i + 1];
        if kept < content.len() && !hard_break {
            out.push((ch.at(start + kept), ch.at(end), "", "trailing whitespace".into()));
        }
        if stop - end == 2 || (stop - end == 1 && b[end] == b'\r') {
            let eol = if stop - end == 2 { "'\\r\\n'" } else { "'\\r'" };
            out.push((ch.at(end), ch.at(stop), "\n", format!("line ending {eol} -> '\\n'")));
        }
    }
    flush(&mut drop_from, lines.len(), &mut out, &mut ch);
    if let Some(l) = last {
        let (_, end, stop) = lines[l];
        if o.final_newline && l >= 1 && stop == end {
            let at = ch.at(end);
            out.push((at, at, "\n", "final line break".into()));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const O: Options = Options { max_blank: 1, collapse: true, final_newline: true, hard_breaks: false };

    fn apply(text: &str, edits: &[Edit]) -> String {
        let chars: Vec<char> = text.chars().collect();
        let (mut out, mut at) = (String::new(), 0);
        for (s, e, r, _) in edits {
            out.extend(&chars[at..*s]);
            out.push_str(r);
            at = *e;
        }
        out.extend(&chars[at..]);
        out
    }

    #[test]
    fn markdown_hard_breaks_are_kept_inside_a_paragraph_only() {
        let text = "Roses are red,  \nViolets are blue.   \nSugar.  \n\nEnd  \n";
        let md = Options { hard_breaks: true, ..O };
        assert_eq!(
            apply(text, &fixes(text, md, true)),
            "Roses are red,  \nViolets are blue.   \nSugar.\n\nEnd\n"
        );
        assert_eq!(apply(text, &fixes(text, O, true)), "Roses are red,\nViolets are blue.\nSugar.\n\nEnd\n");
        assert_eq!(apply("a \nb\n", &fixes("a \nb\n", md, true)), "a\nb\n"); // one space is no break
    }

    #[test]
    fn the_documented_example() {
        let t = "\n\nTitle  here  \r\nbody\n\n\n\nend\n\n";
        assert_eq!(apply(t, &fixes(t, O, true)), "Title here\nbody\n\nend\n");
    }

    #[test]
    fn offsets_are_code_points() {
        let t = "caf\u{e9}  au lait \nx";
        let f = fixes(t, O, true);
        assert_eq!(f[0].0, 4);
        assert_eq!(apply(t, &f), "caf\u{e9} au lait\nx\n");
    }

    #[test]
    fn indentation_and_tabs_are_kept() {
        let t = "    code  here\n\tx \t y\n";
        assert_eq!(apply(t, &fixes(t, O, true)), "    code here\n\tx \t y\n");
    }

    #[test]
    fn fast_path() {
        assert!(already_clean("a b\n\nc\n", O));
        assert!(!already_clean("a  b\n", O));
        assert!(already_clean("a  b\n", Options { collapse: false, ..O }));
        assert!(fixes("a b\n\nc\n", O, false).is_empty());
    }

    #[test]
    fn a_single_line_keeps_its_missing_line_break() {
        assert!(fixes("A title", O, true).is_empty());
        assert_eq!(fixes("", O, false), vec![]);
    }
}
