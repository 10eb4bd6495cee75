//! Integration tests of the `vigie` binary: stdout, stderr and exit code.

mod common;
mod conversation;
mod eval;
mod identifiers;
mod import;
mod link;
mod phash;
mod scan;
mod triage;
