//! Disguised handles with their platform: the platform named otherwise (`sc`, `ig`, `👻`), spaced,
//! leet or shouted; a pointer (`@`, `➡️`, `=`, parentheses, a line break); the handle upper-case,
//! spelled with its punctuation in words or glued to `@`; the platform in a sentence (`mon snap
//! c'est …`).

use vigie_model::IdentifierKind;

use super::{Case, Rng, Spec};

pub(crate) const SPEC: Spec = Spec {
    kind: IdentifierKind::Handle,
    families: &[
        // `snapchat`, `sc`, `ig`, `instagram`, `tik tok`, `tg`.
        ("marker-variant", 0),
        // `👻` for Snapchat; an emoji before the platform's name for the others.
        ("marker-emoji", 0),
        // `s n a p`, `s.n.a.p`, `i.n.s.t.a`.
        ("marker-spaced", 0),
        // `SNAP`, `InStA`.
        ("marker-case", 0),
        // `@`, `➡️`, `👉`, `=`, `-` instead of `:`.
        ("pointer", 1),
        // `Instagram (lea_75)`.
        ("parentheses", 1),
        // The handle on the next line.
        ("line-break", 1),
        // `LEA_75`.
        ("handle-case", 2),
        // `lea underscore 75`, `lea point du75`.
        ("handle-spoken", 2),
        // `@lea_75` glued to its `@`.
        ("handle-at", 2),
        // `mon snap c'est lea_75`, `ajoute moi sur insta lea_75`.
        ("sentence", 3),
    ],
    compatible,
    write,
};

fn compatible(f: &[&'static str]) -> bool {
    let has = |x: &str| f.contains(&x);
    // A sentence names the platform in words and needs no pointer.
    !(has("sentence") && (has("pointer") || has("parentheses") || has("line-break")))
        // `(@lea_75)` and a spoken handle in parentheses are not forms anyone writes.
        && !(has("parentheses") && (has("handle-at") || has("handle-spoken")))
}

/// A platform: (value name, plain marker, variants, spaced forms, emoji before the name).
type Platform =
    (&'static str, &'static str, &'static [&'static str], &'static [&'static str], &'static str);

/// Platforms.
const PLATFORMS: &[Platform] = &[
    (
        "snapchat",
        "snap",
        &["snapchat", "sc", "Snap chat"],
        &["s n a p", "s.n.a.p", "S-N-A-P"],
        "👻",
    ),
    ("instagram", "insta", &["instagram", "ig", "IG"], &["i n s t a", "i.n.s.t.a"], "📸 insta"),
    (
        "tiktok",
        "tiktok",
        &["tik tok", "TikTok", "tt"],
        &["t i k t o k", "t.i.k.t.o.k"],
        "🎵 tiktok",
    ),
    ("telegram", "telegram", &["tg", "tlg", "télégram"], &["t e l e g r a m"], "✈️ telegram"),
];

const FIRST: &[&str] = &[
    "lea", "ines", "jade", "manon", "chloe", "sarah", "nina", "ambre", "lou", "zoe", "maeva",
    "kenza", "yasmine", "camille", "emma", "lina", "sofia", "alicia",
];
const SUFFIX: &[&str] = &["75", "93", "13", "du69", "off", "2009", "bb", "x", "06", "pv"];

const SEPS: &[&str] = &["_", ".", "", "__"];

const BEFORE: &[&str] = &["ajoute moi ", "", "dispo ", "écris moi en privé ", "viens ", "go "];
const AFTER: &[&str] = &["", " stp", " 😘", " pour plus", " !", " en privé"];

fn write(rng: &mut Rng, families: &[&'static str]) -> Case {
    let has = |f: &str| families.contains(&f);
    let &(platform, plain, variants, spaced, emoji) = rng.pick(PLATFORMS);
    // Telegram handles have no dot. In a sentence or after a bare line break, a handle without a
    // digit, dot or underscore is a word like any other (`mon snap c'est nul`): the generator
    // marks those (see docs/identifiers.md).
    let needs_mark = has("sentence") || has("line-break");
    let sep = loop {
        let s = *rng.pick(SEPS);
        if !((platform == "telegram" && s.contains('.')) || (needs_mark && s.is_empty())) {
            break s;
        }
    };
    let first = *rng.pick(FIRST);
    let suffix = *rng.pick(SUFFIX);
    let handle = format!("{first}{sep}{suffix}");
    let value = format!("{platform}:{handle}");
    let marker: String = if has("marker-variant") {
        (*rng.pick(variants)).to_owned()
    } else if has("marker-emoji") {
        emoji.to_owned()
    } else if has("marker-spaced") {
        (*rng.pick(spaced)).to_owned()
    } else if has("marker-case") {
        if rng.one_in(2) {
            plain.to_uppercase()
        } else {
            plain
                .chars()
                .enumerate()
                .map(|(i, c)| if i % 2 == 1 { c.to_ascii_uppercase() } else { c })
                .collect()
        }
    } else {
        plain.to_owned()
    };
    let written: String = if has("handle-case") {
        handle.to_uppercase()
    } else if has("handle-spoken") {
        let word = match sep {
            "_" => *rng.pick(&[" underscore ", " tiret du bas ", " tiret bas "]),
            "__" => " underscore underscore ",
            "." => *rng.pick(&[" point ", " dot "]),
            _ => "",
        };
        if word.is_empty() {
            // No punctuation to spell: the handle is spelled letter by letter.
            handle.chars().map(String::from).collect::<Vec<_>>().join(" ")
        } else {
            format!("{first}{word}{suffix}")
        }
    } else if has("handle-at") {
        format!("@{handle}")
    } else {
        handle.clone()
    };
    let ident = if has("sentence") {
        let intro = *rng.pick(&["c'est ", "c ", "cest ", "👉 ", ""]);
        format!("{marker} {intro}{written}")
    } else if has("pointer") {
        format!("{marker}{}{written}", rng.pick(&[" @", " ➡️ ", " 👉 ", " = ", " - ", ": @"]))
    } else if has("parentheses") {
        format!("{marker} ({written})")
    } else if has("line-break") {
        format!("{marker}{}{written}", rng.pick(&[" :\n", "\n", "👇\n"]))
    } else {
        format!("{marker}{}{written}", rng.pick(&[": ", " : ", ":"]))
    };
    let before = if has("sentence") {
        *rng.pick(&["mon ", "ajoute moi sur ", "mon compte ", "viens sur ", "je suis sur "])
    } else {
        *rng.pick(BEFORE)
    };
    super::case(IdentifierKind::Handle, before, &ident, *rng.pick(AFTER), value, families)
}
