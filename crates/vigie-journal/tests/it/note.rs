//! Keys, signed notes and checkpoints.
//!
//! The PeterNeumann key pair, text and signature are the published example of Go's
//! `golang.org/x/mod/sumdb/note` (`note_test.go`), which C2SP signed-note formalises. Ed25519 is
//! deterministic, so signing the same text must give the same note byte for byte.

use vigie_journal::{Checkpoint, Error, SigningKey, VerifyingKey};

const GO_VKEY: &str = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
const GO_SKEY: &str =
    "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
const GO_TEXT: &str = "If you think cryptography is the answer to your problem,\n\
                       then you don't know what your problem is.\n";
const GO_SIG: &str = "\u{2014} PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";

fn go_note() -> String {
    format!("{GO_TEXT}\n{GO_SIG}")
}

#[test]
fn go_reference_keys_and_signature_byte_for_byte() {
    let sk = SigningKey::from_text(GO_SKEY).unwrap();
    assert_eq!(sk.to_text(), GO_SKEY);
    assert_eq!(sk.verifying_key().to_text(), GO_VKEY);
    assert_eq!(sk.verifying_key().key_id(), 0xc74f_20a3);
    assert_eq!(sk.sign_note(GO_TEXT).unwrap(), go_note());
    let vk = VerifyingKey::from_text(GO_VKEY).unwrap();
    assert_eq!(vk.open_note(&go_note()).unwrap(), GO_TEXT);
    let altered = go_note().replace("cryptography", "cryptographY");
    assert!(matches!(vk.open_note(&altered), Err(Error::BadSignature(_))));
}

/// Every single-byte change and every truncation of the verifier key text is refused (as in the
/// Go test): a change of the name, id or material breaks the id check or the parse.
#[test]
fn mangled_key_texts_are_refused() {
    let b = GO_VKEY.as_bytes().to_vec();
    for i in 0..b.len() {
        let mut m = b.clone();
        m[i] = m[i].wrapping_add(1);
        if let Ok(s) = String::from_utf8(m) {
            assert!(VerifyingKey::from_text(&s).is_err(), "accepted {s}");
        }
    }
    for cut in 1..b.len() {
        assert!(VerifyingKey::from_text(&GO_VKEY[..cut]).is_err());
    }
    assert!(SigningKey::from_text(GO_VKEY).is_err()); // no PRIVATE+KEY+ prefix
    assert!(
        SigningKey::from_text(
            "PRIVATE+KEY+PeterNeumann+c74f20a4+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"
        )
        .is_err()
    );
}

#[test]
fn generated_keys_round_trip_through_text() {
    let sk = SigningKey::generate("vigie.test/journal").unwrap();
    let back = SigningKey::from_text(&sk.to_text()).unwrap();
    assert_eq!(back.verifying_key(), sk.verifying_key());
    let vk = VerifyingKey::from_text(&sk.verifying_key().to_text()).unwrap();
    assert_eq!(vk, sk.verifying_key());
    assert_eq!(vk.name(), "vigie.test/journal");
    // Two generated keys differ.
    let other = SigningKey::generate("vigie.test/journal").unwrap();
    assert_ne!(other.verifying_key(), sk.verifying_key());
}

fn checkpoint() -> Checkpoint {
    Checkpoint { origin: "vigie.test/journal".into(), size: 1234, root: [7; 32] }
}

#[test]
fn checkpoint_text_is_the_c2sp_layout() {
    let key = SigningKey::generate("vigie.test/journal").unwrap();
    let note = checkpoint().sign(&key).unwrap();
    let mut lines = note.lines();
    assert_eq!(lines.next(), Some("vigie.test/journal"));
    assert_eq!(lines.next(), Some("1234"));
    assert_eq!(lines.next(), Some("BwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc="));
    assert_eq!(lines.next(), Some(""));
    let sig = lines.next().unwrap();
    assert!(sig.starts_with("\u{2014} vigie.test/journal "));
    assert_eq!(lines.next(), None);
    // 4-byte key id + 64-byte signature = 68 bytes = 92 base64 characters.
    assert_eq!(sig.rsplit(' ').next().unwrap().len(), 92);
    // Size in bytes: |origin| + |key name| + digits(size) + 146 (em dash = 3 bytes).
    assert_eq!(note.len(), 18 + 18 + 4 + 146);
    let opened = Checkpoint::open(&note, &key.verifying_key()).unwrap();
    assert_eq!(opened, checkpoint());
}

