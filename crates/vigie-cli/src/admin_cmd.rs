//! `vigie admin`: accounts and API tokens in the store. Thin: the work is in vigie-store.

use std::io::BufRead as _;
use std::process::ExitCode;

use anyhow::{Context as _, Result, bail};
use vigie_store::{Role, Store};

/// Administration commands.
#[derive(clap::Subcommand, Debug)]
pub(crate) enum AdminCmd {
    /// Comptes.
    User {
        #[command(subcommand)]
        command: UserCmd,
    },
    /// Jetons d'API.
    Token {
        #[command(subcommand)]
        command: TokenCmd,
    },
    /// Durées de conservation par classe de données.
    Retention {
        #[command(subcommand)]
        command: RetentionCmd,
    },
    /// Efface ce qui a dépassé sa durée de conservation (textes, corps du journal, commentaires)
    /// et journalise l'effacement ; le journal reste vérifiable.
    Purge {
        /// Base : sqlite:CHEMIN ou postgres://…
        #[arg(long, default_value = "sqlite:vigie.db")]
        db: String,
    },
}

/// `vigie admin retention …`
#[derive(clap::Subcommand, Debug)]
pub(crate) enum RetentionCmd {
    /// Fixe la durée de conservation d'une classe (document, review, case, read, ingest, admin).
    Set {
        /// Classe de données.
        class: String,
        /// Durée en jours.
        days: i64,
        /// Base : sqlite:CHEMIN ou postgres://…
        #[arg(long, default_value = "sqlite:vigie.db")]
        db: String,
    },
    /// Affiche les durées fixées et les classes.
    List {
        /// Base : sqlite:CHEMIN ou postgres://…
        #[arg(long, default_value = "sqlite:vigie.db")]
        db: String,
    },
}

/// `vigie admin user …`
#[derive(clap::Subcommand, Debug)]
pub(crate) enum UserCmd {
    /// Crée un compte ; sans --password-stdin, un mot de passe est tiré au hasard et affiché une fois.
    Add {
        /// Nom du compte.
        name: String,
        /// Rôle : admin, analyste, moderateur, lecture, auditeur.
        #[arg(long)]
        role: String,
        /// Lit le mot de passe sur l'entrée standard (première ligne).
        #[arg(long)]
        password_stdin: bool,
        /// Autorise la lecture du texte des messages de mineurs.
        #[arg(long)]
        minors: bool,
        /// Base : sqlite:CHEMIN ou postgres://…
        #[arg(long, default_value = "sqlite:vigie.db")]
        db: String,
    },
    /// Change le rôle d'un compte (ses sessions sont fermées aussitôt).
    SetRole {
        /// Nom du compte.
        name: String,
        /// Nouveau rôle.
        #[arg(long)]
        role: String,
        /// Autorise la lecture du texte des messages de mineurs.
        #[arg(long)]
        minors: bool,
        /// Base : sqlite:CHEMIN ou postgres://…
        #[arg(long, default_value = "sqlite:vigie.db")]
        db: String,
    },
}

/// `vigie admin token …`
#[derive(clap::Subcommand, Debug)]
pub(crate) enum TokenCmd {
    /// Crée un jeton d'API et l'affiche, seul, sur la sortie standard (une seule fois).
    Add {
        /// Compte du jeton.
        #[arg(long)]
        user: String,
        /// Portée : un rôle (défaut : celui du compte ; un autre rôle seulement pour un admin).
        #[arg(long)]
        role: Option<String>,
        /// Durée de validité : 30d, 12h, 90m, 3600s, ou never (défaut : 90d).
        #[arg(long, default_value = "90d")]
        expires: String,
        /// Base : sqlite:CHEMIN ou postgres://…
        #[arg(long, default_value = "sqlite:vigie.db")]
        db: String,
    },
    /// Liste les jetons valides d'un compte (identifiant, portée, expiration, dernier usage ;
    /// jamais leur valeur).
    List {
        /// Compte.
        #[arg(long)]
        user: String,
        /// Base : sqlite:CHEMIN ou postgres://…
        #[arg(long, default_value = "sqlite:vigie.db")]
        db: String,
    },
    /// Révoque un jeton (par son identifiant, donné par `token list`) ; un serveur en marche le
    /// refuse dans les 5 secondes.
    Revoke {
        /// Identifiant du jeton.
        id: i64,
        /// Base : sqlite:CHEMIN ou postgres://…
        #[arg(long, default_value = "sqlite:vigie.db")]
        db: String,
    },
}

/// A Unix time as an RFC 3339 date, for listings.
fn date(at: Option<i64>) -> String {
    at.and_then(|s| jiff::Timestamp::from_second(s).ok())
        .map_or_else(|| "—".to_owned(), |t| t.strftime("%Y-%m-%d %H:%M UTC").to_string())
}

fn role(name: &str) -> Result<Role> {
    Role::parse(name).with_context(|| {
        format!("rôle inconnu : {name} (admin, analyste, moderateur, lecture, auditeur)")
    })
}

