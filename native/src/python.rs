//! The Python face of the core: classes and functions of `textclean._native`.

use std::borrow::Cow;

use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3::types::{PyList, PyString, PyTuple};

use crate::boilerplate;
use crate::chunks;
use crate::features::{self, LineFeatures};
use crate::lexicon;
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
///
/// Borrowed, not copied, where the `str` has UTF-8: the host hands every version of a page's
/// text to several scans, and the copy was a tenth of their cost. (The borrow is read with
/// the GIL released too: a `str` is immutable and its UTF-8 buffer, once made, lives as long
/// as the object, which the caller's reference keeps alive for the whole call.)
fn text_of<'a>(s: &'a Bound<'_, PyString>) -> PyResult<Cow<'a, str>> {
    match s.to_str() {
        Ok(t) => Ok(Cow::Borrowed(t)),
        Err(_) => {
            let raw = s.call_method1("encode", ("utf-8", "surrogatepass"))?;
            Ok(Cow::Owned(crate::pystr::surrogates_replaced(raw.cast::<pyo3::types::PyBytes>()?.as_bytes())))
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
    feats.into_iter().map(|f| feature_tuple(py, f)).collect()
}

/// A line's features as a tuple in the field order of the Python `LineFeatures`.
fn feature_tuple(py: Python<'_>, f: LineFeatures) -> PyResult<Bound<'_, PyTuple>> {
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
}

/// What a template's folded text says of it: `(literal, needle)` (see
/// `templates::TemplateInfo`; its pattern stays in the core).
#[pyfunction]
fn template_info(folded: &str) -> (usize, String) {
    let t = templates::template_info(folded);
    (t.literal, t.needle)
}

/// Each line folded for matching (`boilerplate::fold`).
#[pyfunction]
fn fold_many(py: Python<'_>, lines: &Bound<'_, PyList>) -> PyResult<Vec<String>> {
    let lines = strings(lines)?;
    guarded(py, "fold_many", || lines.iter().map(|l| boilerplate::fold(l)).collect())
}

/// What a template is, as `(kind, shown reason, following, literal characters)`.
type TemplateMeta = (String, String, bool, usize);

/// The `boilerplate` cleaner's judge of one pipeline (`boilerplate::Judge`): its compiled
/// templates and the cache of line evidence.
#[pyclass(frozen, module = "textclean._native", name = "Boilerplate")]
struct PyBoilerplate(boilerplate::Judge);

#[pymethods]
impl PyBoilerplate {
    #[new]
    fn new(folded: Vec<String>, meta: Vec<TemplateMeta>) -> PyResult<Self> {
        if folded.len() != meta.len() {
            return Err(pyo3::exceptions::PyValueError::new_err("Boilerplate: one description per template"));
        }
        let set = templates::TemplateSet::new(&folded).map_err(pyo3::exceptions::PyValueError::new_err)?;
        let meta = meta
            .into_iter()
            .map(|(kind, shown, following, literal)| boilerplate::Template {
                kind,
                shown,
                following,
                literal,
            })
            .collect();
        Ok(PyBoilerplate(boilerplate::Judge::new(boilerplate::Templates { set, meta })))
    }

    /// A hash of the non-blank lines of `text` (`boilerplate::lines_hash`): equal for texts
    /// that differ only in blank lines.
    fn lines_hash(&self, py: Python<'_>, text: &Bound<'_, PyString>) -> PyResult<u64> {
        let text = text_of(text)?;
        guarded(py, "Boilerplate.lines_hash", || boilerplate::lines_hash(boilerplate::nonblank_lines(&text)))
    }

    /// The index of the template matching each folded line, or None (a line of table
    /// cells may match its cells' text: see `Templates::find`).
    fn match_many(&self, py: Python<'_>, keys: &Bound<'_, PyList>) -> PyResult<Vec<Option<usize>>> {
        let keys: Vec<String> = strings(keys)?;
        guarded(py, "Boilerplate.match_many", || keys.iter().map(|k| self.0.templates.find(k)).collect())
    }

    /// The lines of `text` with their evidence, judged with the stop list `stops` (named
    /// `list`; `english`: the shapes written in English count). `corpus`, when given, is
    /// called with the new lines' texts and returns their corpus shares; `threshold` is the
    /// share that counts.
    #[pyo3(signature = (text, stops, english, list, corpus=None, threshold=0.0))]
    fn page(
        slf: &Bound<'_, Self>,
        text: &Bound<'_, PyString>,
        stops: &Bound<'_, PyStopWords>,
        english: bool,
        list: &str,
        corpus: Option<&Bound<'_, PyAny>>,
        threshold: f64,
    ) -> PyResult<PyPage> {
        let py = slf.py();
        let judge = &slf.get().0;
        let text = text_of(text)?;
        let stops = stops.get();
        let mut shares = <foldhash::HashMap<String, f64> as foldhash::HashMapExt>::new();
        if let Some(corpus) = corpus {
            let (lines, _, _) = boilerplate::split_lines(&text);
            let new = judge.missing(list, &lines);
            if !new.is_empty() {
                let got: Vec<f64> = corpus.call1((new.clone(),))?.extract()?;
                if got.len() != new.len() {
                    return Err(pyo3::exceptions::PyValueError::new_err("corpus: one share per line"));
                }
                shares.extend(new.into_iter().zip(got));
            }
        }
        let page = guarded(py, "Boilerplate.page", || {
            judge.page(&text, list, &stops.0, english, &shares, threshold)
        })?;
        Ok(PyPage { page, judge: slf.clone().unbind() })
    }
}

/// One document's lines as the judge sees them (`boilerplate::Page`).
#[pyclass(frozen, module = "textclean._native", name = "Page")]
struct PyPage {
    page: boilerplate::Page,
    judge: Py<PyBoilerplate>,
}

/// A line's evidence as a tuple: `(text, key, features, (template, corpus, stamp, numbered,
/// heading, flags, stem, plain, weight, nav, menu_item, teaser))`.
type LineRecord<'py> = (String, String, Bound<'py, PyTuple>, Evidence);
type Evidence = (Option<usize>, f64, bool, bool, bool, u32, String, bool, f64, bool, bool, bool);

/// Python's formatting, for the reasons that show a line's text or a share.
struct PyWriter<'py>(Python<'py>);

impl boilerplate::rules::Writer for PyWriter<'_> {
    fn repr(&mut self, s: &str) -> String {
        PyString::new(self.0, s).repr().map(|r| r.to_string()).unwrap_or_else(|_| format!("{s:?}"))
    }

    fn percent(&mut self, share: f64) -> String {
        let f = PyString::new(self.0, "{:.0%}").call_method1("format", (share,));
        f.map(|r| r.to_string()).unwrap_or_else(|_| format!("{:.0}%", share * 100.0))
    }
}

/// The deletions of a page's boilerplate (tuples `(start, end, reason, line)`, or the
/// cleaner's fixes), and the `lines_hash` of the lines kept when the decision settled (None:
/// it did not).
type Judged<'py> = (Bound<'py, PyList>, Option<u64>);

/// The field names of `textclean.core.records.Fix`, in the order of its slots.
const FIX_FIELDS: [&str; 4] = ["start", "end", "replacement", "reason"];

/// A maker of `Fix` objects (`textclean.core.records.Fix`: a frozen dataclass with slots)
/// without a call of its Python `__init__`, which sets each slot through its descriptor:
/// made here the same way, a deletion costs a fifth of what the call did (a page of menus
/// and comments has a hundred of them).
struct FixMaker<'py> {
    class: Bound<'py, pyo3::types::PyType>,
    names: [Bound<'py, PyString>; 4],
    empty: Bound<'py, PyTuple>,
}

impl<'py> FixMaker<'py> {
    /// The maker for `class`, which must be a class of plain objects with exactly the slots of
    /// `Fix` (checked: the memory written is then the slots' own).
    fn new(class: &Bound<'py, pyo3::types::PyType>) -> PyResult<Self> {
        let py = class.py();
        let slots: Option<Vec<String>> = class.getattr("__slots__").ok().and_then(|s| s.extract().ok());
        let base = class.getattr("__base__")?;
        if slots.is_none_or(|s| s != FIX_FIELDS) || !base.is(py.get_type::<pyo3::types::PyAny>().as_any()) {
            return Err(pyo3::exceptions::PyTypeError::new_err("judge: fix must be a slots class like Fix"));
        }
        Ok(FixMaker {
            class: class.clone(),
            names: FIX_FIELDS.map(|n| PyString::intern(py, n)),
            empty: PyTuple::empty(py),
        })
    }

