//! Measuring the rules on a labelled corpus of real text (`vigie eval rules`, `eval/fr/`).
//!
//! Each corpus item is a text with the categories a careful reader assigns to it (`expected`),
//! the categories a keyword matcher would wrongly give it (`must_not`), and the risk it warrants.
//! A category **fires** on an item when one of its signals is neither damped by a benign sense
//! nor cited in reported speech. The figures:
//! * per category: true and false positives, misses, precision, recall and F1;
//! * recall of expected categories over all items (micro), and the items missed;
//! * must-not hits: items where a category of `must_not` fired;
//! * risk versus level: the labelled risk against the assessed level;
//! * leave-one-source-out: the same recall when every rule written from an item's source
//!   (`written_from` in the rule file) is ignored on that item — the figure that says how the
//!   rules do on text they were not written from.
//!
//! Real quotes and written variants are measured apart ([`Item::variant`]).

use std::collections::BTreeSet;

use vigie_model::{Category, Document, Level, Signal};

use crate::Detector;

/// One labelled text of the corpus.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// Stable id, e.g. `qa-0012`.
    pub id: String,
    /// The text, verbatim.
    pub text: String,
    /// Key of the source document (for leave-one-source-out).
    pub source_id: String,
    /// Who speaks (`recruiter`, `victim`, `news`…).
    pub speaker: String,
    /// Categories a careful reader assigns.
    pub expected: Vec<Category>,
    /// Categories that must not fire.
    pub must_not: Vec<Category>,
    /// The risk the text warrants.
    pub risk: Level,
    /// A variant written by the project (never mixed into real-quote figures).
    pub variant: bool,
}

/// Counts and ratios for one category.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CategoryFigures {
    /// Items where the category is expected and fired.
    pub true_positives: usize,
    /// Items where it fired but is not expected.
    pub false_positives: usize,
    /// Items where it is expected but did not fire.
    pub misses: usize,
}

impl CategoryFigures {
    /// `tp / (tp + fp)`, `None` when the category never fired.
    pub fn precision(&self) -> Option<f64> {
        ratio(self.true_positives, self.true_positives + self.false_positives)
    }

    /// `tp / (tp + fn)`, `None` when the category is never expected.
    pub fn recall(&self) -> Option<f64> {
        ratio(self.true_positives, self.true_positives + self.misses)
    }

    /// Harmonic mean of precision and recall.
    pub fn f1(&self) -> Option<f64> {
        let (p, r) = (self.precision()?, self.recall()?);
        Some(if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 })
    }
}

fn ratio(a: usize, b: usize) -> Option<f64> {
    (b > 0).then(|| a as f64 / b as f64)
}

/// What went wrong on one item.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemOutcome {
    /// The item's id.
    pub id: String,
    /// Expected categories that did not fire.
    pub missed: Vec<Category>,
    /// Must-not categories that fired.
    pub must_not_fired: Vec<Category>,
    /// Expected categories still missing when the rules written from its source are ignored.
    pub missed_loso: Vec<Category>,
    /// The labelled risk.
    pub risk: Level,
    /// The assessed level.
    pub level: Level,
}

/// The figures of one group of items (real quotes, or written variants).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Figures {
    /// Number of items.
    pub items: usize,
    /// Items with at least one expected category.
    pub positives: usize,
    /// Items with no expected category.
    pub benign: usize,
    /// Number of distinct sources.
    pub sources: usize,
    /// Per category, in taxonomy order.
    pub categories: Vec<(Category, CategoryFigures)>,
    /// Expected (item, category) pairs, and how many fired.
    pub expected: usize,
    /// Expected pairs that fired.
    pub found: usize,
    /// Expected pairs that fired with the item's own source's rules ignored.
    pub found_loso: usize,
    /// Items with a non-empty `must_not`, and how many had one of them fire.
    pub with_must_not: usize,
    /// Items where a must-not category fired.
    pub must_not_hits: usize,
    /// Benign items (no expected category) assessed `high` or above.
    pub benign_high: usize,
    /// Benign items where any category fired.
    pub benign_any: usize,
    /// Positive items assessed `medium` or above.
    pub positive_medium: usize,
    /// Labelled risk (rows) against assessed level (columns), in [`Level::ALL`] order.
    pub confusion: [[usize; 5]; 5],
    /// Items with a miss or a must-not hit, in corpus order.
    pub outcomes: Vec<ItemOutcome>,
}

impl Figures {
    /// Recall of expected categories.
    pub fn recall(&self) -> Option<f64> {
        ratio(self.found, self.expected)
    }

    /// Leave-one-source-out recall of expected categories.
    pub fn recall_loso(&self) -> Option<f64> {
        ratio(self.found_loso, self.expected)
    }
}

/// The figures on real quotes and, apart, on written variants.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Report {
    /// Real quotes.
    pub real: Figures,
    /// Written variants.
    pub variants: Figures,
}

/// Whether a signal counts as its category firing: neither damped nor cited.
fn fires(s: &Signal) -> bool {
    s.damped_by.is_none() && !s.cited && s.effective_weight > 0.0
}

/// Runs the detector on every item and gathers the figures.
pub fn evaluate(detector: &Detector, items: &[Item]) -> Report {
    evaluate_with(detector, items, |_, _| Vec::new())
}

