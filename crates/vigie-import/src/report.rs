//! The offline report for a parent or an association: one self-contained French HTML page (inline
//! CSS, no script, no network, printable) or plain text, built from the engine's conversation
//! assessments. Pure: takes values, returns a `String`.
//!
//! Every piece of message text goes through [`escape`] before it reaches the page; the words that
//! matter are wrapped in `<mark>` by their byte spans, cut on character boundaries.

use std::fmt::Write as _;

use vigie_model::{
    Assessment, Category, CategoryRole, ConversationAssessment, IdentifierKind, Level, Stage,
};

use crate::Stats;

/// One message of a reported conversation.
#[derive(Debug, Clone)]
pub struct ReportMessage {
    /// Document id (the assessment's timeline refers to it).
    pub id: String,
    /// Author as the export names them.
    pub author: Option<String>,
    /// When, as the export states it (local wall clock or instant).
    pub time: Option<String>,
    /// The text.
    pub text: String,
    /// Author ids given by the export (`meta.author_id`), for the authorities.
    pub author_id: Option<String>,
    /// The message's own assessment.
    pub assessment: Assessment,
}

/// A conversation with its assessment, messages in conversation order.
#[derive(Debug, Clone)]
pub struct ReportConversation {
    /// The engine's verdict.
    pub assessment: ConversationAssessment,
    /// The messages, in the assessment's timeline order.
    pub messages: Vec<ReportMessage>,
}

/// Everything the report shows.
#[derive(Debug, Clone)]
pub struct Report {
    /// File name(s) of the export, as given.
    pub source: String,
    /// The importer used, in French.
    pub format: String,
    /// What the import counted.
    pub stats: Stats,
    /// The importer's notes.
    pub notes: Vec<String>,
    /// Conversations, most worrying first.
    pub conversations: Vec<ReportConversation>,
    /// When the report was made, as the caller states it (the library reads no clock).
    pub generated: String,
}

/// HTML-escapes text (`& < > " '`).
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The verdict in plain words.
pub fn verdict_fr(level: Level) -> &'static str {
    match level {
        Level::None => {
            "Vigie n'a relevé aucun signe de recrutement ou d'emprise dans cette conversation."
        }
        Level::Low => {
            "Vigie a relevé quelques signaux faibles. Pris seuls, ils ne disent pas grand-chose ; restez attentif."
        }
        Level::Medium => {
            "Vigie a relevé des signaux préoccupants : certaines manœuvres connues des recruteurs apparaissent. Lisez les messages ci-dessous."
        }
        Level::High => {
            "Cette conversation présente des signes sérieux de manœuvres de recrutement ou d'emprise sur un mineur. Il est recommandé d'agir."
        }
        Level::Critical => {
            "Cette conversation présente des signes très graves de recrutement d'un mineur en vue de sa prostitution. Agissez sans attendre."
        }
    }
}

fn sureness_fr(score: f64) -> String {
    let strength = if score >= 0.75 {
        "très forts"
    } else if score >= 0.55 {
        "forts"
    } else if score >= 0.35 {
        "nets"
    } else if score >= 0.15 {
        "faibles"
    } else {
        "absents ou très faibles"
    };
    format!(
        "Signaux {strength} (score {} sur 1). Ce score mesure la force et l'accumulation des signaux ; ce n'est ni une probabilité ni une preuve.",
        fr_num(score)
    )
}

fn fr_num(x: f64) -> String {
    format!("{x:.2}").replace('.', ",")
}

fn stage_fr(s: Stage) -> &'static str {
    match s {
        Stage::Approach => "Approche (prise de contact, flatterie, recherche de failles)",
        Stage::Trust => "Confiance (cadeaux, secret, « je suis là pour toi »)",
        Stage::Control => "Contrôle (passage en privé, isolement, images, menaces)",
        Stage::Exploitation => "Exploitation (offres, logistique, hébergement, clients)",
    }
}

