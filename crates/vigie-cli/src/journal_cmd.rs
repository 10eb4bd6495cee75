//! `vigie journal verify|checkpoint`: checks the tamper-evident journal offline, from the database
//! or from a case export, trusting only the signed checkpoints and the instance's public key.
//! Thin: the checks are in `vigie-journal`, the reads in `vigie-store`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context as _, Result, bail};
use vigie_journal::{Checkpoint, Verifier, VerifyingKey, verify_inclusion};

/// `vigie journal …`
#[derive(clap::Subcommand, Debug)]
pub(crate) enum JournalCmd {
    /// Vérifie le journal (base ou export de dossier) : nomme la première entrée modifiée,
    /// supprimée, déplacée, ou la troncature (sauvegarde ancienne restaurée).
    Verify(VerifyArgs),
    /// Signe maintenant un point de contrôle du journal et l'affiche (à garder hors du serveur).
    Checkpoint {
        /// Base : sqlite:CHEMIN ou postgres://…
        #[arg(long, default_value = "sqlite:vigie.db")]
        db: String,
        /// Clé de signature du journal (celle de `vigie serve`).
        #[arg(long, default_value = "vigie-journal.key", value_name = "CHEMIN")]
        journal_key: PathBuf,
        /// Nom de l'instance (vigie.NOM/journal).
        #[arg(long, default_value = "local")]
        instance: String,
    },
}

/// Arguments of `vigie journal verify`.
#[derive(clap::Args, Debug)]
pub(crate) struct VerifyArgs {
    /// Base à vérifier : sqlite:CHEMIN ou postgres://… (sans --export).
    #[arg(long, default_value = "sqlite:vigie.db")]
    db: String,
    /// Export de dossier à vérifier (fichier JSON, ou dossier qui contient export.json).
    #[arg(long, value_name = "CHEMIN")]
    export: Option<PathBuf>,
    /// Clé publique de l'instance (fichier .pub de `vigie serve`). Pour un export, elle remplace
    /// celle que l'export transporte (à épingler : un export forgé transporterait la sienne).
    #[arg(long, value_name = "FICHIER")]
    public_key: Option<PathBuf>,
    /// Points de contrôle détenus par l'auditeur (JSON de GET /api/v1/journal/checkpoints, ou
    /// une note signée par fichier) ; répétable. Ce sont eux qui révèlent une sauvegarde ancienne
    /// restaurée ou un journal réécrit avec la clé.
    #[arg(long = "checkpoints", value_name = "FICHIER")]
    checkpoints: Vec<PathBuf>,
}

fn read_key(path: &Path) -> Result<VerifyingKey> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("{} : lecture de la clé publique", path.display()))?;
    VerifyingKey::from_text(text.trim())
        .map_err(|e| anyhow::anyhow!("{} : clé publique illisible ({e})", path.display()))
}

/// Signed notes from an auditor's file: the JSON of `GET /journal/checkpoints`, a JSON list of
/// notes, or one note as text.
fn read_notes(path: &Path) -> Result<Vec<String>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("{}", path.display()))?;
    if let Ok(value) = serde_json::from_str::<serde_json::Value>(&text) {
        let list = value.get("checkpoints").cloned().unwrap_or(value);
        let notes: Vec<String> = list
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|c| c.get("note").or(Some(c)).and_then(|n| n.as_str()))
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default();
        if notes.is_empty() {
            bail!(
                "{} : aucun point de contrôle (champ checkpoints[].note attendu)",
                path.display()
            );
        }
        return Ok(notes);
    }
    Ok(vec![text])
}

pub(crate) fn run(cmd: &JournalCmd) -> Result<ExitCode> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("démarrage du moteur asynchrone")?;
    runtime.block_on(async {
        match cmd {
            JournalCmd::Verify(args) => match &args.export {
                Some(path) => verify_export(path, args),
                None => verify_db(args).await,
            },
            JournalCmd::Checkpoint { db, journal_key, instance } => {
                let key = crate::serve_cmd::journal_key(journal_key, instance)?;
                let store =
                    vigie_store::Store::open(db).await.context("ouverture de la base (--db)")?;
                let cp = store.checkpoint(&key.key, &key.origin).await?;
                store.close().await;
                print!("{}", cp.note);
                Ok(ExitCode::SUCCESS)
            }
        }
    })
}

fn failed(seq: Option<u64>, message: &str) -> ExitCode {
    match seq {
        Some(seq) => eprintln!("JOURNAL ALTÉRÉ — première entrée fautive : n° {seq} : {message}"),
        None => eprintln!("JOURNAL ALTÉRÉ — {message}"),
    }
    ExitCode::from(1)
}

