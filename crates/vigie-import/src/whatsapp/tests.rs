use super::*;

fn run(s: &str) -> Import {
    import("chat.txt", s.as_bytes(), &Options::default(), "Discussion WhatsApp avec Ryan.txt")
}

#[test]
fn header_styles_and_times() {
    let cases = [
        ("12/03/2024 21:14 - A: x", "2024-03-12T21:14:00"),
        ("12/03/2024, 21:14 - A: x", "2024-03-12T21:14:00"),
        ("26/09/2019 à 22:39 - A: x", "2019-09-26T22:39:00"),
        ("[20/04/2020 11:17:42] A: x", "2020-04-20T11:17:42"),
        ("\u{200e}[14/10/2021, 3:34:09\u{202f}PM] A: x", "2021-10-14T15:34:09"),
        ("[1/29/18, 12:24:03 AM] A: x", "2018-01-29T00:24:03"),
        ("3/9/24, 12:58\u{202f}PM - A: x\n3/15/24, 1:00\u{202f}PM - A: y", "2024-03-09T12:58:00"),
        ("[19.04.17, 20:43:09] A: x", "2017-04-19T20:43:09"),
        ("2023-12-20, 5:46 p.m. - A: x", "2023-12-20T17:46:00"),
        ("20/6/2017 8:28 p.\u{a0}m. - A: x", "2017-06-20T20:28:00"),
    ];
    for (line, want) in cases {
        let out = run(line);
        assert_eq!(out.documents.len(), line.lines().count(), "{line}");
        assert_eq!(out.documents[0].doc.local_time.as_deref(), Some(want), "{line}");
        assert_eq!(out.documents[0].doc.author.as_deref(), Some("A"), "{line}");
        assert!(out.documents[0].doc.timestamp.is_none(), "no offset is invented");
    }
}

#[test]
fn continuation_that_looks_like_a_date_stays_text() {
    let out = run(
        "12/03/2024 21:14 - A: salut\n15/03/2024 08:12 train pour Paris\n12/03/2024 21:15 - B: ok\n",
    );
    assert_eq!(out.documents.len(), 2);
    assert_eq!(out.documents[0].doc.text, "salut\n15/03/2024 08:12 train pour Paris");
    assert_eq!(out.stats.continuation, 1);
    assert!(out.stats.balanced());
}

#[test]
fn date_order_from_the_whole_file() {
    // Only the last line proves month-first.
    let s = "01/02/2024 10:00 - A: a\n01/03/2024 10:00 - A: b\n02/13/2024 10:00 - A: c\n";
    let out = run(s);
    assert_eq!(out.documents[0].doc.local_time.as_deref(), Some("2024-01-02T10:00:00"));
    assert!(out.notes.iter().any(|n| n.contains("mois/jour")), "{:?}", out.notes);
}

#[test]
fn crlf_bom_and_marks() {
    let s = "\u{feff}[09/01/2025 12:22:05] L\u{e9}a: rien\npourquoi ?\r\n[09/01/2025 12:23:16] \u{202a}+33 6 12\u{202c}: \u{200e}<attached: 00000001-AUDIO-2022-12-31-11-40-26.opus>\r\n";
    let out = run(s);
    assert_eq!(out.documents.len(), 2);
    assert_eq!(out.documents[0].doc.text, "rien\npourquoi ?");
    let d = &out.documents[1].doc;
    assert_eq!(d.author.as_deref(), Some("+33 6 12"));
    assert_eq!(d.attachments[0].kind, AttachmentKind::Audio);
    assert_eq!(d.text, "");
}

#[test]
fn markers() {
    let s = "12/03/2024 21:14 - A: <Médias omis>\n\
             12/03/2024 21:15 - A: Ce message a été supprimé\n\
             12/03/2024 21:16 - A: bonjour <Ce message a été modifié>\n\
             12/03/2024 21:17 - B: Vous avez supprimé ce message\n\
             12/03/2024 21:18 - A a ajouté B\n\
             12/03/2024 21:19 - Votre code de sécurité avec A a changé. Appuyez pour en savoir plus.\n";
    let out = run(s);
    let d: Vec<&Document> = out.documents.iter().map(|i| &i.doc).collect();
    assert!(d[0].attachments[0].omitted);
    assert!(d[1].deleted);
    assert!(d[2].edited);
    assert_eq!(d[2].text, "bonjour");
    assert!(d[3].deleted);
    assert!(d[4].system && d[5].system);
    assert_eq!(d[0].exporter.as_deref(), Some("B"));
    assert_eq!(out.stats.system, 2);
    assert_eq!(out.stats.messages, 4);
}

#[test]
fn text_before_the_first_header_is_an_error_with_its_line() {
    let out = run("bonjour\n12/03/2024 21:14 - A: x\n");
    assert_eq!(out.errors.len(), 1);
    assert_eq!(out.errors[0].line, Some(1));
    assert!(out.stats.balanced());
}

#[test]
fn chat_names() {
    assert_eq!(chat_name("a/Discussion WhatsApp avec Inès.txt"), "Inès");
    assert_eq!(chat_name("WhatsApp Chat - Ryan.zip"), "Ryan");
}
