//! Handles after explicit, split, dotted and emoji markers.

use vigie_extract::{Context, extract_kinds};
use vigie_model::IdentifierKind;

fn handles_in(text: &str) -> Vec<(String, String, bool)> {
    let norm = vigie_text::normalize(text);
    extract_kinds(&[IdentifierKind::Handle], text, &norm, &Context::default())
        .into_iter()
        .map(|i| {
            assert_eq!(i.platform.as_deref(), i.value.split(':').next());
            (i.value, i.matched, i.obfuscated)
        })
        .collect()
}

/// (text, expected value, expected original span text, expected obfuscated)
const CASES: &[(&str, &str, &str, bool)] = &[
    ("ajoute moi snap: ex.emple_75", "snapchat:ex.emple_75", "snap: ex.emple_75", false),
    ("mon snap ex.emple_75 bisous", "snapchat:ex.emple_75", "snap ex.emple_75", false),
    ("Snapchat : Ex-Emple75.", "snapchat:ex-emple75", "Snapchat : Ex-Emple75", false),
    ("sc: ex.emple", "snapchat:ex.emple", "sc: ex.emple", false),
    ("👻 ex.emple_75", "snapchat:ex.emple_75", "👻 ex.emple_75", false),
    ("👻ex_emple", "snapchat:ex_emple", "👻ex_emple", false),
    ("👻 @Exemple", "snapchat:exemple", "👻 @Exemple", false),
    ("Snapchat 👻 @ex.emple", "snapchat:ex.emple", "Snapchat 👻 @ex.emple", false),
    ("s.n.a.p ➡️ ex.emple_75", "snapchat:ex.emple_75", "s.n.a.p ➡️ ex.emple_75", true),
    ("s n a p : ex_emple", "snapchat:ex_emple", "s n a p : ex_emple", true),
    ("Ѕnаp: ex_emple", "snapchat:ex_emple", "Ѕnаp: ex_emple", true),
    ("insta @ex.emple_75", "instagram:ex.emple_75", "insta @ex.emple_75", false),
    ("ig: ex.emple", "instagram:ex.emple", "ig: ex.emple", false),
    ("tiktok @ex.emple", "tiktok:ex.emple", "tiktok @ex.emple", false),
    ("telegram: @ex_emple", "telegram:ex_emple", "telegram: @ex_emple", false),
    ("tg @ex_emple", "telegram:ex_emple", "tg @ex_emple", false),
    ("WhatsApp: ex_emple75", "whatsapp:ex_emple75", "WhatsApp: ex_emple75", false),
    ("sur twitter @ex_emple", "x:ex_emple", "twitter @ex_emple", false),
    ("sur x @ex_emple", "x:ex_emple", "x @ex_emple", false),
    // `tt` is TikTok's marker; the SMS expansion reads it as `tout`, the original still says `tt`.
    ("tt: lea.du.69", "tiktok:lea.du.69", "tt: lea.du.69", false),
    ("TT ➡️ ex_emple", "tiktok:ex_emple", "TT ➡️ ex_emple", false),
];

#[test]
fn handles_with_their_platform() {
    for &(text, value, matched, obf) in CASES {
        assert_eq!(handles_in(text), vec![(value.to_owned(), matched.to_owned(), obf)], "{text}");
    }
}

#[test]
fn references_without_a_handle_give_nothing() {
    for text in [
        "lien en bio",
        "snap en bio",
        "ajoute moi sur snap stp",
        "viens en pv sur insta",
        "écris à lea@gmail.com",
        "mail: ex.emple@gmail.com",
        "snap",
        "👻",
        "x 3",
        "bisous xx @ex_emple",
        "tt le.monde est la",
        "merci pr tt bisous",
        "tout: ex.emple",
        "👻 coucou",
        "📷 Photos",
        "vu sur Instagram) : Via",
        "sur twitter . ? — bref",
        "sc… @ex_emple",
        "voir instagram.com et twitter.com",
        "snap: ",
    ] {
        assert_eq!(handles_in(text), vec![], "{text}");
    }
}
