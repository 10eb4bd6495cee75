//! Properties on arbitrary text: idempotence, spans, output shape.

use proptest::prelude::*;
use vigie_text::normalize;

/// Pieces that exercise every stage: emoji parts, combining marks, look-alike
/// letters, separators, leetspeak chars, invisible chars, SMS spellings,
/// number words, one-letter words.
const PIECES: &[&str] = &[
    "👻",
    "❤",
    "\u{FE0F}",
    "\u{200D}",
    "\u{20E3}",
    "🏽",
    "🇫",
    "🇷",
    "🔟",
    "1\u{FE0F}\u{20E3}",
    "\u{301}",
    "\u{308}",
    "\u{327}",
    "а",
    "е",
    "о",
    "В",
    "п",
    "Ѕ",
    "ο",
    "Α",
    "𝓂",
    "Ｓ",
    "ß",
    "œ",
    "é",
    "İ",
    "ǅ",
    "ﬁ",
    "ʼ",
    "’",
    "«",
    "…",
    "\u{A0}",
    "\u{200B}",
    "\u{2060}",
    " ",
    "  ",
    "\n",
    "\t",
    ".",
    "-",
    "_",
    "'",
    "!",
    "|",
    "@",
    "$",
    "€",
    "%",
    "+",
    "&",
    ":",
    "#",
    "*",
    "0",
    "1",
    "3",
    "4",
    "5",
    "7",
    "9",
    "06",
    "c",
    "t",
    "g",
    "s",
    "n",
    "a",
    "p",
    "y",
    "tkt",
    "tt",
    "cc",
    "ccc",
    "qqn",
    "jtm",
    "stp",
    "un",
    "une",
    "neuf",
    "et",
    "vingt",
    "quatre",
    "dix",
    "zero",
    "six",
    "soixante",
    "onze",
    "est",
    "es",
    "ai",
    "aime",
    "huit",
    ":ghost:",
    ":+1:",
    ":b:",
    "gmail",
    "sal",
    "mec",
    "ѕех",
    "привет",
    "مرحبا",
    "你好",
    "한",
];

fn text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        3 => prop::sample::select(PIECES).prop_map(str::to_owned),
        1 => any::<char>().prop_map(String::from),
        1 => "[a-zA-Z0-9 .,'@!|$€-]{1,6}",
    ];
    prop::collection::vec(piece, 0..24).prop_map(|pieces| pieces.concat())
}

fn check_shape(s: &str) {
    assert!(!s.starts_with(' ') && !s.ends_with(' '), "{s:?}");
    assert!(!s.contains("  "), "{s:?}");
    assert!(!s.chars().any(|c| c.is_whitespace() && c != ' '), "{s:?}");
    assert!(s.chars().all(|c| c.to_lowercase().eq([c])), "{s:?}");
}

fn check_spans(original: &str) {
    let n = normalize(original);
    let text = n.as_str();
    let bounds: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
    let mut last_start = 0;
    for (k, &i) in bounds.iter().enumerate() {
        for &j in &bounds[k..] {
            let span = n.original_span(i, j);
            assert!(span.start <= span.end && span.end <= original.len(), "{original:?} {i}..{j}");
            assert!(original.is_char_boundary(span.start), "{original:?} {i}..{j} -> {span:?}");
            assert!(original.is_char_boundary(span.end), "{original:?} {i}..{j} -> {span:?}");
        }
        if i < text.len() {
            let start = n.original_span(i, bounds[k + 1]).start;
            assert!(start >= last_start, "{original:?}: start of char at {i} goes back");
            last_start = start;
        }
    }
}

/// Inputs that broke a property during development, kept as fixed cases.
#[test]
fn past_failures() {
    for s in [
        "qqnʼunʼ",
        "a@gmail🔟A",
        "ßsoixanteʼ",
        "quatre,A\nİ\u{3cbac}K.onze%",
        "¢\u{3347a}\u{200b}",
        "cdeuxsn\u{200b}ap",
        "🅐Ἐ0",
        "tt mm bb cc",
        "bien!tu",
    ] {
        let once = normalize(s);
        check_shape(once.as_str());
        assert_eq!(normalize(once.as_str()).as_str(), once.as_str(), "{s:?}");
        check_spans(s);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn idempotent(s in text()) {
        let once = normalize(&s);
        let twice = normalize(once.as_str());
        prop_assert_eq!(twice.as_str(), once.as_str(), "input {:?}", s);
    }

    #[test]
    fn output_shape(s in text()) {
        check_shape(normalize(&s).as_str());
    }

    #[test]
    fn spans_in_bounds_on_boundaries_and_monotone(s in text()) {
        check_spans(&s);
    }

    #[test]
    fn arbitrary_strings(s in any::<String>()) {
        let once = normalize(&s);
        check_shape(once.as_str());
        let twice = normalize(once.as_str());
        prop_assert_eq!(twice.as_str(), once.as_str(), "input {:?}", s);
        check_spans(&s);
    }
}
