//! Ed25519 keys and checkpoints in the C2SP signed-note text format (c2sp.org/signed-note,
//! c2sp.org/tlog-checkpoint).
//!
//! Hand-written because the format is a few lines of text and the Rust crates that implement it
//! (`signed_note`, `tlog_tiles`) pull an older `ed25519-dalek`/`rand_core` line beside ours.
//! Keys use the text encoding of Go's `golang.org/x/mod/sumdb/note`, so Go tools and witnesses
//! read them; the known-answer test in `tests/it/note.rs` checks byte-for-byte compatibility.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use ed25519_dalek::{Signature, Signer as _};
use sha2::{Digest, Sha256};

use crate::Error;
use crate::merkle::Hash;

/// Signature type byte of plain Ed25519 in signed notes.
const ALG_ED25519: u8 = 0x01;
/// Prefix of a private key in text form (Go `note` signer key).
const PRIVATE_PREFIX: &str = "PRIVATE+KEY+";
/// At most this many signature lines are read (the spec asks to accept at least 16; Go's
/// `note` package stops at 100).
const MAX_SIGNATURES: usize = 100;
/// Signature line prefix: em dash and a space.
const SIG_PREFIX: &str = "\u{2014} ";

/// The C2SP key id: the first 4 bytes (big-endian) of SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key).
fn key_id(name: &str, public: &[u8; 32]) -> u32 {
    let mut h = Sha256::new();
    h.update(name.as_bytes());
    h.update([b'\n', ALG_ED25519]);
    h.update(public);
    let d: [u8; 32] = h.finalize().into();
    u32::from_be_bytes([d[0], d[1], d[2], d[3]])
}

/// Key names: non-empty, no Unicode space, no `+`, no control character.
fn check_name(name: &str) -> Result<(), Error> {
    if name.is_empty() {
        return Err(Error::BadName("empty key name"));
    }
    if name.chars().any(|c| c.is_whitespace() || c == '+' || c.is_control()) {
        return Err(Error::BadName("key name has a space, a plus or a control character"));
    }
    Ok(())
}

/// Parses `name+hex8+base64(0x01 ‖ 32 bytes)` into (name, id, key bytes).
fn parse_key_text(text: &str) -> Result<(String, u32, [u8; 32]), Error> {
    let mut parts = text.splitn(3, '+');
    let (Some(name), Some(id), Some(material)) = (parts.next(), parts.next(), parts.next()) else {
        return Err(Error::BadKey("expected name+id+key"));
    };
    check_name(name).map_err(|_| Error::BadKey("invalid key name"))?;
    if id.len() != 8 || !id.bytes().all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()) {
        return Err(Error::BadKey("key id is not 8 lowercase hex digits"));
    }
    let id = u32::from_str_radix(id, 16).map_err(|_| Error::BadKey("key id is not hex"))?;
    let raw = B64.decode(material).map_err(|_| Error::BadKey("key material is not base64"))?;
    let Some((&ALG_ED25519, key)) = raw.split_first() else {
        return Err(Error::BadKey("not an ed25519 key"));
    };
    let key: [u8; 32] = key.try_into().map_err(|_| Error::BadKey("ed25519 key is not 32 bytes"))?;
    Ok((name.to_owned(), id, key))
}

fn key_text(name: &str, id: u32, key: &[u8; 32]) -> String {
    let mut material = Vec::with_capacity(33);
    material.push(ALG_ED25519);
    material.extend_from_slice(key);
    format!("{name}+{id:08x}+{}", B64.encode(material))
}

/// The instance's private checkpoint key, with its name (e.g. `vigie.exemple.fr/journal`).
#[derive(Clone)]
pub struct SigningKey {
    name: String,
    key: ed25519_dalek::SigningKey,
}

impl std::fmt::Debug for SigningKey {
    // Never print the secret.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SigningKey").field("name", &self.name).finish_non_exhaustive()
    }
}

impl SigningKey {
    /// A new random key named `name` (a schema-less URL is recommended).
    pub fn generate(name: &str) -> Result<Self, Error> {
        check_name(name)?;
        let mut seed = [0u8; 32];
        getrandom::fill(&mut seed).map_err(|_| Error::Random)?;
        Ok(Self { name: name.to_owned(), key: ed25519_dalek::SigningKey::from_bytes(&seed) })
    }

