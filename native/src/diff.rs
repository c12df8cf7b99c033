//! Diffs between two versions of a text as changed regions `(i1, i2, j1, j2)`: `a[i1..i2]`
//! became `b[j1..j2]`, in order, not overlapping (`textclean/core/diff.py` is the Python face;
//! its module docstring says which diff serves what).
//!
//! Every sequence is of Python code points (`u32`, lone surrogates included, as `str` holds
//! them), so that offsets are Python's. The alignment is difflib's `SequenceMatcher` with no
//! junk and `autojunk=False`: the same longest matches, found in the same order, so the
//! same opcodes (a Python test compares the two on random strings and token lists).

use std::collections::HashMap;
use std::hash::Hash;

use crate::pystr;

/// A changed region: `a[.0...1]` became `b[.2...3]`.
pub type Region = (usize, usize, usize, usize);

/// Unit lists up to this product of lengths are aligned with difflib's algorithm, longer
/// ones walked (`diff.DIFFLIB_MAX`).
pub const DIFFLIB_MAX: usize = 1_000_000;
/// Units within which the linear walk looks for the two lists to come back in step.
pub const WINDOW: usize = 8;
/// A changed middle of more character pairs than this is one region (`char_regions`).
const CHAR_PAIRS_MAX: usize = 40_000;

/// The non-equal opcodes of `difflib.SequenceMatcher(None, a, b, autojunk=False)`.
///
/// ```
/// # use _native::diff::matcher_regions;
/// let (a, b): (Vec<char>, Vec<char>) = ("abxcd".chars().collect(), "abcyd".chars().collect());
/// assert_eq!(matcher_regions(&a, &b), vec![(2, 3, 2, 2), (4, 4, 3, 4)]);
/// ```
pub fn matcher_regions<T: Eq + Hash>(a: &[T], b: &[T]) -> Vec<Region> {
    let mut b2j: HashMap<&T, Vec<usize>> = HashMap::new();
    for (j, x) in b.iter().enumerate() {
        b2j.entry(x).or_default().push(j);
    }
    let mut finder = Longest::new(b.len());
    // get_matching_blocks: a stack of windows, each split around its longest match
    let mut queue = vec![(0, a.len(), 0, b.len())];
    let mut blocks = Vec::new();
    while let Some((alo, ahi, blo, bhi)) = queue.pop() {
        let (i, j, k) = finder.find(a, &b2j, alo, ahi, blo, bhi);
        if k > 0 {
            blocks.push((i, j, k));
            if alo < i && blo < j {
                queue.push((alo, i, blo, j));
            }
            if i + k < ahi && j + k < bhi {
                queue.push((i + k, ahi, j + k, bhi));
            }
        }
    }
    blocks.sort_unstable();
    // adjacent blocks merged, then the sentinel
    let mut merged: Vec<(usize, usize, usize)> = Vec::with_capacity(blocks.len() + 1);
    for (i, j, k) in blocks {
        match merged.last_mut() {
            Some(last) if last.0 + last.2 == i && last.1 + last.2 == j => last.2 += k,
            _ => merged.push((i, j, k)),
        }
    }
    merged.push((a.len(), b.len(), 0));
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::new();
    for (ai, bj, size) in merged {
        if i < ai || j < bj {
            out.push((i, ai, j, bj));
        }
        i = ai + size;
        j = bj + size;
    }
    out
}

/// `find_longest_match` without junk: the longest common run of `a[alo..ahi]` and
/// `b[blo..bhi]`, the first by `i` then by `j` among the longest. The run lengths ending at
/// each `j` of the previous row are kept in two arrays (this row's, the last row's) stamped
/// with the row they belong to; rows are numbered across calls, so a stamp left by an
/// earlier window never passes for the previous row and nothing is cleared between windows
/// (difflib keeps a dict per row; an array cleared per window would cost `b`'s length at each
/// of the windows, quadratic on a long text with many changes).
struct Longest {
    len: [Vec<usize>; 2],
    row: [Vec<usize>; 2],
    next: usize,
}

