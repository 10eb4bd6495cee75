//! `vigie rules list|test`, and loading the rules for every command.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context as _, Result, bail};
use vigie_detect::{Detector, Rule, RuleKind, run_examples};

use crate::Common;

#[derive(clap::Subcommand)]
pub(crate) enum RulesCmd {
    /// Affiche la référence des règles (code, catégorie, poids, raison, source, exemples).
    List {
        /// text, json ou markdown (la référence docs/rules-reference.md).
        #[arg(long, default_value = "text")]
        format: String,
        #[command(flatten)]
        common: Common,
    },
    /// Vérifie les exemples de chaque règle : « matches » doit déclencher, « no_match » non.
    Test {
        #[command(flatten)]
        common: Common,
    },
}

/// Loads the shipped rules plus every `*.toml` under the `--rules` directories.
pub(crate) fn load_detector(common: &Common) -> Result<Detector> {
    let mut builder =
        Detector::builder().region(&common.region).identifiers(!common.no_identifiers);
    for dir in &common.rules_dir {
        let mut files = Vec::new();
        collect(dir, &mut files)
            .with_context(|| format!("lecture du dossier de règles {}", dir.display()))?;
        if files.is_empty() {
            bail!(
                "aucun fichier .toml dans {}\nhint: un dossier de règles contient des fichiers *.toml (voir docs/rules.md)",
                dir.display()
            );
        }
        for file in files {
            let text = std::fs::read_to_string(&file)
                .with_context(|| format!("lecture de {}", file.display()))?;
            builder = builder.rules_toml(file.display().to_string(), text);
        }
    }
    builder.build().map_err(|e| {
        anyhow::anyhow!("{e}\nhint: le format des règles est décrit dans docs/rules.md")
    })
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(std::fs::DirEntry::path);
    for entry in entries {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "toml") {
            out.push(path);
        }
    }
    Ok(())
}