    /// `Fix(start, end, replacement, reason)`.
    fn make(&self, values: [Bound<'py, PyAny>; 4]) -> PyResult<Bound<'py, PyAny>> {
        let py = self.class.py();
        // SAFETY: `class` is a class of plain objects (its base is `object`) with four slots
        // (checked in `new`): `PyType_GenericNew` allocates an instance with its slots empty
        // (what `object.__new__` does, without checking arguments), and
        // `PyObject_GenericSetAttr` sets each slot through its member descriptor, as
        // `Fix.start.__set__(fix, v)` does (the class's own `__setattr__`, which a frozen
        // dataclass makes raise, is not consulted). Every pointer passed is alive (borrowed
        // from a `Bound`), the new reference is owned by the returned `Bound`, and errors
        // come back as NULL or -1 with an exception set. Tested in tests/test_boilerplate.py
        // (the fixes equal those of `Fix(...)`).
        unsafe {
            let obj = pyo3::ffi::PyType_GenericNew(
                self.class.as_type_ptr(),
                self.empty.as_ptr(),
                std::ptr::null_mut(),
            );
            let obj = Bound::from_owned_ptr_or_err(py, obj)?;
            for (name, value) in self.names.iter().zip(values) {
                if pyo3::ffi::PyObject_GenericSetAttr(obj.as_ptr(), name.as_ptr(), value.as_ptr()) != 0 {
                    return Err(PyErr::fetch(py));
                }
            }
            Ok(obj)
        }
    }
}

/// The reasons of a decision and whether it settled (see `rules::settle`).
type Settled = (Vec<Option<boilerplate::rules::Reason>>, bool);

#[pymethods]
impl PyPage {
    fn __len__(&self) -> usize {
        self.page.lines.len()
    }

    /// `(words, stop words, characters, characters of lines that read as sentences)` of the
    /// lines of `sentence_words` words or more (see `FitCounts`).
    fn fit_counts(&self, sentence_words: usize) -> (usize, usize, usize, usize) {
        let c = self.page.fit_counts(sentence_words);
        (c.words, c.stop_words, c.chars, c.read)
    }

    /// `(marks, underlined titles)`: the evidence of documentation of the lines, as
    /// `doc_evidence` counts it.
    fn doc_evidence(&self) -> (usize, usize) {
        self.page.doc_evidence()
    }

    /// The texts of the lines that are prose.
    fn prose_texts(&self) -> Vec<String> {
        self.page.lines.iter().filter(|l| l.f.prose).map(|l| l.text.clone()).collect()
    }

    /// Where each line starts (code points).
    fn starts(&self) -> Vec<usize> {
        self.page.starts.clone()
    }

    /// The article body among the lines (of `indices`, or all): `(first, last)` as
    /// positions among them, or None.
    #[pyo3(signature = (indices=None))]
    fn body_span(&self, indices: Option<Vec<usize>>) -> PyResult<Option<(usize, usize)>> {
        let all = self.page.refs();
        let lines = match indices {
            None => all,
            Some(ix) => ix
                .into_iter()
                .map(|i| all.get(i).copied().ok_or_else(|| pyo3::exceptions::PyIndexError::new_err(i)))
                .collect::<PyResult<Vec<_>>>()?,
        };
        Ok(boilerplate::document::body_span(&lines))
    }

    /// The evidence of each line (of `indices`, or all) as tuples (see `LineRecord`).
    #[pyo3(signature = (indices=None))]
    fn records<'py>(&self, py: Python<'py>, indices: Option<Vec<usize>>) -> PyResult<Vec<LineRecord<'py>>> {
        let lines = &self.page.lines;
        let indices = indices.unwrap_or_else(|| (0..lines.len()).collect());
        indices
            .into_iter()
            .map(|i| {
                let l = lines.get(i).ok_or_else(|| pyo3::exceptions::PyIndexError::new_err(i))?;
                let evidence = (
                    l.template,
                    l.corpus,
                    l.stamp,
                    l.numbered,
                    l.heading,
                    l.flags,
                    l.stem.map_or(String::new(), |n| l.key[..n].to_string()),
                    l.plain,
                    l.weight,
                    l.nav,
                    l.menu_item,
                    l.teaser,
                );
                Ok((l.text.clone(), l.key.clone(), feature_tuple(py, l.f)?, evidence))
            })
            .collect()
    }

    /// The deletions of the boilerplate lines, `(start, end, reason, line)` in code points,
    /// and, when the decision settled (its output is a fixed point), the `lines_hash` of the
    /// lines it keeps (see `Boilerplate.lines_hash`). The options are the
    /// cleaner's (see `document::Options`); `named_prose` the texts of lines that are prose
    /// in the language the host named; `model`, when given, is the learned line model,
    /// called as `model(indices, span)` and answering a reason or "" for each line.
    #[pyo3(signature = (*, structure=true, keep_unsure_prose=true, trail_prose=true, keep_numbered=true,
                        page_nav_share=0.3, menu_run=5.0, outside_prose=1.0, max_posts=3.0,
                        documentation=false, prose_evidence=true, named_prose=Vec::new(), model=None,
                        fix=None, keep_captions=false, markup=false))]
    #[allow(clippy::too_many_arguments)]
    fn judge<'py>(
        &self,
        py: Python<'py>,
        structure: bool,
        keep_unsure_prose: bool,
        trail_prose: bool,
        keep_numbered: bool,
        page_nav_share: f64,
        menu_run: f64,
        outside_prose: f64,
        max_posts: f64,
        documentation: bool,
        prose_evidence: bool,
        named_prose: Vec<String>,
        model: Option<&Bound<'_, PyAny>>,
        fix: Option<&Bound<'py, pyo3::types::PyType>>,
        keep_captions: bool,
        markup: bool,
    ) -> PyResult<Judged<'py>> {
        let o = boilerplate::document::Options {
            structure,
            keep_unsure_prose,
            trail_prose,
            keep_numbered,
            page_nav_share,
            menu_run,
            outside_prose,
            max_posts,
            documentation,
            prose_evidence,
            named_prose: named_prose.into_iter().collect(),
            keep_captions,
            markup,
        };
        let judge = &self.judge.get().0;
        let lines = self.page.refs();
        let (reasons, settled): Settled = match model {
            None => guarded(py, "Page.judge", || {
                boilerplate::rules::settle::<()>(&lines, &o, &judge.templates, None)
            })?
            .map_err(|_| NativeError::new_err("Page.judge"))?,
            Some(model) => {
                // (the opt-in model is Python: decided with the GIL held)
                let mut ask =
                    |idx: &[usize], span: Option<(usize, usize)>| -> PyResult<Vec<Option<String>>> {
                        model.call1((idx.to_vec(), span))?.extract()
                    };
                let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    boilerplate::rules::settle(&lines, &o, &judge.templates, Some(&mut ask))
                }));
                run.map_err(|_| NativeError::new_err("Page.judge: a panic"))??
            }
        };
        let removed: Vec<bool> = reasons.iter().map(Option::is_some).collect();
        let kept = settled.then(|| self.page.kept_hash(&removed));
        let mut w = PyWriter(py);
        // (one Python string per distinct reason: the lines of a menu or a comment section
        // share theirs)
        let mut shown: foldhash::HashMap<String, Bound<'py, PyString>> = Default::default();
        let maker = fix.map(FixMaker::new).transpose()?;
        let empty = PyString::new(py, "");
        let out = PyList::empty(py);
        for (s, e, i) in self.page.deletions(&removed) {
            let r = reasons[i].as_ref().expect("a removed line has a reason");
            let text = r.text(lines[i], &judge.templates, &mut w);
            let reason = match shown.get(&text) {
                Some(p) => p.clone(),
                None => shown.entry(text).or_insert_with_key(|t| PyString::new(py, t)).clone(),
            };
            let (s, e) = (s.into_pyobject(py)?.into_any(), e.into_pyobject(py)?.into_any());
            match &maker {
                Some(m) => out.append(m.make([s, e, empty.clone().into_any(), reason.into_any()])?)?,
                None => out.append((s, e, reason, i))?,
            }
        }
        Ok((out, kept))
    }
}

/// The texts of a list of `str`.
fn strings(list: &Bound<'_, PyList>) -> PyResult<Vec<String>> {
    list.iter()
        .map(|l| {
            l.cast_into::<PyString>().map_err(PyErr::from).and_then(|s| text_of(&s).map(Cow::into_owned))
        })
        .collect()
}

/// The `whitespace` cleaner's edits on `text`: `(start, end, replacement, reason)` tuples.
#[pyfunction]
#[pyo3(signature = (text, max_blank_lines, collapse_spaces, final_newline, fast_path=true, hard_breaks=false))]
fn whitespace_fixes(
    py: Python<'_>,
    text: &Bound<'_, PyString>,
    max_blank_lines: usize,
    collapse_spaces: bool,
    final_newline: bool,
    fast_path: bool,
    hard_breaks: bool,
) -> PyResult<Vec<whitespace::Edit>> {
    let text = text_of(text)?;
    let o = whitespace::Options {
        max_blank: max_blank_lines,
        collapse: collapse_spaces,
        final_newline,
        hard_breaks,
    };
    guarded(py, "whitespace_fixes", || whitespace::fixes(&text, o, fast_path))
}

/// Whether `text` has `ic]`, `ic)`, `IC]` or `IC)` in it (`spots::sic_marker`).
#[pyfunction]
fn sic_marker(py: Python<'_>, text: &Bound<'_, PyString>) -> PyResult<bool> {
    let text = text_of(text)?;
    guarded(py, "sic_marker", || crate::spots::sic_marker(&text))
}

/// A token as `typos.text` builds it from the native one (`spots::Token`): the chunk's start,
/// the core's start and end, the chunk's end (code points), plain, line.
type TokenOffsets = (usize, usize, usize, usize, bool, u8);
/// A token and its neighbours before and after, as `token_context` gives them.
type TokenContext = (TokenOffsets, Option<TokenOffsets>, Option<TokenOffsets>);

fn token_offsets(t: crate::spots::Token) -> TokenOffsets {
    (t.chunk.0, t.start, t.end, t.chunk.1, t.plain, t.line)
}

/// The code points of `window`, with `a <= b <= len` checked (a `ValueError` otherwise).
fn window_chars(window: &Bound<'_, PyString>, a: usize, b: usize) -> PyResult<Vec<char>> {
    let t: Vec<char> = text_of(window)?.chars().collect();
    if a > b || b > t.len() {
        return Err(pyo3::exceptions::PyValueError::new_err(format!(
            "span {a}..{b} outside a text of {}",
            t.len()
        )));
    }
    Ok(t)
}

/// The chunk around `window[s:e]` (`spots::chunk_bounds`).
#[pyfunction]
fn token_chunk(window: &Bound<'_, PyString>, s: usize, e: usize) -> PyResult<Option<(usize, usize)>> {
    Ok(crate::spots::chunk_bounds(&window_chars(window, s, e)?, s, e))
}

/// The chunk `chunk` as a token (`spots::peel`).
#[pyfunction]
fn token_peel(chunk: &Bound<'_, PyString>, line: u8) -> PyResult<TokenOffsets> {
    let t = window_chars(chunk, 0, 0)?;
    Ok(token_offsets(crate::spots::peel(&t, 0, t.len(), line)))
}

/// The token before or after the chunk `window[a:b]` (`spots::neighbour`).
#[pyfunction]
fn token_neighbour(
    window: &Bound<'_, PyString>,
    a: usize,
    b: usize,
    forward: bool,
) -> PyResult<Option<TokenOffsets>> {
    Ok(crate::spots::neighbour(&window_chars(window, a, b)?, a, b, forward).map(token_offsets))
}

/// The token around `window[s:e]` and its neighbours (`spots::context`).
#[pyfunction]
fn token_context(window: &Bound<'_, PyString>, s: usize, e: usize) -> PyResult<Option<TokenContext>> {
    let t = window_chars(window, s, e)?;
    Ok(crate::spots::context(&t, s, e)
        .map(|(tok, prv, nxt)| (token_offsets(tok), prv.map(token_offsets), nxt.map(token_offsets))))
}

/// Whether the `whitespace` cleaner certainly has nothing to do on `text` (its fast path).
#[pyfunction]
fn whitespace_clean(
    text: &Bound<'_, PyString>,
    max_blank_lines: usize,
    collapse_spaces: bool,
    final_newline: bool,
) -> PyResult<bool> {
    let o = whitespace::Options {
        max_blank: max_blank_lines,
        collapse: collapse_spaces,
        final_newline,
        hard_breaks: false,
    };
    Ok(whitespace::already_clean(&text_of(text)?, o))
}

