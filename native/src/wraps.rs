//! The line layout of `line_breaks`: a document's lines with what each pair of them says
//! about a hard wrap, the wrap width, the joins a greedy wrapper's breaks call for, the
//! single newlines that end paragraphs, and the paragraph breaks that split a sentence.
//!
//! Every offset and length is in code points, as Python counts them (the cleaner's fixes are
//! Python string offsets). A line is what `text.split("\n")` gives, its end stripped of
//! ASCII blanks (`" \t\r"`): a no-break space is part of the text, as a wrapper sees it.
//!
//! The measure here is the plain one (a character is one column, the first word of a line
//! runs to its first space). Text with CJK characters at its line ends is measured in
//! Python (`_Columns`), which hands the intervals to the same [`infer`].

use std::collections::HashSet;
use std::sync::OnceLock;

use regex::Regex;

use crate::pystr::is_space;

/// One line of the document.
#[derive(Debug, Clone, PartialEq)]
pub struct WrapLine {
    /// Code-point offset of the line in the text.
    pub start: usize,
    /// Code points of the line without its newline and trailing ASCII blanks.
    pub len: usize,
    /// Byte span of that text.
    pub bytes: (usize, usize),
    /// Leading spaces and tabs.
    pub indent: usize,
    /// Code points of the first word (up to the first space after the indent).
    pub first_word: usize,
    /// A space after the indent: more than one word.
    pub multiword: bool,
    /// Ends in a letter and a hyphen (a candidate word break), not a dash.
    pub hyphen_end: bool,
}

impl WrapLine {
    pub fn end(&self) -> usize {
        self.start + self.len
    }
}

/// The lines of a text and their structure flags.
#[derive(Debug, Clone)]
pub struct Layout {
    pub lines: Vec<WrapLine>,
    /// A table or code line: tabs, runs of three spaces between text, `|` columns, code
    /// outside fences (a line continued with a backslash and the line after it, a line
    /// ending in `{`, brackets alone, a JSON member, a command after a prompt).
    pub table: Vec<bool>,
    /// Starts a list item: strong bullets always, weak markers only next to another weak
    /// marker or after a line ending in a colon.
    pub item: Vec<bool>,
    /// Ends in a colon.
    pub colon: Vec<bool>,
    /// Line `i` and the next open with a first word of the same shape with a digit in it:
    /// records one a line, such as a log's ([`same_record_head`]).
    pub record: Vec<bool>,
    /// Indices `i` where lines `i` and `i + 1` are both non-blank and the break between
    /// them is not structure (a table line, a list item, more indentation).
    pub pairs: Vec<usize>,
    /// A pair's first line ends in a character of a script written without spaces (CJK,
    /// Thai, Lao, Tibetan, Myanmar, Khmer).
    pub nospace: bool,
    /// One of those is a CJK character.
    pub cjk: bool,
}

const STRONG_BULLETS: &[char] = &[
    '\u{2022}', '\u{25cf}', '\u{25e6}', '\u{25aa}', '\u{2023}', '\u{2219}', '\u{00b7}', '\u{25a0}',
    '\u{25ba}', '\u{27a2}',
];

/// Chinese and Japanese: ideographs, kana, bopomofo, CJK symbols and punctuation, fullwidth
/// forms (`line_breaks._CJK`).
pub fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{2e80}'..='\u{2fdf}' | '\u{3000}'..='\u{303f}' | '\u{3040}'..='\u{30ff}' | '\u{3100}'..='\u{312f}'
        | '\u{3190}'..='\u{31ff}' | '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}' | '\u{f900}'..='\u{faff}'
        | '\u{fe30}'..='\u{fe4f}' | '\u{ff00}'..='\u{ffef}' | '\u{20000}'..='\u{3134f}')
}

/// Thai, Lao, Tibetan, Myanmar, Khmer (`line_breaks._SEA`).
pub fn is_sea(c: char) -> bool {
    matches!(c, '\u{0e00}'..='\u{0eff}' | '\u{0f00}'..='\u{0fff}' | '\u{1000}'..='\u{109f}' | '\u{1780}'..='\u{17ff}')
}

fn code_start() -> &'static Regex {
    static CODE: OnceLock<Regex> = OnceLock::new();
    // brackets alone, a JSON member, a one-line JSON object, a command after a shell or
    // Python prompt (every alternative linear in the line's length)
    CODE.get_or_init(|| {
        Regex::new(concat!(
            r#"^[ \t]*(?:[}\])]+[,;]?$|[\[{]$|"[^"\n]*"[ \t]*:[ \t]*(?:["{\[\d-]|true\b|false\b|null\b)"#,
            r#"|\{.*\}[,;]?$|\$ [a-z./~]|>>> [^\s\x{1c}-\x{1f}])"#
        ))
        .expect("a valid regex")
    })
}

fn weak_bullet() -> &'static Regex {
    static WEAK: OnceLock<Regex> = OnceLock::new();
    // (Python's pattern has `[-*+–](?!-)`: the blank that must follow makes the look-ahead
    // always true, so it is left out here.)
    WEAK.get_or_init(|| {
        Regex::new(
            r"^[ \t]*(?:[-*+\x{2013}]|\d{1,3}[.)]|[a-zA-Z][.)]|\([0-9a-zA-Z]{1,3}\))[ \t]+[^\s\x{1c}-\x{1f}]",
        )
        .expect("a valid regex")
    })
}

