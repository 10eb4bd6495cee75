//! Golden snapshots of rendered explanations: one fixture per category (`tests/fixtures/fr`),
//! rendered as a reviewer reads it. A change in wording, weights or spans shows in the diff.

use std::path::Path;

use vigie_detect::Detector;
use vigie_detect::render::{Lang, RenderOptions, render_assessment};
use vigie_model::{Category, CategoryRole, Document, Level};

fn fixture_dir() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/fr"))
}

fn render_file(detector: &Detector, name: &str) -> (String, Vec<vigie_model::Assessment>) {
    let text = std::fs::read_to_string(fixture_dir().join(name)).expect("fixture exists");
    let mut out = String::new();
    let mut all = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let doc = Document {
            id: format!("{}-{}", name.trim_end_matches(".txt"), i + 1),
            text: line.to_owned(),
            ..Document::default()
        };
        let a = detector.assess(&doc);
        let opts = RenderOptions {
            lang: Lang::Fr,
            color: false,
            origin: format!("fixtures/fr/{name}"),
            line: i as u64 + 1,
            max_excerpt_chars: 400,
        };
        out.push_str(&render_assessment(&a, line, &opts));
        out.push('\n');
        all.push(a);
    }
    (out, all)
}

#[test]
fn every_category_fixture_renders_as_in_its_snapshot() {
    let detector = Detector::builder().build().expect("shipped rules are valid");
    for category in Category::ALL {
        let name = format!("{}.txt", category.as_str());
        let (rendered, assessments) = render_file(&detector, &name);
        assert!(!assessments.is_empty(), "{name} has no lines");
        for a in &assessments {
            assert!(
                a.signals.iter().any(|s| s.category == *category),
                "{name}: {} has no {} signal",
                a.document,
                category.as_str()
            );
        }
        if category.role() == CategoryRole::Harm {
            assert!(assessments.iter().any(|a| a.level >= Level::Low), "{name}: nothing scored");
        }
        insta::assert_snapshot!(category.as_str(), rendered);
    }
}

#[test]
fn benign_look_alikes_stay_below_medium() {
    let detector = Detector::builder().build().expect("shipped rules are valid");
    let (rendered, assessments) = render_file(&detector, "benign.txt");
    for a in &assessments {
        assert!(a.level < Level::Medium, "{} scored {:?}:\n{rendered}", a.document, a.level);
    }
    insta::assert_snapshot!("benign", rendered);
}

#[test]
fn shipped_rules_are_complete_and_cover_every_category_in_both_languages() {
    let detector = Detector::builder().build().expect("shipped rules are valid");
    for rule in detector.rules() {
        assert!(
            !rule.reason_fr.trim().is_empty() && !rule.reason_en.trim().is_empty(),
            "{}",
            rule.code
        );
        assert!(!rule.source.trim().is_empty(), "{}", rule.code);
        assert!(
            !rule.examples_match.is_empty() && !rule.examples_no_match.is_empty(),
            "{}",
            rule.code
        );
    }
    for category in Category::ALL {
        for lang in ["fr", "en"] {
            assert!(
                detector
                    .rules()
                    .iter()
                    .any(|r| r.category() == Some(*category) && (r.lang == lang || r.in_code)),
                "no {lang} rule for {}",
                category.as_str()
            );
        }
    }
    assert!(
        detector
            .rules()
            .iter()
            .any(|r| matches!(r.kind, vigie_detect::RuleKind::Damper { .. }) && r.lang == "fr")
    );
}
