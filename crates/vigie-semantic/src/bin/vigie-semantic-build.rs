//! Builds the semantic layer's heads once the weights are fetched (`scripts/semantic/fetch.py`
//! runs it): encodes the development corpus and a sample of benign French texts, trains the
//! heads, calibrates their threshold, and writes `heads.json`, `training.json` and `training.f32`
//! beside the weights.
//!
//! Usage: `vigie-semantic-build [--corpus eval/fr] [--benign ../shared/data] [--dir DIR]`
//!
//! Corpus files read (development only; `heldout.jsonl` is never read): `quotes-a.jsonl`,
//! `quotes-b.jsonl`, `benign.jsonl`, `heldout-seen.jsonl`. Written variants are not used.
//! Benign texts: up to 750 per data set (`mlma-fr`, `omdena-fr-toxic`, `cyberagressionado-large`,
//! `cyberagressionado-v1`), every other one a negative, the others kept apart for the threshold.
//! Only their vectors are stored, never their text.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use serde::Deserialize;
use vigie_model::Category;
use vigie_semantic::{
    DIM, Encoder, Example, HEADS_FILE, MODEL_FILE, Training, TrainingSet, default_dir,
};

const CORPUS_FILES: [&str; 4] =
    ["quotes-a.jsonl", "quotes-b.jsonl", "benign.jsonl", "heldout-seen.jsonl"];
const PER_SET: usize = 750;

#[derive(Deserialize)]
struct Raw {
    id: String,
    text: String,
    source_id: String,
    #[serde(default)]
    date: Option<String>,
    #[serde(default)]
    speaker: Option<String>,
    #[serde(default)]
    expected: Vec<String>,
    #[serde(default)]
    variant: Option<bool>,
}

fn corpus(dir: &Path) -> Result<Vec<Example>, String> {
    let mut out = Vec::new();
    for name in CORPUS_FILES {
        let path = dir.join(name);
        let text =
            std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        for (i, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
            let raw: Raw = match serde_json::from_str(line) {
                Ok(r) => r,
                Err(e) => {
                    eprintln!("{}:{}: JSON invalide : {e}", path.display(), i + 1);
                    continue;
                }
            };
            if raw.variant == Some(true) {
                continue;
            }
            let categories: Option<Vec<Category>> =
                raw.expected.iter().map(|c| Category::parse(c)).collect();
            let Some(categories) = categories else {
                eprintln!("{}:{}: champ expected : catégorie inconnue", path.display(), i + 1);
                continue;
            };
            out.push(Example {
                id: raw.id,
                text: raw.text,
                source_id: raw.source_id,
                date: raw.date,
                speaker: raw.speaker.unwrap_or_default(),
                categories,
            });
        }
    }
    Ok(out)
}

fn csv_texts(path: &Path, column: &str) -> Result<Vec<String>, String> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_path(path)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    let headers = reader.headers().map_err(|e| format!("{}: {e}", path.display()))?.clone();
    let col = headers
        .iter()
        .position(|h| h.trim() == column)
        .ok_or_else(|| format!("{}: no column {column}", path.display()))?;
    Ok(reader
        .records()
        .filter_map(Result::ok)
        .filter_map(|r| r.get(col).map(|t| t.trim().to_owned()))
        .filter(|t| !t.is_empty())
        .collect())
}

/// Up to `PER_SET` texts of one data set, de-duplicated, evenly spaced (deterministic).
fn sample(mut texts: Vec<String>) -> Vec<String> {
    let mut seen = BTreeSet::new();
    texts.retain(|t| seen.insert(t.clone()));
    let step = texts.len().div_ceil(PER_SET).max(1);
    texts.into_iter().step_by(step).take(PER_SET).collect()
}

fn benign_sets(data: &Path) -> Result<Vec<(String, Vec<String>)>, String> {
    let mut sets = vec![
        ("mlma-fr".to_owned(), sample(csv_texts(&data.join("mlma-fr/fr_dataset.csv"), "tweet")?)),
        (
            "omdena-fr-toxic".to_owned(),
            sample(csv_texts(
                &data.join("omdena-fr-toxic/twitter_instagram_annotated.csv"),
                "Text",
            )?),
        ),
        (
            "cyberagressionado-large".to_owned(),
            sample(csv_texts(
                &data.join("cyberagressionado-large/messages_majority_vote.csv"),
                "text",
            )?),
        ),
    ];
    let dir = data.join("cyberagressionado-v1/scenarii");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "csv"))
        .collect();
    files.sort();
    let mut v1 = Vec::new();
    for f in files {
        v1.extend(csv_texts(&f, "TEXT")?);
    }
    sets.push(("cyberagressionado-v1".to_owned(), sample(v1)));
    Ok(sets)
}

fn run() -> Result<(), String> {
    let mut corpus_dir = PathBuf::from("eval/fr");
    let mut data = PathBuf::from("../shared/data");
    let mut dir = default_dir();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut value = || args.next().map(PathBuf::from).ok_or(format!("{a}: value expected"));
        match a.as_str() {
            "--corpus" => corpus_dir = value()?,
            "--benign" => data = value()?,
            "--dir" => dir = value()?,
            _ => return Err(format!("unknown argument {a}")),
        }
    }
    let t = Instant::now();
    let encoder = Encoder::load(&dir.join(MODEL_FILE)).map_err(|e| e.to_string())?;
    eprintln!("encoder loaded in {:.2} s", t.elapsed().as_secs_f64());
    let examples = corpus(&corpus_dir)?;
    let sets = benign_sets(&data)?;
    let (mut train, mut calibration) = (Vec::new(), Vec::new());
    for (_, texts) in &sets {
        for (i, t) in texts.iter().enumerate() {
            if i % 2 == 0 { train.push(t.as_str()) } else { calibration.push(t.as_str()) }
        }
    }
    let t = Instant::now();
    let embed = |texts: &[&str]| -> Vec<[f32; DIM]> {
        texts.chunks(32).flat_map(|c| encoder.embed_batch(c)).collect()
    };
    let texts: Vec<&str> = examples.iter().map(|e| e.text.as_str()).collect();
    let example_vectors = embed(&texts);
    let benign_train = embed(&train);
    let benign_calibration = embed(&calibration);
    let n = texts.len() + train.len() + calibration.len();
    eprintln!("{n} texts encoded in {:.1} s", t.elapsed().as_secs_f64());
    let set = TrainingSet {
        training: Training {
            examples,
            benign_train: benign_train.len(),
            benign_calibration: benign_calibration.len(),
            benign_sets: sets.iter().map(|(n, t)| (n.clone(), t.len())).collect(),
        },
        example_vectors,
        benign_train,
        benign_calibration,
    };
    let heads = set.heads(None);
    set.save(&dir).map_err(|e| e.to_string())?;
    let json = serde_json::to_vec_pretty(&heads).expect("serialisable");
    std::fs::write(dir.join(HEADS_FILE), json).map_err(|e| format!("{}: {e}", dir.display()))?;
    eprintln!(
        "{} heads, threshold {:.4}, written to {}",
        heads.heads.len(),
        heads.threshold,
        dir.display()
    );
    for h in &heads.heads {
        eprintln!("  {:<26} {} positives", h.category.as_str(), h.positives);
    }
    Ok(())
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}
