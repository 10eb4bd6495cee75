//! Explanations point at the original text, like a rule's.

use proptest::prelude::*;
use vigie_learn::{FeatureKind, Model, Provenance, TrainOptions, train};

use crate::synthetic::{corpus, examples};

fn model() -> &'static Model {
    static M: std::sync::OnceLock<Model> = std::sync::OnceLock::new();
    M.get_or_init(|| {
        let mut o = TrainOptions::grooming(5);
        o.spec.buckets_log2 = 14;
        o.lambdas = vec![1e-3];
        o.inner_folds = 3;
        let data = examples(&corpus(4, 200), o.spec);
        train(&data, None, &o, Provenance::of_data("s", b"", 5), &mut || {})
    })
}

#[test]
fn contributions_name_ngrams_with_weights_and_original_spans() {
    let text = "Hey, a SECRET gift 🎁 for you… keep it s3cret";
    let s = model().score(text, &["rule:TEST-01"]);
    assert!(!s.contributions.is_empty());
    assert!(s.contributions.len() <= vigie_learn::DEFAULT_TOP_K);
    assert!(s.contributions.windows(2).all(|w| w[0].weight >= w[1].weight));
    let all = model().score_normalized(&vigie_text::normalize(text), &["rule:TEST-01"], 10_000);
    assert!(all.contributions.len() > s.contributions.len());
    assert_eq!(all.contributions[..s.contributions.len()], s.contributions[..]);
    let word = all
        .contributions
        .iter()
        .find(|c| c.kind == FeatureKind::Word && c.feature == "secret")
        .unwrap_or_else(|| panic!("the word `secret` explains the score: {:?}", all.contributions));
    let shown: Vec<&str> = word.spans.iter().map(|sp| &text[sp.start..sp.end]).collect();
    assert_eq!(shown, ["SECRET", "s3cret"]);
    assert!(
        (s.probability
            - vigie_learn::sigmoid(s.logit * model().calibration().a + model().calibration().b))
        .abs()
            < 1e-12
    );
    assert_eq!(s.alert, s.probability >= model().threshold());
}

proptest! {
    #[test]
    fn spans_lie_on_char_boundaries_of_the_original(text in "\\PC{0,80}", extra in "[a-z:]{0,8}") {
        let s = model().score(&text, &[extra.as_str()]);
        prop_assert!(s.probability.is_finite() && (0.0..=1.0).contains(&s.probability));
        for c in &s.contributions {
            prop_assert!(c.weight > 0.0);
            for sp in &c.spans {
                prop_assert!(sp.start <= sp.end && sp.end <= text.len());
                prop_assert!(text.is_char_boundary(sp.start) && text.is_char_boundary(sp.end));
            }
        }
    }
}
