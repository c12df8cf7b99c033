//! How an unknown word of the `typos` cleaner can be made of known parts (`refloated` is
//! `re+floated`, `leaderboard` is `leader+board`): such a word is likelier a correct word the
//! dictionary lacks than a misspelling, so it needs stronger evidence to be changed.
//!
//! Asked of every unknown token that reaches a decision: in Python, its loops over the
//! affixes (some sixty `endswith`/`startswith` calls and a dozen look-ups a token) were a
//! fortieth of the cleaner on unseen pages. Slices are in code points, as Python's.

/// The affixes and the least count of a part (`Params.compound_min`), with the words that
/// are never the stem of a derived word.
pub struct Derivation {
    pub suffixes: Vec<String>,
    pub prefixes: Vec<String>,
    pub floor: f64,
    pub function_words: std::collections::HashSet<String>,
}

impl Derivation {
    /// How `word` is made of known parts, or None (`typos.model.Model.derivable`): a known
    /// word of at least `floor` uses with one of the suffixes, in their order (the stem also
    /// with an `e`, or with a doubled consonant undoubled); a known word plus `-s`/`-es`
    /// either way; one of the prefixes, in their order, before a common word of five letters
    /// or more; or two common words of four letters or more. `count` gives a word's count
    /// (None for a word not known).
    ///
    /// ```
    /// # use _native::derived::Derivation;
    /// let d = Derivation { suffixes: vec!["ed".into()], prefixes: vec!["re".into()], floor: 10.0,
    ///                      function_words: Default::default() };
    /// let counts = |w: &str| match w { "float" | "floated" | "leader" | "board" => Some(50.0), _ => None };
    /// assert_eq!(d.of("refloated", counts).as_deref(), Some("re+floated"));
    /// assert_eq!(d.of("leaderboard", counts).as_deref(), Some("leader+board"));
    /// assert_eq!(d.of("recieve", counts), None);
    /// ```
    pub fn of(&self, word: &str, mut count: impl FnMut(&str) -> Option<f64>) -> Option<String> {
        let w: Vec<char> = word.chars().collect();
        let n = w.len();
        let cut = |a: usize, b: usize| -> String { w[a..b].iter().collect() };
        let floor = self.floor;
        for suf in &self.suffixes {
            let m = suf.chars().count();
            if !word.ends_with(suf.as_str()) || n < m + 4 {
                continue;
            }
            let base = cut(0, n - m);
            let (last, before) = (w[n - m - 1], w[n - m - 2]);
            let undoubled =
                if last == before && !"aeiou".contains(last) { cut(0, n - m - 1) } else { String::new() };
            let with_e = format!("{base}e");
            for b in [base, with_e, undoubled] {
                if b.chars().count() >= 4
                    && count(&b).unwrap_or(0.0) >= floor
                    && !self.function_words.contains(&b)
                {
                    return Some(format!("{b}+{suf}"));
                }
            }
        }
        if count(&format!("{word}s")).is_some() || count(&format!("{word}es")).is_some() {
            return Some(format!("{word}+s known"));
        }
        if word.ends_with('s')
            && (count(&cut(0, n - 1)).is_some() || (word.ends_with("es") && count(&cut(0, n - 2)).is_some()))
        {
            return Some(format!("{}+s", cut(0, n - 1)));
        }
        for pre in &self.prefixes {
            let m = pre.chars().count();
            if word.starts_with(pre.as_str()) && n >= m + 5 {
                let rest = cut(m, n);
                if count(&rest).unwrap_or(0.0) >= floor {
                    return Some(format!("{pre}+{rest}"));
                }
            }
        }
        for i in 4..n.saturating_sub(3) {
            let (a, b) = (cut(0, i), cut(i, n));
            if count(&a).unwrap_or(0.0) >= floor && count(&b).unwrap_or(0.0) >= floor {
                return Some(format!("{a}+{b}"));
            }
        }
        None
    }
}
