//! Property tests: for random tree sizes up to 2,000, every inclusion and consistency proof
//! verifies, and flipping any bit of a proof, a root, a leaf or a size makes it fail. Proofs are
//! also compared with a direct transcription of RFC 6962 §2.1.1–2.1.2 (the recursive `PATH` and
//! `SUBPROOF` over leaf slices).

use proptest::prelude::*;
use vigie_journal::{
    EMPTY_ROOT, Frontier, Hash, Tree, hash_children, hash_leaf, verify_consistency,
    verify_inclusion,
};

fn leaves(n: u64, salt: u64) -> Vec<Hash> {
    (0..n).map(|i| hash_leaf(&[i.to_be_bytes(), salt.to_be_bytes()].concat())).collect()
}

fn k_of(n: usize) -> usize {
    1 << (n - 1).ilog2()
}

fn mth(d: &[Hash]) -> Hash {
    match d.len() {
        0 => EMPTY_ROOT,
        1 => d[0],
        n => {
            let k = k_of(n);
            hash_children(&mth(&d[..k]), &mth(&d[k..]))
        }
    }
}

fn path(m: usize, d: &[Hash]) -> Vec<Hash> {
    if d.len() <= 1 {
        return vec![];
    }
    let k = k_of(d.len());
    if m < k {
        [path(m, &d[..k]), vec![mth(&d[k..])]].concat()
    } else {
        [path(m - k, &d[k..]), vec![mth(&d[..k])]].concat()
    }
}

#[allow(clippy::many_single_char_names)] // the RFC's own names: m, n, k, D, b
fn subproof(m: usize, d: &[Hash], b: bool) -> Vec<Hash> {
    let n = d.len();
    if m == n {
        return if b { vec![] } else { vec![mth(d)] };
    }
    let k = k_of(n);
    if m <= k {
        [subproof(m, &d[..k], b), vec![mth(&d[k..])]].concat()
    } else {
        [subproof(m - k, &d[k..], false), vec![mth(&d[..k])]].concat()
    }
}

fn flip(h: &Hash, bit: usize) -> Hash {
    let mut x = *h;
    x[bit / 8] ^= 1 << (bit % 8);
    x
}

