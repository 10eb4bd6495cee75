//! Labelled conversations (`segment`, `label` CSV) and the options of a training.

use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, bail};
use vigie_detect::Detector;
use vigie_learn::{Example, FeatureSpec, Provenance, TrainOptions, Weighting};

use crate::Common;

/// Labelled conversations read from a CSV file.
pub(crate) struct Labelled {
    /// File name (no directory), as recorded in a model.
    pub name: String,
    /// SHA-256 of the file, hex.
    pub sha256: String,
    /// The file's bytes (hashed into a model's provenance).
    pub bytes: Vec<u8>,
    pub texts: Vec<String>,
    pub labels: Vec<bool>,
    /// Rows skipped, one message each (`file:line: field X: reason`).
    pub rejected: Vec<String>,
}

/// Reads `segment` and `label` (0 or 1) from a CSV with a header; other columns are ignored,
/// bad rows are reported and skipped.
pub(crate) fn read_labelled(path: &Path) -> Result<Labelled> {
    let bytes =
        std::fs::read(path).with_context(|| format!("impossible de lire {}", path.display()))?;
    let shown = path.display().to_string();
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(bytes.as_slice());
    let headers =
        reader.headers().with_context(|| format!("{shown}: en-tête CSV illisible"))?.clone();
    let col = |name: &str| headers.iter().position(|h| h.trim() == name);
    let (Some(seg), Some(lab)) = (col("segment"), col("label")) else {
        bail!(
            "{shown}: colonnes `segment` et `label` requises\nhint: une ligne d'en-tête `segment,label` puis une conversation par ligne, label 0 ou 1"
        );
    };
    let mut out = Labelled {
        name: path.file_name().map_or_else(|| shown.clone(), |n| n.to_string_lossy().into_owned()),
        sha256: Provenance::of_data("", &bytes, 0).sha256_hex(),
        bytes: Vec::new(),
        texts: Vec::new(),
        labels: Vec::new(),
        rejected: Vec::new(),
    };
    let mut record = csv::StringRecord::new();
    loop {
        let line = reader.position().line() + 1;
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let line = e.position().map_or(line, csv::Position::line);
                let reason = match e.kind() {
                    csv::ErrorKind::Utf8 { .. } => "invalid UTF-8".to_owned(),
                    _ => "unreadable CSV record".to_owned(),
                };
                out.rejected.push(format!("{shown}:{line}: {reason}"));
                if matches!(e.kind(), csv::ErrorKind::Io(_)) {
                    break;
                }
                continue;
            }
        }
        let line = record.position().map_or(line, csv::Position::line);
        let label = match record.get(lab).map(str::trim) {
            Some("1") => true,
            Some("0") => false,
            Some(_) => {
                out.rejected.push(format!("{shown}:{line}: field label: expected 0 or 1"));
                continue;
            }
            None => {
                out.rejected.push(format!("{shown}:{line}: field label: missing"));
                continue;
            }
        };
        match record.get(seg) {
            Some(t) if !t.trim().is_empty() => {
                out.texts.push(t.to_owned());
                out.labels.push(label);
            }
            _ => out.rejected.push(format!("{shown}:{line}: field segment: empty")),
        }
    }
    out.bytes = bytes;
    if out.texts.is_empty() {
        bail!("{shown}: aucune conversation lisible");
    }
    Ok(out)
}

/// `--weighting`.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum WeightingArg {
    /// Chosen by the inner cross-validation.
    Auto,
    /// Plain values.
    Plain,
    /// Naive-Bayes log-count ratios.
    Nb,
}

