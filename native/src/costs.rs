//! The error model of the `typos` cleaner (`textclean/cleaners/typos/costs.py` says why each
//! weight is what it is): what writing `typo` for `word` costs, as a weighted optimal string
//! alignment, and the cheap bounds of it that let the candidate search skip the full table;
//! and the ranking of a token's candidates, which was numpy's (`Model.entries`).
//!
//! Every sum is made in the order the Python made it, so the floats are the same bit for bit
//! (compared on the development misspellings before the Python went).

use crate::candidates::CandidateIndex;

/// A doubled letter written single, or a single one doubled.
pub const DOUBLE_COST: f64 = 0.25;
/// Two neighbouring letters swapped.
pub const SWAP_COST: f64 = 0.6;
/// The surcharge for an error in the first letter, which people rarely get wrong.
pub const FIRST_COST: f64 = 0.6;
/// Added to a candidate that does not sound like the token (another Soundex code).
pub const SOUND_PENALTY: f64 = 0.45;

const ROWS: [&str; 3] = ["qwertyuiop", "asdfghjkl", "zxcvbnm"];
const OFFSETS: [f64; 3] = [0.0, 0.25, 0.75];
/// Consonants that spell the same or a similar sound.
const SOUND_ALIKE: [&str; 13] =
    ["ck", "cs", "sz", "iy", "gj", "kq", "mn", "fv", "dt", "bp", "sc", "xz", "wv"];

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y')
}

fn key_position(c: char) -> Option<(f64, f64)> {
    ROWS.iter()
        .enumerate()
        .find_map(|(r, row)| row.chars().position(|k| k == c).map(|i| (r as f64, i as f64 + OFFSETS[r])))
}

/// The Soundex digit of a letter (`'\0'` for a letter without one, a vowel or `h`, `w`, `y`,
/// and for any other character).
fn sound_digit(c: char) -> char {
    match c {
        'b' | 'f' | 'p' | 'v' => '1',
        'c' | 'g' | 'j' | 'k' | 'q' | 's' | 'x' | 'z' => '2',
        'd' | 't' => '3',
        'l' => '4',
        'm' | 'n' => '5',
        'r' => '6',
        _ => '\0',
    }
}

/// The Soundex code of a lower-case word, not cut to four characters (so that it tells
/// "telecom" from "telecoms"): the first character, then the digit of each later consonant
/// that differs from the last digit kept track of (`h` and `w` leave it as it was, a vowel
/// clears it).
///
/// ```
/// # use _native::costs::soundex;
/// assert_eq!(soundex("juice"), soundex("juce"));
/// assert_ne!(soundex("juce"), soundex("june"));
/// assert_eq!(soundex("telecoms"), "t4252");
/// ```
pub fn soundex(word: &str) -> String {
    let mut chars = word.chars();
    let Some(first) = chars.next() else {
        return String::new();
    };
    let mut out = String::with_capacity(word.len());
    out.push(first);
    let mut last = sound_digit(first);
    for c in chars {
        let code = sound_digit(c);
        if code != '\0' && code != last {
            out.push(code);
        }
        if c != 'h' && c != 'w' {
            last = code;
        }
    }
    out
}

/// Whether `a` and `b` are different keys next to each other on a QWERTY keyboard.
pub fn adjacent(a: char, b: char) -> bool {
    match (key_position(a), key_position(b)) {
        (Some(pa), Some(pb)) if a != b => (pa.0 - pb.0).abs() <= 1.0 && (pa.1 - pb.1).abs() <= 1.0,
        _ => false,
    }
}

/// The cost of writing `b` where `a` was meant.
pub fn sub_cost(a: char, b: char) -> f64 {
    if a == b {
        0.0
    } else if is_vowel(a) && is_vowel(b) {
        0.55
    } else if SOUND_ALIKE.iter().any(|p| {
        let mut k = p.chars();
        let (x, y) = (k.next(), k.next());
        (x == Some(a) && y == Some(b)) || (x == Some(b) && y == Some(a))
    }) {
        0.65
    } else if adjacent(a, b) {
        0.7
    } else {
        1.0
    }
}

