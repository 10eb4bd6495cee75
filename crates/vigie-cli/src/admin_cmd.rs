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
