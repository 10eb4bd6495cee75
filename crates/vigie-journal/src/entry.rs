//! A journal entry, its canonical bytes and leaf hash, and the salted commitment to its body.

use sha2::{Digest, Sha256};

use crate::Error;
use crate::merkle::{Hash, hash_leaf};

/// The version byte that starts every canonical entry encoding. A new layout gets a new byte, so
/// an old leaf never reads as a new one.
const ENCODING_V1: u8 = 0x01;

/// A random salt for a body commitment (16 bytes, from the operating system).
pub type Salt = [u8; 16];

/// One journal entry: who did what to which object, and when. The body itself is not here, only
/// its salted commitment, so erasing a body (retention, RGPD) leaves the entry and the tree intact.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Gapless sequence number, starting at 0: the entry's leaf index in the tree.
    pub seq: u64,
    /// When the entry was written, Unix seconds (UTC).
    pub ts: i64,
    /// Pseudonymous actor id (e.g. `r:3f2a…`), mapped to a person only in an admin table.
    pub actor: String,
    /// What happened (`case.read`, `verdict.set`, `body.erase`…).
    pub action: String,
    /// The kind of object acted on (`case`, `subject`, `signal`…).
    pub object_kind: String,
    /// The object's id.
    pub object_id: String,
    /// [`commit`] of the body (all zeros when the entry has no body).
    pub body_hash: Hash,
}

impl Entry {
    /// The canonical, unambiguous encoding hashed into the leaf: a version byte `0x01`, `seq` as
    /// u64 big-endian, `ts` as i64 big-endian, then `actor`, `action`, `object_kind`, `object_id`
    /// each as a u64 big-endian byte length followed by its UTF-8 bytes, then the 32 bytes of
    /// `body_hash`. Lengths make field boundaries unambiguous (`("ab","c")` ≠ `("a","bc")`).
    pub fn canonical(&self) -> Vec<u8> {
        let strings = [&self.actor, &self.action, &self.object_kind, &self.object_id];
        let len: usize = strings.iter().map(|s| 8 + s.len()).sum();
        let mut out = Vec::with_capacity(1 + 8 + 8 + len + 32);
        out.push(ENCODING_V1);
        out.extend_from_slice(&self.seq.to_be_bytes());
        out.extend_from_slice(&self.ts.to_be_bytes());
        for s in strings {
            out.extend_from_slice(&(s.len() as u64).to_be_bytes());
            out.extend_from_slice(s.as_bytes());
        }
        out.extend_from_slice(&self.body_hash);
        out
    }

    /// The RFC 6962 leaf hash of the entry: SHA-256(0x00 ‖ [`Entry::canonical`]).
    pub fn leaf_hash(&self) -> Hash {
        hash_leaf(&self.canonical())
    }
}

/// The salted commitment to a body: SHA-256(salt ‖ body). `body` should be the output of
/// [`canonical_json`]. The salt keeps an erased body from being recovered by hashing guesses.
pub fn commit(salt: &Salt, body: &[u8]) -> Hash {
    let mut h = Sha256::new();
    h.update(salt);
    h.update(body);
    h.finalize().into()
}

/// A fresh random salt from the operating system.
pub fn new_salt() -> Result<Salt, Error> {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|_| Error::Random)?;
    Ok(salt)
}

/// The canonical JSON bytes of a value: object keys sorted by their UTF-8 bytes at every depth, no
/// whitespace, strings escaped as `serde_json` escapes them, numbers as `serde_json` prints them.
/// The same value always gives the same bytes, whatever the map order of the `serde_json` build
/// (`preserve_order` or not).
///
/// This is not RFC 8785 (JCS sorts keys by UTF-16 units and prints numbers the ECMAScript way).
/// Store these bytes as they are (text or bytes): a PostgreSQL `jsonb` column would reorder
/// and reprint them.
///
/// ```
/// let v = serde_json::json!({"b": [1, {"d": null, "c": "é"}], "a": true});
/// let want = r#"{"a":true,"b":[1,{"c":"é","d":null}]}"#;
/// assert_eq!(vigie_journal::canonical_json(&v), want.as_bytes());
/// ```
pub fn canonical_json(value: &serde_json::Value) -> Vec<u8> {
    let mut out = Vec::new();
    write_canonical(value, &mut out);
    out
}

