//! Integration tests of the extractors.
