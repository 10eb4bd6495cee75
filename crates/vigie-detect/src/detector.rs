//! The detector: rules loaded and validated once, then applied to documents.

use std::collections::BTreeMap;
use std::fmt;

use vigie_model::{
    Assessment, DamperHit, Damping, Document, EngineInfo, Identifier, IdentifierKind, Signal, Span,
};
use vigie_text::{Normalized, Normalizer};

use crate::age;
use crate::matcher::{Hit, Matcher, Role, Tokens};
use crate::rule::{CiteScope, DAMPED_FACTOR, RawFile, Rule, RuleKind, validate};
use crate::score::{MAX_SIGNAL_WEIGHT, OBFUSCATION_FACTOR, score};

/// One problem in the rules, located by file and rule code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleError {
    /// File (or `code`) the rule comes from.
    pub origin: String,
    /// The rule's code, when known.
    pub code: Option<String>,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for RuleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.code {
            Some(code) => write!(f, "{}: rule {}: {}", self.origin, code, self.message),
            None => write!(f, "{}: {}", self.origin, self.message),
        }
    }
}

/// Every problem found while loading rules (all of them, not just the first).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub struct RuleErrors {
    /// The problems, in file order.
    pub errors: Vec<RuleError>,
}

impl fmt::Display for RuleErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} problem(s) in the rules", self.errors.len())?;
        for e in &self.errors {
            write!(f, "\n  {e}")?;
        }
        Ok(())
    }
}

/// Configures a [`Detector`].
#[derive(Debug, Clone)]
pub struct DetectorBuilder {
    shipped: bool,
    sources: Vec<(String, String)>,
    region: String,
    identifiers: bool,
}

impl DetectorBuilder {
    /// Whether to load the rules shipped with Vigie (default: yes).
    #[must_use]
    pub fn shipped_rules(mut self, yes: bool) -> DetectorBuilder {
        self.shipped = yes;
        self
    }

    /// Default region for national phone numbers (ISO 3166 alpha-2; default `FR`).
    #[must_use]
    pub fn region(mut self, region: impl Into<String>) -> DetectorBuilder {
        self.region = region.into().to_ascii_uppercase();
        self
    }

    /// Whether to extract identifiers (phones, handles, prices, ages, places; default: yes).
    #[must_use]
    pub fn identifiers(mut self, yes: bool) -> DetectorBuilder {
        self.identifiers = yes;
        self
    }

    /// Adds a rule file's contents; `origin` names it in errors (a path, usually).
    #[must_use]
    pub fn rules_toml(
        mut self,
        origin: impl Into<String>,
        toml: impl Into<String>,
    ) -> DetectorBuilder {
        self.sources.push((origin.into(), toml.into()));
        self
    }

