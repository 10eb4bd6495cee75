//! `vigie conversation` integration tests (being built).
