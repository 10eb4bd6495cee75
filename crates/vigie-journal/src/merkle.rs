//! RFC 6962 / RFC 9162 Merkle tree hash, inclusion proofs and consistency proofs over leaf hashes.
//!
//! Hand-written rather than taken from `ct-merkle` (the one maintained Rust crate): its tree owns
//! the leaf *data* and hashes it itself, while Vigie's store holds only the 32-byte leaf hashes and
//! must build proofs from them; the algorithms are the short ones of RFC 9162 §2.1, checked
//! against the transparency-dev test vectors in `tests/it/vectors.rs`.

use sha2::{Digest, Sha256};

use crate::Error;

/// A SHA-256 digest: a leaf hash, an interior node or a tree root.
pub type Hash = [u8; 32];

/// The root of the empty tree: SHA-256 of the empty string (RFC 6962 §2.1).
pub const EMPTY_ROOT: Hash = [
    0xe3, 0xb0, 0xc4, 0x42, 0x98, 0xfc, 0x1c, 0x14, 0x9a, 0xfb, 0xf4, 0xc8, 0x99, 0x6f, 0xb9, 0x24,
    0x27, 0xae, 0x41, 0xe4, 0x64, 0x9b, 0x93, 0x4c, 0xa4, 0x95, 0x99, 0x1b, 0x78, 0x52, 0xb8, 0x55,
];

/// The RFC 6962 leaf hash: SHA-256(0x00 ‖ data).
pub fn hash_leaf(data: &[u8]) -> Hash {
    let mut h = Sha256::new();
    h.update([0x00]);
    h.update(data);
    h.finalize().into()
}

/// The RFC 6962 interior node hash: SHA-256(0x01 ‖ left ‖ right).
pub fn hash_children(left: &Hash, right: &Hash) -> Hash {
    let mut h = Sha256::new();
    h.update([0x01]);
    h.update(left);
    h.update(right);
    h.finalize().into()
}

/// The largest power of two strictly smaller than `n` (`n >= 2`): where RFC 6962 splits a tree.
fn split(n: u64) -> u64 {
    debug_assert!(n >= 2);
    1 << (n - 1).ilog2()
}

/// A whole tree over leaf hashes, with every complete interior node kept, so that the root and
/// each proof cost O(log n) hashes once it is built (building costs n - 1 hashes and 2n hashes of
/// memory: 64 MB for a million entries).
#[derive(Debug, Clone)]
pub struct Tree {
    /// `levels[0]` are the leaves; `levels[l][j]` is the root of the perfect subtree of `2^l`
    /// leaves starting at leaf `j << l`.
    levels: Vec<Vec<Hash>>,
}

impl Tree {
    /// Builds the tree over these leaf hashes (in sequence order).
    pub fn new(leaves: &[Hash]) -> Self {
        let mut levels = vec![leaves.to_vec()];
        while levels.last().is_some_and(|l| l.len() >= 2) {
            let below = levels.last().expect("checked above");
            let above = below.chunks_exact(2).map(|p| hash_children(&p[0], &p[1])).collect();
            levels.push(above);
        }
        Self { levels }
    }

    /// The number of leaves.
    pub fn size(&self) -> u64 {
        self.levels[0].len() as u64
    }

    /// The Merkle tree hash (MTH) of the whole tree.
    pub fn root(&self) -> Hash {
        self.subtree(0, self.size())
    }

    /// The Merkle tree hash of the first `size` leaves (`size <= self.size()`).
    pub fn root_at(&self, size: u64) -> Result<Hash, Error> {
        if size > self.size() {
            return Err(Error::OutOfRange { index: size, size: self.size() });
        }
        Ok(self.subtree(0, size))
    }

    /// MTH of leaves `start..end`.
    fn subtree(&self, start: u64, end: u64) -> Hash {
        let n = end - start;
        match n {
            0 => EMPTY_ROOT,
            1 => self.levels[0][start as usize],
            _ if n.is_power_of_two() && start.is_multiple_of(n) => {
                let level = n.trailing_zeros() as usize;
                self.levels[level][(start >> level) as usize]
            }
            _ => {
                let k = split(n);
                hash_children(&self.subtree(start, start + k), &self.subtree(start + k, end))
            }
        }
    }

    /// The audit path of leaf `index` in the whole tree (RFC 6962 §2.1.1 `PATH`), deepest first.
    pub fn inclusion_proof(&self, index: u64) -> Result<Vec<Hash>, Error> {
        let size = self.size();
        if index >= size {
            return Err(Error::OutOfRange { index, size });
        }
        let mut proof = Vec::new();
        self.path(index, 0, size, &mut proof);
        Ok(proof)
    }

