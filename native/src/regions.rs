//! The scans of `textclean/core/regions.py` that run over every character of every text
//! version the host checks: inline code spans and URLs, and the lines that may start a block
//! region. (The block rules themselves, which look only at those lines, stay in Python.)
//! Offsets are in code points.

use regex::Regex;

use crate::pystr::{self, CharOffsets};

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

/// A sign of a format: a pattern, and what every match of it contains (one of the
/// alternatives, each strings that must all be in the text). Where none is there, the
/// pattern is not run: one starting with a line break is tried at every line of a page, and
/// naive page text has hundreds.
struct Sign {
    pattern: Regex,
    needs: &'static [&'static [&'static str]],
}

/// The signs of Markdown, then of reStructuredText (`regions.detect_format`), with `re`'s
/// classes spelt as Python has them: `\S` is neither whitespace nor an information separator,
/// `\w` a letter, a number or `_` ([`pystr`]).
fn signs() -> &'static [Vec<Sign>; 2] {
    static SIGNS: std::sync::OnceLock<[Vec<Sign>; 2]> = std::sync::OnceLock::new();
    SIGNS.get_or_init(|| {
        let (s, w) = (r"[^\s\x1c-\x1f]", r"\p{Alphabetic}\p{N}_");
        let sign = |p: String, needs| Sign { pattern: Regex::new(&p).expect("a valid regex"), needs };
        [
            vec![
                // an ATX heading, a fence, a link, a link definition
                sign(format!(r"\n {{0,3}}#{{1,6}} {s}"), &[&["# "]]),
                sign(r"\n {0,3}(?:```|~~~)".into(), &[&["```"], &["~~~"]]),
                sign(r"\]\((?:https?://|\.{0,2}/|#)[^)\s\x1c-\x1f]*\)".into(), &[&["]("]]),
                sign(format!(r"\n {{0,3}}\[[^\]\n]+\]: {s}"), &[&["]: "]]),
            ],
            vec![
                // a directive, a target, a role, a hyperlink reference
                sign(format!(r"\n\.\. [A-Za-z][{w}-]*::"), &[&["\n.. "]]),
                sign(r"\n\.\. _[^:\n]+:".into(), &[&["\n.. _"]]),
                sign(format!(r":(?:ref|doc|class|func|meth|mod|py:[{w}]+):`"), &[&[":`"]]),
                sign(r"`[^`\n]+ <[^>\n]+>`_".into(), &[&[">`_"]]),
            ],
        ]
    })
}

/// How many signs of Markdown and of reStructuredText (matches of [`signs`], each
/// pattern's own count, as `re.findall` counts them) the first `limit` code points of `text`
/// have, after a line break (so that a sign at the start of a line is one at the start of
/// the text too).
pub fn format_signs(text: &str, limit: usize) -> (usize, usize) {
    let head = format!("\n{}", &text[..pystr::byte_of_char(text, limit)]);
    let count = |signs: &[Sign]| {
        signs
            .iter()
            .filter(|s| {
                s.needs.iter().any(|need| {
                    need.iter().all(|n| memchr::memmem::find(head.as_bytes(), n.as_bytes()).is_some())
                })
            })
            .map(|s| s.pattern.find_iter(&head).count())
            .sum()
    };
    let [md, rst] = signs();
    (count(md), count(rst))
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
        for (rx, key) in url_patterns().iter().zip(keys) {
            if key {
                // (matches come in order and do not overlap: offsets are asked in increasing order)
                let mut at = CharOffsets::new(text);
                out.extend(rx.find_iter(text).map(|m| (at.at(m.start()), at.at(m.end()), "url")));
            }
        }
    }
    out
}

/// Skips spaces and tabs.
fn blanks(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && (b[i] == b' ' || b[i] == b'\t') {
        i += 1;
    }
    i
}

/// Whether the line `b` (without its `\n`) ends at `i`, but for an optional `\r`.
fn ends(b: &[u8], i: usize) -> bool {
    i == b.len() || (i + 1 == b.len() && b[i] == b'\r')
}

/// How many of `c` start at `i`.
fn run(b: &[u8], i: usize, c: u8) -> usize {
    b[i..].iter().take_while(|&&x| x == c).count()
}

