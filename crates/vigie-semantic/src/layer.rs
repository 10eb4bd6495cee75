//! The semantic layer: sentences encoded, heads applied, nearest real examples as evidence.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use vigie_model::Category;

use crate::encoder::{DIM, Encoder};
use crate::error::Error;
use crate::heads::{Heads, TrainOptions};
use crate::sentences::sentences;

/// Heads file in the weights directory (written by `vigie-semantic-build`).
pub const HEADS_FILE: &str = "heads.json";
/// Training description (corpus items, benign counts) in the weights directory.
pub const TRAINING_FILE: &str = "training.json";
/// Embeddings of the training items then of the benign texts (f32, little-endian).
pub const TRAINING_VECTORS: &str = "training.f32";
/// Share of benign French texts allowed a semantic-only category.
pub const MAX_BENIGN_SHARE: f64 = 0.01;
/// Groups of sources for leave-source-out training.
pub const FOLDS: u64 = 10;

/// A real example of the corpus, kept to explain a semantic signal.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Example {
    /// Corpus id (`qa-0012`).
    pub id: String,
    /// The quote.
    pub text: String,
    /// Source document key.
    pub source_id: String,
    /// Publication date, as given (`2024-02`).
    pub date: Option<String>,
    /// Who speaks (`victim`, `news`…).
    pub speaker: String,
    /// Categories a careful reader gave it (empty for a benign look-alike).
    pub categories: Vec<Category>,
}

/// What the heads were trained on.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Training {
    /// The corpus items, in vector order.
    pub examples: Vec<Example>,
    /// Benign French texts used as negatives (their vectors follow the examples'; no text kept).
    pub benign_train: usize,
    /// Benign French texts kept apart to calibrate the threshold (after the negatives).
    pub benign_calibration: usize,
    /// Where the benign texts came from (data set names and counts).
    pub benign_sets: Vec<(String, usize)>,
}

/// Training data with its vectors.
pub struct TrainingSet {
    /// Description.
    pub training: Training,
    /// One vector per example.
    pub example_vectors: Vec<[f32; DIM]>,
    /// Negatives.
    pub benign_train: Vec<[f32; DIM]>,
    /// Calibration texts.
    pub benign_calibration: Vec<[f32; DIM]>,
}

/// The leave-source-out group of a source (FNV-1a of its key, modulo [`FOLDS`]).
pub fn fold_of(source_id: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in source_id.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h % FOLDS
}

impl TrainingSet {
    /// Heads trained on every example whose source is not in group `skip` (all when `None`),
    /// plus the benign negatives, calibrated on the benign texts kept apart.
    pub fn heads(&self, skip: Option<u64>) -> Heads {
        let mut ex: Vec<(&[f32; DIM], &[Category])> = Vec::new();
        for (e, v) in self.training.examples.iter().zip(&self.example_vectors) {
            if skip.is_none_or(|f| fold_of(&e.source_id) != f) {
                ex.push((v, &e.categories));
            }
        }
        ex.extend(self.benign_train.iter().map(|v| (v, &[][..])));
        let mut heads = Heads::train(&ex, TrainOptions::default());
        heads.calibrate(&self.benign_calibration, MAX_BENIGN_SHARE);
        heads
    }

    /// Writes `training.json` and `training.f32` into `dir`.
    pub fn save(&self, dir: &Path) -> Result<(), Error> {
        let json = serde_json::to_vec_pretty(&self.training).expect("serialisable");
        write(&dir.join(TRAINING_FILE), &json)?;
        let mut bytes = Vec::new();
        for v in
            self.example_vectors.iter().chain(&self.benign_train).chain(&self.benign_calibration)
        {
            for x in v {
                bytes.extend_from_slice(&x.to_le_bytes());
            }
        }
        write(&dir.join(TRAINING_VECTORS), &bytes)
    }

    /// Reads `training.json` and `training.f32` from `dir`.
    pub fn load(dir: &Path) -> Result<TrainingSet, Error> {
        let path = dir.join(TRAINING_FILE);
        let training: Training = serde_json::from_slice(&read(&path)?)
            .map_err(|e| Error::Data { path: path.clone(), reason: e.to_string() })?;
        let vpath = dir.join(TRAINING_VECTORS);
        let bytes = read(&vpath)?;
        let n = training.examples.len() + training.benign_train + training.benign_calibration;
        if bytes.len() != n * DIM * 4 {
            return Err(Error::Data {
                path: vpath,
                reason: format!("{} bytes, expected {} vectors", bytes.len(), n),
            });
        }
        let mut vectors: Vec<[f32; DIM]> = bytes
            .chunks_exact(DIM * 4)
            .map(|c| {
                let mut v = [0.0f32; DIM];
                for (o, b) in v.iter_mut().zip(c.chunks_exact(4)) {
                    *o = f32::from_le_bytes(b.try_into().expect("4 bytes"));
                }
                v
            })
            .collect();
        let benign_calibration = vectors.split_off(n - training.benign_calibration);
        let benign_train = vectors.split_off(training.examples.len());
        Ok(TrainingSet { training, example_vectors: vectors, benign_train, benign_calibration })
    }
}

