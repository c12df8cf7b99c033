//! Word lists and word counts as finite-state transducers (the `fst` crate): a few bytes per
//! entry where a Python dict or set of strings takes a hundred, and loaded by reading one
//! small file, not by unpickling hundreds of thousands of objects.
//!
//! A map is built once from its entries (sorted and deduplicated here) into bytes, which the
//! Python side caches on disk; a later process only reads them back.

use fst::{Map, MapBuilder, Streamer};

/// Whether `b` is within one edit (insertion, deletion, substitution or transposition of
/// two adjacent characters) of the characters `a`: the optimal-string-alignment distance,
/// at most 1.
pub fn one_edit(a: &[char], b: &str) -> bool {
    let b: Vec<char> = b.chars().collect();
    within_one(a, &b)
}

/// [`one_edit`] over any units (code points; the bytes of two ASCII words, which are their
/// code points, without collecting them).
fn within_one<T: PartialEq>(a: &[T], b: &[T]) -> bool {
    let (n, m) = (a.len(), b.len());
    let head = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    if n == m {
        if head == n {
            return true;
        }
        // one substitution, or one transposition of adjacent characters
        let tail = |from: usize| a[from..] == b[from..];
        return tail(head + 1)
            || (head + 1 < n && a[head] == b[head + 1] && a[head + 1] == b[head] && tail(head + 2));
    }
    let (long, short) = if n > m { (a, b) } else { (b, a) };
    long.len() == short.len() + 1 && long[head + 1..] == short[head..]
}

/// Word pairs are stored as `first SEP second`: a byte no word of the lists contains (the
/// lists are split on whitespace).
pub const SEP: u8 = b' ';

/// A map from byte strings to counts.
pub struct Counts(Map<Vec<u8>>);

impl Counts {
    /// Builds the map's bytes from its entries (any order; for a key given twice, the last
    /// count wins).
    pub fn build(mut entries: Vec<(Vec<u8>, u64)>) -> Result<Vec<u8>, fst::Error> {
        entries.reverse(); // (the stable sort then keeps the last of equal keys first)
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        entries.dedup_by(|later, first| later.0 == first.0);
        let mut b = MapBuilder::memory();
        for (k, v) in entries {
            b.insert(k, v)?;
        }
        b.into_inner()
    }

    pub fn load(bytes: Vec<u8>) -> Result<Self, fst::Error> {
        Map::new(bytes).map(Counts)
    }

    /// The bytes the map is stored in (what `build` made).
    pub fn bytes(&self) -> &[u8] {
        self.0.as_fst().as_bytes()
    }

    pub fn get(&self, key: &[u8]) -> Option<u64> {
        self.0.get(key)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The `n` entries with the highest counts, highest first, ties in byte order of the
    /// keys: one pass with a bounded heap, so that only keys that enter the top are copied
    /// (sorting every entry of a word list cost 25 ms at the first short token of a process).
    pub fn top(&self, n: usize) -> Vec<(Vec<u8>, u64)> {
        use std::cmp::Reverse;
        use std::collections::BinaryHeap;
        if n == 0 {
            return Vec::new();
        }
        // The heap's greatest element is the worst entry kept: the lowest count, and of equal
        // counts the greatest key.
        let mut heap: BinaryHeap<(Reverse<u64>, Vec<u8>)> = BinaryHeap::with_capacity(n + 1);
        let mut s = self.0.stream();
        while let Some((k, v)) = s.next() {
            if heap.len() < n {
                heap.push((Reverse(v), k.to_vec()));
            } else if let Some(worst) = heap.peek() {
                // (keys come in increasing order: a later key of an equal count is worse)
                if v > worst.0 .0 {
                    heap.pop();
                    heap.push((Reverse(v), k.to_vec()));
                }
            }
        }
        let mut out: Vec<(Vec<u8>, u64)> = heap.into_iter().map(|(Reverse(v), k)| (k, v)).collect();
        out.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        out
    }

    /// Every entry, in byte order of the keys.
    pub fn entries(&self) -> Vec<(Vec<u8>, u64)> {
        let mut out = Vec::with_capacity(self.0.len());
        let mut s = self.0.stream();
        while let Some((k, v)) = s.next() {
            out.push((k.to_vec(), v));
        }
        out
    }
}

/// A map from words to lists of words (each list in the order given), stored as one fst map
/// from the key to the offset of its list in a blob of length-prefixed words.
pub struct Lists {
    map: Map<Vec<u8>>,
    blob: Vec<u8>,
}

impl Lists {
    /// The bytes of the map of `entries` (any order; for a key given twice, the last wins):
    /// the fst's length (8 bytes, little-endian), the fst, then the lists.
    pub fn build(mut entries: Vec<(Vec<u8>, Vec<Vec<u8>>)>) -> Result<Vec<u8>, String> {
        entries.reverse();
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        entries.dedup_by(|later, first| later.0 == first.0);
        let mut blob = Vec::new();
        let mut b = MapBuilder::memory();
        for (k, words) in entries {
            b.insert(k, blob.len() as u64).map_err(|e| e.to_string())?;
            blob.extend_from_slice(&(words.len() as u32).to_le_bytes());
            for w in words {
                let n = u16::try_from(w.len()).map_err(|_| "a word of over 65,535 bytes".to_string())?;
                blob.extend_from_slice(&n.to_le_bytes());
                blob.extend_from_slice(&w);
            }
        }
        let fst = b.into_inner().map_err(|e| e.to_string())?;
        let mut out = (fst.len() as u64).to_le_bytes().to_vec();
        out.extend_from_slice(&fst);
        out.extend_from_slice(&blob);
        Ok(out)
    }

