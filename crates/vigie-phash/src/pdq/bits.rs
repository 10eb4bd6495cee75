//! From the 16×16 DCT block to 256 bits, and the image-domain quality score.

use crate::hash::Hash256;

/// The median the reference uses: of 256 values, the 128th smallest (the lower median).
pub(crate) fn median(block: &[[f32; 16]; 16]) -> f32 {
    let mut values: Vec<f32> = block.iter().flatten().copied().collect();
    let (_, nth, _) = values.select_nth_unstable_by(127, f32::total_cmp);
    *nth
}

/// Bit `16u + v` is set when coefficient `(u, v)` is strictly above the median.
pub(crate) fn threshold(block: &[[f32; 16]; 16]) -> Hash256 {
    let median = median(block);
    let mut hash = Hash256::ZERO;
    for (u, row) in block.iter().enumerate() {
        for (v, &x) in row.iter().enumerate() {
            if x > median {
                hash.set_bit(16 * u + v);
            }
        }
    }
    hash
}

/// Quality 0..=100: the sum of significant gradients between neighbouring pixels of the 64×64
/// downsample, each quantised to whole percents of the 0..255 range, divided by 90.
///
/// A flat or nearly flat image scores low; PDQ's authors advise ignoring hashes scoring under 50.
pub(crate) fn quality(block: &[[f32; 64]; 64]) -> u8 {
    let step = |u: f32, v: f32| (((u - v) * 100.0) / 255.0) as i32;
    let mut sum: i64 = 0;
    for (upper, lower) in block.iter().zip(&block[1..]) {
        for (&u, &v) in upper.iter().zip(lower) {
            sum += i64::from(step(u, v).abs());
        }
    }
    for row in block {
        for j in 0..63 {
            sum += i64::from(step(row[j], row[j + 1]).abs());
        }
    }
    (sum / 90).min(100) as u8
}

#[cfg(test)]
#[allow(clippy::float_cmp, reason = "the arithmetic must be exact, so equality is the right test")]
mod tests {
    use super::*;

    #[test]
    fn median_is_the_lower_middle_value() {
        let mut block = [[0.0f32; 16]; 16];
        for (k, x) in block.iter_mut().flatten().enumerate() {
            *x = (255 - k) as f32; // 255 … 0
        }
        assert_eq!(median(&block), 127.0);
        // Exactly 128 values are above 127: the hash is balanced.
        assert_eq!(threshold(&block).count_ones(), 128);
    }

    #[test]
    fn ties_at_the_median_are_not_set() {
        let block = [[1.0f32; 16]; 16];
        assert_eq!(threshold(&block), Hash256::ZERO);
    }

    #[test]
    fn quality_of_flat_and_striped_blocks() {
        assert_eq!(quality(&[[128.0; 64]; 64]), 0);
        let mut stripes = [[0.0f32; 64]; 64];
        for row in &mut stripes {
            for (j, x) in row.iter_mut().enumerate() {
                *x = if j % 2 == 0 { 0.0 } else { 255.0 };
            }
        }
        assert_eq!(quality(&stripes), 100);
        // A faint gradient of 2 levels per column: each step is 0.78 %, truncated to 0.
        let mut faint = [[0.0f32; 64]; 64];
        for row in &mut faint {
            for (j, x) in row.iter_mut().enumerate() {
                *x = 2.0 * j as f32;
            }
        }
        assert_eq!(quality(&faint), 0);
    }
}