/// A Markdown fence: up to three spaces, then three or more backticks or tildes.
fn fence(b: &[u8]) -> bool {
    let i = b.iter().take(3).take_while(|&&x| x == b' ').count();
    i < b.len() && (b[i] == b'`' || b[i] == b'~') && run(b, i, b[i]) >= 3
}

/// A reST directive: `.. name::` (the name a letter, then word characters and hyphens).
fn directive(line: &str) -> bool {
    let b = line.as_bytes();
    let i = blanks(b, 0);
    if !b[i..].starts_with(b"..") {
        return false;
    }
    let j = blanks(b, i + 2);
    if j == i + 2 || j >= b.len() || !b[j].is_ascii_alphabetic() {
        return false;
    }
    let rest = &line[j + 1..];
    let name = rest.find(|c: char| !(pystr::is_word(c) || c == '-')).unwrap_or(rest.len());
    rest[name..].starts_with("::")
}

/// A grid table's rule: `+----+====+`.
fn grid_rule(b: &[u8]) -> bool {
    let mut i = blanks(b, 0);
    if i >= b.len() || b[i] != b'+' {
        return false;
    }
    i += 1;
    let mut cells = 0;
    loop {
        let k = b[i..].iter().take_while(|&&x| x == b'-' || x == b'=').count();
        if k == 0 || i + k >= b.len() || b[i + k] != b'+' {
            break;
        }
        i += k + 1;
        cells += 1;
    }
    cells >= 1 && ends(b, blanks(b, i))
}

/// A reST simple table's border: two or more runs of `=` between blanks.
fn simple_border(b: &[u8]) -> bool {
    let mut i = blanks(b, 0);
    let mut runs = 0;
    loop {
        let k = run(b, i, b'=');
        if k == 0 {
            break;
        }
        runs += 1;
        let j = blanks(b, i + k);
        if j == i + k {
            i = j;
            break;
        }
        i = j;
    }
    runs >= 2 && ends(b, i)
}

/// A GFM table's rule: cells of `:?-+:?` between pipes (the outer pipes optional).
fn table_rule(b: &[u8]) -> bool {
    let cell = |mut i: usize| -> Option<usize> {
        if i < b.len() && b[i] == b':' {
            i += 1;
        }
        let k = run(b, i, b'-');
        if k == 0 {
            return None;
        }
        i += k;
        if i < b.len() && b[i] == b':' {
            i += 1;
        }
        Some(blanks(b, i))
    };
    let mut i = blanks(b, 0);
    if i < b.len() && b[i] == b'|' {
        i = blanks(b, i + 1);
    }
    let Some(mut i) = cell(i) else { return false };
    while i < b.len() && b[i] == b'|' {
        match cell(blanks(b, i + 1)) {
            Some(j) => i = j,
            None => return ends(b, blanks(b, i + 1)), // the closing pipe
        }
    }
    ends(b, i)
}

/// A section title's underline (or overline): three or more of one punctuation character,
/// from the start of the line.
fn underline(b: &[u8]) -> bool {
    match b.first() {
        Some(&c) if b"=-~^\"'#*+".contains(&c) => {
            let k = run(b, 0, c);
            k >= 3 && ends(b, blanks(b, k))
        }
        _ => false,
    }
}

/// Whether `line` (without its `\n`) can start or shape a block region: a fence, a
/// directive, a grid or GFM table rule, a simple table's border, an underline.
pub fn trigger_line(line: &str) -> bool {
    let b = line.as_bytes();
    fence(b) || directive(line) || grid_rule(b) || simple_border(b) || table_rule(b) || underline(b)
}

/// A line ending in `::` (then only blanks other than newlines): a reST literal block opener.
fn literal_end(line: &str) -> bool {
    line.trim_end_matches(|c: char| pystr::is_space(c) && c != '\n').ends_with("::")
}

