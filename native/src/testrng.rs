//! A small deterministic random source for the crate's property tests (no dependency, the
//! same sequence on every machine).

/// Xorshift64 from `seed`: each call gives a number below `n` (`n > 0`).
pub fn xorshift(mut seed: u64) -> impl FnMut(u64) -> u64 {
    move |n: u64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % n
    }
}
