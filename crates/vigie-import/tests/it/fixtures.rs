use vigie_import::{ExportFormat, Import, Options, import};
use vigie_model::AttachmentKind;

fn fixture(name: &str) -> Import {
    let path = format!("{}/../../examples/exports/{name}", env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(&path).unwrap();
    let out = import(name, &bytes, &Options::default()).unwrap();
    assert!(out.stats.balanced(), "{name}: {:?}", out.stats);
    assert_eq!(out.documents.len() as u64, out.stats.messages + out.stats.system, "{name}");
    out
}

fn texts(out: &Import) -> Vec<&str> {
    out.documents.iter().map(|d| d.doc.text.as_str()).collect()
}

#[test]
fn whatsapp_android_fr() {
    let out = fixture("whatsapp-android-fr.txt");
    assert_eq!(out.format, ExportFormat::WhatsApp);
    assert_eq!(
        (out.stats.read, out.stats.messages, out.stats.system, out.stats.continuation),
        (19, 15, 1, 3)
    );
    let d: Vec<_> = out.documents.iter().map(|i| &i.doc).collect();
    assert!(d[0].system && d[0].author.is_none());
    assert_eq!(
        d[6].text,
        "bof on se dispute tout le temps\nje sais pas quoi faire\n15/03/2024 08:12 train pour Paris avec ma tante dimanche"
    );
    assert_eq!(d[8].attachments[0].name, "IMG-20240313-WA0004.jpg");
    assert_eq!(d[8].attachments[0].kind, AttachmentKind::Image);
    assert_eq!(d[8].text, "regarde l'appart");
    assert!(d[10].deleted);
    assert!(d[11].edited);
    assert_eq!(d[12].author.as_deref(), Some("+33 6 12 34 56 78"));
    assert!(d.iter().all(|x| x.exporter.as_deref() == Some("Inès")));
    assert!(d.iter().all(|x| x.timestamp.is_none() && x.local_time.is_some()));
    assert_eq!(d[1].conversation.as_deref(), Some("whatsapp:whatsapp-android-fr"));
}

#[test]
fn whatsapp_ios_zip() {
    let out = fixture("WhatsApp Chat - Ryan.zip");
    assert_eq!(out.format, ExportFormat::WhatsApp);
    let d: Vec<_> = out.documents.iter().map(|i| &i.doc).collect();
    assert_eq!(d.len(), 11);
    assert!(d[0].system, "iOS system line with an author");
    assert_eq!(d[0].author.as_deref(), Some("Ryan"));
    assert_eq!(d[2].text, "rien chez moi\npourquoi ?");
    assert_eq!(d[3].attachments[0].name, "00000005-PHOTO-2025-01-09-12-23-16.jpg");
    assert!(d[4].attachments[0].omitted);
    // Out of order in the file, kept in file order.
    assert_eq!(d[6].local_time.as_deref(), Some("2025-01-09T12:24:16"));
    assert!(d[6].deleted && d[8].deleted);
    assert!(d[7].edited);
    assert_eq!(d[7].text, "je m'occupe de tout : l'appart, les annonces, les clients");
    assert_eq!(d[8].exporter.as_deref(), Some("Léa"));
    assert_eq!(d[10].attachments[0].kind, AttachmentKind::Audio);
    assert_eq!(d[1].conversation.as_deref(), Some("whatsapp:Ryan"));
    assert!(out.notes.iter().any(|n| n.contains("1 absente(s)")), "{:?}", out.notes);
    assert!(texts(&out).iter().all(|t| !t.contains('\r') && !t.starts_with('\u{200e}')));
}

#[test]
fn whatsapp_en_us_and_2019() {
    let out = fixture("whatsapp-android-en-us.txt");
    let d: Vec<_> = out.documents.iter().map(|i| &i.doc).collect();
    assert_eq!(d[1].local_time.as_deref(), Some("2024-03-09T19:58:00"));
    assert_eq!(d[3].local_time.as_deref(), Some("2024-03-13T00:05:00"));
    assert_eq!(d[3].attachments[0].kind, AttachmentKind::Video);
    assert!(d[4].deleted && d[5].edited);
    let out = fixture("whatsapp-android-fr-2019.txt");
    assert_eq!(out.documents[2].doc.local_time.as_deref(), Some("2019-09-26T22:41:00"));
    assert!(out.documents[0].doc.system);
}

#[test]
fn telegram() {
    let out = fixture("telegram-result.json");
    assert_eq!(out.format, ExportFormat::Telegram);
    let d: Vec<_> = out.documents.iter().map(|i| &i.doc).collect();
    assert!(d[0].system);
    assert_eq!(d[1].timestamp.as_deref(), Some("2024-03-09T20:54:00Z"));
    assert_eq!(d[1].local_time.as_deref(), Some("2024-03-09T21:54:00"));
    assert_eq!(d[2].text, "c'est quoi ton plan ?\u{c}");
    assert!(d[2].edited);
    assert_eq!(d[2].reply_to.as_deref(), Some("102"));
    assert!(d[3].attachments[0].omitted);
    assert_eq!(d[3].meta["forwarded_from"], "Plan Thunes");
    assert!(d[4].system, "unsupported record kept as a system line");
}

#[test]
fn instagram() {
    let out = fixture("instagram-message_1.json");
    assert_eq!(out.format, ExportFormat::Meta);
    let d: Vec<_> = out.documents.iter().map(|i| &i.doc).collect();
    // Oldest first.
    assert_eq!(d[0].attachments[0].name, "4242_n.jpg");
    assert_eq!(d[1].text, "t’es seule ce soir ?\nje peux t’appeler");
    assert_eq!(d[2].author.as_deref(), Some("Inès 🦋"));
    assert!(d[2].system, "Liked a message is generated");
    assert_eq!(d[1].recipients, ["Inès 🦋"]);
}

#[test]
fn snapchat_both_generations() {
    let out = fixture("snapchat-chat_history.json");
    let d: Vec<_> = out.documents.iter().map(|i| &i.doc).collect();
    assert!(d[0].system, "STATUS records are system lines");
    // Microseconds by magnitude.
    assert_eq!(d[0].timestamp.as_deref(), Some("2024-03-09T21:51:00Z"));
    assert_eq!(d[1].attachments.len(), 2);
    assert_eq!(d[3].timestamp.as_deref(), Some("2024-03-09T21:54:00.9Z"));
    assert!(d.iter().all(|x| x.exporter.as_deref() == Some("ines.k")));
    let old = fixture("snapchat-chat_history-2020.json");
    assert_eq!(old.documents.len(), 2);
    assert_eq!(old.documents[0].doc.text, "t'as snap ? ajoute moi");
}

#[test]
fn discord_tiktok_pan12() {
    let out = fixture("discord-dce.json");
    let d: Vec<_> = out.documents.iter().map(|i| &i.doc).collect();
    assert_eq!(d[0].text, "t'as quel âge ? 😉");
    assert_eq!(d[0].timestamp.as_deref(), Some("2024-03-30T21:02:10.118+01:00"));
    assert!(d[1].system);
    assert!(d[2].edited);
    assert_eq!(d[2].reply_to.as_deref(), Some("1090000000000000100"));
    let out = fixture("tiktok-user_data_tiktok.json");
    assert_eq!(out.documents[0].doc.conversation.as_deref(), Some("tiktok:ryan.bzness"));
    assert_eq!(out.documents[0].doc.local_time.as_deref(), Some("2023-01-01T12:00:00"));
    let out = fixture("tiktok-direct-messages.txt");
    assert_eq!(texts(&out), ["on se voit quand en vrai ?", "je sais pas\nsuite du message"]);
    let out = fixture("pan12.xml");
    assert_eq!(texts(&out), ["hey asl?", "14 f & u?"]);
    assert_eq!(out.documents[1].doc.meta["time"], "03:21");
}

#[test]
fn unrecognised_input_says_what_it_saw() {
    let e = import("x.json", br#"{"foo": 1, "bar": []}"#, &Options::default()).unwrap_err();
    let msg = e.to_string();
    assert!(msg.contains("x.json") && msg.contains("[foo, bar]"), "{msg}");
}
