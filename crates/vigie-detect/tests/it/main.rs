//! Integration tests of the detection engine.

mod engine;
mod false_positives;
mod golden;
