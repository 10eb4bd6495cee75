//! Integration tests of the detection engine.

mod conversation;
mod engine;
mod false_positives;
mod golden;
mod triage;
