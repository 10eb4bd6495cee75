//! Scoring a conversation message by message: per-author harm, conversation-wide minor-age cues,
//! the stage timeline and the earliest warning.
//!
//! * Each author's messages are scored together with the message scorer's formula
//!   ([`crate::score`]): every rule counts once per author (its strongest hit in the
//!   conversation), a signal in a damped message (advisory or reported speech) is multiplied by
//!   that message's damper factor, and several categories raise the score.
//! * `minor_age_cue` comes from **both** participants of a one-to-one conversation: a child who
//!   says « j'ai 14 ans » raises the risk of the other author's manoeuvres; it is never a harm
//!   alone. In a group conversation (three or more participants) an author's own minor-age cues
//!   count only for that author: among classmates, one pupil's age says nothing about whom another
//!   addresses.
//! * The conversation's score is that of the author whose messages score highest: the groomer's
//!   messages carry the risk, the child's answers do not add to it.
//! * `AGE-ANSWER-01` (conversation rule): a message that opens with a bare number from 8 to 17
//!   right after another participant asked the age (« t'as quel âge ? » → « 13 et toi ? ») is a
//!   stated age; no single message shows it.
//! * Escalation (DESIGN §5): furthest stage reached (approach 1 … exploitation 4) plus the number
//!   of distinct harm categories, times `1 + minor-age cue`.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::Regex;

use vigie_learn::{ConversationScorer, Model};
use vigie_model::{
    AuthorSummary, Category, CategoryRole, ConversationAssessment, Explanation, Level,
    ModelFeature, ModelVerdict, Signal, Span, Stage, TimelineStep, Warning,
};

use super::lang::is_english;
use super::{Conversation, ConversationMessage};
use crate::Detector;
use crate::score::{CategoryGroup, combine, noisy_or, round};

/// Smallest weight of a signal that reaches a stage or counts as an escalating category: the
/// lexical cues (`rules/fr/lexicon.toml`, weight 0.02) name a category without moving the stage.
const STAGE_MIN_WEIGHT: f64 = 0.05;

/// The strongest hit of one rule for one author.
#[derive(Clone)]
struct Hit {
    weight: f64,
    message: usize,
    signal: Signal,
}

/// Best hit per rule code, per author (or for the whole conversation, for minor-age cues).
type Best = BTreeMap<String, Hit>;

fn stage_rank(stage: Stage) -> usize {
    match stage {
        Stage::Approach => 1,
        Stage::Trust => 2,
        Stage::Control => 3,
        Stage::Exploitation => 4,
    }
}

/// The signals of one message that count: the same span counts once per category.
fn counted(m: &ConversationMessage) -> Vec<(f64, &Signal)> {
    let factor = m.assessment.dampers.iter().map(|d| d.factor).reduce(f64::min).unwrap_or(1.0);
    let signals = &m.assessment.signals;
    signals
        .iter()
        .filter(|s| !s.cited)
        .filter(|s| {
            !signals.iter().any(|o| {
                o.category == s.category
                    && o.span == s.span
                    && o.effective_weight
                        .total_cmp(&s.effective_weight)
                        .then_with(|| s.code.cmp(&o.code))
                        .is_gt()
            })
        })
        .map(|s| (s.effective_weight * factor, s))
        .collect()
}

fn keep(best: &mut Best, weight: f64, message: usize, signal: &Signal) {
    match best.get(&signal.code) {
        Some(h) if h.weight >= weight => {}
        _ => {
            best.insert(signal.code.clone(), Hit { weight, message, signal: signal.clone() });
        }
    }
}

fn node(hit: &Hit) -> Explanation {
    let s = &hit.signal;
    let n = hit.message + 1;
    Explanation {
        value: round(hit.weight),
        reason_fr: format!("message {n} : {}", s.reason_fr),
        reason_en: format!("message {n}: {}", s.reason_en),
        code: Some(s.code.clone()),
        spans: vec![s.span],
        children: Vec::new(),
    }
}