/// What `__reduce__` returns: the class and the arguments that rebuild the object.
type Reduced<'py> = (
    Bound<'py, PyAny>,
    (Bound<'py, pyo3::types::PyBytes>, bool, bool, Option<Bound<'py, pyo3::types::PyBytes>>),
);

/// Counts of words or word pairs (`lexicon::Counts`), read-only, with the `Mapping`
/// protocol (`textclean.core.cache` registers it as one). A key of the wrong type is
/// simply absent.
#[pyclass(frozen, module = "textclean._native", name = "Counts", mapping)]
struct PyCounts {
    map: lexicon::Counts,
    pairs: bool,
}

/// What `Counts.scan_forms` finds: the number of forms, the unknown ones, (when asked) all
/// the forms, and (when asked) the unknown short tokens written once with their offsets.
type ScannedForms = (usize, Vec<UnknownForm>, Option<Vec<String>>, Vec<(String, usize)>);
/// An unknown form as `Counts.scan_forms` gives it: the form, the offset of its first match,
/// whether its case twin is a form of the text too, and whether it is matched more than once.
type UnknownForm = (String, usize, bool, bool);

/// Bound on the forms a `FormSet` holds.
const FORMS_MEMO: usize = 200_000;

/// Adds `form` to a `FormSet`'s forms, emptying them first when they are full.
fn remember_form(forms: &mut foldhash::HashSet<Box<str>>, form: &str) {
    if forms.len() >= FORMS_MEMO {
        forms.clear();
    }
    forms.insert(Box::from(form));
}

impl PyCounts {
    /// The count of `key` (a `str`, or a pair of them for a map of pairs); a single word is
    /// looked up without copying it.
    fn count(&self, key: &Bound<'_, PyAny>) -> Option<u64> {
        if !self.pairs {
            if let Ok(s) = key.cast::<PyString>() {
                return self.map.get(s.to_str().ok()?.as_bytes());
            }
            return None;
        }
        self.key(key).and_then(|k| self.map.get(&k))
    }

    fn found<'py>(&self, py: Python<'py>, key: &Bound<'py, PyAny>) -> Option<PyResult<Bound<'py, PyAny>>> {
        self.count(key).map(|n| Ok(n.into_pyobject(py)?.into_any()))
    }

    fn key(&self, key: &Bound<'_, PyAny>) -> Option<Vec<u8>> {
        if self.pairs {
            let (a, b): (String, String) = key.extract().ok()?;
            Some(lexicon::pair_key(&a, &b))
        } else {
            let w: String = key.extract().ok()?;
            Some(w.into_bytes())
        }
    }

    fn py_key<'py>(&self, py: Python<'py>, k: &[u8]) -> PyResult<Bound<'py, PyAny>> {
        let s = String::from_utf8_lossy(k);
        if self.pairs {
            let (a, b) = s.split_once(lexicon::SEP as char).unwrap_or((&s, ""));
            Ok((a, b).into_pyobject(py)?.into_any())
        } else {
            Ok(s.into_pyobject(py)?.into_any())
        }
    }
}

#[pymethods]
impl PyCounts {
    /// The bytes of a map of `entries` (`(word, count)` or `((first, second), count)` pairs).
    #[staticmethod]
    #[pyo3(signature = (entries, pairs=false))]
    fn build<'py>(
        py: Python<'py>,
        entries: &Bound<'py, PyAny>,
        pairs: bool,
    ) -> PyResult<Bound<'py, pyo3::types::PyBytes>> {
        let mut items: Vec<(Vec<u8>, u64)> = Vec::new();
        for item in entries.try_iter()? {
            let (key, n): (Bound<'py, PyAny>, u64) = item?.extract()?;
            let k = if pairs {
                let (a, b): (String, String) = key.extract()?;
                if a.as_bytes().contains(&lexicon::SEP) || b.as_bytes().contains(&lexicon::SEP) {
                    return Err(pyo3::exceptions::PyValueError::new_err(format!(
                        "a word of a pair has a space in it: {a:?}, {b:?}"
                    )));
                }
                lexicon::pair_key(&a, &b)
            } else {
                key.extract::<String>()?.into_bytes()
            };
            items.push((k, n));
        }
        let bytes = guarded(py, "Counts.build", || lexicon::Counts::build(items))?
            .map_err(|e| pyo3::exceptions::PyValueError::new_err(e.to_string()))?;
        Ok(pyo3::types::PyBytes::new(py, &bytes))
    }

    /// The map stored in `data` (the bytes `build` made); a ValueError when they are not one.
    /// With `indexed`, its keys are hashed (`lexicon::Counts::indexed`): for a map looked up
    /// for every new word of a page, a look-up is several times cheaper. The index is built
    /// (some 30 ms for 260,000 keys) or read from `index`, the bytes `index_bytes` gave for
    /// the same map (a ValueError when they are not its index).
    #[new]
    #[pyo3(signature = (data, pairs=false, indexed=false, index=None))]
    fn new(
        py: Python<'_>,
        data: Vec<u8>,
        pairs: bool,
        indexed: bool,
        index: Option<&[u8]>,
    ) -> PyResult<Self> {
        let map = lexicon::Counts::load(data)
            .map_err(|e| pyo3::exceptions::PyValueError::new_err(format!("not a word map: {e}")))?;
        let map = match (indexed, index) {
            (false, _) => map,
            (true, None) => guarded(py, "Counts", || map.indexed())?,
            (true, Some(b)) => guarded(py, "Counts", || map.with_index_bytes(b))?
                .map_err(pyo3::exceptions::PyValueError::new_err)?,
        };
        Ok(PyCounts { map, pairs })
    }

    /// Whether the map's keys are hashed (see `Counts(..., indexed=True)`).
    #[getter]
    fn indexed(&self) -> bool {
        self.map.is_indexed()
    }

    /// The bytes of the map's index, to cache beside it; None for a map without one.
    fn index_bytes<'py>(&self, py: Python<'py>) -> Option<Bound<'py, pyo3::types::PyBytes>> {
        self.map.index_bytes().map(|b| pyo3::types::PyBytes::new(py, &b))
    }

    fn __len__(&self) -> usize {
        self.map.len()
    }

    fn __contains__(&self, key: &Bound<'_, PyAny>) -> bool {
        self.count(key).is_some()
    }

    fn __getitem__<'py>(&self, py: Python<'py>, key: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        item(key, self.found(py, key))
    }

    #[pyo3(signature = (key, default=None))]
    fn get<'py>(
        &self,
        py: Python<'py>,
        key: &Bound<'py, PyAny>,
        default: Option<Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        or_default(py, self.found(py, key), default)
    }

    /// `(key, count)` of every entry, in byte order of the keys.
    fn items<'py>(&self, py: Python<'py>) -> PyResult<Vec<(Bound<'py, PyAny>, u64)>> {
        self.map.entries().into_iter().map(|(k, v)| Ok((self.py_key(py, &k)?, v))).collect()
    }

    fn keys<'py>(&self, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyAny>>> {
        self.map.entries().into_iter().map(|(k, _)| self.py_key(py, &k)).collect()
    }

    fn values(&self) -> Vec<u64> {
        self.map.entries().into_iter().map(|(_, v)| v).collect()
    }

    /// The `n` keys with the highest counts, highest first (ties in key order): what
    /// `heapq.nsmallest(n, counts, key=lambda w: (-counts[w], w))` gives, without a Python
    /// call per key.
    fn most_common<'py>(&self, py: Python<'py>, n: usize) -> PyResult<Vec<Bound<'py, PyAny>>> {
        let entries = guarded(py, "Counts.most_common", || self.map.top(n))?;
        entries.iter().map(|(k, _)| self.py_key(py, k)).collect()
    }

    /// The words of `words` (an iterable of `str`) that are not keys of the map, in their
    /// order: a set difference in one call (a word map of single words only).
    fn missing<'py>(&self, words: &Bound<'py, PyAny>) -> PyResult<Vec<Bound<'py, PyAny>>> {
        if self.pairs {
            return Err(pyo3::exceptions::PyTypeError::new_err("missing() takes a map of single words"));
        }
        let mut out = Vec::new();
        for w in words.try_iter()? {
            let w = w?;
            let known = match w.cast::<PyString>() {
                Ok(s) => match s.to_str() {
                    Ok(t) => self.map.get(t.as_bytes()).is_some(),
                    Err(_) => false, // a lone surrogate: no word of the map
                },
                Err(_) => return Err(pyo3::exceptions::PyTypeError::new_err("missing() takes strings")),
            };
            if !known {
                out.push(w);
            }
        }
        Ok(out)
    }

    /// The `typos` fast path over `text` (`spots::forms`): how many distinct words of three
    /// letters or more it has; those that are not keys of the map, each with the code-point
    /// offset of its first match (no whole-word occurrence is before it), whether its case
    /// twin (`spots::case_twin`) is among the words too and whether it is matched more than
    /// once (if not, it is not written twice as a whole word); all the words (only where
    /// `all_forms` asks: a page has thousands, and the rest of the search needs only the
    /// above of them); with `short`, also the short tokens (`spots::short_forms`) that occur
    /// once and are not keys of the map, with the code-point offset of each (in the same
    /// call: the text is copied out of Python once).
    /// With `skip` (a `FormSet`), the unknown forms in it are left out: the caller's forms
    /// that are never corrected, which would otherwise cross into Python on every page that
    /// has them (most unknown forms of a page were seen on an earlier one).
    /// With `partners` too (a delete index, `Lists.near`), an unknown capitalised form whose
    /// lower case has no word within one edit in it is added to `skip` and left out: the
    /// `typos` cleaner's verdict on such a form is "never" (a capitalised word is corrected
    /// only to a word one edit away that a neighbour predicts), and most unknown words of a
    /// new page are such names.
    #[pyo3(signature = (text, all_forms=false, short=false, skip=None, partners=None))]
    fn scan_forms(
        &self,
        py: Python<'_>,
        text: &Bound<'_, PyString>,
        all_forms: bool,
        short: bool,
        skip: Option<&Bound<'_, PyFormSet>>,
        partners: Option<&Bound<'_, PyLists>>,
    ) -> PyResult<ScannedForms> {
        if self.pairs {
            return Err(pyo3::exceptions::PyTypeError::new_err("scan_forms() takes a map of single words"));
        }
        let text = text_of(text)?;
        let skip = skip.map(|s| s.get());
        let partners = partners.map(|p| &p.get().0);
        guarded(py, "Counts.scan_forms", || {
            let crate::spots::Scan { forms, times, shorts: short_tokens } = crate::spots::scan(&text, short);
            let mut skipped = skip.map(|s| s.forms());
            let is_key = |w: &str| self.map.get(w.as_bytes()).is_some();
            // (every form looked up at once: see `Counts::get_many`)
            let keys: Vec<&[u8]> = forms.iter().map(|(w, _)| w.as_bytes()).collect();
            let known = self.map.get_many(&keys);
            let mut offsets = crate::pystr::CharOffsets::new(&text);
            let unknown: Vec<UnknownForm> = forms
                .iter()
                .zip(known)
                .filter(|(_, known)| known.is_none())
                .map(|(form, _)| form)
                .filter(|(w, _)| {
                    if skipped.as_ref().is_some_and(|s| s.contains(*w)) {
                        return false;
                    }
                    let (Some(near), Some(set)) = (partners, skipped.as_mut()) else { return true };
                    if !w.as_bytes()[0].is_ascii_uppercase()
                        || !near.near(&crate::spots::case_twin(w)).is_empty()
                    {
                        return true;
                    }
                    remember_form(set, w);
                    false
                })
                .map(|&(w, at)| {
                    let twin = times.contains_key(crate::spots::case_twin(w).as_str());
                    let repeated = times.get(w).is_some_and(|&n| n > 1);
                    // (the forms come in the order of their first matches: offsets increase)
                    (w.to_string(), offsets.at(at), twin, repeated)
                })
                .collect();
            drop(skipped);
            let all = all_forms.then(|| forms.iter().map(|(w, _)| w.to_string()).collect());
            let mut shorts = Vec::new();
            if short {
                let mut offsets = crate::pystr::CharOffsets::new(&text);
                shorts = short_tokens
                    .into_iter()
                    .filter(|&(w, n, _)| n == 1 && !is_key(w))
                    .map(|(w, _, at)| (w.to_string(), offsets.at(at)))
                    .collect();
            }
            (forms.len(), unknown, all, shorts)
        })
    }

    fn __iter__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, pyo3::types::PyIterator>> {
        PyList::new(py, self.keys(py)?)?.try_iter()
    }

    /// Pickles as its bytes.
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Reduced<'py>> {
        let this = slf.get();
        let bytes = pyo3::types::PyBytes::new(slf.py(), this.map.bytes());
        let index = this.index_bytes(slf.py());
        Ok((slf.get_type().into_any(), (bytes, this.pairs, this.map.is_indexed(), index)))
    }
}

