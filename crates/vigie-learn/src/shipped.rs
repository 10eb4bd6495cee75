//! Models shipped inside the binary.

use std::sync::OnceLock;

use crate::Model;

/// The bytes of `models/grooming-en.vgm`.
pub const GROOMING_EN_BYTES: &[u8] = include_bytes!("../models/grooming-en.vgm");

/// The documented seed of the shipped grooming model (`vigie train grooming --seed 2026`).
pub const GROOMING_EN_SEED: u64 = 2026;

/// The shipped English grooming model (PAN12/VTPAN conversations), parsed once.
///
/// English only: no public labelled French grooming data exists; the French rules carry the
/// French side.
pub fn grooming_en() -> &'static Model {
    static MODEL: OnceLock<Model> = OnceLock::new();
    MODEL.get_or_init(|| Model::from_bytes(GROOMING_EN_BYTES).expect("the shipped model is valid"))
}