pub(crate) fn run(cmd: &RulesCmd) -> Result<ExitCode> {
    match cmd {
        RulesCmd::List { format, common } => {
            let detector = load_detector(common)?;
            let out = match format.as_str() {
                "text" => list_text(detector.rules()),
                "markdown" => {
                    format!(
                        "{}{}",
                        list_markdown(detector.rules()),
                        classes_markdown(detector.classes())
                    )
                }
                "json" => {
                    serde_json::to_string_pretty(
                        &detector.rules().iter().map(rule_json).collect::<Vec<_>>(),
                    )? + "\n"
                }
                other => bail!("format inconnu : {other} (text, json, markdown)"),
            };
            crate::output::write_stdout(out.as_bytes())?;
            Ok(ExitCode::SUCCESS)
        }
        RulesCmd::Test { common } => {
            let detector = load_detector(common)?;
            let report = run_examples(&detector);
            for f in &report.failures {
                let what = if f.expected_match {
                    "devrait déclencher"
                } else {
                    "ne devrait pas déclencher"
                };
                eprintln!("ÉCHEC {} ({}) : {what} sur {:?}", f.code, f.origin, f.example);
            }
            eprintln!(
                "{} règles, {} exemples : {} réussis, {} échoués",
                report.rules,
                report.examples,
                report.examples - report.failures.len(),
                report.failures.len()
            );
            Ok(if report.failures.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
        }
    }
}

fn kind_text(rule: &Rule) -> String {
    match rule.kind {
        RuleKind::Signal { category, weight } => {
            format!("{} {} poids {weight}", category.id(), category.as_str())
        }
        RuleKind::Damper { factor } => format!("atténuateur ×{factor}"),
    }
}

fn list_text(rules: &[Rule]) -> String {
    let mut out = String::new();
    for r in rules {
        let _ = writeln!(
            out,
            "{:<28} {:<2} [{}] {}  {}",
            r.code,
            r.lang,
            r.tag.as_str(),
            kind_text(r),
            r.reason_fr
        );
    }
    let _ = writeln!(out, "{} règles", rules.len());
    out
}

fn md_escape(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

/// The word classes rules use as `{name}`, as a Markdown section.
fn classes_markdown(classes: &std::collections::BTreeMap<String, Vec<String>>) -> String {
    let mut out = String::from(
        "\n## Word classes\n\nRules write `{name}` for any term of a class (`rules/*/classes.toml`, or `[[class]]` in any rule file).\n\n| class | terms |\n|---|---|\n",
    );
    for (name, terms) in classes {
        let _ = writeln!(out, "| `{name}` | {} |", md_escape(&terms.join(", ")));
    }
    out
}

fn list_markdown(rules: &[Rule]) -> String {
    let mut out = String::from(
        "# Rule reference\n\nGenerated by `vigie rules list --format markdown`; CI checks it is up to date.\n\
         Weights are design values from `indicators.md` (not measured). Tags: D documented, S secondary, I inferred, U unconfirmed.\n\n\
         | code | lang | category | weight | tag | source | reason (fr) | reason (en) | examples (must match / must not) |\n\
         |---|---|---|---|---|---|---|---|---|\n",
    );
    for r in rules {
        let (cat, weight) = match r.kind {
            RuleKind::Signal { category, weight } => {
                (format!("{} `{}`", category.id(), category.as_str()), weight.to_string())
            }
            RuleKind::Damper { factor } => match r.cites {
                Some(scope) => {
                    (format!("damper, cites its {}", scope.as_str()), format!("×{factor}"))
                }
                None => ("damper".to_owned(), format!("×{factor}")),
            },
        };
        let cat = if r.counts_as_harm { format!("{cat} (also a harm)") } else { cat };
        let cat = match &r.compose {
            Some(c) => format!(
                "{cat}; needs {} of slots {} within {} tokens",
                c.min,
                c.slots.iter().map(|(n, _)| format!("`{n}`")).collect::<Vec<_>>().join(", "),
                c.within
            ),
            None => cat,
        };
        let examples = format!(
            "✔ {} ✘ {}",
            r.examples_match
                .iter()
                .map(|e| format!("«{}»", md_escape(e)))
                .collect::<Vec<_>>()
                .join(" "),
            r.examples_no_match
                .iter()
                .map(|e| format!("«{}»", md_escape(e)))
                .collect::<Vec<_>>()
                .join(" ")
        );
        let _ = writeln!(
            out,
            "| `{}`{} | {} | {} | {} | {} | {} | {} | {} | {} |",
            r.code,
            if r.preview { " (preview)" } else { "" },
            r.lang,
            cat,
            weight,
            r.tag.as_str(),
            md_escape(&r.source),
            md_escape(&r.reason_fr),
            md_escape(&r.reason_en),
            examples
        );
    }
    out
}

fn rule_json(r: &Rule) -> serde_json::Value {
    serde_json::json!({
        "code": r.code,
        "lang": r.lang,
        "kind": match r.kind { RuleKind::Signal { .. } => "signal", RuleKind::Damper { .. } => "damper" },
        "category": r.category().map(vigie_model::Category::as_str),
        "weight": match r.kind { RuleKind::Signal { weight, .. } => Some(weight), RuleKind::Damper { .. } => None },
        "factor": match r.kind { RuleKind::Damper { factor } => Some(factor), RuleKind::Signal { .. } => None },
        "preview": r.preview,
        "tag": r.tag.as_str(),
        "source": r.source,
        "patterns": r.patterns,
        "regex": r.regex,
        "reason_fr": r.reason_fr,
        "reason_en": r.reason_en,
        "examples": { "matches": r.examples_match, "no_match": r.examples_no_match },
        "origin": r.origin,
        "in_code": r.in_code,
        "compose": r.compose.as_ref().map(|c| serde_json::json!({
            "within": c.within, "min": c.min,
            "slots": c.slots.iter().map(|(n, t)| serde_json::json!({"name": n, "terms": t})).collect::<Vec<_>>(),
        })),
        "cites": r.cites.map(vigie_detect::CiteScope::as_str),
        "counts_as_harm": r.counts_as_harm,
        "written_from": r.written_from,
    })
}