    /// Reads the text form written by [`SigningKey::to_text`]
    /// (`PRIVATE+KEY+<name>+<id>+<base64>`, the Go `note` signer key format).
    pub fn from_text(text: &str) -> Result<Self, Error> {
        let rest = text
            .trim_end()
            .strip_prefix(PRIVATE_PREFIX)
            .ok_or(Error::BadKey("missing PRIVATE+KEY+ prefix"))?;
        let (name, id, seed) = parse_key_text(rest)?;
        let key = ed25519_dalek::SigningKey::from_bytes(&seed);
        if key_id(&name, key.verifying_key().as_bytes()) != id {
            return Err(Error::BadKey("key id does not match the key"));
        }
        Ok(Self { name, key })
    }

    /// The private key as one line of text, for a file readable only by the server.
    pub fn to_text(&self) -> String {
        let public = self.key.verifying_key();
        let id = key_id(&self.name, public.as_bytes());
        format!("{PRIVATE_PREFIX}{}", key_text(&self.name, id, self.key.as_bytes()))
    }

    /// The key name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The public half, to hand to auditors.
    pub fn verifying_key(&self) -> VerifyingKey {
        VerifyingKey { name: self.name.clone(), key: self.key.verifying_key() }
    }

    /// Signs a note text (ending in a newline) and returns the whole signed note.
    pub fn sign_note(&self, text: &str) -> Result<String, Error> {
        check_note_text(text)?;
        let sig = self.key.sign(text.as_bytes());
        let id = key_id(&self.name, self.key.verifying_key().as_bytes());
        let mut blob = Vec::with_capacity(68);
        blob.extend_from_slice(&id.to_be_bytes());
        blob.extend_from_slice(&sig.to_bytes());
        Ok(format!("{text}\n{SIG_PREFIX}{} {}\n", self.name, B64.encode(blob)))
    }
}

/// A public checkpoint key with its name: what an auditor holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifyingKey {
    name: String,
    key: ed25519_dalek::VerifyingKey,
}

impl VerifyingKey {
    /// Reads the text form written by [`VerifyingKey::to_text`] (`<name>+<id>+<base64>`, the Go
    /// `note` verifier key format).
    pub fn from_text(text: &str) -> Result<Self, Error> {
        let (name, id, public) = parse_key_text(text.trim_end())?;
        if key_id(&name, &public) != id {
            return Err(Error::BadKey("key id does not match the key"));
        }
        let key = ed25519_dalek::VerifyingKey::from_bytes(&public)
            .map_err(|_| Error::BadKey("not a valid ed25519 public key"))?;
        Ok(Self { name, key })
    }

    /// The public key as one line of text.
    pub fn to_text(&self) -> String {
        key_text(&self.name, self.key_id(), self.key.as_bytes())
    }

    /// The key name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The C2SP key id (first 4 bytes of SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key)).
    pub fn key_id(&self) -> u32 {
        key_id(&self.name, self.key.as_bytes())
    }

    /// Verifies a signed note and returns its text (with its final newline, without the blank
    /// line and the signatures). Signature lines of other keys are ignored; a line of this key
    /// (same name and id) that fails rejects the note.
    pub fn open_note<'a>(&self, note: &'a str) -> Result<&'a str, Error> {
        if note.chars().any(|c| c.is_control() && c != '\n') {
            return Err(Error::MalformedNote("control character"));
        }
        let split = note
            .rfind("\n\n")
            .ok_or(Error::MalformedNote("no blank line before the signatures"))?;
        let (text, sigs) = (&note[..=split], &note[split + 2..]);
        if sigs.is_empty() || !sigs.ends_with('\n') {
            return Err(Error::MalformedNote("signatures must end with a newline"));
        }
        if sigs.lines().count() > MAX_SIGNATURES {
            return Err(Error::MalformedNote("too many signature lines"));
        }
        let my_id = self.key_id();
        let mut verified = false;
        for line in sigs.lines() {
            let rest = line
                .strip_prefix(SIG_PREFIX)
                .ok_or(Error::MalformedNote("signature line without em dash"))?;
            let (name, b64) = rest
                .split_once(' ')
                .ok_or(Error::MalformedNote("signature line without a space"))?;
            let blob =
                B64.decode(b64).map_err(|_| Error::MalformedNote("signature is not base64"))?;
            if blob.len() < 5 {
                return Err(Error::MalformedNote("signature too short"));
            }
            let id = u32::from_be_bytes([blob[0], blob[1], blob[2], blob[3]]);
            if name != self.name || id != my_id {
                continue; // another key's signature: ignored, as the spec requires
            }
            let sig = <[u8; 64]>::try_from(&blob[4..])
                .map_err(|_| Error::BadSignature(self.name.clone()))?;
            self.key
                .verify_strict(text.as_bytes(), &Signature::from_bytes(&sig))
                .map_err(|_| Error::BadSignature(self.name.clone()))?;
            verified = true;
        }
        if verified { Ok(text) } else { Err(Error::NoSignature(self.name.clone())) }
    }
}

