//! `AGE-STATED-01`: a stated age under 18. Written in code because it needs a number comparison
//! and context checks that literal patterns cannot express.

use regex::Regex;
use vigie_model::Category;

use crate::rule::{Rule, RuleKind, Tag};

/// Code of the stated-age rule.
pub(crate) const CODE: &str = "AGE-STATED-01";

/// Youngest and oldest ages that fire.
const AGES: std::ops::RangeInclusive<u32> = 9..=17;

/// Words that, before a bare "N ans", mean a duration or a quantity, not the writer's age.
const NOT_AN_AGE_BEFORE: &[&str] = &[
    "depuis", "pendant", "dans", "de", "les", "des", "ces", "sur", "en", "apres", "avant", "fait",
    "environ", "pour", "plus", "moins", "a", "prison", "mariage",
];

/// Units after "i'm N" that make N something else than an age.
const NOT_AN_AGE_AFTER_EN: &[&str] = &[
    "min", "mins", "minute", "minutes", "hour", "hours", "hrs", "mile", "miles", "km", "percent",
    "%", "dollars", "bucks", "times", "x", "inches", "feet", "ft", "cm", "kg", "lbs", "pounds",
    "k", "days", "weeks", "months", "am", "pm", "o", "euros", "€", "$",
];

/// Finds stated ages in normalised text.
pub(crate) struct AgeFinder {
    fr: Regex,
    en: Regex,
}

/// An age found at `[start, end)` of the normalised text.
pub(crate) struct FoundAge {
    pub start: usize,
    pub end: usize,
    pub age: u32,
}

impl AgeFinder {
    pub(crate) fn new() -> AgeFinder {
        // Normalised text: lower-case ASCII words separated by single spaces (vigie-text).
        let fr = Regex::new(
            r"(?:^| )((?:(j ai|jai|j aurai|elle a|il a|t as|tu as|moi|age|agee|je vais avoir|j vais avoir|bientot|a peine|que|seulement|juste|presque|tout juste) )?(\d{1,2})( ?ans| ?an|a)(?: (et toi|et vous|et demi|bientot))?)(?: |$)",
        )
        .expect("valid regex");
        let en = Regex::new(
            r"(?:^| )((?:(i m|im|i am|she s|she is|he s|he is|age|aged|only|just turned|turning|turned) )?(\d{1,2}) ?(years old|year old|yrs old|yr old|yo|y o)?)(?: ([^ ]+)|$)",
        )
        .expect("valid regex");
        AgeFinder { fr, en }
    }

    pub(crate) fn find(&self, text: &str, out: &mut Vec<FoundAge>) {
        // Every form needs a digit (number words are digits once normalised): skip the regexes
        // on the many messages without one.
        if !has_candidate_age(text) {
            return;
        }
        // `is_match` runs on the fast DFA; captures only when there is something to capture.
        for caps in
            self.fr.is_match(text).then(|| self.fr.captures_iter(text)).into_iter().flatten()
        {
            let whole = caps.get(1).expect("group 1 always matches");
            let Some(age) = caps.get(3).and_then(|m| m.as_str().parse::<u32>().ok()) else {
                continue;
            };
            let prefixed = caps.get(2).is_some();
            let at_start = whole.start() == 0;
            let before =
                text[..whole.start()].split(' ').rev().find(|t| !t.is_empty()).unwrap_or("");
            let confirmed = prefixed || caps.get(5).is_some() || at_start;
            if AGES.contains(&age) && confirmed && !NOT_AN_AGE_BEFORE.contains(&before) {
                out.push(FoundAge { start: whole.start(), end: whole.end(), age });
            }
        }
        for caps in
            self.en.is_match(text).then(|| self.en.captures_iter(text)).into_iter().flatten()
        {
            let whole = caps.get(1).expect("group 1 always matches");
            let Some(age) = caps.get(3).and_then(|m| m.as_str().parse::<u32>().ok()) else {
                continue;
            };
            let prefixed = caps.get(2).is_some();
            let unit = caps.get(4).is_some();
            let next = caps.get(5).map_or("", |m| m.as_str());
            let confirmed =
                if unit { true } else { prefixed && !NOT_AN_AGE_AFTER_EN.contains(&next) };
            if AGES.contains(&age)
                && confirmed
                && !out.iter().any(|f| f.start <= whole.start() && whole.end() <= f.end)
            {
                out.push(FoundAge { start: whole.start(), end: whole.end(), age });
            }
        }
    }
}

/// Whether the text holds a number of one or two digits in the age range at the start of a
/// token: a cheap test that spares the regexes on most texts (times, prices, phone numbers).
fn has_candidate_age(text: &str) -> bool {
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_digit() && (i == 0 || b[i - 1] == b' ') {
            let start = i;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            if i - start <= 2 {
                let n: u32 = text[start..i].parse().unwrap_or(0);
                if AGES.contains(&n) {
                    return true;
                }
            }
        }
        i += 1;
    }
    false
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn candidate_ages() {
        for yes in ["j ai 15 ans", "15ans", "moi 9", "i m 17"] {
            assert!(has_candidate_age(yes), "{yes}");
        }
        for no in ["rdv a 8h", "1500 € par jour", "appelle le 3018", "19 ans", "a15", "salut"] {
            assert!(!has_candidate_age(no), "{no}");
        }
    }
}
