//! The `mojibake` cleaner's scan of a text (textclean/cleaners/mojibake.py): which lines hold a
//! character one of its repairs reacts to, and which of those need nothing but their no-break
//! spaces turned into spaces, told apart by their characters alone.
//!
//! The character classes come from Python (derived there from ftfy's tables), so this module
//! knows no list of its own. A line is a run of text between `\n`s, as `str.split("\n")`
//! gives it; offsets are in code points, as Python counts them.

use std::collections::HashMap;

use regex::Regex;

/// A character that makes its line a candidate.
const TRIGGER: u8 = 1;
/// A character that a repair other than the no-break space one changes by itself (a control
/// or zero-width character, a soft hyphen, a ligature...).
const HARD: u8 = 2;
/// A character that every match of ftfy's badness regex holds one of.
const BAD: u8 = 4;

const NBSP: char = '\u{a0}';

/// What the Python side does with an item of [`Scanner::lines`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A run of no-break spaces of a plain line (one whose only repair is its runs of
    /// no-break spaces becoming spaces): the run's span.
    Nbsp = 0,
    /// A line to check further (ftfy's badness regex, the normal form, the markup guard):
    /// no hard character and no entity; the line's span.
    Check = 1,
    /// A line to repair: the line's span.
    Repair = 2,
}

/// How HTML entities are decoded: never, on lines without `<`, or always.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Entities {
    Never,
    Auto,
    Always,
}

/// The cleaner's character classes and options, compiled once per set of options.
pub struct Scanner {
    ascii: [u8; 128],
    other: HashMap<char, u8, foldhash::fast::RandomState>,
    /// Every non-ASCII character is a trigger and may look bad (ftfy's regex not analysed).
    bad_any: bool,
    entities: Entities,
    nbsp: bool,
    entity: Regex,
}

impl Scanner {
    /// `triggers`, `hard` and `bad` list the characters of each class (see the constants);
    /// `nbsp` says whether no-break spaces become spaces.
    pub fn new(triggers: &str, hard: &str, bad: &str, bad_any: bool, entities: Entities, nbsp: bool) -> Self {
        let mut ascii = [0u8; 128];
        let mut other = HashMap::with_hasher(foldhash::fast::RandomState::default());
        for (chars, flag) in [(triggers, TRIGGER), (hard, HARD), (bad, BAD)] {
            for c in chars.chars() {
                if c.is_ascii() {
                    ascii[c as usize] |= flag;
                } else {
                    *other.entry(c).or_insert(0) |= flag;
                }
            }
        }
        Scanner {
            ascii,
            other,
            bad_any,
            entities,
            nbsp,
            // textclean.core.tags.ENTITY
            entity: Regex::new(r"&(?:amp;)*#?[0-9A-Za-z]{1,24};").expect("a valid pattern"),
        }
    }

    #[inline]
    fn flags(&self, c: char) -> u8 {
        if c.is_ascii() {
            self.ascii[c as usize]
        } else if self.bad_any {
            TRIGGER | BAD | self.other.get(&c).copied().unwrap_or(0)
        } else {
            self.other.get(&c).copied().unwrap_or(0)
        }
    }