fn groups(best: &Best) -> Vec<CategoryGroup> {
    let mut by_category: BTreeMap<Category, CategoryGroup> = BTreeMap::new();
    for hit in best.values() {
        let group = by_category.entry(hit.signal.category).or_insert_with(|| CategoryGroup {
            category: hit.signal.category,
            weights: Vec::new(),
            children: Vec::new(),
            harm_weights: Vec::new(),
        });
        group.weights.push(hit.weight);
        group.children.push(node(hit));
    }
    by_category.into_values().collect()
}

fn minor_node(minor: &Best) -> Option<(f64, Explanation)> {
    if minor.is_empty() {
        return None;
    }
    let value = noisy_or(minor.values().map(|h| h.weight));
    Some((
        value,
        Explanation {
            value: round(value),
            reason_fr: Category::MinorAgeCue.label_fr().to_owned(),
            reason_en: Category::MinorAgeCue.label_en().to_owned(),
            code: Some(Category::MinorAgeCue.as_str().to_owned()),
            spans: Vec::new(),
            children: minor.values().map(node).collect(),
        },
    ))
}

/// Code of the conversation rule for an age given in answer to an age question.
pub const AGE_ANSWER_CODE: &str = "AGE-ANSWER-01";
/// Its weight: as strong as a stated age, slightly lower because the number is inferred.
const AGE_ANSWER_WEIGHT: f64 = 0.45;
/// How many messages after the question an answer still counts.
const AGE_ANSWER_WINDOW: usize = 3;

fn asks_age(m: &ConversationMessage) -> bool {
    m.assessment.signals.iter().any(|s| {
        let code = s.code.strip_prefix("EN-").unwrap_or(&s.code);
        code.starts_with("AGE-ASK")
    })
}

/// A bare age from 8 to 17 opening the message (« 13 », « 14 ans et toi ? », « 15a »).
fn answered_age(m: &ConversationMessage) -> Option<Signal> {
    static ANSWER: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^\s*(?:j'ai\s+|jai\s+|i'm\s+|im\s+)?(\d{1,2})(?:\s*(?:ans|an|a|yo|y/o|years?(?:\s+old)?))?(?:[\s,.!?;:)]|$)")
            .expect("valid regex")
    });
    if m.assessment.signals.iter().any(|s| s.code == "AGE-STATED-01") {
        return None;
    }
    let text = &m.document.text;
    let caps = ANSWER.captures(text)?;
    let digits = caps.get(1)?;
    let age: u32 = digits.as_str().parse().ok()?;
    if !(8..=17).contains(&age) {
        return None;
    }
    let span = Span::new(digits.start(), caps.get(0)?.end().min(text.len()));
    let span = Span::new(
        span.start,
        text[..span.end].trim_end_matches([' ', ',', '.', '!', '?', ';', ':', ')']).len(),
    );
    Some(Signal {
        code: AGE_ANSWER_CODE.to_owned(),
        category: Category::MinorAgeCue,
        span,
        matched: text[span.start..span.end].to_owned(),
        weight: AGE_ANSWER_WEIGHT,
        effective_weight: AGE_ANSWER_WEIGHT,
        obfuscated: false,
        damped_by: None,
        cited: false,
        cited_by: None,
        reason_fr: format!("Âge donné en réponse à « t'as quel âge ? » ({age} ans)"),
        reason_en: format!("Age given in answer to \"how old are you?\" ({age})"),
    })
}

fn author_of(m: &ConversationMessage) -> String {
    m.document.author.clone().unwrap_or_else(|| "?".to_owned())
}

/// Options of a conversation assessment.
#[derive(Debug, Clone, Copy)]
pub struct ConversationOptions {
    /// Use the learned models where they apply (today: the English grooming model on English
    /// conversations). Default: yes.
    pub models: bool,
}