/// The message text with the signals' spans marked, escaped.
fn highlighted(text: &str, a: &Assessment) -> String {
    let mut spans: Vec<(usize, usize)> = a
        .signals
        .iter()
        .filter(|s| !s.cited)
        .map(|s| (s.span.start, s.span.end))
        .filter(|(s, e)| {
            s < e && *e <= text.len() && text.is_char_boundary(*s) && text.is_char_boundary(*e)
        })
        .collect();
    spans.sort_unstable();
    // Merge overlaps.
    let mut merged: Vec<(usize, usize)> = Vec::new();
    for (s, e) in spans {
        match merged.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => merged.push((s, e)),
        }
    }
    let mut out = String::new();
    let mut at = 0;
    for (s, e) in merged {
        out.push_str(&escape(&text[at..s]));
        out.push_str("<mark>");
        out.push_str(&escape(&text[s..e]));
        out.push_str("</mark>");
        at = e;
    }
    out.push_str(&escape(&text[at..]));
    out.replace('\n', "<br>")
}

fn reasons(a: &Assessment) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for s in a.signals.iter().filter(|s| !s.cited) {
        let r = format!("{} — {}", s.category.label_fr(), s.reason_fr);
        if !out.contains(&r) {
            out.push(r);
        }
    }
    out
}

/// Messages worth reading: the ones with signals that count, in conversation order.
fn key_messages(c: &ReportConversation) -> Vec<&ReportMessage> {
    c.messages.iter().filter(|m| m.assessment.signals.iter().any(|s| !s.cited)).take(30).collect()
}

/// Stages reached with the date of the first message that reached each.
fn stages(c: &ReportConversation) -> Vec<(Stage, Option<String>, Option<String>)> {
    let mut out = Vec::new();
    for stage in &c.assessment.stages {
        let step = c.assessment.timeline.iter().find(|t| t.stages.contains(stage));
        let msg = step.and_then(|t| c.messages.iter().find(|m| m.id == t.document));
        out.push((*stage, msg.and_then(|m| m.time.clone()), msg.and_then(|m| m.author.clone())));
    }
    out
}

/// The other side's identifiers: the driving author's names and ids, and the phones, handles,
/// e-mails and links found in their messages.
fn identifiers(c: &ReportConversation) -> Vec<String> {
    let Some(driver) = c.assessment.driver.as_deref() else { return Vec::new() };
    let mut out = vec![format!("Nom affiché : {driver}")];
    for m in c.messages.iter().filter(|m| m.author.as_deref() == Some(driver)) {
        if let Some(id) = &m.author_id {
            let s = format!("Identifiant de compte : {id}");
            if !out.contains(&s) {
                out.push(s);
            }
        }
        for i in &m.assessment.identifiers {
            let label = match i.kind {
                IdentifierKind::Phone => "Téléphone",
                IdentifierKind::Email => "Courriel",
                IdentifierKind::Url => "Lien",
                IdentifierKind::Handle => "Pseudo",
                _ => continue,
            };
            let s = format!("{label} : {}", i.value);
            if !out.contains(&s) {
                out.push(s);
            }
        }
    }
    out
}

fn categories_fr(cats: &[Category]) -> String {
    cats.iter()
        .filter(|c| c.role() != CategoryRole::Multiplier)
        .map(|c| c.label_fr())
        .collect::<Vec<_>>()
        .join(", ")
}

const STEPS: &[(&str, &str)] = &[
    (
        "Gardez les preuves.",
        "Ne supprimez ni la conversation ni le compte. Gardez le fichier d'export tel quel, ce rapport, et des captures d'écran où l'on voit la date et le nom du compte.",
    ),
    (
        "Ne confrontez pas l'autre personne.",
        "Ne lui écrivez pas et ne la menacez pas : elle pourrait effacer ses traces, faire pression sur l'enfant ou disparaître. Laissez faire les professionnels.",
    ),
    (
        "Parlez avec l'enfant, sans reproche.",
        "Il ou elle est la personne ciblée, pas la fautive. Dites que vous êtes là et que ce n'est pas de sa faute.",
    ),
    (
        "Appelez le 119.",
        "Allô Enfance en danger : gratuit, 24 h sur 24, 7 jours sur 7, pour tout enfant en danger ou en risque de l'être.",
    ),
    (
        "Appelez le 3018.",
        "Numéro national contre les violences numériques faites aux jeunes : gratuit, anonyme ; il peut aussi faire retirer des contenus.",
    ),
    (
        "Signalez sur Pharos.",
        "internet-signalements.gouv.fr : la plateforme de la police et de la gendarmerie pour les contenus illicites en ligne.",
    ),
    (
        "En cas de danger immédiat, appelez le 17 (ou le 112).",
        "Puis déposez plainte au commissariat ou à la gendarmerie avec les preuves.",
    ),
];