/// Note texts end in a newline and hold no control character other than newline.
fn check_note_text(text: &str) -> Result<(), Error> {
    if !text.ends_with('\n') {
        return Err(Error::MalformedNote("text must end with a newline"));
    }
    if text.chars().any(|c| c.is_control() && c != '\n') {
        return Err(Error::MalformedNote("control character"));
    }
    Ok(())
}

/// A tree head: the log's origin line, its size and its root (c2sp.org/tlog-checkpoint).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checkpoint {
    /// The log's name, e.g. `vigie.<instance>/journal`.
    pub origin: String,
    /// Number of entries covered.
    pub size: u64,
    /// Merkle tree hash of those entries.
    pub root: Hash,
}

impl Checkpoint {
    /// The checkpoint note text: origin, size and base64 root, one per line, each ending in `\n`.
    pub fn text(&self) -> String {
        format!("{}\n{}\n{}\n", self.origin, self.size, B64.encode(self.root))
    }

    /// The signed checkpoint: [`Checkpoint::text`], a blank line and the signature line.
    pub fn sign(&self, key: &SigningKey) -> Result<String, Error> {
        if self.origin.is_empty() || self.origin.contains('\n') {
            return Err(Error::BadName("origin must be one non-empty line"));
        }
        key.sign_note(&self.text())
    }

    /// Verifies a signed checkpoint with `key` and parses it. Extension lines after the root are
    /// allowed and ignored, as the checkpoint spec says.
    pub fn open(note: &str, key: &VerifyingKey) -> Result<Self, Error> {
        Self::parse(key.open_note(note)?)
    }

    /// Like [`Checkpoint::open`], and the origin must be `origin`.
    pub fn open_for(note: &str, key: &VerifyingKey, origin: &str) -> Result<Self, Error> {
        let c = Self::open(note, key)?;
        if c.origin != origin {
            return Err(Error::WrongOrigin);
        }
        Ok(c)
    }

    /// Parses an (already verified) checkpoint text.
    fn parse(text: &str) -> Result<Self, Error> {
        let mut lines = text.split('\n');
        let (Some(origin), Some(size), Some(root)) = (lines.next(), lines.next(), lines.next())
        else {
            return Err(Error::MalformedNote("checkpoint needs origin, size and root"));
        };
        if origin.is_empty() {
            return Err(Error::MalformedNote("empty origin"));
        }
        // Decimal, no sign, no leading zero: one text per size.
        if size.is_empty()
            || !size.bytes().all(|b| b.is_ascii_digit())
            || (size.len() > 1 && size.starts_with('0'))
        {
            return Err(Error::MalformedNote("size is not a decimal number"));
        }
        let size = size.parse().map_err(|_| Error::MalformedNote("size does not fit 64 bits"))?;
        let root: Hash = B64
            .decode(root)
            .ok()
            .and_then(|r| r.try_into().ok())
            .ok_or(Error::MalformedNote("root is not 32 bytes of base64"))?;
        Ok(Self { origin: origin.to_owned(), size, root })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_names_are_checked() {
        assert!(SigningKey::generate("").is_err());
        assert!(SigningKey::generate("a b").is_err());
        assert!(SigningKey::generate("a+b").is_err());
        assert!(SigningKey::generate("vigie.test/journal").is_ok());
    }

    #[test]
    fn debug_does_not_print_the_secret() {
        let k = SigningKey::generate("k").unwrap();
        let secret = k.to_text();
        let material = &secret.strip_prefix("PRIVATE+KEY+k+").unwrap()[9..];
        assert_eq!(material.len(), 44);
        assert!(!format!("{k:?}").contains(material));
    }
}
