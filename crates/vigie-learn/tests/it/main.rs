//! Integration tests of vigie-learn: determinism, model files, explanations, conversations.

mod conversation;
mod determinism;
mod explain;
mod synthetic;
mod weighting;
