//! Integration tests of `vigie-phash`: one test binary (tests/it), one module per concern.

mod common;
mod conformance;
mod decoding;
mod defences;
mod index;
mod lists;