    fn path(&self, index: u64, start: u64, end: u64, out: &mut Vec<Hash>) {
        let n = end - start;
        if n <= 1 {
            return;
        }
        let k = split(n);
        if index < start + k {
            self.path(index, start, start + k, out);
            out.push(self.subtree(start + k, end));
        } else {
            self.path(index, start + k, end, out);
            out.push(self.subtree(start, start + k));
        }
    }

    /// The proof that the first `m` leaves are a prefix of the whole tree (RFC 6962 §2.1.2
    /// `PROOF(m, D[n])`). Empty when `m == 0` or `m == n`.
    pub fn consistency_proof(&self, m: u64) -> Result<Vec<Hash>, Error> {
        let n = self.size();
        if m > n {
            return Err(Error::OutOfRange { index: m, size: n });
        }
        let mut proof = Vec::new();
        if m > 0 && m < n {
            self.subproof(m, 0, n, true, &mut proof);
        }
        Ok(proof)
    }

    fn subproof(&self, m: u64, start: u64, end: u64, whole: bool, out: &mut Vec<Hash>) {
        let n = end - start;
        if m == n {
            if !whole {
                out.push(self.subtree(start, end));
            }
            return;
        }
        let k = split(n);
        if m <= k {
            self.subproof(m, start, start + k, whole, out);
            out.push(self.subtree(start + k, end));
        } else {
            self.subproof(m - k, start + k, end, false, out);
            out.push(self.subtree(start, start + k));
        }
    }
}

/// The Merkle tree hash (RFC 6962 `MTH`) of these leaf hashes.
pub fn root(leaves: &[Hash]) -> Hash {
    Tree::new(leaves).root()
}

/// The inclusion proof of leaf `index` in the tree of these leaf hashes. Builds the tree each
/// call: to produce many proofs, build a [`Tree`] once.
pub fn inclusion_proof(leaves: &[Hash], index: u64) -> Result<Vec<Hash>, Error> {
    Tree::new(leaves).inclusion_proof(index)
}

/// The consistency proof from the tree of the first `m` leaves to the tree of all of them.
pub fn consistency_proof(leaves: &[Hash], m: u64) -> Result<Vec<Hash>, Error> {
    Tree::new(leaves).consistency_proof(m)
}

/// Checks that `leaf` is leaf `index` of the tree of `size` leaves whose root is `root`
/// (RFC 9162 §2.1.3.2).
///
/// The proof binds the leaf to the root, not to the size: a proof may also verify for another
/// claimed size against the *same* root (e.g. index 0 of 5 leaves and of 7). The size an auditor
/// trusts is the one signed with the root in a checkpoint.
pub fn verify_inclusion(
    leaf: &Hash,
    index: u64,
    size: u64,
    proof: &[Hash],
    root: &Hash,
) -> Result<(), Error> {
    if index >= size {
        return Err(Error::OutOfRange { index, size });
    }
    let (mut fnode, mut snode) = (index, size - 1);
    let mut r = *leaf;
    for p in proof {
        if snode == 0 {
            return Err(Error::BadProof("inclusion proof is too long"));
        }
        if fnode & 1 == 1 || fnode == snode {
            r = hash_children(p, &r);
            if fnode & 1 == 0 {
                while fnode & 1 == 0 && fnode != 0 {
                    fnode >>= 1;
                    snode >>= 1;
                }
            }
        } else {
            r = hash_children(&r, p);
        }
        fnode >>= 1;
        snode >>= 1;
    }
    if snode != 0 {
        return Err(Error::BadProof("inclusion proof is too short"));
    }
    if &r != root {
        return Err(Error::BadProof("inclusion proof leads to another root"));
    }
    Ok(())
}

