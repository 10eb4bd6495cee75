//! Disguised e-mails and URLs: `@` and `.` in brackets or in words (`(at)`, `arobase`, `point`,
//! `dot`), spaced (`lea@me .com`), shouted, glued between emojis; URLs with or without a scheme,
//! with a path.

use vigie_model::IdentifierKind;

use super::{Case, Rng, Spec, always};

pub(crate) const EMAIL: Spec = Spec {
    kind: IdentifierKind::Email,
    families: &[
        // `(at)`, `[at]`, `(arobase)`.
        ("at-bracket", 0),
        // ` arobase `, ` at `.
        ("at-word", 0),
        // ` @ `.
        ("at-spaced", 0),
        // `(dot)`, `[point]`.
        ("dot-bracket", 1),
        // ` point `, ` dot `.
        ("dot-word", 1),
        // `lea@me .com`.
        ("dot-spaced", 1),
        // `LEA.MARTIN@GMAIL.COM`.
        ("upper", 2),
        // `👉lea@yahoo.fr👈`, `mail:lea@…`.
        ("glued", 3),
    ],
    compatible: always,
    write: write_email,
};

pub(crate) const URL: Spec = Spec {
    kind: IdentifierKind::Url,
    families: &[
        // `https://…`, `http://…`.
        ("scheme", 0),
        // `www.…`.
        ("www", 0),
        // ` point `, ` dot `.
        ("dot-word", 1),
        // `(dot)`, `[.]`.
        ("dot-bracket", 1),
        // `INES-OFFICIEL.FR`.
        ("upper", 2),
        // `…/book`.
        ("path", 3),
    ],
    compatible: always,
    write: write_url,
};

const LOCAL: &[&str] = &[
    "lea.martin",
    "ines_75",
    "jade2009",
    "manon.d",
    "chloe93",
    "sarah_b",
    "nina.pro",
    "kenza69",
    "camille.dupont",
    "lou13",
];
const PROVIDERS: &[&str] = &[
    "gmail.com",
    "hotmail.fr",
    "yahoo.fr",
    "outlook.fr",
    "laposte.net",
    "icloud.com",
    "orange.fr",
    "live.fr",
];
const SITES: &[&str] =
    &["ines-officiel", "monagenda", "jade75", "book-lea", "lea-photos", "manon-paris", "nina13"];
const TLDS: &[&str] = &["fr", "com", "net", "me"];

fn dot(rng: &mut Rng, families: &[&'static str]) -> &'static str {
    if families.contains(&"dot-bracket") {
        *rng.pick(&["(dot)", "[point]", " (point) ", "[.]"])
    } else if families.contains(&"dot-word") {
        *rng.pick(&[" point ", " dot "])
    } else if families.contains(&"dot-spaced") {
        *rng.pick(&[" .", " . "])
    } else {
        "."
    }
}

fn write_email(rng: &mut Rng, families: &[&'static str]) -> Case {
    let has = |f: &str| families.contains(&f);
    let local = *rng.pick(LOCAL);
    let provider = *rng.pick(PROVIDERS);
    let value = format!("{local}@{provider}");
    let at = if has("at-bracket") {
        *rng.pick(&["(at)", " (at) ", "[at]", "(arobase)", " [arobase] "])
    } else if has("at-word") {
        *rng.pick(&[" arobase ", " at "])
    } else if has("at-spaced") {
        " @ "
    } else {
        "@"
    };
    // Only the dot before the top-level domain is disguised: the local part keeps its own dots.
    let (name, tld) = provider.split_once('.').unwrap_or((provider, "com"));
    let mut ident = format!("{local}{at}{name}{}{tld}", dot(rng, families));
    if has("upper") {
        ident = ident.to_uppercase();
    }
    let (before, after) = if has("glued") {
        *rng.pick(&[("👉", "👈"), ("mail:", ""), ("📧", " "), ("(", ")")])
    } else {
        *rng.pick(&[("écris moi ", ""), ("mon mail ", " stp"), ("", ""), ("contact ", " !")])
    };
    super::case(IdentifierKind::Email, before, &ident, after, value, families)
}

fn write_url(rng: &mut Rng, families: &[&'static str]) -> Case {
    let has = |f: &str| families.contains(&f);
    let site = *rng.pick(SITES);
    let tld = *rng.pick(TLDS);
    let scheme = if has("scheme") { *rng.pick(&["https://", "http://"]) } else { "" };
    let www = has("www");
    let path =
        if has("path") { *rng.pick(&["/book", "/lea75", "/contact", "/agenda"]) } else { "" };
    let d = dot(rng, families);
    let host_written =
        if www { format!("www{d}{site}{d}{tld}") } else { format!("{site}{d}{tld}") };
    let host_value = if www { format!("www.{site}.{tld}") } else { format!("{site}.{tld}") };
    let value = format!("{scheme}{host_value}{path}");
    let mut ident = format!("{scheme}{host_written}{path}");
    if has("upper") {
        // The host shouted; the scheme and the path as typed.
        ident = format!("{scheme}{}{path}", host_written.to_uppercase());
    }
    let before = *rng.pick(&["mon site ", "tout est sur ", "infos: ", "", "va voir "]);
    let after = *rng.pick(&["", " !", " pour réserver", " 😉"]);
    super::case(IdentifierKind::Url, before, &ident, after, value, families)
}