async fn verify_db(args: &VerifyArgs) -> Result<ExitCode> {
    let key_path = args.public_key.clone().unwrap_or_else(|| PathBuf::from("vigie-journal.pub"));
    if !key_path.exists() {
        bail!(
            "clé publique introuvable : {} (donnez --public-key, le fichier .pub créé par `vigie serve`)",
            key_path.display()
        );
    }
    let key = read_key(&key_path)?;
    let store = vigie_store::Store::open(&args.db).await.context("ouverture de la base (--db)")?;
    let mut notes: Vec<String> = store.checkpoints().await?.into_iter().map(|c| c.note).collect();
    let held = notes.len();
    for path in &args.checkpoints {
        notes.extend(read_notes(path)?);
    }
    let origin = key.name().to_owned();
    let mut verifier = match Verifier::from_notes(&notes, &key, &origin) {
        Ok(v) => v,
        Err(f) => return Ok(failed(f.seq, &f.message_fr())),
    };
    let mut from = 0i64;
    loop {
        let page = store.journal_page(from, 10_000).await?;
        let Some(last) = page.last() else { break };
        from = last.row.seq + 1;
        for record in &page {
            let Some(entry) = record.stored_entry() else {
                return Ok(failed(
                    u64::try_from(record.row.seq).ok(),
                    "entrée illisible (champ modifié)",
                ));
            };
            if let Err(f) = verifier.push(&entry) {
                return Ok(failed(f.seq, &f.message_fr()));
            }
        }
    }
    store.close().await;
    match verifier.finish() {
        Ok(s) => {
            println!(
                "journal intègre : {} entrée(s), racine {}, {} point(s) de contrôle vérifié(s) \
                 ({} en base, {} fourni(s)), {} entrée(s) après le dernier, {} corps effacé(s)",
                s.size,
                hex::encode(s.root),
                s.checkpoints,
                held,
                notes.len() - held,
                s.unanchored(),
                s.bodies_absent
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(f) => Ok(failed(f.seq, &f.message_fr())),
    }
}

fn hash_of(hex_text: &str) -> Option<[u8; 32]> {
    let mut out = [0u8; 32];
    hex::decode_to_slice(hex_text, &mut out).ok()?;
    Some(out)
}

fn verify_export(path: &Path, args: &VerifyArgs) -> Result<ExitCode> {
    let file = if path.is_dir() { path.join("export.json") } else { path.to_path_buf() };
    let text = std::fs::read_to_string(&file).with_context(|| format!("{}", file.display()))?;
    let export: serde_json::Value = serde_json::from_str(&text)
        .with_context(|| format!("{} : JSON illisible", file.display()))?;
    let journal: vigie_server::cases::ExportJournal =
        serde_json::from_value(export.get("journal").cloned().unwrap_or_default())
            .with_context(|| format!("{} : champ journal absent ou illisible", file.display()))?;
    let carried = VerifyingKey::from_text(journal.public_key.trim()).map_err(|e| {
        anyhow::anyhow!("{} : clé publique de l'export illisible ({e})", file.display())
    })?;
    let key = if let Some(p) = &args.public_key {
        let pinned = read_key(p)?;
        if pinned.to_text() != carried.to_text() {
            return Ok(failed(None, "l'export n'est pas signé par la clé épinglée (--public-key)"));
        }
        pinned
    } else {
        eprintln!(
            "attention : clé publique lue dans l'export lui-même ; épinglez-la avec --public-key"
        );
        carried
    };
    let checkpoint = match Checkpoint::open_for(&journal.checkpoint, &key, &journal.origin) {
        Ok(c) => c,
        Err(e) => return Ok(failed(None, &format!("point de contrôle invalide ({e})"))),
    };
    for cited in &journal.entries {
        let e = &cited.entry;
        let seq = u64::try_from(e.seq).ok();
        let (Some(body_hash), Some(stored_leaf)) = (hash_of(&e.body_hash), hash_of(&e.leaf_hash))
        else {
            return Ok(failed(seq, "empreinte illisible"));
        };
        let entry = vigie_journal::Entry {
            seq: seq.unwrap_or(u64::MAX),
            ts: e.ts,
            actor: e.actor.clone(),
            action: e.action.clone(),
            object_kind: e.object_kind.clone(),
            object_id: e.object_id.clone(),
            body_hash,
        };
        let leaf = entry.leaf_hash();
        if leaf != stored_leaf {
            return Ok(failed(seq, "entrée modifiée (son empreinte ne correspond plus)"));
        }
        let proof: Option<Vec<[u8; 32]>> = cited.proof.iter().map(|h| hash_of(h)).collect();
        let Some(proof) = proof else { return Ok(failed(seq, "preuve illisible")) };
        if verify_inclusion(&leaf, entry.seq, checkpoint.size, &proof, &checkpoint.root).is_err() {
            return Ok(failed(seq, "preuve d'inclusion invalide pour ce point de contrôle"));
        }
    }
    println!(
        "export intègre : {} entrée(s) citée(s), toutes incluses dans le journal de taille {} \
         (point de contrôle signé par {})",
        journal.entries.len(),
        checkpoint.size,
        key.name()
    );
    Ok(ExitCode::SUCCESS)
}