/// `30d`, `12h`, `90m`, `3600s` in seconds; `never` for none.
fn duration(text: &str) -> Result<Option<i64>> {
    let t = text.trim();
    if t == "never" || t == "jamais" {
        return Ok(None);
    }
    let (num, unit) = t.split_at(t.len().saturating_sub(1));
    let factor = match unit {
        "d" | "j" => 86_400,
        "h" => 3600,
        "m" => 60,
        "s" => 1,
        _ => bail!("durée illisible : {t} (ex. 30d, 12h, 90m, never)"),
    };
    let n: i64 = num
        .parse()
        .ok()
        .filter(|n| *n > 0)
        .with_context(|| format!("durée illisible : {t} (ex. 30d, 12h, 90m, never)"))?;
    Ok(Some(n.saturating_mul(factor)))
}

pub(crate) fn run(cmd: &AdminCmd) -> Result<ExitCode> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("démarrage du moteur asynchrone")?;
    runtime.block_on(async {
        match cmd {
            AdminCmd::User {
                command: UserCmd::Add { name, role: r, password_stdin, minors, db },
            } => {
                let r = role(r)?;
                let (password, generated) = if *password_stdin {
                    let mut line = String::new();
                    std::io::stdin()
                        .lock()
                        .read_line(&mut line)
                        .context("lecture du mot de passe")?;
                    let pw = line.trim_end_matches(['\n', '\r']).to_owned();
                    if pw.chars().count() < 12 {
                        bail!("mot de passe trop court (12 caractères au moins)");
                    }
                    (pw, false)
                } else {
                    (vigie_store::generate_password()?, true)
                };
                let store = Store::open(db).await.context("ouverture de la base (--db)")?;
                let hash = vigie_store::hash_password(&password)?;
                store.add_user(name, r, &hash, *minors).await?;
                store.close().await;
                if generated {
                    println!("{password}");
                    eprintln!(
                        "compte {name} créé ({}) ; mot de passe ci-dessus, affiché une seule fois",
                        r.as_str()
                    );
                } else {
                    eprintln!("compte {name} créé ({})", r.as_str());
                }
            }
            AdminCmd::User { command: UserCmd::SetRole { name, role: r, minors, db } } => {
                let r = role(r)?;
                let store = Store::open(db).await.context("ouverture de la base (--db)")?;
                store.set_role(name, r, *minors).await?;
                store.close().await;
                eprintln!("compte {name} : rôle {} ; sessions fermées", r.as_str());
            }
            AdminCmd::Token { command: TokenCmd::Add { user, role: r, expires, db } } => {
                let r = r.as_deref().map(role).transpose()?;
                let ttl = duration(expires)?;
                let store = Store::open(db).await.context("ouverture de la base (--db)")?;
                let (_, token) = store.add_token(user, r, ttl).await?;
                store.close().await;
                println!("{token}");
            }
            AdminCmd::Retention { command: RetentionCmd::Set { class, days, db } } => {
                let store = Store::open(db).await.context("ouverture de la base (--db)")?;
                store.set_retention(class, *days).await?;
                store.close().await;
                eprintln!("conservation de « {class} » : {days} jour(s)");
            }
            AdminCmd::Retention { command: RetentionCmd::List { db } } => {
                let store = Store::open(db).await.context("ouverture de la base (--db)")?;
                let set = store.retention().await?;
                store.close().await;
                for (class, what) in vigie_store::DATA_CLASSES {
                    let days = set.iter().find(|(c, _)| c == class).map(|(_, d)| *d);
                    let shown = days.map_or_else(|| "illimitée".to_owned(), |d| format!("{d} j"));
                    println!("{class}\t{shown}\t{what}");
                }
            }
            AdminCmd::Purge { db } => {
                let store = Store::open(db).await.context("ouverture de la base (--db)")?;
                let r = store.purge().await?;
                store.close().await;
                match r.journal_seq {
                    Some(seq) => eprintln!(
                        "effacé : {} texte(s) de document, {} corps du journal, {} commentaire(s) — \
                         journalisé (entrée n° {seq})",
                        r.documents, r.journal_bodies, r.comments
                    ),
                    None => eprintln!("rien à effacer"),
                }
            }
            AdminCmd::Token { command: TokenCmd::List { user, db } } => {
                let store = Store::open(db).await.context("ouverture de la base (--db)")?;
                let tokens = store.tokens(user).await?;
                store.close().await;
                println!("id\tportée\texpire\tdernier usage");
                for t in tokens {
                    println!(
                        "{}\t{}\t{}\t{}",
                        t.id,
                        t.role.as_str(),
                        date(t.expires_at),
                        date(t.last_used_at)
                    );
                }
            }
            AdminCmd::Token { command: TokenCmd::Revoke { id, db } } => {
                let store = Store::open(db).await.context("ouverture de la base (--db)")?;
                let done = store.revoke_token(*id).await?;
                store.close().await;
                if !done {
                    bail!("aucun jeton valide n'a l'identifiant {id} (voir `vigie admin token list`)");
                }
                eprintln!("jeton {id} révoqué");
            }
        }
        Ok(ExitCode::SUCCESS)
    })
}

#[cfg(test)]
mod tests {
    use super::duration;

    #[test]
    fn durations() {
        assert_eq!(duration("30d").unwrap(), Some(30 * 86_400));
        assert_eq!(duration("12h").unwrap(), Some(12 * 3600));
        assert_eq!(duration("never").unwrap(), None);
        assert!(duration("0d").is_err());
        assert!(duration("3w").is_err());
        assert!(duration("").is_err());
    }
}
