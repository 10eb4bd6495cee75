//! The feature hash. Frozen: changing it invalidates every model file.
//!
//! **FNV-1a, 64-bit** (offset basis `0xcbf29ce484222325`, prime `0x100000001b3`) over the
//! UTF-8 bytes of the feature key, then folded `h ^ (h >> 32)` and masked to the low
//! `buckets_log2` bits. A key is a one-byte namespace (`w` word n-gram, `c` char n-gram,
//! `x` extra feature), the byte `0x1f`, then the n-gram text (words joined by one space).
//!
//! Written by hand rather than taken from a crate: the exact function is part of the model
//! file format (hash spec id 1) and must never drift with a dependency update or differ between
//! platforms; FNV-1a is ten lines, byte-oriented and endianness-free.

/// FNV-1a 64-bit offset basis.
const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
/// FNV-1a 64-bit prime.
const PRIME: u64 = 0x0000_0100_0000_01b3;

/// Identifier of this hash in model files.
pub(crate) const HASH_SPEC_FNV1A64: u16 = 1;

/// An FNV-1a state that can be extended byte by byte (char n-grams extend one char at a time).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Fnv(u64);

impl Fnv {
    /// The state after the namespace byte and the separator.
    pub(crate) fn with_namespace(ns: u8) -> Fnv {
        Fnv(OFFSET).bytes(&[ns, 0x1f])
    }

    /// The state after `bytes`.
    #[must_use]
    pub(crate) fn bytes(self, bytes: &[u8]) -> Fnv {
        let mut h = self.0;
        for &b in bytes {
            h ^= u64::from(b);
            h = h.wrapping_mul(PRIME);
        }
        Fnv(h)
    }

    /// The bucket of the key hashed so far.
    pub(crate) fn bucket(self, mask: u32) -> u32 {
        ((self.0 ^ (self.0 >> 32)) as u32) & mask
    }
}

/// The bucket of `key` in namespace `ns`.
pub(crate) fn bucket(ns: u8, key: &str, mask: u32) -> u32 {
    Fnv::with_namespace(ns).bytes(key.as_bytes()).bucket(mask)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv1a_matches_the_reference_vectors() {
        // Published FNV-1a 64 test vectors (Fowler/Noll/Vo).
        assert_eq!(Fnv(OFFSET).bytes(b"").0, 0xcbf2_9ce4_8422_2325);
        assert_eq!(Fnv(OFFSET).bytes(b"a").0, 0xaf63_dc4c_8601_ec8c);
        assert_eq!(Fnv(OFFSET).bytes(b"foobar").0, 0x8594_4171_f739_67e8);
    }

    #[test]
    fn incremental_and_whole_hashing_agree() {
        let whole = bucket(b'c', "^abc", 0xFFFF);
        let inc = Fnv::with_namespace(b'c').bytes(b"^a").bytes(b"bc").bucket(0xFFFF);
        assert_eq!(whole, inc);
        assert_ne!(bucket(b'w', "abc", u32::MAX), bucket(b'c', "abc", u32::MAX));
    }
}