    pub fn load(bytes: &[u8]) -> Result<Self, String> {
        let head: [u8; 8] =
            bytes.get(..8).and_then(|h| h.try_into().ok()).ok_or("too short for a list map")?;
        let n = usize::try_from(u64::from_le_bytes(head)).map_err(|e| e.to_string())?;
        let fst = bytes.get(8..8usize.saturating_add(n)).ok_or("truncated list map")?;
        let map = Map::new(fst.to_vec()).map_err(|e| e.to_string())?;
        let lists = Lists { map, blob: bytes[8 + n..].to_vec() };
        // every offset must lead to a whole list: a corrupt file is an error now, not a panic later
        let mut s = lists.map.stream();
        while let Some((_, at)) = s.next() {
            lists.words_at(at as usize).ok_or("a list past the end of the map")?;
        }
        Ok(lists)
    }

    /// The bytes the map is stored in (what `build` made).
    pub fn bytes(&self) -> Vec<u8> {
        let fst = self.map.as_fst().as_bytes();
        let mut out = (fst.len() as u64).to_le_bytes().to_vec();
        out.extend_from_slice(fst);
        out.extend_from_slice(&self.blob);
        out
    }

    fn words_at(&self, at: usize) -> Option<Vec<&[u8]>> {
        let count = u32::from_le_bytes(self.blob.get(at..at.checked_add(4)?)?.try_into().ok()?) as usize;
        let mut pos = at + 4;
        let mut out = Vec::with_capacity(count);
        for _ in 0..count {
            let n = u16::from_le_bytes(self.blob.get(pos..pos + 2)?.try_into().ok()?) as usize;
            out.push(self.blob.get(pos + 2..pos + 2 + n)?);
            pos += 2 + n;
        }
        Some(out)
    }

    pub fn get(&self, key: &[u8]) -> Option<Vec<&[u8]>> {
        self.map.get(key).and_then(|at| self.words_at(at as usize))
    }