#[test]
fn wrong_key_altered_size_altered_origin_altered_root_are_rejected() {
    let key = SigningKey::generate("vigie.test/journal").unwrap();
    let vk = key.verifying_key();
    let note = checkpoint().sign(&key).unwrap();

    // Same name, another key: the id differs, so no signature of the expected key.
    let impostor = SigningKey::generate("vigie.test/journal").unwrap();
    assert!(Checkpoint::open(&note, &impostor.verifying_key()).is_err());
    // Another name.
    let other = SigningKey::generate("vigie.autre/journal").unwrap();
    assert!(matches!(Checkpoint::open(&note, &other.verifying_key()), Err(Error::NoSignature(_))));

    let bad = |n: String| assert!(Checkpoint::open(&n, &vk).is_err(), "accepted:\n{n}");
    bad(note.replacen("\n1234\n", "\n1235\n", 1));
    bad(note.replacen("\n1234\n", "\n01234\n", 1));
    bad(note.replacen("vigie.test/journal\n", "vigie.tesT/journal\n", 1));
    bad(note.replacen("BwcH", "CAcH", 1));
    // Every single-byte change of the signed text is rejected.
    let text_len = checkpoint().text().len();
    for i in 0..text_len {
        let mut b = note.clone().into_bytes();
        b[i] ^= 0x01;
        if let Ok(s) = String::from_utf8(b) {
            bad(s);
        }
    }
    // A validly signed checkpoint of another log is refused by `open_for`.
    assert!(matches!(
        Checkpoint::open_for(&note, &vk, "vigie.autre/journal"),
        Err(Error::WrongOrigin)
    ));
    assert!(Checkpoint::open_for(&note, &vk, "vigie.test/journal").is_ok());
}

#[test]
fn cosignatures_of_unknown_keys_are_ignored() {
    let key = SigningKey::generate("vigie.test/journal").unwrap();
    let witness = SigningKey::generate("temoin.test/w1").unwrap();
    let note = checkpoint().sign(&key).unwrap();
    let cosig = witness.sign_note(&checkpoint().text()).unwrap();
    let cosig_line = cosig.lines().last().unwrap();
    let both = format!("{note}{cosig_line}\n");
    assert_eq!(Checkpoint::open(&both, &key.verifying_key()).unwrap(), checkpoint());
    assert_eq!(Checkpoint::open(&both, &witness.verifying_key()).unwrap(), checkpoint());
}

#[test]
fn malformed_notes_are_rejected() {
    let key = SigningKey::generate("k.test/j").unwrap();
    let vk = key.verifying_key();
    let note = checkpoint().sign(&key).unwrap();
    for n in [
        String::new(),
        note.replace("\n\n", "\n"),                // no blank line
        note.trim_end().to_owned(),                // no final newline
        note.replace('\u{2014}', "-"),             // not an em dash
        note.replacen("\n\n", "\n\u{7}\n\n", 1),   // control character
        format!("{note}\u{2014} k.test/j !!!!\n"), // signature not base64
    ] {
        assert!(Checkpoint::open(&n, &vk).is_err(), "accepted:\n{n}");
    }
    assert!(key.sign_note("no final newline").is_err());
    // 16 cosignatures of unknown keys are accepted, 101 signature lines are not.
    let line = note.lines().last().unwrap().replace("k.test/j", "k.test/other");
    let sixteen = format!("{note}{}", format!("{line}\n").repeat(16));
    assert!(Checkpoint::open(&sixteen, &vk).is_ok());
    let many = format!("{note}{}", format!("{line}\n").repeat(100));
    assert!(Checkpoint::open(&many, &vk).is_err());
    let no_origin = Checkpoint { origin: String::new(), ..checkpoint() };
    assert!(no_origin.sign(&key).is_err());
    let two_lines = Checkpoint { origin: "a\nb".into(), ..checkpoint() };
    assert!(two_lines.sign(&key).is_err());
}

#[test]
fn extension_lines_are_allowed() {
    let key = SigningKey::generate("vigie.test/journal").unwrap();
    let text = format!("{}extension: 1\n", checkpoint().text());
    let note = key.sign_note(&text).unwrap();
    assert_eq!(Checkpoint::open(&note, &key.verifying_key()).unwrap(), checkpoint());
}