fn letter() -> &'static Regex {
    static LETTER: OnceLock<Regex> = OnceLock::new();
    LETTER.get_or_init(|| Regex::new(r"^\p{L}+$").expect("a valid regex"))
}

fn titlecase() -> &'static Regex {
    static TITLE: OnceLock<Regex> = OnceLock::new();
    TITLE.get_or_init(|| Regex::new(r"\p{Lt}").expect("a valid regex"))
}

/// Python's `str.isalpha()`: every character a letter (general category L).
pub fn is_alpha(s: &str) -> bool {
    if s.is_ascii() {
        return !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphabetic());
    }
    letter().is_match(s)
}

/// Python's `str.islower()`: a cased character, and none upper- or title-case.
pub fn is_lower(s: &str) -> bool {
    let mut cased = false;
    for c in s.chars() {
        if c.is_uppercase() || (!c.is_ascii() && titlecase().is_match(c.encode_utf8(&mut [0; 4]))) {
            return false;
        }
        if c.is_lowercase() {
            cased = true;
        }
    }
    cased
}

/// `line_breaks._TABLE`: a tab, a run of three or more spaces between two non-blanks, or a
/// `|` first or last (blanks aside).
fn table_line(t: &str) -> bool {
    if t.contains('\t') {
        return true;
    }
    if t.trim_start_matches(is_space).starts_with('|') || t.trim_end_matches(is_space).ends_with('|') {
        return true;
    }
    if !t.contains("   ") {
        return false;
    }
    let chars: Vec<char> = t.chars().collect();
    let mut k = 0;
    while k < chars.len() {
        if chars[k] == ' ' {
            let run_start = k;
            while k < chars.len() && chars[k] == ' ' {
                k += 1;
            }
            if k - run_start >= 3
                && run_start > 0
                && !is_space(chars[run_start - 1])
                && k < chars.len()
                && !is_space(chars[k])
            {
                return true;
            }
        } else {
            k += 1;
        }
    }
    false
}

/// What one pass over a line's bytes finds for the structure tests of [`Layout::new`].
#[derive(Debug, Default, Clone, Copy)]
struct LineScan {
    tab: bool,
    pipe: bool,
    /// A run of three spaces (`"   "` in the line).
    three_spaces: bool,
    /// `{` or `}`.
    brace: bool,
    /// `"$ "`.
    dollar: bool,
    /// `">>> "`.
    prompt: bool,
}

impl LineScan {
    fn of(body: &[u8]) -> LineScan {
        let mut s = LineScan::default();
        let mut spaces = 0usize;
        for (k, &c) in body.iter().enumerate() {
            if c == b' ' {
                spaces += 1;
                s.three_spaces |= spaces >= 3;
                s.dollar |= k > 0 && body[k - 1] == b'$';
                s.prompt |= spaces == 1 && k >= 3 && &body[k - 3..k] == b">>>";
                continue;
            }
            spaces = 0;
            match c {
                b'\t' => s.tab = true,
                b'|' => s.pipe = true,
                b'{' | b'}' => s.brace = true,
                _ => {}
            }
        }
        s
    }
}

/// Code points in UTF-8 bytes (`len()` of the Python string).
fn byte_chars(b: &[u8]) -> usize {
    if b.is_ascii() {
        b.len()
    } else {
        b.iter().filter(|&&c| (c & 0xc0) != 0x80).count()
    }
}

/// Whether a line whose indentation is cut off (`rest`) can match [`weak_bullet`] at all:
/// its first character is a dash, `*`, `+`, `(`, a digit, a letter followed by `.` or `)`,
/// or not ASCII (an en dash, a digit of another script: `\d` is Unicode's), a quick test
/// that spares the regex nearly every line of prose.
fn may_be_weak_bullet(rest: &[u8]) -> bool {
    match rest.first() {
        Some(b'-' | b'*' | b'+' | b'(') => true,
        Some(c) if !c.is_ascii() || c.is_ascii_digit() => true,
        Some(c) if c.is_ascii_alphabetic() => matches!(rest.get(1), Some(b'.' | b')')),
        _ => false,
    }
}

fn strong_bullet(t: &str) -> bool {
    let rest = t.trim_start_matches([' ', '\t']);
    let mut it = rest.chars();
    matches!((it.next(), it.next()), (Some(b), Some(' ' | '\t')) if STRONG_BULLETS.contains(&b))
}

/// Whether two lines open with a first word of the same shape that has a digit in it: the
/// records of a log (`2024-03-01 12:00:05 WARN ...`), of a timetable or a list of dated
/// entries, one a line, which a wrapper never made (a greedy wrap would have to break
/// before such a word twice running). Shapes: a digit is any digit, a letter any letter,
/// other bytes themselves (`12:00:01` and `09:15:30` are alike; `2024-03-01` and `12:00` not).
fn same_record_head(a: &[u8], b: &[u8]) -> bool {
    let (a, b) = (first_word(a), first_word(b));
    let class = |c: u8| {
        if c.is_ascii_digit() {
            b'9'
        } else if c.is_ascii_alphabetic() {
            b'a'
        } else {
            c
        }
    };
    !a.is_empty()
        && a.len() == b.len()
        && a.iter().any(u8::is_ascii_digit)
        && a.iter().zip(b).all(|(&x, &y)| class(x) == class(y))
}

