//! Integration tests of `vigie-semantic` (one test binary).

mod conformance;
