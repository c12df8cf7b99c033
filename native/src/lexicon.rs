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

/// A map from byte strings to counts, with (when built `indexed`) a hash index of its keys.
pub struct Counts(Map<Vec<u8>>, Option<KeyIndex>);

/// A hash index of a map's keys, for the maps read in the hot loops (the vocabulary of the
/// `typos` cleaner, looked up for every new word form of a page): a walk of the transducer
/// cost some 1,500 instructions a key, a look-up here a hash and a few comparisons.
///
/// Each key is a 64-bit fingerprint (a fixed-seed hash), kept sorted with its value and
/// found through a table of where each bucket of fingerprints (their top bits) begins. A
/// string that is not a key is taken for one only if its fingerprint equals a key's: about
/// one chance in 10^13 per look-up for a map of 260,000 keys, and then in the safe direction
/// for a spelling cleaner (a word taken for known is left alone). Two keys of one
/// fingerprint are looked up in the transducer instead, so the index never changes a key's
/// value.
struct KeyIndex {
    /// `starts[b]..starts[b + 1]` are the entries of bucket `b`.
    starts: Vec<u32>,
    fingerprints: Vec<u64>,
    /// The values, in the order of `fingerprints`.
    values: Values,
    /// The fingerprints shared by two keys or more (none, in practice).
    shared: Vec<u64>,
    shift: u32,
}

/// A table from strings to counts that keeps only each string's fingerprint (see
/// [`KeyIndex`]), for a table asked of strings but never listed: the `typos` cleaner's table
/// of what wordfreq says of half a million words (a string that is not a key reads as 0, and
/// is taken for one about once in 10^13 look-ups).
pub struct Fingerprints(KeyIndex);

impl Fingerprints {
    /// The bytes of the table of `entries` (for a string given twice, the last value wins).
    pub fn build(entries: Vec<(Vec<u8>, u64)>) -> Vec<u8> {
        let last: std::collections::HashMap<Vec<u8>, u64> = entries.into_iter().collect();
        // (in any order: `from_entries` sorts each bucket, so the bytes are the same every time)
        KeyIndex::from_entries(last.iter().map(|(k, v)| (fingerprint(k), *v)).collect()).to_bytes(b"")
    }

    /// The table stored in `bytes`; None when they are not one (or are damaged).
    pub fn load(bytes: &[u8]) -> Option<Self> {
        let n = usize::try_from(u64::from_le_bytes(bytes.get(16..24)?.try_into().ok()?)).ok()?;
        KeyIndex::from_bytes(bytes, b"", n).map(Fingerprints)
    }

    /// The value of `key`, 0 when it is not in the table (of two strings of one fingerprint,
    /// the lesser value: the same for every build).
    pub fn get(&self, key: &[u8]) -> u64 {
        self.0.first(key).unwrap_or(0)
    }

    pub fn len(&self) -> usize {
        self.0.fingerprints.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.fingerprints.is_empty()
    }
}

/// The values of a [`KeyIndex`], as narrow as they allow: none when every value is 1 (a set),
/// 32 bits when they fit (wordfreq's tables: a third less memory), else 64.
enum Values {
    Ones,
    Narrow(Vec<u32>),
    Wide(Vec<u64>),
}

impl Values {
    fn of(values: impl Iterator<Item = u64> + Clone) -> Values {
        if values.clone().all(|v| v == 1) {
            Values::Ones
        } else if values.clone().all(|v| v <= u64::from(u32::MAX)) {
            Values::Narrow(values.map(|v| v as u32).collect())
        } else {
            Values::Wide(values.collect())
        }
    }

    fn at(&self, i: usize) -> u64 {
        match self {
            Values::Ones => 1,
            Values::Narrow(v) => u64::from(v[i]),
            Values::Wide(v) => v[i],
        }
    }

