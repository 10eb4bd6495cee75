//! `vigie link` integration tests (being built).
