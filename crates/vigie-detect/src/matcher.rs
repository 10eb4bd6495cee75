//! Finding every rule's terms in normalised text: one Aho-Corasick automaton for all literal
//! patterns, `near` and `unless_near` terms, plus a `RegexSet` prefilter for the few regexes.

use std::collections::BTreeMap;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use regex::{Regex, RegexSet};

use crate::rule::Rule;

/// What a term found in the text means for a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Role {
    /// A pattern of the rule: the rule fires here.
    Pattern,
    /// One of its `near` terms.
    Near,
    /// A term of its compose slot number `n`.
    Slot(u8),
    /// One of its `unless_near` terms.
    Unless,
}

/// A term of one rule found at `[start, end)` of the normalised text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Hit {
    pub rule: u32,
    pub role: Role,
    pub start: u32,
    pub end: u32,
}

/// The compiled matcher of a rule set.
pub(crate) struct Matcher {
    ac: AhoCorasick,
    /// For each automaton pattern, the rules and roles that use it.
    uses: Vec<Vec<(u32, Role)>>,
    regex_set: RegexSet,
    regexes: Vec<(u32, Regex)>,
}

impl Matcher {
    /// Compiles the rules. Terms are normalised with `normalize`; problems are returned per rule.
    pub(crate) fn new(
        rules: &[Rule],
        classes: &BTreeMap<String, Vec<String>>,
        normalize: &mut dyn FnMut(&str) -> String,
    ) -> Result<Matcher, Vec<(usize, String)>> {
        let mut problems = Vec::new();
        let mut terms: BTreeMap<String, Vec<(u32, Role)>> = BTreeMap::new();
        let mut regexes = Vec::new();
        for (i, rule) in rules.iter().enumerate() {
            let id = u32::try_from(i).expect("fewer than 2^32 rules");
            let mut add = |term: &str, role: Role, problems: &mut Vec<(usize, String)>| {
                let expanded = match expand(term, classes) {
                    Ok(e) => e,
                    Err(e) => {
                        problems.push((i, e));
                        return;
                    }
                };
                for term in &expanded {
                    let norm = normalize(term);
                    if norm.is_empty() {
                        problems.push((i, format!("term {term:?} is empty once normalised")));
                    } else {
                        let uses = terms.entry(norm).or_default();
                        if !uses.contains(&(id, role)) {
                            uses.push((id, role));
                        }
                    }
                }
            };
            for p in &rule.patterns {
                add(p, Role::Pattern, &mut problems);
            }
            for t in rule.near.iter().flat_map(|n| &n.terms) {
                add(t, Role::Near, &mut problems);
            }
            for t in rule.unless_near.iter().flat_map(|n| &n.terms) {
                add(t, Role::Unless, &mut problems);
            }
            for (k, (_, slot_terms)) in rule.compose.iter().flat_map(|c| &c.slots).enumerate() {
                for t in slot_terms {
                    add(t, Role::Slot(k as u8), &mut problems);
                }
            }
            for r in &rule.regex {
                match Regex::new(&ascii_word_boundaries(r)) {
                    Ok(re) => regexes.push((id, re)),
                    Err(e) => problems.push((i, format!("invalid regex: {e}"))),
                }
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        let (patterns, uses): (Vec<String>, Vec<Vec<(u32, Role)>>) = terms.into_iter().unzip();
        // A full DFA: the automaton runs on every document, and rule sets are small enough
        // (hundreds of terms) for its memory to stay modest.
        let ac = AhoCorasick::builder()
            .kind(Some(AhoCorasickKind::DFA))
            .match_kind(MatchKind::Standard)
            .build(&patterns)
            .map_err(|e| vec![(0, format!("cannot build the automaton: {e}"))])?;
        let regex_set = RegexSet::new(regexes.iter().map(|(_, r)| r.as_str()))
            .map_err(|e| vec![(0, format!("cannot build the regex set: {e}"))])?;
        Ok(Matcher { ac, uses, regex_set, regexes })
    }

    /// Pushes every hit in `text` (normalised) into `hits`, sorted by rule, role and position.
    pub(crate) fn find(&self, text: &str, hits: &mut Vec<Hit>) {
        let bytes = text.as_bytes();
        for m in self.ac.find_overlapping_iter(text) {
            let (start, end) = (m.start(), m.end());
            let left_ok = start == 0 || bytes[start - 1] == b' ';
            let right_ok = end == bytes.len() || bytes[end] == b' ';
            if !(left_ok && right_ok) {
                continue;
            }
            for &(rule, role) in &self.uses[m.pattern().as_usize()] {
                hits.push(Hit { rule, role, start: start as u32, end: end as u32 });
            }
        }
        // `is_match` stops at the first match and is much cheaper than finding which patterns
        // match; most documents match none.
        if !self.regexes.is_empty() && self.regex_set.is_match(text) {
            for i in &self.regex_set.matches(text) {
                let (rule, re) = &self.regexes[i];
                for m in re.find_iter(text).filter(|m| !m.is_empty()) {
                    hits.push(Hit {
                        rule: *rule,
                        role: Role::Pattern,
                        start: m.start() as u32,
                        end: m.end() as u32,
                    });
                }
            }
        }
        hits.sort_unstable();
        hits.dedup();
    }
}

/// Largest number of terms one written term may expand to through its `{class}` references.
const MAX_EXPANSION: usize = 20_000;

/// Expands the `{class}` references of a term into every combination of the classes' terms
/// (`je te paie {transport}` → `je te paie le train`, `je te paie ton billet`, …).
pub(crate) fn expand(
    term: &str,
    classes: &BTreeMap<String, Vec<String>>,
) -> Result<Vec<String>, String> {
    let mut out = vec![String::new()];
    let mut rest = term;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|c| open + c) else {
            return Err(format!("term {term:?} has an unclosed '{{'"));
        };
        let name = &rest[open + 1..close];
        let Some(words) = classes.get(name) else {
            return Err(format!("term {term:?} names the unknown class {{{name}}}"));
        };
        let prefix = &rest[..open];
        if out.len() * words.len() > MAX_EXPANSION {
            return Err(format!("term {term:?} expands to more than {MAX_EXPANSION} terms"));
        }
        out =
            out.iter().flat_map(|o| words.iter().map(move |w| format!("{o}{prefix}{w}"))).collect();
        rest = &rest[close + 1..];
    }
    for o in &mut out {
        o.push_str(rest);
    }
    Ok(out)
}