    /// How the stored form says which (the `has_values` field of the index's head).
    fn kind(&self) -> u64 {
        match self {
            Values::Ones => 0,
            Values::Wide(_) => 1,
            Values::Narrow(_) => 2,
        }
    }
}

/// The fixed seed of the fingerprints (any constant; a stored index records the fingerprint
/// of `INDEX_PROBE`, so that one made by another hash is rebuilt, not misread).
const FINGERPRINT_SEED: u64 = 0x7465_7874_636c_6561;
const INDEX_MAGIC: &[u8; 8] = b"TCKIDX02";
const INDEX_PROBE: &[u8] = b"textclean key index";
/// The bytes of a stored index before its bucket starts: the magic and seven u64.
const INDEX_HEAD: usize = 8 + 7 * 8;

fn fingerprint(key: &[u8]) -> u64 {
    use std::hash::BuildHasher;
    foldhash::quality::FixedState::with_seed(FINGERPRINT_SEED).hash_one(key)
}

impl KeyIndex {
    fn build(map: &Map<Vec<u8>>) -> KeyIndex {
        let mut hashed: Vec<(u64, u64)> = Vec::with_capacity(map.len());
        let mut s = map.stream();
        while let Some((k, v)) = s.next() {
            hashed.push((fingerprint(k), v));
        }
        KeyIndex::from_entries(hashed)
    }

    /// The index of `(fingerprint, value)` entries.
    fn from_entries(hashed: Vec<(u64, u64)>) -> KeyIndex {
        // (about four keys a bucket: a bucket's entries are one or two cache lines)
        let n = hashed.len();
        let bits = (n / 4).max(1).next_power_of_two().trailing_zeros().clamp(1, 24);
        let shift = 64 - bits;
        let mut starts = vec![0u32; (1usize << bits) + 1];
        for &(f, _) in &hashed {
            starts[(f >> shift) as usize + 1] += 1;
        }
        // a counting sort by bucket, then each bucket (a few entries) sorted in place
        for b in 1..starts.len() {
            starts[b] += starts[b - 1];
        }
        let mut next: Vec<u32> = starts[..starts.len() - 1].to_vec();
        let mut entries = vec![(0u64, 0u64); hashed.len()];
        for e in hashed {
            let slot = &mut next[(e.0 >> shift) as usize];
            entries[*slot as usize] = e;
            *slot += 1;
        }
        for w in starts.windows(2) {
            entries[w[0] as usize..w[1] as usize].sort_unstable();
        }
        let mut shared: Vec<u64> = entries.windows(2).filter(|w| w[0].0 == w[1].0).map(|w| w[0].0).collect();
        shared.dedup();
        let values = Values::of(entries.iter().map(|e| e.1));
        let fingerprints = entries.into_iter().map(|e| e.0).collect();
        KeyIndex { starts, fingerprints, values, shared, shift }
    }

    /// The index as bytes, to be cached beside its map (see [`KeyIndex::from_bytes`]):
    /// `INDEX_MAGIC`, then as little-endian u64: a hash of the map's bytes, the number of
    /// keys, the bucket bits, which values follow (none, 64 or 32 bits: 0, 1, 2), the number
    /// of shared fingerprints, the
    /// fingerprint of `INDEX_PROBE` (the hash this build computes), a hash of the rest; then
    /// the bucket starts (u32), the fingerprints, the values (when any), the shared
    /// fingerprints.
    fn to_bytes(&self, map: &[u8]) -> Vec<u8> {
        let n = self.fingerprints.len();
        let mut body = Vec::with_capacity(4 * self.starts.len() + 16 * n);
        body.extend(self.starts.iter().flat_map(|x| x.to_le_bytes()));
        body.extend(self.fingerprints.iter().flat_map(|x| x.to_le_bytes()));
        match &self.values {
            Values::Ones => {}
            Values::Narrow(v) => body.extend(v.iter().flat_map(|x| x.to_le_bytes())),
            Values::Wide(v) => body.extend(v.iter().flat_map(|x| x.to_le_bytes())),
        }
        body.extend(self.shared.iter().flat_map(|x| x.to_le_bytes()));
        let mut out = Vec::with_capacity(INDEX_HEAD + body.len());
        out.extend_from_slice(INDEX_MAGIC);
        let has_values = self.values.kind();
        for x in [
            fingerprint(map),
            n as u64,
            u64::from(64 - self.shift),
            has_values,
            self.shared.len() as u64,
            fingerprint(INDEX_PROBE),
            fingerprint(&body),
        ] {
            out.extend_from_slice(&x.to_le_bytes());
        }
        out.extend_from_slice(&body);
        out
    }

