//! `vigie eval grooming`: stratified cross-validation, or the shipped model on a labelled file.

use std::path::Path;
use std::process::ExitCode;

use anyhow::{Result, bail};
use vigie_learn::metrics::{
    Confusion, PrefixSummary, first_alert_share, roc_auc, stratified_folds,
};
use vigie_learn::{Model, Provenance, Weighting, shipped};

use super::EvalFormat;
use super::data::{Extras, Labelled, ModelArgs, examples, read_labelled};
use super::report;
use crate::Common;
use crate::train_cmd::bar;

/// Prefix evaluation steps: 5 %, 10 %, … 100 % of each positive conversation.
pub(crate) const PREFIX_STEPS: usize = 20;

/// One cross-validation fold.
pub(crate) struct Fold {
    pub n: usize,
    pub positives: usize,
    pub lambda: f64,
    pub weighting: Weighting,
    pub threshold: f64,
}

/// What was evaluated and how.
pub(crate) enum Mode {
    /// Stratified K-fold cross-validation.
    Cv { k: usize, seed: u64, folds: Vec<Fold> },
    /// The shipped model; `on_training_data` when the file is the one it was trained on.
    Shipped { threshold: f64, on_training_data: bool, trained_on: String },
}

/// The figures of an evaluation.
pub(crate) struct Outcome {
    pub data_name: String,
    pub sha256: String,
    pub rejected: usize,
    pub mode: Mode,
    pub confusion: Confusion,
    pub auc: Option<f64>,
    pub prefix: PrefixSummary,
    pub rule_features: bool,
}

pub(crate) fn run(
    path: &Path,
    cv: Option<usize>,
    format: EvalFormat,
    args: &ModelArgs,
    common: &Common,
) -> Result<ExitCode> {
    let data = read_labelled(path)?;
    for r in &data.rejected {
        eprintln!("{r}");
    }
    let outcome = match cv {
        Some(k) => cross_validate(&data, k, args, common)?,
        None => shipped_model(&data, common)?,
    };
    let out = match format {
        EvalFormat::Text => report::text(&outcome, common.lang),
        EvalFormat::Json => serde_json::to_string_pretty(&report::json(&outcome))? + "\n",
    };
    crate::output::write_stdout(out.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

fn cross_validate(data: &Labelled, k: usize, args: &ModelArgs, common: &Common) -> Result<Outcome> {
    let positives = data.labels.iter().filter(|&&l| l).count();
    if k < 2 || k > positives || k > data.labels.len() - positives {
        bail!(
            "--cv {k} : il faut 2 plis au moins, et au moins autant de positives et de négatives que de plis ({positives} positives, {} négatives)",
            data.labels.len() - positives
        );
    }
    let opts = args.options()?;
    let extras = Extras::new(args.rule_features, common)?;
    let progress = bar(data.texts.len() as u64, "features");
    let set = examples(data, opts.spec, &extras, &|| progress.inc(1));
    progress.reset();
    progress.set_length((k * opts.fits()) as u64);
    progress.set_message("fits");
    let fold_of = stratified_folds(&data.labels, k, opts.seed);
    let mut probs = vec![0.0; set.len()];
    let mut alerts = vec![false; set.len()];
    let mut shares = Vec::new();
    let mut folds = Vec::new();
    for f in 0..k {
        let train: Vec<usize> = (0..set.len()).filter(|&i| fold_of[i] != f).collect();
        let test: Vec<usize> = (0..set.len()).filter(|&i| fold_of[i] == f).collect();
        let provenance = Provenance::of_data(&data.name, &data.bytes, opts.seed);
        let model =
            vigie_learn::train(&set, Some(&train), &opts, provenance, &mut || progress.inc(1));
        for &i in &test {
            let (p, _, alert) = model.score_vector(&set[i].vector);
            probs[i] = p;
            alerts[i] = alert;
            if data.labels[i] {
                shares.push(first_alert(&model, &data.texts[i], &extras));
            }
        }
        folds.push(Fold {
            n: test.len(),
            positives: test.iter().filter(|&&i| data.labels[i]).count(),
            lambda: model.lambda(),
            weighting: model.weighting(),
            threshold: model.threshold(),
        });
    }
    progress.finish_and_clear();
    Ok(outcome(
        data,
        Mode::Cv { k, seed: opts.seed, folds },
        &probs,
        &alerts,
        &shares,
        args.rule_features,
    ))
}

fn shipped_model(data: &Labelled, common: &Common) -> Result<Outcome> {
    let model = shipped::grooming_en();
    let on_training_data = model.provenance().sha256_hex() == data.sha256;
    if on_training_data {
        eprintln!(
            "ATTENTION : {} est le fichier sur lequel le modèle livré a été entraîné (même sha256) : ces chiffres sont des chiffres d'entraînement, pas une évaluation.\nhint: vigie eval grooming --data {} --cv 5",
            data.name, data.name
        );
    }
    let extras = Extras::new(model.uses_extra_features(), common)?;
    let progress = bar(data.texts.len() as u64, "conversations");
    let set = examples(data, model.spec(), &extras, &|| {});
    let mut probs = Vec::with_capacity(set.len());
    let mut alerts = Vec::with_capacity(set.len());
    let mut shares = Vec::new();
    for (i, ex) in set.iter().enumerate() {
        let (p, _, alert) = model.score_vector(&ex.vector);
        probs.push(p);
        alerts.push(alert);
        if ex.label {
            shares.push(first_alert(model, &data.texts[i], &extras));
        }
        progress.inc(1);
    }
    progress.finish_and_clear();
    let mode = Mode::Shipped {
        threshold: model.threshold(),
        on_training_data,
        trained_on: format!(
            "{} (sha256 {})",
            model.provenance().data_name,
            model.provenance().sha256_hex()
        ),
    };
    Ok(outcome(data, mode, &probs, &alerts, &shares, model.uses_extra_features()))
}

fn first_alert(model: &Model, text: &str, extras: &Extras) -> Option<f64> {
    first_alert_share(text, PREFIX_STEPS, |prefix| {
        let ex = extras.of(prefix);
        let refs: Vec<&str> = ex.iter().map(String::as_str).collect();
        model.score_normalized(&vigie_text::normalize(prefix), &refs, 0).alert
    })
}

fn outcome(
    data: &Labelled,
    mode: Mode,
    probs: &[f64],
    alerts: &[bool],
    shares: &[Option<f64>],
    rule_features: bool,
) -> Outcome {
    let scored: Vec<(f64, bool)> = probs.iter().copied().zip(data.labels.iter().copied()).collect();
    Outcome {
        data_name: data.name.clone(),
        sha256: data.sha256.clone(),
        rejected: data.rejected.len(),
        mode,
        confusion: Confusion::from_pairs(data.labels.iter().copied().zip(alerts.iter().copied())),
        auc: roc_auc(&scored),
        prefix: PrefixSummary::from_shares(shares),
        rule_features,
    }
}
