//! The eight rotations and flips of an image, derived from its DCT block without re-hashing.
//!
//! Mirroring the image left↔right multiplies the horizontal basis function of frequency `v + 1` by
//! `(-1)^(v + 1)`; top↔bottom does the same vertically; a transpose swaps the two indices. Each of
//! the eight symmetries is therefore a sign pattern plus an optional transpose of the 16×16 block.
//! The hashes are close to, not equal to, the hashes of physically rotated files (sampling grids
//! differ), as Meta's README notes.

use serde::{Deserialize, Serialize};

/// One of the eight symmetries of the square, in the order of Meta's `--pdqdih` output.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Dihedral {
    /// The image as stored.
    Original,
    /// Rotated 90° counter-clockwise.
    Rot90,
    /// Rotated 180°.
    Rot180,
    /// Rotated 270° counter-clockwise (90° clockwise).
    Rot270,
    /// Mirrored top↔bottom.
    FlipX,
    /// Mirrored left↔right.
    FlipY,
    /// Mirrored across the main diagonal (transposed).
    FlipPlus1,
    /// Mirrored across the anti-diagonal.
    FlipMinus1,
}

impl Dihedral {
    /// All eight, in output order.
    pub const ALL: [Dihedral; 8] = [
        Dihedral::Original,
        Dihedral::Rot90,
        Dihedral::Rot180,
        Dihedral::Rot270,
        Dihedral::FlipX,
        Dihedral::FlipY,
        Dihedral::FlipPlus1,
        Dihedral::FlipMinus1,
    ];

    /// Stable snake_case code (`original`, `rot90`, …, `flip_minus1`).
    pub fn code(self) -> &'static str {
        match self {
            Dihedral::Original => "original",
            Dihedral::Rot90 => "rot90",
            Dihedral::Rot180 => "rot180",
            Dihedral::Rot270 => "rot270",
            Dihedral::FlipX => "flip_x",
            Dihedral::FlipY => "flip_y",
            Dihedral::FlipPlus1 => "flip_plus1",
            Dihedral::FlipMinus1 => "flip_minus1",
        }
    }

    /// French label for explanations.
    pub fn label_fr(self) -> &'static str {
        match self {
            Dihedral::Original => "image telle quelle",
            Dihedral::Rot90 => "rotation de 90° (sens antihoraire)",
            Dihedral::Rot180 => "rotation de 180°",
            Dihedral::Rot270 => "rotation de 270° (sens antihoraire)",
            Dihedral::FlipX => "miroir haut-bas",
            Dihedral::FlipY => "miroir gauche-droite",
            Dihedral::FlipPlus1 => "miroir selon la diagonale principale",
            Dihedral::FlipMinus1 => "miroir selon l'anti-diagonale",
        }
    }

    /// English label for explanations.
    pub fn label_en(self) -> &'static str {
        match self {
            Dihedral::Original => "image as stored",
            Dihedral::Rot90 => "rotated 90° counter-clockwise",
            Dihedral::Rot180 => "rotated 180°",
            Dihedral::Rot270 => "rotated 270° counter-clockwise",
            Dihedral::FlipX => "mirrored top to bottom",
            Dihedral::FlipY => "mirrored left to right",
            Dihedral::FlipPlus1 => "mirrored across the main diagonal",
            Dihedral::FlipMinus1 => "mirrored across the anti-diagonal",
        }
    }

    /// (transpose?, negate where the row index is even?, negate where the column index is even?)
    /// for the coefficients of the original block, indices taken before the transpose.
    fn rule(self) -> (bool, bool, bool) {
        match self {
            Dihedral::Original => (false, false, false),
            Dihedral::Rot90 => (true, false, true),
            Dihedral::Rot180 => (false, true, true),
            Dihedral::Rot270 => (true, true, false),
            Dihedral::FlipX => (false, true, false),
            Dihedral::FlipY => (false, false, true),
            Dihedral::FlipPlus1 => (true, false, false),
            Dihedral::FlipMinus1 => (true, true, true),
        }
    }

    /// The DCT block of the transformed image.
    pub(crate) fn apply(self, block: &[[f32; 16]; 16]) -> [[f32; 16]; 16] {
        let (transpose, rows_even, cols_even) = self.rule();
        let mut out = [[0.0f32; 16]; 16];
        for (u, row) in block.iter().enumerate() {
            for (v, &x) in row.iter().enumerate() {
                // Frequency u + 1 is odd when u is even: those flip sign under a mirror.
                let negate = (rows_even && u % 2 == 0) != (cols_even && v % 2 == 0);
                let x = if negate { -x } else { x };
                if transpose {
                    out[v][u] = x;
                } else {
                    out[u][v] = x;
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> [[f32; 16]; 16] {
        let mut b = [[0.0f32; 16]; 16];
        for (k, x) in b.iter_mut().flatten().enumerate() {
            *x = (k as f32 * 0.37).sin();
        }
        b
    }

    #[test]
    fn compositions_form_the_dihedral_group() {
        let b = sample();
        let r90 = |x: &[[f32; 16]; 16]| Dihedral::Rot90.apply(x);
        assert_eq!(r90(&r90(&b)), Dihedral::Rot180.apply(&b));
        assert_eq!(r90(&r90(&r90(&b))), Dihedral::Rot270.apply(&b));
        assert_eq!(r90(&r90(&r90(&r90(&b)))), b);
        for d in &Dihedral::ALL[4..] {
            assert_eq!(d.apply(&d.apply(&b)), b, "{d:?} is an involution");
        }
        // Two mirrors make a rotation.
        assert_eq!(Dihedral::FlipX.apply(&Dihedral::FlipY.apply(&b)), Dihedral::Rot180.apply(&b));
        // The eight images are distinct.
        let all: Vec<_> = Dihedral::ALL.iter().map(|d| d.apply(&b)).collect();
        for i in 0..8 {
            for j in i + 1..8 {
                assert_ne!(all[i], all[j]);
            }
        }
    }
}
