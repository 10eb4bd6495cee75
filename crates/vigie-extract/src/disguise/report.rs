//! The extractor measured against the generator: recall per kind, depth and family, and the false
//! identifiers in the negatives.

use std::fmt;

use vigie_model::IdentifierKind;

use super::{KINDS, NEGATIVE_FAMILIES, families, found, generate, negative};
use crate::{ALL_KINDS, Context, extract_kinds};

/// Recall of one group of cases.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Recall {
    /// Cases found.
    pub found: usize,
    /// Cases generated.
    pub total: usize,
}

impl Recall {
    /// `found / total`, 1 when empty.
    pub fn rate(&self) -> f64 {
        if self.total == 0 { 1.0 } else { self.found as f64 / self.total as f64 }
    }

    fn add(&mut self, ok: bool) {
        self.found += usize::from(ok);
        self.total += 1;
    }
}

/// Recall for one kind of identifier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KindTable {
    /// The kind.
    pub kind: IdentifierKind,
    /// Recall by depth (index = number of transformations, 0 to 3).
    pub by_depth: [Recall; 4],
    /// Recall by family, over every depth it appears at.
    pub by_family: Vec<(&'static str, Recall)>,
}

/// The negatives: how many, how many held a false identifier, per family and per kind.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NegativeTable {
    /// Per family of negative: (family, texts, texts without any identifier).
    pub by_family: Vec<(&'static str, Recall)>,
    /// False identifiers found, per kind.
    pub false_by_kind: Vec<(IdentifierKind, usize)>,
    /// Every negative: `found` counts the clean ones.
    pub all: Recall,
}

/// What [`measure`] returns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// The seed.
    pub seed: u64,
    /// One table per kind, in [`KINDS`] order.
    pub kinds: Vec<KindTable>,
    /// The negatives.
    pub negatives: NegativeTable,
}

impl Report {
    /// The table of `kind`.
    pub fn kind(&self, kind: IdentifierKind) -> Option<&KindTable> {
        self.kinds.iter().find(|t| t.kind == kind)
    }

    /// Recall at `depth` over every kind.
    pub fn depth(&self, depth: usize) -> Recall {
        let mut r = Recall::default();
        for t in &self.kinds {
            r.found += t.by_depth[depth].found;
            r.total += t.by_depth[depth].total;
        }
        r
    }
}

/// The seed of case `i` of `kind` at `depth`.
fn case_seed(seed: u64, kind: usize, depth: usize, i: usize) -> u64 {
    seed ^ ((depth as u64) << 56) ^ ((kind as u64) << 48) ^ i as u64
}

/// Measures the extractor on `n` cases per kind and depth (0 to 3) and `n` negatives, from
/// `seed`.
pub fn measure(seed: u64, n: usize) -> Report {
    let mut kinds = Vec::new();
    for (k, &kind) in KINDS.iter().enumerate() {
        let mut t = KindTable {
            kind,
            by_depth: [Recall::default(); 4],
            by_family: families(kind).into_iter().map(|f| (f, Recall::default())).collect(),
        };
        for depth in 0..4 {
            for i in 0..n {
                let case = generate(kind, case_seed(seed, k, depth, i), depth);
                let ok = found(&case);
                t.by_depth[depth].add(ok);
                for (f, r) in &mut t.by_family {
                    if case.families.contains(f) {
                        r.add(ok);
                    }
                }
            }
        }
        kinds.push(t);
    }
    let mut neg = NegativeTable {
        by_family: NEGATIVE_FAMILIES.iter().map(|&f| (f, Recall::default())).collect(),
        false_by_kind: KINDS.iter().map(|&k| (k, 0)).collect(),
        all: Recall::default(),
    };
    let ctx = Context::default();
    for i in 0..n {
        let negative = negative(seed.wrapping_add(0x5EED) ^ (i as u64) << 8);
        let norm = vigie_text::normalize(&negative.text);
        let ids = extract_kinds(ALL_KINDS, &negative.text, &norm, &ctx);
        for id in &ids {
            if let Some((_, c)) = neg.false_by_kind.iter_mut().find(|(k, _)| *k == id.kind) {
                *c += 1;
            }
        }
        let clean = ids.is_empty();
        neg.all.add(clean);
        if let Some((_, r)) = neg.by_family.iter_mut().find(|(f, _)| *f == negative.family) {
            r.add(clean);
        }
    }
    Report { seed, kinds, negatives: neg }
}

fn pct(r: Recall) -> String {
    if r.total == 0 { "—".to_owned() } else { format!("{:.1} %", 100.0 * r.rate()) }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "Identifiants déguisés (graine {})", self.seed)?;
        writeln!(f)?;
        writeln!(f, "| type | profondeur 0 | 1 | 2 | 3 |")?;
        writeln!(f, "|---|---|---|---|---|")?;
        for t in &self.kinds {
            let cells: Vec<String> = t.by_depth.iter().map(|&r| pct(r)).collect();
            writeln!(f, "| {} | {} |", t.kind.as_str(), cells.join(" | "))?;
        }
        let all: Vec<String> = (0..4).map(|d| pct(self.depth(d))).collect();
        writeln!(f, "| tous | {} |", all.join(" | "))?;
        writeln!(f)?;
        writeln!(f, "| type | famille | trouvés / cas | rappel |")?;
        writeln!(f, "|---|---|---|---|")?;
        for t in &self.kinds {
            for (fam, r) in &t.by_family {
                writeln!(
                    f,
                    "| {} | {fam} | {} / {} | {} |",
                    t.kind.as_str(),
                    r.found,
                    r.total,
                    pct(*r)
                )?;
            }
        }
        writeln!(f)?;
        let n = &self.negatives;
        writeln!(f, "| négatifs : famille | sans identifiant / textes | précision |")?;
        writeln!(f, "|---|---|---|")?;
        for (fam, r) in &n.by_family {
            writeln!(f, "| {fam} | {} / {} | {} |", r.found, r.total, pct(*r))?;
        }
        writeln!(f, "| tous | {} / {} | {} |", n.all.found, n.all.total, pct(n.all))?;
        let kinds: Vec<String> =
            n.false_by_kind.iter().map(|(k, c)| format!("{} {c}", k.as_str())).collect();
        writeln!(f, "\nfaux identifiants dans les négatifs : {}", kinds.join(", "))
    }
}
