//! Synthetic French escort ads with planted networks (being built).
fn main() {}