/// How an unknown word is made of known parts (`derived::Derivation`), for the `typos`
/// model: `Derivation(suffixes, prefixes, floor, function_words).of(word, counts)`.
#[pyclass(frozen, module = "textclean._native", name = "Derivation")]
struct PyDerivation(crate::derived::Derivation);

#[pymethods]
impl PyDerivation {
    #[new]
    fn new(suffixes: Vec<String>, prefixes: Vec<String>, floor: f64, function_words: Vec<String>) -> Self {
        PyDerivation(crate::derived::Derivation {
            suffixes,
            prefixes,
            floor,
            function_words: function_words.into_iter().collect(),
        })
    }

    /// How `word` is made of known parts, or None; `counts` is a native word map (looked up
    /// here) or any mapping of words to counts (asked through its `get`).
    fn of(&self, word: &str, counts: &Bound<'_, PyAny>) -> PyResult<Option<String>> {
        if let Ok(c) = counts.cast::<PyCounts>() {
            let map = &c.get().map;
            return Ok(self.0.of(word, |w| map.get(w.as_bytes()).map(|n| n as f64)));
        }
        // (another mapping: each look-up through Python; an error ends the search and is raised)
        let mut failed: Option<PyErr> = None;
        let found = self.0.of(word, |w| {
            if failed.is_some() {
                return None;
            }
            match counts.call_method1("get", (w,)).and_then(|v| v.extract::<Option<f64>>()) {
                Ok(v) => v,
                Err(e) => {
                    failed = Some(e);
                    None
                }
            }
        });
        match failed {
            Some(e) => Err(e),
            None => Ok(found),
        }
    }
}

/// A table of words' fingerprints to counts (`lexicon::Fingerprints`), read-only: `get(word)`
/// (0 for a word not in it), `len`.
#[pyclass(frozen, module = "textclean._native", name = "Fingerprints")]
struct PyFingerprints(lexicon::Fingerprints);

#[pymethods]
impl PyFingerprints {
    /// The bytes of the table of `entries` (`(word, count)` pairs).
    #[staticmethod]
    fn build<'py>(
        py: Python<'py>,
        entries: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, pyo3::types::PyBytes>> {
        let mut items: Vec<(Vec<u8>, u64)> = Vec::new();
        for item in entries.try_iter()? {
            let (word, n): (String, u64) = item?.extract()?;
            items.push((word.into_bytes(), n));
        }
        let bytes = guarded(py, "Fingerprints.build", || lexicon::Fingerprints::build(items))?;
        Ok(pyo3::types::PyBytes::new(py, &bytes))
    }

    /// The table stored in `data` (the bytes `build` made); a ValueError when they are not one.
    #[new]
    fn new(data: &[u8]) -> PyResult<Self> {
        lexicon::Fingerprints::load(data)
            .map(PyFingerprints)
            .ok_or_else(|| pyo3::exceptions::PyValueError::new_err("not a table of fingerprints"))
    }

    /// The count of `word`, 0 when it is not in the table.
    fn get(&self, word: &Bound<'_, PyString>) -> PyResult<u64> {
        Ok(self.0.get(text_of(word)?.as_bytes()))
    }

    fn __len__(&self) -> usize {
        self.0.len()
    }
}

/// A set of word forms that Python adds to and the native scans read (`Counts.scan_forms`
/// leaves out the unknown forms in it); emptied when it holds more than `FORMS_MEMO`.
#[pyclass(frozen, module = "textclean._native", name = "FormSet")]
struct PyFormSet(std::sync::Mutex<foldhash::HashSet<Box<str>>>);

impl PyFormSet {
    fn forms(&self) -> std::sync::MutexGuard<'_, foldhash::HashSet<Box<str>>> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[pymethods]
impl PyFormSet {
    #[new]
    fn new() -> Self {
        PyFormSet(Default::default())
    }

    /// Adds `form`, emptying the set first when it is full.
    fn add(&self, form: &str) {
        remember_form(&mut self.forms(), form);
    }

    fn __contains__(&self, form: &str) -> bool {
        self.forms().contains(form)
    }

    fn __len__(&self) -> usize {
        self.forms().len()
    }
}

/// What `Lists.__reduce__` returns: the class, the bytes and whether the map is indexed.
type ReducedLists<'py> = (Bound<'py, PyAny>, (Bound<'py, pyo3::types::PyBytes>, bool));

/// Lists of words by word (`lexicon::Lists`), read-only: `get`, `[]`, `in`, `len`.
#[pyclass(frozen, module = "textclean._native", name = "Lists", mapping)]
struct PyLists(lexicon::Lists);

impl PyLists {
    fn found<'py>(&self, py: Python<'py>, key: &Bound<'py, PyAny>) -> Option<PyResult<Bound<'py, PyAny>>> {
        let k = key.extract::<String>().ok()?;
        let ws = self.0.get(k.as_bytes())?;
        Some(PyTuple::new(py, ws.iter().map(|w| String::from_utf8_lossy(w))).map(|t| t.into_any()))
    }
}

#[pymethods]
impl PyLists {
    /// The bytes of a map of `entries` (`(word, [word, ...])` pairs).
    #[staticmethod]
    fn build<'py>(
        py: Python<'py>,
        entries: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, pyo3::types::PyBytes>> {
        let mut items = Vec::new();
        for item in entries.try_iter()? {
            let (k, words): (String, Vec<String>) = item?.extract()?;
            items.push((k.into_bytes(), words.into_iter().map(String::into_bytes).collect()));
        }
        let bytes = guarded(py, "Lists.build", || lexicon::Lists::build(items))?
            .map_err(pyo3::exceptions::PyValueError::new_err)?;
        Ok(pyo3::types::PyBytes::new(py, &bytes))
    }

    /// The map stored in `data` (the bytes `build` made); a ValueError when they are not one.
    /// With `indexed`, its keys are hashed as it loads (`lexicon::Lists::load_with`), for a
    /// map asked key by key in a hot loop (`near`).
    #[new]
    #[pyo3(signature = (data, indexed=false))]
    fn new(py: Python<'_>, data: &[u8], indexed: bool) -> PyResult<Self> {
        guarded(py, "Lists", || lexicon::Lists::load_with(data, indexed))?
            .map(PyLists)
            .map_err(|e| pyo3::exceptions::PyValueError::new_err(format!("not a list map: {e}")))
    }

    /// Whether the map's keys are hashed (see `Lists(..., indexed=True)`).
    #[getter]
    fn indexed(&self) -> bool {
        self.0.is_indexed()
    }

    fn __len__(&self) -> usize {
        self.0.len()
    }

    fn __contains__(&self, key: &Bound<'_, PyAny>) -> bool {
        key.extract::<String>().is_ok_and(|k| self.0.get(k.as_bytes()).is_some())
    }

    fn __getitem__<'py>(&self, py: Python<'py>, key: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        item(key, self.found(py, key))
    }

    /// In a delete index, the words one edit from `typo` (`Lists::near`), sorted.
    fn near(&self, py: Python<'_>, typo: &str) -> PyResult<Vec<String>> {
        guarded(py, "Lists.near", || self.0.near(typo).into_iter().map(str::to_string).collect())
    }

    #[pyo3(signature = (key, default=None))]
    fn get<'py>(
        &self,
        py: Python<'py>,
        key: &Bound<'py, PyAny>,
        default: Option<Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        or_default(py, self.found(py, key), default)
    }

    /// Pickles as its bytes (and whether it is indexed).
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<ReducedLists<'py>> {
        let bytes = pyo3::types::PyBytes::new(slf.py(), &slf.get().0.bytes());
        Ok((slf.get_type().into_any(), (bytes, slf.get().0.is_indexed())))
    }
}

/// The value found for `key` (`Some`), or a `KeyError` naming it: `[]` of the word maps.
fn item<'py>(
    key: &Bound<'py, PyAny>,
    found: Option<PyResult<Bound<'py, PyAny>>>,
) -> PyResult<Bound<'py, PyAny>> {
    found.unwrap_or_else(|| Err(pyo3::exceptions::PyKeyError::new_err(key.clone().unbind())))
}

