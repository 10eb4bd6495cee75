//! Scoring a conversation message by message.

use crate::features::{FeatureKind, for_each_ngram, tf};
use crate::hash::bucket;
use crate::model::Model;

/// A conversation's running score: add messages as they arrive, read the score so far.
///
/// The score after messages `m₁ … mₖ` equals [`Model::score`] of `m₁ … mₖ` joined with spaces
/// (the form of the training data), up to normalisation effects across a message boundary
/// (e.g. one-letter tokens that would join). Each message costs its own length: the
/// accumulator keeps the bucket counts, the running dot product and the running norm.
#[derive(Clone, Debug)]
pub struct ConversationScorer<'m> {
    model: &'m Model,
    /// Count per bucket: looked up, never iterated.
    counts: rustc_hash::FxHashMap<u32, u32>,
    /// `Σ w_b · tf(c_b)` over n-gram buckets.
    dot: f64,
    /// `Σ tf(c_b)²`.
    sumsq: f64,
    extras: std::collections::BTreeSet<u32>,
    /// The last `word_max - 1` normalised tokens, for word n-grams across messages.
    tail: String,
    messages: usize,
}

impl<'m> ConversationScorer<'m> {
    /// An empty conversation.
    pub fn new(model: &'m Model) -> ConversationScorer<'m> {
        ConversationScorer {
            model,
            counts: rustc_hash::FxHashMap::default(),
            dot: 0.0,
            sumsq: 0.0,
            extras: std::collections::BTreeSet::new(),
            tail: String::new(),
            messages: 0,
        }
    }

    /// Adds one message (its normalised form) and the extra features it fired.
    pub fn push_normalized(&mut self, norm: &str, extras: &[&str]) {
        self.messages += 1;
        let spec = self.model.spec;
        let joined;
        let (text, skip) = if self.tail.is_empty() || norm.is_empty() {
            (norm, 0)
        } else {
            joined = format!("{} {norm}", self.tail);
            (joined.as_str(), self.tail.len())
        };
        let mut buckets = Vec::new();
        for_each_ngram(text, spec, |o| {
            if o.end as usize > skip {
                buckets.push(o.bucket);
            }
        });
        for b in buckets {
            let c = self.counts.entry(b).or_insert(0);
            let w = self.model.weight(b);
            if *c > 0 {
                let old = tf(*c);
                self.dot -= w * old;
                self.sumsq -= old * old;
            }
            *c += 1;
            let new = tf(*c);
            self.dot += w * new;
            self.sumsq += new * new;
        }
        let mask = spec.mask();
        self.extras.extend(extras.iter().map(|e| bucket(FeatureKind::Extra.namespace(), e, mask)));
        // Keep the last word_max - 1 tokens.
        let keep = usize::from(spec.word_max.saturating_sub(1));
        if keep > 0 && !norm.is_empty() {
            let all = if self.tail.is_empty() {
                norm.to_owned()
            } else {
                format!("{} {norm}", self.tail)
            };
            let tokens: Vec<&str> = all.split(' ').collect();
            self.tail = tokens[tokens.len().saturating_sub(keep)..].join(" ");
        }
    }

    /// Adds one original message and the extra features it fired.
    pub fn push(&mut self, text: &str, extras: &[&str]) {
        self.push_normalized(vigie_text::normalize(text).as_str(), extras);
    }

    /// Number of messages added.
    pub fn messages(&self) -> usize {
        self.messages
    }

    /// The logit so far.
    pub fn logit(&self) -> f64 {
        let ngrams = if self.sumsq > 0.0 { self.dot / self.sumsq.sqrt() } else { 0.0 };
        self.model.bias + ngrams + self.extras.iter().map(|&b| self.model.weight(b)).sum::<f64>()
    }

    /// The calibrated probability so far.
    pub fn probability(&self) -> f64 {
        self.model.decide(self.logit()).0
    }

    /// True if the model alerts on the conversation so far.
    pub fn alert(&self) -> bool {
        self.model.decide(self.logit()).1
    }
}