/// The costs of every pair of lower-case ASCII letters, and of the keys next to each: the
/// inner loop of [`edit_cost`] looks them up.
struct Tables {
    sub: [[f64; 26]; 26],
    near: [[bool; 26]; 26],
}

fn tables() -> &'static Tables {
    static TABLES: std::sync::OnceLock<Tables> = std::sync::OnceLock::new();
    TABLES.get_or_init(|| {
        let mut t = Tables { sub: [[0.0; 26]; 26], near: [[false; 26]; 26] };
        for (i, a) in ('a'..='z').enumerate() {
            for (j, b) in ('a'..='z').enumerate() {
                t.sub[i][j] = sub_cost(a, b);
                t.near[i][j] = adjacent(a, b);
            }
        }
        t
    })
}

fn letter(c: char) -> Option<usize> {
    c.is_ascii_lowercase().then(|| c as usize - 'a' as usize)
}

/// The cost of substituting, as the table gives it (1.0 for any pair outside a-z).
fn table_sub(a: char, b: char) -> f64 {
    match (letter(a), letter(b)) {
        (Some(i), Some(j)) => tables().sub[i][j],
        _ => 1.0,
    }
}

fn near(a: char, b: char) -> bool {
    matches!((letter(a), letter(b)), (Some(i), Some(j)) if tables().near[i][j])
}

/// Whether each character of `s` is next to the same character.
pub fn doubled(s: &[char]) -> Vec<bool> {
    (0..s.len()).map(|j| (j > 0 && s[j - 1] == s[j]) || (j + 1 < s.len() && s[j + 1] == s[j])).collect()
}

/// `(.)\1`: a character written twice in a row (not a line break, which `.` does not match).
pub fn has_double(s: &[char]) -> bool {
    s.windows(2).any(|w| w[0] == w[1] && w[0] != '\n')
}

/// The cost of leaving out `word[i]`.
pub fn del_cost(word: &[char], i: usize) -> f64 {
    let ch = word[i];
    let extra = if i == 0 { FIRST_COST } else { 0.0 };
    if (i > 0 && word[i - 1] == ch) || (i + 1 < word.len() && word[i + 1] == ch) {
        DOUBLE_COST + extra
    } else if is_vowel(ch) {
        0.7 + extra
    } else {
        1.0 + extra
    }
}

/// The cost of the extra letter `typo[j]` written after `word[..i]`.
pub fn ins_cost(word: &[char], typo: &[char], i: usize, j: usize) -> f64 {
    let ch = typo[j];
    let extra = if i == 0 { FIRST_COST } else { 0.0 };
    if (j > 0 && typo[j - 1] == ch) || (j + 1 < typo.len() && typo[j + 1] == ch) {
        DOUBLE_COST + extra
    } else if (i > 0 && adjacent(word[i - 1], ch))
        || (i < word.len() && adjacent(word[i], ch))
        || is_vowel(ch)
    {
        0.75 + extra
    } else {
        1.0 + extra
    }
}