/// What region detection needs to know before it looks at any line: where the lines that can
/// start a region start (trigger lines and literal-block openers, split at `\n` only; in no
/// particular order, maybe twice), and whether the text has line breaks other than `\n` and
/// `\r\n` (which `str.splitlines` honours and `\n` does not).
pub fn triggers(text: &str, column_rows: usize) -> (Vec<usize>, bool) {
    let mut out = Vec::new();
    let mut rows = Vec::new(); // the other lines with a gap between columns
    let (mut gaps, mut padded) = (0, false);
    let mut at = CharOffsets::new(text);
    let bytes = text.as_bytes();
    // (the lines as `split('\n')` gives them, cut at the newlines one vectorised search
    // finds: `split` set up a search per line, most of the scan's time on short lines)
    let ends = memchr::memchr_iter(b'\n', bytes).chain(std::iter::once(bytes.len()));
    let mut start = 0;
    for end in ends {
        let line = &text[start..end];
        // (most lines start with a letter: only a line whose first character after its
        // indentation can start a trigger is tried, and a literal-block opener ends in ':')
        let b = line.as_bytes();
        if b.is_empty() {
            // (two lines in three of a naive page's text: nothing to look at)
            start += 1;
            continue;
        }
        let first = b.get(blanks(b, 0)).copied().unwrap_or(b'a');
        let hinted = b"`~.+|:-=^\"'#*".contains(&first);
        let (spaces, colons) = pairs(b);
        let gap = if spaces { column_gap(line) } else { None };
        if let Some(width) = gap {
            gaps += 1;
            padded |= width >= 3;
        }
        if (hinted && trigger_line(line)) || (colons && literal_end(line)) {
            out.push(at.at(start));
        } else if gap.is_some() {
            rows.push(at.at(start));
        }
        start += line.len() + 1;
    }
    // (a table laid out in columns needs that many rows, one of them padded)
    if padded && gaps >= column_rows {
        out.extend(rows);
        out.sort_unstable();
    }
    (out, other_breaks(text))
}

/// Whether `b` has two spaces in a row, and two colons in a row: one pass over its bytes
/// without branches, which on a short line costs less than setting up two substring
/// searches (most lines of a page are short).
fn pairs(b: &[u8]) -> (bool, bool) {
    let (mut spaces, mut colons) = (false, false);
    if let Some(rest) = b.get(1..) {
        // (each byte beside the next, compared with `&`, not `&&`: a loop the compiler
        // vectorises; a branch per byte made this most of the scan's time)
        for (&p, &q) in b.iter().zip(rest) {
            spaces |= (p == b' ') & (q == b' ');
            colons |= (p == b':') & (q == b':');
        }
    }
    (spaces, colons)
}

/// Whether `c` is a byte of one of the line breaks [`other_breaks`] looks for.
#[inline]
fn break_byte(c: u8) -> bool {
    matches!(c, 0x0b | 0x0c | 0x1c..=0x1e | b'\r' | 0x85 | 0xa8 | 0xa9)
}

/// Whether `text` has a line break other than `\n` and `\r\n`: `\x0b`, `\x0c`, `\x1c`-`\x1e`,
/// `\x85`, `\u2028`, `\u2029` or a lone `\r`. One pass over the bytes: in UTF-8, `\x85` is
/// the byte 0x85 after the lead byte 0xC2, and `\u2028`/`\u2029` are 0xE2 0x80 0xA8/0xA9
/// (0xC2 and 0xE2 are never continuation bytes).
pub fn other_breaks(text: &str) -> bool {
    let b = text.as_bytes();
    // (blocks of 64 bytes without any such byte, most of a text, are passed over by a loop
    // the compiler vectorises; the bytes of a block that has one are looked at one by one)
    let mut i = 0;
    while i < b.len() {
        let end = (i + 64).min(b.len());
        if b[i..end].iter().fold(false, |acc, &c| acc | break_byte(c)) && (i..end).any(|k| break_at(b, k)) {
            return true;
        }
        i = end;
    }
    false
}

/// Whether a line break other than `\n` and `\r\n` ends at or starts at byte `i` of `b`.
fn break_at(b: &[u8], i: usize) -> bool {
    match b[i] {
        0x0b | 0x0c | 0x1c..=0x1e => true,
        b'\r' => b.get(i + 1) != Some(&b'\n'),
        0x85 => i >= 1 && b[i - 1] == 0xc2,
        0xa8 | 0xa9 => i >= 2 && b[i - 1] == 0x80 && b[i - 2] == 0xe2,
        _ => false,
    }
}

