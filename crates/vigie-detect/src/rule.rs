//! The rule file format (docs/rules.md): raw TOML shapes and their validation.

use serde::Deserialize;
use vigie_model::Category;

/// Factor applied to a signal damped by `unless_near`.
pub const DAMPED_FACTOR: f64 = 0.2;

/// A rule file: `[[rule]]` tables.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawFile {
    #[serde(default)]
    pub class: Vec<RawClass>,
    #[serde(default)]
    pub rule: Vec<RawRule>,
}

/// A `[[class]]`: a named word class (synonyms, spellings) that rules reference as `{name}`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawClass {
    pub name: String,
    pub lang: String,
    pub terms: Vec<String>,
    #[serde(default)]
    #[allow(dead_code)] // documentation for people reading the file
    pub note: Option<String>,
}

/// One `[[rule]]` as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawRule {
    pub code: String,
    #[serde(default)]
    pub kind: Option<String>,
    #[serde(default)]
    pub category: Option<String>,
    pub lang: String,
    #[serde(default)]
    pub weight: Option<f64>,
    #[serde(default)]
    pub factor: Option<f64>,
    #[serde(default)]
    pub status: Option<String>,
    pub tag: String,
    pub source: String,
    #[serde(default)]
    pub patterns: Vec<String>,
    #[serde(default)]
    pub regex: Vec<String>,
    pub reason_fr: String,
    pub reason_en: String,
    #[serde(default)]
    pub near: Option<RawNear>,
    #[serde(default)]
    pub unless_near: Option<RawNear>,
    #[serde(default)]
    pub compose: Option<RawCompose>,
    #[serde(default)]
    pub cites: Option<String>,
    #[serde(default)]
    pub counts_as_harm: Option<bool>,
    #[serde(default)]
    pub written_from: Vec<String>,
    #[serde(default)]
    pub examples: Option<RawExamples>,
}

/// `[rule.compose]`: named slots, at least `min` of which must be filled within `within` tokens.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawCompose {
    pub within: usize,
    pub min: usize,
    pub slots: std::collections::BTreeMap<String, Vec<String>>,
}

/// `near` / `unless_near`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawNear {
    pub terms: Vec<String>,
    pub within: usize,
}

/// `[rule.examples]`.
#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawExamples {
    #[serde(default)]
    pub matches: Vec<String>,
    #[serde(default)]
    pub no_match: Vec<String>,
}

/// What a rule does when it matches.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum RuleKind {
    /// A harm, multiplier or context signal of a category, with a weight.
    Signal {
        /// The category.
        category: Category,
        /// Weight in `(0, 1]`.
        weight: f64,
    },
    /// Reported or advisory speech: multiplies the message's score by `factor`.
    Damper {
        /// Multiplier in `(0, 1)`.
        factor: f64,
    },
}

/// Reliability of the source behind a rule (indicators.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Tag {
    /// Documented.
    D,
    /// Secondary source.
    S,
    /// Inferred.
    I,
    /// Unconfirmed.
    U,
}

impl Tag {
    /// The letter.
    pub fn as_str(self) -> &'static str {
        match self {
            Tag::D => "D",
            Tag::S => "S",
            Tag::I => "I",
            Tag::U => "U",
        }
    }
}

/// Terms and a distance in tokens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Near {
    /// Normalised terms.
    pub terms: Vec<String>,
    /// Largest number of tokens between the match and a term.
    pub within: usize,
}

/// Named slots around a rule's pattern: the rule fires only when at least `min` different slots
/// have a term within `within` tokens (in any order) — an offer verb with a logistics, money or
/// client slot is a "pack" without the word "pack".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Compose {
    /// Largest number of tokens between the pattern and a slot term.
    pub within: usize,
    /// Least number of different slots that must be filled.
    pub min: usize,
    /// The slots, by name, with their terms as written (`{class}` references allowed).
    pub slots: Vec<(String, Vec<String>)>,
}

/// How far a reported-speech damper reaches: its sentence, or the whole document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CiteScope {
    /// Signals in the same sentence as the damper's words are cited.
    Sentence,
    /// Every signal of the document is cited.
    Document,
}

impl CiteScope {
    /// The name used in rule files.
    pub fn as_str(self) -> &'static str {
        match self {
            CiteScope::Sentence => "sentence",
            CiteScope::Document => "document",
        }
    }
}

