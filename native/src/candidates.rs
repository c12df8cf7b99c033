//! The candidate index of the `typos` cleaner: the known words within two edits of a token.
//!
//! A symmetric-delete index (the SymSpell idea) over word prefixes: every string made by
//! deleting up to two letters from a word's first seven letters, packed into a big-endian
//! 64-bit key (zero-padded), points to the word. A token's own deletions are looked up in a
//! hashed directory (below), and the words found are checked with the optimal-string-alignment
//! distance. ASCII words only (the Python side scans the rest).
//!
//! The index is one flat byte layout, built once and cached on disk by the Python side, and
//! read in place: from a memory map of the cache file (no load time, and the pages are shared
//! by every worker process on the machine) or from bytes in memory. Every read is bounds
//! checked, so a damaged file gives fewer candidates, never a crash.
//!
//! Layout (little-endian; every section starts on an 8-byte boundary):
//! `MAGIC`, then `n_words`, `n_keys`, `n_ids`, `blob_len`, `dir_bits` as u64; word offsets
//! (`n_words + 1` u32 into the blob); keys (`n_keys` u64, sorted by their [`bucket`], then by
//! value); key offsets (`n_keys + 1` u32 into the ids); ids (`n_ids` u32: a word's number in
//! the low `ID_BITS` bits, its length, up to 31, above them); the directory (`2^dir_bits + 1`
//! u32: where each bucket's keys start); the blob (the words' bytes).
//!
//! Why a directory: a token's two dozen deletions were each a binary search over nearly a
//! million keys, twenty reads at places far apart, most of them a cache miss (and, in a fresh
//! process, a page fault of the map). A bucket holds about four keys, side by side, so a
//! deletion is one read of the directory and one of the keys. The length beside each id is
//! there for the same reason: a look-up filters hundreds of ids by length, and each read a
//! table of lengths at random.

use std::fs::File;
use std::path::Path;

const MAGIC: &[u8; 8] = b"TCCAND03";
/// Letters of a word's beginning that its keys are made of.
pub const PREFIX: usize = 7;

enum Storage {
    Memory(Vec<u8>),
    Mapped(memmap2::Mmap),
}

/// Where each section starts and how long it is, in bytes.
#[derive(Clone, Copy, Default)]
struct Sections {
    n_words: usize,
    n_keys: usize,
    word_offsets: usize,
    keys: usize,
    key_offsets: usize,
    ids: usize,
    n_ids: usize,
    dir: usize,
    dir_bits: u32,
    blob: usize,
    blob_len: usize,
}

pub struct CandidateIndex {
    storage: Storage,
    s: Sections,
}

/// Bits of an id that hold the word's number (the rest hold its length, at most 31).
const ID_BITS: u32 = 27;
const ID_MASK: u32 = (1 << ID_BITS) - 1;

/// An id as stored: word number `id` of length `len` (31 for any longer word).
fn packed(id: u32, len: usize) -> u32 {
    ((len.min(31) as u32) << ID_BITS) | id
}

fn align8(n: usize) -> usize {
    n.div_ceil(8) * 8
}

const HEADER: usize = 8 + 5 * 8;
/// The most buckets a directory may have (2^`MAX_DIR_BITS`): a bound on what a header may ask.
const MAX_DIR_BITS: u32 = 30;

fn layout(
    n_words: usize,
    n_keys: usize,
    n_ids: usize,
    blob_len: usize,
    dir_bits: u32,
) -> Option<(Sections, usize)> {
    if dir_bits == 0 || dir_bits > MAX_DIR_BITS {
        return None;
    }
    let word_offsets: usize = HEADER;
    let keys = align8(word_offsets.checked_add(n_words.checked_add(1)?.checked_mul(4)?)?);
    let key_offsets = keys.checked_add(n_keys.checked_mul(8)?)?;
    let ids = align8(key_offsets.checked_add(n_keys.checked_add(1)?.checked_mul(4)?)?);
    let dir = align8(ids.checked_add(n_ids.checked_mul(4)?)?);
    let blob = align8(dir.checked_add(((1usize << dir_bits) + 1).checked_mul(4)?)?);
    let end = blob.checked_add(blob_len)?;
    let s = Sections {
        n_words,
        n_keys,
        word_offsets,
        keys,
        key_offsets,
        ids,
        n_ids,
        dir,
        dir_bits,
        blob,
        blob_len,
    };
    Some((s, end))
}