/// `get` of the word maps: the value found for the key, or `default` (None), without raising
/// a KeyError first (`get` of a word that is not there is the common case).
fn or_default<'py>(
    py: Python<'py>,
    found: Option<PyResult<Bound<'py, PyAny>>>,
    default: Option<Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    found.unwrap_or_else(|| Ok(default.unwrap_or_else(|| py.None().into_bound(py))))
}

/// The pieces of the window language identification reads (`language::pieces`).
#[pyfunction]
fn language_pieces(
    py: Python<'_>,
    text: &Bound<'_, PyString>,
    window: usize,
    count: usize,
) -> PyResult<Vec<String>> {
    let text = text_of(text)?;
    guarded(py, "language_pieces", || crate::language::pieces(&text, window, count))
}

/// `text` with URLs, e-mail addresses and markup punctuation blanked (`language::blank_noise`).
#[pyfunction]
fn language_noise_blanked(text: &Bound<'_, PyString>) -> PyResult<String> {
    Ok(crate::language::blank_noise(&text_of(text)?))
}

/// The inline code spans and URLs of `text` (`regions::inline_spans`): `(start, end, kind)`.
#[pyfunction]
fn inline_regions(py: Python<'_>, text: &Bound<'_, PyString>) -> PyResult<Vec<(usize, usize, &'static str)>> {
    let text = text_of(text)?;
    guarded(py, "inline_regions", || crate::regions::inline_spans(&text))
}

/// The signs of Markdown and of reStructuredText in the first `limit` code points of `text`
/// (`regions::format_signs`): two counts.
#[pyfunction]
fn format_signs(py: Python<'_>, text: &Bound<'_, PyString>, limit: usize) -> PyResult<(usize, usize)> {
    let text = text_of(text)?;
    guarded(py, "format_signs", || crate::regions::format_signs(&text, limit))
}

/// The paragraphs of `text` that are source code pasted without markup
/// (`regions::unmarked_code`): `(start, end)` in code points, whole lines.
#[pyfunction]
fn unmarked_code(py: Python<'_>, text: &Bound<'_, PyString>) -> PyResult<Vec<(usize, usize)>> {
    let text = text_of(text)?;
    guarded(py, "unmarked_code", || crate::regions::unmarked_code(&text))
}

/// Compiles what [`unmarked_code`] uses (`regions::prepare_unmarked_code`), without the GIL.
#[pyfunction]
fn prepare_unmarked_code(py: Python<'_>) -> PyResult<()> {
    guarded(py, "prepare_unmarked_code", crate::regions::prepare_unmarked_code)
}

/// Where the lines that can start a block region start (the rows of a table laid out in
/// columns too, where there are `column_rows` of them and one is padded), and whether the
/// text has other line breaks than `\n` (`regions::triggers`).
#[pyfunction]
fn region_triggers(
    py: Python<'_>,
    text: &Bound<'_, PyString>,
    column_rows: usize,
) -> PyResult<(Vec<usize>, bool)> {
    let text = text_of(text)?;
    guarded(py, "region_triggers", || crate::regions::triggers(&text, column_rows))
}

/// Where the lines of `text` start, in code points, then its length (`pystr::line_starts`):
/// native-endian unsigned 64-bit integers, which `memoryview(...).cast("Q")` reads without
/// making a Python int per line.
#[pyfunction]
fn line_starts<'py>(
    py: Python<'py>,
    text: &Bound<'py, PyString>,
) -> PyResult<Bound<'py, pyo3::types::PyBytes>> {
    let text = text_of(text)?;
    let starts = guarded(py, "line_starts", || crate::pystr::line_starts(&text))?;
    // (written straight into the bytes object: no intermediate buffer)
    pyo3::types::PyBytes::new_with(py, starts.len() * 8, |buf| {
        for (chunk, s) in buf.chunks_exact_mut(8).zip(&starts) {
            chunk.copy_from_slice(&s.to_ne_bytes());
        }
        Ok(())
    })
}

/// A supervised fastText model read from its file (`fasttext::Model`): the language
/// identifier's model, predicted without the `fasttext` package.
#[pyclass(frozen, module = "textclean._native", name = "FastText")]
struct PyFastText(crate::fasttext::Model);

#[pymethods]
impl PyFastText {
    /// Reads the model file at `path`: `OSError` where it cannot be read, `ValueError` where
    /// it is not a model this reader knows.
    #[new]
    fn new(py: Python<'_>, path: std::path::PathBuf) -> PyResult<Self> {
        let data = std::fs::read(&path)?;
        let model = guarded(py, "FastText", || crate::fasttext::Model::load(&data))?;
        model
            .map(PyFastText)
            .map_err(|e| pyo3::exceptions::PyValueError::new_err(format!("{}: {e}", path.display())))
    }

    /// The `k` most likely labels of the first line of `text`, with their probabilities,
    /// best first (labels without fastText's `__label__` prefix).
    #[pyo3(signature = (text, k=1))]
    fn predict(&self, py: Python<'_>, text: &Bound<'_, PyString>, k: usize) -> PyResult<Vec<(String, f32)>> {
        let text = text_of(text)?;
        guarded(py, "FastText.predict", || self.0.predict(text.as_bytes(), k))
    }

    /// The labels the model can give, in the model's order.
    #[getter]
    fn labels(&self) -> Vec<String> {
        self.0.labels().to_vec()
    }
}

/// The `typos` candidate index (`candidates::CandidateIndex`), in memory or memory-mapped.
#[pyclass(frozen, module = "textclean._native", name = "CandidateIndex")]
struct PyCandidateIndex(crate::candidates::CandidateIndex);

#[pymethods]
impl PyCandidateIndex {
    /// An index over the bytes `build` made (`ValueError` where they are not an index).
    #[new]
    fn new(data: Vec<u8>) -> PyResult<Self> {
        crate::candidates::CandidateIndex::from_bytes(data)
            .map(PyCandidateIndex)
            .map_err(pyo3::exceptions::PyValueError::new_err)
    }

    /// An index read in place from the file at `path` (a memory map).
    #[staticmethod]
    fn open(path: std::path::PathBuf) -> PyResult<Self> {
        crate::candidates::CandidateIndex::open(&path)
            .map(PyCandidateIndex)
            .map_err(pyo3::exceptions::PyValueError::new_err)
    }

    /// The bytes of an index over `words` (ASCII, sorted, unique; numbered as given).
    #[staticmethod]
    fn build<'py>(py: Python<'py>, words: Vec<String>) -> PyResult<Bound<'py, pyo3::types::PyBytes>> {
        if let Some(w) = words.iter().find(|w| !w.is_ascii()) {
            return Err(pyo3::exceptions::PyValueError::new_err(format!("not an ASCII word: {w:?}")));
        }
        let data = guarded(py, "CandidateIndex.build", || {
            let refs: Vec<&[u8]> = words.iter().map(|w| w.as_bytes()).collect();
            crate::candidates::CandidateIndex::build(&refs)
        })?;
        Ok(pyo3::types::PyBytes::new(py, &data))
    }

    fn __len__(&self) -> usize {
        self.0.len()
    }

    /// Every word, in number order.
    fn words(&self) -> Vec<String> {
        (0..self.0.len()).map(|i| String::from_utf8_lossy(self.0.word(i)).into_owned()).collect()
    }

    /// The words of the numbers `ids`.
    fn take(&self, ids: Vec<usize>) -> Vec<String> {
        ids.into_iter().map(|i| String::from_utf8_lossy(self.0.word(i)).into_owned()).collect()
    }

    /// The number of `word`, or None.
    fn position(&self, word: &str) -> Option<usize> {
        self.0.position(word.as_bytes())
    }

    /// The words within OSA distance `limit` of the ASCII `typo`, other than itself: their
    /// numbers (little-endian int32) and distances (uint8), as bytes for numpy.
    #[pyo3(signature = (typo, limit=2))]
    fn lookup<'py>(
        &self,
        py: Python<'py>,
        typo: &str,
        limit: usize,
    ) -> PyResult<(Bound<'py, pyo3::types::PyBytes>, Bound<'py, pyo3::types::PyBytes>)> {
        if !typo.is_ascii() {
            return Err(pyo3::exceptions::PyValueError::new_err("the candidate index takes ASCII tokens"));
        }
        let typo = typo.as_bytes().to_vec();
        let (ids, dist) = guarded(py, "CandidateIndex.lookup", || self.0.lookup(&typo, limit))?;
        let ids: Vec<u8> = ids.iter().flat_map(|i| i.to_le_bytes()).collect();
        Ok((pyo3::types::PyBytes::new(py, &ids), pyo3::types::PyBytes::new(py, &dist)))
    }
}

/// `html` made safe for the parser (nesting deeper than `limit` flattened, a title never
/// closed opened no more, attributes past `max_attributes` in a tag dropped but `class` and
/// `id`), or None where there is nothing to do (`html::guard`).
#[pyfunction]
fn html_guarded(
    py: Python<'_>,
    html: &Bound<'_, PyString>,
    limit: usize,
    max_attributes: usize,
) -> PyResult<Option<String>> {
    let html = text_of(html)?;
    guarded(py, "html_guarded", || crate::html::guard(&html, limit, max_attributes))
}

/// How many marks of documentation `line` carries, at most 2 (`kinds::doc_mark`).
#[pyfunction]
fn doc_mark(py: Python<'_>, line: &Bound<'_, PyString>) -> PyResult<usize> {
    let line = text_of(line)?;
    guarded(py, "doc_mark", || crate::kinds::doc_mark(&line, &mut Vec::new()))
}

/// The marks of documentation of `lines` added up, and how many are underlined titles
/// (`kinds::evidence`). The lines are copied into one buffer: no allocation per line.
#[pyfunction]
fn doc_evidence(py: Python<'_>, lines: &Bound<'_, PyList>) -> PyResult<(usize, usize)> {
    let mut text = String::new();
    let mut ends = Vec::with_capacity(lines.len());
    for line in lines.iter() {
        let line = line.cast_into::<PyString>().map_err(PyErr::from)?;
        match line.to_str() {
            Ok(t) => text.push_str(t),
            Err(_) => text.push_str(&text_of(&line)?),
        }
        ends.push(text.len());
    }
    guarded(py, "doc_evidence", || {
        let mut start = 0;
        crate::kinds::evidence(ends.iter().map(|&end| {
            let line = &text[start..end];
            start = end;
            line
        }))
    })
}

/// `(lines, marks, titles)` of the non-blank lines of `text` (`kinds::text_evidence`): what
/// `doc_evidence` counts of `[l for l in text.splitlines() if l.strip()]`, with their number.
#[pyfunction]
fn text_doc_evidence(py: Python<'_>, text: &Bound<'_, PyString>) -> PyResult<(usize, usize, usize)> {
    let text = text_of(text)?;
    guarded(py, "text_doc_evidence", || crate::kinds::text_evidence(&text))
}

