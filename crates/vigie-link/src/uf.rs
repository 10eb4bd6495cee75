//! Union–find with path halving and union by size.
//!
//! Twenty lines, written here because the graph crates that offer one (petgraph) bring a whole
//! graph library for it, and linking needs sizes and clones of the structure.

#[derive(Debug, Clone)]
pub(crate) struct UnionFind {
    parent: Vec<u32>,
    size: Vec<u32>,
}

impl UnionFind {
    pub(crate) fn new(n: usize) -> UnionFind {
        UnionFind { parent: (0..n as u32).collect(), size: vec![1; n] }
    }

    pub(crate) fn find(&mut self, mut x: u32) -> u32 {
        while self.parent[x as usize] != x {
            let p = self.parent[x as usize];
            self.parent[x as usize] = self.parent[p as usize];
            x = self.parent[x as usize];
        }
        x
    }

    /// Joins the sets of `a` and `b`; returns the sizes of both sets when they were separate.
    pub(crate) fn union(&mut self, a: u32, b: u32) -> Option<(u32, u32)> {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra == rb {
            return None;
        }
        let (sa, sb) = (self.size[ra as usize], self.size[rb as usize]);
        // Smallest root index wins on ties so that roots do not depend on call order details.
        let (big, small) = if sa > sb || (sa == sb && ra < rb) { (ra, rb) } else { (rb, ra) };
        self.parent[small as usize] = big;
        self.size[big as usize] = sa + sb;
        Some((sa, sb))
    }

    pub(crate) fn size_of(&mut self, x: u32) -> u32 {
        let r = self.find(x);
        self.size[r as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::UnionFind;

    #[test]
    fn unions_join_sets_and_report_sizes() {
        let mut uf = UnionFind::new(5);
        assert_eq!(uf.union(0, 1), Some((1, 1)));
        assert_eq!(uf.union(2, 1), Some((1, 2)));
        assert_eq!(uf.union(0, 2), None);
        assert_eq!(uf.size_of(2), 3);
        assert_ne!(uf.find(3), uf.find(0));
    }
}