/// The directory's size for `n_keys` keys: buckets of four keys or fewer on average.
fn dir_bits_for(n_keys: usize) -> u32 {
    let mut bits = 1;
    while bits < MAX_DIR_BITS && (1usize << bits) * 4 < n_keys {
        bits += 1;
    }
    bits
}

/// Reads the bytes `bytes` yields, for their cache lines to be fetched now (all at once, as
/// the reads do not depend on one another), and keeps the compiler from dropping the reads.
pub(crate) fn touch(bytes: impl Iterator<Item = u8>) {
    std::hint::black_box(bytes.fold(0u8, |acc, b| acc ^ b));
}

/// The bucket of key `k` in a directory of 2^`bits` buckets (`bits` from 1 to 30): the top
/// bits of a fixed mix of it (SplitMix64's finaliser: the keys are letters, far from uniform,
/// and the file's layout must not depend on a seed).
fn bucket(k: u64, bits: u32) -> usize {
    let mut z = k;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^= z >> 31;
    (z >> (64 - bits)) as usize
}

/// The key of a string of at most 8 ASCII bytes: its bytes, zero-padded, big-endian.
fn key_of(bytes: &[u8]) -> u64 {
    let mut k = [0u8; 8];
    k[..bytes.len()].copy_from_slice(bytes);
    u64::from_be_bytes(k)
}

/// The strings made by deleting up to `depth` (at most 2) letters from `head`, each once.
fn deletions(head: &[u8], depth: usize, out: &mut Vec<u64>) {
    let n = head.len();
    out.push(key_of(head));
    let mut buf = Vec::with_capacity(n);
    if depth >= 1 {
        for i in 0..n {
            buf.clear();
            buf.extend(head.iter().enumerate().filter(|&(k, _)| k != i).map(|(_, &b)| b));
            out.push(key_of(&buf));
        }
    }
    if depth >= 2 {
        for i in 0..n {
            for j in i + 1..n {
                buf.clear();
                buf.extend(head.iter().enumerate().filter(|&(k, _)| k != i && k != j).map(|(_, &b)| b));
                out.push(key_of(&buf));
            }
        }
    }
    out.sort_unstable();
    out.dedup();
}

/// The pattern side of Hyyrö's bit-parallel OSA distance: for each byte, the positions of
/// the pattern (at most 64 bytes) that hold it.
pub struct Pattern {
    masks: [u64; 256],
    len: usize,
}

impl Pattern {
    pub fn new(a: &[u8]) -> Option<Pattern> {
        if a.is_empty() || a.len() > 64 {
            return None;
        }
        let mut masks = [0u64; 256];
        for (i, &c) in a.iter().enumerate() {
            masks[c as usize] |= 1 << i;
        }
        Some(Pattern { masks, len: a.len() })
    }

    /// The OSA distance of the pattern and `b`, or `limit + 1` where it exceeds `limit`
    /// (Hyyrö 2003: the Myers bit-vector recurrence with a transposition term).
    pub fn osa(&self, b: &[u8], limit: usize) -> usize {
        if self.len.abs_diff(b.len()) > limit {
            return limit + 1;
        }
        let top = 1u64 << (self.len - 1);
        let (mut vp, mut vn, mut d0, mut pm_old) = (u64::MAX, 0u64, 0u64, 0u64);
        let mut dist = self.len;
        for &c in b {
            let pm = self.masks[c as usize];
            let tr = (((!d0) & pm) << 1) & pm_old;
            d0 = ((((pm & vp).wrapping_add(vp)) ^ vp) | pm | vn) | tr;
            let mut hp = vn | !(d0 | vp);
            let mut hn = d0 & vp;
            if hp & top != 0 {
                dist += 1;
            } else if hn & top != 0 {
                dist -= 1;
            }
            hp = (hp << 1) | 1;
            hn <<= 1;
            vp = hn | !(d0 | hp);
            vn = hp & d0;
            pm_old = pm;
        }
        dist.min(limit + 1)
    }
}