/// Like [`evaluate`], with the categories another layer gives item `i` (the semantic layer, its
/// heads trained without the item's source) counted as fired, in both recalls.
pub fn evaluate_with(
    detector: &Detector,
    items: &[Item],
    mut extra: impl FnMut(usize, &Item) -> Vec<Category>,
) -> Report {
    let mut scanner = detector.scanner();
    let mut report = Report::default();
    let mut sources = [BTreeSet::new(), BTreeSet::new()];
    for (i, item) in items.iter().enumerate() {
        let figures = if item.variant { &mut report.variants } else { &mut report.real };
        sources[usize::from(item.variant)].insert(item.source_id.clone());
        let doc = Document { id: item.id.clone(), text: item.text.clone(), ..Document::default() };
        let a = scanner.assess(&doc);
        let more = extra(i, item);
        let fired: BTreeSet<Category> =
            a.signals.iter().filter(|s| fires(s)).map(|s| s.category).chain(more.clone()).collect();
        let fired_loso: BTreeSet<Category> = a
            .signals
            .iter()
            .filter(|s| fires(s))
            .filter(|s| {
                !detector
                    .rules()
                    .iter()
                    .any(|r| r.code == s.code && r.written_from.contains(&item.source_id))
            })
            .map(|s| s.category)
            .chain(more)
            .collect();
        figures.items += 1;
        if item.expected.is_empty() {
            figures.benign += 1;
            figures.benign_any += usize::from(!fired.is_empty());
            figures.benign_high += usize::from(a.level >= Level::High);
        } else {
            figures.positives += 1;
            figures.positive_medium += usize::from(a.level >= Level::Medium);
        }
        let row = Level::ALL.iter().position(|&l| l == item.risk).expect("a known level");
        let col = Level::ALL.iter().position(|&l| l == a.level).expect("a known level");
        figures.confusion[row][col] += 1;
        for &c in Category::ALL {
            let expected = item.expected.contains(&c);
            let hit = fired.contains(&c);
            if !expected && !hit {
                continue;
            }
            if !figures.categories.iter().any(|(k, _)| *k == c) {
                figures.categories.push((c, CategoryFigures::default()));
            }
            let entry = figures
                .categories
                .iter_mut()
                .find(|(k, _)| *k == c)
                .expect("present or just pushed");
            match (expected, hit) {
                (true, true) => entry.1.true_positives += 1,
                (true, false) => entry.1.misses += 1,
                (false, true) => entry.1.false_positives += 1,
                (false, false) => {}
            }
        }
        figures.expected += item.expected.len();
        figures.found += item.expected.iter().filter(|c| fired.contains(c)).count();
        figures.found_loso += item.expected.iter().filter(|c| fired_loso.contains(c)).count();
        let must_not_fired: Vec<Category> =
            item.must_not.iter().copied().filter(|c| fired.contains(c)).collect();
        if !item.must_not.is_empty() {
            figures.with_must_not += 1;
            figures.must_not_hits += usize::from(!must_not_fired.is_empty());
        }
        let missed: Vec<Category> =
            item.expected.iter().copied().filter(|c| !fired.contains(c)).collect();
        let missed_loso: Vec<Category> =
            item.expected.iter().copied().filter(|c| !fired_loso.contains(c)).collect();
        if !missed.is_empty() || !must_not_fired.is_empty() || !missed_loso.is_empty() {
            figures.outcomes.push(ItemOutcome {
                id: item.id.clone(),
                missed,
                must_not_fired,
                missed_loso,
                risk: item.risk,
                level: a.level,
            });
        }
    }
    for (figures, sources) in [&mut report.real, &mut report.variants].into_iter().zip(sources) {
        figures.sources = sources.len();
        figures.categories.sort_by_key(|(c, _)| *c);
    }
    report
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(id: &str, text: &str, expected: &[Category], must_not: &[Category]) -> Item {
        Item {
            id: id.to_owned(),
            text: text.to_owned(),
            source_id: format!("src-{id}"),
            speaker: "recruiter".to_owned(),
            expected: expected.to_vec(),
            must_not: must_not.to_vec(),
            risk: if expected.is_empty() { Level::None } else { Level::High },
            variant: false,
        }
    }

    #[test]
    fn figures_count_hits_misses_and_must_not() {
        let detector = Detector::builder().build().expect("shipped rules are valid");
        let items = [
            item("a", "jte fais un pack, je m'occupe de tout", &[Category::PimpingOffer], &[]),
            item("b", "salut ça va", &[Category::PimpingOffer], &[]),
            item("c", "le pack fibre + tv est à -50%", &[], &[Category::PimpingOffer]),
        ];
        let r = evaluate(&detector, &items);
        assert_eq!((r.real.items, r.real.positives, r.real.benign), (3, 2, 1));
        assert_eq!((r.real.expected, r.real.found), (2, 1));
        assert_eq!(r.real.recall(), Some(0.5));
        assert_eq!((r.real.with_must_not, r.real.must_not_hits), (1, 0));
        let pimping = &r.real.categories.iter().find(|(c, _)| *c == Category::PimpingOffer);
        let f = &pimping.expect("pimping_offer measured").1;
        assert_eq!((f.true_positives, f.misses, f.false_positives), (1, 1, 0));
        assert_eq!(r.real.outcomes.len(), 1);
        assert_eq!(r.real.outcomes[0].id, "b");
        assert_eq!(r.variants.items, 0);
    }
}
