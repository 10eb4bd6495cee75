//! False positives on real French text (`../shared/data`): tweets, Instagram posts and teen
//! chats, none of which is recruitment. The share scored `high` or above must stay ≤ 1 %.
//! Skipped, with a message, when `../shared/data` is absent.

use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};

use vigie_detect::Detector;
use vigie_ingest::{CsvMapping, CsvReader, Limits};
use vigie_model::Level;

fn data_dir() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data");
    dir.is_dir().then_some(dir)
}

/// Texts of a CSV column, de-duplicated (some sets repeat rows).
fn texts(path: &Path, column: &str) -> Vec<String> {
    let file =
        BufReader::new(File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display())));
    let mapping = CsvMapping { text_column: column.into(), ..CsvMapping::default() };
    let mut seen = std::collections::BTreeSet::new();
    CsvReader::new(file, mapping, Limits::default())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .filter_map(Result::ok)
        .map(|r| r.doc.text)
        .filter(|t| seen.insert(t.clone()))
        .collect()
}

struct Rate {
    name: &'static str,
    n: usize,
    high: usize,
    medium: usize,
}

fn rate(detector: &Detector, name: &'static str, texts: &[String]) -> Rate {
    let mut scanner = detector.scanner();
    let mut r = Rate { name, n: texts.len(), high: 0, medium: 0 };
    for t in texts {
        let a = scanner.assess(&vigie_model::Document {
            id: String::new(),
            text: t.clone(),
            ..Default::default()
        });
        if a.level >= Level::High {
            r.high += 1;
        }
        if a.level >= Level::Medium {
            r.medium += 1;
        }
    }
    r
}

#[test]
fn false_positive_rate_on_real_french_text_is_at_most_one_percent_at_high() {
    let Some(data) = data_dir() else {
        eprintln!(
            "skipped: ../shared/data not found (false-positive rates need the real French data sets)"
        );
        return;
    };
    let detector = Detector::builder().build().expect("shipped rules are valid");
    let mut v1 = Vec::new();
    let mut files: Vec<PathBuf> = std::fs::read_dir(data.join("cyberagressionado-v1/scenarii"))
        .expect("scenarii folder")
        .map(|e| e.expect("entry").path())
        .collect();
    files.sort();
    for f in files {
        v1.extend(texts(&f, "TEXT"));
    }
    let sets = [
        rate(&detector, "mlma-fr", &texts(&data.join("mlma-fr/fr_dataset.csv"), "tweet")),
        rate(
            &detector,
            "omdena-fr-toxic",
            &texts(&data.join("omdena-fr-toxic/twitter_instagram_annotated.csv"), "Text"),
        ),
        rate(
            &detector,
            "cyberagressionado-large",
            &texts(&data.join("cyberagressionado-large/messages_majority_vote.csv"), "text"),
        ),
        rate(&detector, "cyberagressionado-v1", &v1),
    ];
    for r in &sets {
        eprintln!(
            "{:<24} n={:>5}  high+={:>3} ({:.2} %)  medium+={:>4} ({:.2} %)",
            r.name,
            r.n,
            r.high,
            100.0 * r.high as f64 / r.n as f64,
            r.medium,
            100.0 * r.medium as f64 / r.n as f64
        );
    }
    for r in &sets {
        assert!(r.n > 1000, "{}: only {} texts read", r.name, r.n);
        assert!(
            r.high as f64 <= 0.01 * r.n as f64,
            "{}: {} of {} at high or above",
            r.name,
            r.high,
            r.n
        );
    }
}