/// The bytes of `t` up to its first space or tab.
fn first_word(t: &[u8]) -> &[u8] {
    &t[..t.iter().position(|&c| c == b' ' || c == b'\t').unwrap_or(t.len())]
}

/// `text[-1] == "-"` and `text[-2].isalpha()`.
fn hyphen_end(t: &str) -> bool {
    let mut it = t.chars().rev();
    match (it.next(), it.next()) {
        (Some('-'), Some(c)) => {
            if c.is_ascii() {
                c.is_ascii_alphabetic()
            } else {
                is_alpha(c.encode_utf8(&mut [0; 4]))
            }
        }
        _ => false,
    }
}

/// `line_breaks._ends_sentence`: a full stop or mark, then closing quotation marks or
/// brackets.
pub fn ends_sentence(t: &str) -> bool {
    const CLOSERS: &[char] = &[
        '"', '\'', '\u{2019}', '\u{201d}', '\u{201c}', '\u{00bb}', ')', ']', '\u{300d}', '\u{300f}',
        '\u{ff09}',
    ];
    const ENDERS: &[char] = &[
        '.', '!', '?', '\u{3002}', '\u{ff01}', '\u{ff1f}', '\u{ff0e}', '\u{061f}', '\u{06d4}', '\u{0964}',
        '\u{0965}',
    ];
    t.trim_end_matches(CLOSERS).chars().next_back().is_some_and(|c| ENDERS.contains(&c))
}

impl Layout {
    pub fn new(text: &str) -> Layout {
        // One pass over each line's bytes gathers what the structure tests below need (a
        // separate `contains` per test walked every line four to six times, and `split`
        // and the character counts twice more: most of the cost of the layout).
        let b = text.as_bytes();
        let mut lines = Vec::new();
        let mut scans = Vec::new();
        let (mut start, mut byte) = (0usize, 0usize);
        loop {
            let end = memchr::memchr(b'\n', &b[byte..]).map_or(b.len(), |k| byte + k);
            let raw = &b[byte..end];
            let mut body_end = raw.len();
            while body_end > 0 && matches!(raw[body_end - 1], b' ' | b'\t' | b'\r') {
                body_end -= 1;
            }
            let body = &raw[..body_end];
            let body_len = byte_chars(body);
            let indent = body.iter().take_while(|&&c| c == b' ' || c == b'\t').count();
            let rest = &body[indent..];
            let first = memchr::memchr(b' ', rest);
            let scan = LineScan::of(body);
            lines.push(WrapLine {
                start,
                len: body_len,
                bytes: (byte, byte + body_end),
                indent,
                first_word: byte_chars(&rest[..first.unwrap_or(rest.len())]),
                multiword: first.is_some(),
                hyphen_end: hyphen_end(&text[byte..byte + body_end]),
            });
            scans.push(scan);
            // (what was cut off the body is ASCII: one code point a byte)
            start += body_len + (raw.len() - body_end) + 1;
            if end == b.len() {
                break;
            }
            byte = end + 1;
        }
        let texts: Vec<&str> = lines.iter().map(|l| &text[l.bytes.0..l.bytes.1]).collect();
        let n = texts.len();
        let mut table: Vec<bool> = texts
            .iter()
            .zip(&scans)
            .map(|(t, s)| (s.tab || s.three_spaces || s.pipe) && table_line(t))
            .collect();
        // the whole text as "\n".join(texts) would show it: the gates of the code tests
        let continued = (1..n).any(|k| texts[k - 1].ends_with('\\'));
        if continued || scans.iter().any(|s| s.brace || s.dollar || s.prompt) {
            let code = code_start();
            for (k, t) in texts.iter().enumerate() {
                if table[k] || t.is_empty() {
                    continue;
                }
                let ind = lines[k].indent;
                let lead = t[ind..].chars().next();
                table[k] = t.ends_with(['\\', '{'])
                    || (matches!(lead, Some('}' | ']' | ')' | '"' | '{' | '[' | '$' | '>'))
                        && code.is_match(t));
            }
        }
        if continued {
            // the line a shell continuation continues onto is part of the command
            for k in 1..n {
                if texts[k - 1].ends_with('\\') && !texts[k].is_empty() {
                    table[k] = true;
                }
            }
        }
        let colon: Vec<bool> = texts.iter().map(|t| t.ends_with(':')).collect();
        let weak_re = weak_bullet();
        let weak: Vec<bool> = texts
            .iter()
            .zip(&lines)
            .map(|(t, l)| may_be_weak_bullet(&t.as_bytes()[l.indent..]) && weak_re.is_match(t))
            .collect();
        let item: Vec<bool> = (0..n)
            .map(|k| {
                strong_bullet(texts[k])
                    || (weak[k] && ((k > 0 && (colon[k - 1] || weak[k - 1])) || (k + 1 < n && weak[k + 1])))
            })
            .collect();
        let head = |k: usize| &texts[k].as_bytes()[lines[k].indent..];
        let record: Vec<bool> = (0..n).map(|k| k + 1 < n && same_record_head(head(k), head(k + 1))).collect();
        let pairs: Vec<usize> = (0..n.saturating_sub(1))
            .filter(|&i| {
                let (a, b) = (&lines[i], &lines[i + 1]);
                a.len > 0
                    && b.len > 0
                    && !(table[i]
                        || table[i + 1]
                        || b.indent > a.indent
                        || b.indent > 3
                        || item[i + 1]
                        || record[i])
            })
            .collect();
        let (mut nospace, mut cjk) = (false, false);
        if !text.is_ascii() {
            for &i in &pairs {
                if let Some(c) = texts[i].chars().next_back() {
                    if is_cjk(c) {
                        nospace = true;
                        cjk = true;
                    } else if is_sea(c) {
                        nospace = true;
                    }
                }
            }
        }
        Layout { lines, table, item, colon, record, pairs, nospace, cjk }
    }

