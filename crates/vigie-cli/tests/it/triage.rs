//! `vigie triage` integration tests (being built).