/// Optimal-string-alignment distance of `a` and `b`, or `limit + 1` where it exceeds `limit`
/// (the plain dynamic programme: what `Pattern::osa` computes, for any length).
pub fn osa(a: &[u8], b: &[u8], limit: usize) -> usize {
    if a.len().abs_diff(b.len()) > limit {
        return limit + 1;
    }
    let (n, m) = (a.len(), b.len());
    let w = m + 1;
    let mut d = vec![0usize; (n + 1) * w];
    for (i, row) in d.chunks_exact_mut(w).enumerate() {
        row[0] = i;
    }
    for (j, v) in d[..w].iter_mut().enumerate() {
        *v = j;
    }
    for i in 1..=n {
        let mut row_min = usize::MAX;
        for j in 1..=m {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[(i - 1) * w + j] + 1).min(d[i * w + j - 1] + 1).min(d[(i - 1) * w + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[(i - 2) * w + j - 2] + 1);
            }
            d[i * w + j] = v;
            row_min = row_min.min(v);
        }
        if row_min > limit && i > 1 {
            // (a transposition reaches back two rows, so only a row after the first may end it)
            let prev_min = d[(i - 1) * w..i * w].iter().copied().min().unwrap_or(0);
            if prev_min > limit {
                return limit + 1;
            }
        }
    }
    d[n * w + m].min(limit + 1)
}

impl CandidateIndex {
    /// The index's bytes for `words` (ASCII words longer than two letters, sorted, unique: the
    /// caller's list is numbered as given).
    pub fn build(words: &[&[u8]]) -> Vec<u8> {
        assert!(words.len() <= ID_MASK as usize, "too many words for a candidate index");
        let mut pairs: Vec<(u64, u32)> = Vec::new();
        let mut keys = Vec::new();
        for (id, w) in words.iter().enumerate() {
            let head = &w[..w.len().min(PREFIX)];
            keys.clear();
            deletions(head, 2, &mut keys);
            pairs.extend(keys.iter().map(|&k| (k, id as u32)));
        }
        pairs.sort_unstable();
        pairs.dedup();
        let bits = dir_bits_for(pairs.chunk_by(|a, b| a.0 == b.0).count());
        // (each bucket's keys side by side, in the order of their value; a key's ids stay in
        // the order of the words)
        pairs.sort_by_key(|&(k, id)| (bucket(k, bits), k, id));
        let mut unique: Vec<u64> = Vec::new();
        let mut offsets: Vec<u32> = Vec::new();
        for (i, &(k, _)) in pairs.iter().enumerate() {
            if unique.last() != Some(&k) {
                unique.push(k);
                offsets.push(i as u32);
            }
        }
        offsets.push(pairs.len() as u32);
        let blob_len: usize = words.iter().map(|w| w.len()).sum();
        let (s, end) =
            layout(words.len(), unique.len(), pairs.len(), blob_len, bits).expect("index too large");
        let mut out = vec![0u8; end];
        out[..8].copy_from_slice(MAGIC);
        for (i, v) in [words.len(), unique.len(), pairs.len(), blob_len, bits as usize].iter().enumerate() {
            out[8 + 8 * i..16 + 8 * i].copy_from_slice(&(*v as u64).to_le_bytes());
        }
        let mut pos = 0u32;
        let mut blob = Vec::with_capacity(blob_len);
        for (i, w) in words.iter().enumerate() {
            out[s.word_offsets + 4 * i..s.word_offsets + 4 * i + 4].copy_from_slice(&pos.to_le_bytes());
            pos += w.len() as u32;
            blob.extend_from_slice(w);
        }
        let n = words.len();
        out[s.word_offsets + 4 * n..s.word_offsets + 4 * n + 4].copy_from_slice(&pos.to_le_bytes());
        for (i, k) in unique.iter().enumerate() {
            out[s.keys + 8 * i..s.keys + 8 * i + 8].copy_from_slice(&k.to_le_bytes());
        }
        for (i, o) in offsets.iter().enumerate() {
            out[s.key_offsets + 4 * i..s.key_offsets + 4 * i + 4].copy_from_slice(&o.to_le_bytes());
        }
        for (i, &(_, id)) in pairs.iter().enumerate() {
            let v = packed(id, words[id as usize].len());
            out[s.ids + 4 * i..s.ids + 4 * i + 4].copy_from_slice(&v.to_le_bytes());
        }
        // directory[b]: the first key of a bucket >= b (the last entry: the number of keys)
        let mut at = 0usize;
        for b in 0..=(1usize << bits) {
            while at < unique.len() && bucket(unique[at], bits) < b {
                at += 1;
            }
            out[s.dir + 4 * b..s.dir + 4 * b + 4].copy_from_slice(&(at as u32).to_le_bytes());
        }
        out[s.blob..s.blob + blob_len].copy_from_slice(&blob);
        out
    }

