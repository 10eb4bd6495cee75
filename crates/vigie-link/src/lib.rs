//! Networks of documents (work in progress, see issue #6).
#![deny(clippy::disallowed_methods)]