    /// Validates every rule and compiles the matcher, reporting all problems at once.
    pub fn build(self) -> Result<Detector, RuleErrors> {
        let mut sources: Vec<(String, String)> = Vec::new();
        if self.shipped {
            sources.extend(
                crate::SHIPPED.iter().map(|(p, t)| (format!("rules/{p}"), (*t).to_owned())),
            );
        }
        sources.extend(self.sources);
        let mut errors = Vec::new();
        let mut rules = vec![age::rule(), obscured_phone_rule()];
        let mut files = Vec::new();
        for (origin, text) in &sources {
            match toml::from_str::<RawFile>(text) {
                Ok(f) => files.push((origin, f)),
                Err(e) => {
                    let message = e.to_string().trim_end().replace('\n', "\n    ");
                    errors.push(RuleError { origin: origin.clone(), code: None, message });
                }
            }
        }
        // Word classes first: a rule in any file may use a class from any other.
        let mut classes: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let mut class_origin: BTreeMap<String, String> = BTreeMap::new();
        for (origin, file) in &mut files {
            for class in std::mem::take(&mut file.class) {
                let problem = if class.terms.is_empty() {
                    Some("class has no terms".to_owned())
                } else if class.lang != "fr" && class.lang != "en" {
                    Some(format!("class lang must be fr or en, not {}", class.lang))
                } else if let Some(other) = class_origin.get(&class.name) {
                    Some(format!("class name already used in {other}"))
                } else if class.name.is_empty()
                    || !class.name.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
                {
                    Some("class names are lower-case ASCII letters and '_'".to_owned())
                } else {
                    None
                };
                if let Some(message) = problem {
                    errors.push(RuleError {
                        origin: (*origin).clone(),
                        code: Some(format!("class {}", class.name)),
                        message,
                    });
                } else {
                    class_origin.insert(class.name.clone(), (*origin).clone());
                    classes.insert(class.name, class.terms);
                }
            }
        }
        for (origin, file) in files {
            for raw in file.rule {
                let code = raw.code.clone();
                let mut problems = Vec::new();
                if let Some(rule) = validate(raw, origin, &mut problems) {
                    if let Some(other) = rules.iter().find(|r| r.code == rule.code) {
                        problems.push(format!("code already used in {}", other.origin));
                    } else {
                        rules.push(rule);
                    }
                }
                errors.extend(problems.into_iter().map(|message| RuleError {
                    origin: origin.clone(),
                    code: Some(code.clone()),
                    message,
                }));
            }
        }
        let mut normalizer = Normalizer::new();
        let matcher =
            Matcher::new(&rules, &classes, &mut |t| normalizer.normalize(t).as_str().to_owned());
        if let Err(problems) = &matcher {
            errors.extend(problems.iter().map(|(i, message)| RuleError {
                origin: rules[*i].origin.clone(),
                code: Some(rules[*i].code.clone()),
                message: message.clone(),
            }));
        }
        if !errors.is_empty() {
            // In file order, each file's problems in the order found.
            let position = |origin: &str| sources.iter().position(|(o, _)| o == origin);
            errors.sort_by_key(|e| position(&e.origin));
            return Err(RuleErrors { errors });
        }
        let fingerprint = fingerprint(&sources, rules.len());
        let minor_harm =
            rules.iter().filter(|r| r.counts_as_harm).map(|r| r.code.clone()).collect();
        Ok(Detector {
            rules,
            classes,
            minor_harm,
            matcher: matcher.expect("no errors"),
            fingerprint,
            region: self.region,
            identifiers: self.identifiers,
        })
    }
}

/// FNV-1a over the rule sources: a stable fingerprint for `EngineInfo` (not a security hash).
fn fingerprint(sources: &[(String, String)], count: usize) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for (origin, text) in sources {
        for b in origin.bytes().chain([0]).chain(text.bytes()).chain([0]) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{count} rules, fnv1a:{h:016x}")
}

/// Vigie's rule engine: validated rules and their compiled matcher. Cheap to share across threads.
pub struct Detector {
    rules: Vec<Rule>,
    classes: BTreeMap<String, Vec<String>>,
    /// Codes of the `minor_age_cue` rules that also count as a harm (`counts_as_harm`).
    minor_harm: std::collections::BTreeSet<String>,
    matcher: Matcher,
    fingerprint: String,
    region: String,
    identifiers: bool,
}

#[allow(clippy::missing_fields_in_debug)] // the matcher is a large compiled automaton
impl fmt::Debug for Detector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Detector")
            .field("rules", &self.rules.len())
            .field("fingerprint", &self.fingerprint)
            .finish()
    }
}

impl Detector {
    /// A builder with the shipped rules.
    pub fn builder() -> DetectorBuilder {
        DetectorBuilder {
            shipped: true,
            sources: Vec::new(),
            region: "FR".to_owned(),
            identifiers: true,
        }
    }

    /// The loaded rules, the code rules first.
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// The word classes rules refer to as `{name}`, with their terms as written.
    pub fn classes(&self) -> &BTreeMap<String, Vec<String>> {
        &self.classes
    }

    /// Versions of the engine and rules, as stamped on every assessment.
    pub fn engine_info(&self) -> EngineInfo {
        EngineInfo {
            engine: format!("vigie-detect {}", env!("CARGO_PKG_VERSION")),
            rules: self.fingerprint.clone(),
        }
    }

    /// A scanner that reuses its buffers across documents.
    pub fn scanner(&self) -> Scanner<'_> {
        Scanner {
            detector: self,
            normalizer: Normalizer::new(),
            norm: Normalized::default(),
            hits: Vec::new(),
            ages: Vec::new(),
            tokens: vigie_extract::Tokens::default(),
            ctx: vigie_extract::Context { region: self.region.clone(), timestamp: None },
            info: self.engine_info(),
        }
    }

    /// Assesses one document (allocates a scanner; use [`Detector::scanner`] for streams).
    pub fn assess(&self, doc: &Document) -> Assessment {
        self.scanner().assess(doc)
    }
}

