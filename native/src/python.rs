//! The Python face of the core: classes and functions of `textclean._native`.

use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3::types::{PyList, PyString, PyTuple};

use crate::features::{self, LineFeatures};
use crate::templates;
use crate::whitespace;

pyo3::create_exception!(
    _native,
    NativeError,
    PyRuntimeError,
    "A bug in textclean's native core (a Rust panic), caught at the boundary."
);

/// Runs `f` without the GIL; a panic inside becomes a `NativeError` naming `what`.
fn guarded<T: Send>(py: Python<'_>, what: &str, f: impl FnOnce() -> T + Send) -> PyResult<T> {
    py.detach(|| std::panic::catch_unwind(std::panic::AssertUnwindSafe(f))).map_err(|e| {
        let msg = e
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| e.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".into());
        NativeError::new_err(format!("{what}: {msg}"))
    })
}

/// The text of a Python `str`; a lone surrogate (which UTF-8 cannot hold) becomes one
/// U+FFFD, which every measure of the core treats as the same kind of character (one code
/// point, three bytes in UTF-8, not a letter of ASCII).
fn text_of(s: &Bound<'_, PyString>) -> PyResult<String> {
    match s.to_str() {
        Ok(t) => Ok(t.to_owned()),
        Err(_) => {
            let raw = s.call_method1("encode", ("utf-8", "surrogatepass"))?;
            Ok(crate::pystr::surrogates_replaced(raw.cast::<pyo3::types::PyBytes>()?.as_bytes()))
        }
    }
}

/// A language's stop words as `line_features` counts them.
#[pyclass(frozen, module = "textclean._native", name = "StopWords")]
struct PyStopWords(features::StopWords);

#[pymethods]
impl PyStopWords {
    #[new]
    #[pyo3(signature = (words, scale=1.0, elision=false, known=true))]
    fn new(words: Vec<Vec<u8>>, scale: f64, elision: bool, known: bool) -> Self {
        PyStopWords(features::StopWords::new(words, scale, elision, known))
    }
}

/// The features of each line (no newline inside a line), as tuples in the field order of
/// `LineFeatures`.
#[pyfunction]
fn line_features<'py>(
    py: Python<'py>,
    lines: &Bound<'py, PyList>,
    stops: &Bound<'py, PyStopWords>,
) -> PyResult<Vec<Bound<'py, PyTuple>>> {
    let texts = strings(lines)?;
    let stops = stops.get();
    let feats: Vec<LineFeatures> = guarded(py, "line_features", || {
        let mut buf = Vec::new();
        texts.iter().map(|t| features::line_features(t, &stops.0, &mut buf)).collect()
    })?;
    feats
        .into_iter()
        .map(|f| {
            (
                f.chars,
                f.words,
                f.stop_words,
                f.capitalised,
                f.terminal,
                f.separators,
                f.urls,
                f.letters,
                f.stop_density,
                f.cap_share,
                f.prose,
                f.menu_like,
            )
                .into_pyobject(py)
        })
        .collect()
}

/// What a template's folded text says of it: `(literal, needle, pattern)` (see
/// `templates::TemplateInfo`).
#[pyfunction]
fn template_info(folded: &str) -> (usize, String, String) {
    let t = templates::template_info(folded);
    (t.literal, t.needle, t.pattern)
}

/// Templates compiled for whole-line lookup (`templates::TemplateSet`).
#[pyclass(frozen, module = "textclean._native", name = "TemplateSet")]
struct PyTemplateSet(templates::TemplateSet);

#[pymethods]
impl PyTemplateSet {
    #[new]
    fn new(folded: Vec<String>) -> PyResult<Self> {
        templates::TemplateSet::new(&folded)
            .map(PyTemplateSet)
            .map_err(pyo3::exceptions::PyValueError::new_err)
    }

    /// The index of the template matching each folded line, or None.
    fn match_many(&self, py: Python<'_>, keys: &Bound<'_, PyList>) -> PyResult<Vec<Option<usize>>> {
        let keys: Vec<String> = strings(keys)?;
        guarded(py, "TemplateSet.match_many", || keys.iter().map(|k| self.0.find(k)).collect())
    }
}

/// The texts of a list of `str`.
fn strings(list: &Bound<'_, PyList>) -> PyResult<Vec<String>> {
    list.iter().map(|l| l.cast_into::<PyString>().map_err(PyErr::from).and_then(|s| text_of(&s))).collect()
}

/// The `whitespace` cleaner's edits on `text`: `(start, end, replacement, reason)` tuples.
#[pyfunction]
#[pyo3(signature = (text, max_blank_lines, collapse_spaces, final_newline, fast_path=true))]
fn whitespace_fixes(
    py: Python<'_>,
    text: &Bound<'_, PyString>,
    max_blank_lines: usize,
    collapse_spaces: bool,
    final_newline: bool,
    fast_path: bool,
) -> PyResult<Vec<whitespace::Edit>> {
    let text = text_of(text)?;
    let o = whitespace::Options { max_blank: max_blank_lines, collapse: collapse_spaces, final_newline };
    guarded(py, "whitespace_fixes", || whitespace::fixes(&text, o, fast_path))
}

/// Whether the `whitespace` cleaner certainly has nothing to do on `text` (its fast path).
#[pyfunction]
fn whitespace_clean(
    text: &Bound<'_, PyString>,
    max_blank_lines: usize,
    collapse_spaces: bool,
    final_newline: bool,
) -> PyResult<bool> {
    let o = whitespace::Options { max_blank: max_blank_lines, collapse: collapse_spaces, final_newline };
    Ok(whitespace::already_clean(&text_of(text)?, o))
}

/// Panics on purpose, inside the guard (`guarded=True`: a `NativeError`) or outside it
/// (PyO3's `PanicException`), so that tests can show what the host makes of a bug in the
/// core. Never called by textclean itself.
#[pyfunction]
#[pyo3(signature = (guarded=true))]
fn _panic_for_tests(py: Python<'_>, guarded: bool) -> PyResult<()> {
    if guarded {
        self::guarded(py, "_panic_for_tests", || panic!("a panic on purpose"))
    } else {
        panic!("a panic on purpose, outside the guard")
    }
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("NativeError", m.py().get_type::<NativeError>())?;
    // (tests/test_native.py compares it with the sources: a stale build fails loudly)
    m.add("SOURCES", env!("TEXTCLEAN_NATIVE_SOURCES"))?;
    m.add("PanicException", m.py().get_type::<pyo3::panic::PanicException>())?;
    m.add_function(wrap_pyfunction!(_panic_for_tests, m)?)?;
    m.add_class::<PyStopWords>()?;
    m.add_function(wrap_pyfunction!(line_features, m)?)?;
    m.add_function(wrap_pyfunction!(template_info, m)?)?;
    m.add_class::<PyTemplateSet>()?;
    m.add_function(wrap_pyfunction!(whitespace_fixes, m)?)?;
    m.add_function(wrap_pyfunction!(whitespace_clean, m)?)?;
    Ok(())
}