/// Weighted Damerau-Levenshtein (optimal string alignment) cost of `word` -> `typo`.
pub fn edit_cost(typo: &[char], word: &[char]) -> f64 {
    let (n, m) = (word.len(), typo.len());
    let dels: Vec<f64> = (0..n).map(|i| del_cost(word, i)).collect();
    let dbl = doubled(typo);
    // an inserted letter costs the same after word[..i] for every i but 0 (the first-letter
    // surcharge) unless it is a neighbouring key of word[i - 1] or word[i]
    let ins_base: Vec<f64> = typo
        .iter()
        .zip(&dbl)
        .map(|(&ch, &d)| {
            (if d {
                DOUBLE_COST
            } else if is_vowel(ch) {
                0.75
            } else {
                1.0
            }) + 0.0
        })
        .collect();
    let mut prev2: Vec<f64> = Vec::new();
    let mut prev = vec![0.0; m + 1];
    for j in 1..=m {
        prev[j] = prev[j - 1] + ins_cost(word, typo, 0, j - 1);
    }
    for i in 1..=n {
        let mut cur = vec![f64::INFINITY; m + 1];
        let di = dels[i - 1];
        cur[0] = prev[0] + di;
        let wi = word[i - 1];
        let next = word.get(i).copied();
        for j in 1..=m {
            let tj = typo[j - 1];
            let mut best = if wi == tj {
                prev[j - 1]
            } else if i == 1 && j == 1 {
                prev[j - 1] + (table_sub(wi, tj) + FIRST_COST)
            } else {
                prev[j - 1] + table_sub(wi, tj)
            };
            let d = prev[j] + di;
            if d < best {
                best = d;
            }
            let by_key = near(wi, tj) || next.is_some_and(|w| near(w, tj));
            let ins = if dbl[j - 1] || !by_key { cur[j - 1] + ins_base[j - 1] } else { cur[j - 1] + 0.75 };
            if ins < best {
                best = ins;
            }
            if j > 1 && i > 1 && wi == typo[j - 2] && word[i - 2] == tj && wi != tj {
                let t = prev2[j - 2] + SWAP_COST;
                if t < best {
                    best = t;
                }
            }
            cur[j] = best;
        }
        prev2 = std::mem::replace(&mut prev, cur);
    }
    prev[m]
}

/// The cost of the cheapest alignment of `word` and `typo` with a single edit (the same sum
/// as [`edit_cost`] makes along it), or infinity if there is none.
pub fn one_edit_cost(typo: &[char], word: &[char]) -> f64 {
    let (n, m) = (word.len(), typo.len());
    let mut i = 0;
    while i < n.min(m) && word[i] == typo[i] {
        i += 1;
    }
    if n == m {
        if i == n {
            return 0.0;
        }
        if word[i + 1..] == typo[i + 1..] {
            return sub_cost(word[i], typo[i]) + if i == 0 { FIRST_COST } else { 0.0 };
        }
        if i + 1 < n && word[i] == typo[i + 1] && word[i + 1] == typo[i] && word[i + 2..] == typo[i + 2..] {
            return SWAP_COST;
        }
        return f64::INFINITY;
    }
    if n == m + 1 {
        // a letter of the word left out: any letter of its run
        if word[i + 1..] != typo[i..] {
            return f64::INFINITY;
        }
        return (run_start(word, i)..=i).map(|x| del_cost(word, x)).fold(f64::INFINITY, f64::min);
    }
    if m == n + 1 {
        // a letter too many in the typo: any letter of its run
        if typo[i + 1..] != word[i..] {
            return f64::INFINITY;
        }
        return (run_start(typo, i)..=i).map(|x| ins_cost(word, typo, x, x)).fold(f64::INFINITY, f64::min);
    }
    f64::INFINITY
}

/// Where the run of the character `s[i]` that ends at `i` starts.
fn run_start(s: &[char], i: usize) -> usize {
    let mut k = i;
    while k > 0 && s[k - 1] == s[i] {
        k -= 1;
    }
    k
}

/// The Indel distance (insertions and deletions only): `len(a) + len(b) - 2 LCS(a, b)`.
pub fn indel(a: &[char], b: &[char]) -> usize {
    let mut row = vec![0usize; b.len() + 1];
    for &x in a {
        let mut diag = 0;
        for (j, &y) in b.iter().enumerate() {
            let up = row[j + 1];
            row[j + 1] = if x == y { diag + 1 } else { up.max(row[j]) };
            diag = up;
        }
    }
    a.len() + b.len() - 2 * row[b.len()]
}