    /// The widths at which a greedy wrapper would have broken between lines `i` and
    /// `i + 1`: line `i` fits, the next line's first word did not (for a line ending in a
    /// hyphen, the whole word did not).
    pub fn interval(&self, i: usize) -> (i64, i64) {
        let (a, b) = (&self.lines[i], &self.lines[i + 1]);
        let lo = a.len as i64;
        (lo, lo + b.first_word as i64 - i64::from(a.hyphen_end))
    }

    /// The wrap width in the plain measure and the pairs that are wraps at it (see
    /// [`infer`]), or `(None, 0)` for text that is not hard-wrapped.
    pub fn width(&self, lo_w: usize, hi_w: usize, min_share: f64) -> (Option<usize>, usize) {
        let intervals: Vec<(i64, i64)> = self.pairs.iter().map(|&i| self.interval(i)).collect();
        let multi: Vec<usize> =
            self.lines.iter().filter(|l| l.len > 0 && l.multiword).map(|l| l.len).collect();
        let lengths: Vec<usize> = self.pairs.iter().map(|&i| self.lines[i].len).collect();
        infer(&intervals, &multi, &lengths, lo_w, hi_w, min_share, 2)
    }

    /// Whether a greedy wrapper at `width` would have broken the line between lines `i` and
    /// `i + 1`. A multi-word line longer than the width was not made by the wrapper, but a
    /// lone over-long token (a URL) is put on a line of its own by one.
    pub fn is_wrap(&self, i: usize, width: usize) -> bool {
        let (lo, hi) = self.interval(i);
        let w = width as i64;
        let (a, b) = (&self.lines[i], &self.lines[i + 1]);
        let fits = lo <= w && w <= hi;
        let lone_long_token = lo > w && !a.multiword;
        if !(fits || lone_long_token) {
            return false;
        }
        !(b.multiword && b.len > width)
    }

    /// The pairs that are wraps at `width`.
    pub fn wraps(&self, width: usize) -> Vec<usize> {
        self.pairs.iter().copied().filter(|&i| self.is_wrap(i, width)).collect()
    }

    /// The joins of lines `joined` (to the next) that are a plain space: `(start, end)` of
    /// the newline and the next line's indent, which a space replaces; and the lines whose
    /// join needs a decision (a hyphen or a Hebrew maqaf at their end).
    pub fn plain_joins(&self, text: &str, joined: &[usize]) -> (Vec<(usize, usize)>, Vec<usize>) {
        let (mut plain, mut other) = (Vec::new(), Vec::new());
        for &i in joined {
            let (a, b) = (&self.lines[i], &self.lines[i + 1]);
            if a.hyphen_end || text[a.bytes.0..a.bytes.1].ends_with('\u{5be}') {
                other.push(i);
            } else {
                plain.push((a.end(), b.start + b.indent));
            }
        }
        (plain, other)
    }

    /// The text with the lines `joined` to the next by a space (less the next line's indent).
    pub fn merged(&self, text: &str, joined: &[bool]) -> String {
        let mut out = String::with_capacity(text.len());
        let mut current = String::new();
        let mut first = true;
        for (i, line) in self.lines.iter().enumerate() {
            let body = &text[line.bytes.0..line.bytes.1];
            if current.is_empty() {
                current.push_str(body);
            } else {
                current.push(' ');
                current.push_str(&body[line.indent..]);
            }
            if !joined.get(i).copied().unwrap_or(false) {
                if !first {
                    out.push('\n');
                }
                out.push_str(&current);
                first = false;
                current.clear();
            }
        }
        out
    }

    /// Whether the text, with the lines `joined` to the next, would still look
    /// hard-wrapped in the plain measure: evidence undone by its own result (a column of
    /// short menu items passes for text wrapped at 30).
    pub fn wrapped_again(
        &self,
        text: &str,
        joined: &[bool],
        lo_w: usize,
        hi_w: usize,
        min_share: f64,
    ) -> bool {
        let merged = self.merged(text, joined);
        Layout::new(&merged).width(lo_w, hi_w, min_share).0.is_some()
    }