impl Default for ConversationOptions {
    fn default() -> ConversationOptions {
        ConversationOptions { models: true }
    }
}

/// Name of the shipped grooming model in verdicts.
pub const GROOMING_MODEL_NAME: &str = "grooming-en";

/// A short fingerprint of the shipped model file (FNV-1a 64 of its bytes), so that a verdict in a
/// case file names the exact model that produced it.
fn model_version() -> &'static str {
    static VERSION: LazyLock<String> = LazyLock::new(|| {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for &b in vigie_learn::shipped::GROOMING_EN_BYTES {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        format!("{h:016x}")
    });
    &VERSION
}

/// The model's probability after each message, and its explained verdict on the whole text.
fn model_verdict(model: &Model, messages: &[ConversationMessage]) -> (Vec<f64>, ModelVerdict) {
    let mut scorer = ConversationScorer::new(model);
    let mut probabilities = Vec::with_capacity(messages.len());
    let mut first_alert = None;
    for (i, m) in messages.iter().enumerate() {
        scorer.push(&m.document.text, &[]);
        probabilities.push(round(scorer.probability()));
        if first_alert.is_none() && scorer.alert() {
            first_alert = Some(i);
        }
    }
    // The explanation is computed on the messages joined with spaces (the training form), then
    // each span is mapped back to its message.
    let mut joined = String::new();
    let mut starts = Vec::with_capacity(messages.len());
    for m in messages {
        if !joined.is_empty() {
            joined.push(' ');
        }
        starts.push(joined.len());
        joined.push_str(&m.document.text);
    }
    let score = model.score(&joined, &[]);
    let features = score
        .contributions
        .iter()
        .take(8)
        .map(|c| {
            let message = c.spans.first().map(|s| starts.partition_point(|&x| x <= s.start) - 1);
            let spans = match message {
                Some(i) => c
                    .spans
                    .iter()
                    .filter(|s| {
                        s.start >= starts[i] && s.end <= starts[i] + messages[i].document.text.len()
                    })
                    .map(|s| Span::new(s.start - starts[i], s.end - starts[i]))
                    .collect(),
                None => Vec::new(),
            };
            ModelFeature { feature: c.feature.clone(), weight: round(c.weight), message, spans }
        })
        .collect();
    let verdict = ModelVerdict {
        model: format!("{GROOMING_MODEL_NAME}@{}", model_version()),
        probability: probabilities.last().copied().unwrap_or(0.0),
        threshold: round(model.threshold()),
        alert: first_alert.is_some() && scorer.alert(),
        first_alert,
        features,
    };
    (probabilities, verdict)
}

impl Detector {
    /// Assesses a whole conversation from its messages' assessments, with the default options.
    pub fn assess_conversation(&self, conversation: &Conversation) -> ConversationAssessment {
        self.assess_conversation_with(conversation, ConversationOptions::default())
    }

