//! Unicode character classes for one character at a time, read from the regex crate's own
//! tables: a class is written as a regex class (`[\p{L}\p{N}]`), translated once by
//! `regex_syntax` into its ranges of code points, and a character is looked up among them.
//!
//! The same classes were asked of a compiled regex per character before: compiling one (the
//! UTF-8 automata of a large Unicode class) cost up to half a millisecond, paid by the first
//! document that needed it, and each question ran a regex search. The translation alone costs
//! a few microseconds, and the answers are the regex's by construction.

use regex_syntax::hir::{Class, HirKind};

/// A set of characters as sorted, disjoint ranges.
pub struct CharClass(Vec<(char, char)>);

impl CharClass {
    /// The class written as the regex `pattern` (a single character class).
    pub fn new(pattern: &str) -> CharClass {
        let hir = regex_syntax::Parser::new().parse(pattern).expect("a valid class");
        let HirKind::Class(Class::Unicode(class)) = hir.kind() else {
            panic!("{pattern:?} is not a Unicode character class")
        };
        CharClass(class.ranges().iter().map(|r| (r.start(), r.end())).collect())
    }

    #[inline]
    pub fn contains(&self, c: char) -> bool {
        let i = self.0.partition_point(|&(_, end)| end < c);
        self.0.get(i).is_some_and(|&(start, _)| start <= c)
    }
}

/// A function answering whether a character is in the class `pattern`, translated on first
/// use.
macro_rules! class {
    ($(#[$doc:meta])* $vis:vis $name:ident, $pattern:expr) => {
        $(#[$doc])*
        $vis fn $name(c: char) -> bool {
            static CLASS: std::sync::OnceLock<$crate::uclass::CharClass> = std::sync::OnceLock::new();
            CLASS.get_or_init(|| $crate::uclass::CharClass::new($pattern)).contains(c)
        }
    };
}
pub(crate) use class;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_classes_are_the_regexs() {
        for pattern in [r"[\p{L}\p{N}]", r"\d", r"[\p{L}\p{Nl}\p{No}]", r"[^\W\d_]", r"\p{Lt}"] {
            let class = CharClass::new(pattern);
            let regex = regex::Regex::new(&format!(r"\A{pattern}\z")).unwrap();
            let mut found = 0;
            for c in (0..=0x10ffff).filter_map(char::from_u32) {
                let want = regex.is_match(c.encode_utf8(&mut [0; 4]));
                assert_eq!(class.contains(c), want, "{pattern} {c:?}");
                found += usize::from(want);
            }
            assert!(found > 30, "{pattern}");
        }
    }
}
