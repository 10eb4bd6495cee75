//! multilingual-e5-small (a 12-layer BERT, XLM-R vocabulary) run in Rust on the 4-bit weights.

use std::path::Path;

use ndarray::{Array2, Axis, Slice};

use crate::error::Error;
use crate::format::{self, Config};
use crate::quant::{BLOCK_BYTES, QK, dequantize_row, round_activations};
use crate::tokenizer::Tokenizer;

/// The embedding size.
pub const DIM: usize = 384;
/// The prefix Vigie gives every text: e5 is trained with `query: ` for symmetric tasks
/// (classification, clustering), `passage: ` for documents to retrieve.
const PREFIX: &str = "query: ";
/// Tokens per forward pass before a batch is cut (bounded memory for long inputs).
const CHUNK_TOKENS: usize = 8192;

struct Layer {
    q: Array2<f32>,
    k: Array2<f32>,
    v: Array2<f32>,
    out: Array2<f32>,
    up: Array2<f32>,
    down: Array2<f32>,
    q_b: Vec<f32>,
    k_b: Vec<f32>,
    v_b: Vec<f32>,
    out_b: Vec<f32>,
    up_b: Vec<f32>,
    down_b: Vec<f32>,
    attn_ln: (Vec<f32>, Vec<f32>),
    out_ln: (Vec<f32>, Vec<f32>),
}

/// The sentence encoder. Built once ([`Encoder::load`]), shared by reference between threads.
pub struct Encoder {
    config: Config,
    tokenizer: Tokenizer,
    /// Word embeddings kept in 4 bits (250 037 rows); a row is dequantised when used.
    words: Vec<u8>,
    positions: Vec<f32>,
    token_type: Vec<f32>,
    emb_ln: (Vec<f32>, Vec<f32>),
    layers: Vec<Layer>,
}

impl std::fmt::Debug for Encoder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Encoder").field("config", &self.config).finish_non_exhaustive()
    }
}