/// Applies a detector to a stream of documents, reusing buffers.
pub struct Scanner<'d> {
    detector: &'d Detector,
    normalizer: Normalizer,
    norm: Normalized,
    hits: Vec<Hit>,
    /// The ages of the last text, found once for `AGE-STATED-01` and reused as identifiers.
    ages: Vec<vigie_extract::Age>,
    /// The tokens of the last normalised text, split once for every extractor.
    tokens: vigie_extract::Tokens,
    /// Region and timestamp for the extractors, kept across documents (no clone per document).
    ctx: vigie_extract::Context,
    info: EngineInfo,
}

impl Scanner<'_> {
    /// Assesses one document.
    pub fn assess(&mut self, doc: &Document) -> Assessment {
        self.ctx.timestamp.clone_from(&doc.timestamp);
        let (mut signals, dampers) = self.signals_in(&doc.text);
        let identifiers = if self.detector.identifiers {
            // The ages were found for AGE-STATED-01 already: only the other kinds are looked for.
            let ages = self.ages.drain(..).map(|a| a.identifier);
            let ids =
                vigie_extract::extract_with(&doc.text, &self.norm, &self.tokens, &self.ctx, ages);
            obscured_phone_signals(&self.detector.rules[1], &ids, &mut signals);
            ids
        } else {
            Vec::new()
        };
        let harm = &self.detector.minor_harm;
        let scored = score(&signals, &dampers, &|s: &Signal| harm.contains(&s.code));
        Assessment {
            document: doc.id.clone(),
            score: scored.score,
            level: scored.level,
            categories: scored.categories,
            signals,
            dampers,
            identifiers,
            explanation: scored.explanation,
            engine: self.info.clone(),
        }
    }

    /// The signals and dampers of a text, in text order.
    pub fn signals(&mut self, text: &str) -> (Vec<Signal>, Vec<DamperHit>) {
        self.ctx.timestamp = None;
        self.signals_in(text)
    }

    /// [`Scanner::signals`] with the extractors' context as set by the caller.
    fn signals_in(&mut self, text: &str) -> (Vec<Signal>, Vec<DamperHit>) {
        self.normalizer.normalize_into(text, &mut self.norm);
        let norm = &self.norm;
        self.hits.clear();
        self.detector.matcher.find(norm.as_str(), &mut self.hits);
        // Stated ages come from the age extractor (one implementation for the rule and the
        // identifiers), run alone here so that the rule fires with identifiers off too.
        self.tokens.split(norm);
        self.ages = vigie_extract::ages_with(text, norm, &self.tokens, &self.ctx);
        let mut signals = Vec::new();
        let mut dampers = Vec::new();
        let mut citers: Vec<(Span, CiteScope)> = Vec::new();
        let mut tokens = None;
        let hits = &self.hits;
        let mut i = 0;
        while i < hits.len() {
            let rule_id = hits[i].rule;
            let end = i + hits[i..].iter().take_while(|h| h.rule == rule_id).count();
            let group = &hits[i..end];
            i = end;
            let rule = &self.detector.rules[rule_id as usize];
            // Hits are sorted by (rule, role, position): each role is a contiguous slice.
            let split_near = group.partition_point(|h| h.role < Role::Near);
            let split_slot = group.partition_point(|h| h.role < Role::Slot(0));
            let split_unless = group.partition_point(|h| h.role < Role::Unless);
            let patterns = &group[..split_near];
            let near = &group[split_near..split_slot];
            let slots = &group[split_slot..split_unless];
            let unless = &group[split_unless..];
            for (k, hit) in patterns.iter().enumerate() {
                // A hit inside a longer hit of the same rule adds nothing.
                let inside = patterns.iter().enumerate().any(|(j, o)| {
                    j != k
                        && o.start <= hit.start
                        && hit.end <= o.end
                        && (o.end - o.start) > (hit.end - hit.start)
                });
                if inside {
                    continue;
                }
                let tokens = tokens.get_or_insert_with(|| Tokens::new(norm.as_str()));
                let span = (hit.start, hit.end);
                if let Some(n) = &rule.near
                    && !near.iter().any(|t| tokens.between(span, (t.start, t.end)) <= n.within)
                {
                    continue;
                }
                // Compose: the evidence is the pattern and its nearest term in each filled slot,
                // so the signal's span runs from the first to the last of them.
                let (mut start, mut end) = span;
                if let Some(c) = &rule.compose {
                    let mut filled = 0;
                    for k in 0..c.slots.len() {
                        let nearest = slots
                            .iter()
                            .filter(|t| t.role == Role::Slot(k as u8))
                            .filter(|t| t.end <= hit.start || t.start >= hit.end)
                            .map(|t| (tokens.between(span, (t.start, t.end)), t))
                            .filter(|(d, _)| *d <= c.within)
                            .min_by_key(|(d, _)| *d);
                        if let Some((_, t)) = nearest {
                            filled += 1;
                            start = start.min(t.start);
                            end = end.max(t.end);
                        }
                    }
                    if filled < c.min {
                        continue;
                    }
                }
                let damper = rule.unless_near.as_ref().and_then(|n| {
                    unless.iter().find(|t| tokens.between(span, (t.start, t.end)) <= n.within)
                });
                let damped_by = damper.map(|t| {
                    let s = to_span(norm, t.start as usize, t.end as usize);
                    Damping { span: s, matched: text[s.start..s.end].to_owned() }
                });
                push(
                    &mut signals,
                    &mut dampers,
                    rule,
                    norm,
                    text,
                    start as usize,
                    end as usize,
                    damped_by,
                );
                if let (Some(scope), Some(d)) = (rule.cites, dampers.last())
                    && matches!(rule.kind, RuleKind::Damper { .. })
                {
                    citers.push((d.span, scope));
                }
            }
        }
        cite(text, &citers, &mut signals);
        debug_assert_eq!(self.detector.rules[0].code, age::CODE);
        debug_assert_eq!(self.detector.rules[1].code, OBSCURED_PHONE_CODE);
        signals.extend(self.ages.iter().filter_map(|a| age::signal(&self.detector.rules[0], a)));
        signals.sort_by(|a, b| (a.span, &a.code).cmp(&(b.span, &b.code)));
        dampers.sort_by(|a, b| (a.span, &a.code).cmp(&(b.span, &b.code)));
        (signals, dampers)
    }
}