/// Every proof of every tree up to 64 leaves equals the RFC's recursive definition.
#[test]
fn proofs_match_the_rfc_definition_up_to_64_leaves() {
    for n in 1..=64u64 {
        let l = leaves(n, 0);
        let t = Tree::new(&l);
        assert_eq!(t.root(), mth(&l));
        for i in 0..n {
            assert_eq!(t.inclusion_proof(i).unwrap(), path(i as usize, &l), "n={n} i={i}");
        }
        for m in 1..n {
            assert_eq!(
                t.consistency_proof(m).unwrap(),
                subproof(m as usize, &l, true),
                "{m} -> {n}"
            );
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    #[test]
    fn every_proof_verifies_and_every_flip_fails(
        n in 1u64..=2000,
        salt in any::<u64>(),
        pick_i in any::<prop::sample::Index>(),
        pick_m in any::<prop::sample::Index>(),
    ) {
        let l = leaves(n, salt);
        let t = Tree::new(&l);
        let r = t.root();

        // The frontier agrees with the tree.
        let mut f = Frontier::new();
        for x in &l {
            f.push(*x);
        }
        prop_assert_eq!(f.root(), r);

        // Every inclusion proof verifies.
        for i in 0..n {
            let p = t.inclusion_proof(i).unwrap();
            prop_assert!(verify_inclusion(&l[i as usize], i, n, &p, &r).is_ok(), "i={}", i);
        }
        // Every consistency proof m -> n verifies.
        let roots: Vec<Hash> = (0..=n).map(|m| t.root_at(m).unwrap()).collect();
        for m in 0..=n {
            let p = t.consistency_proof(m).unwrap();
            prop_assert!(
                verify_consistency(m, n, &roots[m as usize], &r, &p).is_ok(), "m={}", m
            );
        }

        // One inclusion proof: flip every bit of the proof, the root and the leaf.
        let i = pick_i.index(n as usize) as u64;
        let leaf = l[i as usize];
        let p = t.inclusion_proof(i).unwrap();
        for e in 0..p.len() {
            for bit in 0..256 {
                let mut q = p.clone();
                q[e] = flip(&q[e], bit);
                prop_assert!(verify_inclusion(&leaf, i, n, &q, &r).is_err());
            }
        }
        for bit in 0..256 {
            prop_assert!(verify_inclusion(&leaf, i, n, &p, &flip(&r, bit)).is_err());
            prop_assert!(verify_inclusion(&flip(&leaf, bit), i, n, &p, &r).is_err());
        }
        // Flipping a bit of the index fails.
        for bit in 0..64 {
            let j = i ^ (1 << bit);
            prop_assert!(verify_inclusion(&leaf, j, n, &p, &r).is_err(), "index bit {}", bit);
        }
        // Flipping a bit of the size, checked against the root of a tree of that size (the
        // same leaves, extended): the proof verifies only where it *is* the honest proof for
        // that size. Against the *same* root a proof can stay valid for another size (see
        // `verify_inclusion`): the signed checkpoint binds size and root. Sizes past 4096 differ
        // in a bit above the tree height, so the proof has the wrong length and must fail.
        let big = leaves(4096, salt);
        let big_tree = Tree::new(&big);
        let honest_tree = |s: u64| Tree::new(&big[..s as usize]);
        for bit in 0..64 {
            let s = n ^ (1 << bit);
            if s <= 4096 {
                let ok = verify_inclusion(&leaf, i, s, &p, &big_tree.root_at(s).unwrap()).is_ok();
                prop_assert!(
                    !ok || honest_tree(s).inclusion_proof(i).unwrap() == p, "size bit {}", bit
                );
            } else {
                prop_assert!(verify_inclusion(&leaf, i, s, &p, &r).is_err(), "size bit {}", bit);
            }
        }

        // One consistency proof: flip every bit of the proof, of both roots and of both sizes.
        let m = pick_m.index(n as usize + 1) as u64;
        let p = t.consistency_proof(m).unwrap();
        let rm = roots[m as usize];
        for e in 0..p.len() {
            for bit in 0..256 {
                let mut q = p.clone();
                q[e] = flip(&q[e], bit);
                prop_assert!(verify_consistency(m, n, &rm, &r, &q).is_err());
            }
        }
        // Every tree extends the empty tree: from m = 0 the new root and size are not checked
        // (nothing to check them against), so those two flips are tested for m > 0 only.
        for bit in 0..256 {
            prop_assert!(verify_consistency(m, n, &flip(&rm, bit), &r, &p).is_err());
            if m > 0 {
                prop_assert!(verify_consistency(m, n, &rm, &flip(&r, bit), &p).is_err());
            }
        }
        // Flipped sizes, as for inclusion: against the true roots of trees of those sizes the
        // proof verifies only where it is the honest proof for them (from m = 1 a consistency
        // proof *is* an inclusion proof of leaf 0, so 1 -> 5 and 1 -> 7 share it).
        for bit in 0..64 {
            let m2 = m ^ (1 << bit);
            if m2 <= n {
                let ok = verify_consistency(m2, n, &roots[m2 as usize], &r, &p).is_ok();
                prop_assert!(
                    !ok || t.consistency_proof(m2).unwrap() == p, "m={} size1 bit {}", m, bit
                );
            } else {
                prop_assert!(verify_consistency(m2, n, &rm, &r, &p).is_err());
            }
            let n2 = n ^ (1 << bit);
            if n2 <= 4096 {
                let rn2 = big_tree.root_at(n2).unwrap();
                let ok = verify_consistency(m, n2, &rm, &rn2, &p).is_ok();
                prop_assert!(
                    !ok || (m <= n2 && honest_tree(n2).consistency_proof(m).unwrap() == p),
                    "m={} size2 bit {}", m, bit
                );
            } else if m > 0 {
                prop_assert!(verify_consistency(m, n2, &rm, &r, &p).is_err());
            }
        }
    }
}
