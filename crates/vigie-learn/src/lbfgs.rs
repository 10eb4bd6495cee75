//! Limited-memory BFGS with a backtracking (Armijo) line search.
//!
//! Hand-written (about 100 lines) because the optimisation crates available work on dense
//! `ndarray` problems or bring large dependency trees (see /work/shared/DEPS.md), and because
//! every operation here must run in a fixed order so that training is bit-for-bit reproducible.

// Short names follow the usual notation of the algorithm (x, f, g, d, s, y, ρ, α, β, γ).
#![allow(clippy::many_single_char_names)]

/// Stopping rules.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Lbfgs {
    /// Pairs of correction vectors kept.
    pub memory: usize,
    /// Iterations at most.
    pub max_iter: usize,
    /// Stop when the gradient's largest component is below `tol · max(1, |f|)`.
    pub tol: f64,
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

impl Lbfgs {
    /// Minimises `f` from `x`; `f(x, grad)` returns the value and writes the gradient.
    /// Returns the number of iterations run.
    pub(crate) fn minimize(
        &self,
        x: &mut [f64],
        mut f: impl FnMut(&[f64], &mut [f64]) -> f64,
    ) -> usize {
        let n = x.len();
        let mut g = vec![0.0; n];
        let mut fx = f(x, &mut g);
        let mut s_hist: Vec<Vec<f64>> = Vec::new();
        let mut y_hist: Vec<Vec<f64>> = Vec::new();
        let mut rho: Vec<f64> = Vec::new();
        let mut d = vec![0.0; n];
        let mut x_new = vec![0.0; n];
        let mut g_new = vec![0.0; n];
        let mut alpha = vec![0.0; self.memory];
        for iter in 0..self.max_iter {
            let gmax = g.iter().fold(0.0f64, |m, v| m.max(v.abs()));
            if gmax <= self.tol * fx.abs().max(1.0) {
                return iter;
            }
            // Two-loop recursion: d = -H g.
            d.iter_mut().zip(&g).for_each(|(d, g)| *d = -g);
            for i in (0..s_hist.len()).rev() {
                alpha[i] = rho[i] * dot(&s_hist[i], &d);
                d.iter_mut().zip(&y_hist[i]).for_each(|(d, y)| *d -= alpha[i] * y);
            }
            let gamma = match (s_hist.last(), y_hist.last()) {
                (Some(s), Some(y)) => dot(s, y) / dot(y, y),
                _ => 1.0 / g.iter().map(|v| v * v).sum::<f64>().sqrt().max(1e-12),
            };
            for v in &mut d {
                *v *= gamma;
            }
            for i in 0..s_hist.len() {
                let beta = rho[i] * dot(&y_hist[i], &d);
                d.iter_mut().zip(&s_hist[i]).for_each(|(d, s)| *d += (alpha[i] - beta) * s);
            }
            let mut slope = dot(&g, &d);
            if slope >= 0.0 {
                // Not a descent direction: restart from steepest descent.
                s_hist.clear();
                y_hist.clear();
                rho.clear();
                d.iter_mut().zip(&g).for_each(|(d, g)| *d = -g);
                slope = dot(&g, &d);
            }
            let mut step = 1.0;
            let mut f_new;
            let mut tries = 0;
            loop {
                x_new.iter_mut().zip(x.iter().zip(&d)).for_each(|(xn, (x, d))| *xn = x + step * d);
                f_new = f(&x_new, &mut g_new);
                if f_new <= fx + 1e-4 * step * slope || tries == 40 {
                    break;
                }
                step *= 0.5;
                tries += 1;
            }
            if tries == 40 {
                return iter;
            }
            let s: Vec<f64> = x_new.iter().zip(x.iter()).map(|(a, b)| a - b).collect();
            let y: Vec<f64> = g_new.iter().zip(&g).map(|(a, b)| a - b).collect();
            let sy = dot(&s, &y);
            x.copy_from_slice(&x_new);
            g.copy_from_slice(&g_new);
            let converged = (fx - f_new).abs() <= 1e-10 * fx.abs().max(1.0);
            fx = f_new;
            if converged {
                return iter + 1;
            }
            if sy > 1e-12 {
                if s_hist.len() == self.memory {
                    s_hist.remove(0);
                    y_hist.remove(0);
                    rho.remove(0);
                }
                s_hist.push(s);
                y_hist.push(y);
                rho.push(1.0 / sy);
            }
        }
        self.max_iter
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minimises_a_quadratic_bowl() {
        // f(x) = Σ (i+1)(x_i - i)², minimum at x_i = i.
        let mut x = vec![0.0; 5];
        let iters = Lbfgs { memory: 5, max_iter: 100, tol: 1e-10 }.minimize(&mut x, |x, g| {
            let mut f = 0.0;
            for i in 0..x.len() {
                let w = (i + 1) as f64;
                let r = x[i] - i as f64;
                f += w * r * r;
                g[i] = 2.0 * w * r;
            }
            f
        });
        assert!(iters < 100);
        for (i, v) in x.iter().enumerate() {
            assert!((v - i as f64).abs() < 1e-5, "{x:?}");
        }
    }
}
