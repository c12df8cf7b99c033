//! The marks of documentation a line carries (`textclean/core/kinds.py` says what they are
//! and why): one for a line that is code or markup as a whole, plus one for each inline mark
//! (a code span, a Markdown link, a manual page, a path from the root, a long option, a
//! variable), at most [`INLINE_MARKS`].
//!
//! The Python it replaced was a dozen regular expressions with look-behinds, which the `regex`
//! crate does not have; each is written out here as the scan it amounts to, with Python's
//! `\s` and `\w` (`pystr`), and was compared with the Python on 3.0 million distinct lines
//! of web text, source code and documentation before the Python was deleted. Each function
//! names the pattern it reads, as Python's `re` would match it (leftmost, non-overlapping,
//! each alternative in order).

use crate::pystr::{is_space, is_word};

/// The most marks one line counts for.
pub const INLINE_MARKS: usize = 2;

/// The marks of documentation of `lines` added up, and how many of them are underlined titles
/// ([`underlined_title`]): the evidence a document is documentation by.
pub fn evidence<'a>(lines: impl IntoIterator<Item = &'a str>) -> (usize, usize) {
    let mut buf = Vec::new();
    marked_evidence(lines.into_iter().map(|line| (line, doc_mark(line, &mut buf))))
}

/// [`evidence`] of the lines of `text` that are not blank, cut as `str.splitlines()` cuts
/// them, after how many there are: `(lines, marks, titles)`, what Python's
/// `evidence([l for l in text.splitlines() if l.strip()])` counts, without a string a line.
pub fn text_evidence(text: &str) -> (usize, usize, usize) {
    let mut lines = 0;
    let (marks, titles) = evidence(
        crate::pystr::line_spans(text)
            .into_iter()
            .map(|(start, end, _)| &text[start..end])
            .filter(|line| !crate::pystr::is_blank(line))
            .inspect(|_| lines += 1),
    );
    (lines, marks, titles)
}

/// [`evidence`] of lines whose marks ([`doc_mark`]) are known: `(line, marks)`.
pub fn marked_evidence<'a>(lines: impl IntoIterator<Item = (&'a str, usize)>) -> (usize, usize) {
    let (mut marks, mut titles) = (0, 0);
    let mut prev: Option<&str> = None;
    for (line, mark) in lines {
        marks += mark;
        if prev.is_some_and(|p| underlined_title(p, line)) {
            titles += 1;
        }
        prev = Some(line);
    }
    (marks, titles)
}

/// `line` underlines the title `prev` the way plain-text, reST and setext Markdown documents
/// do: one punctuation character repeated (three times at least) about as long as the title,
/// which is not such a line itself (a separator on a web page is not cut to a title's length).
pub fn underlined_title(prev: &str, line: &str) -> bool {
    let Some(rule) = adornment(line) else { return false };
    if adornment(prev).is_some() {
        return false;
    }
    let title = prev.trim_matches(is_space).chars().count();
    title > 0 && rule.abs_diff(title) <= (title / 10).max(2)
}

/// `\s*([=\-~^*#+_`'\".:])\1{2,}\s*$`: the length of the rule `line` is, if it is one.
fn adornment(line: &str) -> Option<usize> {
    let t = line.trim_matches(is_space).as_bytes();
    let c = *t.first()?;
    (t.len() >= 3 && b"=-~^*#+_`'\".:".contains(&c) && t.iter().all(|&b| b == c)).then_some(t.len())
}

