//! RFC 6962 known-answer tests.
//!
//! Source of every value below: transparency-dev/merkle, `proof/verify_test.go` (variables
//! `leaves`, `roots`, `inclusionProofs`, `consistencyProofs`, and the corruption probes of
//! `corruptInclusionProof` / `corruptConsistencyProof`), the vectors inherited from Certificate
//! Transparency's reference implementation. Leaf indices there are 1-based; here 0-based.

use vigie_journal::{
    EMPTY_ROOT, Hash, Tree, consistency_proof, hash_leaf, inclusion_proof, root,
    verify_consistency, verify_inclusion,
};

use crate::{h, unhex};

/// Leaf *data* (hashed with the 0x00 prefix).
const LEAVES: [&str; 8] = [
    "",
    "00",
    "10",
    "2021",
    "3031",
    "40414243",
    "5051525354555657",
    "606162636465666768696a6b6c6d6e6f",
];

/// Roots of the trees of the first 1..=8 leaves.
const ROOTS: [&str; 8] = [
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
];

/// (0-based leaf index, tree size, proof).
const INCLUSION: &[(u64, u64, &[&str])] = &[
    (0, 1, &[]),
    (
        0,
        8,
        &[
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
    ),
    (
        5,
        8,
        &[
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
    (2, 3, &["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"]),
    (
        1,
        5,
        &[
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ],
    ),
];

/// (size1, size2, proof).
const CONSISTENCY: &[(u64, u64, &[&str])] = &[
    (1, 1, &[]),
    (
        1,
        8,
        &[
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
    ),
    (
        6,
        8,
        &[
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
    (
        2,
        5,
        &[
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ],
    ),
    (
        6,
        7,
        &[
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
];

/// "abacaba…" and the empty-tree hash, the wrong roots of the reference probes.
const SOME_HASH: &str = "abacaba000000000000000000000000000000000000000000060061e00123456";

fn leaf_hashes() -> Vec<Hash> {
    LEAVES.iter().map(|d| hash_leaf(&unhex(d))).collect()
}

fn hashes(p: &[&str]) -> Vec<Hash> {
    p.iter().map(|s| h(s)).collect()
}

#[test]
fn empty_tree_root() {
    assert_eq!(EMPTY_ROOT, h("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
    assert_eq!(root(&[]), EMPTY_ROOT);
}

#[test]
fn roots_of_every_prefix() {
    let leaves = leaf_hashes();
    let tree = Tree::new(&leaves);
    for (i, want) in ROOTS.iter().enumerate() {
        assert_eq!(root(&leaves[..=i]), h(want), "size {}", i + 1);
        assert_eq!(tree.root_at(i as u64 + 1).unwrap(), h(want), "size {}", i + 1);
    }
}

#[test]
fn inclusion_proofs_are_byte_exact_and_verify() {
    let leaves = leaf_hashes();
    for &(index, size, proof) in INCLUSION {
        let want = hashes(proof);
        let got = inclusion_proof(&leaves[..size as usize], index).unwrap();
        assert_eq!(got, want, "proof of {index} in {size}");
        let r = h(ROOTS[size as usize - 1]);
        let leaf = leaves[index as usize];
        verify_inclusion(&leaf, index, size, &want, &r).unwrap();
    }
}

#[test]
fn consistency_proofs_are_byte_exact_and_verify() {
    let leaves = leaf_hashes();
    for &(m, n, proof) in CONSISTENCY {
        let want = hashes(proof);
        let got = consistency_proof(&leaves[..n as usize], m).unwrap();
        assert_eq!(got, want, "proof {m} -> {n}");
        let (rm, rn) = (h(ROOTS[m as usize - 1]), h(ROOTS[n as usize - 1]));
        verify_consistency(m, n, &rm, &rn, &want).unwrap();
    }
}

/// The reference's corruption probes for inclusion: each must be rejected.
#[test]
fn corrupted_inclusion_probes_fail() {
    let leaves = leaf_hashes();
    let some = h(SOME_HASH);
    for &(index, size, proof) in INCLUSION.iter().skip(1) {
        let proof = hashes(proof);
        let r = h(ROOTS[size as usize - 1]);
        let leaf = leaves[index as usize];
        let mut probes: Vec<(String, u64, u64, Hash, Hash, Vec<Hash>)> = vec![
            ("index - 1".into(), index.wrapping_sub(1), size, r, leaf, proof.clone()),
            ("index + 1".into(), index + 1, size, r, leaf, proof.clone()),
            ("index ^ 2".into(), index ^ 2, size, r, leaf, proof.clone()),
            ("size * 2".into(), index, size * 2, r, leaf, proof.clone()),
            ("size / 2".into(), index, size / 2, r, leaf, proof.clone()),
            ("wrong leaf".into(), index, size, r, hash_leaf(b"WrongLeaf"), proof.clone()),
            ("empty root".into(), index, size, EMPTY_ROOT, leaf, proof.clone()),
            ("random root".into(), index, size, some, leaf, proof.clone()),
            ("trailing root".into(), index, size, r, leaf, [proof.clone(), vec![r]].concat()),
            ("preceding root".into(), index, size, r, leaf, [vec![r], proof.clone()].concat()),
        ];
        for i in 0..proof.len() {
            let mut p = proof.clone();
            p[i][0] ^= 8;
            probes.push((format!("proof[{i}] bit 3"), index, size, r, leaf, p));
        }
        if !proof.is_empty() {
            let p = proof[..proof.len() - 1].to_vec();
            probes.push(("removed component".into(), index, size, r, leaf, p));
        }
        if proof.len() > 1 {
            let p = [vec![proof[0], some], proof[1..].to_vec()].concat();
            probes.push(("inserted component".into(), index, size, r, leaf, p));
        }
        for (desc, i, s, r, l, p) in probes {
            assert!(
                verify_inclusion(&l, i, s, &p, &r).is_err(),
                "{desc} verified for leaf {index} of {size}"
            );
        }
    }
}

/// The reference's corruption probes for consistency: each must be rejected.
#[test]
fn corrupted_consistency_probes_fail() {
    let some = h(SOME_HASH);
    for &(m, n, proof) in CONSISTENCY.iter().filter(|c| !c.2.is_empty()) {
        let proof = hashes(proof);
        let (r1, r2) = (h(ROOTS[m as usize - 1]), h(ROOTS[n as usize - 1]));
        let mut probes: Vec<(String, u64, u64, Hash, Hash, Vec<Hash>)> = vec![
            ("size1 - 1".into(), m - 1, n, r1, r2, proof.clone()),
            ("size1 + 1".into(), m + 1, n, r1, r2, proof.clone()),
            ("size1 ^ 2".into(), m ^ 2, n, r1, r2, proof.clone()),
            ("size2 * 2".into(), m, n * 2, r1, r2, proof.clone()),
            ("size2 / 2".into(), m, n / 2, r1, r2, proof.clone()),
            ("wrong root1".into(), m, n, some, r2, proof.clone()),
            ("wrong root2".into(), m, n, r1, some, proof.clone()),
            ("swapped roots".into(), m, n, r2, r1, proof.clone()),
            ("empty proof".into(), m, n, r1, r2, vec![]),
            ("trailing root1".into(), m, n, r1, r2, [proof.clone(), vec![r1]].concat()),
            ("trailing root2".into(), m, n, r1, r2, [proof.clone(), vec![r2]].concat()),
            ("preceding root1".into(), m, n, r1, r2, [vec![r1], proof.clone()].concat()),
            ("preceding root2".into(), m, n, r1, r2, [vec![r2], proof.clone()].concat()),
            ("preceding proof[0]".into(), m, n, r1, r2, [vec![proof[0]], proof.clone()].concat()),
            ("truncated".into(), m, n, r1, r2, proof[..proof.len() - 1].to_vec()),
        ];
        for i in 0..proof.len() {
            let mut p = proof.clone();
            p[i][0] ^= 16;
            probes.push((format!("proof[{i}] bit 4"), m, n, r1, r2, p));
        }
        for (desc, a, b, ra, rb, p) in probes {
            assert!(
                verify_consistency(a, b, &ra, &rb, &p).is_err(),
                "{desc} verified for {m} -> {n}"
            );
        }
    }
}

/// The reference's table of trivial consistency cases (`TestVerifyConsistency`), with one
/// stricter choice: a proof from size 0 needs the empty root as the old root.
#[test]
fn trivial_consistency_cases() {
    let (a, b) = (h(SOME_HASH), h(ROOTS[0]));
    let e = EMPTY_ROOT;
    assert!(verify_consistency(0, 0, &e, &e, &[]).is_ok());
    assert!(verify_consistency(0, 1, &e, &b, &[]).is_ok());
    assert!(verify_consistency(1, 1, &b, &b, &[]).is_ok());
    assert!(verify_consistency(1, 1, &a, &b, &[]).is_err()); // roots differ
    assert!(verify_consistency(1, 0, &a, &b, &[]).is_err()); // time travel
    assert!(verify_consistency(2, 1, &a, &b, &[]).is_err());
    assert!(verify_consistency(1, 2, &a, &b, &[]).is_err()); // empty proof
    assert!(verify_consistency(0, 0, &e, &e, &[e]).is_err()); // non-empty proof
    assert!(verify_consistency(0, 1, &e, &e, &[e]).is_err());
    assert!(verify_consistency(1, 1, &e, &e, &[e]).is_err());
    assert!(verify_consistency(0, 1, &a, &b, &[]).is_err()); // stricter than the reference
}
