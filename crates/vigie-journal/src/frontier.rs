//! The incremental form of the tree: the roots of the perfect subtrees that make up the tree so
//! far, one per set bit of the size. Appending a leaf costs at most log2(n) hashes; the root costs
//! at most log2(n) more. This is what the store persists beside the journal, so that an append
//! never reads the whole log.

use crate::Error;
use crate::merkle::{EMPTY_ROOT, Hash, hash_children};

/// The O(log n) "frontier" (compact range from 0) of an RFC 6962 tree.
///
/// ```
/// use vigie_journal::{Frontier, hash_leaf, root};
/// let leaves: Vec<_> = (0u8..5).map(|i| hash_leaf(&[i])).collect();
/// let mut f = Frontier::new();
/// for l in &leaves {
///     f.push(*l);
/// }
/// assert_eq!(f.root(), root(&leaves));
/// let back = Frontier::from_bytes(&f.to_bytes()).unwrap();
/// assert_eq!(back, f);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Frontier {
    size: u64,
    /// Subtree roots, largest (leftmost) first; `nodes.len() == size.count_ones()`.
    nodes: Vec<Hash>,
}

impl Frontier {
    /// The frontier of the empty tree.
    pub fn new() -> Self {
        Self::default()
    }

    /// The number of leaves appended so far.
    pub fn size(&self) -> u64 {
        self.size
    }

    /// Appends one leaf hash.
    pub fn push(&mut self, leaf: Hash) {
        let mut h = leaf;
        let mut s = self.size;
        // Each trailing 1 bit of the size is a perfect subtree of the same height as `h`: merge.
        while s & 1 == 1 {
            let left = self.nodes.pop().expect("one node per set bit of the size");
            h = hash_children(&left, &h);
            s >>= 1;
        }
        self.nodes.push(h);
        self.size += 1;
    }

    /// The Merkle tree hash of all leaves appended so far.
    pub fn root(&self) -> Hash {
        let mut it = self.nodes.iter().rev();
        let Some(last) = it.next() else {
            return EMPTY_ROOT;
        };
        it.fold(*last, |acc, left| hash_children(left, &acc))
    }

    /// Stable byte form: the size as 8 bytes big-endian, then the subtree roots, largest first.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(8 + 32 * self.nodes.len());
        out.extend_from_slice(&self.size.to_be_bytes());
        for n in &self.nodes {
            out.extend_from_slice(n);
        }
        out
    }

    /// Reads the form written by [`Frontier::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, Error> {
        let Some((size, rest)) = bytes.split_first_chunk::<8>() else {
            return Err(Error::BadFrontier("shorter than 8 bytes"));
        };
        let size = u64::from_be_bytes(*size);
        if rest.len() != 32 * size.count_ones() as usize {
            return Err(Error::BadFrontier("node count does not match the size"));
        }
        let nodes =
            rest.chunks_exact(32).map(|c| <Hash>::try_from(c).expect("chunks of 32")).collect();
        Ok(Self { size, nodes })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::merkle::{hash_leaf, root};

    #[test]
    fn frontier_root_equals_tree_root_at_every_size() {
        let leaves: Vec<Hash> = (0u32..300).map(|i| hash_leaf(&i.to_le_bytes())).collect();
        let mut f = Frontier::new();
        assert_eq!(f.root(), EMPTY_ROOT);
        for (i, l) in leaves.iter().enumerate() {
            f.push(*l);
            assert_eq!(f.root(), root(&leaves[..=i]), "size {}", i + 1);
            assert_eq!(f.nodes.len(), f.size.count_ones() as usize);
        }
    }

    #[test]
    fn bytes_round_trip_and_bad_bytes_are_refused() {
        let mut f = Frontier::new();
        for i in 0u8..11 {
            f.push(hash_leaf(&[i]));
        }
        let b = f.to_bytes();
        assert_eq!(b.len(), 8 + 32 * 3);
        assert_eq!(Frontier::from_bytes(&b).unwrap(), f);
        assert!(Frontier::from_bytes(&b[..7]).is_err());
        assert!(Frontier::from_bytes(&b[..b.len() - 1]).is_err());
        let mut wrong_size = b.clone();
        wrong_size[7] = 12; // 12 has two set bits, 3 nodes stored
        assert!(Frontier::from_bytes(&wrong_size).is_err());
        assert_eq!(Frontier::from_bytes(&0u64.to_be_bytes()).unwrap(), Frontier::new());
    }
}
