//! `vigie serve`: the HTTP API over a store (SQLite by default, PostgreSQL for teams). Thin: the
//! work is in vigie-server and vigie-store.

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
    #[command(flatten)]
    common: Common,
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
            ..vigie_server::Config::default()
        };
        let state = vigie_server::AppState::new(store, detector, config);
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
