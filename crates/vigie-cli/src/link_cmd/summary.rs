//! The terminal summary of `vigie link` (French by default, `--lang en`).
//!
//! Identifiers shown in the terminal are masked (the files hold them in full): a summary is
//! often read over a shoulder or pasted into a ticket.

use std::fmt::Write as _;
use std::io::{BufWriter, Write as _};
use std::path::Path;

use anyhow::Result;
use vigie_model::{CircuitFlagKind, LinkReport, Network, NodeKind};

use crate::LangArg;

/// Keeps the kind and the last two characters of a value: `+33 •••• 78`.
fn mask(value: &str) -> String {
    let chars: Vec<char> = value.chars().collect();
    let tail: String = chars[chars.len().saturating_sub(2)..].iter().collect();
    match value.split_once(':') {
        Some((platform, _)) => format!("{platform}:••••{tail}"),
        None => format!("{}••••{tail}", chars.iter().take(3).collect::<String>()),
    }
}

fn kind_label(kind: NodeKind, fr: bool) -> &'static str {
    match (kind, fr) {
        (NodeKind::Phone, true) => "téléphone",
        (NodeKind::Phone, false) => "phone",
        (NodeKind::Handle, true) => "pseudo",
        (NodeKind::Handle, false) => "handle",
        (NodeKind::Email, _) => "e-mail",
        (NodeKind::Url, true) => "lien",
        (NodeKind::Url, false) => "link",
        (NodeKind::ImageSha256 | NodeKind::ImagePdq, _) => "image",
        (NodeKind::Document, _) => "document",
    }
}

fn network_line(report: &LinkReport, n: &Network, fr: bool) -> String {
    let count = |k: NodeKind| n.identifiers.iter().filter(|i| i.kind == k && !i.hub).count();
    let (phones, handles) = (count(NodeKind::Phone), count(NodeKind::Handle));
    let mut line = if fr {
        format!(
            "risque {} — {} documents, {phones} téléphone(s), {handles} pseudo(s), {} groupe(s) de textes",
            format!("{:.2}", n.risk).replace('.', ","),
            n.documents.len(),
            n.clusters.len()
        )
    } else {
        format!(
            "risk {:.2} — {} documents, {phones} phone(s), {handles} handle(s), {} text cluster(s)",
            n.risk,
            n.documents.len(),
            n.clusters.len()
        )
    };
    if let Some(c) = report.circuits.iter().find(|c| c.network == n.id) {
        let names: Vec<&str> = c.stops.iter().take(8).map(|s| s.name.as_str()).collect();
        let more = if c.stops.len() > 8 { " → …" } else { "" };
        let short = c.flags.iter().filter(|f| f.kind == CircuitFlagKind::ShortStay).count();
        let jumps = c.flags.len() - short;
        let path = names.join(" → ");
        if fr {
            write!(line, "\n     circuit : {path}{more} ({short} séjour(s) court(s), {jumps} saut(s) long(s))")
        } else {
            write!(line, "\n     circuit: {path}{more} ({short} short stay(s), {jumps} long jump(s))")
        }
        .expect("a String takes any text");
    }
    let reasons: Vec<&str> = n
        .reasons
        .iter()
        .map(|r| if fr { r.reason_fr.as_str() } else { r.reason_en.as_str() })
        .collect();
    let label = if fr { "raisons :" } else { "reasons:" };
    write!(line, "\n     {label} {}", reasons.join(" ; ")).expect("a String takes any text");
    line
}

/// Prints the summary on stdout.
pub(crate) fn print(
    report: &LinkReport,
    dir: &Path,
    written: &[&str],
    top: usize,
    lang: LangArg,
    no_templates: bool,
) -> Result<()> {
    let fr = lang == LangArg::Fr;
    let s = &report.stats;
    let mut out = BufWriter::new(std::io::stdout().lock());
    if fr {
        writeln!(
            out,
            "{} documents reliés en {} réseau(x) de 2 documents ou plus ; {} isolé(s).",
            s.documents, s.networks, s.singletons
        )?;
        writeln!(
            out,
            "Plus grand réseau : {} documents ({} sans le filtrage des pivots ; {} fusion(s) de réseaux évitée(s)).",
            s.largest_network, s.largest_network_with_hubs, s.merges_prevented
        )?;
        writeln!(
            out,
            "Groupes de textes quasi identiques : {} ; circuits : {}.",
            s.clusters, s.circuits
        )?;
    } else {
        writeln!(
            out,
            "{} documents linked into {} network(s) of 2 documents or more; {} alone.",
            s.documents, s.networks, s.singletons
        )?;
        writeln!(
            out,
            "Largest network: {} documents ({} without hub filtering; {} network merge(s) prevented).",
            s.largest_network, s.largest_network_with_hubs, s.merges_prevented
        )?;
        writeln!(out, "Near-duplicate text clusters: {}; circuits: {}.", s.clusters, s.circuits)?;
    }
    if !report.hubs.is_empty() {
        writeln!(
            out,
            "{}",
            if fr {
                "\nPivots (identifiants partagés par trop de groupes sans autre lien, non utilisés pour relier) :"
            } else {
                "\nHubs (identifiers shared by too many otherwise unrelated groups, not used to link):"
            }
        )?;
        for h in report.hubs.iter().take(10) {
            writeln!(
                out,
                "  {} {} — {} documents, {} {}",
                kind_label(h.node.kind, fr),
                mask(&h.node.value),
                h.node.degree,
                h.groups,
                if fr { "groupes" } else { "groups" }
            )?;
        }
        if report.hubs.len() > 10 {
            writeln!(out, "  … {} {}", report.hubs.len() - 10, if fr { "autres" } else { "more" })?;
        }
    }
    if !report.networks.is_empty() && top > 0 {
        writeln!(
            out,
            "{}",
            if fr { "\nRéseaux les plus préoccupants :" } else { "\nMost worrying networks:" }
        )?;
        for n in report.networks.iter().take(top) {
            writeln!(out, "  #{} {}", n.id, network_line(report, n, fr))?;
        }
    }
    if no_templates {
        writeln!(
            out,
            "{}",
            if fr {
                "\nModèles de texte non construits : l'entrée standard ne se relit pas."
            } else {
                "\nText templates not built: standard input cannot be read twice."
            }
        )?;
    }
    writeln!(
        out,
        "\n{} {} : {}",
        if fr { "Fichiers écrits dans" } else { "Files written to" },
        dir.display(),
        written.join(", ")
    )?;
    writeln!(
        out,
        "{}",
        if fr {
            "Vigie relie et explique ; une personne décide. Un lien n'est pas une preuve."
        } else {
            "Vigie links and explains; a person decides. A link is not proof."
        }
    )?;
    out.flush()?;
    Ok(())
}