    fn from_storage(storage: Storage) -> Result<Self, String> {
        let data: &[u8] = match &storage {
            Storage::Memory(v) => v,
            Storage::Mapped(m) => m,
        };
        if data.len() < HEADER || &data[..8] != MAGIC {
            return Err("not a candidate index".into());
        }
        let field = |i: usize| -> Result<usize, String> {
            let v = u64::from_le_bytes(data[8 + 8 * i..16 + 8 * i].try_into().unwrap());
            usize::try_from(v).map_err(|_| "candidate index too large".to_string())
        };
        let bits = u32::try_from(field(4)?).map_err(|_| "corrupt candidate index".to_string())?;
        let (s, end) =
            layout(field(0)?, field(1)?, field(2)?, field(3)?, bits).ok_or("corrupt candidate index")?;
        if end != data.len() {
            return Err("truncated or corrupt candidate index".into());
        }
        if s.n_words > ID_MASK as usize {
            return Err("candidate index too large".into());
        }
        Ok(CandidateIndex { storage, s })
    }

    /// An index over the bytes `build` made.
    pub fn from_bytes(data: Vec<u8>) -> Result<Self, String> {
        Self::from_storage(Storage::Memory(data))
    }

    /// An index read in place from a file of the bytes `build` made.
    pub fn open(path: &Path) -> Result<Self, String> {
        let file = File::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
        // SAFETY: a memory map is undefined behaviour if the file changes while mapped. The
        // cache writes this file once, to a temporary name renamed into place, and never
        // writes it again: a rebuilt index is a new file (a new inode), and the mapping keeps
        // the old one alive until it is dropped (tests/test_native.py replaces the file under
        // an open index). Reads are bounds checked (see `word`, `lookup`), so even a file
        // truncated by hand cannot be read out of bounds through a slice; only a SIGBUS from
        // truncation of a mapped file remains, which no cache writer of textclean causes.
        let map = unsafe { memmap2::Mmap::map(&file) }.map_err(|e| format!("{}: {e}", path.display()))?;
        Self::from_storage(Storage::Mapped(map))
    }

    fn data(&self) -> &[u8] {
        match &self.storage {
            Storage::Memory(v) => v,
            Storage::Mapped(m) => m,
        }
    }

    fn u32_at(&self, start: usize, i: usize) -> usize {
        let p = start + 4 * i;
        self.data().get(p..p + 4).map_or(0, |b| u32::from_le_bytes(b.try_into().unwrap()) as usize)
    }

    fn key(&self, i: usize) -> u64 {
        let p = self.s.keys + 8 * i;
        self.data().get(p..p + 8).map_or(u64::MAX, |b| u64::from_le_bytes(b.try_into().unwrap()))
    }

    pub fn len(&self) -> usize {
        self.s.n_words
    }

    pub fn is_empty(&self) -> bool {
        self.s.n_words == 0
    }

    /// Word number `i` (empty where the index is damaged).
    pub fn word(&self, i: usize) -> &[u8] {
        if i >= self.s.n_words {
            return &[];
        }
        let (a, b) = (self.u32_at(self.s.word_offsets, i), self.u32_at(self.s.word_offsets, i + 1));
        if a > b || b > self.s.blob_len {
            return &[];
        }
        &self.data()[self.s.blob + a..self.s.blob + b]
    }