/// Checks that the tree of `m` leaves with root `root_m` is a prefix of the tree of `n` leaves
/// with root `root_n` (RFC 9162 §2.1.4.2). With `m == n` the roots must be equal and the proof
/// empty; with `m == 0` the proof must be empty and `root_m` the empty root.
///
/// As for [`verify_inclusion`], the sizes are bound by the signed checkpoints that carry the
/// roots, not by the proof: from `m == 1` the proof is the inclusion proof of leaf 0.
pub fn verify_consistency(
    m: u64,
    n: u64,
    root_m: &Hash,
    root_n: &Hash,
    proof: &[Hash],
) -> Result<(), Error> {
    if m > n {
        return Err(Error::OutOfRange { index: m, size: n });
    }
    if m == n {
        if !proof.is_empty() {
            return Err(Error::BadProof("equal sizes need an empty proof"));
        }
        if root_m != root_n {
            return Err(Error::BadProof("equal sizes with different roots"));
        }
        return Ok(());
    }
    if m == 0 {
        if !proof.is_empty() {
            return Err(Error::BadProof("a proof from the empty tree must be empty"));
        }
        if root_m != &EMPTY_ROOT {
            return Err(Error::BadProof("the empty tree has another root"));
        }
        return Ok(());
    }
    if proof.is_empty() {
        return Err(Error::BadProof("empty consistency proof"));
    }
    // Step 1: when m is a power of two, the old root itself is the first node of the path.
    let mut path = proof.iter();
    let first =
        if m.is_power_of_two() { *root_m } else { *path.next().expect("checked non-empty") };
    let (mut fnode, mut snode) = (m - 1, n - 1);
    while fnode & 1 == 1 {
        fnode >>= 1;
        snode >>= 1;
    }
    let (mut fr, mut sr) = (first, first);
    for c in path {
        if snode == 0 {
            return Err(Error::BadProof("consistency proof is too long"));
        }
        if fnode & 1 == 1 || fnode == snode {
            fr = hash_children(c, &fr);
            sr = hash_children(c, &sr);
            if fnode & 1 == 0 {
                while fnode & 1 == 0 && fnode != 0 {
                    fnode >>= 1;
                    snode >>= 1;
                }
            }
        } else {
            sr = hash_children(&sr, c);
        }
        fnode >>= 1;
        snode >>= 1;
    }
    if snode != 0 {
        return Err(Error::BadProof("consistency proof is too short"));
    }
    if &fr != root_m {
        return Err(Error::BadProof("consistency proof leads to another old root"));
    }
    if &sr != root_n {
        return Err(Error::BadProof("consistency proof leads to another new root"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leaves(n: u64) -> Vec<Hash> {
        (0..n).map(|i| hash_leaf(&i.to_be_bytes())).collect()
    }

    /// The RFC 6962 §2.1 definition, recursion straight from the text: the oracle for `Tree`.
    fn mth(l: &[Hash]) -> Hash {
        match l.len() {
            0 => EMPTY_ROOT,
            1 => l[0],
            n => {
                let k = split(n as u64) as usize;
                hash_children(&mth(&l[..k]), &mth(&l[k..]))
            }
        }
    }

    #[test]
    fn empty_root_is_sha256_of_nothing() {
        assert_eq!(EMPTY_ROOT, <[u8; 32]>::from(Sha256::digest(b"")));
        assert_eq!(root(&[]), EMPTY_ROOT);
    }

    #[test]
    fn split_is_largest_power_of_two_below() {
        let got: Vec<u64> = (2..=9).map(split).collect();
        assert_eq!(got, vec![1, 2, 2, 4, 4, 4, 4, 8]);
    }

    #[test]
    fn tree_root_matches_the_recursive_definition() {
        for n in 0..70 {
            let l = leaves(n);
            let t = Tree::new(&l);
            assert_eq!(t.root(), mth(&l), "n={n}");
            for m in 0..=n {
                assert_eq!(t.root_at(m).unwrap(), mth(&l[..m as usize]), "n={n} m={m}");
            }
        }
    }

    #[test]
    fn out_of_range_requests_are_errors() {
        let t = Tree::new(&leaves(5));
        assert!(t.inclusion_proof(5).is_err());
        assert!(t.consistency_proof(6).is_err());
        assert!(t.root_at(6).is_err());
        assert!(verify_inclusion(&EMPTY_ROOT, 0, 0, &[], &EMPTY_ROOT).is_err());
    }

    /// The size is not bound by an inclusion proof (documented on `verify_inclusion`): this pins
    /// the known case so that nobody relies on the proof alone for the size.
    #[test]
    fn inclusion_proof_does_not_bind_the_size_alone() {
        let l = leaves(5);
        let t = Tree::new(&l);
        let proof = t.inclusion_proof(0).unwrap();
        assert!(verify_inclusion(&l[0], 0, 5, &proof, &t.root()).is_ok());
        assert!(verify_inclusion(&l[0], 0, 7, &proof, &t.root()).is_ok());
        // Against the real root of a 7-leaf tree it fails.
        let seven = root(&leaves(7));
        assert!(verify_inclusion(&l[0], 0, 7, &proof, &seven).is_err());
    }
}