    /// The words one edit from `typo` in a delete index (each one-character deletion of a
    /// word, and the word itself, -> the words): the words listed under `typo` or under one
    /// of its deletions that are within one insertion, deletion, substitution or adjacent
    /// transposition of it (code points), `typo` itself aside; sorted, each once.
    pub fn near(&self, typo: &str) -> Vec<&str> {
        let chars: Vec<char> = typo.chars().collect();
        let ascii = typo.is_ascii();
        let bytes = typo.as_bytes();
        let fst = self.map.as_fst();
        // The transducer walked once along the token: `states[c]` is where its first `c`
        // characters lead (as far as some key begins with them). A deletion's key is such a
        // prefix and the rest of the token, so it is looked up from there, not from the root;
        // and none is looked up whose prefix no key has (a name stops the walk early).
        let mut bounds: Vec<usize> = typo.char_indices().map(|(i, _)| i).collect();
        bounds.push(bytes.len()); // (the byte offset of each character, and the end)
        let mut states: Vec<(fst::raw::Node<'_>, fst::raw::Output)> = Vec::with_capacity(chars.len() + 1);
        let (mut node, mut out) = (fst.root(), fst::raw::Output::zero());
        states.push((node, out));
        'walk: for c in 0..chars.len() {
            for &b in &bytes[bounds[c]..bounds[c + 1]] {
                let Some(i) = node.find_input(b) else { break 'walk };
                let t = node.transition(i);
                out = out.cat(t.out);
                node = fst.node(t.addr);
            }
            states.push((node, out));
        }
        let deletion = |c: usize| -> Option<u64> {
            // (the key: the first `c` characters, then all after the next one)
            let (mut node, mut out) = *states.get(c)?;
            for &b in &bytes[bounds[c + 1]..] {
                let i = node.find_input(b)?;
                let t = node.transition(i);
                out = out.cat(t.out);
                node = fst.node(t.addr);
            }
            node.is_final().then(|| out.cat(node.final_output()).value())
        };
        let mut found: Vec<&str> = Vec::new();
        // the token itself, then each deletion (a deletion in a run of one letter repeated is
        // the same key as the one before it, and finds the same words)
        for i in 0..=chars.len() {
            let at = if i == 0 {
                states
                    .get(chars.len())
                    .and_then(|&(node, out)| node.is_final().then(|| out.cat(node.final_output()).value()))
            } else if i >= 2 && chars[i - 1] == chars[i - 2] {
                continue;
            } else {
                deletion(i - 1)
            };
            let Some(at) = at else { continue };
            for w in self.words_at(at as usize).unwrap_or_default() {
                if let Ok(w) = std::str::from_utf8(w) {
                    let near = if ascii && w.is_ascii() {
                        within_one(typo.as_bytes(), w.as_bytes())
                    } else {
                        one_edit(&chars, w)
                    };
                    if w != typo && near {
                        found.push(w);
                    }
                }
            }
        }
        found.sort_unstable();
        found.dedup();
        found
    }

    pub fn len(&self) -> usize {
        self.map.len()
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }
}

/// The key of a word pair.
pub fn pair_key(a: &str, b: &str) -> Vec<u8> {
    let mut k = Vec::with_capacity(a.len() + b.len() + 1);
    k.extend_from_slice(a.as_bytes());
    k.push(SEP);
    k.extend_from_slice(b.as_bytes());
    k
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_edit_is_osa_at_most_one() {
        let c = |s: &str| s.chars().collect::<Vec<char>>();
        for (a, b) in
            [("miister", "minister"), ("recieve", "receive"), ("cafe", "caf\u{e9}"), ("ab", "ab"), ("", "a")]
        {
            assert!(one_edit(&c(a), b), "{a} {b}");
        }
        assert!(one_edit(&c("a"), ""));
        for (a, b) in [("abc", "cba"), ("ab", "abcd"), ("kitten", "sitting")] {
            assert!(!one_edit(&c(a), b), "{a} {b}");
        }
        for (a, b) in
            [("miister", "minister"), ("recieve", "receive"), ("abc", "cba"), ("ab", "abcd"), ("", "a")]
        {
            assert_eq!(within_one(a.as_bytes(), b.as_bytes()), one_edit(&c(a), b), "{a} {b}");
        }
    }

    /// `Lists::near` as it was, a look-up from the root per key (the oracle of the walk).
    fn near_by_keys<'a>(lists: &'a Lists, typo: &str) -> Vec<&'a str> {
        let chars: Vec<char> = typo.chars().collect();
        let mut out: Vec<&str> = Vec::new();
        for i in 0..=chars.len() {
            let key: String = if i == 0 {
                typo.to_string()
            } else if i >= 2 && chars[i - 1] == chars[i - 2] {
                continue;
            } else {
                chars[..i - 1].iter().chain(&chars[i..]).collect()
            };
            for w in lists.get(key.as_bytes()).unwrap_or_default() {
                let w = std::str::from_utf8(w).unwrap();
                let near = if typo.is_ascii() && w.is_ascii() {
                    within_one(typo.as_bytes(), w.as_bytes())
                } else {
                    one_edit(&chars, w)
                };
                if w != typo && near {
                    out.push(w);
                }
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    #[test]
    fn near_walks_to_what_a_look_up_per_deletion_finds() {
        let mut next = crate::testrng::xorshift(0x9E37_79B9_7F4A_7C15u64);
        let letters: Vec<char> = "abcab\u{e9}\u{df}".chars().collect();
        let mut word = |n: usize| -> String { (0..n).map(|_| letters[next(7) as usize]).collect() };
        let words: Vec<String> = (0..400).map(|i| word(1 + i % 6)).collect();
        let mut index: std::collections::BTreeMap<String, Vec<Vec<u8>>> = Default::default();
        for w in &words {
            let chars: Vec<char> = w.chars().collect();
            let mut keys: Vec<String> =
                (0..chars.len()).map(|i| chars[..i].iter().chain(&chars[i + 1..]).collect()).collect();
            keys.push(w.clone());
            for k in keys {
                index.entry(k).or_default().push(w.clone().into_bytes());
            }
        }
        let lists = Lists::load(
            &Lists::build(index.into_iter().map(|(k, v)| (k.into_bytes(), v)).collect()).unwrap(),
        )
        .unwrap();
        let mut hits = 0;
        for n in 0..2000 {
            let typo = word(n % 8);
            let found = lists.near(&typo);
            assert_eq!(found, near_by_keys(&lists, &typo), "{typo}");
            hits += found.len();
        }
        assert!(hits > 2000, "{hits}"); // (the test asks of tokens that have words near them)
    }

    #[test]
    fn top_is_the_head_of_a_full_sort() {
        // counts with many ties, so that the order of equal counts is tested too
        let entries: Vec<(Vec<u8>, u64)> =
            (0..500u64).map(|i| (format!("w{:03}", (i * 7919) % 500).into_bytes(), i % 13)).collect();
        let counts = Counts::load(Counts::build(entries).unwrap()).unwrap();
        let mut all = counts.entries();
        all.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        for n in [0, 1, 5, 38, 39, 40, 499, 500, 800] {
            assert_eq!(counts.top(n), all[..n.min(all.len())].to_vec(), "n = {n}");
        }
    }

    #[test]
    fn near_words_in_a_delete_index() {
        let mut entries: Vec<(Vec<u8>, Vec<Vec<u8>>)> = Vec::new();
        for w in ["minister", "monster", "caf\u{e9}"] {
            let cs: Vec<char> = w.chars().collect();
            entries.push((w.as_bytes().to_vec(), vec![w.as_bytes().to_vec()]));
            for i in 0..cs.len() {
                let k: String = cs[..i].iter().chain(&cs[i + 1..]).collect();
                entries.push((k.into_bytes(), vec![w.as_bytes().to_vec()]));
            }
        }
        let merged = {
            let mut m: std::collections::BTreeMap<Vec<u8>, Vec<Vec<u8>>> = Default::default();
            for (k, ws) in entries {
                m.entry(k).or_default().extend(ws);
            }
            m.into_iter().collect()
        };
        let lists = Lists::load(&Lists::build(merged).unwrap()).unwrap();
        assert_eq!(lists.near("miister"), vec!["minister"]);
        assert_eq!(lists.near("cafe"), vec!["caf\u{e9}"]);
        assert!(lists.near("minister").is_empty() && lists.near("pashinyan").is_empty());
    }

    #[test]
    fn counts_round_trip() {
        let bytes = Counts::build(vec![
            (pair_key("prime", "minister"), 7),
            (pair_key("a", "b"), 1),
            (pair_key("a", "b"), 2),
        ])
        .unwrap();
        let m = Counts::load(bytes).unwrap();
        assert_eq!(m.len(), 2);
        assert_eq!(m.get(&pair_key("prime", "minister")), Some(7));
        assert_eq!(m.get(&pair_key("a", "b")), Some(2));
        assert_eq!(m.get(b"prime"), None);
        assert_eq!(m.entries()[0].0, b"a b");
        assert_eq!(Counts::load(m.bytes().to_vec()).unwrap().len(), 2);
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        assert!(Counts::load(b"not an fst at all".to_vec()).is_err());
        assert!(Lists::load(b"short").is_err());
        assert!(Lists::load(b"\xff\xff\xff\xff\x00\x00\x00\x00rest").is_err());
        let good = Lists::build(vec![(b"a".to_vec(), vec![b"x".to_vec()])]).unwrap();
        assert!(Lists::load(&good[..good.len() - 1]).is_err()); // the last list cut short
    }

    #[test]
    fn lists_round_trip() {
        let bytes = Lists::build(vec![
            (b"prime".to_vec(), vec![b"minister".to_vec(), b"time".to_vec()]),
            (b"empty".to_vec(), vec![]),
        ])
        .unwrap();
        let m = Lists::load(&bytes).unwrap();
        assert_eq!(m.len(), 2);
        assert_eq!(m.get(b"prime").unwrap(), vec![&b"minister"[..], b"time"]);
        assert_eq!(m.get(b"empty").unwrap().len(), 0);
        assert!(m.get(b"other").is_none());
        assert_eq!(m.bytes(), bytes);
    }
}
