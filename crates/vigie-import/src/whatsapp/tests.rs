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

/// The regexes the hand-written header scanner replaced: the oracle it must agree with.
mod oracle {
    use std::sync::LazyLock;

    use proptest::prelude::*;
    use regex::Regex;

    use super::super::header::header;

    static ANDROID: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(concat!(
            r"^[\u{200e}\u{200f}\u{feff}]*(\d{1,4})([./-])\s?(\d{1,2})[./-]\s?(\d{2,4})\.?",
            r"(,?\s(?:à\s)?)(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?",
            r"(?:\s?([aApP])\.?\s?[mM]\.?)?\s[-–]\s(.*)$"
        ))
        .unwrap()
    });
    static IOS: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(concat!(
            r"^[\u{200e}\u{200f}\u{feff}]*\[(\d{1,4})([./-])\s?(\d{1,2})[./-]\s?(\d{2,4})\.?",
            r"(,?\s)(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?",
            r"(?:\s?([aApP])\.?\s?[mM]\.?)?\]\s(.*)$"
        ))
        .unwrap()
    });

    /// What the regex captured, in the scanner's terms: (ios, a, sep, b, c, comma, à, hour,
    /// minute, second, am/pm letter, rest).
    #[allow(clippy::type_complexity)]
    fn by_regex(
        line: &str,
    ) -> Option<(
        bool,
        String,
        u8,
        String,
        String,
        bool,
        bool,
        u8,
        u8,
        Option<u8>,
        Option<bool>,
        String,
    )> {
        let (caps, ios) = match ANDROID.captures(line) {
            Some(c) => (c, false),
            None => (IOS.captures(line)?, true),
        };
        let get = |i: usize| caps.get(i).map_or("", |m| m.as_str()).to_owned();
        let sep = get(5);
        Some((
            ios,
            get(1),
            get(2).as_bytes()[0],
            get(3),
            get(4),
            sep.starts_with(','),
            sep.contains('à'),
            get(6).parse().ok()?,
            get(7).parse().ok()?,
            match caps.get(8) {
                Some(m) => Some(m.as_str().parse().ok()?),
                None => None,
            },
            caps.get(9).map(|m| m.as_str().eq_ignore_ascii_case("p")),
            get(10),
        ))
    }

    fn check(line: &str) {
        let want = by_regex(line);
        let got = header(line).map(|h| {
            (
                h.style.ios,
                h.a.to_owned(),
                h.style.date_sep,
                h.b.to_owned(),
                h.c.to_owned(),
                h.style.comma,
                h.style.a_word,
                h.hour,
                h.minute,
                h.style.seconds.then_some(h.second),
                h.pm,
                h.rest.to_owned(),
            )
        });
        assert_eq!(got, want, "{line:?}");
    }

    #[test]
    fn agrees_with_the_regex_on_known_lines() {
        for line in [
            "12/03/2024 21:14 - A: x",
            "12/03/2024, 21:14 - A: x",
            "26/09/2019 à 22:39 - A: x",
            "26/09/2019 àx 22:39 - A: x",
            "[20/04/2020 11:17:42] A: x",
            "\u{200e}[14/10/2021, 3:34:09\u{202f}PM] A: x",
            "[1/29/18, 12:24:03 AM] A: x",
            "3/9/24, 12:58\u{202f}PM - A: x",
            "[19.04.17, 20:43:09] A: x",
            "2023-12-20, 5:46 p.m. - A: x",
            "20/6/2017 8:28 p.\u{a0}m. - A: x",
            "02.05.18 à 18:00 - A: x",
            "15/03/2024 08:12 train pour Paris",
            "12/03/2024 21:14 – A",
            "12/03/20245 21:14 - A: x",
            "12/03/2024 21:145 - A: x",
            "12/03/2024 21:14:5 - A: x",
            "[12/03/2024 à 21:14] A: x",
            "\u{feff}\u{200e}12/ 3/ 2024. 1.05 - x",
            "12/03/2024 21:14 -A: x",
            "",
            "[",
            "1",
        ] {
            check(line);
        }
    }

    fn piece() -> impl Strategy<Value = String> {
        prop::sample::select(vec![
            "1", "12", "2024", "123", "12345", "/", ".", "-", "–", ",", " ", "\u{a0}", "\u{202f}",
            "\t", "à", "à ", ":", "[", "]", "]\u{a0}", "a", "P", "p.", "m", "M.", " - ", "A: x",
            "\u{200e}", "\u{feff}", "é", "x", "٣",
        ])
        .prop_map(str::to_owned)
    }

    /// Lines built from a header's own pieces, mostly broken in one place.
    fn near_header() -> impl Strategy<Value = String> {
        let date = (
            prop::sample::select(vec!["", "[", "\u{200e}[", "\u{feff}"]),
            "[0-9]{1,5}",
            prop::sample::select(vec!["/", ".", "-", "x"]),
            prop::sample::select(vec!["", " ", "\u{a0}"]),
            "[0-9]{1,3}",
            prop::sample::select(vec!["/", ".", "-"]),
            "[0-9]{1,5}",
            prop::sample::select(vec!["", "."]),
        );
        let time = (
            prop::sample::select(vec![" ", ", ", " à ", ",", "  ", " à", ",\u{202f}"]),
            "[0-9]{1,3}",
            prop::sample::select(vec![":", ".", "h"]),
            "[0-9]{1,3}",
            prop::sample::select(vec!["", ":05", ".59", ":5", ":123"]),
            prop::sample::select(vec![
                "",
                " AM",
                "\u{202f}PM",
                " p. m.",
                " p.\u{a0}m.",
                "pm",
                " a.m.",
                " x",
            ]),
            prop::sample::select(vec![" - ", " – ", "] ", "]", " -", "]\u{a0}", " - \u{202f}"]),
            prop::sample::select(vec!["A: x", "", "Vous: 12/03/2024 21:14 - B: y"]),
        );
        (date, time).prop_map(
            |((p0, a, s1, w1, b, s2, c, dot), (sep, h, hs, m, s, ap, end, rest))| {
                format!("{p0}{a}{s1}{w1}{b}{s2}{c}{dot}{sep}{h}{hs}{m}{s}{ap}{end}{rest}")
            },
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]
        #[test]
        fn agrees_with_the_regex_near_headers(line in near_header()) {
            check(&line);
        }

        #[test]
        fn agrees_with_the_regex_on_pieces(pieces in prop::collection::vec(piece(), 0..24)) {
            check(&pieces.concat());
        }
    }
}
