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

/// A linear congruential generator (Knuth's MMIX constants) drawing samples of a pool.
pub struct Lcg(u64);

impl Lcg {
    pub fn new(seed: u64) -> Self {
        Lcg(seed)
    }

    fn step(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        self.0
    }

    /// Items of `pool` drawn in turn, `least` of them plus the state's bits above `shift`
    /// (the count drawn first).
    pub fn sample<'a, T>(&mut self, pool: &'a [T], shift: u32, least: u64) -> Vec<&'a T> {
        let n = (self.step() >> shift) + least;
        (0..n).map(|_| &pool[(self.step() >> 33) as usize % pool.len()]).collect()
    }

    /// [`Lcg::sample`] of string pieces, joined.
    pub fn text(&mut self, pool: &[&str], shift: u32, least: u64) -> String {
        self.sample(pool, shift, least).into_iter().copied().collect()
    }
}