impl Encoder {
    /// Loads `e5-small-q4.bin`.
    pub fn load(path: &Path) -> Result<Encoder, Error> {
        let bytes = std::fs::read(path).map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                Error::Missing { path: path.to_owned() }
            } else {
                Error::Io { path: path.to_owned(), source: e }
            }
        })?;
        Encoder::from_bytes(&bytes)
    }

    /// Builds the encoder from the bytes of the model file.
    pub fn from_bytes(bytes: &[u8]) -> Result<Encoder, Error> {
        let file = format::parse(bytes)?;
        let c = file.config;
        if c.hidden != DIM {
            return Err(Error::Format(format!("hidden size {} (expected {DIM})", c.hidden)));
        }
        let h = c.hidden;
        let matrix = |name: &str, rows: usize, cols: usize| -> Result<Array2<f32>, Error> {
            let raw = file.tensor(name, rows * cols, true)?;
            let mut m = Array2::<f32>::zeros((rows, cols));
            let row_bytes = cols / QK * BLOCK_BYTES;
            for (r, mut row) in m.rows_mut().into_iter().enumerate() {
                let out = row.as_slice_mut().expect("standard layout");
                dequantize_row(&raw[r * row_bytes..(r + 1) * row_bytes], out);
            }
            Ok(m)
        };
        let mut layers = Vec::with_capacity(c.layers);
        for l in 0..c.layers {
            let f = |s: &str, n: usize| file.floats(&format!("l{l}.{s}"), n);
            layers.push(Layer {
                q: matrix(&format!("l{l}.q.w"), h, h)?,
                k: matrix(&format!("l{l}.k.w"), h, h)?,
                v: matrix(&format!("l{l}.v.w"), h, h)?,
                out: matrix(&format!("l{l}.ao.w"), h, h)?,
                up: matrix(&format!("l{l}.fi.w"), c.ffn, h)?,
                down: matrix(&format!("l{l}.fo.w"), h, c.ffn)?,
                q_b: f("q.b", h)?,
                k_b: f("k.b", h)?,
                v_b: f("v.b", h)?,
                out_b: f("ao.b", h)?,
                up_b: f("fi.b", c.ffn)?,
                down_b: f("fo.b", h)?,
                attn_ln: (f("aln.w", h)?, f("aln.b", h)?),
                out_ln: (f("oln.w", h)?, f("oln.b", h)?),
            });
        }
        let words = file.tensor("emb.word", c.vocab * h, true)?.to_vec();
        let positions = file.floats("emb.pos", c.positions * h)?;
        let type_elems =
            file.tensors.iter().find(|t| t.name == "emb.type").map_or(h, |t| t.elements);
        let token_type = file.floats("emb.type", type_elems)?[..h].to_vec();
        let emb_ln = (file.floats("emb.ln.w", h)?, file.floats("emb.ln.b", h)?);
        Ok(Encoder {
            config: c,
            tokenizer: Tokenizer::new(file.tokenizer),
            words,
            positions,
            token_type,
            emb_ln,
            layers,
        })
    }

    /// Number of tokens the model reads for `text`, `<s>` and `</s>` included (before windows).
    pub fn token_count(&self, text: &str) -> usize {
        self.tokenizer.encode(&format!("{PREFIX}{text}")).len() + 2
    }

    /// The L2-normalised embedding of one text.
    pub fn embed(&self, text: &str) -> [f32; DIM] {
        self.embed_batch(&[text]).pop().expect("one text in, one vector out")
    }

    /// The L2-normalised embeddings of several texts (one forward pass per chunk of windows:
    /// the weights stream once for many tokens). A text longer than the model's 512 positions is
    /// cut into windows of 510 tokens; its vector is the token-weighted mean of the windows'.
    pub fn embed_batch(&self, texts: &[&str]) -> Vec<[f32; DIM]> {
        let window = self.config.positions - 2;
        // (text index, content ids of one window)
        let mut windows: Vec<(usize, Vec<u32>)> = Vec::new();
        for (i, text) in texts.iter().enumerate() {
            let ids = self.tokenizer.encode(&format!("{PREFIX}{text}"));
            if ids.is_empty() {
                windows.push((i, Vec::new()));
            }
            for chunk in ids.chunks(window) {
                windows.push((i, chunk.to_vec()));
            }
        }
        let mut sums = vec![[0.0f64; DIM]; texts.len()];
        let mut weights = vec![0.0f64; texts.len()];
        let mut start = 0;
        while start < windows.len() {
            let mut end = start;
            let mut tokens = 0;
            while end < windows.len()
                && (end == start || tokens + windows[end].1.len() + 2 <= CHUNK_TOKENS)
            {
                tokens += windows[end].1.len() + 2;
                end += 1;
            }
            let means = self.forward(&windows[start..end]);
            for ((i, ids), mean) in windows[start..end].iter().zip(means) {
                let w = ids.len().max(1) as f32;
                for (s, m) in sums[*i].iter_mut().zip(mean) {
                    *s += f64::from(w * m);
                }
                weights[*i] += f64::from(w);
            }
            start = end;
        }
        sums.iter()
            .zip(weights)
            .map(|(sum, w)| {
                let mut v = [0.0f32; DIM];
                let inv = if w > 0.0 { (1.0 / w) as f32 } else { 1.0 };
                for (o, s) in v.iter_mut().zip(sum) {
                    *o = (*s as f32) * inv;
                }
                let norm = v.iter().map(|x| x * x).sum::<f32>().max(1e-12).sqrt();
                for x in &mut v {
                    *x /= norm;
                }
                v
            })
            .collect()
    }

    /// Runs the encoder over several windows at once (tokens concatenated, attention within each
    /// window) and returns each window's mean-pooled hidden state.
    #[allow(clippy::many_single_char_names)] // h, t, x, q, k, v: the usual names of a transformer
    fn forward(&self, windows: &[(usize, Vec<u32>)]) -> Vec<[f32; DIM]> {
        let h = self.config.hidden;
        let mut segments = Vec::with_capacity(windows.len());
        let mut ids = Vec::new();
        let mut pos = Vec::new();
        for (_, content) in windows {
            let start = ids.len();
            ids.push(self.tokenizer.bos);
            ids.extend_from_slice(content);
            ids.push(self.tokenizer.eos);
            pos.extend(0..content.len() + 2);
            segments.push((start, ids.len()));
        }
        let t = ids.len();
        let row_bytes = h / QK * BLOCK_BYTES;
        let mut x = Array2::<f32>::zeros((t, h));
        for (r, (id, p)) in ids.iter().zip(&pos).enumerate() {
            let mut row = x.row_mut(r);
            let row = row.as_slice_mut().expect("standard layout");
            let id = (*id as usize).min(self.config.vocab - 1);
            dequantize_row(&self.words[id * row_bytes..(id + 1) * row_bytes], row);
            let pe = &self.positions[p * h..(p + 1) * h];
            for ((o, a), b) in row.iter_mut().zip(pe).zip(&self.token_type) {
                *o += a + b;
            }
        }
        layer_norm(&mut x, None, &self.emb_ln, self.config.eps);

        let heads = self.config.heads;
        let hd = h / heads;
        let scale = 1.0 / (hd as f32).sqrt();
        for layer in &self.layers {
            let mut xq = x.clone();
            round_rows(&mut xq);
            let q = linear(&xq, &layer.q, &layer.q_b);
            let k = linear(&xq, &layer.k, &layer.k_b);
            let v = linear(&xq, &layer.v, &layer.v_b);
            let mut ctx = Array2::<f32>::zeros((t, h));
            for &(s0, s1) in &segments {
                for head in 0..heads {
                    let rows = Slice::from(s0..s1);
                    let cols = Slice::from(head * hd..(head + 1) * hd);
                    let part = |m: &Array2<f32>| {
                        m.slice_axis(Axis(0), rows).slice_axis(Axis(1), cols).to_owned()
                    };
                    let (qh, kh, vh) = (part(&q), part(&k), part(&v));
                    let mut scores = qh.dot(&kh.t());
                    for mut row in scores.rows_mut() {
                        let max = row.iter().fold(f32::NEG_INFINITY, |m, v| m.max(v * scale));
                        let mut sum = 0.0;
                        for v in &mut row {
                            let e = (*v * scale - max).exp();
                            *v = e;
                            sum += e;
                        }
                        row.mapv_inplace(|e| e / sum);
                    }
                    let out = scores.dot(&vh);
                    ctx.slice_axis_mut(Axis(0), rows).slice_axis_mut(Axis(1), cols).assign(&out);
                }
            }
            round_rows(&mut ctx);
            let attn = linear(&ctx, &layer.out, &layer.out_b);
            layer_norm(&mut x, Some(&attn), &layer.attn_ln, self.config.eps);
            let mut xq = x.clone();
            round_rows(&mut xq);
            let mut mid = linear(&xq, &layer.up, &layer.up_b);
            mid.mapv_inplace(gelu);
            round_rows(&mut mid);
            let down = linear(&mid, &layer.down, &layer.down_b);
            layer_norm(&mut x, Some(&down), &layer.out_ln, self.config.eps);
        }
        segments
            .iter()
            .map(|&(s0, s1)| {
                let mean = x
                    .slice_axis(Axis(0), Slice::from(s0..s1))
                    .mean_axis(Axis(0))
                    .expect("non-empty window");
                let mut out = [0.0f32; DIM];
                out.copy_from_slice(mean.as_slice().expect("contiguous"));
                out
            })
            .collect()
    }
}

