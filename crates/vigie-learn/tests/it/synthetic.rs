//! A seeded synthetic labelled corpus with no real content: positives lean on one vocabulary,
//! negatives on another, with shared filler so that the task is learnable but not trivial.

use vigie_learn::{Example, FeatureSpec, SplitMix64};

const SHARED: &[&str] = &["hello", "ok", "today", "lol", "well", "school", "game", "really"];
const POS: &[&str] = &["secret", "alone", "gift", "camera", "parents", "delete", "meet"];
const NEG: &[&str] = &["homework", "football", "pizza", "movie", "teacher", "music", "bus"];

/// `n` texts with labels, about one in five positive.
pub(crate) fn corpus(seed: u64, n: usize) -> Vec<(String, bool)> {
    let mut rng = SplitMix64::new(seed);
    (0..n)
        .map(|_| {
            let label = rng.below(5) == 0;
            let words = 8 + rng.below(20) as usize;
            let text: Vec<&str> = (0..words)
                .map(|_| {
                    let r = rng.below(10);
                    if r < 6 {
                        SHARED[rng.below(SHARED.len() as u64) as usize]
                    } else if (r < 9) == label {
                        POS[rng.below(POS.len() as u64) as usize]
                    } else {
                        NEG[rng.below(NEG.len() as u64) as usize]
                    }
                })
                .collect();
            (text.join(" "), label)
        })
        .collect()
}

pub(crate) fn examples(corpus: &[(String, bool)], spec: FeatureSpec) -> Vec<Example> {
    corpus.iter().map(|(t, l)| Example::new(t, &[], *l, spec)).collect()
}