/// A lower bound of [`edit_cost`] (`distance` is the OSA distance), and the cost itself when
/// the bound proves it.
pub fn cost_floor(typo: &[char], word: &[char], distance: usize) -> (f64, Option<f64>) {
    let unit = if has_double(word) || has_double(typo) { 0.25 } else { 0.55 };
    let mut low = (0.25 * indel(typo, word) as f64).max(unit * distance as f64);
    let swapped: Vec<char> = word.iter().take(2).rev().copied().collect();
    let two = if typo.first() != word.first() && typo[..typo.len().min(2)] != swapped[..] {
        low += FIRST_COST;
        2.0 * unit + FIRST_COST
    } else {
        2.0 * unit
    };
    if distance == 1 {
        let one = one_edit_cost(typo, word);
        if one < low.max(two) - 1e-9 {
            return (one, Some(one));
        }
        low = low.min(one);
    }
    (low - 1e-9, None)
}

/// What ranking a candidate needs that does not depend on the token, for each word of the
/// candidate index (in its order), and the bigram list as sorted integer keys.
pub struct WordTable {
    pub logp: Vec<f64>,
    pub unlisted_left: Vec<f64>,
    pub unlisted_right: Vec<f64>,
    pub count: Vec<i64>,
    pub sound: Vec<i32>,
    pub doubled: Vec<bool>,
    pub size: i64,
    pub pair_keys: Vec<i64>,
    pub pair_counts: Vec<i64>,
}

const MAGIC: &[u8; 8] = b"TCWTAB01";

impl WordTable {
    /// The table as bytes (for the disk cache): a header, then each column little-endian.
    pub fn to_bytes(&self) -> Vec<u8> {
        let (n, p) = (self.logp.len(), self.pair_keys.len());
        let mut out = Vec::with_capacity(24 + n * 38 + p * 16);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&(n as u64).to_le_bytes());
        out.extend_from_slice(&(p as u64).to_le_bytes());
        out.extend_from_slice(&self.size.to_le_bytes());
        for col in [&self.logp, &self.unlisted_left, &self.unlisted_right] {
            col.iter().for_each(|v| out.extend_from_slice(&v.to_le_bytes()));
        }
        self.count.iter().for_each(|v| out.extend_from_slice(&v.to_le_bytes()));
        self.sound.iter().for_each(|v| out.extend_from_slice(&v.to_le_bytes()));
        out.extend(self.doubled.iter().map(|&d| u8::from(d)));
        for col in [&self.pair_keys, &self.pair_counts] {
            col.iter().for_each(|v| out.extend_from_slice(&v.to_le_bytes()));
        }
        out
    }

    /// A table from [`WordTable::to_bytes`]; an error where the bytes are not one.
    pub fn from_bytes(b: &[u8]) -> Result<Self, String> {
        let bad = || "not a word table (or a damaged one)".to_string();
        if b.len() < 32 || &b[..8] != MAGIC {
            return Err(bad());
        }
        let num = |at: usize| u64::from_le_bytes(b[at..at + 8].try_into().unwrap_or_default());
        let (n, p) = (num(8) as usize, num(16) as usize);
        let need =
            n.checked_mul(37).and_then(|x| x.checked_add(p.checked_mul(16)?)).and_then(|x| x.checked_add(32));
        if need != Some(b.len()) {
            return Err(bad());
        }
        let mut at = 32;
        let mut take = |len: usize| {
            let s = &b[at..at + len];
            at += len;
            s
        };
        let f64s = |s: &[u8]| {
            s.chunks_exact(8).map(|c| f64::from_le_bytes(c.try_into().unwrap_or_default())).collect()
        };
        let i64s = |s: &[u8]| {
            s.chunks_exact(8).map(|c| i64::from_le_bytes(c.try_into().unwrap_or_default())).collect()
        };
        Ok(WordTable {
            size: num(24) as i64,
            logp: f64s(take(8 * n)),
            unlisted_left: f64s(take(8 * n)),
            unlisted_right: f64s(take(8 * n)),
            count: i64s(take(8 * n)),
            sound: take(4 * n)
                .chunks_exact(4)
                .map(|c| i32::from_le_bytes(c.try_into().unwrap_or_default()))
                .collect(),
            doubled: take(n).iter().map(|&d| d != 0).collect(),
            pair_keys: i64s(take(8 * p)),
            pair_counts: i64s(take(8 * p)),
        })
    }
}

