//! `vigie serve`: the HTTP API over a store (SQLite by default, PostgreSQL for teams). Thin: the
//! work is in vigie-server and vigie-store.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{Context as _, Result};

use crate::Common;
use crate::rules_cmd::load_detector;

/// Arguments of `vigie serve`.
#[derive(clap::Args, Debug)]
pub(crate) struct ServeArgs {
    /// Base : sqlite:CHEMIN (fichier créé au besoin) ou postgres://utilisateur@hôte/base.
    #[arg(long, default_value = "sqlite:vigie.db")]
    pub(crate) db: String,
    /// Adresse d'écoute.
    #[arg(long, default_value = "127.0.0.1:8080")]
    listen: String,
    /// Taille maximale d'un corps de requête, en Mio (au-delà : 413).
    #[arg(long, default_value_t = 64)]
    max_body_mib: usize,
    /// Requêtes par minute permises par jeton d'API.
    #[arg(long, default_value_t = 600_000)]
    token_rate: u32,
    /// Cookies de session sans l'attribut Secure (HTTP en local seulement, jamais en production).
    #[arg(long)]
    insecure_cookies: bool,
    /// Liste de hashes PDQ contre laquelle `POST /api/v1/hashes/match` compare (comme `vigie
    /// match --list`) ; répétable.
    #[arg(long = "list", value_name = "FICHIER")]
    lists: Vec<PathBuf>,
    /// Liste d'images connues comme anodines : une correspondance annule les autres ; répétable.
    #[arg(long = "negative", value_name = "FICHIER")]
    negatives: Vec<PathBuf>,
    /// Distance de Hamming maximale d'une correspondance dans les listes (sur 256 bits).
    #[arg(long, default_value_t = 31, value_name = "N")]
    list_distance: u32,
    /// Distance propre à une liste : NOM=N (répétable).
    #[arg(long = "list-max-distance", value_name = "LISTE=N")]
    list_max_distance: Vec<String>,
    /// Qualité PDQ minimale des entrées des listes (PDQ conseille d'écarter ≤ 49).
    #[arg(long, default_value_t = 50, value_name = "Q")]
    list_min_quality: u8,
    /// Désactive la quarantaine automatique des entrées qui correspondent soudain à trop d'images.
    #[arg(long)]
    no_flood: bool,
    /// Clé Ed25519 qui signe les points de contrôle du journal (créée au premier démarrage, avec
    /// la clé publique à côté : CHEMIN.pub). Gardez-la hors de la base.
    #[arg(long, default_value = "vigie-journal.key", value_name = "CHEMIN")]
    journal_key: PathBuf,
    /// Nom de l'instance dans l'origine des points de contrôle (vigie.NOM/journal).
    #[arg(long, default_value = "local")]
    instance: String,
    #[command(flatten)]
    common: Common,
}

/// Reads the journal's signing key, or creates it (mode 0600) with its public key beside it.
pub(crate) fn journal_key(
    path: &std::path::Path,
    instance: &str,
) -> Result<vigie_server::JournalKey> {
    let origin = format!("vigie.{instance}/journal");
    let key = if path.exists() {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("{} : lecture de la clé du journal", path.display()))?;
        vigie_journal::SigningKey::from_text(text.trim())
            .map_err(|e| anyhow::anyhow!("{} : clé du journal illisible ({e})", path.display()))?
    } else {
        let key = vigie_journal::SigningKey::generate(&origin)
            .map_err(|e| anyhow::anyhow!("création de la clé du journal : {e}"))?;
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut file = options
            .open(path)
            .with_context(|| format!("{} : création de la clé du journal", path.display()))?;
        std::io::Write::write_all(&mut file, format!("{}\n", key.to_text()).as_bytes())?;
        let public = path.with_extension("pub");
        std::fs::write(&public, format!("{}\n", key.verifying_key().to_text()))
            .with_context(|| format!("{}", public.display()))?;
        eprintln!(
            "clé du journal créée : {} (publique : {}) — à sauvegarder hors de la base",
            path.display(),
            public.display()
        );
        key
    };
    Ok(vigie_server::JournalKey { key, origin })
}

/// Logs on stderr: one line per request with route, status and duration; never text, identifiers
/// or tokens (the server logs ids, counts and codes only).
pub(crate) fn init_logs() {
    let _ = tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .with_target(false)
        .with_max_level(tracing::Level::INFO)
        .try_init();
}

pub(crate) fn run(args: &ServeArgs) -> Result<ExitCode> {
    let detector = Arc::new(load_detector(&args.common)?);
    let lists = if args.lists.is_empty() && args.negatives.is_empty() {
        None
    } else {
        let matcher = crate::phash_cmd::ListOptions {
            lists: &args.lists,
            negatives: &args.negatives,
            max_distance: args.list_distance,
            list_max_distance: &args.list_max_distance,
            min_quality: args.list_min_quality,
            no_flood: args.no_flood,
            lang: crate::phash_cmd::Lang::Fr,
        }
        .matcher()
        .context("chargement des listes de hashes (--list, --negative)")?;
        eprintln!("{} entrée(s) de listes de hashes chargée(s)", matcher.stats().entries);
        Some(Arc::new(vigie_server::HashLists::new(matcher)))
    };
    init_logs();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("démarrage du moteur asynchrone")?;
    runtime.block_on(async {
        let store = vigie_store::Store::open(&args.db)
            .await
            .with_context(|| "ouverture de la base (--db)".to_owned())?;
        let config = vigie_server::Config {
            max_body_bytes: args.max_body_mib.saturating_mul(1024 * 1024),
            token_per_minute: args.token_rate,
            secure_cookies: !args.insecure_cookies,
            lists,
            journal: Some(Arc::new(journal_key(&args.journal_key, &args.instance)?)),
            ..vigie_server::Config::default()
        };
        let state = vigie_server::AppState::new(store, detector, config);
        // Checkpoints: every 1,000 entries, or every 10 minutes when the journal grew.
        let ticker = state.clone();
        tokio::spawn(async move {
            let mut interval = tokio::time::interval(std::time::Duration::from_secs(30));
            loop {
                interval.tick().await;
                if let Err(e) = ticker.checkpoint_if_due(1000, 600).await {
                    tracing::error!(error = %e, "point de contrôle du journal");
                }
            }
        });
        let pending =
            state.assess_pending().await.context("évaluation des conversations en attente")?;
        if pending > 0 {
            eprintln!("{pending} conversation(s) en attente évaluée(s)");
        }
        let listener = tokio::net::TcpListener::bind(&args.listen)
            .await
            .with_context(|| format!("écoute impossible sur {}", args.listen))?;
        let addr = listener.local_addr()?;
        eprintln!("Vigie écoute sur http://{addr} (API : /api/v1, description : /openapi.json)");
        let store = state.store().clone();
        vigie_server::serve(state, listener, shutdown()).await.context("serveur HTTP")?;
        store.close().await;
        eprintln!("Vigie arrêté.");
        Ok(ExitCode::SUCCESS)
    })
}

/// Resolves on Ctrl-C or SIGTERM.
async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}
