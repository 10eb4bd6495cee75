//! Helpers shared by the integration tests.

use std::path::PathBuf;

/// `../shared/data/pdq-vectors` relative to the workspace, or `None` (with a clear message) when absent.
pub fn vectors_dir() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/pdq-vectors");
    if dir.is_dir() {
        Some(dir)
    } else {
        println!("skipped: ../shared/data/pdq-vectors not found");
        None
    }
}

/// Reads a CSV with a header into rows of strings.
pub fn read_csv(path: &std::path::Path) -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.split(',').map(str::to_string).collect())
        .collect()
}

/// Whether `path` has extension `ext` (case-insensitive).
pub fn is_ext(path: &str, ext: &str) -> bool {
    std::path::Path::new(path).extension().is_some_and(|e| e.eq_ignore_ascii_case(ext))
}
