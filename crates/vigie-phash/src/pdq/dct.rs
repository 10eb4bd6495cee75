//! The 2-D DCT restricted to the 16×16 lowest non-constant frequencies of a 64×64 block.

use std::sync::OnceLock;

/// Row `u` (0..16) holds `sqrt(2/64) · cos(π/128 · (u + 1) · (2j + 1))` for `j` in 0..64: frequency
/// 0 (the mean) is skipped. The product is formed in double precision and stored as `f32`, with the
/// scale itself rounded to `f32` first, as in the reference.
fn matrix() -> &'static [[f32; 64]; 16] {
    static MATRIX: OnceLock<[[f32; 64]; 16]> = OnceLock::new();
    MATRIX.get_or_init(|| {
        let scale = f64::from((2.0f64 / 64.0).sqrt() as f32);
        let mut m = [[0.0f32; 64]; 16];
        for (u, row) in m.iter_mut().enumerate() {
            for (j, value) in row.iter_mut().enumerate() {
                let angle =
                    (std::f64::consts::PI / 2.0 / 64.0) * (u + 1) as f64 * (2 * j + 1) as f64;
                *value = (scale * angle.cos()) as f32;
            }
        }
        m
    })
}

/// `B = D · A · Dᵀ` with `D` the 16×64 matrix above, accumulated in `f32` in index order.
pub(crate) fn dct_64_to_16(a: &[[f32; 64]; 64]) -> [[f32; 16]; 16] {
    let d = matrix();
    // T = D · A (16×64)
    let mut t = [[0.0f32; 64]; 16];
    for (u, t_row) in t.iter_mut().enumerate() {
        for (j, value) in t_row.iter_mut().enumerate() {
            let mut sum = 0.0f32;
            for k in 0..64 {
                sum += d[u][k] * a[k][j];
            }
            *value = sum;
        }
    }
    // B = T · Dᵀ (16×16)
    let mut b = [[0.0f32; 16]; 16];
    for (u, b_row) in b.iter_mut().enumerate() {
        for (v, value) in b_row.iter_mut().enumerate() {
            let mut sum = 0.0f32;
            for k in 0..64 {
                sum += t[u][k] * d[v][k];
            }
            *value = sum;
        }
    }
    b
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_orthonormal() {
        let d = matrix();
        for u in 0..16 {
            for v in 0..16 {
                let dot: f64 = (0..64).map(|k| f64::from(d[u][k]) * f64::from(d[v][k])).sum();
                let want = if u == v { 1.0 } else { 0.0 };
                assert!((dot - want).abs() < 1e-5, "{u} {v} {dot}");
            }
        }
    }

    #[test]
    fn constant_block_has_no_energy_and_a_cosine_lands_on_its_bin() {
        let flat = [[7.0f32; 64]; 64];
        let b = dct_64_to_16(&flat);
        assert!(b.iter().flatten().all(|x| x.abs() < 1e-3));
        // Vertical frequency 3 times horizontal frequency 5: all energy in coefficient (2, 4).
        let basis =
            |f: f64, k: usize| (std::f64::consts::PI / 128.0 * f * (2 * k + 1) as f64).cos();
        let mut wave = [[0.0f32; 64]; 64];
        for (k, row) in wave.iter_mut().enumerate() {
            for (j, value) in row.iter_mut().enumerate() {
                *value = (100.0 * basis(3.0, k) * basis(5.0, j)) as f32;
            }
        }
        let b = dct_64_to_16(&wave);
        for (u, row) in b.iter().enumerate() {
            for (v, x) in row.iter().enumerate() {
                if (u, v) == (2, 4) {
                    assert!((x - 3200.0).abs() < 0.1, "{x}");
                } else {
                    assert!(x.abs() < 0.01, "({u},{v}) = {x}");
                }
            }
        }
    }
}