/// How many marks of documentation `line` carries (at most [`INLINE_MARKS`]).
pub fn doc_mark(line: &str, buf: &mut Vec<char>) -> usize {
    if plain(line) {
        return 0;
    }
    buf.clear();
    if line.is_ascii() {
        // (a byte a character: copied at the slice's length, not decoded and pushed one by one)
        buf.extend(line.bytes().map(char::from));
    } else {
        buf.extend(line.chars());
    }
    while buf.last().is_some_and(|&c| is_space(c)) {
        buf.pop();
    }
    let s = &buf[..];
    let Some(&end) = s.last() else { return 0 };
    let whole = match end {
        ':' => s.ends_with(&[':', ':']) && !s.ends_with(&[':', ':', ':']),
        // a command continued on the next line
        '\\' if s.len() >= 2 && is_space(s[s.len() - 2]) => true,
        ';' | '{' if statement(s) => true,
        _ => false,
    } || leading(s);
    let mut n = usize::from(whole);
    let has = |c: char| s.contains(&c);
    if has('`') {
        n += ticks(s);
    }
    if n < INLINE_MARKS && s.windows(2).any(|w| w == [']', '(']) {
        n += md_links(s);
    }
    // (a man page needs `(` before a section digit, a path two slashes: most lines with a
    // bracket or a slash, prose, are told so from their bytes without reading them whole)
    let b = line.as_bytes();
    if n < INLINE_MARKS
        && has(')')
        && memchr::memchr_iter(b'(', b).any(|i| matches!(b.get(i + 1), Some(b'1'..=b'8')))
    {
        n += man_pages(s);
    }
    if n < INLINE_MARKS && memchr::memchr_iter(b'/', b).nth(1).is_some() {
        n += abs_paths(s);
    }
    if n < INLINE_MARKS && s.windows(2).any(|w| w == ['-', '-']) {
        n += options(s);
    }
    if n < INLINE_MARKS && (has('_') || has('$')) {
        n += variables(s);
    }
    n.min(INLINE_MARKS)
}

/// A line that cannot carry a mark, told from its bytes (most lines of prose): none of the
/// characters an inline mark needs, and a first and last character no whole-line mark
/// starts or ends with. (The characters are ASCII, which no other UTF-8 character holds.)
fn plain(line: &str) -> bool {
    let b = line.as_bytes();
    // (memchr: most lines of a page are read here, many of them paragraphs)
    if memchr::memchr3(b'`', b']', b')', b).is_some()
        || memchr::memchr3(b'/', b'_', b'$', b).is_some()
        || memchr::memchr_iter(b'-', b).any(|i| b.get(i + 1) == Some(&b'-'))
    {
        return false;
    }
    let t = line.trim_matches(is_space);
    let (Some(first), Some(last)) = (t.chars().next(), t.chars().next_back()) else { return true };
    // (a lowercase first letter opens a mark only as a keyword before a final : { ; ( =)
    let opens =
        matches!(first, '`' | '~' | '#' | '.' | '>' | 'P' | 'C' | '*' | '[' | '{' | '}' | '(' | '"' | '-')
            || first.is_ascii_lowercase() && matches!(last, ':' | '{' | ';' | '(' | '=');
    !opens && !matches!(last, ':' | '\\' | ';' | '{')
}

/// `\s*[\[\]{}()]+[;,]?\s*$`: a line of brackets and braces only (`}`, `],`, `});`).
pub fn code_punctuation(line: &str) -> bool {
    let s: Vec<char> = line.chars().collect();
    let mut e = s.len();
    while e > 0 && is_space(s[e - 1]) {
        e -= 1;
    }
    brackets_only(&s[skip_space(&s, 0).min(e)..e])
}

/// `[\[\]{}()]+[;,]?` and nothing else.
fn brackets_only(t: &[char]) -> bool {
    let t = t.strip_suffix(&[';']).or_else(|| t.strip_suffix(&[','])).unwrap_or(t);
    !t.is_empty() && t.iter().all(|&c| matches!(c, '[' | ']' | '{' | '}' | '(' | ')'))
}

fn skip_space(s: &[char], mut i: usize) -> usize {
    while i < s.len() && is_space(s[i]) {
        i += 1;
    }
    i
}

fn run(s: &[char], mut i: usize, class: impl Fn(char) -> bool) -> usize {
    while i < s.len() && class(s[i]) {
        i += 1;
    }
    i
}

fn starts(s: &[char], i: usize, lit: &str) -> bool {
    (i..).zip(lit.chars()).all(|(j, c)| s.get(j) == Some(&c))
}

