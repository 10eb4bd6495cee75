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

/// Regression (fuzzing, `import_pan12` and `import_zip`): a PAN12 file that breaks mid-way
/// counted its error but not the record read, so `read` fell short of the sum.
#[test]
fn broken_pan12_counts_its_break_as_a_record_read() {
    let cases: [&[u8]; 3] = [
        b"<conversations><conversation id='1'><message line='1'><text>a</b>",
        b"<conversations><conversation",
        b"<conversations>\n<conversation id=\"c\">\n<message line=\"1\"><author>x</author><text>salut</text></message>\n<message><text>&bad;</text></message></conversation></conversations>",
    ];
    for bytes in cases {
        let out = import("pan12.xml", bytes, &Options::default()).unwrap();
        assert!(out.stats.balanced(), "{:?}", out.stats);
        assert_eq!(out.stats.errors, out.errors.len() as u64);
    }
}

/// Every cut of every fixture (and of the zip) keeps the counts balanced, each document counted
/// once, and errors located.
#[test]
fn every_cut_of_every_fixture_adds_up() {
    let dir = format!("{}/../../examples/exports", env!("CARGO_MANIFEST_DIR"));
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| {
            !std::path::Path::new(n).extension().is_some_and(|e| e.eq_ignore_ascii_case("md"))
        })
        .collect();
    names.sort();
    let mut cuts = 0;
    for name in &names {
        let bytes = read(name);
        let step = (bytes.len() / 97).max(1);
        for end in (0..bytes.len()).step_by(step).chain([bytes.len()]) {
            let Ok(out) = import(name, &bytes[..end], &Options::default()) else { continue };
            cuts += 1;
            assert!(out.stats.balanced(), "{name}[..{end}]: {:?}", out.stats);
            assert_eq!(
                out.documents.len() as u64,
                out.stats.messages + out.stats.system,
                "{name}[..{end}]"
            );
            assert!(
                out.errors
                    .iter()
                    .all(|e| e.line.is_some() || e.offset.is_some() || e.file.contains(':')),
                "{name}[..{end}]: {:?}",
                out.errors
            );
        }
    }
    assert!(cuts > 500, "{cuts}");
}