const LIMITS: &[&str] = &[
    "Vigie ne sait pas qui se cache derrière un compte : un nom affiché peut être faux et le même compte peut être partagé.",
    "Vigie ne lit que ce que l'export contient : messages supprimés, éphémères ou non exportés (WhatsApp garde au plus 40 000 messages, Snapchat seulement les messages enregistrés) lui échappent.",
    "Vigie n'ouvre jamais les photos, vidéos ni messages vocaux : seuls leurs noms sont connus.",
    "Vigie repère des formulations connues ; il peut se tromper dans les deux sens (ironie, jeu, langage codé nouveau). Une conversation sans alerte n'est pas une garantie.",
    "Les heures sont celles affichées dans l'export (souvent l'heure locale du téléphone, sans fuseau).",
];

const PRIVACY: &str = "Ce rapport a été produit entièrement sur cet ordinateur : aucune donnée n'a été envoyée sur internet. Il contient des extraits de conversation d'un mineur : conservez-le en lieu sûr et ne le partagez qu'avec les professionnels qui vous accompagnent.";

const CSS: &str = "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b;line-height:1.5}\
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.25rem;border-bottom:2px solid #ddd;padding-bottom:.2rem;margin-top:2rem}\
.meta{color:#555;font-size:.9rem}.verdict{padding:1rem 1.2rem;border-radius:.5rem;border-left:.5rem solid #888;background:#f4f4f4}\
.l-critical{border-color:#8b0000;background:#fbeaea}.l-high{border-color:#c0392b;background:#fdf0ee}.l-medium{border-color:#d68910;background:#fef6e7}\
.l-low{border-color:#2874a6;background:#eef5fb}.l-none{border-color:#1e8449;background:#eef8f1}\
.msg{border:1px solid #ddd;border-radius:.4rem;padding:.6rem .8rem;margin:.6rem 0;break-inside:avoid}.who{font-weight:600}.when{color:#555;font-size:.85rem}\
mark{background:#ffe08a;padding:0 .1rem}.why{font-size:.9rem;color:#333;margin:.3rem 0 0 1rem}ol.steps li{margin:.4rem 0}\
table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3rem .5rem;text-align:left}\
.privacy{font-size:.9rem;background:#f4f4f4;padding:.8rem;border-radius:.4rem}\
@media print{body{margin:0;max-width:none}.msg,.verdict{break-inside:avoid}h2{break-after:avoid}a{color:inherit;text-decoration:none}}";

