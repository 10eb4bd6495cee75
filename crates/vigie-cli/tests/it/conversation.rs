//! `vigie scan` on conversations: the stage timeline and the earliest warning, in the terminal
//! report and in JSON.

use std::path::PathBuf;

use crate::common::{run, vigie};

/// A hand-written conversation (no explicit content), out of order, one timestamp missing, with
/// an unrelated conversation interleaved.
const CHAT: &str = r#"{"id":"g-03","kind":"message","author":"max_exemple","recipients":["ines_exemple"],"timestamp":"2025-01-10T18:05:00+01:00","text":"t'es trop belle sur ta photo de profil"}
{"id":"g-01","kind":"message","author":"max_exemple","recipients":["ines_exemple"],"timestamp":"2025-01-10T18:00:00+01:00","text":"salut, on se connaît pas mais ta story m'a fait rire"}
{"id":"x-01","kind":"message","author":"paul_exemple","recipients":["zoe_exemple"],"timestamp":"2025-01-10T18:01:00+01:00","text":"tu viens au foot samedi ?"}
{"id":"g-02","kind":"message","author":"ines_exemple","recipients":["max_exemple"],"timestamp":"2025-01-10T18:02:00+01:00","text":"mdr merci. j'ai 14 ans et toi ?"}
{"id":"g-04","kind":"message","author":"ines_exemple","recipients":["max_exemple"],"text":"merci 😊"}
{"id":"g-05","kind":"message","author":"max_exemple","recipients":["ines_exemple"],"timestamp":"2025-01-10T18:20:00+01:00","text":"t'es seule chez toi là ? tes parents regardent ton tel ?"}
{"id":"x-02","kind":"message","author":"zoe_exemple","recipients":["paul_exemple"],"timestamp":"2025-01-10T18:21:00+01:00","text":"oui je serai là à 14h"}
{"id":"g-06","kind":"message","author":"max_exemple","recipients":["ines_exemple"],"timestamp":"2025-01-10T18:25:00+01:00","text":"viens sur snap c mieux, et efface nos messages, c'est notre secret"}
"#;

fn chat_file() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("chat.jsonl");
    std::fs::write(&path, CHAT).unwrap();
    (dir, path)
}

#[test]
fn the_report_shows_the_stage_timeline_and_the_earliest_warning() {
    let (_dir, path) = chat_file();
    let (out, err, code) = run(vigie().arg("scan").arg(&path).args(["--top", "3"]));
    assert_eq!(code, 0, "{err}");
    // Cut the report to the conversation section and drop the temp path.
    let section =
        out.split("\n\n#1 ").next().unwrap().replace(path.to_str().unwrap(), "chat.jsonl");
    insta::assert_snapshot!("conversation_report_fr", section);
}

#[test]
fn json_has_one_record_per_conversation_with_timeline_and_earliest_warning() {
    let (_dir, path) = chat_file();
    let (out, err, code) =
        run(vigie().arg("scan").arg(&path).args(["--format", "json", "--min-level", "none"]));
    assert_eq!(code, 0, "{err}");
    let records: Vec<serde_json::Value> = serde_json::from_str(&out).unwrap();
    let docs = records.iter().filter(|r| r["record"] == "document").count();
    assert_eq!(docs, 8);
    let convs: Vec<&serde_json::Value> =
        records.iter().filter(|r| r["record"] == "conversation").collect();
    assert_eq!(convs.len(), 2, "two conversations, by participants");
    let groom = convs.iter().find(|c| c["conversation"] == "ines_exemple + max_exemple").unwrap();
    assert_eq!(groom["grouping"], "participants");
    assert_eq!(groom["driver"], "max_exemple");
    // Ordered by time; the undated "merci" (g-04) stays right after the message before it in the
    // input (g-02, 18:02), so it comes before g-03 (18:05).
    let order: Vec<&str> = groom["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["document"].as_str().unwrap())
        .collect();
    assert_eq!(order, ["g-01", "g-02", "g-04", "g-03", "g-05", "g-06"]);
    // The first warning is the compliment after she gave her age; high comes with "t'es seule".
    let earliest = groom["earliest"].as_array().unwrap();
    assert_eq!(earliest[0]["level"], "low");
    assert_eq!(earliest[0]["document"], "g-03");
    let high = earliest.iter().find(|w| w["level"] == "high").unwrap();
    assert_eq!(high["document"], "g-05");
    assert_eq!(groom["stages"], serde_json::json!(["approach", "trust", "control"]));
    let foot = convs.iter().find(|c| c["conversation"] == "paul_exemple + zoe_exemple").unwrap();
    assert_eq!(foot["level"], "none");
    assert!(foot["earliest"].is_null());
}

#[test]
fn no_conversations_keeps_documents_only() {
    let (_dir, path) = chat_file();
    let (out, _, code) =
        run(vigie().arg("scan").arg(&path).args(["--format", "jsonl", "--no-conversations"]));
    assert_eq!(code, 0);
    assert!(out.lines().all(|l| l.contains(r#""record":"document""#)), "{out}");
}