/// Makes `\b` an ASCII word boundary. Normalised text is lower-case ASCII words (plus a few
/// symbols and non-Latin scripts), and the Unicode `\b` would keep the regex engine off its fast
/// DFA path on every document.
fn ascii_word_boundaries(re: &str) -> String {
    let mut out = String::with_capacity(re.len() + 16);
    let mut chars = re.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('b') => out.push_str("(?-u:\\b)"),
                Some(other) => {
                    out.push('\\');
                    out.push(other);
                }
                None => out.push('\\'),
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Token positions of a normalised text (tokens are separated by single spaces).
pub(crate) struct Tokens {
    spaces: Vec<u32>,
}

impl Tokens {
    pub(crate) fn new(text: &str) -> Tokens {
        Tokens {
            spaces: text
                .bytes()
                .enumerate()
                .filter(|&(_, b)| b == b' ')
                .map(|(i, _)| i as u32)
                .collect(),
        }
    }

    /// Number of whole tokens strictly between two non-overlapping ranges (0 if they overlap).
    pub(crate) fn between(&self, a: (u32, u32), b: (u32, u32)) -> usize {
        let (left_end, right_start) = if a.1 <= b.0 {
            (a.1, b.0)
        } else if b.1 <= a.0 {
            (b.1, a.0)
        } else {
            return 0;
        };
        let lo = self.spaces.partition_point(|&s| s < left_end);
        let hi = self.spaces.partition_point(|&s| s < right_start);
        (hi - lo).saturating_sub(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_boundaries_become_ascii() {
        assert_eq!(ascii_word_boundaries(r"\bje\b \\b \d"), r"(?-u:\b)je(?-u:\b) \\b \d");
    }

    #[test]
    fn classes_expand_to_every_combination() {
        let mut classes = BTreeMap::new();
        classes.insert("t".to_owned(), vec!["le train".to_owned(), "ton billet".to_owned()]);
        classes.insert("h".to_owned(), vec!["l'hotel".to_owned()]);
        assert_eq!(
            expand("je paie {t} et {h}", &classes).unwrap(),
            ["je paie le train et l'hotel", "je paie ton billet et l'hotel"]
        );
        assert_eq!(expand("sans classe", &classes).unwrap(), ["sans classe"]);
        assert!(expand("{x}", &classes).unwrap_err().contains("unknown class"));
        assert!(expand("{t", &classes).unwrap_err().contains("unclosed"));
    }

    #[test]
    fn tokens_between() {
        let t = Tokens::new("x y z w");
        assert_eq!(t.between((0, 1), (4, 5)), 1);
        assert_eq!(t.between((6, 7), (0, 1)), 2);
        assert_eq!(t.between((0, 1), (2, 3)), 0);
        assert_eq!(t.between((0, 3), (2, 5)), 0);
    }
}
