//! The 256-bit PDQ hash: hex form, bit layout, Hamming distance.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::{Error, HexProblem};

/// A 256-bit PDQ hash.
///
/// Bit `k` (0..256) is the DCT coefficient at row `k / 16`, column `k % 16` of the 16×16 block.
/// The text form is the one every PDQ implementation and hash list uses: 64 lowercase hexadecimal
/// digits, most significant bit first, so bit 255 is the top bit of the first digit.
///
/// Internally the bits are four little-endian words: `words()[0]` holds bits 0..64.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Hash256([u64; 4]);

impl Hash256 {
    /// The hash with every bit clear (what PDQ returns for images too small to hash).
    pub const ZERO: Hash256 = Hash256([0; 4]);

    /// Builds a hash from its four little-endian words (`words[0]` holds bits 0..64).
    pub const fn from_words(words: [u64; 4]) -> Hash256 {
        Hash256(words)
    }

    /// The four little-endian words (`[0]` holds bits 0..64).
    pub const fn words(&self) -> [u64; 4] {
        self.0
    }

    /// Parses 64 hexadecimal digits (either case; surrounding whitespace is not accepted).
    pub fn from_hex(text: &str) -> Result<Hash256, Error> {
        let bytes = text.as_bytes();
        if bytes.len() != 64 {
            return Err(Error::InvalidHash(HexProblem::Length(bytes.len())));
        }
        let mut words = [0u64; 4];
        for (position, &byte) in bytes.iter().enumerate() {
            let nibble = match byte {
                b'0'..=b'9' => byte - b'0',
                b'a'..=b'f' => byte - b'a' + 10,
                b'A'..=b'F' => byte - b'A' + 10,
                _ => return Err(Error::InvalidHash(HexProblem::Digit(position + 1))),
            };
            let word = &mut words[3 - position / 16];
            *word = (*word << 4) | u64::from(nibble);
        }
        Ok(Hash256(words))
    }

    /// The 64 lowercase hexadecimal digits.
    pub fn to_hex(&self) -> String {
        format!("{:016x}{:016x}{:016x}{:016x}", self.0[3], self.0[2], self.0[1], self.0[0])
    }

    /// The 32 bytes in text order (big-endian: byte 0 holds bits 255..248).
    pub fn to_bytes(&self) -> [u8; 32] {
        let mut out = [0u8; 32];
        for (i, word) in self.0.iter().rev().enumerate() {
            out[i * 8..i * 8 + 8].copy_from_slice(&word.to_be_bytes());
        }
        out
    }

    /// The inverse of [`Hash256::to_bytes`].
    pub fn from_bytes(bytes: [u8; 32]) -> Hash256 {
        let mut words = [0u64; 4];
        for (i, chunk) in bytes.chunks_exact(8).enumerate() {
            let mut be = [0u8; 8];
            be.copy_from_slice(chunk);
            words[3 - i] = u64::from_be_bytes(be);
        }
        Hash256(words)
    }

    /// Whether bit `k` (0..256) is set.
    pub fn bit(&self, k: usize) -> bool {
        (self.0[k / 64] >> (k % 64)) & 1 == 1
    }

    /// Sets bit `k` (0..256).
    pub fn set_bit(&mut self, k: usize) {
        self.0[k / 64] |= 1 << (k % 64);
    }

    /// Hamming distance: how many of the 256 bits differ (0..=256).
    #[inline]
    pub fn distance(&self, other: &Hash256) -> u32 {
        (self.0[0] ^ other.0[0]).count_ones()
            + (self.0[1] ^ other.0[1]).count_ones()
            + (self.0[2] ^ other.0[2]).count_ones()
            + (self.0[3] ^ other.0[3]).count_ones()
    }

    /// Number of set bits.
    pub fn count_ones(&self) -> u32 {
        self.0.iter().map(|w| w.count_ones()).sum()
    }

    /// The 16-bit chunk `c` (0..16): bits `16c..16c+16`.
    #[inline]
    pub(crate) fn chunk16(&self, c: usize) -> u16 {
        (self.0[c / 4] >> (16 * (c % 4))) as u16
    }