impl Longest {
    fn new(n: usize) -> Self {
        Longest { len: [vec![0; n], vec![0; n]], row: [vec![0; n], vec![0; n]], next: 2 }
    }

    fn find<T: Eq + Hash>(
        &mut self,
        a: &[T],
        b2j: &HashMap<&T, Vec<usize>>,
        alo: usize,
        ahi: usize,
        blo: usize,
        bhi: usize,
    ) -> (usize, usize, usize) {
        let (mut besti, mut bestj, mut bestsize) = (alo, blo, 0);
        // (rows of this window: base..; every stamp written so far is below base - 1)
        let base = self.next;
        self.next = base + (ahi - alo) + 2;
        for (i, x) in a.iter().enumerate().take(ahi).skip(alo) {
            let row = base + (i - alo);
            let (cur, prev) = (row % 2, 1 - row % 2);
            let Some(js) = b2j.get(x) else { continue };
            for &j in js {
                if j < blo {
                    continue;
                }
                if j >= bhi {
                    break;
                }
                let before =
                    if j > 0 && self.row[prev][j - 1] == row - 1 { self.len[prev][j - 1] } else { 0 };
                let k = before + 1;
                self.len[cur][j] = k;
                self.row[cur][j] = row;
                if k > bestsize {
                    besti = i + 1 - k;
                    bestj = j + 1 - k;
                    bestsize = k;
                }
            }
        }
        (besti, bestj, bestsize)
    }
}

/// The lengths of the common prefix and of the common suffix of `a` and `b`, the suffix
/// taken from what the prefix leaves (`diff.common_ends`).
pub fn common_ends<T: Eq>(a: &[T], b: &[T]) -> (usize, usize) {
    let n = a.len().min(b.len());
    let p = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let q = a[p..].iter().rev().zip(b[p..].iter().rev()).take(n - p).take_while(|(x, y)| x == y).count();
    (p, q)
}

/// The changed regions of two code-point strings, character-precise, moved by `ao`/`bo`
/// (`diff.char_regions`): the common ends trimmed; a middle of at most two characters a
/// side, empty on one side, or of more than 40,000 character pairs is one region.
pub fn char_regions(a: &[u32], b: &[u32], ao: usize, bo: usize) -> Vec<Region> {
    let (p, q) = common_ends(a, b);
    let (am, bm) = (&a[p..a.len() - q], &b[p..b.len() - q]);
    if am.is_empty() && bm.is_empty() {
        return Vec::new();
    }
    if am.is_empty()
        || bm.is_empty()
        || (am.len() <= 2 && bm.len() <= 2)
        || am.len() * bm.len() > CHAR_PAIRS_MAX
    {
        return vec![(ao + p, ao + a.len() - q, bo + p, bo + b.len() - q)];
    }
    matcher_regions(am, bm)
        .into_iter()
        .map(|(i1, i2, j1, j2)| (ao + p + i1, ao + p + i2, bo + p + j1, bo + p + j2))
        .collect()
}

/// The changed regions of two unit lists, in unit indexes (`diff.align`): difflib's
/// alignment where the product of their lengths is at most `limit` (any, with `None`) and
/// not `walk`, else a linear walk that re-synchronises within `window` units after each
/// difference (two units in step again), the smallest total skip first.
pub fn align<T: Eq + Hash>(
    ta: &[T],
    tb: &[T],
    walk: bool,
    limit: Option<usize>,
    window: usize,
) -> Vec<Region> {
    if !walk && limit.is_none_or(|l| ta.len().saturating_mul(tb.len()) <= l) {
        return matcher_regions(ta, tb);
    }
    let mut out = Vec::new();
    let (na, nb) = (ta.len(), tb.len());
    let (mut i, mut j) = (0, 0);
    while i < na && j < nb {
        if ta[i] == tb[j] {
            i += 1;
            j += 1;
            continue;
        }
        let mut found = None;
        'search: for k in 1..=2 * window {
            for da in k.saturating_sub(window)..=k.min(window) {
                let db = k - da;
                if i + da < na
                    && j + db < nb
                    && ta[i + da] == tb[j + db]
                    && (i + da + 1 >= na || j + db + 1 >= nb || ta[i + da + 1] == tb[j + db + 1])
                {
                    found = Some((da, db));
                    break 'search;
                }
            }
        }
        let Some((da, db)) = found else { break };
        out.push((i, i + da, j, j + db));
        i += da;
        j += db;
    }
    if i < na || j < nb {
        out.push((i, na, j, nb));
    }
    out
}