    /// The single newlines after which a paragraph ends (`i` ends one, `i + 1` starts the
    /// next), in a text whose lines `joined` will be joined: not within a table, code, a
    /// hanging indent or a list, and not between two short paragraphs (up to `short` code
    /// points once unwrapped) of which the first ends no sentence (an address).
    pub fn paragraph_breaks(&self, text: &str, joined: &[bool], short: usize) -> Vec<usize> {
        let n = self.lines.len();
        // the length each paragraph will have once unwrapped, by its last and first line: a
        // long line is judged as it will stand after this pass, so a second pass agrees
        let mut ends_at = vec![0usize; n];
        let mut starts_at = vec![0usize; n];
        let (mut run, mut first) = (0usize, 0usize);
        for (i, line) in self.lines.iter().enumerate() {
            if line.len > 0 {
                run += line.len + 1;
            }
            if !joined[i] {
                let para = run.saturating_sub(1);
                ends_at[i] = para;
                starts_at[first] = para;
                run = 0;
                first = i + 1;
            }
        }
        (0..n.saturating_sub(1))
            .filter(|&i| {
                let (a, b) = (&self.lines[i], &self.lines[i + 1]);
                if a.len == 0 || b.len == 0 || joined[i] {
                    return false;
                }
                // a word broken at the line end (a letter, then a hyphen) is one paragraph
                // whatever the lengths: a wrap the width rule could not see, and a blank line
                // there would split the word for good
                let kept_together = self.table[i]
                    || self.table[i + 1]
                    || self.record[i]
                    || b.indent > a.indent
                    || (self.item[i + 1] && (self.colon[i] || self.item[i]))
                    || a.hyphen_end;
                !kept_together
                    && (ends_at[i] > short
                        || starts_at[i + 1] > short
                        || ends_sentence(&text[a.bytes.0..a.bytes.1]))
            })
            .collect()
    }

    /// The blocks (runs of lines that are not blank, as `str.strip` reads them) that hold
    /// line `i` and `i + 1` for some `i` of `indices`, `(first, last)` each once, in order,
    /// with `min_lines` lines or more of which every one after the first may start with a
    /// capital (an uppercase letter after its indent, or after one mark there that is neither
    /// a word character nor a space), and half of those or more after a line that ends no
    /// sentence, unless every line is `short` characters or fewer (`line_breaks._verse` then
    /// reads the words). Necessary conditions, checked without a Python object per line: a
    /// page of paragraphs one a line is a block of hundreds of lines that start with capitals.
    pub fn capital_blocks(
        &self,
        text: &str,
        indices: &[usize],
        min_lines: usize,
        short: usize,
    ) -> Vec<(usize, usize)> {
        let n = self.lines.len();
        let body = |k: usize| {
            let l = &self.lines[k];
            &text[l.bytes.0..l.bytes.1]
        };
        let blank = |k: usize| crate::pystr::is_blank(body(k));
        let capital = |k: usize| {
            let mut c = body(k).trim_start_matches([' ', '\t']).chars();
            match c.next() {
                Some(a) if a.is_uppercase() => true,
                Some(a) if !crate::pystr::is_word(a) && !is_space(a) => {
                    c.next().is_some_and(char::is_uppercase)
                }
                _ => false,
            }
        };
        let mut sorted: Vec<usize> = indices.iter().copied().filter(|&i| i + 1 < n).collect();
        sorted.sort_unstable();
        let mut out = Vec::new();
        let mut done = 0; // lines before this are in a block already looked at
        for i in sorted {
            if i < done || blank(i) || blank(i + 1) {
                continue;
            }
            let mut first = i;
            while first > 0 && !blank(first - 1) {
                first -= 1;
            }
            let mut last = i + 1;
            while last + 1 < n && !blank(last + 1) {
                last += 1;
            }
            done = last + 1;
            if last + 1 - first < min_lines || !(first + 1..=last).all(capital) {
                continue;
            }
            let all_short = (first..=last).all(|k| self.lines[k].len <= short);
            let open = (first + 1..=last).filter(|&k| all_short || !ends_sentence(body(k - 1))).count();
            if 2 * open >= last - first {
                out.push((first, last));
            }
        }
        out
    }

    /// The non-blank lines followed by a blank one (the paragraph ends of a blank-line
    /// document).
    pub fn before_blank(&self) -> Vec<usize> {
        let n = self.lines.len();
        (1..n.saturating_sub(1))
            .filter(|&i| self.lines[i].len == 0 && self.lines[i - 1].len > 0)
            .map(|i| i - 1)
            .collect()
    }

    /// Whether line `i`'s last word (blanks at its end aside), in ASCII lower case, is one of
    /// `words`.
    pub fn ends_in(&self, text: &str, i: usize, words: &HashSet<String>) -> bool {
        let l = &self.lines[i];
        let t = text[l.bytes.0..l.bytes.1].trim_end_matches(is_space);
        let last = t.rsplit(is_space).next().unwrap_or("");
        !last.is_empty() && last.is_ascii() && words.contains(&last.to_ascii_lowercase())
    }

