//! Properties of every extractor: spans on char boundaries, `matched` equal to the span's text,
//! no panic on arbitrary input.

use proptest::prelude::*;
use vigie_extract::{Context, extract};

fn check(text: &str, ctx: &Context) -> Result<(), TestCaseError> {
    let norm = vigie_text::normalize(text);
    for id in extract(text, &norm, ctx) {
        prop_assert!(id.span.start <= id.span.end && id.span.end <= text.len());
        prop_assert!(text.is_char_boundary(id.span.start) && text.is_char_boundary(id.span.end));
        prop_assert_eq!(&text[id.span.start..id.span.end], id.matched.as_str());
    }
    Ok(())
}

/// Pieces that trigger the extractors, mixed with arbitrary text.
fn ad_like() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("06 12 34 56 78".to_owned()),
        Just("zéro six".to_owned()),
        Just("0️⃣6️⃣".to_owned()),
        Just("s.n.a.p ➡️ ".to_owned()),
        Just("👻".to_owned()),
        Just("@".to_owned()),
        Just(" arobase ".to_owned()),
        Just("(at)".to_owned()),
        Just("www.".to_owned()),
        Just("€".to_owned()),
        Just(" 150 ".to_owned()),
        Just("la demi-heure".to_owned()),
        Just("j'ai 15 ans".to_owned()),
        Just("née en 2009".to_owned()),
        Just("en 3e".to_owned()),
        Just("OO".to_owned()),
        any::<String>(),
        "[a-zA-Z0-9 .@_:+()-]{0,12}",
    ];
    prop::collection::vec(piece, 0..8).prop_map(|v| v.concat())
}

proptest! {
    #[test]
    fn spans_are_valid_on_arbitrary_text(text in any::<String>()) {
        check(&text, &Context::default())?;
    }

    #[test]
    fn spans_are_valid_on_ad_like_text(text in ad_like(), us in any::<bool>()) {
        let ctx = Context {
            region: if us { "US" } else { "FR" }.to_owned(),
            timestamp: Some("2026-03-01T12:00:00Z".to_owned()),
        };
        check(&text, &ctx)?;
    }
}