/// The parameters of the ranking (`Params` in `model.py`) and what is known of the token.
pub struct Query<'a> {
    pub typo: &'a str,
    /// The number of the token's Soundex code among the table's, or -1.
    pub sound: i32,
    /// The neighbours the context scores are taken with: (its number in the bigram keys, if
    /// any, and its count), for a neighbour the vocabulary knows.
    pub left: Option<(Option<i64>, i64)>,
    pub right: Option<(Option<i64>, i64)>,
    pub total: f64,
    pub scale: f64,
    pub max_pmi: f64,
    pub w_ctx: f64,
    pub lam: f64,
    pub far: f64,
}

/// A candidate as the decision needs it (`Entry` in `model.py`).
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub bound: f64,
    pub id: u32,
    pub distance: u8,
    pub base: f64,
    pub unsupported: bool,
    pub ctx_l: f64,
    pub ctx_r: f64,
    pub penalty: f64,
    pub exact: Option<f64>,
}

/// The candidates `ids` (at OSA distances `dist`) of a token ranked: those whose error cost
/// is exact already, in index order, and the others by decreasing upper bound of their score.
pub fn rank(
    index: &CandidateIndex,
    table: &WordTable,
    q: &Query,
    ids: &[u32],
    dist: &[u8],
) -> (Vec<Entry>, Vec<Entry>) {
    let typo: Vec<char> = q.typo.chars().collect();
    let typo_double = has_double(&typo);
    let n = ids.len();
    let words: Vec<Vec<char>> =
        ids.iter().map(|&i| String::from_utf8_lossy(index.word(i as usize)).chars().collect()).collect();
    let at = |i: usize| ids[i] as usize;
    // (the candidates' values in the table's columns, far apart: fetched together first, as
    // the index's are in `CandidateIndex::lookup`)
    crate::candidates::touch(ids.iter().map(|&i| {
        let i = i as usize;
        (table.logp[i].to_bits() ^ table.unlisted_left[i].to_bits() ^ table.unlisted_right[i].to_bits()) as u8
            ^ table.count[i] as u8
            ^ table.sound[i] as u8
            ^ u8::from(table.doubled[i])
    }));
    let mut ctx_l: Vec<f64> =
        (0..n).map(|i| if q.left.is_some() { table.unlisted_left[at(i)] } else { 0.0 }).collect();
    let mut ctx_r: Vec<f64> =
        (0..n).map(|i| if q.right.is_some() { table.unlisted_right[at(i)] } else { 0.0 }).collect();
    for (side, neighbour) in [(0, q.left), (1, q.right)] {
        let Some((Some(number), cw)) = neighbour else { continue };
        let ctx = if side == 0 { &mut ctx_l } else { &mut ctx_r };
        for (value, &id) in ctx.iter_mut().zip(ids) {
            let id = id as usize;
            let key =
                if side == 0 { number * table.size + id as i64 } else { id as i64 * table.size + number };
            if let Ok(pos) = table.pair_keys.binary_search(&key) {
                let observed = table.pair_counts[pos] as f64;
                // (the product of two counts passes 2^63: as Python, exact, then rounded once)
                let expected = (cw as i128 * table.count[id] as i128) as f64 / q.total * q.scale;
                *value = (observed / expected).ln().clamp(-q.max_pmi, q.max_pmi);
            }
        }
    }
    let t0 = typo[0];
    let t1 = typo[1];
    let known = q.left.is_some() || q.right.is_some();
    let mut scored = Vec::new();
    let mut rest = Vec::new();
    for i in 0..n {
        let (id, word, d) = (at(i), &words[i], dist[i]);
        let penalty = if table.sound[id] != q.sound { SOUND_PENALTY } else { 0.0 };
        let unit = if table.doubled[id] || typo_double { 0.25 } else { 0.55 };
        let mut floor = (0.25 * indel(&typo, word) as f64).max(unit * d as f64);
        let (c0, c1) = (word[0], word[1]);
        let first = if c0 != t0 && !(c0 == t1 && c1 == t0) { FIRST_COST } else { 0.0 };
        let two = 2.0 * unit + first;
        floor = floor + first - 1e-9;
        let base = table.logp[id] + q.w_ctx * (ctx_l[i] + ctx_r[i]);
        let unsupported = known && ctx_l[i] <= 0.0 && ctx_r[i] <= 0.0 && d > 1;
        let mut exact = None;
        if d == 1 {
            let one = one_edit_cost(&typo, word);
            let fl = floor + 1e-9;
            if one < fl.max(two) - 1e-9 {
                exact = Some(one);
                floor = one;
            } else if one < fl {
                floor = one - 1e-9;
            }
        }
        let bound = base - q.lam * (floor + penalty) - if unsupported { q.far } else { 0.0 };
        let entry = Entry {
            bound,
            id: ids[i],
            distance: d,
            base,
            unsupported,
            ctx_l: ctx_l[i],
            ctx_r: ctx_r[i],
            penalty,
            exact,
        };
        if exact.is_some() {
            scored.push(entry);
        } else {
            rest.push(entry);
        }
    }
    // (a stable sort: equal bounds keep the index order, as numpy's stable argsort did)
    rest.sort_by(|a, b| b.bound.partial_cmp(&a.bound).unwrap_or(std::cmp::Ordering::Equal));
    (scored, rest)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    fn cost(typo: &str, word: &str) -> f64 {
        edit_cost(&c(typo), &c(word))
    }

    #[test]
    fn the_error_model_prices_the_usual_slips() {
        assert!(cost("begining", "beginning") < cost("bigenning", "beginning"));
        assert_eq!((cost("recieve", "receive") * 100.0).round(), 60.0);
        assert!(sub_cost('a', 'e') < sub_cost('s', 'd') && sub_cost('s', 'd') < sub_cost('a', 'm'));
        assert_eq!(cost("abc", "abc"), 0.0);
        assert_eq!(cost("", "ab"), del_cost(&c("ab"), 0) + del_cost(&c("ab"), 1));
    }

    #[test]
    fn one_edit_and_the_floor_agree_with_the_full_table() {
        for (typo, word) in
            [("recieve", "receive"), ("teath", "teeth"), ("minster", "minister"), ("xcat", "cat")]
        {
            let (low, exact) = cost_floor(&c(typo), &c(word), 1);
            let full = cost(typo, word);
            assert!(low <= full + 1e-12, "{typo} {word}");
            if let Some(e) = exact {
                assert_eq!(e, full, "{typo} {word}");
            }
        }
        assert_eq!(one_edit_cost(&c("abc"), &c("xyz")), f64::INFINITY);
        assert_eq!(indel(&c("kitten"), &c("sitting")), 5);
    }

    #[test]
    fn a_word_table_round_trips_and_refuses_garbage() {
        let t = WordTable {
            logp: vec![-1.0, -2.0],
            unlisted_left: vec![0.5, -0.5],
            unlisted_right: vec![0.25, 0.0],
            count: vec![10, 20],
            sound: vec![0, 1],
            doubled: vec![false, true],
            size: 3,
            pair_keys: vec![1, 5],
            pair_counts: vec![7, 9],
        };
        let back = WordTable::from_bytes(&t.to_bytes()).unwrap();
        assert_eq!(back.to_bytes(), t.to_bytes());
        assert!(WordTable::from_bytes(b"TCWTAB01garbage").is_err());
        let mut cut = t.to_bytes();
        cut.pop();
        assert!(WordTable::from_bytes(&cut).is_err());
    }
}