fn is_space(c: u32) -> bool {
    char::from_u32(c).is_some_and(pystr::is_space)
}

/// The lengths of the common prefix and suffix of `a` and `b`, backed off to token
/// boundaries (after a space) so that a token diff of the rest sees whole tokens
/// (`diff.changed_middle`).
pub fn changed_middle(a: &[u32], b: &[u32]) -> (usize, usize) {
    let (mut p, mut q) = common_ends(a, b);
    while p > 0 && !is_space(a[p - 1]) {
        p -= 1;
    }
    while q > 0 && !is_space(a[a.len() - q]) {
        q -= 1;
    }
    (p, q)
}

/// The spans of `diff.TOKEN_RE` (`\S+\s*|\s+`) in `s`: a run of non-spaces with the spaces
/// after it, or a run of spaces at the start.
fn tokens(s: &[u32]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < s.len() {
        let start = i;
        while i < s.len() && !is_space(s[i]) {
            i += 1;
        }
        while i < s.len() && is_space(s[i]) {
            i += 1;
        }
        out.push((start, i));
    }
    out
}

/// The changed regions of `a` and `b` (`diff.diff_regions`): the common prefix and suffix
/// cut off at token boundaries, the whitespace-delimited tokens of the rest aligned (walked,
/// with `walk`, however few), then the characters inside each changed block.
pub fn diff_regions(a: &[u32], b: &[u32], walk: bool) -> Vec<Region> {
    let (p, q) = changed_middle(a, b);
    let (am, bm) = (&a[p..a.len() - q], &b[p..b.len() - q]);
    let (ta, tb) = (tokens(am), tokens(bm));
    if ta.len() < 3 || tb.len() < 3 {
        return char_regions(am, bm, p, p);
    }
    let ua: Vec<&[u32]> = ta.iter().map(|&(s, e)| &am[s..e]).collect();
    let ub: Vec<&[u32]> = tb.iter().map(|&(s, e)| &bm[s..e]).collect();
    // (token i starts at p + ta[i].0; the end of the last is the end of the middle)
    let at = |t: &[(usize, usize)], k: usize, len: usize| p + t.get(k).map_or(len, |x| x.0);
    let mut out = Vec::new();
    for (i1, i2, j1, j2) in align(&ua, &ub, walk, Some(DIFFLIB_MAX), WINDOW) {
        let (s, e) = (at(&ta, i1, am.len()), at(&ta, i2, am.len()));
        let (bs, be) = (at(&tb, j1, bm.len()), at(&tb, j2, bm.len()));
        out.extend(char_regions(&a[s..e], &b[bs..be], s, bs));
    }
    out
}

/// Whether [`diff_regions`] walks the tokens of `a` and `b` (more than [`DIFFLIB_MAX`] pairs
/// of them, three or more a side) (`diff.walks`).
pub fn walks(a: &[u32], b: &[u32]) -> bool {
    let (p, q) = changed_middle(a, b);
    let na = tokens(&a[p..a.len() - q]).len();
    let nb = tokens(&b[p..b.len() - q]).len();
    na >= 3 && nb >= 3 && na * nb > DIFFLIB_MAX
}

