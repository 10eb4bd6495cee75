//! Running every rule's own examples (`vigie rules test`).

use crate::Detector;

/// An example that did not behave as its rule says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExampleFailure {
    /// The rule's code.
    pub code: String,
    /// Where the rule comes from.
    pub origin: String,
    /// The example text (rule examples are written by analysts, never case data).
    pub example: String,
    /// `true` for a `matches` example that did not fire, `false` for a `no_match` that did.
    pub expected_match: bool,
}

/// The outcome of running every example.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExampleReport {
    /// Number of rules whose examples ran.
    pub rules: usize,
    /// Number of examples run.
    pub examples: usize,
    /// The examples that failed.
    pub failures: Vec<ExampleFailure>,
}

/// Whether `code` fires, undamped, on `text`.
pub fn fires(detector: &Detector, code: &str, text: &str) -> bool {
    let doc = vigie_model::Document { text: text.to_owned(), ..vigie_model::Document::default() };
    let a = detector.assess(&doc);
    a.signals.iter().any(|s| s.code == code && s.damped_by.is_none() && !s.cited)
        || a.dampers.iter().any(|d| d.code == code)
}

/// Runs every example of every rule: `matches` must fire the rule undamped; `no_match` must not.
pub fn run_examples(detector: &Detector) -> ExampleReport {
    let mut report = ExampleReport::default();
    for rule in detector.rules() {
        report.rules += 1;
        let cases = rule
            .examples_match
            .iter()
            .map(|e| (e, true))
            .chain(rule.examples_no_match.iter().map(|e| (e, false)));
        for (example, expected_match) in cases {
            report.examples += 1;
            if fires(detector, &rule.code, example) != expected_match {
                report.failures.push(ExampleFailure {
                    code: rule.code.clone(),
                    origin: rule.origin.clone(),
                    example: example.clone(),
                    expected_match,
                });
            }
        }
    }
    report
}
