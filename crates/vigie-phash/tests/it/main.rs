//! Integration tests of `vigie-phash`: one test binary (tests/it), one module per concern.

mod common;
mod conformance;
