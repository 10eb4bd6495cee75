//! `vigie import`, `vigie scan` on chat exports and `vigie report`.

use crate::common::{run, vigie};

#[test]
fn scan_detects_a_whatsapp_zip_and_says_so() {
    let (out, err, code) =
        run(vigie().args(["scan", "examples/exports/WhatsApp Chat - Ryan.zip", "--top", "1"]));
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("importé avec WhatsApp (export de discussion)"), "{err}");
    assert!(
        err.contains(
            "12 lu(s) = 10 message(s) + 1 ligne(s) système + 1 ligne(s) de suite + 0 erreur(s)"
        ),
        "{err}"
    );
    assert!(err.contains("1 lignes système (non analysées)"), "{err}");
    assert!(out.contains("conversation"), "{out}");
}

#[test]
fn import_writes_jsonl_that_scan_reads_back() {
    let dir = tempfile::tempdir().unwrap();
    let jsonl = dir.path().join("out.jsonl");
    let (_, err, code) = run(vigie()
        .args([
            "import",
            "examples/exports/whatsapp-android-fr.txt",
            "examples/exports/telegram-result.json",
            "examples/exports/snapchat-chat_history.json",
            "-o",
        ])
        .arg(&jsonl));
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("Telegram Desktop") && err.contains("Snapchat"), "{err}");
    let text = std::fs::read_to_string(&jsonl).unwrap();
    assert_eq!(text.lines().count(), 16 + 5 + 4);
    assert!(text.contains(r#""local_time":"2024-03-12T21:14:00""#));
    assert!(text.contains(r#""system":true"#));
    let (_, err, code) = run(vigie().arg("scan").arg(&jsonl).args(["--top", "0"]));
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("25 enregistrements lus") && err.contains("4 lignes système"), "{err}");
}

#[test]
fn unrecognised_and_forced_formats() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("x.json");
    std::fs::write(&f, r#"{"foo": 1}"#).unwrap();
    let (_, err, code) = run(vigie().arg("import").arg(&f));
    assert_eq!(code, 2);
    assert!(err.contains("format d'export non reconnu") && err.contains("[foo]"), "{err}");
    let (_, err, code) =
        run(vigie().args(["import", "--input-format", "csv", "examples/exports/pan12.xml"]));
    assert_eq!(code, 2, "{err}");
}

#[test]
fn report_html_is_self_contained_and_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let html = dir.path().join("rapport.html");
    let (text, err, code) = run(vigie()
        .args(["report", "examples/exports/WhatsApp Chat - Ryan.zip", "--text", "--html"])
        .arg(&html));
    assert_eq!(code, 0, "{err}");
    let page = std::fs::read_to_string(&html).unwrap();
    for needle in [
        "<html lang=\"fr\">",
        "Niveau de risque : critique",
        "Qui porte le risque",
        "119",
        "3018",
        "Pharos",
        "<mark>",
        "Confidentialité",
    ] {
        assert!(page.contains(needle), "{needle}");
    }
    assert!(!page.contains("<script") && !page.contains("http://") && !page.contains("https://"));
    // Apostrophes of the messages are escaped.
    assert!(page.contains("t&#39;es seule ce soir"));
    assert!(text.contains("QUE FAIRE MAINTENANT") && text.contains("Ryan"));
    assert!(
        text.contains(
            "12 lignes/enregistrements = 10 messages + 1 lignes système + 1 lignes de suite"
        ),
        "{text}"
    );
}

#[test]
fn timezone_is_assigned_only_on_request() {
    let chat = "examples/exports/whatsapp-android-fr.txt";
    let (out, err, code) = run(vigie().args(["import", chat]));
    assert_eq!(code, 0, "{err}");
    assert!(!out.contains(r#""timestamp""#) && !out.contains("timezone_assumed"), "{out}");
    let (out, err, code) = run(vigie().args(["import", chat, "--timezone", "Europe/Paris"]));
    assert_eq!(code, 0, "{err}");
    // 12 March: winter time in Paris.
    assert!(out.contains(r#""timestamp":"2024-03-12T21:14:00+01:00""#), "{out}");
    assert!(out.contains(r#""timezone_assumed":"Europe/Paris""#), "{out}");
    assert!(err.contains("fuseau Europe/Paris supposé (--timezone)"), "{err}");
    let (out, err, code) = run(vigie().args(["import", chat, "--timezone=-05:00"]));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains(r#""timestamp":"2024-03-12T21:14:00-05:00""#), "{out}");
    let (_, err, code) = run(vigie().args(["import", chat, "--timezone", "Mars/Olympus"]));
    assert_eq!(code, 2);
    assert!(err.contains("fuseau inconnu") && err.contains("hint:"), "{err}");
    // scan and report take the same option and say what they assumed.
    let (_, err, code) =
        run(vigie().args(["scan", chat, "--top", "0", "--timezone", "Europe/Paris"]));
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("fuseau Europe/Paris supposé"), "{err}");
    let dir = tempfile::tempdir().unwrap();
    let html = dir.path().join("rapport.html");
    let (_, err, code) =
        run(vigie().args(["report", chat, "--timezone", "Europe/Paris", "--html"]).arg(&html));
    assert_eq!(code, 0, "{err}");
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.contains("fuseau Europe/Paris supposé"), "the report says what it assumed");
}