    /// The paragraph breaks (a blank line, or a single newline in `breaks`) that split a
    /// sentence, as `(i, j)`: line `i` ends in a word of `no_end` (after which a sentence
    /// of the document's language cannot end; compared in ASCII lower case), line `j` is the
    /// next non-blank one and starts with a lower-case word, and the paragraph before (as it
    /// will be once unwrapped) is longer than `short`, has more than one word on its last
    /// line (once unwrapped: line `i` with the lines joined to it), and neither line is a
    /// table line nor `j` a list item.
    pub fn rejoins(
        &self,
        text: &str,
        joined: &[bool],
        breaks: &[bool],
        short: usize,
        no_end: &HashSet<String>,
    ) -> Vec<(usize, usize)> {
        let lines = &self.lines;
        let n = lines.len();
        let mut out = Vec::new();
        let mut para = 0usize; // the paragraph so far, as it will be once unwrapped
        let mut first = true; // line i is the first of that line (nothing joined to it)
        for i in 0..n.saturating_sub(1) {
            if lines[i].len == 0 {
                continue;
            }
            para += lines[i].len + 1;
            if joined[i] {
                first = false;
                continue;
            }
            let mut j = i + 1;
            while j < n && lines[j].len == 0 {
                j += 1;
            }
            if j == n {
                break;
            }
            // (the last line once unwrapped has more than one word if line i has, or if
            // lines were joined before it: so the decision is the same on the output)
            let unwrapped_words = lines[i].multiword || !first;
            if (j > i + 1 || breaks[i])
                && para - 1 > short
                && unwrapped_words
                && self.splits_sentence(text, i, j, no_end)
            {
                out.push((i, j));
                first = false;
                continue; // the paragraph goes on
            }
            para = 0;
            first = true;
        }
        out
    }

    fn splits_sentence(&self, text: &str, i: usize, j: usize, no_end: &HashSet<String>) -> bool {
        let (a, b) = (&self.lines[i], &self.lines[j]);
        if b.indent > 0 {
            return false;
        }
        let (at, bt) = (&text[a.bytes.0..a.bytes.1], &text[b.bytes.0..b.bytes.1]);
        // a line that ends (or starts) with a Unicode blank such as a no-break space has no
        // word at that edge to judge
        if at.chars().next_back().is_none_or(is_space) || bt.chars().next().is_none_or(is_space) {
            return false;
        }
        let last = at.rsplit(is_space).next().unwrap_or("");
        let first = bt.split(is_space).next().unwrap_or("");
        if !last.is_ascii()
            || !no_end.contains(&last.to_ascii_lowercase())
            || !is_alpha(first)
            || !is_lower(first)
        {
            return false;
        }
        !(self.item[j] || self.table[i] || self.table[j])
    }
}