fn lower(c: char) -> bool {
    c.is_ascii_lowercase()
}

/// `s` (right-stripped, ending in `;` or `{`) is a statement:
/// `\w\([^()]*\)\s*[;{]$|^\s*[\w.$\[\]]+\s*[-+]?=\s*\S.*;$|(?:\)|=>|^\s*[\w.#:-]+)\s*\{$`.
fn statement(s: &[char]) -> bool {
    let last = s.len() - 1;
    let body = &s[..last];
    let mut e = body.len();
    while e > 0 && is_space(body[e - 1]) {
        e -= 1;
    }
    let before = &body[..e]; // the text before the final ; or {, spaces dropped
                             // a call: f(...);  f(...) {
    if before.last() == Some(&')') {
        if let Some(open) = before[..before.len() - 1].iter().rposition(|&c| c == '(' || c == ')') {
            if before[open] == '(' && open > 0 && is_word(before[open - 1]) {
                return true;
            }
        }
    }
    if s[last] == ';' {
        // an assignment: x = ...;  a.b += ...;
        let i = skip_space(s, 0);
        let j = run(s, i, |c| is_word(c) || matches!(c, '.' | '$' | '[' | ']'));
        if j > i {
            let mut k = skip_space(s, j);
            if matches!(s.get(k), Some('-' | '+')) {
                k += 1;
            }
            if s.get(k) == Some(&'=') {
                let v = skip_space(s, k + 1);
                if v + 1 < s.len() {
                    return true; // a non-space, anything, and the final ;
                }
            }
        }
        return false;
    }
    // an opening brace after a call, an arrow, or a selector alone: ) {  => {  .a:hover {
    if before.ends_with(&[')']) || before.ends_with(&['=', '>']) {
        return true;
    }
    let i = skip_space(before, 0);
    i < before.len() && before[i..].iter().all(|&c| is_word(c) || matches!(c, '.' | '#' | ':' | '-'))
}

