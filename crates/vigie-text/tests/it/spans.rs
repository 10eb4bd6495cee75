//! Exact original spans and obfuscation flags of matches.

use vigie_text::{Span, normalize};

/// (original, needle in the normalised text, its original text, obfuscated)
const CASES: &[(&str, &str, &str, bool)] = &[
    ("jte fais un p@ck", "pack", "p@ck", true),
    ("jte fais un p@ck", "je te", "jte", false),
    ("jte fais un p@ck", "fais", "fais", false),
    ("jte fais un p@ck", "te fais", "jte fais", false),
    ("Jte fais un p@ck", "je te fais un pack", "Jte fais un p@ck", true),
    ("viens sur s n a p!", "snap", "s n a p", true),
    ("viens sur s.n.a.p", "sur snap", "sur s.n.a.p", true),
    ("trop beeeelle", "bele", "beeeelle", true),
    ("trop belle", "bele", "belle", false),
    ("c'est bon", "c est", "c'est", false),
    ("c bon", "c est", "c", false),
    ("c bon", "est bon", "c bon", false),
    ("zéro six douze", "06", "zéro six", true),
    ("zéro six douze", "6", "six", true),
    ("zéro six douze", "12", "douze", true),
    ("j'ai quinze ans", "15", "quinze", false),
    ("j'ai quinze ans", "15 ans", "quinze ans", false),
    ("j'ai trente-quatre ans", "34", "trente-quatre", false),
    ("Ѕnаp moi", "snap", "Ѕnаp", true),
    ("𝓂𝒾𝓃𝑒𝓊𝓇𝑒", "min", "𝓂𝒾𝓃", true),
    ("Élève", "eleve", "Élève", false),
    ("e\u{301}te\u{301} ok", "ete", "e\u{301}te\u{301}", false),
    ("coucou ❤️ toi", ":heart:", "❤️", false),
    ("coucou 👍🏽 toi", ":+1:", "👍🏽", false),
    ("belle😍", ":heart_eyes:", "😍", false),
    ("0️⃣6️⃣ 12", "06", "0️⃣6️⃣", true),
    ("0️⃣6️⃣ 12", "6", "6️⃣", true),
    ("sn\u{200B}ap", "snap", "sn\u{200B}ap", true),
    ("l'hôtel!!", "hotel", "hôtel", false),
    ("1500€", "€", "€", false),
    ("tt va bien", "tout", "tt", false),
    ("slttt", "salut", "slttt", true),
];

#[test]
fn original_spans_and_obfuscation() {
    for &(original, needle, want, obf) in CASES {
        let n = normalize(original);
        let text = n.as_str();
        let at = text.find(needle).unwrap_or_else(|| panic!("{needle:?} not in {text:?}"));
        let span = n.original_span(at, at + needle.len());
        assert_eq!(&original[span.range()], want, "{original:?} / {needle:?} in {text:?}");
        assert_eq!(n.obfuscated(at, at + needle.len()), obf, "{original:?} / {needle:?}");
    }
}

#[test]
fn empty_and_out_of_range() {
    let n = normalize("  ab  cd");
    assert_eq!(n.as_str(), "ab cd");
    assert_eq!(n.original_span(0, 0), Span::new(2, 2));
    assert_eq!(n.original_span(3, 3), Span::new(6, 6));
    assert_eq!(n.original_span(5, 5), Span::new(8, 8));
    assert_eq!(n.original_span(99, 120), Span::new(8, 8));
    assert_eq!(n.original_span(3, 1), Span::new(6, 6));
    assert_eq!(n.original_span(0, 99), Span::new(2, 8));
    // The space maps to the separators between the tokens.
    assert_eq!(n.original_span(2, 3), Span::new(4, 6));
    assert!(!n.obfuscated(0, 99));
    assert_eq!(n.original_len(), 8);
    let empty = normalize("");
    assert_eq!(empty.original_span(0, 0), Span::new(0, 0));
    assert!(empty.is_empty());
}

#[test]
fn token_count_between() {
    let n = normalize("viens on fait un pack");
    let text = n.as_str();
    let end_of = |w: &str| text.find(w).unwrap() + w.len();
    let start_of = |w: &str| text.find(w).unwrap();
    assert_eq!(n.token_count_between(end_of("viens"), start_of("pack")), 3);
    assert_eq!(n.token_count_between(end_of("viens"), start_of("on")), 0);
    assert_eq!(n.token_count_between(end_of("on"), start_of("un")), 1);
    assert_eq!(n.token_count_between(start_of("on"), end_of("fait")), 2);
    // A token cut by either end does not count.
    assert_eq!(n.token_count_between(2, start_of("pack")), 3);
    assert_eq!(n.token_count_between(2, start_of("pack") + 2), 3);
    assert_eq!(n.token_count_between(0, text.len()), 5);
    assert_eq!(n.token_count_between(9, 3), 0);
    // Expansions count as the tokens they write.
    let n = normalize("jtm pack");
    assert_eq!(n.token_count_between(0, n.as_str().find("pack").unwrap()), 3);
}