    /// Assesses a whole conversation from its messages' assessments. Rules are not re-run; the
    /// learned model, when it applies, reads the messages' texts.
    pub fn assess_conversation_with(
        &self,
        conversation: &Conversation,
        options: ConversationOptions,
    ) -> ConversationAssessment {
        let messages = &conversation.messages;
        let model = (options.models && !messages.is_empty() && is_english(conversation))
            .then(|| model_verdict(vigie_learn::shipped::grooming_en(), messages));
        // Authors in order of first message.
        let mut authors: Vec<String> = Vec::new();
        for m in messages {
            let a = author_of(m);
            if !authors.contains(&a) {
                authors.push(a);
            }
        }
        let mut harm: Vec<Best> = vec![Best::new(); authors.len()];
        let mut minor: Vec<Best> = vec![Best::new(); authors.len()];
        let mut participants: Vec<&str> = authors.iter().map(String::as_str).collect();
        for m in messages {
            for r in &m.document.recipients {
                if !participants.contains(&r.as_str()) {
                    participants.push(r);
                }
            }
        }
        let one_to_one = participants.len() <= 2;
        // The minor-age cues that multiply author `i`'s harm.
        let minor_for = |minor: &[Best], i: usize| -> Best {
            if !one_to_one {
                return minor[i].clone();
            }
            let mut all = Best::new();
            for best in minor {
                for hit in best.values() {
                    keep(&mut all, hit.weight, hit.message, &hit.signal);
                }
            }
            all
        };
        let mut reached: Vec<Stage> = Vec::new();
        let mut seen: Vec<Category> = Vec::new();
        let mut timeline = Vec::with_capacity(messages.len());
        let mut earliest: Vec<Warning> = Vec::new();
        let mut final_scores = vec![0.0; authors.len()];

        let mut question: Option<(usize, usize)> = None; // (asker, message index)
        for (index, m) in messages.iter().enumerate() {
            let who = authors.iter().position(|a| *a == author_of(m)).unwrap_or(0);
            let mut categories: Vec<Category> = Vec::new();
            let mut stages: Vec<Stage> = Vec::new();
            if let Some((asker, at)) = question {
                if index - at > AGE_ANSWER_WINDOW {
                    question = None;
                } else if asker != who
                    && let Some(signal) = answered_age(m)
                {
                    keep(&mut minor[who], signal.weight, index, &signal);
                    categories.push(Category::MinorAgeCue);
                    question = None;
                }
            }
            if asks_age(m) {
                question = Some((who, index));
            }
            for (weight, s) in counted(m) {
                if !categories.contains(&s.category) {
                    categories.push(s.category);
                }
                if s.category.role() == CategoryRole::Multiplier {
                    keep(&mut minor[who], weight, index, s);
                    continue;
                }
                keep(&mut harm[who], weight, index, s);
                // A weak lexical cue names its category but reaches no stage.
                if weight < STAGE_MIN_WEIGHT {
                    continue;
                }
                if !stages.contains(&s.category.stage()) {
                    stages.push(s.category.stage());
                }
                if s.category.role() == CategoryRole::Harm && !seen.contains(&s.category) {
                    seen.push(s.category);
                }
            }
            categories.sort_unstable();
            stages.sort_unstable();
            for st in &stages {
                if !reached.contains(st) {
                    reached.push(*st);
                }
            }
            reached.sort_unstable();
            let mut strongest_minor: Option<f64> = None;
            for (i, best) in harm.iter().enumerate() {
                let minor_value = minor_node(&minor_for(&minor, i));
                if let Some((v, _)) = &minor_value {
                    strongest_minor = Some(strongest_minor.map_or(*v, |m| m.max(*v)));
                }
                final_scores[i] = combine(groups(best), minor_value, Vec::new()).score;
            }
            let rule_score = final_scores.iter().copied().fold(0.0, f64::max);
            let score = match &model {
                Some((probabilities, _)) => rule_score.max(probabilities[index]),
                None => rule_score,
            };
            let level = Level::from_score(score);
            let escalation = escalation(&reached, seen.len(), strongest_minor);
            for l in Level::ALL.into_iter().filter(|l| *l > Level::None && *l <= level) {
                if !earliest.iter().any(|w| w.level == l) {
                    earliest.push(Warning {
                        level: l,
                        index,
                        document: m.document.id.clone(),
                        read_share: 0.0,
                    });
                }
            }
            timeline.push(TimelineStep {
                index,
                document: m.document.id.clone(),
                author: m.document.author.clone(),
                timestamp: m.document.timestamp.clone(),
                score: m.assessment.score,
                level: m.assessment.level,
                categories,
                stages,
                reached: reached.clone(),
                escalation,
                conversation_score: score,
                conversation_level: level,
            });
        }
        for w in &mut earliest {
            w.read_share = round((w.index + 1) as f64 / messages.len().max(1) as f64);
        }

        let rule_score = final_scores.iter().copied().fold(0.0, f64::max);
        let score = timeline.last().map_or(0.0, |s: &TimelineStep| s.conversation_score);
        let level = Level::from_score(score);
        // The first author with the highest score (ties: first to write).
        let driver_index = (rule_score > 0.0)
            .then(|| final_scores.iter().position(|s| s.total_cmp(&rule_score).is_eq()))
            .flatten();
        let explanation = match driver_index {
            Some(i) => {
                let mut e =
                    combine(groups(&harm[i]), minor_node(&minor_for(&minor, i)), Vec::new())
                        .explanation;
                e.reason_fr = format!("{} — porté par {}", e.reason_fr, authors[i]);
                e.reason_en = format!("{} — driven by {}", e.reason_en, authors[i]);
                e
            }
            None => combine(Vec::new(), None, Vec::new()).explanation,
        };
        let mut explanation = explanation;
        if let Some((_, verdict)) = &model {
            explanation.children.push(Explanation {
                value: verdict.probability,
                reason_fr: format!(
                    "modèle appris {} (anglais, PAN12) : probabilité {:.2}, seuil {:.2}",
                    verdict.model, verdict.probability, verdict.threshold
                ),
                reason_en: format!(
                    "learned model {} (English, PAN12): probability {:.2}, threshold {:.2}",
                    verdict.model, verdict.probability, verdict.threshold
                ),
                code: Some(GROOMING_MODEL_NAME.to_owned()),
                spans: Vec::new(),
                children: verdict
                    .features
                    .iter()
                    .map(|f| Explanation {
                        value: f.weight,
                        reason_fr: format!("« {} »", f.feature),
                        reason_en: format!("\"{}\"", f.feature),
                        code: None,
                        spans: f.spans.clone(),
                        children: Vec::new(),
                    })
                    .collect(),
            });
            if score > rule_score {
                explanation.value = score;
                let (fr, en) = match level {
                    Level::None => ("Aucun risque relevé".to_owned(), "No risk found".to_owned()),
                    l => (format!("Risque {}", l.label_fr()), format!("{} risk", l.label_en())),
                };
                explanation.reason_fr = format!("{fr} — porté par le modèle appris");
                explanation.reason_en = format!("{en} — driven by the learned model");
            }
        }
        let summaries = authors
            .iter()
            .enumerate()
            .map(|(i, a)| {
                let mine: Vec<&ConversationMessage> =
                    messages.iter().filter(|m| author_of(m) == *a).collect();
                let mut categories: Vec<Category> = harm[i]
                    .values()
                    .map(|h| h.signal.category)
                    .filter(|c| c.role() != CategoryRole::Multiplier)
                    .collect();
                categories.sort_unstable();
                categories.dedup();
                AuthorSummary {
                    author: a.clone(),
                    role: mine.iter().find_map(|m| {
                        m.document.meta.get("role").and_then(|r| r.as_str()).map(str::to_owned)
                    }),
                    messages: mine.len(),
                    categories,
                    score: final_scores[i],
                    drives_risk: driver_index == Some(i),
                }
            })
            .collect();
        ConversationAssessment {
            conversation: conversation.key.clone(),
            grouping: conversation.grouping,
            messages: messages.len(),
            score,
            level,
            escalation: timeline.last().map_or(0.0, |s: &TimelineStep| s.escalation),
            stages: reached,
            driver: driver_index.map(|i| authors[i].clone()),
            earliest,
            authors: summaries,
            timeline,
            model: model.map(|(_, verdict)| verdict),
            explanation,
            engine: self.engine_info(),
        }
    }
}

fn escalation(reached: &[Stage], categories: usize, minor: Option<f64>) -> f64 {
    let furthest = reached.iter().copied().map(stage_rank).max().unwrap_or(0);
    if furthest == 0 {
        return 0.0;
    }
    round((furthest + categories) as f64 * (1.0 + minor.unwrap_or(0.0)))
}