/// The width of the widest gap between two columns in `line`: a run of two spaces or more
/// between a character that is not a space or the end of a sentence (`.`, `!`, `?`) and one
/// that is not a space (`(?<=[^\s.!?]) {2,}(?=\S)`, as `core/regions.py` reads a row).
fn column_gap(line: &str) -> Option<usize> {
    let b = line.as_bytes();
    let mut widest = None;
    let mut i = 0;
    while let Some(k) = memchr::memmem::find(&b[i..], b"  ") {
        let s = i + k;
        let mut e = s + 2;
        while e < b.len() && b[e] == b' ' {
            e += 1;
        }
        let before = line[..s].chars().next_back();
        let after = line[e..].chars().next();
        if before.is_some_and(|c| !pystr::is_space(c) && !matches!(c, '.' | '!' | '?'))
            && after.is_some_and(|c| !pystr::is_space(c))
        {
            widest = widest.max(Some(e - s));
        }
        i = e;
    }
    widest
}

/// The shapes of a line of source code (the line stripped): Python's `def`, `class`,
/// imports and block headers, C's `#include`, JavaScript's declarations, Java's members, an
/// assignment, a call as a statement, a line ending a statement or opening a block, a line
/// of closing brackets. Each was checked against the prose of every development corpus
/// (news pages, web text in four languages, CleanEval's and Readability's gold): only the
/// scripts a naive scraper leaves in a page's text match there, once the guards of
/// [`code_line`] apply.
fn code_shapes() -> &'static [Regex] {
    static SHAPES: std::sync::OnceLock<Vec<Regex>> = std::sync::OnceLock::new();
    SHAPES.get_or_init(|| {
        [
            r"^(?:async\s+)?def [A-Za-z_]\w*\s*\(.*\)\s*(?:->.*)?:\s*(?:#.*)?$",
            r"^class [A-Za-z_]\w*\s*(?:\(.*\))?\s*:\s*(?:#.*)?$",
            r"^import [A-Za-z_][\w.]*(?:\s+as\s+\w+)?(?:\s*,\s*[A-Za-z_][\w.]*(?:\s+as\s+\w+)?)*\s*;?\s*$",
            r"^from [A-Za-z_.][\w.]* import [\w*, ()]+$",
            r"^#include\s*[<\x22]",
            r"^(?:if|elif|while|for|with)\b.*[()\[\]=<>].*:\s*(?:#.*)?$",
            r"^(?:else|try|finally)\s*:\s*(?:#.*)?$",
            r"^except\b[^:]*:\s*(?:#.*)?$",
            r"^return(?:\s*;|\s+[\w.\[\]()\x22', +*/-]+;?)\s*$",
            r"^(?:function\s*\w*\s*\(|(?:const|let|var)\s+[A-Za-z_$][\w$]*\s*=)",
            r"^(?:public|private|protected|static)\s+[\w<>\[\], ]+\s*[\w$]+\s*\(",
            r"^[A-Za-z_][\w.]*(?:\[[^\]]*\])?\s*(?:[-+*/%|&]|//|\*\*)?=\s*([^=\s].*)$",
            // (a name in lower case or with a dot or "_" in it: "Comment(s)" is a heading)
            r"^(?:[a-z_][\w.]*|[A-Za-z_]\w*[._][\w.]*)\(.*\)\s*;?\s*$",
            r"(?:\{|\)\s*;|=[^=]*;)\s*$",
            r"^[}\])]+\s*[;,)]*\s*$",
            // a command after a shell or Python prompt
            r"^(?:\$|>>>) \S",
            // a unified diff's file and hunk headers
            r"^(?:---|\+\+\+) \S*[/.]\S*(?:\s|$)|^@@ -\d+(?:,\d+)? \+\d+(?:,\d+)? @@",
            // SQL's clauses, in capitals
            // (each with what follows it in a statement: a heading in capitals is not one)
            r"^(?:SELECT .*(?:,|\*|\bFROM\b)|FROM [a-z_][\w.]*|WHERE .*(?:=|<|>|\bLIKE\b|\bIN\b)|(?:GROUP|ORDER) BY [a-z_]|INSERT INTO \w|UPDATE \w+ SET |DELETE FROM \w|CREATE (?:TABLE|INDEX|VIEW) \w|(?:INNER |LEFT )?JOIN [a-z_])",
        ]
        .iter()
        .map(|p| Regex::new(p).expect("a valid regex"))
        .collect()
    })
}