/// Whether `line` is brackets and braces only (`kinds::code_punctuation`).
#[pyfunction]
fn code_punctuation(py: Python<'_>, line: &Bound<'_, PyString>) -> PyResult<bool> {
    let line = text_of(line)?;
    guarded(py, "code_punctuation", || crate::kinds::code_punctuation(&line))
}

fn chars(s: &str) -> Vec<char> {
    s.chars().collect()
}

fn one_char(s: &str) -> PyResult<char> {
    let mut it = s.chars();
    match (it.next(), it.next()) {
        (Some(c), None) => Ok(c),
        _ => Err(pyo3::exceptions::PyValueError::new_err("expected one character")),
    }
}

/// The `typos` error model's cost of writing `typo` for `word` (`costs::edit_cost`).
#[pyfunction]
fn edit_cost(py: Python<'_>, typo: &str, word: &str) -> PyResult<f64> {
    let (typo, word) = (chars(typo), chars(word));
    guarded(py, "edit_cost", || crate::costs::edit_cost(&typo, &word))
}

/// The cheapest one-edit alignment's cost, or infinity (`costs::one_edit_cost`).
#[pyfunction]
fn one_edit_cost(py: Python<'_>, typo: &str, word: &str) -> PyResult<f64> {
    let (typo, word) = (chars(typo), chars(word));
    guarded(py, "one_edit_cost", || crate::costs::one_edit_cost(&typo, &word))
}

/// A lower bound of `edit_cost`, and the cost itself where the bound proves it.
#[pyfunction]
fn cost_floor(py: Python<'_>, typo: &str, word: &str, distance: usize) -> PyResult<(f64, Option<f64>)> {
    let (typo, word) = (chars(typo), chars(word));
    guarded(py, "cost_floor", || crate::costs::cost_floor(&typo, &word, distance))
}

/// The Soundex code of a lower-case word, not cut to four characters (`costs::soundex`).
#[pyfunction]
fn soundex(word: &str) -> String {
    crate::costs::soundex(word)
}

/// The cost of writing the character `b` where `a` was meant (`costs::sub_cost`).
#[pyfunction]
fn sub_cost(a: &str, b: &str) -> PyResult<f64> {
    Ok(crate::costs::sub_cost(one_char(a)?, one_char(b)?))
}

/// The cost of leaving out `word[i]` (`costs::del_cost`).
#[pyfunction]
fn del_cost(word: &str, i: usize) -> PyResult<f64> {
    let word = chars(word);
    if i >= word.len() {
        return Err(pyo3::exceptions::PyIndexError::new_err("no such letter"));
    }
    Ok(crate::costs::del_cost(&word, i))
}

/// The cost of the extra letter `typo[j]` written after `word[:i]` (`costs::ins_cost`).
#[pyfunction]
fn ins_cost(word: &str, typo: &str, i: usize, j: usize) -> PyResult<f64> {
    let (word, typo) = (chars(word), chars(typo));
    if j >= typo.len() || i > word.len() {
        return Err(pyo3::exceptions::PyIndexError::new_err("no such letter"));
    }
    Ok(crate::costs::ins_cost(&word, &typo, i, j))
}

/// The `typos` ranking table over the candidate index (`costs::WordTable`).
#[pyclass(frozen, module = "textclean._native", name = "WordTable")]
struct PyWordTable(crate::costs::WordTable);

/// A token's candidates ranked (`costs::rank`): each an `Entry` tuple
/// `(bound, word, distance, base, unsupported, ctx_l, ctx_r, penalty, exact)`.
#[pyclass(frozen, module = "textclean._native", name = "Ranking")]
struct PyRanking {
    scored: Vec<(crate::costs::Entry, String)>,
    rest: Vec<(crate::costs::Entry, String)>,
}

type EntryTuple = (f64, String, u8, f64, bool, f64, f64, f64, Option<f64>);

fn entry_tuple((e, w): &(crate::costs::Entry, String)) -> EntryTuple {
    (e.bound, w.clone(), e.distance, e.base, e.unsupported, e.ctx_l, e.ctx_r, e.penalty, e.exact)
}

#[pymethods]
impl PyRanking {
    /// The entries whose error cost is exact, in the index's order.
    fn scored(&self) -> Vec<EntryTuple> {
        self.scored.iter().map(entry_tuple).collect()
    }

    /// The upper bounds of the other entries' scores, in decreasing order.
    fn bounds(&self) -> Vec<f64> {
        self.rest.iter().map(|(e, _)| e.bound).collect()
    }

    /// The k-th of the other entries.
    fn entry(&self, k: usize) -> PyResult<EntryTuple> {
        self.rest.get(k).map(entry_tuple).ok_or_else(|| pyo3::exceptions::PyIndexError::new_err(k))
    }
}

#[pymethods]
impl PyWordTable {
    /// A table from the bytes `build` made (`ValueError` where they are not a table).
    #[new]
    fn new(data: &[u8]) -> PyResult<Self> {
        crate::costs::WordTable::from_bytes(data)
            .map(PyWordTable)
            .map_err(pyo3::exceptions::PyValueError::new_err)
    }

    /// The bytes of a table: per word of the index (in its order) log P, the context scores
    /// of an unlisted pair (word on the right, on the left), the count, the number of the
    /// Soundex code and whether it has a doubled letter; the number of words the bigram keys
    /// count, and the bigram list as sorted keys with their counts.
    #[staticmethod]
    #[allow(clippy::too_many_arguments)]
    fn build<'py>(
        py: Python<'py>,
        logp: Vec<f64>,
        unlisted_left: Vec<f64>,
        unlisted_right: Vec<f64>,
        count: Vec<i64>,
        sound: Vec<i32>,
        doubled: Vec<bool>,
        size: i64,
        pair_keys: Vec<i64>,
        pair_counts: Vec<i64>,
    ) -> PyResult<Bound<'py, pyo3::types::PyBytes>> {
        let n = logp.len();
        if [unlisted_left.len(), unlisted_right.len(), count.len(), sound.len(), doubled.len()]
            .iter()
            .any(|&l| l != n)
            || pair_keys.len() != pair_counts.len()
            || pair_keys.windows(2).any(|w| w[0] >= w[1])
        {
            return Err(pyo3::exceptions::PyValueError::new_err(
                "columns of different lengths, or pair keys not sorted and distinct",
            ));
        }
        let t = crate::costs::WordTable {
            logp,
            unlisted_left,
            unlisted_right,
            count,
            sound,
            doubled,
            size,
            pair_keys,
            pair_counts,
        };
        Ok(pyo3::types::PyBytes::new(py, &t.to_bytes()))
    }

    /// The candidates of the ASCII `typo` ranked (`costs::rank`): `ids` and `dist` as the
    /// index's `lookup` gives them, less the numbers in `exclude`; `left`/`right`: a known
    /// neighbour's (number in the bigram keys or None, count), or None.
    #[allow(clippy::too_many_arguments)]
    #[pyo3(signature = (index, typo, ids, dist, exclude, sound, left, right, total, scale, max_pmi, w_ctx, lam, far))]
    fn rank(
        &self,
        py: Python<'_>,
        index: &Bound<'_, PyCandidateIndex>,
        typo: &str,
        ids: &[u8],
        dist: &[u8],
        exclude: Vec<u32>,
        sound: i32,
        left: Option<(Option<i64>, i64)>,
        right: Option<(Option<i64>, i64)>,
        total: f64,
        scale: f64,
        max_pmi: f64,
        w_ctx: f64,
        lam: f64,
        far: f64,
    ) -> PyResult<PyRanking> {
        if !typo.is_ascii() || typo.len() < 2 || ids.len() != 4 * dist.len() {
            return Err(pyo3::exceptions::PyValueError::new_err("an ASCII token and the index's lookup"));
        }
        let index = &index.get().0;
        let n = index.len() as u32;
        let mut keep_ids = Vec::with_capacity(dist.len());
        let mut keep_dist = Vec::with_capacity(dist.len());
        for (c, &d) in ids.chunks_exact(4).zip(dist) {
            let id = u32::from_le_bytes([c[0], c[1], c[2], c[3]]);
            if id >= n || id as usize >= self.0.logp.len() {
                return Err(pyo3::exceptions::PyValueError::new_err("a number past the index"));
            }
            if !exclude.contains(&id) {
                keep_ids.push(id);
                keep_dist.push(d);
            }
        }
        let typo = typo.to_owned();
        let q =
            crate::costs::Query { typo: &typo, sound, left, right, total, scale, max_pmi, w_ctx, lam, far };
        let word = |e: &crate::costs::Entry| String::from_utf8_lossy(index.word(e.id as usize)).into_owned();
        let (scored, rest) = guarded(py, "WordTable.rank", || {
            let (scored, rest) = crate::costs::rank(index, &self.0, &q, &keep_ids, &keep_dist);
            let named = |v: Vec<crate::costs::Entry>| {
                v.into_iter()
                    .map(|e| {
                        let w = word(&e);
                        (e, w)
                    })
                    .collect::<Vec<_>>()
            };
            (named(scored), named(rest))
        })?;
        Ok(PyRanking { scored, rest })
    }
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

/// The line layout of `line_breaks` (`wraps::Layout`): a document's lines, their structure
/// flags, the pairs a wrap could join, and the decisions on them in the plain measure.
#[pyclass(frozen, module = "textclean._native", name = "WrapLayout")]
struct PyWrapLayout {
    text: String,
    layout: crate::wraps::Layout,
}

/// The plain joins (spans) and the lines whose join needs a decision.
type Joins = (Vec<(usize, usize)>, Vec<usize>);

/// A set of line indices as a mask over `n` lines (indices out of range are ignored).
fn mask(n: usize, indices: &[usize]) -> Vec<bool> {
    let mut m = vec![false; n];
    for &i in indices {
        if i < n {
            m[i] = true;
        }
    }
    m
}

#[pymethods]
impl PyWrapLayout {
    #[new]
    fn new(py: Python<'_>, text: &Bound<'_, PyString>) -> PyResult<Self> {
        let text = text_of(text)?.into_owned(); // (kept by the layout)
        let layout = guarded(py, "WrapLayout", || crate::wraps::Layout::new(&text))?;
        Ok(PyWrapLayout { text, layout })
    }

    fn __len__(&self) -> usize {
        self.layout.lines.len()
    }

    /// `(start, end, indent)` of line `i`, in code points.
    fn line(&self, i: usize) -> PyResult<(usize, usize, usize)> {
        let l = self.layout.lines.get(i).ok_or_else(|| pyo3::exceptions::PyIndexError::new_err(i))?;
        Ok((l.start, l.end(), l.indent))
    }