/// A validated rule.
#[derive(Debug, Clone)]
pub struct Rule {
    /// Stable code.
    pub code: String,
    /// Signal or damper.
    pub kind: RuleKind,
    /// `fr` or `en`.
    pub lang: String,
    /// `preview` rules are reported but flagged as such.
    pub preview: bool,
    /// Reliability tag.
    pub tag: Tag,
    /// Source keys from indicators.md.
    pub source: String,
    /// Patterns as written.
    pub patterns: Vec<String>,
    /// Regexes as written.
    pub regex: Vec<String>,
    /// Required context.
    pub near: Option<Near>,
    /// Damping context.
    pub unless_near: Option<Near>,
    /// Named slots that must be filled around the pattern.
    pub compose: Option<Compose>,
    /// For dampers of reported or advisory speech: the signals they make `cited` (their spans are
    /// kept, their categories do not count).
    pub cites: Option<CiteScope>,
    /// For `minor_age_cue` rules: the cue counts as a harm too (a school context, an adult's
    /// reaction to a stated age), not only as a multiplier.
    pub counts_as_harm: bool,
    /// Ids of the corpus sources (`eval/fr`) this rule was written from, so that `vigie eval rules`
    /// can measure it on the other sources only (leave-one-source-out).
    pub written_from: Vec<String>,
    /// Reason in French.
    pub reason_fr: String,
    /// Reason in English.
    pub reason_en: String,
    /// Texts that must fire the rule.
    pub examples_match: Vec<String>,
    /// Texts that must not fire it (or only damped).
    pub examples_no_match: Vec<String>,
    /// File the rule came from, or `code` for rules written in Rust.
    pub origin: String,
    /// Whether the rule is implemented in code rather than patterns.
    pub in_code: bool,
}

impl Rule {
    /// The category, for signal rules.
    pub fn category(&self) -> Option<Category> {
        match self.kind {
            RuleKind::Signal { category, .. } => Some(category),
            RuleKind::Damper { .. } => None,
        }
    }

    /// The weight, for signal rules.
    pub fn weight(&self) -> f64 {
        match self.kind {
            RuleKind::Signal { weight, .. } => weight,
            RuleKind::Damper { .. } => 0.0,
        }
    }
}

/// Checks a code's shape: upper-case words joined by `-`, ending in two digits.
pub(crate) fn valid_code(code: &str) -> bool {
    let mut parts = code.split('-').peekable();
    let mut words = 0;
    while let Some(part) = parts.next() {
        if parts.peek().is_none() {
            return words > 0 && part.len() == 2 && part.bytes().all(|b| b.is_ascii_digit());
        }
        if part.is_empty() || !part.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()) {
            return false;
        }
        words += 1;
    }
    false
}

