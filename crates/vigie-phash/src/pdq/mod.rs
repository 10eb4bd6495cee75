//! PDQ: Meta's perceptual photo hash, written from its published description
//! (`hashing/hashing.pdf` in facebook/ThreatExchange) and checked bit for bit against the C++
//! reference's output.
//!
//! Pipeline: luminance → two X/Y box-filter passes (Jarosz) → 64×64 point samples → quality
//! score → 16×16 DCT (frequencies 1..=16 on each axis) → one bit per coefficient above the median.

mod bits;
mod dct;
mod dihedral;
mod jarosz;
mod luma;

use serde::{Deserialize, Serialize};

pub use dihedral::Dihedral;
pub use luma::LumaImage;
pub(crate) use luma::rgb_to_luma;

use crate::hash::Hash256;

/// Images with a side under this many pixels get the zero hash and quality 0.
pub const MIN_HASHABLE_SIDE: u32 = 5;

/// A PDQ hash with its quality score.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PdqHash {
    /// The 256-bit hash.
    pub hash: Hash256,
    /// 0..=100; hashes of quality under 50 are unreliable (flat or featureless images).
    pub quality: u8,
}

/// The hashes of the eight rotations and flips of one image, with the image's quality.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DihedralHashes {
    /// Indexed like [`Dihedral::ALL`].
    pub hashes: [Hash256; 8],
    /// Quality of the image (the same for all eight).
    pub quality: u8,
}

impl DihedralHashes {
    /// The hash of one symmetry.
    pub fn get(&self, which: Dihedral) -> Hash256 {
        self.hashes[which as usize]
    }

    /// `(symmetry, hash)` pairs in output order.
    pub fn iter(&self) -> impl Iterator<Item = (Dihedral, Hash256)> + '_ {
        Dihedral::ALL.iter().copied().zip(self.hashes.iter().copied())
    }
}

/// Hashes a luminance buffer.
///
/// A buffer of exactly 64×64 is used as the downsample directly (as the reference does for
/// pre-scaled video frames); any other size goes through the box filter. Sides under
/// [`MIN_HASHABLE_SIDE`] give the zero hash with quality 0.
pub fn hash_luma(luma: &LumaImage) -> PdqHash {
    if too_small(luma) {
        return PdqHash { hash: Hash256::ZERO, quality: 0 };
    }
    let block = if luma.width() == 64 && luma.height() == 64 {
        let mut block = [[0.0f32; 64]; 64];
        for (row, values) in block.iter_mut().zip(luma.values().chunks_exact(64)) {
            row.copy_from_slice(values);
        }
        block
    } else {
        downsample(luma)
    };
    let quality = bits::quality(&block);
    let hash = bits::threshold(&dct::dct_64_to_16(&block));
    PdqHash { hash, quality }
}

/// Hashes a luminance buffer and its seven rotations and flips in one pass.
///
/// As in the reference, this path always runs the box filter (even at 64×64), so for a 64×64
/// buffer its `Original` hash may differ slightly from [`hash_luma`].
pub fn hash_luma_dihedral(luma: &LumaImage) -> DihedralHashes {
    if too_small(luma) {
        return DihedralHashes { hashes: [Hash256::ZERO; 8], quality: 0 };
    }
    let block = downsample(luma);
    let quality = bits::quality(&block);
    let dct = dct::dct_64_to_16(&block);
    let hashes = Dihedral::ALL.map(|d| bits::threshold(&d.apply(&dct)));
    DihedralHashes { hashes, quality }
}

fn too_small(luma: &LumaImage) -> bool {
    luma.width() < MIN_HASHABLE_SIDE || luma.height() < MIN_HASHABLE_SIDE
}

fn downsample(luma: &LumaImage) -> [[f32; 64]; 64] {
    let (rows, cols) = (luma.height() as usize, luma.width() as usize);
    let mut buf = luma.values().to_vec();
    let mut tmp = vec![0.0f32; buf.len()];
    jarosz::jarosz_filter(&mut buf, &mut tmp, rows, cols);
    jarosz::decimate(&buf, rows, cols)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn textured(width: u32, height: u32) -> LumaImage {
        let values = (0..height)
            .flat_map(|y| {
                (0..width).map(move |x| ((x * 7 + y * 13) % 256) as f32 + ((x * y) % 5) as f32)
            })
            .collect();
        LumaImage::new(width, height, values).unwrap()
    }

    #[test]
    fn tiny_images_hash_to_zero() {
        let luma = LumaImage::new(4, 100, vec![10.0; 400]).unwrap();
        assert_eq!(hash_luma(&luma), PdqHash { hash: Hash256::ZERO, quality: 0 });
        assert_eq!(hash_luma_dihedral(&luma).quality, 0);
    }

    #[test]
    fn dihedral_original_equals_plain_hash_off_64() {
        let luma = textured(97, 130);
        let plain = hash_luma(&luma);
        let all = hash_luma_dihedral(&luma);
        assert_eq!(all.get(Dihedral::Original), plain.hash);
        assert_eq!(all.quality, plain.quality);
    }

    #[test]
    fn hash_is_roughly_balanced_and_deterministic() {
        let luma = textured(300, 200);
        let a = hash_luma(&luma);
        assert_eq!(a, hash_luma(&luma));
        assert!((100..=156).contains(&a.hash.count_ones()), "{}", a.hash.count_ones());
    }

    #[test]
    fn transposed_image_is_close_to_its_flip_plus1_hash() {
        let (w, h) = (256u32, 256u32);
        let luma = textured(w, h);
        let v = luma.values();
        let transposed: Vec<f32> =
            (0..w).flat_map(|x| (0..h).map(move |y| v[(y * w + x) as usize])).collect();
        let t = hash_luma(&LumaImage::new(h, w, transposed).unwrap());
        let all = hash_luma_dihedral(&luma);
        assert!(t.hash.distance(&all.get(Dihedral::FlipPlus1)) <= 16);
    }
}