/// The marks of a whole line, anchored at its start (`_LEADING` in the Python):
/// a Markdown fence or heading, a reST directive, a prompt, a shebang, a bold line, a line of
/// brackets, a JSON member, a definition or statement opener, a command-line option.
fn leading(s: &[char]) -> bool {
    let w = skip_space(s, 0); // all the leading whitespace
                              // \s{0,3}(?:```|~~~)  and  \s{0,3}#{1,6}\s+\S
    if w <= 3 {
        if starts(s, w, "```") || starts(s, w, "~~~") {
            return true;
        }
        let h = run(s, w, |c| c == '#');
        if (1..=6).contains(&(h - w)) && h < s.len() && is_space(s[h]) {
            return true; // (right-stripped: a non-space follows the spaces)
        }
    }
    // \s*\.\.\s+(?:[\w:-]+::|_[^:]+:|\|[^|]+\|)
    if starts(s, w, "..") {
        let a = skip_space(s, w + 2);
        if a > w + 2 && a < s.len() {
            let rest = &s[a..];
            let word = run(rest, 0, |c| is_word(c) || c == ':' || c == '-');
            if word > 0 && rest[1..word].windows(2).any(|p| p == [':', ':']) {
                return true;
            }
            if rest[0] == '_' && rest.get(1).is_some_and(|&c| c != ':') && rest[2..].contains(&':') {
                return true;
            }
            if rest[0] == '|' && rest.get(1).is_some_and(|&c| c != '|') && rest[2..].contains(&'|') {
                return true;
            }
        }
    }
    // \s*(?:\$|>>>|PS>|C:\\>) [a-z.\\/]
    for prompt in ["$", ">>>", "PS>", "C:\\>"] {
        let n = prompt.chars().count();
        if starts(s, w, prompt)
            && s.get(w + n) == Some(&' ')
            && s.get(w + n + 1).is_some_and(|&c| lower(c) || matches!(c, '.' | '\\' | '/'))
        {
            return true;
        }
    }
    // #!/
    if starts(s, 0, "#!/") {
        return true;
    }
    // \*\*[^*]+\*\*:?\s*$
    if starts(s, 0, "**") {
        if let Some(j) = s[2..].iter().position(|&c| c == '*') {
            let close = 2 + j;
            let tail = &s[close..];
            if j >= 1 && (tail == ['*', '*'] || tail == ['*', '*', ':']) {
                return true;
            }
        }
    }
    // \s*[\[\]{}()]+[;,]?\s*$
    if brackets_only(&s[w..]) {
        return true;
    }
    // \s*\"[\w.-]+\"\s*:\s*(?:[\"\[{\d-]|true|false|null)
    if s.get(w) == Some(&'"') {
        let k = run(s, w + 1, |c| is_word(c) || c == '.' || c == '-');
        if k > w + 1 && s.get(k) == Some(&'"') {
            let colon = skip_space(s, k + 1);
            if s.get(colon) == Some(&':') {
                let v = skip_space(s, colon + 1);
                if s.get(v).is_some_and(|&c| matches!(c, '"' | '[' | '{' | '-') || is_decimal(c))
                    || starts(s, v, "true")
                    || starts(s, v, "false")
                    || starts(s, v, "null")
                {
                    return true;
                }
            }
        }
    }
    // \s*(?:def|class|...|func)\b.*[:{;(=]\s*$
    const OPENERS: [&str; 13] = [
        "def", "class", "import", "from", "return", "var", "let", "const", "function", "public", "private",
        "fn", "func",
    ];
    if s.get(w).is_some_and(|&c| lower(c))
        && matches!(s[s.len() - 1], ':' | '{' | ';' | '(' | '=')
        && OPENERS.iter().any(|kw| {
            let n = kw.len();
            starts(s, w, kw) && s.get(w + n).is_some_and(|&c| !is_word(c)) && w + n < s.len()
        })
    {
        return true;
    }
    // \s*--?[a-z][\w-]*(?:[ =]\S+)?(?:\s+\\)?\s*$
    if s.get(w) == Some(&'-') {
        let d = if s.get(w + 1) == Some(&'-') { w + 2 } else { w + 1 };
        if s.get(d).is_some_and(|&c| lower(c)) {
            let name = run(s, d + 1, |c| is_word(c) || c == '-');
            return option_tail(&s[name..]);
        }
    }
    false
}

/// `\d`: a decimal digit of any script (category `Nd`, as Python's `re` has it), narrower
/// than Rust's `is_numeric` (fractions, Roman numerals and superscripts are not).
fn is_decimal(c: char) -> bool {
    c.is_ascii_digit() || (!c.is_ascii() && nd_value(c).is_some())
}

/// The value of a non-ASCII decimal digit: `Nd` comes in runs of ten from a zero.
fn nd_value(c: char) -> Option<u32> {
    // the zeros of the 65 runs of Unicode 14 (Python 3.11's) outside ASCII
    const ZEROS: &[u32] = &[
        0x660, 0x6F0, 0x7C0, 0x966, 0x9E6, 0xA66, 0xAE6, 0xB66, 0xBE6, 0xC66, 0xCE6, 0xD66, 0xDE6, 0xE50,
        0xED0, 0xF20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80, 0x1A90, 0x1B50, 0x1BB0, 0x1C40,
        0x1C50, 0xA620, 0xA8D0, 0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0, 0xFF10, 0x104A0, 0x10D30, 0x11066,
        0x110F0, 0x11136, 0x111D0, 0x112F0, 0x11450, 0x114D0, 0x11650, 0x116C0, 0x11730, 0x118E0, 0x11950,
        0x11C50, 0x11D50, 0x11DA0, 0x16A60, 0x16AC0, 0x16B50, 0x1D7CE, 0x1D7D8, 0x1D7E2, 0x1D7EC, 0x1D7F6,
        0x1E140, 0x1E2F0, 0x1E950, 0x1FBF0,
    ];
    let u = c as u32;
    ZEROS.iter().find(|&&z| (z..z + 10).contains(&u)).map(|&z| u - z)
}

