//! Word lists and word counts as finite-state transducers (the `fst` crate): a few bytes per
//! entry where a Python dict or set of strings takes a hundred, and loaded by reading one
//! small file, not by unpickling hundreds of thousands of objects.
//!
//! A map is built once from its entries (sorted and deduplicated here) into bytes, which the
//! Python side caches on disk; a later process only reads them back.

use fst::{Map, MapBuilder, Streamer};

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
    }
}
