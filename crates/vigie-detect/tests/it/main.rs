//! Integration tests of the detection engine.

mod engine;
