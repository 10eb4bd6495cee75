use vigie_import::{Options, import};

fn read(name: &str) -> Vec<u8> {
    std::fs::read(format!("{}/../../examples/exports/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

#[test]
fn cut_json_keeps_what_came_before_and_names_the_offset() {
    for name in ["telegram-result.json", "discord-dce.json", "instagram-message_1.json"] {
        let bytes = read(name);
        let whole = import(name, &bytes, &Options::default()).unwrap();
        let cut = &bytes[..bytes.len() * 3 / 4];
        let out = import(name, cut, &Options::default()).unwrap();
        assert_eq!(out.errors.len(), 1, "{name}");
        let e = &out.errors[0];
        assert_eq!(e.file, name);
        assert!(e.offset.is_some_and(|o| o as usize <= cut.len()), "{name}: {e}");
        assert!(!out.documents.is_empty() && out.documents.len() < whole.documents.len(), "{name}");
        assert!(out.stats.balanced());
    }
}

#[test]
fn cut_zip_is_read_up_to_the_break() {
    let bytes = read("WhatsApp Chat - Ryan.zip");
    // Cut inside the second entry: the chat text (first entry) is whole.
    let out = import("WhatsApp Chat - Ryan.zip", &bytes[..bytes.len() - 200], &Options::default())
        .unwrap();
    assert_eq!(out.documents.len(), 11);
    assert_eq!(out.errors.len(), 1, "{:?}", out.errors);
    assert!(out.errors[0].offset.is_some());
}

#[test]
fn cut_whatsapp_text_keeps_every_whole_line() {
    let bytes = read("whatsapp-android-fr.txt");
    let out = import("chat.txt", &bytes[..bytes.len() / 2], &Options::default()).unwrap();
    assert!(out.documents.len() >= 7);
    assert!(out.stats.balanced());
}