/// Marks the signals that sit in reported or advisory speech: same sentence as a citing damper's
/// words (or anywhere, for a document-wide one). Their spans stay; their weight no longer counts.
fn cite(text: &str, citers: &[(Span, CiteScope)], signals: &mut [Signal]) {
    if citers.is_empty() {
        return;
    }
    for s in signals.iter_mut() {
        // The words of its own sentence explain a citation best; a document-wide one otherwise.
        let by = citers
            .iter()
            .find(|(span, scope)| {
                *scope == CiteScope::Sentence && same_sentence(text, *span, s.span)
            })
            .or_else(|| citers.iter().find(|(_, scope)| *scope == CiteScope::Document));
        if let Some((span, _)) = by {
            s.cited = true;
            s.cited_by =
                Some(Damping { span: *span, matched: text[span.start..span.end].to_owned() });
            s.effective_weight = 0.0;
        }
    }
}

/// Whether no sentence end lies between two spans of `text`: a line break, or `.`, `!`, `?`, `…`
/// followed (after spaces and closing quotes) by an upper-case letter — so that
/// « Je te fais un pack ! » explique le policier is one sentence.
pub(crate) fn same_sentence(text: &str, a: Span, b: Span) -> bool {
    let (lo, hi) = if a.end <= b.start {
        (a.end, b.start)
    } else if b.end <= a.start {
        (b.end, a.start)
    } else {
        return true;
    };
    let between = &text[lo..hi];
    for (i, c) in between.char_indices() {
        match c {
            '\n' => return false,
            '.' | '!' | '?' | '…' => {
                let after = text[lo + i + c.len_utf8()..]
                    .chars()
                    .find(|c| !c.is_whitespace() && !matches!(c, '»' | '"' | '”' | '\'' | ')'));
                if after.is_some_and(char::is_uppercase) {
                    return false;
                }
            }
            _ => {}
        }
    }
    true
}

/// Code of the signal raised by a disguised phone number (C18: an obscured phone is one of the
/// ad cues the JRSA/NIJ study validated).
pub(crate) const OBSCURED_PHONE_CODE: &str = "PHONE-OBSCURED-01";

