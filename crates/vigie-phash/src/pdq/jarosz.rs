//! Downsampling to 64×64: two passes of a box filter along rows then columns (a Jarosz tent
//! approximation), then point sampling at the block centres.
//!
//! The arithmetic (a running single-precision sum, additions before subtractions, division by the
//! current window length) is the one Meta's reference performs, so the floats come out identical.

/// Box-filter window for shrinking `old` samples to `new`: half a target block, rounded up,
/// because the filter runs twice.
pub(crate) fn window_size(old: usize, new: usize) -> usize {
    old.div_ceil(2 * new)
}

/// Mean over a window of `window` samples around each position of a strided vector.
///
/// Output `o` averages inputs `o - (window - half) ..= o + half - 1`, clipped to the vector, with
/// `half = window / 2 + 1`. `src` and `dst` hold `len` samples `stride` apart, from offset 0.
fn box_1d(src: &[f32], dst: &mut [f32], len: usize, stride: usize, window: usize) {
    debug_assert!(window >= 1 && window <= len);
    let half = window / 2 + 1;
    let lead = window - half; // samples before the centre
    let mut sum = 0.0f32;
    // Prime the running sum with the samples ahead of the first output.
    for i in 0..half - 1 {
        sum += src[i * stride];
    }
    for o in 0..len {
        let ahead = o + half - 1;
        if ahead < len {
            sum += src[ahead * stride];
        }
        if o > lead {
            sum -= src[(o - lead - 1) * stride];
        }
        let first = o.saturating_sub(lead);
        let last = ahead.min(len - 1);
        dst[o * stride] = sum / (last - first + 1) as f32;
    }
}

/// Runs the two X/Y passes in place on `buf` (row-major `rows × cols`), using `tmp` as scratch.
pub(crate) fn jarosz_filter(buf: &mut [f32], tmp: &mut [f32], rows: usize, cols: usize) {
    let along_rows = window_size(cols, 64);
    let along_cols = window_size(rows, 64);
    for _ in 0..2 {
        for r in 0..rows {
            let span = r * cols..(r + 1) * cols;
            box_1d(&buf[span.clone()], &mut tmp[span], cols, 1, along_rows);
        }
        for c in 0..cols {
            box_1d(&tmp[c..], &mut buf[c..], rows, cols, along_cols);
        }
    }
}

/// Samples the 64×64 grid at block centres: row `floor((i + 0.5) * rows / 64)`.
pub(crate) fn decimate(buf: &[f32], rows: usize, cols: usize) -> [[f32; 64]; 64] {
    let mut out = [[0.0f32; 64]; 64];
    for (i, out_row) in out.iter_mut().enumerate() {
        let src_row = ((i as f64 + 0.5) * rows as f64 / 64.0) as usize;
        for (j, value) in out_row.iter_mut().enumerate() {
            let src_col = ((j as f64 + 0.5) * cols as f64 / 64.0) as usize;
            *value = buf[src_row * cols + src_col];
        }
    }
    out
}

#[cfg(test)]
#[allow(clippy::float_cmp, reason = "the arithmetic must be exact, so equality is the right test")]
mod tests {
    use super::*;

    fn reference_means(src: &[f32], window: usize) -> Vec<f32> {
        let half = window / 2 + 1;
        let lead = window - half;
        (0..src.len())
            .map(|o| {
                let first = o.saturating_sub(lead);
                let last = (o + half - 1).min(src.len() - 1);
                src[first..=last].iter().sum::<f32>() / (last - first + 1) as f32
            })
            .collect()
    }

    #[test]
    fn box_filter_matches_direct_means_on_integers() {
        // Small integers: every partial sum is exact, so the running sum equals the direct mean.
        let src: Vec<f32> = (0..16).map(|i| i as f32).collect();
        for window in 1..=16 {
            let mut dst = vec![0.0; 16];
            box_1d(&src, &mut dst, 16, 1, window);
            assert_eq!(dst, reference_means(&src, window), "window {window}");
        }
        // The worked example of the reference's comments: window 7 gives sums 6, 10, 15, 21, 28 …
        let mut dst = vec![0.0; 16];
        box_1d(&src, &mut dst, 16, 1, 7);
        assert_eq!(dst[0], 6.0 / 4.0);
        assert_eq!(dst[4], 28.0 / 7.0);
        assert_eq!(dst[15], 54.0 / 4.0);
    }

    #[test]
    fn strided_filter_reads_only_its_column() {
        // Two interleaved columns: filtering column 0 must not see column 1.
        let src: Vec<f32> =
            (0..20).map(|i| if i % 2 == 0 { (i / 2) as f32 } else { 1000.0 }).collect();
        let mut dst = vec![-1.0; 20];
        box_1d(&src, &mut dst, 10, 2, 3);
        let column: Vec<f32> = (0..10).map(|i| i as f32).collect();
        let expected = reference_means(&column, 3);
        for i in 0..10 {
            assert_eq!(dst[2 * i], expected[i]);
            assert_eq!(dst[2 * i + 1], -1.0);
        }
    }

    #[test]
    fn window_sizes() {
        assert_eq!(window_size(512, 64), 4);
        assert_eq!(window_size(513, 64), 5);
        assert_eq!(window_size(64, 64), 1);
        assert_eq!(window_size(5, 64), 1);
    }

    #[test]
    fn decimation_picks_block_centres() {
        let rows = 128;
        let cols = 256;
        let buf: Vec<f32> = (0..rows * cols).map(|i| i as f32).collect();
        let out = decimate(&buf, rows, cols);
        assert_eq!(out[0][0], buf[cols + 2]);
        assert_eq!(out[63][63], buf[127 * cols + 254]);
    }
}