/// The report as one self-contained HTML page (French).
pub fn render_html(r: &Report) -> String {
    let mut h = String::with_capacity(16 * 1024);
    let top = r.conversations.first();
    let level = top.map_or(Level::None, |c| c.assessment.level);
    h.push_str("<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\">\n");
    h.push_str("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n");
    h.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    let _ = writeln!(h, "<title>Rapport Vigie — {}</title>", escape(&r.source));
    let _ = writeln!(h, "<style>{CSS}</style>\n</head>\n<body>");
    let _ = writeln!(h, "<h1>Rapport Vigie sur une conversation</h1>");
    let _ = writeln!(
        h,
        "<p class=\"meta\">Fichier : {} · Format : {} · Rapport du {}</p>",
        escape(&r.source),
        escape(&r.format),
        escape(&r.generated)
    );
    // Verdict.
    let _ = writeln!(h, "<h2>En bref</h2>\n<div class=\"verdict l-{}\">", level.as_str());
    let _ = writeln!(
        h,
        "<p><strong>Niveau de risque : {}.</strong> {}</p>",
        escape(level.label_fr()),
        verdict_fr(level)
    );
    if let Some(c) = top {
        let _ = writeln!(h, "<p>{}</p>", sureness_fr(c.assessment.score));
        match &c.assessment.driver {
            Some(d) => {
                let cats = c
                    .assessment
                    .authors
                    .iter()
                    .find(|a| a.drives_risk)
                    .map(|a| categories_fr(&a.categories))
                    .unwrap_or_default();
                let _ = writeln!(
                    h,
                    "<p><strong>Qui porte le risque :</strong> les messages de <strong>{}</strong>{}.</p>",
                    escape(d),
                    if cats.is_empty() { String::new() } else { format!(" ({})", escape(&cats)) }
                );
            }
            None => h.push_str("<p>Aucun participant ne porte de risque notable.</p>\n"),
        }
    } else {
        h.push_str("<p>Aucune conversation n'a pu être assemblée à partir de ce fichier.</p>\n");
    }
    h.push_str("<p>Vigie classe et explique ; c'est une personne qui décide. Aucun signal n'est une preuve.</p>\n</div>\n");
    if let Some(c) = top {
        // Stages.
        let st = stages(c);
        if !st.is_empty() {
            h.push_str("<h2>Étapes atteintes</h2>\n<p>Les recruteurs suivent souvent ces étapes, pas toujours dans l'ordre.</p>\n<table>\n<tr><th>Étape</th><th>Première fois</th><th>Par</th></tr>\n");
            for (stage, time, who) in st {
                let _ = writeln!(
                    h,
                    "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
                    stage_fr(stage),
                    escape(&time.map_or_else(|| "date inconnue".to_owned(), |t| pretty_time(&t))),
                    escape(who.as_deref().unwrap_or("?"))
                );
            }
            h.push_str("</table>\n");
        }
        // Key messages.
        let keys = key_messages(c);
        h.push_str("<h2>Les messages qui comptent</h2>\n");
        if keys.is_empty() {
            h.push_str("<p>Aucun message n'a déclenché de signal.</p>\n");
        } else {
            let _ = writeln!(
                h,
                "<p>{} message(s) sur {} ; les mots surlignés sont ceux qui ont déclenché un signal.</p>",
                keys.len(),
                c.messages.len()
            );
        }
        for m in keys {
            h.push_str("<div class=\"msg\">\n");
            let _ = writeln!(
                h,
                "<div><span class=\"who\">{}</span> <span class=\"when\">{}</span></div>",
                escape(m.author.as_deref().unwrap_or("?")),
                escape(&m.time.as_deref().map(pretty_time).unwrap_or_default())
            );
            let _ =
                writeln!(h, "<div class=\"text\">{}</div>", highlighted(&m.text, &m.assessment));
            h.push_str("<ul class=\"why\">\n");
            for reason in reasons(&m.assessment) {
                let _ = writeln!(h, "<li>{}</li>", escape(&reason));
            }
            h.push_str("</ul>\n</div>\n");
        }
        // Identifiers.
        let ids = identifiers(c);
        if !ids.is_empty() {
            h.push_str("<h2>Identifiants de l'autre personne</h2>\n<p>À transmettre aux autorités avec l'export ; ne les utilisez pas pour la contacter.</p>\n<ul>\n");
            for i in ids {
                let _ = writeln!(h, "<li>{}</li>", escape(&i));
            }
            h.push_str("</ul>\n");
        }
    }
    if r.conversations.len() > 1 {
        let _ = writeln!(h, "<h2>Autres conversations du fichier</h2>\n<ul>");
        for c in &r.conversations[1..] {
            let _ = writeln!(
                h,
                "<li>{} : niveau {} (score {})</li>",
                escape(&c.assessment.conversation),
                escape(c.assessment.level.label_fr()),
                fr_num(c.assessment.score)
            );
        }
        h.push_str("</ul>\n");
    }
    h.push_str("<h2>Que faire maintenant</h2>\n<ol class=\"steps\">\n");
    for (title, body) in STEPS {
        let _ = writeln!(h, "<li><strong>{title}</strong> {body}</li>");
    }
    h.push_str("</ol>\n<h2>Ce que Vigie ne peut pas savoir</h2>\n<ul>\n");
    for l in LIMITS {
        let _ = writeln!(h, "<li>{l}</li>");
    }
    h.push_str("</ul>\n<h2>Ce qui a été lu</h2>\n");
    let s = r.stats;
    let _ = writeln!(
        h,
        "<p>{} ligne(s) ou enregistrement(s) lus : {} message(s), {} ligne(s) système (notifications de la messagerie, non analysées), {} ligne(s) de suite de message, {} erreur(s).</p>",
        s.read, s.messages, s.system, s.continuation, s.errors
    );
    if !r.notes.is_empty() {
        h.push_str("<ul class=\"meta\">\n");
        for n in &r.notes {
            let _ = writeln!(h, "<li>{}</li>", escape(n));
        }
        h.push_str("</ul>\n");
    }
    let _ = writeln!(
        h,
        "<h2>Confidentialité</h2>\n<p class=\"privacy\">{PRIVACY}</p>\n</body>\n</html>"
    );
    h
}