/// Options of the model (training and cross-validation).
#[derive(clap::Args, Clone, Debug)]
pub(crate) struct ModelArgs {
    /// Graine (plis, mélanges) ; la même graine redonne le même modèle, octet pour octet.
    #[arg(long, default_value_t = vigie_learn::shipped::GROOMING_EN_SEED)]
    pub seed: u64,
    /// Ajoute les codes des règles déclenchées (`rule:CODE`) aux n-grammes.
    #[arg(long)]
    pub rule_features: bool,
    /// Valeurs candidates de λ (régularisation L2), choisies par validation croisée interne.
    #[arg(long = "lambda", value_delimiter = ',')]
    pub lambdas: Vec<f64>,
    /// Pondération des n-grammes : `auto` (la validation croisée interne choisit entre les deux),
    /// `plain` (valeurs brutes) ou `nb` (rapport naïf-bayésien, NBSVM).
    #[arg(long, value_enum, default_value_t = WeightingArg::Auto)]
    pub weighting: WeightingArg,
    /// Nombre de seaux du hachage, en puissance de 2 (10 à 24).
    #[arg(long, default_value_t = FeatureSpec::DEFAULT.buckets_log2)]
    pub buckets_log2: u8,
    /// Plus long n-gramme de mots (0 à 3).
    #[arg(long, default_value_t = FeatureSpec::DEFAULT.word_max)]
    pub word_max: u8,
    /// Plus court n-gramme de caractères (0 : aucun).
    #[arg(long, default_value_t = FeatureSpec::DEFAULT.char_min)]
    pub char_min: u8,
    /// Plus long n-gramme de caractères.
    #[arg(long, default_value_t = FeatureSpec::DEFAULT.char_max)]
    pub char_max: u8,
}

impl ModelArgs {
    pub(crate) fn options(&self) -> Result<TrainOptions> {
        let mut opts = TrainOptions::grooming(self.seed);
        opts.spec = FeatureSpec {
            buckets_log2: self.buckets_log2,
            word_max: self.word_max,
            char_min: self.char_min,
            char_max: self.char_max,
        };
        if !opts.spec.is_valid() {
            bail!("n-grammes ou seaux hors limites (seaux 10–24, mots 0–3, caractères 1–8)");
        }
        if !self.lambdas.is_empty() {
            if self.lambdas.iter().any(|l| !(l.is_finite() && *l > 0.0)) {
                bail!("λ doit être un nombre positif");
            }
            opts.lambdas.clone_from(&self.lambdas);
        }
        opts.extra_features = self.rule_features;
        opts.weightings = match self.weighting {
            WeightingArg::Auto => opts.weightings,
            WeightingArg::Plain => vec![Weighting::Plain],
            WeightingArg::Nb => vec![Weighting::NaiveBayes],
        };
        Ok(opts)
    }
}

/// Computes the extra features (`rule:CODE`, sorted, unique) of texts when asked to.
pub(crate) struct Extras {
    detector: Option<Detector>,
}

impl Extras {
    pub(crate) fn new(enabled: bool, common: &Common) -> Result<Extras> {
        Ok(Extras {
            detector: if enabled { Some(crate::rules_cmd::load_detector(common)?) } else { None },
        })
    }

    pub(crate) fn of(&self, text: &str) -> Vec<String> {
        let Some(d) = &self.detector else { return Vec::new() };
        let (signals, _) = d.scanner().signals(text);
        let mut codes: Vec<String> =
            signals.into_iter().map(|s| format!("rule:{}", s.code)).collect();
        codes.sort();
        codes.dedup();
        codes
    }
}

/// Featurises every text, calling `tick` after each.
pub(crate) fn examples(
    data: &Labelled,
    spec: FeatureSpec,
    extras: &Extras,
    tick: &dyn Fn(),
) -> Vec<Example> {
    data.texts
        .iter()
        .zip(&data.labels)
        .map(|(t, &l)| {
            let ex = extras.of(t);
            let refs: Vec<&str> = ex.iter().map(String::as_str).collect();
            tick();
            Example::new(t, &refs, l, spec)
        })
        .collect()
}

/// Default output path of `vigie train grooming`.
pub(crate) fn default_model_path() -> PathBuf {
    PathBuf::from("grooming-en.vgm")
}