/// Validates a raw rule; pushes every problem into `problems`.
pub(crate) fn validate(raw: RawRule, origin: &str, problems: &mut Vec<String>) -> Option<Rule> {
    let before = problems.len();
    if !valid_code(&raw.code) {
        problems.push("code must be UPPER-CASE words joined by '-' and end in two digits".into());
    }
    if raw.lang != "fr" && raw.lang != "en" {
        problems.push(format!("lang must be fr or en, not {}", raw.lang));
    }
    if raw.lang == "en" && !raw.code.starts_with("EN-") {
        problems.push("English rules have codes starting with EN-".into());
    }
    let tag = match raw.tag.as_str() {
        "D" => Some(Tag::D),
        "S" => Some(Tag::S),
        "I" => Some(Tag::I),
        "U" => Some(Tag::U),
        other => {
            problems.push(format!("tag must be D, S, I or U, not {other}"));
            None
        }
    };
    let preview = match raw.status.as_deref() {
        None | Some("stable") => false,
        Some("preview") => true,
        Some(other) => {
            problems.push(format!("status must be stable or preview, not {other}"));
            false
        }
    };
    let kind = match raw.kind.as_deref() {
        None | Some("signal") => {
            if raw.factor.is_some() {
                problems.push("factor is only for dampers".into());
            }
            let category = match raw.category.as_deref().map(|c| (c, Category::parse(c))) {
                Some((_, Some(c))) => c,
                Some((c, None)) => {
                    problems.push(format!("unknown category {c}"));
                    Category::ContactFlattery
                }
                None => {
                    problems.push("category is missing".into());
                    Category::ContactFlattery
                }
            };
            let weight = raw.weight.unwrap_or(f64::NAN);
            if !(weight > 0.0 && weight <= 1.0) {
                problems.push("weight must be in (0, 1]".into());
            }
            if let Some(t @ (Tag::I | Tag::U)) = tag
                && weight > 0.3
            {
                problems.push(format!("rules tagged {} must have weight <= 0.3", t.as_str()));
            }
            RuleKind::Signal { category, weight }
        }
        Some("damper") => {
            if raw.category.is_some() || raw.weight.is_some() {
                problems.push("dampers have no category and no weight".into());
            }
            let factor = raw.factor.unwrap_or(f64::NAN);
            if !(factor > 0.0 && factor < 1.0) {
                problems.push("factor must be in (0, 1)".into());
            }
            RuleKind::Damper { factor }
        }
        Some(other) => {
            problems.push(format!("kind must be signal or damper, not {other}"));
            RuleKind::Damper { factor: 0.5 }
        }
    };
    if raw.patterns.is_empty() && raw.regex.is_empty() {
        problems.push("a rule needs patterns or regex".into());
    }
    for (name, text) in
        [("reason_fr", &raw.reason_fr), ("reason_en", &raw.reason_en), ("source", &raw.source)]
    {
        if text.trim().is_empty() {
            problems.push(format!("{name} is empty"));
        }
    }
    let examples = raw.examples.unwrap_or_default();
    if examples.matches.is_empty() || examples.no_match.is_empty() {
        problems.push("examples need at least one `matches` and one `no_match`".into());
    }
    let near = raw.near.map(|n| check_near("near", n, problems));
    let unless_near = raw.unless_near.map(|n| check_near("unless_near", n, problems));
    let compose = raw.compose.map(|c| {
        if c.slots.is_empty() || c.slots.values().any(Vec::is_empty) {
            problems.push("compose.slots needs at least one slot, each with terms".into());
        }
        if c.min == 0 || c.min > c.slots.len() {
            problems.push("compose.min must be between 1 and the number of slots".into());
        }
        if c.within == 0 || c.within > 50 {
            problems.push("compose.within must be between 1 and 50 tokens".into());
        }
        if c.slots.len() > 8 {
            problems.push("compose.slots has at most 8 slots".into());
        }
        Compose { within: c.within, min: c.min, slots: c.slots.into_iter().collect() }
    });
    let cites = match raw.cites.as_deref() {
        None => None,
        Some(_) if !matches!(kind, RuleKind::Damper { .. }) => {
            problems.push("cites is only for dampers".into());
            None
        }
        Some("sentence") => Some(CiteScope::Sentence),
        Some("document") => Some(CiteScope::Document),
        Some(other) => {
            problems.push(format!("cites must be sentence or document, not {other}"));
            None
        }
    };
    let counts_as_harm = raw.counts_as_harm.unwrap_or(false);
    if counts_as_harm && !matches!(kind, RuleKind::Signal { category: Category::MinorAgeCue, .. }) {
        problems.push("counts_as_harm is only for minor_age_cue rules".into());
    }
    if problems.len() > before {
        return None;
    }
    Some(Rule {
        code: raw.code,
        kind,
        lang: raw.lang,
        preview,
        tag: tag.unwrap_or(Tag::U),
        source: raw.source,
        patterns: raw.patterns,
        regex: raw.regex,
        near,
        unless_near,
        compose,
        cites,
        counts_as_harm,
        written_from: raw.written_from,
        reason_fr: raw.reason_fr,
        reason_en: raw.reason_en,
        examples_match: examples.matches,
        examples_no_match: examples.no_match,
        origin: origin.to_owned(),
        in_code: false,
    })
}

fn check_near(name: &str, raw: RawNear, problems: &mut Vec<String>) -> Near {
    if raw.terms.is_empty() {
        problems.push(format!("{name}.terms is empty"));
    }
    if raw.within == 0 || raw.within > 50 {
        problems.push(format!("{name}.within must be between 1 and 50 tokens"));
    }
    Near { terms: raw.terms, within: raw.within }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_shapes() {
        for ok in ["PIMP-PACK-01", "EN-AGE-STATED-01", "C2-X-10"] {
            assert!(valid_code(ok), "{ok}");
        }
        for bad in
            ["pimp-pack-01", "PIMP-PACK-1", "PIMP--01", "01", "PIMP-PACK", "PIMP_PACK-01", ""]
        {
            assert!(!valid_code(bad), "{bad}");
        }
    }
}