    /// `(start, end, indent)` of every line.
    fn lines(&self) -> Vec<(usize, usize, usize)> {
        self.layout.lines.iter().map(|l| (l.start, l.end(), l.indent)).collect()
    }

    #[getter]
    fn pairs(&self) -> Vec<usize> {
        self.layout.pairs.clone()
    }

    /// `(nospace, cjk)`: whether a pair's first line ends in a character of a script
    /// written without spaces, and whether one of those is CJK.
    #[getter]
    fn scripts(&self) -> (bool, bool) {
        (self.layout.nospace, self.layout.cjk)
    }

    /// The wrap width in the plain measure and the pairs that are wraps at it.
    fn width(
        &self,
        py: Python<'_>,
        lo_w: usize,
        hi_w: usize,
        min_share: f64,
    ) -> PyResult<(Option<usize>, usize)> {
        guarded(py, "WrapLayout.width", || self.layout.width(lo_w, hi_w, min_share))
    }

    /// The pairs that are wraps at `width`.
    fn wraps(&self, py: Python<'_>, width: usize) -> PyResult<Vec<usize>> {
        guarded(py, "WrapLayout.wraps", || self.layout.wraps(width))
    }

    /// The plain-space joins of the lines `joined` as `(start, end)` spans, and the lines
    /// whose join needs a decision (`wraps::Layout::plain_joins`).
    fn plain_joins(&self, py: Python<'_>, joined: Vec<usize>) -> PyResult<Joins> {
        let n = self.layout.lines.len();
        if joined.iter().any(|&i| i + 1 >= n) {
            return Err(pyo3::exceptions::PyIndexError::new_err("plain_joins: a line with no next line"));
        }
        guarded(py, "WrapLayout.plain_joins", || self.layout.plain_joins(&self.text, &joined))
    }

    /// Whether the text with the lines `joined` joined to the next still looks wrapped.
    fn wrapped_again(
        &self,
        py: Python<'_>,
        joined: Vec<usize>,
        lo_w: usize,
        hi_w: usize,
        min_share: f64,
    ) -> PyResult<bool> {
        guarded(py, "WrapLayout.wrapped_again", || {
            let m = mask(self.layout.lines.len(), &joined);
            self.layout.wrapped_again(&self.text, &m, lo_w, hi_w, min_share)
        })
    }

    /// The single newlines that end paragraphs, given the lines `joined`.
    fn paragraph_breaks(&self, py: Python<'_>, joined: Vec<usize>, short: usize) -> PyResult<Vec<usize>> {
        guarded(py, "WrapLayout.paragraph_breaks", || {
            let m = mask(self.layout.lines.len(), &joined);
            self.layout.paragraph_breaks(&self.text, &m, short)
        })
    }

    /// The blocks around `indices` that may be verse (`wraps::Layout::capital_blocks`).
    fn capital_blocks(
        &self,
        py: Python<'_>,
        indices: Vec<usize>,
        min_lines: usize,
        short: usize,
    ) -> PyResult<Vec<(usize, usize)>> {
        guarded(py, "WrapLayout.capital_blocks", || {
            self.layout.capital_blocks(&self.text, &indices, min_lines, short)
        })
    }

    /// The non-blank lines followed by a blank one.
    fn before_blank(&self) -> Vec<usize> {
        self.layout.before_blank()
    }

    /// How many non-blank lines a blank one follows, and whether one of them ends in a word
    /// of `words` (ASCII lower case): the lines stay in the core.
    fn blank_ends(&self, words: &Bound<'_, PyWordSet>) -> (usize, bool) {
        let before = self.layout.before_blank();
        let words = &words.get().0;
        let found = before.iter().any(|&i| self.layout.ends_in(&self.text, i, words));
        (before.len(), found)
    }

    /// The paragraph breaks that split a sentence, as `(i, j)` line pairs.
    fn rejoins(
        &self,
        py: Python<'_>,
        joined: Vec<usize>,
        breaks: Vec<usize>,
        short: usize,
        no_end: &Bound<'_, PyWordSet>,
    ) -> PyResult<Vec<(usize, usize)>> {
        let words = &no_end.get().0;
        guarded(py, "WrapLayout.rejoins", || {
            let n = self.layout.lines.len();
            self.layout.rejoins(&self.text, &mask(n, &joined), &mask(n, &breaks), short, words)
        })
    }
}

/// What a chunk of text is to the `typos` line checks (`chunks::kind`), remembered, and the
/// cluster and line check of a token (`chunks::crowded`): `vetoes.ChunkKinds`. The vocabulary
/// is a `Counts`; `foreign` is `usage.foreign`, called for the lower-case words the
/// vocabulary lacks (the table stays Python's); the memo is emptied when it holds more than
/// `limit` chunks.
#[pyclass(frozen, module = "textclean._native", name = "ChunkKinds")]
struct PyChunkKinds {
    counts: Py<PyCounts>,
    function_words: foldhash::HashSet<String>,
    foreign_known: foldhash::HashSet<String>,
    foreign: Py<PyAny>,
    limit: usize,
    seen: std::sync::Mutex<foldhash::HashMap<Box<str>, u8>>,
    /// The text last read by `crowded` and its code points' index: a document's tokens are
    /// checked one after another (the reference keeps the text, so identity is its test).
    last: std::sync::Mutex<Option<(Py<PyString>, std::sync::Arc<crate::pystr::CharIndex>)>>,
}

/// The lexicon of a `ChunkKinds` with the GIL held (`foreign` calls Python); the first error
/// of that call is kept and raised, and the kind asked then is not remembered.
struct ChunkLexicon<'a, 'py> {
    kinds: &'a PyChunkKinds,
    counts: &'a PyCounts,
    py: Python<'py>,
    error: Option<PyErr>,
}

impl chunks::Lexicon for ChunkLexicon<'_, '_> {
    fn known(&self, word: &str) -> bool {
        self.counts.map.get(word.as_bytes()).is_some()
    }

    fn foreign(&mut self, word: &str) -> bool {
        if self.error.is_some() {
            return false;
        }
        match self.kinds.foreign.call1(self.py, (word,)).and_then(|r| r.is_truthy(self.py)) {
            Ok(b) => b,
            Err(e) => {
                self.error = Some(e);
                false
            }
        }
    }

    fn foreign_known(&self, word: &str) -> bool {
        self.kinds.foreign_known.contains(word)
    }

    fn function_word(&self, word: &str) -> bool {
        self.kinds.function_words.contains(word)
    }
}

impl PyChunkKinds {
    fn seen(&self) -> std::sync::MutexGuard<'_, foldhash::HashMap<Box<str>, u8>> {
        self.seen.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The kind of `chunk`, remembered. (The memo is not held while Python runs: another
    /// thread could take the GIL then and wait for it.)
    fn kind_of(&self, lex: &mut ChunkLexicon<'_, '_>, chunk: &str) -> u8 {
        if let Some(&k) = self.seen().get(chunk) {
            return k;
        }
        let k = chunks::kind(chunk, lex);
        if lex.error.is_none() {
            let mut seen = self.seen();
            if seen.len() > self.limit {
                seen.clear();
            }
            seen.insert(Box::from(chunk), k);
        }
        k
    }

    fn lexicon<'a, 'py>(&'a self, py: Python<'py>) -> ChunkLexicon<'a, 'py> {
        ChunkLexicon { kinds: self, counts: self.counts.get(), py, error: None }
    }
}

#[pymethods]
impl PyChunkKinds {
    #[new]
    fn new(
        counts: Py<PyCounts>,
        function_words: Vec<String>,
        foreign_known: Vec<String>,
        foreign: Py<PyAny>,
        limit: usize,
    ) -> Self {
        PyChunkKinds {
            counts,
            function_words: function_words.into_iter().collect(),
            foreign_known: foreign_known.into_iter().collect(),
            foreign,
            limit,
            seen: Default::default(),
            last: Default::default(),
        }
    }

    /// The kind of the chunk (`vetoes.ChunkKind`'s number).
    fn of(&self, py: Python<'_>, chunk: &Bound<'_, PyString>) -> PyResult<u8> {
        let chunk = text_of(chunk)?;
        let mut lex = self.lexicon(py);
        let k = self.kind_of(&mut lex, &chunk);
        lex.error.map_or(Ok(k), Err)
    }

    /// Whether the token at code points `[s, e)` of `text` stands in a cluster of unknown
    /// words or on a line that is mostly not English; `limits`: the characters read either
    /// side, the chunks either side for the cluster, the unknown words of a dense line.
    fn crowded(
        &self,
        py: Python<'_>,
        text: &Bound<'_, PyString>,
        s: usize,
        e: usize,
        limits: (usize, usize, usize),
    ) -> PyResult<bool> {
        let (line, cluster, dense) = limits;
        let body = text_of(text)?;
        let index = {
            let mut last = self.last.lock().unwrap_or_else(|e| e.into_inner());
            match &*last {
                Some((t, index)) if t.bind(py).is(text) => index.clone(),
                _ => {
                    let index = std::sync::Arc::new(crate::pystr::CharIndex::new(&body));
                    *last = Some((text.clone().unbind(), index.clone()));
                    index
                }
            }
        };
        let mut lex = self.lexicon(py);
        let limits = chunks::Limits { line, cluster, dense };
        let hit = chunks::crowded(&body, &index, s, e, limits, |c| self.kind_of(&mut lex, c));
        lex.error.map_or(Ok(hit), Err)
    }

    fn __len__(&self) -> usize {
        self.seen().len()
    }
}

/// A set of words made once and handed to the core's calls as it is (a list converted to a
/// set at every call cost more than the look-ups it served).
#[pyclass(frozen, module = "textclean._native", name = "WordSet")]
struct PyWordSet(std::collections::HashSet<String>);

#[pymethods]
impl PyWordSet {
    #[new]
    fn new(words: Vec<String>) -> Self {
        PyWordSet(words.into_iter().collect())
    }

    fn __len__(&self) -> usize {
        self.0.len()
    }