/// The lines of `s` with their line ends, as `str.splitlines(keepends=True)` cuts them (at
/// `\n`, `\r`, `\r\n`, `\x0b`, `\x0c`, `\x1c`-`\x1e`, `\x85`, `\u2028`, `\u2029`).
fn lines(s: &[u32]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let (mut start, mut i) = (0, 0);
    while i < s.len() {
        let c = s[i];
        i += 1;
        if matches!(c, 0x0a | 0x0b | 0x0c | 0x0d | 0x1c..=0x1e | 0x85 | 0x2028 | 0x2029) {
            if c == 0x0d && s.get(i) == Some(&0x0a) {
                i += 1;
            }
            out.push((start, i));
            start = i;
        }
    }
    if start < s.len() {
        out.push((start, s.len()));
    }
    out
}

/// The changed lines of `a` and `b` aligned with difflib's algorithm (however many), each
/// changed block trimmed to the characters that differ (`diff.line_regions`: the edits of a
/// cleaner that returns a string).
pub fn line_regions(a: &[u32], b: &[u32]) -> Vec<Region> {
    let (la, lb) = (lines(a), lines(b));
    let ua: Vec<&[u32]> = la.iter().map(|&(s, e)| &a[s..e]).collect();
    let ub: Vec<&[u32]> = lb.iter().map(|&(s, e)| &b[s..e]).collect();
    let at = |l: &[(usize, usize)], k: usize, len: usize| l.get(k).map_or(len, |x| x.0);
    align(&ua, &ub, false, None, WINDOW)
        .into_iter()
        .map(|(i1, i2, j1, j2)| {
            let (s, e) = (at(&la, i1, a.len()), at(&la, i2, a.len()));
            let (bs, be) = (at(&lb, j1, b.len()), at(&lb, j2, b.len()));
            let (p, q) = common_ends(&a[s..e], &b[bs..be]);
            (s + p, e - q, bs + p, be - q)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cps(s: &str) -> Vec<u32> {
        s.chars().map(u32::from).collect()
    }

    #[test]
    fn regions_as_difflib_gives_them() {
        assert_eq!(
            char_regions(&cps("R\u{c3}\u{a9}sum\u{c3}\u{a9}"), &cps("R\u{e9}sum\u{e9}"), 0, 0),
            vec![(1, 3, 1, 2), (6, 8, 5, 6)]
        );
        assert_eq!(
            diff_regions(&cps("R\u{c3}\u{a9}sum\u{c3}\u{a9} ok"), &cps("R\u{e9}sum\u{e9} ok"), false),
            vec![(1, 3, 1, 2), (6, 8, 5, 6)]
        );
        assert_eq!(changed_middle(&cps("the cafe is open"), &cps("the caf\u{e9} is open")), (4, 8));
        assert_eq!(common_ends(&cps("cafe au lait"), &cps("caf\u{e9} au lait")), (3, 8));
        assert!(char_regions(&cps("same"), &cps("same"), 0, 0).is_empty());
    }

    #[test]
    fn long_lists_are_walked() {
        let a: Vec<&str> = ["a ", "b ", "c"].repeat(2000);
        let b: Vec<&str> = ["a ", "B ", "c"].repeat(2000);
        assert_eq!(align(&a, &b, false, Some(DIFFLIB_MAX), WINDOW)[..2], [(1, 2, 1, 2), (4, 5, 4, 5)]);
        assert!(!walks(&cps("a b c"), &cps("a b d")));
    }

    #[test]
    fn lines_as_python_splits_them() {
        assert_eq!(lines(&cps("a\r\nb\rc\u{2028}\n")), vec![(0, 3), (3, 5), (5, 7), (7, 8)]);
        assert_eq!(
            line_regions(&cps("one\ntwo\nthree\n"), &cps("one\n2\nthree\nfour\n")),
            vec![(4, 7, 4, 5), (14, 14, 12, 17)]
        );
    }
}
