//! Near-duplicate clusters: exact bodies first, then MinHash + LSH banding, verified by the
//! estimated Jaccard similarity.
//!
//! 1. Documents with the same normalised body are joined to the first of them (so every group of
//!    identical bodies is in one cluster by construction, whatever LSH does).
//! 2. The first document of each body goes into 16 bands of 4 MinHash rows. Band keys are sorted;
//!    within a run of equal keys each document is compared with the (at most [`WINDOW`]) documents
//!    before it, skipping pairs already joined, and joined when the estimated Jaccard similarity of
//!    their signatures reaches the threshold. Comparing inside a window keeps a huge bucket (a
//!    boilerplate sentence) linear instead of quadratic; transitivity joins the rest.
//! 3. Clusters are the connected components; each join is kept as an explained edge.

use crate::minhash::{BAND_ROWS, SIGNATURE_LEN, Signature, band_key, estimated_jaccard};
use crate::uf::UnionFind;

/// Documents compared with each new member of an LSH bucket.
pub(crate) const WINDOW: usize = 8;

/// A join between two documents' texts.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct TextEdge {
    pub(crate) a: u32,
    pub(crate) b: u32,
    /// `None` for identical bodies.
    pub(crate) jaccard: Option<f64>,
}

/// The result of clustering.
pub(crate) struct Clusters {
    /// Union–find over documents: same root, same cluster.
    pub(crate) uf: UnionFind,
    /// Joins that built the clusters (a spanning forest).
    pub(crate) edges: Vec<TextEdge>,
}

/// Clusters `n` documents from their body hashes and signatures.
pub(crate) fn cluster<'s>(
    bodies: &[u64],
    sig_of: &dyn Fn(u32) -> Option<&'s Signature>,
    threshold: f64,
) -> Clusters {
    let n = bodies.len();
    let mut uf = UnionFind::new(n);
    let mut edges = Vec::new();
    // 1. Identical bodies.
    let mut order: Vec<u32> = (0..n as u32).collect();
    order.sort_unstable_by_key(|&i| (bodies[i as usize], i));
    let mut reps = Vec::new();
    let mut start = 0;
    while start < order.len() {
        let body = bodies[order[start] as usize];
        let end =
            start + order[start..].iter().take_while(|&&i| bodies[i as usize] == body).count();
        let rep = order[start];
        reps.push(rep);
        for &m in &order[start + 1..end] {
            uf.union(rep, m);
            edges.push(TextEdge { a: rep, b: m, jaccard: None });
        }
        start = end;
    }
    reps.sort_unstable();
    reps.retain(|&r| sig_of(r).is_some());
    // 2. LSH bands over one document per body.
    let mut keys: Vec<(u64, u32)> = Vec::with_capacity(reps.len());
    for band in 0..SIGNATURE_LEN / BAND_ROWS {
        keys.clear();
        keys.extend(reps.iter().map(|&r| (band_key(sig_of(r).expect("kept"), band), r)));
        keys.sort_unstable();
        let mut s = 0;
        while s < keys.len() {
            let e = s + keys[s..].iter().take_while(|k| k.0 == keys[s].0).count();
            for j in s + 1..e {
                let b = keys[j].1;
                for &(_, a) in keys[j.saturating_sub(WINDOW).max(s)..j].iter().rev() {
                    if uf.find(a) == uf.find(b) {
                        continue;
                    }
                    let jac = estimated_jaccard(sig_of(a).expect("kept"), sig_of(b).expect("kept"));
                    if jac >= threshold {
                        uf.union(a, b);
                        edges.push(TextEdge { a: a.min(b), b: a.max(b), jaccard: Some(jac) });
                    }
                }
            }
            s = e;
        }
    }
    Clusters { uf, edges }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::minhash::fingerprint;

    #[test]
    fn identical_bodies_cluster_even_without_signatures() {
        let texts = ["a b c d", "x y z", "A  b c d", "", ""];
        let prints: Vec<_> = texts.iter().map(|t| fingerprint(t)).collect();
        let bodies: Vec<u64> = prints.iter().map(|p| p.body).collect();
        let mut c = cluster(&bodies, &|i| prints[i as usize].signature.as_deref(), 0.5);
        assert_eq!(c.uf.find(0), c.uf.find(2));
        assert_eq!(c.uf.find(3), c.uf.find(4));
        assert_ne!(c.uf.find(0), c.uf.find(1));
        assert!(c.edges.iter().all(|e| e.jaccard.is_none()));
    }

    #[test]
    fn near_duplicates_join_with_their_jaccard() {
        let base = "nouvelle sur la ville douce et souriante disponible toute la semaine pour un moment agréable appelle moi vite";
        let texts = [
            format!("{base} 06 11 22 33 44"),
            format!("{base} 07 55 66 77 88"),
            "recette de la tarte aux pommes de grand-mère avec de la cannelle".to_owned(),
        ];
        let prints: Vec<_> = texts.iter().map(|t| fingerprint(t)).collect();
        let bodies: Vec<u64> = prints.iter().map(|p| p.body).collect();
        let mut c = cluster(&bodies, &|i| prints[i as usize].signature.as_deref(), 0.5);
        assert_eq!(c.uf.find(0), c.uf.find(1));
        assert_ne!(c.uf.find(0), c.uf.find(2));
        let j = c.edges[0].jaccard.unwrap();
        assert!((0.5..1.0).contains(&j), "{j}");
    }
}
