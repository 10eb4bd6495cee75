//! `vigie eval` integration tests (being built).