    /// The index `to_bytes` stored for the map of bytes `map` with `n` keys; None when the
    /// bytes are not one, are of another map or of another hash, or are inconsistent (a
    /// damaged file is rebuilt, never trusted).
    fn from_bytes(b: &[u8], map: &[u8], n: usize) -> Option<KeyIndex> {
        let u64s = |at: usize, count: usize| -> Option<Vec<u64>> {
            let bytes = b.get(at..at.checked_add(count.checked_mul(8)?)?)?;
            Some(bytes.chunks_exact(8).map(|c| u64::from_le_bytes(c.try_into().unwrap())).collect())
        };
        if b.get(..8)? != INDEX_MAGIC {
            return None;
        }
        let head = u64s(8, 7)?;
        let (bits, has_values, n_shared) =
            (usize::try_from(head[2]).ok()?, head[3], usize::try_from(head[4]).ok()?);
        if head[0] != fingerprint(map)
            || head[1] != n as u64
            || head[5] != fingerprint(INDEX_PROBE)
            || head[6] != fingerprint(&b[INDEX_HEAD..])
            || !(1..=24).contains(&bits)
            || has_values > 2
        {
            return None;
        }
        let n_starts = (1usize << bits) + 1;
        let mut at = INDEX_HEAD;
        let starts: Vec<u32> = b
            .get(at..at + 4 * n_starts)?
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes(c.try_into().unwrap()))
            .collect();
        at += 4 * n_starts;
        if starts[0] != 0 || starts[n_starts - 1] as usize != n || starts.windows(2).any(|w| w[0] > w[1]) {
            return None;
        }
        let fingerprints = u64s(at, n)?;
        at += 8 * n;
        let values = match has_values {
            1 => {
                at += 8 * n;
                Values::Wide(u64s(at - 8 * n, n)?)
            }
            2 => {
                let bytes = b.get(at..at.checked_add(n.checked_mul(4)?)?)?;
                at += 4 * n;
                Values::Narrow(
                    bytes.chunks_exact(4).map(|c| u32::from_le_bytes(c.try_into().unwrap())).collect(),
                )
            }
            _ => Values::Ones,
        };
        let shared = u64s(at, n_shared)?;
        if at + 8 * n_shared != b.len() {
            return None;
        }
        let shift = 64 - bits as u32;
        // each fingerprint in its bucket: a look-up could not find a misplaced one
        let placed = starts.windows(2).enumerate().all(|(k, w)| {
            fingerprints[w[0] as usize..w[1] as usize].iter().all(|&f| (f >> shift) as usize == k)
        });
        placed.then_some(KeyIndex { starts, fingerprints, values, shared, shift })
    }

    /// `Some(Some(value))` for a key, `Some(None)` for a string that is not one, None when the
    /// transducer must answer (a fingerprint that two keys share).
    fn get(&self, key: &[u8]) -> Option<Option<u64>> {
        let f = fingerprint(key);
        if self.is_shared(f) {
            return None;
        }
        Some(self.value_of(f))
    }

    /// Whether two keys or more share the fingerprint `f` (the transducer must answer).
    fn is_shared(&self, f: u64) -> bool {
        !self.shared.is_empty() && self.shared.binary_search(&f).is_ok()
    }

    /// [`KeyIndex::get`] of each of `keys`, in order. The look-ups go in groups whose reads
    /// of the table are made stage by stage (every bucket of the group, then the first
    /// fingerprint of each, then the rest of each look-up), so that the processor waits for
    /// a group's cache misses together: a page's thousand words, one by one, waited for two or three
    /// misses each in turn.
    fn get_many(&self, keys: &[&[u8]]) -> Vec<Option<Option<u64>>> {
        const GROUP: usize = 16;
        let mut out = Vec::with_capacity(keys.len());
        let (mut fps, mut spans, mut heads) = ([0u64; GROUP], [(0usize, 0usize); GROUP], [0u64; GROUP]);
        for group in keys.chunks(GROUP) {
            let n = group.len();
            for (f, key) in fps.iter_mut().zip(group) {
                *f = fingerprint(key);
            }
            for (span, &f) in spans[..n].iter_mut().zip(&fps) {
                let b = (f >> self.shift) as usize;
                *span = (self.starts[b] as usize, self.starts[b + 1] as usize);
            }
            for (head, &(lo, hi)) in heads[..n].iter_mut().zip(&spans) {
                *head = if lo < hi { self.fingerprints[lo] } else { 0 };
            }
            for j in 0..n {
                let (f, (lo, hi)) = (fps[j], spans[j]);
                if self.is_shared(f) {
                    out.push(None);
                    continue;
                }
                let at = if lo < hi && heads[j] == f {
                    Some(lo)
                } else {
                    self.fingerprints[lo..hi].iter().position(|&x| x == f).map(|i| lo + i)
                };
                out.push(Some(at.map(|i| self.values.at(i))));
            }
        }
        out
    }

    /// The value of the first entry of `key`'s fingerprint (the least, entries being sorted).
    fn first(&self, key: &[u8]) -> Option<u64> {
        self.value_of(fingerprint(key))
    }

    fn value_of(&self, f: u64) -> Option<u64> {
        let b = (f >> self.shift) as usize;
        let (lo, hi) = (self.starts[b] as usize, self.starts[b + 1] as usize);
        let i = self.fingerprints[lo..hi].iter().position(|&x| x == f)?;
        Some(self.values.at(lo + i))
    }
}