/// The shapes of [`code_shapes`] (by their index) that hold of a line whatever words follow:
/// a `def`, a `class`, an import, an `#include`, a command after a prompt, a diff's headers.
/// The others do not hold of a line with a run of four words outside its strings and
/// comments (prose: "AEDT = Australian Eastern Daylight Time which is...", a list of
/// subjects ending in ";").
const WORDY_SHAPES: [usize; 7] = [0, 1, 2, 3, 4, 15, 16];
const ASSIGNMENT: usize = 11;
const STATEMENT_END: usize = 13;

/// The line without its strings (`"..."`, `'...'`) and its comment (`#` or `//` to the end).
fn code_only(line: &str) -> std::borrow::Cow<'_, str> {
    static STRINGS: std::sync::OnceLock<Regex> = std::sync::OnceLock::new();
    STRINGS
        .get_or_init(|| Regex::new(r#""[^"]*"|'[^']*'|#.*$|//.*$"#).expect("a valid regex"))
        .replace_all(line, "")
}

/// Four words of two letters or more in a row, separated by single spaces: prose. (A scan,
/// as the regex `[^\W\d_]{2,} [^\W\d_]{2,} [^\W\d_]{2,} [^\W\d_]{2,}` finds them: the
/// first word may be the end of a longer token, the last the start of one; the two between
/// are whole. The regex's Unicode classes cost 3 ms to compile, paid by the first document
/// with code.)
fn prose_run(line: &str) -> bool {
    // `chain`: the words of a run that end at the last space; `letters`: the letters since
    // the last space or other character; `whole`: every character since the last space is
    // a letter.
    let (mut chain, mut letters, mut whole) = (0u8, 0usize, false);
    for c in line.chars() {
        if c == ' ' {
            chain = if letters >= 2 && whole && chain >= 1 { chain + 1 } else { u8::from(letters >= 2) };
            letters = 0;
            whole = true;
        } else if word_letter(c) {
            letters += 1;
            if chain >= 3 && whole && letters >= 2 {
                return true;
            }
        } else {
            // (a run goes on only through whole words)
            chain = 0;
            letters = 0;
            whole = false;
        }
    }
    false
}

crate::uclass::class!(
    /// `[^\W\d_]`: a letter of a word (a word character that is not a digit nor `_`).
    word_letter,
    r"[^\W\d_]"
);

/// Compiles the patterns [`unmarked_code`] uses, so that the first document with a line of
/// code does not pay for it (some 10 ms: their Unicode classes).
pub fn prepare_unmarked_code() {
    code_shapes();
    code_only("");
    key_value_pattern();
}

/// The words a line of [`code_shapes`] may start with, when no other byte makes it one.
const CODE_STARTS: [&str; 20] = [
    "def ",
    "async ",
    "class ",
    "import ",
    "from ",
    "#include",
    "if",
    "elif",
    "while",
    "for",
    "with",
    "else",
    "try",
    "finally",
    "except",
    "return",
    "public ",
    "private ",
    "protected ",
    "static ",
];

/// The words a line of SQL of [`code_shapes`] starts with.
const SQL_STARTS: [&str; 18] = [
    "SELECT ", "FROM ", "WHERE ", "GROUP ", "ORDER ", "HAVING ", "LIMIT ", "UNION ", "VALUES ", "INSERT ",
    "UPDATE ", "DELETE ", "CREATE ", "ALTER ", "DROP ", "JOIN ", "INNER ", "LEFT ",
];

/// Whether the stripped line `s` may have a shape of [`code_shapes`]: the bytes each needs
/// (an `=`, a last `)`, `;` or `{`, a first closing bracket, `function`, a keyword first).
/// Most lines of prose have none and are not looked at further.
fn code_candidate(s: &str) -> bool {
    let b = s.as_bytes();
    matches!(b.last(), Some(b')' | b';' | b'{'))
        || s.starts_with("$ ")
        || s.starts_with(">>> ")
        || s.starts_with("--- ")
        || s.starts_with("+++ ")
        || s.starts_with("@@ -")
        || (b.first().is_some_and(u8::is_ascii_uppercase) && SQL_STARTS.iter().any(|k| s.starts_with(k)))
        || matches!(b.first(), Some(b'}' | b']' | b')'))
        || (matches!(
            b.first(),
            Some(b'a' | b'c' | b'd' | b'e' | b'f' | b'i' | b'p' | b'r' | b's' | b't' | b'w' | b'#')
        ) && CODE_STARTS.iter().any(|k| s.starts_with(k)))
        || memchr::memchr(b'=', b).is_some()
        || memchr::memmem::find(b, b"function").is_some()
}

/// Whether the stripped line `s` has the shape of a statement of source code.
fn code_line(s: &str) -> bool {
    if !code_candidate(s) {
        return false;
    }
    // (strings and comments taken out only where the line has any)
    let bare = if s.contains(['"', '\'', '#', '/']) { code_only(s) } else { std::borrow::Cow::Borrowed(s) };
    let wordy = prose_run(&bare);
    code_shapes().iter().enumerate().any(|(i, shape)| {
        if wordy && !WORDY_SHAPES.contains(&i) {
            return false;
        }
        match i {
            // a call or an assignment before the ";" ("Purposes);" ends a list of subjects)
            STATEMENT_END => shape.is_match(s) && (s.ends_with('{') || call_or_assignment(&bare)),
            // a value, not a sentence, after "=": four words at most, or code punctuation
            ASSIGNMENT => shape.captures(s).and_then(|m| m.get(1)).is_some_and(|rhs| {
                let rhs = code_only(rhs.as_str());
                pystr::split(&rhs).count() <= 4 || rhs.contains(['(', '[', '{', '"', '\'', ';'])
            }),
            _ => shape.is_match(s),
        }
    })
}

/// A call (a name right before "(") or an assignment ("=") in `s`.
fn call_or_assignment(s: &str) -> bool {
    let b = s.as_bytes();
    b.contains(&b'=')
        || b.windows(2)
            .any(|w| w[1] == b'(' && (w[0] == b'_' || w[0] == b']' || w[0].is_ascii_alphanumeric()))
}

/// The bytes of spaces and tabs `line` starts with.
fn indent_width(line: &str) -> usize {
    line.len() - line.trim_start_matches([' ', '\t']).len()
}

/// A line that belongs to code around it without a shape of its own: indented deeper than
/// the least indented line of its paragraph, a comment, or two brackets, `=` or `;` at least;
/// never a line with a run of prose outside a comment.
fn code_context_line(line: &str, indent: usize) -> bool {
    let s = pystr::strip(line);
    let comment = ["#", "//", "/*", "*"].iter().any(|c| s.starts_with(c));
    if !comment && prose_run(&code_only(s)) {
        return false;
    }
    indent_width(line) > indent
        || comment
        || s.starts_with("--")
        || s.bytes().filter(|c| b"()[]{}=;".contains(c)).count() >= 2
}

fn key_value_pattern() -> &'static Regex {
    static KV: std::sync::OnceLock<Regex> = std::sync::OnceLock::new();
    KV.get_or_init(|| {
        Regex::new(r"^(?:- )?[A-Za-z_][\w.-]*:(?:[ \t]+\S+(?:[ \t]+\S+){0,3})?$").expect("a valid regex")
    })
}

