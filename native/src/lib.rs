//! textclean's native core: the hot paths of the built-in cleaners and of the host, in Rust,
//! exposed to Python as the private module `textclean._native` (see docs/architecture.md).
//!
//! The algorithms live in plain Rust modules that know nothing of Python (tested with
//! `cargo test`); `python` is the only module that touches PyO3. Every entry point copies
//! its input out of Python objects, releases the GIL while it works, and turns a panic into
//! an exception the host reports as a `CleanerError`.

pub mod boilerplate;
pub mod candidates;
pub mod chunks;
pub mod costs;
pub mod derived;
pub mod diff;
pub mod evidence;
pub mod fasttext;
pub mod features;
pub mod html;
pub mod kinds;
pub mod language;
pub mod lexicon;
pub mod mojibake;
pub mod pystr;
pub mod regions;
pub mod spots;
pub mod templates;
#[cfg(test)]
mod testrng;
mod uclass;
pub mod whitespace;
pub mod wraps;

#[cfg(feature = "python")]
mod python;
