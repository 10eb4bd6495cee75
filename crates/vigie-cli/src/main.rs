//! `vigie`: detect and explain the online recruitment of minors into prostitution.
//!
//! The binary is thin: it parses arguments, reads files, calls the library crates and renders.

mod admin_cmd;
mod eval_cmd;
mod import_cmd;
mod input;
mod journal_cmd;
mod link_cmd;
mod output;
mod phash_cmd;
mod publish_cmd;
mod report_cmd;
mod rules_cmd;
mod scan;
mod serve_cmd;
mod style;
mod train_cmd;
mod triage;
mod worker_cmd;

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

/// Vigie — détecte et explique le recrutement en ligne de mineurs en vue de leur prostitution.
///
/// Vigie classe et explique ; une personne décide.
#[derive(Parser)]
#[command(name = "vigie", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Analyse des messages, publications ou annonces (JSONL, CSV ou texte) et classe par risque.
    Scan(scan::ScanArgs),
    /// Règles de détection : liste, tests des exemples.
    Rules {
        #[command(subcommand)]
        command: rules_cmd::RulesCmd,
    },
    /// Calcule le hash PDQ d'images (fichiers ou dossiers) ; les images ne sont jamais copiées.
    Hash(phash_cmd::HashArgs),
    /// Compare des hashes PDQ ou des images à des listes de hashes signalés.
    Match(phash_cmd::MatchArgs),
    /// Listes de hashes : import, export, statistiques, confirmation.
    Lists {
        #[command(subcommand)]
        command: phash_cmd::ListsCmd,
    },
    /// Classe des annonces d'escorte pour une maraude numérique, avec les passages qui les signalent.
    Triage(triage::TriageArgs),
    /// Relie annonces et messages en réseaux (identifiants partagés, textes quasi identiques, circuits).
    Link(link_cmd::LinkArgs),
    /// Entraîne un modèle sur des données étiquetées (reproductible pour une graine donnée).
    Train {
        #[command(subcommand)]
        command: train_cmd::TrainCmd,
    },
    /// Mesure Vigie sur des données étiquetées, à côté des résultats publiés.
    Eval {
        #[command(subcommand)]
        command: eval_cmd::EvalCmd,
    },
    /// Convertit des exports de messageries (WhatsApp, Instagram, Telegram…) en JSONL Vigie.
    Import(import_cmd::ImportArgs),
    /// Rapport hors ligne en français (HTML autonome ou texte) sur un export de conversation.
    Report(report_cmd::ReportCmdArgs),
    /// Lance le service : API HTTP sur un stockage SQLite (par défaut) ou PostgreSQL.
    Serve(serve_cmd::ServeArgs),
    /// Administration du stockage : comptes, jetons d'API.
    Admin {
        #[command(subcommand)]
        command: admin_cmd::AdminCmd,
    },
    /// Journal infalsifiable : vérification hors ligne (base ou export), points de contrôle.
    Journal {
        #[command(subcommand)]
        command: journal_cmd::JournalCmd,
    },
    /// Publie des documents dans la file NATS JetStream d'un déploiement.
    Publish(publish_cmd::PublishArgs),
    /// Worker : tire les documents de NATS, les évalue, les enregistre dans PostgreSQL.
    Worker(worker_cmd::WorkerCmdArgs),
}

/// Common options for user-facing output.
#[derive(clap::Args, Clone, Debug)]
pub(crate) struct Common {
    /// Langue des explications.
    #[arg(long, value_enum, default_value_t = LangArg::Fr)]
    pub(crate) lang: LangArg,
    /// Couleurs : auto (terminal et NO_COLOR absent), always, never.
    #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
    pub(crate) color: ColorArg,
    /// Région par défaut des numéros de téléphone nationaux (FR, US, BE…).
    #[arg(long, default_value = "FR")]
    pub(crate) region: String,
    /// N'extrait pas les identifiants (téléphones, pseudos, prix, âges, lieux) : analyse plus rapide.
    #[arg(long)]
    pub(crate) no_identifiers: bool,
    /// Dossier de règles supplémentaires (*.toml), en plus des règles livrées.
    #[arg(long = "rules", value_name = "DIR")]
    pub(crate) rules_dir: Vec<PathBuf>,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum LangArg {
    Fr,
    En,
}

impl LangArg {
    /// The report language this option names.
    pub(crate) fn lang(self) -> vigie_detect::render::Lang {
        match self {
            LangArg::Fr => vigie_detect::render::Lang::Fr,
            LangArg::En => vigie_detect::render::Lang::En,
        }
    }
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ColorArg {
    Auto,
    Always,
    Never,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Scan(args) => scan::run(args),
        Command::Rules { command } => rules_cmd::run(command),
        Command::Hash(args) => phash_cmd::run_hash(args),
        Command::Match(args) => phash_cmd::run_match(args),
        Command::Lists { command } => phash_cmd::run_lists(command),
        Command::Triage(args) => triage::run(args),
        Command::Link(args) => link_cmd::run(args),
        Command::Train { command } => train_cmd::run(command),
        Command::Eval { command } => eval_cmd::run(command),
        Command::Import(args) => import_cmd::run(args),
        Command::Report(args) => report_cmd::run(args),
        Command::Serve(args) => serve_cmd::run(args),
        Command::Admin { command } => admin_cmd::run(command),
        Command::Journal { command } => journal_cmd::run(command),
        Command::Publish(args) => publish_cmd::run(args),
        Command::Worker(args) => worker_cmd::run(args.clone()),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            // A closed pipe (`vigie scan … | head`) is not an error.
            if err.chain().any(|e| {
                e.downcast_ref::<std::io::Error>()
                    .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
            }) {
                return ExitCode::SUCCESS;
            }
            let mut stderr = std::io::stderr().lock();
            let _ = writeln!(stderr, "erreur : {err:#}");
            ExitCode::from(2)
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn command_line_definition_is_consistent() {
        use clap::CommandFactory as _;
        super::Cli::command().debug_assert();
    }
}