/// A Unix time (seconds) as `JJ/MM/AAAA HH:MM UTC`, for [`Report::generated`]; the caller reads
/// the clock.
pub fn date_from_unix(secs: i64) -> String {
    jiff::Timestamp::from_second(secs)
        .map_or_else(|_| String::new(), |t| t.strftime("%d/%m/%Y %H:%M UTC").to_string())
}

/// `2024-03-12T21:14:00` → `12/03/2024 à 21:14`; anything else as given.
fn pretty_time(t: &str) -> String {
    let b = t.as_bytes();
    if b.len() >= 16 && b[4] == b'-' && b[7] == b'-' && b[10] == b'T' {
        let utc = if t.ends_with('Z') { " (UTC)" } else { "" };
        format!("{}/{}/{} à {}{utc}", &t[8..10], &t[5..7], &t[0..4], &t[11..16])
    } else {
        t.to_owned()
    }
}

/// The report as plain text (French).
pub fn render_text(r: &Report) -> String {
    let mut t = String::new();
    let top = r.conversations.first();
    let level = top.map_or(Level::None, |c| c.assessment.level);
    let _ = writeln!(t, "RAPPORT VIGIE — {} ({})\n", r.source, r.format);
    let _ = writeln!(t, "EN BREF\nNiveau de risque : {}. {}", level.label_fr(), verdict_fr(level));
    if let Some(c) = top {
        let _ = writeln!(t, "{}", sureness_fr(c.assessment.score));
        if let Some(d) = &c.assessment.driver {
            let _ = writeln!(t, "Qui porte le risque : {d}");
        }
        let st = stages(c);
        if !st.is_empty() {
            let _ = writeln!(t, "\nÉTAPES ATTEINTES");
            for (stage, time, who) in st {
                let _ = writeln!(
                    t,
                    "- {} : {} ({})",
                    stage_fr(stage),
                    time.map_or_else(|| "date inconnue".to_owned(), |x| pretty_time(&x)),
                    who.unwrap_or_else(|| "?".into())
                );
            }
        }
        let _ = writeln!(t, "\nLES MESSAGES QUI COMPTENT");
        for m in key_messages(c) {
            let _ = writeln!(
                t,
                "[{}] {} : {}",
                m.time.as_deref().map(pretty_time).unwrap_or_default(),
                m.author.as_deref().unwrap_or("?"),
                m.text.replace('\n', " / ")
            );
            for reason in reasons(&m.assessment) {
                let _ = writeln!(t, "    · {reason}");
            }
        }
        let ids = identifiers(c);
        if !ids.is_empty() {
            let _ = writeln!(t, "\nIDENTIFIANTS DE L'AUTRE PERSONNE");
            for i in ids {
                let _ = writeln!(t, "- {i}");
            }
        }
    }
    let _ = writeln!(t, "\nQUE FAIRE MAINTENANT");
    for (i, (title, body)) in STEPS.iter().enumerate() {
        let _ = writeln!(t, "{}. {title} {body}", i + 1);
    }
    let _ = writeln!(t, "\nCE QUE VIGIE NE PEUT PAS SAVOIR");
    for l in LIMITS {
        let _ = writeln!(t, "- {l}");
    }
    let s = r.stats;
    let _ = writeln!(
        t,
        "\nLU : {} lignes/enregistrements = {} messages + {} lignes système + {} lignes de suite + {} erreurs",
        s.read, s.messages, s.system, s.continuation, s.errors
    );
    let _ = writeln!(t, "\nCONFIDENTIALITÉ\n{PRIVACY}");
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_and_highlighting() {
        assert_eq!(escape("<b>&\"'"), "&lt;b&gt;&amp;&quot;&#39;");
        assert_eq!(pretty_time("2024-03-12T21:14:00"), "12/03/2024 à 21:14");
    }
}