/// What may follow a command-line option for the line to be that option alone:
/// `(?:[ =]\S+)?(?:\s+\\)?\s*$` on a right-stripped line.
fn option_tail(t: &[char]) -> bool {
    let continued = |u: &[char]| {
        let k = skip_space(u, 0);
        k > 0 && u[k..] == ['\\']
    };
    if t.is_empty() || continued(t) {
        return true;
    }
    if matches!(t[0], ' ' | '=') {
        let v = run(t, 1, |c| !is_space(c));
        return v > 1 && (v == t.len() || continued(&t[v..]));
    }
    false
}

/// Code spans: `` (?<![`\w])`[^`\s][^`]*`(?![`\w]) ``, reST roles
/// `` :(?:[a-z]+:)?[a-z]+:`[^`]+` `` and double back-quotes ``` ``[^`]+`` ```.
fn ticks(s: &[char]) -> usize {
    let mut n = 0;
    let mut p = 0;
    while p < s.len() {
        if let Some(end) = tick_at(s, p) {
            n += 1;
            p = end;
        } else {
            p += 1;
        }
    }
    n
}

fn next_tick(s: &[char], from: usize) -> Option<usize> {
    s.get(from..)?.iter().position(|&c| c == '`').map(|i| from + i)
}

fn tick_at(s: &[char], p: usize) -> Option<usize> {
    let c = s[p];
    if c == '`' {
        // a code span
        let prev_ok = p == 0 || !(s[p - 1] == '`' || is_word(s[p - 1]));
        if prev_ok && s.get(p + 1).is_some_and(|&d| d != '`' && !is_space(d)) {
            if let Some(q) = next_tick(s, p + 2) {
                if s.get(q + 1).is_none_or(|&d| d != '`' && !is_word(d)) {
                    return Some(q + 1);
                }
            }
        }
        // ``literal``
        if s.get(p + 1) == Some(&'`') && s.get(p + 2).is_some_and(|&d| d != '`') {
            if let Some(q) = next_tick(s, p + 3) {
                if s.get(q + 1) == Some(&'`') {
                    return Some(q + 2);
                }
            }
        }
        return None;
    }
    if c == ':' {
        // :role:`x`  :domain:role:`x`
        let r1 = run(s, p + 1, lower);
        if r1 == p + 1 || s.get(r1) != Some(&':') {
            return None;
        }
        let mut open = r1 + 1;
        if s.get(open) != Some(&'`') {
            let r2 = run(s, open, lower);
            if r2 == open || s.get(r2) != Some(&':') || s.get(r2 + 1) != Some(&'`') {
                return None;
            }
            open = r2 + 1;
        }
        if s.get(open + 1).is_some_and(|&d| d != '`') {
            return next_tick(s, open + 2).map(|q| q + 1);
        }
    }
    None
}

/// Markdown links to a page, a file or an anchor:
/// `\]\((?:https?://|#|\.{0,2}/|[\w.-]+\.(?:md|html?|rst|png|svg|jpg|gif)\b)`.
fn md_links(s: &[char]) -> usize {
    let mut n = 0;
    for p in 0..s.len().saturating_sub(1) {
        if s[p] == ']' && s[p + 1] == '(' && md_target(s, p + 2) {
            n += 1;
        }
    }
    n
}

fn md_target(s: &[char], i: usize) -> bool {
    if starts(s, i, "http://") || starts(s, i, "https://") || starts(s, i, "#") {
        return true;
    }
    if starts(s, i, "/") || starts(s, i, "./") || starts(s, i, "../") {
        return true;
    }
    let end = run(s, i, |c| is_word(c) || c == '.' || c == '-');
    (i + 1..end).any(|j| {
        s[j] == '.'
            && ["md", "html", "htm", "rst", "png", "svg", "jpg", "gif"]
                .iter()
                .any(|ext| starts(s, j + 1, ext) && s.get(j + 1 + ext.len()).is_none_or(|&c| !is_word(c)))
    })
}