    /// The 32-bit slot `s` (0..8): bits `32s..32s+32`.
    #[inline]
    pub(crate) fn slot32(&self, s: usize) -> u32 {
        (self.0[s / 2] >> (32 * (s % 2))) as u32
    }
}

impl fmt::Display for Hash256 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_hex())
    }
}

impl fmt::Debug for Hash256 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Hash256({})", self.to_hex())
    }
}

impl FromStr for Hash256 {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Hash256::from_hex(s)
    }
}

impl Serialize for Hash256 {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_hex())
    }
}

impl<'de> Deserialize<'de> for Hash256 {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        Hash256::from_hex(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BRIDGE: &str = "d8f8f0cee0f4a84f0637022a078f67f0b36e2ed596621e1d33e6339c4e9c9b22";

    #[test]
    fn hex_round_trip_and_layout() {
        let h = Hash256::from_hex(BRIDGE).unwrap();
        assert_eq!(h.to_hex(), BRIDGE);
        // First digit 'd' = 1101 holds bits 255..252.
        assert!(h.bit(255) && h.bit(254) && !h.bit(253) && h.bit(252));
        // Last digit '2' = 0010 holds bits 3..0.
        assert!(!h.bit(0) && h.bit(1) && !h.bit(2) && !h.bit(3));
        // Chunk 15 is the first four digits, chunk 0 the last four (C++ `w[15]` … `w[0]`).
        assert_eq!(h.chunk16(15), 0xd8f8);
        assert_eq!(h.chunk16(0), 0x9b22);
        assert_eq!(h.slot32(0), 0x4e9c_9b22);
        assert_eq!(Hash256::from_bytes(h.to_bytes()), h);
        assert_eq!(h.to_bytes()[0], 0xd8);
    }

    #[test]
    fn uppercase_is_accepted_and_normalised() {
        let h = Hash256::from_hex(&BRIDGE.to_uppercase()).unwrap();
        assert_eq!(h.to_hex(), BRIDGE);
    }

    #[test]
    fn bad_hex_is_rejected_with_position() {
        let short = Hash256::from_hex("abc").unwrap_err();
        assert_eq!(
            short.to_string(),
            "invalid pdq hash: expected 64 hexadecimal digits, found 3 characters"
        );
        let mut bad = BRIDGE.to_string();
        bad.replace_range(10..11, "g");
        let err = Hash256::from_hex(&bad).unwrap_err();
        assert_eq!(err.to_string(), "invalid pdq hash: character 11 is not a hexadecimal digit");
        assert!(Hash256::from_hex(&format!(" {}", &BRIDGE[1..])).is_err());
        // A multi-byte character must not panic on slicing.
        let accented = format!("é{}", &BRIDGE[2..]);
        assert!(Hash256::from_hex(&accented).is_err());
    }

    #[test]
    fn distance_counts_differing_bits() {
        let a = Hash256::from_hex(BRIDGE).unwrap();
        let mut b = a;
        b.set_bit(0);
        b.set_bit(200);
        assert_eq!(a.distance(&b), 1 + u32::from(!a.bit(200)));
        assert_eq!(Hash256::ZERO.distance(&Hash256::from_words([u64::MAX; 4])), 256);
    }

    proptest::proptest! {
        #[test]
        fn text_and_byte_forms_round_trip(words in proptest::prelude::any::<[u64; 4]>()) {
            let h = Hash256::from_words(words);
            let hex = h.to_hex();
            proptest::prop_assert_eq!(hex.len(), 64);
            proptest::prop_assert_eq!(Hash256::from_hex(&hex).unwrap(), h);
            proptest::prop_assert_eq!(Hash256::from_hex(&hex.to_uppercase()).unwrap(), h);
            proptest::prop_assert_eq!(Hash256::from_bytes(h.to_bytes()), h);
            proptest::prop_assert_eq!(serde_json::from_str::<Hash256>(&serde_json::to_string(&h).unwrap()).unwrap(), h);
        }

        #[test]
        fn any_string_parses_or_errs_without_panicking(text in ".{0,80}") {
            let _ = Hash256::from_hex(&text);
        }
    }
}
