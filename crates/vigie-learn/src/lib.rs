//! Learned models for Vigie (work in progress, see issue #4).
#![deny(clippy::disallowed_methods)]