/// Manual-page references: `(?<![\w.-])[a-z][\w.+-]*\([1-8][a-z]{0,3}\)(?!\w)`.
fn man_pages(s: &[char]) -> usize {
    let mut n = 0;
    let mut p = 0;
    while p < s.len() {
        let prev_ok = p == 0 || !(is_word(s[p - 1]) || matches!(s[p - 1], '.' | '-'));
        if prev_ok && lower(s[p]) {
            let name = run(s, p + 1, |c| is_word(c) || matches!(c, '.' | '+' | '-'));
            if s.get(name) == Some(&'(') && s.get(name + 1).is_some_and(|&c| ('1'..='8').contains(&c)) {
                let letters = run(s, name + 2, lower);
                if letters - (name + 2) <= 3
                    && s.get(letters) == Some(&')')
                    && s.get(letters + 1).is_none_or(|&c| !is_word(c))
                {
                    n += 1;
                    p = letters + 1;
                    continue;
                }
            }
        }
        p += 1;
    }
    n
}

/// Paths from the root (or home, or a variable) with two folders at least:
/// `(?:^|(?<=[\s\"'`(<=]))(?:~|\$\w+)?/(?:[\w.+@-]+/)+[\w.+@*-]*`.
fn abs_paths(s: &[char]) -> usize {
    let seg = |c: char| is_word(c) || matches!(c, '.' | '+' | '@' | '-');
    let mut n = 0;
    let mut p = 0;
    while p < s.len() {
        let prev_ok = p == 0 || is_space(s[p - 1]) || matches!(s[p - 1], '"' | '\'' | '`' | '(' | '<' | '=');
        if prev_ok {
            let slash = match s[p] {
                '~' => p + 1,
                '$' => {
                    let v = run(s, p + 1, is_word);
                    if v > p + 1 {
                        v
                    } else {
                        p
                    }
                }
                _ => p,
            };
            if s.get(slash) == Some(&'/') {
                // folders: as many `name/` as there are, then the last name
                let mut at = slash + 1;
                let mut folders = 0;
                loop {
                    let e = run(s, at, seg);
                    if e > at && s.get(e) == Some(&'/') {
                        folders += 1;
                        at = e + 1;
                    } else {
                        break;
                    }
                }
                if folders > 0 {
                    n += 1;
                    p = run(s, at, |c| seg(c) || c == '*');
                    continue;
                }
            }
        }
        p += 1;
    }
    n
}

/// Long options written as only options are:
/// `(?<![\w-])--[a-z][a-z0-9]*(?:-[a-z0-9]+)+\b|(?<![\w-])--[a-z][\w-]*=`.
fn options(s: &[char]) -> usize {
    let alnum = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit();
    let mut n = 0;
    let mut p = 0;
    while p + 2 < s.len() {
        let prev_ok = p == 0 || !(is_word(s[p - 1]) || s[p - 1] == '-');
        if prev_ok && s[p] == '-' && s[p + 1] == '-' && lower(s[p + 2]) {
            // --dry-run: words joined by single hyphens, ending where a word cannot go on
            let mut e = run(s, p + 3, alnum);
            let mut found = None;
            while s.get(e) == Some(&'-') && s.get(e + 1).is_some_and(|&c| alnum(c)) {
                e = run(s, e + 1, alnum);
                if s.get(e).is_none_or(|&c| !is_word(c)) {
                    found = Some(e);
                }
            }
            if found.is_none() {
                // --crypto=nss
                let e = run(s, p + 3, |c| is_word(c) || c == '-');
                if s.get(e) == Some(&'=') {
                    found = Some(e + 1);
                }
            }
            if let Some(end) = found {
                n += 1;
                p = end;
                continue;
            }
        }
        p += 1;
    }
    n
}