fn write_canonical(value: &serde_json::Value, out: &mut Vec<u8>) {
    use serde_json::Value;
    match value {
        Value::Null => out.extend_from_slice(b"null"),
        Value::Bool(true) => out.extend_from_slice(b"true"),
        Value::Bool(false) => out.extend_from_slice(b"false"),
        Value::Number(n) => out.extend_from_slice(n.to_string().as_bytes()),
        Value::String(s) => write_string(s, out),
        Value::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                write_canonical(item, out);
            }
            out.push(b']');
        }
        Value::Object(map) => {
            let mut fields: Vec<(&String, &Value)> = map.iter().collect();
            fields.sort_unstable_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
            out.push(b'{');
            for (i, (k, v)) in fields.into_iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                write_string(k, out);
                out.push(b':');
                write_canonical(v, out);
            }
            out.push(b'}');
        }
    }
}

fn write_string(s: &str, out: &mut Vec<u8>) {
    serde_json::to_writer(&mut *out, s).expect("writing a string into a Vec cannot fail");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry() -> Entry {
        Entry {
            seq: 7,
            ts: 1_764_000_000,
            actor: "r:3f2a".into(),
            action: "case.read".into(),
            object_kind: "case".into(),
            object_id: "c-12".into(),
            body_hash: [9; 32],
        }
    }

    #[test]
    fn canonical_layout_is_the_documented_one() {
        let c = entry().canonical();
        assert_eq!(c[0], 0x01);
        assert_eq!(&c[1..9], &7u64.to_be_bytes());
        assert_eq!(&c[9..17], &1_764_000_000i64.to_be_bytes());
        assert_eq!(&c[17..25], &6u64.to_be_bytes());
        assert_eq!(&c[25..31], b"r:3f2a");
        assert_eq!(&c[c.len() - 32..], &[9; 32]);
        assert_eq!(c.len(), 17 + (8 + 6) + (8 + 9) + (8 + 4) + (8 + 4) + 32);
    }

    #[test]
    fn field_boundaries_are_unambiguous() {
        let a = Entry { action: "ab".into(), object_kind: "c".into(), ..entry() };
        let b = Entry { action: "a".into(), object_kind: "bc".into(), ..entry() };
        assert_ne!(a.leaf_hash(), b.leaf_hash());
    }

    #[test]
    fn every_field_changes_the_leaf() {
        let base = entry().leaf_hash();
        let variants = [
            Entry { seq: 8, ..entry() },
            Entry { ts: 1, ..entry() },
            Entry { actor: "r:3f2b".into(), ..entry() },
            Entry { action: "case.write".into(), ..entry() },
            Entry { object_kind: "subject".into(), ..entry() },
            Entry { object_id: "c-13".into(), ..entry() },
            Entry { body_hash: [8; 32], ..entry() },
        ];
        for v in variants {
            assert_ne!(v.leaf_hash(), base, "{v:?}");
        }
    }

    #[test]
    fn commitment_depends_on_salt_and_body() {
        let body = canonical_json(&serde_json::json!({"note": "vu"}));
        let a = commit(&[1; 16], &body);
        assert_eq!(a, commit(&[1; 16], &body));
        assert_ne!(a, commit(&[2; 16], &body));
        assert_ne!(a, commit(&[1; 16], b"{}"));
        let mut direct = Sha256::new();
        direct.update([1u8; 16]);
        direct.update(&body);
        assert_eq!(a, <[u8; 32]>::from(direct.finalize()));
    }

    #[test]
    fn salts_differ() {
        assert_ne!(new_salt().unwrap(), new_salt().unwrap());
    }

    #[test]
    fn canonical_json_ignores_key_order_and_whitespace() {
        let a: serde_json::Value =
            serde_json::from_str("{ \"z\": 1, \"a\": {\"y\": [true, null], \"b\": \"x\\ny\"} }")
                .unwrap();
        let b: serde_json::Value =
            serde_json::from_str("{\"a\":{\"b\":\"x\\ny\",\"y\":[true,null]},\"z\":1}").unwrap();
        assert_eq!(canonical_json(&a), canonical_json(&b));
        assert_eq!(canonical_json(&a), br#"{"a":{"b":"x\ny","y":[true,null]},"z":1}"#.to_vec());
        let back: serde_json::Value = serde_json::from_slice(&canonical_json(&a)).unwrap();
        assert_eq!(back, a);
    }
}