/// The wrap width: the first width between `lo_w` and `hi_w` with the best score (the pairs
/// that are wraps at it, less two for every multi-word line longer than it, a thing a
/// wrapper never makes), among those where at least `least` pairs are wraps; `None` where
/// no score is positive, or where the pairs that are wraps are less than `min_share` of
/// those whose first line is between half the width and the width (lines under half the
/// width end paragraphs whatever the width: they say nothing). `intervals` are the pairs'
/// wrap intervals, `multi` the lengths of the multi-word lines, `lengths` the lengths of
/// the pairs' first lines. Returns the width and the pairs that are wraps at it.
pub fn infer(
    intervals: &[(i64, i64)],
    multi: &[usize],
    lengths: &[usize],
    lo_w: usize,
    hi_w: usize,
    min_share: f64,
    least: usize,
) -> (Option<usize>, usize) {
    if intervals.len() < least || lo_w > hi_w {
        return (None, 0);
    }
    let size = hi_w + 2;
    let mut cover = vec![0i64; size]; // difference array: pairs that are wraps at width W
    let mut spans = 0usize;
    for &(lo, hi) in intervals {
        let (lo, hi) = (lo.max(lo_w as i64), hi.min(hi_w as i64));
        if lo <= hi {
            cover[lo as usize] += 1;
            cover[hi as usize + 1] -= 1;
            spans += 1;
        }
    }
    if spans < least {
        return (None, 0); // (most text: no two breaks that a wrapper could have made)
    }
    let mut runs = vec![0i64; size];
    let mut acc = 0i64;
    for (w, c) in cover.iter().enumerate() {
        acc += c;
        runs[w] = acc;
    }
    if runs.iter().copied().max().unwrap_or(0) < least as i64 {
        return (None, 0);
    }
    let mut longer = vec![0i64; size + 1];
    for &len in multi {
        longer[len.min(hi_w + 1)] += 1;
    }
    let mut above = vec![0i64; size + 1]; // above[k]: multi-word lines of length >= k
    let mut acc = 0i64;
    for k in (0..=size).rev() {
        acc += longer[k];
        above[k] = acc;
    }
    let mut best: Option<(i64, usize)> = None;
    for w in lo_w..=hi_w {
        if runs[w] >= least as i64 {
            let score = runs[w] - 2 * above[w + 1];
            if best.is_none_or(|(b, _)| score > b) {
                best = Some((score, w));
            }
        }
    }
    let Some((score, width)) = best else { return (None, 0) };
    if score <= 0 {
        return (None, 0);
    }
    let run = runs[width] as usize;
    let fitting = lengths.iter().filter(|&&n| width <= 2 * n && n <= width).count();
    if (run as f64) < min_share * fitting as f64 {
        return (None, 0);
    }
    (Some(width), run)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn record_heads_are_words_of_one_shape_with_a_digit() {
        let same = |a: &str, b: &str| same_record_head(a.as_bytes(), b.as_bytes());
        assert!(
            same("2024-03-01 12:00 x", "2023-11-30 y")
                && same("09:15 a", "10:00 b")
                && same("3 eggs", "2 cups")
        );
        assert!(
            !same("2024-03-01 x", "12:00 y") && !same("The 3", "The 4") && !same("", "") && !same("x", "x")
        );
    }

    fn wrap(text: &str, width: usize) -> String {
        let mut out = Vec::new();
        let mut line = String::new();
        for w in text.split(' ') {
            if !line.is_empty() && line.len() + 1 + w.len() > width {
                out.push(std::mem::take(&mut line));
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(w);
        }
        out.push(line);
        out.join("\n")
    }

    const PARA: &str = "The council discussed the mission in Kosovo with no agreement being reached over its \
        future status, officials said on Wednesday after a long meeting that ran late into the night in New York.";

    /// The per-line facts as the layout once found them, test by test (the oracle of the
    /// one-pass scan): the lines, the table flags before the code tests, the weak markers.
    fn per_line_oracle(text: &str) -> (Vec<WrapLine>, Vec<bool>, Vec<bool>, bool) {
        let mut lines = Vec::new();
        let (mut start, mut byte) = (0usize, 0usize);
        for raw in text.split('\n') {
            let body = raw.trim_end_matches([' ', '\t', '\r']);
            let indent = body.len() - body.trim_start_matches([' ', '\t']).len();
            let rest = &body[indent..];
            lines.push(WrapLine {
                start,
                len: body.chars().count(),
                bytes: (byte, byte + body.len()),
                indent,
                first_word: rest.split(' ').next().unwrap_or("").chars().count(),
                multiword: rest.contains(' '),
                hyphen_end: hyphen_end(body),
            });
            start += raw.chars().count() + 1;
            byte += raw.len() + 1;
        }
        let texts: Vec<&str> = lines.iter().map(|l| &text[l.bytes.0..l.bytes.1]).collect();
        let table = texts
            .iter()
            .map(|t| (t.contains('\t') || t.contains("   ") || t.contains('|')) && table_line(t))
            .collect();
        let weak = texts.iter().map(|t| !t.is_empty() && weak_bullet().is_match(t)).collect();
        let has = |s: &str| texts.iter().any(|t| t.contains(s));
        let gate = has("{") || has("}") || has("$ ") || has(">>> ");
        (lines, table, weak, gate)
    }

    #[test]
    fn one_pass_scan_agrees_with_the_tests_one_by_one() {
        const PIECES: &[&str] = &[
            "a",
            "word",
            " ",
            "  ",
            "   ",
            "\t",
            "\r",
            "\n",
            "\n\n",
            "|",
            "{",
            "}",
            "$",
            "$ ",
            ">",
            ">>>",
            ">>> ",
            "-",
            "- ",
            "* ",
            "+",
            "1.",
            "12)",
            "a.",
            "b)",
            "(a) ",
            "(",
            "\u{2013} ",
            "\u{e9}",
            "\u{663}. ",
            "\u{4e2d}",
            "\u{a0}",
            "\u{2022} ",
            ":",
            "\\",
            "x-",
            "\u{e9}-",
        ];
        let mut lcg = crate::testrng::Lcg::new(0x2545_f491_4f6c_dd1d);
        for _ in 0..20_000 {
            let text = lcg.text(PIECES, 59, 0);
            let (lines, table, weak, gate) = per_line_oracle(&text);
            let layout = Layout::new(&text);
            assert_eq!(layout.lines, lines, "{text:?}");
            let b = text.as_bytes();
            let scans: Vec<LineScan> = lines.iter().map(|l| LineScan::of(&b[l.bytes.0..l.bytes.1])).collect();
            let got: Vec<bool> = lines
                .iter()
                .zip(&scans)
                .map(|(l, s)| (s.tab || s.three_spaces || s.pipe) && table_line(&text[l.bytes.0..l.bytes.1]))
                .collect();
            assert_eq!(got, table, "{text:?}");
            assert_eq!(scans.iter().any(|s| s.brace || s.dollar || s.prompt), gate, "{text:?}");
            for (l, s) in lines.iter().zip(&scans) {
                let t = &text[l.bytes.0..l.bytes.1];
                let want = (t.contains('\t'), t.contains('|'), t.contains("   "), t.contains(['{', '}']));
                assert_eq!((s.tab, s.pipe, s.three_spaces, s.brace), want, "{t:?}");
                assert_eq!((s.dollar, s.prompt), (t.contains("$ "), t.contains(">>> ")), "{t:?}");
            }
            for (l, w) in lines.iter().zip(weak) {
                let t = &text[l.bytes.0..l.bytes.1];
                assert!(!w || may_be_weak_bullet(&t.as_bytes()[l.indent..]), "{t:?}");
            }
        }
    }

    #[test]
    fn lines_are_pythons_split_with_ascii_blanks_stripped() {
        let l = Layout::new("  ab \t\r\nc\u{a0}\n\n\u{e9}t\u{e9}-");
        let got: Vec<(usize, usize, usize)> = l.lines.iter().map(|x| (x.start, x.len, x.indent)).collect();
        assert_eq!(got, vec![(0, 4, 2), (8, 2, 0), (11, 0, 0), (12, 4, 0)]);
        assert!(l.lines[3].hyphen_end);
    }

    #[test]
    fn the_width_of_wrapped_text_is_found() {
        let text = wrap(PARA, 43);
        let l = Layout::new(&text);
        assert_eq!(l.width(30, 160, 0.5).0, Some(43));
        assert_eq!(Layout::new(PARA).width(30, 160, 0.5).0, None);
        let joins = l.wraps(43);
        assert_eq!(joins.len(), l.lines.len() - 1);
        let (plain, other) = l.plain_joins(&text, &joins);
        assert_eq!((plain.len(), other.len()), (joins.len(), 0));
        assert_eq!(&text[plain[0].0..plain[0].1], "\n");
        assert!(!l.wrapped_again(&text, &vec![true; l.lines.len()], 30, 160, 0.5));
    }

    #[test]
    fn structure_flags() {
        let l = Layout::new("Steps:\n1. mix\n2. bake\n15. May was warm\n\n3. cups of it");
        assert_eq!(l.item, vec![false, true, true, true, false, false]);
        let l = Layout::new("Run:\ncurl -s https://x.org \\\n-o out.txt\nThen it works.");
        assert_eq!(l.table, vec![false, true, true, false]);
        let l = Layout::new("a  b\nx    y\n| a | b |\n  {\n\"k\": 1,\n}\n$ ls -l\n\u{2022} item");
        assert_eq!(l.table, vec![false, true, true, true, true, true, true, false]);
        assert!(l.item[7]);
    }

    #[test]
    fn blocks_that_may_be_verse_start_every_line_after_the_first_with_a_capital() {
        let text = "Title\n\nOne line\n\u{201c}Two\nThree\n  Four\n\nfive\nSix\nSeven\nEight\n";
        let layout = Layout::new(text);
        // lines 2..=5 (a quote mark and an indent before a capital are allowed); 7..=10 starts
        // in lower case, but only the lines after a block's first are asked
        assert_eq!(layout.capital_blocks(text, &[2, 3, 8, 8, 0], 4, 60), vec![(2, 5), (7, 10)]);
        assert_eq!(layout.capital_blocks(text, &[2], 5, 60), vec![]);
        let prose = "The rules\nwere changed\nOn Monday\nBy the board\n";
        assert!(Layout::new(prose).capital_blocks(prose, &[0], 4, 60).is_empty());
        // paragraphs one a line: each ends a sentence, and they are long
        let paragraphs = "The board met.\nIt agreed.\nThe rules changed.\nNobody objected.\n";
        assert_eq!(Layout::new(paragraphs).capital_blocks(paragraphs, &[0], 4, 60), vec![(0, 3)]);
        assert!(Layout::new(paragraphs).capital_blocks(paragraphs, &[0], 4, 10).is_empty());
    }

    #[test]
    fn python_predicates() {
        assert!(is_alpha("caf\u{e9}") && !is_alpha("cafe\u{301}") && !is_alpha("a1") && !is_alpha(""));
        assert!(is_lower("the") && is_lower("\u{e9}t\u{e9}") && !is_lower("The") && !is_lower("123"));
        assert!(!is_lower("\u{1c5}a"));
        assert!(ends_sentence("He left.\"") && ends_sentence("\u{4ed6}\u{3002}") && !ends_sentence("the"));
    }

    #[test]
    fn rejoins_need_a_word_that_cannot_end_a_sentence() {
        let text = "A paragraph that runs long enough and then ends with the\n\nword that goes on.\n";
        let l = Layout::new(text);
        let n = l.lines.len();
        let no_end: HashSet<String> = ["the".to_string()].into_iter().collect();
        assert_eq!(l.rejoins(text, &vec![false; n], &vec![false; n], 40, &no_end), vec![(0, 2)]);
        assert_eq!(l.rejoins(text, &vec![false; n], &vec![false; n], 80, &no_end), vec![]);
        assert_eq!(l.before_blank(), vec![0]);
    }

    #[test]
    fn short_lines_that_end_no_sentence_stay_together() {
        let text = "Jane Doe\n12 High Street\nLondon\nThis is a sentence that is long enough to be a paragraph.\nAnd another.";
        let l = Layout::new(text);
        let n = l.lines.len();
        assert_eq!(l.paragraph_breaks(text, &vec![false; n], 40), vec![2, 3]);
        // a line ending in a broken word is not a paragraph's end, however long
        let text = "A line long enough to be a paragraph of its own, ending in a bro-\nken word and going on to the end.";
        let l = Layout::new(text);
        assert!(l.paragraph_breaks(text, &[false, false], 40).is_empty());
    }
}
