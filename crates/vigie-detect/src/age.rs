//! `AGE-STATED-01`: a stated age under 18. Written in code because it needs a number comparison
//! and context checks that literal patterns cannot express. The ages themselves come from the
//! age extractor of `vigie-extract` (one implementation for the rule and the identifiers): an age
//! it finds stated as one (`j'ai 15 ans`, `15 ans et toi ?`, `i'm 14`), from 9 to 17, fires.

use vigie_model::{Category, Signal};

use crate::rule::{Rule, RuleKind, Tag};
use crate::score::{MAX_SIGNAL_WEIGHT, OBFUSCATION_FACTOR};

/// Code of the stated-age rule.
pub(crate) const CODE: &str = "AGE-STATED-01";

/// Youngest and oldest ages that fire.
const AGES: std::ops::RangeInclusive<u8> = 9..=17;

/// The `AGE-STATED-01` signal of an age found by the extractor, if it fires: a single age (not
/// a range), stated as an age, under 18; on the identifier's span.
pub(crate) fn signal(rule: &Rule, age: &vigie_extract::Age) -> Option<Signal> {
    let id = &age.identifier;
    let years =
        id.age_max.filter(|&max| age.stated && id.age_min == Some(max) && AGES.contains(&max))?;
    let RuleKind::Signal { category, weight } = rule.kind else { return None };
    let mut effective = weight;
    if id.obfuscated {
        effective = (effective * OBFUSCATION_FACTOR).min(MAX_SIGNAL_WEIGHT);
    }
    Some(Signal {
        code: rule.code.clone(),
        category,
        span: id.span,
        matched: id.matched.clone(),
        weight,
        effective_weight: (effective * 10_000.0).round() / 10_000.0,
        obfuscated: id.obfuscated,
        damped_by: None,
        cited: false,
        cited_by: None,
        reason_fr: format!("{} ({years} ans)", rule.reason_fr),
        reason_en: format!("{} ({years})", rule.reason_en),
    })
}

/// The rule's description, examples included, as listed by `vigie rules list`.
pub(crate) fn rule() -> Rule {
    Rule {
        code: CODE.to_owned(),
        kind: RuleKind::Signal { category: Category::MinorAgeCue, weight: 0.6 },
        lang: "fr".to_owned(),
        preview: false,
        tag: Tag::D,
        source: "FTV21, EPJT".to_owned(),
        patterns: Vec::new(),
        regex: Vec::new(),
        near: None,
        unless_near: None,
        compose: None,
        cites: None,
        counts_as_harm: false,
        written_from: Vec::new(),
        reason_fr: "Âge déclaré inférieur à 18 ans".to_owned(),
        reason_en: "Stated age under 18".to_owned(),
        examples_match: vec![
            "moi j'ai 15 ans et toi ?".to_owned(),
            "g quinze ans".to_owned(),
            "15 ans 🎀 snap en bio".to_owned(),
            "i'm 14 and you?".to_owned(),
            "she is 16 years old".to_owned(),
        ],
        examples_no_match: vec![
            "ça fait 15 ans que j'habite ici".to_owned(),
            "j'ai 19 ans".to_owned(),
            "il a pris 12 ans de prison".to_owned(),
            "i'm 5 minutes away".to_owned(),
            "j'ai 15 messages non lus".to_owned(),
        ],
        origin: "code".to_owned(),
        in_code: true,
    }
}