    /// The number of `word`, where it is indexed (the words are sorted).
    pub fn position(&self, word: &[u8]) -> Option<usize> {
        let (mut lo, mut hi) = (0, self.s.n_words);
        while lo < hi {
            let mid = (lo + hi) / 2;
            match self.word(mid).cmp(word) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return Some(mid),
            }
        }
        None
    }

    /// The number of key `k`, where it is a key: looked for among its bucket's keys.
    fn find_key(&self, k: u64) -> Option<usize> {
        let b = bucket(k, self.s.dir_bits);
        let (lo, hi) = (self.u32_at(self.s.dir, b), self.u32_at(self.s.dir, b + 1).min(self.s.n_keys));
        // (a bucket's keys are sorted: the scan stops at the first one not below `k`)
        (lo..hi).find(|&i| self.key(i) >= k).filter(|&i| self.key(i) == k)
    }

    /// The indexed words other than `typo` (ASCII) within OSA distance `limit` (at most 2) of
    /// it: their numbers, ascending, and their distances.
    pub fn lookup(&self, typo: &[u8], limit: usize) -> (Vec<u32>, Vec<u8>) {
        let limit = limit.min(2);
        let mut queries = Vec::with_capacity(32);
        deletions(&typo[..typo.len().min(PREFIX)], limit, &mut queries);
        // The index is read in stages, each over all the queries (or candidates) before the
        // next: the reads of one stage do not depend on one another, so the processor has
        // many of them under way at once, where a query followed to its end before the next
        // left it waiting on one cache miss after another (the index is tens of MB, and a
        // token's two dozen queries land far apart in it). Each stage touches what the next
        // will read (`touch`).
        let heads: Vec<usize> =
            queries.iter().map(|&q| self.u32_at(self.s.dir, bucket(q, self.s.dir_bits))).collect();
        touch(heads.iter().map(|&lo| self.key(lo) as u8));
        let keys: Vec<usize> = queries.iter().filter_map(|&q| self.find_key(q)).collect();
        let ranges: Vec<(usize, usize)> = keys
            .iter()
            .map(|&k| {
                (self.u32_at(self.s.key_offsets, k), self.u32_at(self.s.key_offsets, k + 1).min(self.s.n_ids))
            })
            .collect();
        touch(ranges.iter().map(|&(a, _)| self.data().get(self.s.ids + 4 * a).copied().unwrap_or(0)));
        let mut found: Vec<u32> = Vec::new();
        let n = typo.len();
        for &(a, b) in &ranges {
            let ids = self.data().get(self.s.ids + 4 * a..self.s.ids + 4 * b).unwrap_or(&[]);
            // (lengths capped at 31 on both sides: every word within `limit` of the token
            // passes, and the distance below is exact)
            let cap = n.min(31);
            for v in ids.chunks_exact(4).map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]])) {
                if ((v >> ID_BITS) as usize).abs_diff(cap) <= limit {
                    found.push(v & ID_MASK);
                }
            }
        }
        found.sort_unstable();
        found.dedup();
        let words: Vec<&[u8]> = found.iter().map(|&id| self.word(id as usize)).collect();
        touch(words.iter().map(|w| w.first().copied().unwrap_or(0)));
        let mut ids = Vec::with_capacity(found.len());
        let mut dist = Vec::with_capacity(found.len());
        let pattern = Pattern::new(typo);
        for (id, word) in found.into_iter().zip(words) {
            let d = match &pattern {
                Some(p) => p.osa(word, limit),
                None => osa(typo, word, limit),
            };
            if d > 0 && d <= limit {
                ids.push(id);
                dist.push(d as u8);
            }
        }
        (ids, dist)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index(words: &[&str]) -> CandidateIndex {
        let w: Vec<&[u8]> = words.iter().map(|w| w.as_bytes()).collect();
        CandidateIndex::from_bytes(CandidateIndex::build(&w)).unwrap()
    }

    #[test]
    fn finds_words_within_two_edits() {
        let idx = index(&["mind", "minister", "monster"]);
        let (ids, dist) = idx.lookup(b"miniter", 2);
        let got: Vec<(&[u8], u8)> = ids.iter().map(|&i| idx.word(i as usize)).zip(dist).collect();
        assert_eq!(got, vec![(&b"minister"[..], 1), (&b"monster"[..], 2)]);
        assert_eq!(idx.position(b"monster"), Some(2));
        assert_eq!(idx.position(b"mon"), None);
        // words longer than the 31 a stored length holds
        let long = "a".repeat(40);
        let (longer, shorter, far) = (format!("{long}b"), "a".repeat(38), "a".repeat(37));
        let idx = index(&[&long, "alpha"]);
        for (typo, want) in [(longer.as_str(), vec![(0, 1)]), (&shorter, vec![(0, 2)]), (&far, vec![])] {
            let (ids, dist) = idx.lookup(typo.as_bytes(), 2);
            assert_eq!(ids.into_iter().zip(dist).collect::<Vec<_>>(), want, "{}", typo.len());
        }
    }

    #[test]
    fn the_directory_finds_every_key_a_scan_of_all_keys_finds() {
        let mut next = crate::testrng::xorshift(0x9E37_79B9_7F4A_7C15u64);
        let mut words: Vec<Vec<u8>> =
            (0..3000).map(|_| (0..3 + next(9)).map(|_| b"abcdefgh"[next(8) as usize]).collect()).collect();
        words.sort();
        words.dedup();
        let refs: Vec<&[u8]> = words.iter().map(|w| w.as_slice()).collect();
        let idx = CandidateIndex::from_bytes(CandidateIndex::build(&refs)).unwrap();
        let all: Vec<u64> = (0..idx.s.n_keys).map(|i| idx.key(i)).collect();
        assert!(idx.s.n_keys > 1000 && (1usize << idx.s.dir_bits) * 4 >= idx.s.n_keys);
        let mut queries = Vec::new();
        for _ in 0..3000 {
            let w: Vec<u8> = (0..1 + next(9)).map(|_| b"abcdefghi"[next(9) as usize]).collect();
            queries.clear();
            deletions(&w[..w.len().min(PREFIX)], 2, &mut queries);
            for &q in &queries {
                assert_eq!(idx.find_key(q), all.iter().position(|&k| k == q), "{w:?}");
            }
            // and the words found are those within two edits whose prefixes share a deletion
            let (ids, dist) = idx.lookup(&w, 2);
            let brute: Vec<(u32, u8)> = refs
                .iter()
                .enumerate()
                .filter_map(|(i, x)| {
                    let d = osa(&w, x, 2);
                    (d > 0 && d <= 2).then_some((i as u32, d as u8))
                })
                .collect();
            assert_eq!(ids.into_iter().zip(dist).collect::<Vec<_>>(), brute, "{w:?}");
        }
    }

    #[test]
    fn osa_counts_a_transposition_as_one_edit() {
        assert_eq!(osa(b"recieve", b"receive", 2), 1);
        assert_eq!(osa(b"abc", b"xyzw", 2), 3);
        assert_eq!(osa(b"ca", b"abc", 3), 3); // OSA, not Damerau: no edit of a transposed pair
        assert_eq!(osa(b"", b"ab", 2), 2);
    }

    #[test]
    fn the_bit_parallel_distance_is_the_dynamic_programmes() {
        let mut next = crate::testrng::xorshift(0x2545_F491_4F6C_DD1Du64);
        for _ in 0..20_000 {
            let la = 1 + next(12) as usize;
            let lb = next(14) as usize;
            let a: Vec<u8> = (0..la).map(|_| b"abcd"[next(4) as usize]).collect();
            let b: Vec<u8> = (0..lb).map(|_| b"abcd"[next(4) as usize]).collect();
            let p = Pattern::new(&a).unwrap();
            for limit in [1, 2, 20] {
                assert_eq!(p.osa(&b, limit), osa(&a, &b, limit), "{a:?} {b:?} {limit}");
            }
        }
        let long = vec![b'a'; 64];
        assert_eq!(Pattern::new(&long).unwrap().osa(&long[1..], 2), 1);
        assert!(Pattern::new(&[b'a'; 65]).is_none());
    }

    #[test]
    fn damaged_bytes_are_refused_or_read_safely() {
        let good = CandidateIndex::build(&[b"alpha", b"beta"]);
        assert!(CandidateIndex::from_bytes(good[..good.len() - 1].to_vec()).is_err());
        assert!(CandidateIndex::from_bytes(b"TCCAND01".to_vec()).is_err());
        let mut bad = good.clone();
        for b in bad[48..].iter_mut() {
            *b = 0xff; // every offset, key and id out of range
        }
        let idx = CandidateIndex::from_bytes(bad).unwrap();
        let _ = idx.lookup(b"alpah", 2);
        let _ = idx.position(b"alpha");
    }
}