    fn __contains__(&self, word: &str) -> bool {
        self.0.contains(word)
    }
}

/// The code points of a Python `str` as it holds them, lone surrogates included (a diff
/// must not take two different surrogates for the same character).
fn code_points(s: &Bound<'_, PyString>) -> PyResult<Vec<u32>> {
    if let Ok(t) = s.to_str() {
        return Ok(t.chars().map(u32::from).collect());
    }
    let raw = s.call_method1("encode", ("utf-32-le", "surrogatepass"))?;
    let bytes = raw.cast::<pyo3::types::PyBytes>()?.as_bytes();
    Ok(bytes.chunks_exact(4).map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect())
}

/// The changed regions of `a` and `b`, character-precise, moved by `ao`/`bo`
/// (`diff::char_regions`).
#[pyfunction]
#[pyo3(signature = (a, b, ao=0, bo=0))]
fn char_regions(
    py: Python<'_>,
    a: &Bound<'_, PyString>,
    b: &Bound<'_, PyString>,
    ao: usize,
    bo: usize,
) -> PyResult<Vec<crate::diff::Region>> {
    let (a, b) = (code_points(a)?, code_points(b)?);
    guarded(py, "char_regions", || crate::diff::char_regions(&a, &b, ao, bo))
}

/// The changed regions of `a` and `b`: tokens aligned, then characters (`diff::diff_regions`).
#[pyfunction]
#[pyo3(signature = (a, b, walk=false))]
fn diff_regions(
    py: Python<'_>,
    a: &Bound<'_, PyString>,
    b: &Bound<'_, PyString>,
    walk: bool,
) -> PyResult<Vec<crate::diff::Region>> {
    let (a, b) = (code_points(a)?, code_points(b)?);
    guarded(py, "diff_regions", || crate::diff::diff_regions(&a, &b, walk))
}

/// The changed lines of `a` and `b`, each block trimmed to the characters that differ
/// (`diff::line_regions`).
#[pyfunction]
fn line_regions(
    py: Python<'_>,
    a: &Bound<'_, PyString>,
    b: &Bound<'_, PyString>,
) -> PyResult<Vec<crate::diff::Region>> {
    let (a, b) = (code_points(a)?, code_points(b)?);
    guarded(py, "line_regions", || crate::diff::line_regions(&a, &b))
}

/// Whether `diff_regions` walks the tokens of `a` and `b` (`diff::walks`).
#[pyfunction]
fn diff_walks(py: Python<'_>, a: &Bound<'_, PyString>, b: &Bound<'_, PyString>) -> PyResult<bool> {
    let (a, b) = (code_points(a)?, code_points(b)?);
    guarded(py, "diff_walks", || crate::diff::walks(&a, &b))
}

/// The changed regions of two lists of strings, in list indexes (`diff::align`).
#[pyfunction]
#[pyo3(signature = (ta, tb, walk=false, limit=Some(crate::diff::DIFFLIB_MAX), window=crate::diff::WINDOW))]
fn align(
    py: Python<'_>,
    ta: Vec<Bound<'_, PyString>>,
    tb: Vec<Bound<'_, PyString>>,
    walk: bool,
    limit: Option<usize>,
    window: usize,
) -> PyResult<Vec<crate::diff::Region>> {
    let ta = ta.iter().map(code_points).collect::<PyResult<Vec<_>>>()?;
    let tb = tb.iter().map(code_points).collect::<PyResult<Vec<_>>>()?;
    guarded(py, "align", || crate::diff::align(&ta, &tb, walk, limit, window))
}

/// Whether `text` ends a sentence (`wraps::ends_sentence`): a full stop or mark, then
/// closing quotation marks or brackets.
#[pyfunction]
fn ends_sentence(text: &str) -> bool {
    crate::wraps::ends_sentence(text)
}

/// The wrap width from the pairs' wrap intervals, the lengths of the multi-word lines and
/// of the pairs' first lines (`wraps::infer`), for a measure computed in Python.
#[pyfunction]
#[allow(clippy::too_many_arguments)]
fn infer_width(
    py: Python<'_>,
    intervals: Vec<(i64, i64)>,
    multi: Vec<usize>,
    lengths: Vec<usize>,
    lo_w: usize,
    hi_w: usize,
    min_share: f64,
    least: usize,
) -> PyResult<(Option<usize>, usize)> {
    guarded(py, "infer_width", || {
        crate::wraps::infer(&intervals, &multi, &lengths, lo_w, hi_w, min_share, least)
    })
}

// --- the mojibake cleaner's scan (crate::mojibake) ---

/// The `mojibake` cleaner's character classes and options (`crate::mojibake::Scanner`).
#[pyclass(frozen, module = "textclean._native", name = "MojibakeScanner")]
struct PyMojibakeScanner(crate::mojibake::Scanner);

#[pymethods]
impl PyMojibakeScanner {
    /// `entities` is `"never"`, `"auto"` or `"always"`.
    #[new]
    fn new(
        triggers: &str,
        hard: &str,
        bad: &str,
        bad_any: bool,
        entities: &str,
        nbsp: bool,
    ) -> PyResult<Self> {
        use crate::mojibake::Entities;
        let entities = match entities {
            "never" => Entities::Never,
            "auto" => Entities::Auto,
            "always" => Entities::Always,
            _ => return Err(pyo3::exceptions::PyValueError::new_err(format!("entities: {entities:?}"))),
        };
        Ok(PyMojibakeScanner(crate::mojibake::Scanner::new(triggers, hard, bad, bad_any, entities, nbsp)))
    }

    /// The candidate lines of `text`: `(start, end, kind)` tuples, `kind` 0 for a run of
    /// no-break spaces of a plain line, 1 for a line to check, 2 for a line to repair.
    #[pyo3(signature = (text, in_form, canonical, fast=true))]
    fn lines(
        &self,
        py: Python<'_>,
        text: &Bound<'_, PyString>,
        in_form: bool,
        canonical: bool,
        fast: bool,
    ) -> PyResult<Vec<(usize, usize, u8)>> {
        let text = text_of(text)?;
        guarded(py, "MojibakeScanner.lines", || {
            self.0
                .lines(&text, in_form, canonical, fast)
                .into_iter()
                .map(|(a, b, k)| (a, b, k as u8))
                .collect()
        })
    }
}
// --- end of the mojibake cleaner's scan ---

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("NativeError", m.py().get_type::<NativeError>())?;
    // (tests/test_native.py compares it with the sources: a stale build fails loudly)
    m.add("SOURCES", env!("TEXTCLEAN_NATIVE_SOURCES"))?;
    m.add("TOKEN_CHUNK_LIMIT", crate::spots::CHUNK_LIMIT)?;
    m.add("PanicException", m.py().get_type::<pyo3::panic::PanicException>())?;
    m.add_function(wrap_pyfunction!(_panic_for_tests, m)?)?;
    m.add_class::<PyStopWords>()?;
    m.add_function(wrap_pyfunction!(line_features, m)?)?;
    m.add_function(wrap_pyfunction!(char_regions, m)?)?;
    m.add_function(wrap_pyfunction!(diff_regions, m)?)?;
    m.add_function(wrap_pyfunction!(diff_walks, m)?)?;
    m.add_function(wrap_pyfunction!(line_regions, m)?)?;
    m.add_function(wrap_pyfunction!(align, m)?)?;
    m.add_function(wrap_pyfunction!(template_info, m)?)?;
    m.add_class::<PyBoilerplate>()?;
    m.add_class::<PyPage>()?;
    m.add_function(wrap_pyfunction!(fold_many, m)?)?;
    m.add_function(wrap_pyfunction!(whitespace_fixes, m)?)?;
    m.add_class::<PyCounts>()?;
    m.add_class::<PyFormSet>()?;
    m.add_class::<PyFingerprints>()?;
    m.add_class::<PyDerivation>()?;
    m.add_function(wrap_pyfunction!(language_pieces, m)?)?;
    m.add_function(wrap_pyfunction!(inline_regions, m)?)?;
    m.add_function(wrap_pyfunction!(region_triggers, m)?)?;
    m.add_function(wrap_pyfunction!(format_signs, m)?)?;
    m.add_function(wrap_pyfunction!(unmarked_code, m)?)?;
    m.add_function(wrap_pyfunction!(prepare_unmarked_code, m)?)?;
    m.add_function(wrap_pyfunction!(line_starts, m)?)?;
    m.add_function(wrap_pyfunction!(language_noise_blanked, m)?)?;
    m.add_class::<PyLists>()?;
    m.add_class::<PyFastText>()?;
    m.add_class::<PyCandidateIndex>()?;
    m.add_function(wrap_pyfunction!(html_guarded, m)?)?;
    m.add_class::<PyWordTable>()?;
    m.add("DOUBLE_COST", crate::costs::DOUBLE_COST)?;
    m.add("DIFFLIB_MAX", crate::diff::DIFFLIB_MAX)?;
    m.add("DIFF_WINDOW", crate::diff::WINDOW)?;
    m.add("SWAP_COST", crate::costs::SWAP_COST)?;
    m.add("FIRST_COST", crate::costs::FIRST_COST)?;
    m.add("SOUND_PENALTY", crate::costs::SOUND_PENALTY)?;
    m.add_class::<PyRanking>()?;
    m.add_function(wrap_pyfunction!(edit_cost, m)?)?;
    m.add_function(wrap_pyfunction!(soundex, m)?)?;
    m.add_function(wrap_pyfunction!(one_edit_cost, m)?)?;
    m.add_function(wrap_pyfunction!(cost_floor, m)?)?;
    m.add_function(wrap_pyfunction!(sub_cost, m)?)?;
    m.add_function(wrap_pyfunction!(del_cost, m)?)?;
    m.add_function(wrap_pyfunction!(ins_cost, m)?)?;
    m.add("INLINE_MARKS", crate::kinds::INLINE_MARKS)?;
    m.add_function(wrap_pyfunction!(doc_mark, m)?)?;
    m.add_function(wrap_pyfunction!(doc_evidence, m)?)?;
    m.add_function(wrap_pyfunction!(text_doc_evidence, m)?)?;
    m.add_function(wrap_pyfunction!(code_punctuation, m)?)?;
    m.add_function(wrap_pyfunction!(whitespace_clean, m)?)?;
    m.add_function(wrap_pyfunction!(sic_marker, m)?)?;
    m.add_function(wrap_pyfunction!(token_chunk, m)?)?;
    m.add_function(wrap_pyfunction!(token_peel, m)?)?;
    m.add_function(wrap_pyfunction!(token_neighbour, m)?)?;
    m.add_function(wrap_pyfunction!(token_context, m)?)?;
    m.add_class::<PyWrapLayout>()?;
    m.add_class::<PyWordSet>()?;
    m.add_class::<PyChunkKinds>()?; // the typos line checks
    m.add_function(wrap_pyfunction!(infer_width, m)?)?;
    m.add_function(wrap_pyfunction!(ends_sentence, m)?)?;
    m.add_class::<PyMojibakeScanner>()?; // the mojibake cleaner's scan
    Ok(())
}
