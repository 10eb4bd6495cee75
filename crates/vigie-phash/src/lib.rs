//! PDQ perceptual hashing, hash lists and exact Hamming search for intimate-image protection.
//! (Overview written below in full once the crate is complete.)
#![deny(clippy::disallowed_methods)]
#![deny(missing_docs)]

mod decode;
mod error;
mod hash;
mod pdq;
mod time;

pub use decode::{DecodeLimits, DecodeOptions, DecodedImage, ImageHashes, Orientation, RESIZE_SIDE, decode_image, hash_image};
pub use error::{Error, HexProblem, RecordError};
pub use hash::Hash256;
pub use pdq::{Dihedral, DihedralHashes, LumaImage, MIN_HASHABLE_SIDE, PdqHash, hash_luma, hash_luma_dihedral};
pub use time::Timestamp;
