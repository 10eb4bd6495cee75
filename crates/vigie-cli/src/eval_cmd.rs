//! `vigie eval grooming|fp`: honest figures on labelled data, beside the published results.

pub(crate) mod data;
mod fp;
mod grooming;
mod identifiers;
mod report;
mod rules;

use std::path::PathBuf;
use std::process::ExitCode;

use crate::Common;
use crate::input::InputArgs;

/// Output format of `vigie eval`.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum EvalFormat {
    /// Report for people.
    Text,
    /// One JSON object.
    Json,
}

/// Evaluations.
#[derive(clap::Subcommand)]
pub(crate) enum EvalCmd {
    /// Détection du grooming sur des conversations étiquetées (colonnes `segment`, `label`).
    ///
    /// Avec --cv K : validation croisée stratifiée en K plis (chaque pli est évalué par un modèle
    /// entraîné sur les autres). Sans : évaluation du modèle livré.
    Grooming {
        /// Fichier CSV (colonnes `segment`, `label` 0 ou 1 ; les autres sont ignorées).
        #[arg(long)]
        data: PathBuf,
        /// Validation croisée stratifiée en K plis (K ≥ 2).
        #[arg(long, value_name = "K")]
        cv: Option<usize>,
        /// text ou json.
        #[arg(long, value_enum, default_value_t = EvalFormat::Text)]
        format: EvalFormat,
        #[command(flatten)]
        model: data::ModelArgs,
        #[command(flatten)]
        common: Common,
    },
    /// Règles mesurées sur un corpus étiqueté de textes réels (eval/fr/*.jsonl) : précision,
    /// rappel et F1 par catégorie, catégories interdites, risque × niveau, écarts par élément, et
    /// rappel en laissant de côté la source de chaque élément. Les variantes écrites (fichiers
    /// `variants*.jsonl` ou `"variant": true`) sont comptées à part.
    Rules {
        /// Fichiers JSONL du corpus (un élément par ligne, voir eval/fr/SOURCE.md).
        #[arg(long, required = true, num_args = 1..)]
        data: Vec<PathBuf>,
        /// text ou json.
        #[arg(long, value_enum, default_value_t = EvalFormat::Text)]
        format: EvalFormat,
        /// Ajoute la couche sémantique et montre les deux côte à côte (poids : scripts/semantic/fetch.py).
        #[arg(long)]
        semantic: bool,
        #[command(flatten)]
        common: Common,
    },
    /// Identifiants déguisés : un générateur à graine écrit téléphones, pseudos, e-mails, URL,
    /// prix, âges et lieux sous 0 à 3 déguisements composés ; rappel par type, profondeur et
    /// famille, et précision sur des textes sans identifiant (dates, notes, scores, clubs…).
    Identifiers {
        /// Graine du générateur (la même graine donne les mêmes textes).
        #[arg(long, default_value_t = 2026)]
        seed: u64,
        /// Cas par type d'identifiant, un quart à chaque profondeur (0 à 3) ; n/4 négatifs.
        #[arg(long, default_value_t = 10_000)]
        n: usize,
        /// text ou json.
        #[arg(long, value_enum, default_value_t = EvalFormat::Text)]
        format: EvalFormat,
    },
    /// Faux positifs du moteur de règles sur des textes bénins : part des textes par niveau.
    Fp {
        /// Fichier CSV, JSONL ou texte de textes bénins.
        #[arg(long)]
        data: String,
        /// text ou json.
        #[arg(long, value_enum, default_value_t = EvalFormat::Text)]
        format: EvalFormat,
        #[command(flatten)]
        input: InputArgs,
        #[command(flatten)]
        common: Common,
    },
}

pub(crate) fn run(cmd: &EvalCmd) -> anyhow::Result<ExitCode> {
    match cmd {
        EvalCmd::Grooming { data, cv, format, model, common } => {
            grooming::run(data, *cv, *format, model, common)
        }
        EvalCmd::Identifiers { seed, n, format } => identifiers::run(*seed, *n, *format),
        EvalCmd::Fp { data, format, input, common } => fp::run(data, *format, input, common),
        EvalCmd::Rules { data, format, semantic, common } => {
            rules::run(data, *format, *semantic, common)
        }
    }
}