    /// The candidate lines of `text` in order, as `(start, end, kind)` items (see [`Kind`]);
    /// a plain line gives one item per run of no-break spaces (none if they stay).
    ///
    /// A line is plain when it has no hard character, no bad one (then ftfy's regex cannot
    /// match it, before or after its no-break spaces become spaces, since a space is not
    /// bad either), no entity to decode, no `<` or `>` beside a no-break space to become a
    /// space (which could complete a tag), and its normal form cannot change: `in_form` says
    /// the whole text is in the cleaner's form, `canonical` that the form is NFC, NFD or none,
    /// in which a no-break space is a space's equal (neither decomposes nor composes). With
    /// `fast` false every candidate line is a [`Kind::Repair`].
    pub fn lines(&self, text: &str, in_form: bool, canonical: bool, fast: bool) -> Vec<(usize, usize, Kind)> {
        let mut out = Vec::new();
        let mut runs: Vec<(usize, usize)> = Vec::new();
        let bytes = text.as_bytes();
        let (mut i, mut pos) = (0, 0); // the byte and code-point offsets of the line's start
        while i <= bytes.len() {
            let line_end = bytes[i..].iter().position(|&b| b == b'\n').map_or(bytes.len(), |k| i + k);
            let line = &text[i..line_end];
            let mut seen = 0u8;
            let (mut amp, mut angle, mut has_nbsp, mut other) = (false, false, false, false);
            let mut n = 0; // code points so far
            runs.clear();
            if line.is_ascii() {
                // the common case, byte by byte
                for &b in line.as_bytes() {
                    seen |= self.ascii[b as usize];
                    amp |= b == b'&';
                    angle |= b == b'<' || b == b'>';
                }
                n = line.len();
            } else {
                for c in line.chars() {
                    seen |= self.flags(c);
                    match c {
                        '&' => amp = true,
                        '<' | '>' => angle = true,
                        NBSP => {
                            has_nbsp = true;
                            match runs.last_mut() {
                                Some(run) if run.1 == pos + n => run.1 += 1,
                                _ => runs.push((pos + n, pos + n + 1)),
                            }
                        }
                        _ if !c.is_ascii() => other = true,
                        _ => {}
                    }
                    n += 1;
                }
            }
            let (start, end) = (pos, pos + n);
            pos = end + 1;
            i = line_end + 1;
            if seen & TRIGGER == 0 {
                continue;
            }
            let html = match self.entities {
                Entities::Never => false,
                Entities::Auto => !line.contains('<'),
                Entities::Always => true,
            };
            let kind = if !fast || seen & HARD != 0 || (amp && html && self.entity.is_match(line)) {
                Kind::Repair
            } else if seen & BAD != 0
                || (self.nbsp && has_nbsp && angle)
                || (has_nbsp && !canonical)
                || (other && !in_form)
            {
                Kind::Check
            } else {
                if self.nbsp {
                    out.extend(runs.iter().map(|&(a, b)| (a, b, Kind::Nbsp)));
                }
                continue;
            };
            out.push((start, end, kind));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scanner() -> Scanner {
        let triggers = "\u{a0}&\u{200b}\u{ad}\u{c3}\u{a3}\u{80}";
        Scanner::new(triggers, "\u{200b}\u{ad}\u{80}", "\u{c3}\u{a3}", false, Entities::Auto, true)
    }

    #[test]
    fn plain_lines_give_their_runs_of_no_break_spaces() {
        let s = scanner();
        let text = "Log\u{a0}Out\u{a0}\u{a0}x\nplain\n\u{e9}\u{a0}AT&T";
        assert_eq!(
            s.lines(text, true, true, true),
            vec![(3, 4, Kind::Nbsp), (7, 9, Kind::Nbsp), (18, 19, Kind::Nbsp)]
        );
        // the same lines, all to repair
        assert_eq!(s.lines(text, true, true, false), vec![(0, 10, Kind::Repair), (17, 23, Kind::Repair)]);
    }

    #[test]
    fn other_lines_are_checked_or_repaired() {
        let s = scanner();
        let text = "caf\u{c3}\u{a9}\nQ&amp;A\na\u{200b}b\n<b\u{a0}x>\n&lt; <\n\u{e9}\u{a0}";
        assert_eq!(
            s.lines(text, true, true, true),
            vec![
                (0, 5, Kind::Check),
                (6, 13, Kind::Repair),
                (14, 17, Kind::Repair),
                (18, 23, Kind::Check),
                (32, 33, Kind::Nbsp),
            ]
        );
        // not in normal form: a line with other non-ASCII characters is checked
        assert_eq!(s.lines("\u{e9}\u{a0}", false, true, true), vec![(0, 2, Kind::Check)]);
        assert_eq!(s.lines("a\u{a0}", false, false, true), vec![(0, 2, Kind::Check)]);
        assert_eq!(s.lines("a\u{a0}", false, true, true), vec![(1, 2, Kind::Nbsp)]);
    }

    #[test]
    fn any_non_ascii_character_may_look_bad_when_ftfy_is_not_analysed() {
        let s = Scanner::new("\u{a0}", "", "", true, Entities::Never, true);
        assert_eq!(
            s.lines("x\n\u{e9}\na\u{a0}", true, true, true),
            vec![(2, 3, Kind::Check), (4, 6, Kind::Check)]
        );
    }
}