/// Variables: `\$\{[A-Za-z_]\w*\}`, `\$[A-Z_][A-Z0-9_]*/` and
/// `(?<![\w$])[A-Z][A-Z0-9]*_[A-Z0-9_]*[A-Z0-9](?!\w)`.
fn variables(s: &[char]) -> usize {
    let upper = |c: char| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_';
    let mut n = 0;
    let mut p = 0;
    while p < s.len() {
        let c = s[p];
        let mut end = None;
        if c == '$' {
            if s.get(p + 1) == Some(&'{')
                && s.get(p + 2).is_some_and(|&d| d.is_ascii_alphabetic() || d == '_')
            {
                let e = run(s, p + 3, is_word);
                if s.get(e) == Some(&'}') {
                    end = Some(e + 1);
                }
            }
            if end.is_none() && s.get(p + 1).is_some_and(|&d| d.is_ascii_uppercase() || d == '_') {
                let e = run(s, p + 2, upper);
                if s.get(e) == Some(&'/') {
                    end = Some(e + 1);
                }
            }
        } else if c.is_ascii_uppercase() && (p == 0 || !(is_word(s[p - 1]) || s[p - 1] == '$')) {
            let e = run(s, p + 1, upper);
            let name = &s[p..e];
            if name.len() >= 3
                && s.get(e).is_none_or(|&d| !is_word(d))
                && name[name.len() - 1] != '_'
                && name[1..name.len() - 1].contains(&'_')
            {
                end = Some(e);
            }
        }
        match end {
            Some(e) => {
                n += 1;
                p = e;
            }
            None => p += 1,
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_counts_its_non_blank_lines_as_python_cuts_them() {
        // blank lines (spaces, an ideographic space, a separator U+001F) are not counted; "\r\n",
        // "\u{2028}" and "\u{85}" end lines as str.splitlines ends them
        let text = "Usage\r\n-----\n\n \u{3000}\u{1f}\n$ tool --help\u{2028}`x`\u{85}\nend";
        let lines = ["Usage", "-----", "$ tool --help", "`x`", "end"];
        let (marks, titles) = evidence(lines);
        assert_eq!(text_evidence(text), (5, marks, titles));
        assert_eq!(titles, 1);
        assert_eq!(text_evidence(""), (0, 0, 0));
    }

    #[test]
    fn man_pages_and_paths_need_what_the_byte_tests_ask() {
        // what doc_mark tells from the bytes before reading a line whole: a man page has
        // `(` before a section digit, a path two slashes (a fixed pseudo-random sample)
        let pieces = [
            "ls", "(1)", "(8)", "(9)", "(", ")", "1", "/", "~/", "$HOME", "usr", ".", " ", "\"", "x_y",
            "\u{e9}",
        ];
        let mut lcg = crate::testrng::Lcg::new(29);
        let (mut pages, mut paths) = (0, 0);
        for _ in 0..20000 {
            let line = lcg.text(&pieces, 60, 1);
            let s: Vec<char> = line.chars().collect();
            let b = line.as_bytes();
            if man_pages(&s) > 0 {
                pages += 1;
                assert!(
                    memchr::memchr_iter(b'(', b).any(|i| matches!(b.get(i + 1), Some(b'1'..=b'8'))),
                    "{line:?}"
                );
            }
            if abs_paths(&s) > 0 {
                paths += 1;
                assert!(memchr::memchr_iter(b'/', b).nth(1).is_some(), "{line:?}");
            }
        }
        assert!(pages > 300 && paths > 100, "{pages} {paths}");
    }

    fn mark(s: &str) -> usize {
        doc_mark(s, &mut Vec::new())
    }

    #[test]
    fn lines_of_documentation_and_of_prose() {
        // the doctests of kinds.py
        let got: Vec<usize> =
            ["Run ``tool``::", "    $ tool -x", "  \"size\": 3,", "int f(void) {", "It works."]
                .map(mark)
                .to_vec();
        assert_eq!(got, [2, 1, 1, 1, 0]);
        assert_eq!(mark("Use \"tool --crypto=nss\" or --dry-run."), 2);
        assert_eq!(mark("He said --and then left."), 0);
        let got: Vec<usize> = [
            "See passwd(5) and /etc/passwd.",
            "Set XDG_DATA_DIRS.",
            "It rose 24/7 and/or fell.",
            "Shares of $AAPL fell (1)",
            "see http://a.org/b/c",
        ]
        .map(mark)
        .to_vec();
        assert_eq!(got, [2, 1, 0, 0, 0]);
        assert_eq!(mark("gdb --ex 'set dir /tmp/a/b' --ex 'add /usr/lib/x /usr/lib/y' /usr/bin/z"), 2);
    }

    #[test]
    fn whole_lines() {
        for yes in [
            "```python",
            "  ~~~",
            "## Usage",
            ".. note::",
            ".. _target: http://x",
            ".. |name| replace:: x",
            ">>> import os",
            "#!/bin/sh",
            "**Note**:",
            "});",
            "\"a.b\": true,",
            "def f(x):",
            "a.b += 1;",
            "if (x) {",
            "Definitely {", // (a selector, as far as the pattern can tell)
            "  --verbose",
            "-o out.txt \\",
        ] {
            assert_eq!(mark(yes), 1, "{yes:?}");
        }
        for no in [
            "    ```", // four spaces: an indented code line, not a fence
            "####### seven",
            "#hashtag",
            "** x **y",
            "The end;",
            "x = ;",
            ".menu a:hover {",
            "- a list item with words",
            "--- a rule",
            "classes are fun",
            "\"Quoted\": she said",
        ] {
            assert_eq!(mark(no), 0, "{no:?}");
        }
    }

    #[test]
    fn inline_marks_follow_the_patterns_edges() {
        assert_eq!(mark("a`b` and `c`d"), 0); // a code span needs no word on either side
        assert_eq!(mark("see :py:func:`f` and :ref:`x`"), 2);
        assert_eq!(mark("[a](docs/x.md) [b](#top)"), 1); // a relative folder is not a target
        assert_eq!(mark("x = f(1);"), 2); // a statement, and f(1) reads as a manual page
        assert_eq!(mark("[a](file.mdx)"), 0);
        assert_eq!(mark("x.y(1) ls(1)x man(8ab) man(8abcd)"), 2);
        assert_eq!(mark("~/a/b and $HOME/x/y"), 2);
        assert_eq!(mark("a/b/c x/y/z"), 0); // not from the root
        assert_eq!(mark("a --dry-run-X"), 1);
        assert_eq!(mark("a --dry-runX"), 0);
        assert_eq!(mark("--dry-runX"), 1); // a line of one option
        assert_eq!(mark("${HOME} $PATH/ MY_VAR _X_ MY_ MY_VARx"), 2);
        assert_eq!(mark("MY_VAR_"), 0);
    }

    #[test]
    fn code_punctuation_is_brackets_alone() {
        assert!(code_punctuation("  },"));
        assert!(code_punctuation("});"));
        assert!(!code_punctuation("----"));
        assert!(!code_punctuation("| |"));
        assert!(!code_punctuation(";"));
    }

    #[test]
    fn underlined_titles_are_counted_with_the_marks() {
        let lines = ["Usage", "-----", "Run it.", "----------------------------------", "====", "==="];
        assert_eq!(evidence(lines), (0, 1)); // a long rule is a separator; a rule under a rule too
        assert!(underlined_title("Überschrift", "~~~~~~~~~~~"));
        assert!(underlined_title("  A title of twenty-four  ", "========================"));
        assert!(!underlined_title("", "==="));
        assert!(!underlined_title("Title", "=-=-="));
        assert_eq!(evidence(["Run ``tool``::", "    $ tool -x", "It works."]), (3, 0));
    }

    #[test]
    fn plain_lines_are_told_from_their_bytes() {
        assert!(plain("The mayor said on Friday that the bridge will reopen."));
        assert!(plain("Über die Brücke, sagte er."));
        assert!(!plain("the end;")); // a statement, perhaps
        assert!(!plain("\u{3000}# heading")); // an ideographic space before a heading
        assert!(!plain("see a/b"));
        assert!(!plain("Press Ctrl--"));
        assert!(!plain("\t}\t")); // the end of a block of code
    }
}
