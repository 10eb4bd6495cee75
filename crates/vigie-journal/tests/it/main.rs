//! Integration tests of vigie-journal: one test binary (house style).

mod note;
mod props;
mod vectors;
mod verifier;

/// Hex to bytes, for the published test vectors.
pub fn unhex(s: &str) -> Vec<u8> {
    assert!(s.len().is_multiple_of(2), "odd hex length");
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex digit"))
        .collect()
}

/// Hex to a 32-byte hash.
pub fn h(s: &str) -> vigie_journal::Hash {
    unhex(s).try_into().expect("32 bytes")
}