/// A line of `key: value` data (configuration, YAML, a mail's headers): a name without spaces,
/// a colon, then nothing or at most four words, and no sentence end ("Note: see below." is a
/// sentence).
fn key_value_line(s: &str) -> bool {
    let kv = key_value_pattern();
    // (the name before the first colon, checked first: most lines with a colon are prose)
    let b = s.as_bytes();
    let Some(colon) = memchr::memchr(b':', b) else { return false };
    let name = b[..colon].strip_prefix(b"- ").unwrap_or(&b[..colon]);
    let plain_name = name.first().is_some_and(|&c| c.is_ascii_alphabetic() || c == b'_')
        && name.len() <= 40
        && !name.contains(&b' ');
    plain_name && !s.ends_with(['.', '!', '?']) && kv.is_match(s)
}

/// The paragraphs of `text` (runs of non-blank lines) that are source code or structured data
/// pasted without any markup, as `(start, end)` in code points, whole lines with their line
/// ends:
///
/// * code: at least three lines in ten with a shape of code ([`code_line`]), and three in
///   five with a shape or in keeping with code ([`code_context_line`]);
/// * `key: value` data: three lines or more, four in five of them [`key_value_line`]s;
/// * separated values: three lines or more with the same number of commas or of semicolons,
///   two or more, or of tabs, one or more, and no run of prose.
///
/// Prose passes through whole: its lines rarely have a shape of code, and never three in
/// ten; rarely end without a sentence end after a name and a colon; never keep a count of
/// commas line after line without a run of words.
pub fn unmarked_code(text: &str) -> Vec<(usize, usize)> {
    let spans = pystr::line_spans(text);
    let line = |k: usize| &text[spans[k].0..spans[k].1];
    // (separated values: commas or semicolons, two or more a line, or tabs, one or more)
    let counts = |l: &str| {
        let count = |sep: u8| l.bytes().filter(|&c| c == sep).count();
        [count(b','), count(b';'), count(b'\t')]
    };
    let least = [2, 2, 1];
    let mut out = Vec::new();
    let mut offsets = CharOffsets::new(text);
    // (which lines of the paragraph have a shape of code: asked once a line, then read again
    // by the count of the lines in keeping with them)
    let mut shapes: Vec<bool> = Vec::new();
    let mut i = 0;
    while i < spans.len() {
        if pystr::is_blank(line(i)) {
            i += 1;
            continue;
        }
        // a paragraph: what its lines are, counted in one pass, without a copy of them
        let (first, mut shaped, mut pairs, mut indent) = (i, 0, 0, usize::MAX);
        let head = counts(line(i));
        let mut columns: [bool; 3] = std::array::from_fn(|k| head[k] >= least[k]);
        shapes.clear();
        while i < spans.len() && !pystr::is_blank(line(i)) {
            let s = pystr::strip(line(i));
            shapes.push(code_line(s));
            shaped += usize::from(shapes[shapes.len() - 1]);
            pairs += usize::from(key_value_line(s));
            indent = indent.min(indent_width(line(i)));
            if columns.iter().any(|&c| c) {
                let (here, prose) = (counts(s), prose_run(s));
                for k in 0..3 {
                    columns[k] &= here[k] == head[k] && !prose;
                }
            }
            i += 1;
        }
        let n = i - first;
        let data = n >= 3 && (pairs * 5 >= n * 4 || columns.iter().any(|&c| c));
        if !data {
            if shaped == 0 || shaped * 10 < n * 3 {
                continue;
            }
            let context =
                (first..i).filter(|&k| !shapes[k - first] && code_context_line(line(k), indent)).count();
            if (shaped + context) * 5 < n * 3 {
                continue;
            }
        }
        out.push((offsets.at(spans[first].0), offsets.at(spans[i - 1].2)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_pasted_without_markup_is_found_and_prose_is_not() {
        let code = "def f(x):\n    recieve = x  # teh\n    return recieve\n";
        assert_eq!(unmarked_code(code), vec![(0, pystr::len(code))]);
        let c = "Intro line.\n\nint main() {\n    printf(\"helo\");\n    return 0;\n}\n\nAfter.\n";
        assert_eq!(unmarked_code(c), vec![(13, 62)]);
        for prose in [
            "AEDT = Australian Eastern Daylight Time which is 11 hours ahead of UTC (Greenwich Mean Time)\n",
            "Descriptors: Age Grade Placement; Classes (Groups of Students);\nCurriculum Enrichment; Grade 6;\n",
            "The results are in. For the first time, the committee said:\nreturn to work is expected by May.\n",
            "Blood pressure is measured (mmHg) based on the standard\nof mercury; the machine (a stethoscope);\n",
            "FROM OUR ADVERTISERS\n",
            "UPDATE 1-Cricket-South Africa v West Indies scoreboard\n",
            "Comment(s)\n",
            "--- Original Message ---\nFrom: Jon\n",
            "Note: the hall is closed.\nWhy: the roof leaks.\nWhen: from May to June, as planned.\n",
            "We met Ana, Jon, and Li at noon\nin the old town, by the river, near\nthe bridge, and the mill, as agreed\n",
        ] {
            assert!(unmarked_code(prose).is_empty(), "{prose}");
        }
        let yaml = "server:\n  host:  localhost\n  mode: recieve\nlogging:\n  level: debug\n";
        let csv = "id,name,city\n1,Jon Smtih,Londn\n2,Ana  Garcia,Madird\n";
        let tsv = "name\tqty\nteh apples\t3\npears\t12\n";
        for data in [yaml, csv, tsv] {
            assert_eq!(unmarked_code(data), vec![(0, pystr::len(data))], "{data}");
        }
        // offsets in code points, across other line breaks
        let t = "caf\u{e9}.\u{2028}\nx = compute(a, b)\r\nprint(x)\n";
        assert_eq!(unmarked_code(t), vec![(7, pystr::len(t))]);
    }

    #[test]
    fn a_run_of_prose_is_what_the_regex_finds() {
        let regex = Regex::new(r"[^\W\d_]{2,} [^\W\d_]{2,} [^\W\d_]{2,} [^\W\d_]{2,}").unwrap();
        // (lines of short pieces: letters of several scripts, a combining mark, digits, "_",
        // punctuation, spaces single and double, other blanks)
        let pieces = [
            "a", "b", "\u{e9}", "\u{3b1}", "\u{301}", "1", "_", "-", ".", " ", " ", " ", "  ", "\t", "\u{a0}",
        ];
        let mut next = crate::testrng::xorshift(0x2545_F491_4F6C_DD1Du64);
        let mut found = 0;
        for _ in 0..200_000 {
            let n = next(30) as usize;
            let line: String = (0..n)
                .map(|_| {
                    let k = next(pieces.len() as u64 + 8) as usize;
                    pieces.get(k).copied().unwrap_or("ab")
                })
                .collect();
            let want = regex.is_match(&line);
            assert_eq!(prose_run(&line), want, "{line:?}");
            found += usize::from(want);
        }
        assert!(found > 300, "{found}");
        for (line, want) in [
            ("the cat sat on", true),
            ("xthe cat sat onx", true),
            ("the cat  sat on", false),
            ("a cat sat on", false),
            ("the c4t sat on", false),
            ("the c4t sat on the mat", true),
            ("x = the cat sat on", true),
        ] {
            assert_eq!(prose_run(line), want, "{line}");
        }
    }

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
    fn other_line_breaks_than_newline() {
        for yes in
            ["a\x0bb", "\x0c", "a\x1c", "\x1d", "x\x1e", "a\u{85}b", "\u{2028}", "a\u{2029}", "a\rb", "a\r"]
        {
            assert!(other_breaks(yes), "{yes:?}");
        }
        for no in [
            "",
            "a\nb",
            "a\r\nb\r\n",
            "\u{e9}\u{a0}\u{2019}\u{20ac}\u{2027}\u{202a}",
            "\u{c5}\u{105}\u{3085}",
        ] {
            assert!(!other_breaks(no), "{no:?}");
        }
    }

    #[test]
    fn trigger_lines() {
        for yes in [
            "```py",
            "   ~~~",
            ".. code-block:: py",
            "  .. note::",
            "+--+==+",
            " +-+ \r",
            "==  ===",
            "=== === ",
            "|---|:--:|",
            "--|--",
            ":-:",
            "-",
            "| - |",
            "~~~~",
            "^^^",
            "\"\"\"",
            "**** \r",
            "===",
        ] {
            assert!(trigger_line(yes), "{yes:?}");
        }
        for no in [
            "    ```",
            "``",
            ".. x :: y",
            "..code::",
            "+--+-",
            "+",
            "= x =",
            "| a |",
            "|-|x",
            " ---x",
            "-+-",
            "**a",
            "",
        ] {
            assert!(!trigger_line(no), "{no:?}");
        }
    }

    #[test]
    fn triggers_in_code_points() {
        let (t, other) = triggers("\u{e9}t\u{e9}\n  ---\nplain\nSee::  \n| a |\n", 3);
        assert_eq!((t, other), (vec![4, 16], false));
        assert!(triggers("a\rb", 3).1 && triggers("a\u{2028}b", 3).1 && !triggers("a\r\nb", 3).1);
    }

    #[test]
    fn rows_of_columns_are_triggers_where_a_table_could_be() {
        let rows = "  ab    x\n  cd  y\n  e     z\n";
        assert_eq!(triggers(rows, 3).0, vec![0, 10, 18]);
        assert!(triggers(rows, 4).0.is_empty()); // too few rows
        assert!(triggers("  ab  x\n  cd  y\n  e  z\n", 3).0.is_empty()); // none padded
        assert!(triggers("It ends.   Then\nNo.   Gap\nOk!   No\n", 3).0.is_empty()); // sentence ends
        assert_eq!(column_gap("a  \u{3000}b"), None);
        assert_eq!(column_gap("\u{e9}   b  c"), Some(3));
    }
}
