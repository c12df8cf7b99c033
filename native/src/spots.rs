//! The word scans of the `typos` fast path: the distinct words of a text that could be
//! misspellings (three ASCII letters or more, lower case or capitalised) and the short
//! lower-case tokens after a space, each in one pass over the bytes, so that Python sees
//! only the distinct forms (and, with a word map, only the unknown ones).
//!
//! Both patterns are ASCII, so a byte scan of UTF-8 finds exactly what Python's `re` finds
//! in the `str`: a byte of a multi-byte character is never an ASCII letter.

use foldhash::{HashMap, HashMapExt};

/// The matches of `[A-Za-z][a-z]{2,}` (`typos.text.FORM`), as `re.findall` finds them, each
/// once, in the order of their first match.
///
/// ```
/// # use _native::spots::forms;
/// assert_eq!(forms("The cat saw McDonald and the CAT."), vec!["The", "cat", "saw", "Donald", "and", "the"]);
/// ```
pub fn forms(text: &str) -> Vec<&str> {
    distinct_forms(text).0.into_iter().map(|(w, _)| w).collect()
}

/// [`forms`] with the byte offset of the first match of each, and how many times each form
/// is matched (to ask which forms have a [`case_twin`] among them, and which occur more than
/// once). Each whole-word occurrence of a form, between characters that are not letters,
/// digits or `_`, is one of its matches: so none is before its first match.
///
/// ```
/// # use _native::spots::distinct_forms;
/// let (list, times) = distinct_forms("the The cat the thesis");
/// assert_eq!(list, vec![("the", 0), ("The", 4), ("cat", 8), ("thesis", 16)]);
/// assert_eq!((times["the"], times["The"], times.get("he")), (2, 1, None));
/// ```
pub fn distinct_forms(text: &str) -> (Vec<(&str, usize)>, HashMap<&str, u32>) {
    let b = text.as_bytes();
    // (sized for a page's distinct words at once: growing the map rehashed it several times)
    let mut times: HashMap<&str, u32> = HashMap::with_capacity(b.len() / 16);
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_alphabetic() {
            let mut j = i + 1;
            while j < b.len() && b[j].is_ascii_lowercase() {
                j += 1;
            }
            if j - i > 2 {
                let w = &text[i..j];
                let n = times.entry(w).or_insert(0);
                if *n == 0 {
                    out.push((w, i));
                }
                *n += 1;
                i = j;
                continue;
            }
        }
        i += 1;
    }
    (out, times)
}

/// A form with the case of its first letter changed: the lower-case form of a capitalised
/// one, the capitalised form of a lower-case one (what `str.lower()` and `str.capitalize()`
/// make of a form of [`forms`], whose other letters are lower case).
///
/// ```
/// # use _native::spots::case_twin;
/// assert_eq!((case_twin("Miister"), case_twin("recieve")), ("miister".to_string(), "Recieve".to_string()));
/// ```
pub fn case_twin(form: &str) -> String {
    let mut b = form.as_bytes().to_vec();
    if let Some(c) = b.first_mut() {
        if c.is_ascii_alphabetic() {
            *c ^= 0x20; // (ASCII: the case bit)
        }
    }
    String::from_utf8(b).unwrap_or_else(|_| form.to_string())
}

/// The tokens of one or two lower-case ASCII letters after a space and not followed by an
/// ASCII letter, digit or `_` (`typos.text.SHORT_FORM`, as `re.findall` finds them), with
/// how many times each occurs and the byte offset of the first, in the order of their first
/// occurrence.
///
/// ```
/// # use _native::spots::short_forms;
/// assert_eq!(short_forms("we go ot the a1 ab_ ot."), vec![("go", 1, 3), ("ot", 2, 6)]);
/// ```
pub fn short_forms(text: &str) -> Vec<(&str, usize, usize)> {
    let b = text.as_bytes();
    // (a token is at most two letters of 26: a slot per possible token, `u32::MAX` for one
    // not seen yet, instead of hashing each of the many short tokens of a page)
    let mut index = [u32::MAX; 27 * 27];
    let mut out: Vec<(&str, usize, usize)> = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b' ' {
            let mut k = 0;
            while k < 3 && i + 1 + k < b.len() && b[i + 1 + k].is_ascii_lowercase() {
                k += 1;
            }
            let after = b.get(i + 1 + k).copied();
            if (1..=2).contains(&k) && !after.is_some_and(|c| c.is_ascii_alphanumeric() || c == b'_') {
                let w = &text[i + 1..i + 1 + k];
                let letter = |c: u8| usize::from(c - b'a') + 1;
                let slot = letter(b[i + 1]) * 27 + if k == 2 { letter(b[i + 2]) } else { 0 };
                match index[slot] {
                    u32::MAX => {
                        index[slot] = out.len() as u32;
                        out.push((w, 1, i + 1));
                    }
                    at => out[at as usize].1 += 1,
                }
                i += 1 + k;
                continue;
            }
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_are_found_as_re_finds_them() {
        assert_eq!(
            forms("HELLO Hello hello x yy zzz Zz\u{e9}t\u{e9} caf\u{e9}"),
            vec!["Hello", "hello", "zzz", "caf"]
        );
        assert_eq!(forms("abcDef"), vec!["abc", "Def"]);
        assert!(forms("").is_empty());
        let (list, times) = distinct_forms("the The cat the");
        assert_eq!(list, vec![("the", 0), ("The", 4), ("cat", 8)]);
        assert!(list.iter().all(|(w, _)| times.contains_key(w)) && times.len() == list.len());
        assert_eq!(times["the"], 2);
    }

    #[test]
    fn case_twins_flip_the_first_letter() {
        assert_eq!(case_twin("Abc"), "abc");
        assert_eq!(case_twin("abc"), "Abc");
        assert_eq!(case_twin(""), "");
    }

    #[test]
    fn short_forms_are_found_as_re_finds_them() {
        // "ot" twice; "a1" and "ab_" are followed by a digit or an underscore; "abc" is long
        assert_eq!(
            short_forms(" ot x abc a1 ab_ ot. \u{e9} qz\u{e9}"),
            vec![("ot", 2, 1), ("x", 1, 4), ("qz", 1, 24)]
        );
        assert_eq!(short_forms("  a"), vec![("a", 1, 2)]);
        assert!(short_forms("a b").iter().all(|&(w, _, _)| w == "b"));
    }
}