/// Adds a `PHONE-OBSCURED-01` signal for each disguised phone number, keeping text order.
fn obscured_phone_signals(rule: &Rule, ids: &[Identifier], signals: &mut Vec<Signal>) {
    let before = signals.len();
    for id in ids.iter().filter(|i| i.kind == IdentifierKind::Phone && i.obfuscated) {
        signals.push(Signal {
            code: OBSCURED_PHONE_CODE.to_owned(),
            category: vigie_model::Category::AdMinorCue,
            span: id.span,
            matched: id.matched.clone(),
            weight: OBSCURED_PHONE_WEIGHT,
            effective_weight: OBSCURED_PHONE_WEIGHT,
            obfuscated: true,
            damped_by: None,
            cited: false,
            cited_by: None,
            reason_fr: rule.reason_fr.clone(),
            reason_en: rule.reason_en.clone(),
        });
    }
    if signals.len() > before {
        signals.sort_by(|a, b| (a.span, &a.code).cmp(&(b.span, &b.code)));
    }
}

/// `PHONE-OBSCURED-01` as listed by `vigie rules list`, with its examples.
fn obscured_phone_rule() -> Rule {
    Rule {
        code: OBSCURED_PHONE_CODE.to_owned(),
        kind: crate::RuleKind::Signal { category: vigie_model::Category::AdMinorCue, weight: OBSCURED_PHONE_WEIGHT },
        lang: "fr".to_owned(),
        preview: false,
        tag: crate::Tag::D,
        source: "NIJ24, JRSA-PR".to_owned(),
        patterns: Vec::new(),
        regex: Vec::new(),
        near: None,
        unless_near: None,
        compose: None,
        cites: None,
        counts_as_harm: false,
        written_from: Vec::new(),
        reason_fr: "Numéro de téléphone déguisé (chiffres en lettres, émojis, séparateurs) : un indice relevé dans les annonces de mineures.".to_owned(),
        reason_en: "Disguised phone number (spelled digits, emojis, separators): a cue found in ads for minors.".to_owned(),
        examples_match: vec![
            "dispo ce soir, appelle le zéro six douze trente-quatre cinquante-six soixante-dix-huit".to_owned(),
            "nouvelle, 0️⃣6️⃣ 1️⃣2️⃣ 3️⃣4️⃣ 5️⃣6️⃣ 7️⃣8️⃣".to_owned(),
        ],
        examples_no_match: vec!["dispo ce soir, appelle le 06 12 34 56 78".to_owned()],
        origin: "code".to_owned(),
        in_code: true,
    }
}

/// Weight of `PHONE-OBSCURED-01`: M in indicators.md (C18 "obscured phone", documented by the
/// JRSA/NIJ study), so it flags only with other cues.
pub(crate) const OBSCURED_PHONE_WEIGHT: f64 = 0.3;

fn to_span(norm: &Normalized, start: usize, end: usize) -> Span {
    let s = norm.original_span(start, end);
    Span::new(s.start, s.end)
}

#[allow(clippy::too_many_arguments)]
fn push(
    signals: &mut Vec<Signal>,
    dampers: &mut Vec<DamperHit>,
    rule: &Rule,
    norm: &Normalized,
    text: &str,
    start: usize,
    end: usize,
    damped_by: Option<Damping>,
) {
    let span = to_span(norm, start, end);
    let matched = text[span.start..span.end].to_owned();
    match rule.kind {
        RuleKind::Signal { category, weight } => {
            let obfuscated = norm.obfuscated(start, end);
            let mut effective = weight;
            if damped_by.is_some() {
                effective *= DAMPED_FACTOR;
            }
            if obfuscated {
                effective = (effective * OBFUSCATION_FACTOR).min(MAX_SIGNAL_WEIGHT);
            }
            let (reason_fr, reason_en) = (rule.reason_fr.clone(), rule.reason_en.clone());
            signals.push(Signal {
                code: rule.code.clone(),
                category,
                span,
                matched,
                weight,
                effective_weight: (effective * 10_000.0).round() / 10_000.0,
                obfuscated,
                damped_by,
                cited: false,
                cited_by: None,
                reason_fr,
                reason_en,
            });
        }
        RuleKind::Damper { factor } => dampers.push(DamperHit {
            code: rule.code.clone(),
            span,
            matched,
            factor,
            reason_fr: rule.reason_fr.clone(),
            reason_en: rule.reason_en.clone(),
        }),
    }
}