/// The value of `key` in `map`, from its key index where there is one (a fingerprint that
/// two keys share, or no index, is left to the transducer).
fn look_up(index: Option<&KeyIndex>, map: &Map<Vec<u8>>, key: &[u8]) -> Option<u64> {
    match index.and_then(|i| i.get(key)) {
        Some(found) => found,
        None => map.get(key),
    }
}

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
        Map::new(bytes).map(|m| Counts(m, None))
    }

    /// The map with a hash index of its keys ([`KeyIndex`]): built in one pass over the
    /// keys (some 30 ms for 260,000), 8 bytes a key for a set, 12 or 16 with counts.
    pub fn indexed(self) -> Self {
        let index = KeyIndex::build(&self.0);
        Counts(self.0, Some(index))
    }

    pub fn is_indexed(&self) -> bool {
        self.1.is_some()
    }

    /// The bytes of the map's index, to be cached beside it (None without one).
    pub fn index_bytes(&self) -> Option<Vec<u8>> {
        self.1.as_ref().map(|i| i.to_bytes(self.bytes()))
    }

    /// The map with the index stored in `index` (what `index_bytes` gave for this map);
    /// an error when the bytes are not this map's index.
    pub fn with_index_bytes(self, index: &[u8]) -> Result<Self, &'static str> {
        match KeyIndex::from_bytes(index, self.bytes(), self.len()) {
            Some(i) => Ok(Counts(self.0, Some(i))),
            None => Err("not an index of this map"),
        }
    }

    /// The bytes the map is stored in (what `build` made).
    pub fn bytes(&self) -> &[u8] {
        self.0.as_fst().as_bytes()
    }

    pub fn get(&self, key: &[u8]) -> Option<u64> {
        look_up(self.1.as_ref(), &self.0, key)
    }

    /// [`Counts::get`] of each of `keys`, in order (through the key index in groups, where
    /// there is one: see `KeyIndex::get_many`).
    pub fn get_many(&self, keys: &[&[u8]]) -> Vec<Option<u64>> {
        match self.1.as_ref() {
            None => keys.iter().map(|k| self.0.get(k)).collect(),
            Some(index) => index
                .get_many(keys)
                .into_iter()
                .zip(keys)
                .map(|(v, k)| v.unwrap_or_else(|| self.0.get(k)))
                .collect(),
        }
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
    /// The key index ([`KeyIndex`], the values the lists' offsets), when loaded `indexed`.
    index: Option<KeyIndex>,
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
        Self::load_with(bytes, false)
    }

    /// [`Lists::load`], with a hash index of the keys when `indexed` (made in the pass over
    /// the keys that checks the map: a few milliseconds for 100,000 keys), for a map looked
    /// up key by key in a hot loop ([`Lists::near`]).
    pub fn load_with(bytes: &[u8], indexed: bool) -> Result<Self, String> {
        let head: [u8; 8] =
            bytes.get(..8).and_then(|h| h.try_into().ok()).ok_or("too short for a list map")?;
        let n = usize::try_from(u64::from_le_bytes(head)).map_err(|e| e.to_string())?;
        let fst = bytes.get(8..8usize.saturating_add(n)).ok_or("truncated list map")?;
        let map = Map::new(fst.to_vec()).map_err(|e| e.to_string())?;
        let mut lists = Lists { map, blob: bytes[8 + n..].to_vec(), index: None };
        // every offset must lead to a whole list: a corrupt file is an error now, not a panic later
        let mut hashed = Vec::new();
        let mut s = lists.map.stream();
        while let Some((k, at)) = s.next() {
            lists.words_at(at as usize).ok_or("a list past the end of the map")?;
            if indexed {
                hashed.push((fingerprint(k), at));
            }
        }
        if indexed {
            lists.index = Some(KeyIndex::from_entries(hashed));
        }
        Ok(lists)
    }

    pub fn is_indexed(&self) -> bool {
        self.index.is_some()
    }

    /// The offset of `key`'s list: from the key index where there is one (a fingerprint two
    /// keys share, or none, is left to the transducer).
    fn offset(&self, key: &[u8]) -> Option<u64> {
        look_up(self.index.as_ref(), &self.map, key)
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
        self.offset(key).and_then(|at| self.words_at(at as usize))
    }

    /// The words one edit from `typo` in a delete index (each one-character deletion of a
    /// word, and the word itself, -> the words): the words listed under `typo` or under one
    /// of its deletions that are within one insertion, deletion, substitution or adjacent
    /// transposition of it (code points), `typo` itself aside; sorted, each once.
    pub fn near(&self, typo: &str) -> Vec<&str> {
        let chars: Vec<char> = typo.chars().collect();
        let ascii = typo.is_ascii();
        // The token itself, then each deletion, looked up key by key (in the key index: a
        // hash and a few comparisons each, where a walk of the transducer missed the cache at
        // every node). A deletion in a run of one letter repeated is the same key as the one
        // before it, and finds the same words. (A string that is not a key but shares a key's
        // fingerprint reads that key's words, and each is checked below: the words within one
        // edit of the token are found through their own keys anyway, so the answer is exact.)
        let mut key = String::with_capacity(typo.len());
        let mut found: Vec<&str> = Vec::new();
        for i in 0..=chars.len() {
            key.clear();
            if i == 0 {
                key.push_str(typo);
            } else if i >= 2 && chars[i - 1] == chars[i - 2] {
                continue;
            } else {
                key.extend(chars[..i - 1].iter().chain(&chars[i..]));
            }
            let Some(at) = self.offset(key.as_bytes()) else { continue };
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

    #[test]
    fn near_finds_every_word_within_one_edit() {
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
        let bytes = Lists::build(index.into_iter().map(|(k, v)| (k.into_bytes(), v)).collect()).unwrap();
        let (plain, indexed) = (Lists::load(&bytes).unwrap(), Lists::load_with(&bytes, true).unwrap());
        assert!(plain.index.is_none() && indexed.index.is_some());
        let mut hits = 0;
        for n in 0..2000 {
            let typo = word(n % 8);
            // (the oracle: every listed word within one edit, by brute force)
            let chars: Vec<char> = typo.chars().collect();
            let mut all: Vec<&str> =
                words.iter().map(|w| w.as_str()).filter(|w| *w != typo && one_edit(&chars, w)).collect();
            all.sort_unstable();
            all.dedup();
            assert_eq!(plain.near(&typo), all, "{typo}");
            assert_eq!(indexed.near(&typo), all, "{typo}");
            hits += all.len();
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

    /// Random lower-case words of 1 to 9 letters from a small alphabet (so that many strings
    /// looked up are near keys, and some are keys of the other map).
    fn random_words(seed: u64, n: usize) -> Vec<Vec<u8>> {
        let mut next = crate::testrng::xorshift(seed);
        (0..n).map(|_| (0..1 + next(9)).map(|_| b"abcdeilnorst"[next(12) as usize]).collect()).collect()
    }

    #[test]
    fn the_key_index_answers_as_the_transducer() {
        for (seed, set) in [(0x9E37_79B9_7F4A_7C15u64, false), (0x2545_F491_4F6C_DD1D, true)] {
            let keys = random_words(seed, 5000);
            let entries: Vec<(Vec<u8>, u64)> = keys
                .iter()
                .enumerate()
                .map(|(i, k)| (k.clone(), if set { 1 } else { i as u64 % 97 }))
                .collect();
            let plain = Counts::load(Counts::build(entries.clone()).unwrap()).unwrap();
            let indexed = Counts::load(Counts::build(entries).unwrap()).unwrap().indexed();
            assert!(indexed.is_indexed() && !plain.is_indexed());
            assert_eq!(matches!(indexed.1.as_ref().unwrap().values, Values::Ones), set);
            // every key, and as many strings that are mostly not keys (and the empty string)
            for w in keys.iter().chain(&random_words(seed ^ 0xABCD, 5000)).chain([&Vec::new()]) {
                assert_eq!(indexed.get(w), plain.get(w), "{}", String::from_utf8_lossy(w));
            }
            // and in groups, as the word scan asks
            let others = random_words(seed ^ 0x1234, 5000);
            let all: Vec<&[u8]> =
                keys.iter().chain(&others).map(|w| w.as_slice()).chain([&b""[..]]).collect();
            let one_by_one: Vec<Option<u64>> = all.iter().map(|w| plain.get(w)).collect();
            assert_eq!(indexed.get_many(&all), one_by_one);
            assert_eq!(plain.get_many(&all), one_by_one);
            assert_eq!(indexed.get_many(&all[..7]), one_by_one[..7]);
        }
    }

    #[test]
    fn a_stored_index_is_read_back_and_a_wrong_one_refused() {
        // (values of each width: a set, 32-bit counts, and counts past 32 bits)
        for (set, scale) in [(false, 1u64), (true, 1), (false, 1 << 33)] {
            let entries: Vec<(Vec<u8>, u64)> = random_words(77, 3000)
                .into_iter()
                .enumerate()
                .map(|(i, k)| (k, if set { 1 } else { i as u64 * scale }))
                .collect();
            let bytes = Counts::build(entries.clone()).unwrap();
            let built = Counts::load(bytes.clone()).unwrap().indexed();
            let kind = built.1.as_ref().unwrap().values.kind();
            assert_eq!(
                kind,
                if set {
                    0
                } else if scale > 1 {
                    1
                } else {
                    2
                }
            );
            let stored = built.index_bytes().unwrap();
            let read = Counts::load(bytes.clone()).unwrap().with_index_bytes(&stored).unwrap();
            // (a word drawn twice keeps its last count, as `Counts::build` does)
            let last: std::collections::HashMap<&Vec<u8>, u64> =
                entries.iter().map(|(k, v)| (k, *v)).collect();
            for (k, v) in last {
                assert_eq!(read.get(k), Some(v));
            }
            for w in random_words(78, 3000) {
                assert_eq!(read.get(&w), built.get(&w));
            }
            assert_eq!(read.index_bytes().unwrap(), stored);
            // another map's index, a truncated one, a changed byte in each part
            let other = Counts::load(Counts::build(vec![(b"a".to_vec(), 1)]).unwrap()).unwrap();
            assert!(other.with_index_bytes(&stored).is_err());
            let again = || Counts::load(bytes.clone()).unwrap();
            assert!(again().with_index_bytes(&stored[..stored.len() - 1]).is_err());
            assert!(again().with_index_bytes(&[]).is_err());
            for at in (0..stored.len()).step_by(37).chain([stored.len() - 1]) {
                let mut bad = stored.clone();
                bad[at] ^= 0x01;
                assert!(again().with_index_bytes(&bad).is_err(), "byte {at} changed");
            }
        }
    }

    #[test]
    fn a_table_of_fingerprints_answers_as_a_map() {
        let keys = random_words(91, 4000);
        let entries: Vec<(Vec<u8>, u64)> =
            keys.iter().enumerate().map(|(i, k)| (k.clone(), 1 + i as u64 % 500)).collect();
        let map = Counts::load(Counts::build(entries.clone()).unwrap()).unwrap();
        let bytes = Fingerprints::build(entries.clone());
        // (a hash map's order differs from one build to the next; the bytes do not)
        assert_eq!(Fingerprints::build(entries), bytes);
        let table = Fingerprints::load(&bytes).unwrap();
        assert_eq!(table.len(), map.len());
        for w in keys.iter().chain(&random_words(92, 4000)) {
            assert_eq!(table.get(w), map.get(w).unwrap_or(0));
        }
        let mut bad = bytes.clone();
        bad[bytes.len() / 2] ^= 1;
        assert!(Fingerprints::load(&bad).is_none() && Fingerprints::load(b"").is_none());
        let empty = Fingerprints::load(&Fingerprints::build(Vec::new())).unwrap();
        assert!(empty.is_empty() && empty.get(b"a") == 0);
    }

    #[test]
    fn a_fingerprint_two_keys_share_is_left_to_the_transducer() {
        let m =
            Counts::load(Counts::build(vec![(b"abc".to_vec(), 5), (b"abd".to_vec(), 1)]).unwrap()).unwrap();
        let mut m = m.indexed();
        assert_eq!(m.get(b"abc"), Some(5));
        // (no two keys of a test share a fingerprint: one is marked shared by hand, and the
        // index then defers to the transducer for it alone)
        let index = m.1.as_mut().unwrap();
        index.shared = vec![fingerprint(b"abc")];
        assert_eq!(index.get(b"abc"), None);
        assert_eq!(index.get(b"abd"), Some(Some(1)));
        assert_eq!(index.get(b"abe"), Some(None));
        assert_eq!(index.get_many(&[b"abc", b"abd", b"abe"]), vec![None, Some(Some(1)), Some(None)]);
        assert_eq!(m.get(b"abc"), Some(5));
        assert_eq!(m.get_many(&[b"abc", b"abd", b"abe"]), vec![Some(5), Some(1), None]);
        // an empty map
        let empty = Counts::load(Counts::build(Vec::new()).unwrap()).unwrap().indexed();
        assert_eq!(empty.get(b"a"), None);
        assert_eq!(empty.get_many(&[b"a", b""]), vec![None, None]);
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