/// `x · wᵀ + b`, `w` stored as [out, in].
fn linear(x: &Array2<f32>, w: &Array2<f32>, b: &[f32]) -> Array2<f32> {
    let mut y = x.dot(&w.t());
    for mut row in y.rows_mut() {
        for (o, bias) in row.iter_mut().zip(b) {
            *o += bias;
        }
    }
    y
}

fn round_rows(x: &mut Array2<f32>) {
    round_activations(x.as_slice_mut().expect("standard layout"));
}

/// `x ← LayerNorm(x + y)` row by row.
#[allow(clippy::many_single_char_names)]
fn layer_norm(
    x: &mut Array2<f32>,
    y: Option<&Array2<f32>>,
    (w, b): &(Vec<f32>, Vec<f32>),
    eps: f32,
) {
    let h = x.ncols() as f32;
    for (r, mut row) in x.rows_mut().into_iter().enumerate() {
        if let Some(y) = y {
            row += &y.row(r);
        }
        let mean = row.sum() / h;
        let var = row.iter().map(|v| (v - mean) * (v - mean)).sum::<f32>() / h;
        let inv = 1.0 / (var + eps).sqrt();
        for ((v, w), b) in row.iter_mut().zip(w).zip(b) {
            *v = (*v - mean) * inv * w + b;
        }
    }
}

fn gelu(x: f32) -> f32 {
    0.5 * x * (1.0 + libm::erff(x * std::f32::consts::FRAC_1_SQRT_2))
}