fn read(path: &Path) -> Result<Vec<u8>, Error> {
    std::fs::read(path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            Error::Missing { path: path.to_owned() }
        } else {
            Error::Io { path: path.to_owned(), source: e }
        }
    })
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    std::fs::write(path, bytes).map_err(|e| Error::Io { path: path.to_owned(), source: e })
}

/// A real example close to a sentence.
#[derive(Debug, Clone, Serialize)]
pub struct Neighbour {
    /// The example.
    pub example: Example,
    /// Cosine similarity with the sentence.
    pub similarity: f32,
}

/// A category the heads give a sentence.
#[derive(Debug, Clone, Serialize)]
pub struct SemanticSignal {
    /// Byte span of the sentence in the original text.
    pub span: (usize, usize),
    /// The category.
    pub category: Category,
    /// The head's probability.
    pub probability: f32,
    /// The closest real examples of that category (two or three).
    pub nearest: Vec<Neighbour>,
}

/// The loaded layer: encoder, heads, examples for explanations.
pub struct Semantic {
    /// The sentence encoder.
    pub encoder: Encoder,
    /// Heads trained on the whole development corpus.
    pub heads: Heads,
    examples: Vec<Example>,
    example_vectors: Vec<[f32; DIM]>,
    /// The directory the layer was loaded from.
    pub dir: PathBuf,
}

impl std::fmt::Debug for Semantic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Semantic").field("dir", &self.dir).finish_non_exhaustive()
    }
}

impl Semantic {
    /// Loads the encoder, the heads and the examples from `dir`.
    pub fn load(dir: &Path) -> Result<Semantic, Error> {
        let encoder = Encoder::load(&dir.join(crate::MODEL_FILE))?;
        let path = dir.join(HEADS_FILE);
        let heads: Heads = serde_json::from_slice(&read(&path)?)
            .map_err(|e| Error::Data { path: path.clone(), reason: e.to_string() })?;
        let set = TrainingSet::load(dir)?;
        let (examples, example_vectors): (Vec<_>, Vec<_>) = set
            .training
            .examples
            .into_iter()
            .zip(set.example_vectors)
            .filter(|(e, _)| !e.categories.is_empty())
            .unzip();
        Ok(Semantic { encoder, heads, examples, example_vectors, dir: dir.to_owned() })
    }

    /// The semantic signals of `text` for categories not in `known` (those the rules found):
    /// for each category, the sentence with the highest probability at or above the threshold.
    pub fn signals(&self, text: &str, known: &BTreeSet<Category>) -> Vec<SemanticSignal> {
        let spans = sentences(text);
        if spans.is_empty() {
            return Vec::new();
        }
        let parts: Vec<&str> = spans.iter().map(|&(a, b)| &text[a..b]).collect();
        let vectors = self.encoder.embed_batch(&parts);
        self.signals_from(&spans, &vectors, &self.heads, known)
    }

    /// Like [`Semantic::signals`], on sentences already encoded, with the given heads.
    pub fn signals_from(
        &self,
        spans: &[(usize, usize)],
        vectors: &[[f32; DIM]],
        heads: &Heads,
        known: &BTreeSet<Category>,
    ) -> Vec<SemanticSignal> {
        let mut best: BTreeMap<Category, (f32, usize)> = BTreeMap::new();
        for (i, v) in vectors.iter().enumerate() {
            for (c, p) in heads.probabilities(v) {
                if p >= heads.threshold
                    && !known.contains(&c)
                    && best.get(&c).is_none_or(|b| p > b.0)
                {
                    best.insert(c, (p, i));
                }
            }
        }
        best.into_iter()
            .map(|(category, (probability, i))| SemanticSignal {
                span: spans[i],
                category,
                probability,
                nearest: self.nearest(&vectors[i], category, 3),
            })
            .collect()
    }

    /// The `k` examples of `category` closest to `v`, one per source.
    pub fn nearest(&self, v: &[f32; DIM], category: Category, k: usize) -> Vec<Neighbour> {
        let mut scored: Vec<(f32, usize)> = self
            .examples
            .iter()
            .zip(&self.example_vectors)
            .enumerate()
            .filter(|(_, (e, _))| e.categories.contains(&category))
            .map(|(i, (_, ev))| (ev.iter().zip(v).map(|(a, b)| a * b).sum::<f32>(), i))
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        let mut seen = BTreeSet::new();
        scored
            .into_iter()
            .filter(|(_, i)| seen.insert(self.examples[*i].source_id.clone()))
            .take(k)
            .map(|(similarity, i)| Neighbour { example: self.examples[i].clone(), similarity })
            .collect()
    }
}
